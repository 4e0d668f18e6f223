"""Keras 1 ``merge([...], mode=...)`` / ``Merge(mode=...)([...])`` / ``Merge([models])`` -> Keras 3.

Every mode (``legacy_keras.spec.modules.MERGE_MODES``): sum -> add, mul ->
multiply, ave -> average, max -> maximum, concat -> concatenate(axis=concat_axis),
dot -> dot(axes=dot_axes), a lambda or a function of the module ->
``Lambda(fn, output_shape)``; cos -> the inserted ``Keras1CosineMerge`` layer
(``migrate.helpers``: Keras 1's formula and its extra axis, which Keras 3's
``Dot(normalize=True)`` has neither of); a mode held by a variable (a string or a
function, known at run time only) -> the inserted ``keras1_merge_layer(mode, ...)``.

``Merge([model_a, model_b], mode=...)`` (models or layers merged, not tensors:
gone from Keras 3) becomes ``keras1_merge_models([model_a, model_b], Concatenate())``
wherever it is written: an inserted helper returning the functional Model from
the models' inputs (each once, in order, like Keras 1) to the merged outputs.
A Sequential that starts with it is rewritten into a functional Model by rule
``sequential_merge``.

``concat_axis=1`` of 2D convolution/pooling outputs (channels-first feature maps
joined) is a sign of code written for Keras 1's 'th' ordering: it is left in
``FileContext.th_concat_hint`` for rule ``layers``'s ``--image-dim-ordering th`` hint.
Which variables hold such outputs is followed in source order, and only in files
that import a 2D image layer.
"""
from __future__ import annotations

from typing import Any

import libcst as cst

from legacy_keras.spec import modules as spec
from migrate.cstutil import NOT_LITERAL, Slot, layer_class, literal, new_slot, rebuild_args, slots_of
from migrate.rules.base import Rule

DESCRIPTION = "Keras 1 merge()/Merge modes and Merge of models -> Keras 3 merge functions/layers"

_MERGE_LAYER_SIGNATURE = ("layers",) + spec.MERGE_SIGNATURE[1:]
#: the inserted helpers (``migrate.helpers``)
MERGE_MODELS = "keras1_merge_models"
COSINE = "Keras1CosineMerge"
RUNTIME = "keras1_merge_layer"
#: keywords ``keras1_merge_layer`` takes (the Keras 1 names)
_RUNTIME_KEYS = ("concat_axis", "dot_axes", "output_shape", "arguments")
#: Keras 1 layers whose output is a 4D image tensor (channels at axis 1 under 'th', 3 under 'tf')
_IMAGE_4D = frozenset({"Convolution2D", "AtrousConvolution2D", "SeparableConvolution2D", "Deconvolution2D",
                       "MaxPooling2D", "AveragePooling2D", "ZeroPadding2D", "UpSampling2D", "Cropping2D",
                       "LocallyConnected2D"})
#: layers that keep their input's shape (an image stays an image)
_SAME_SHAPE = frozenset({"Activation", "BatchNormalization", "Dropout", "SpatialDropout2D", "LeakyReLU",
                         "PReLU", "ELU", "ThresholdedReLU", "GaussianNoise", "GaussianDropout"})


def merge_mode_call(mode: str, bound: dict[str, Slot]) -> tuple[str, list[Slot]]:
    """Keras 3 merge function for a literal Keras 1 mode (not 'cos'), and its keyword slots."""
    func = spec.MERGE_MODES[mode][0]
    extra: list[Slot] = []
    if mode == "concat" and "concat_axis" in bound:
        extra.append(new_slot("axis", bound["concat_axis"].value))
    if mode == "dot":
        axes = bound["dot_axes"].value if "dot_axes" in bound else cst.UnaryOperation(
            cst.Minus(), cst.Integer("1"))
        extra.append(new_slot("axes", axes))
    return func, extra


def cosine_layer(ctx: Any, bound: dict[str, Slot], name_slots: list[Slot]) -> cst.Call:
    """``Keras1CosineMerge(axes=dot_axes, name=...)``: Keras 1's exact mode 'cos'."""
    ctx.helpers.add(COSINE)
    axes = [new_slot("axes", bound["dot_axes"].value)] if "dot_axes" in bound else []
    return rebuild_args(cst.Call(func=cst.Name(COSINE)), axes + name_slots)


def runtime_layer(ctx: Any, bound: dict[str, Slot], name_slots: list[Slot]) -> cst.Call:
    """``keras1_merge_layer(mode, concat_axis=..., ...)``: a mode held by a variable, which may be
    a string or a function; the inserted helper picks the Keras 3 layer at run time."""
    ctx.helpers.update((RUNTIME, COSINE))
    slots = [Slot(None, bound["mode"].value)] + [new_slot(key, bound[key].value) for key in _RUNTIME_KEYS
                                                 if key in bound]
    return rebuild_args(cst.Call(func=cst.Name(RUNTIME)), slots + name_slots)


def lambda_layer(ctx: Any, bound: dict[str, Slot], name_slots: list[Slot]) -> cst.Call:
    """``Lambda(mode_fn, output_shape=..., arguments=..., name=...)`` for a callable mode."""
    ctx.import_adds.add(("keras.layers", "Lambda"))
    lam_args = [Slot(None, bound["mode"].value)]
    lam_args += [new_slot(key, bound[key].value) for key in ("output_shape", "arguments")
                 if key in bound]
    return rebuild_args(cst.Call(func=cst.Name("Lambda")), lam_args + name_slots)


def _may_use_image_layers(names: dict[str, str]) -> bool:
    """The file imports a 2D image layer, or a module it could reach one through (``layers.X``)."""
    for qualname in names.values():
        last = qualname.rsplit(".", 1)[-1]
        if last in _IMAGE_4D or qualname in ("keras", "keras.layers") or \
                qualname.startswith(("keras.layers.convolutional", "keras.layers.pooling", "keras.layers.local")):
            return True
    return False


class Merge(Rule):
    name = "merge"
    DESCRIPTION = DESCRIPTION

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self._functions: set[str] | None = None
        #: variables holding a 4D image tensor (``x = Convolution2D(...)(x)``) or a Sequential whose
        #: last ``add()`` was an image layer, in source order ('tf' runs only: the 'th' evidence)
        self._images: set[str] = set()
        self._track_images = ctx.options.image_dim_ordering == "tf" and _may_use_image_layers(ctx.bindings.names)

    def _is_image(self, node: cst.BaseExpression) -> bool:
        """``node`` (original) is a 4D image tensor or model: ``Convolution2D(...)(x)``,
        ``Activation('relu')(conv)``, a variable holding one."""
        if type(node) is cst.Name:
            return node.value in self._images
        if type(node) is cst.Call and type(node.func) is cst.Call:
            cls = layer_class(self.qualname(node.func.func))
            if cls in _IMAGE_4D:
                return True
            return cls in _SAME_SHAPE and bool(node.args) and self._is_image(node.args[0].value)
        return False

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        if self._track_images:
            image = self._is_image(original.value)
            for target in original.targets:
                if type(target.target) is cst.Name:
                    (self._images.add if image else self._images.discard)(target.target.value)
        return updated

    def _track_add(self, call: cst.Call) -> None:
        """``model.add(Convolution2D(...))``: the Sequential's output is an image (until a Flatten...)."""
        model = call.func.value  # type: ignore[attr-defined]
        if type(model) is not cst.Name or len(call.args) != 1 or type(call.args[0].value) is not cst.Call:
            return
        cls = layer_class(self.qualname(call.args[0].value.func))
        if cls in _IMAGE_4D:
            self._images.add(model.value)
        elif cls not in _SAME_SHAPE:
            self._images.discard(model.value)

    def _is_function(self, node: cst.BaseExpression) -> bool:
        """A lambda, or a name the module defines with ``def`` (read once, on the first need)."""
        if type(node) is cst.Lambda:
            return True
        if type(node) is not cst.Name:
            return False
        if self._functions is None:
            self._functions = {stmt.name.value for stmt in self.ctx.module.body
                               if type(stmt) is cst.FunctionDef}
        return node.value in self._functions

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if self._track_images and type(original.func) is cst.Attribute and original.func.attr.value == "add":
            self._track_add(original)
            return updated
        if type(original.func) is cst.Call:  # Merge(mode='concat', concat_axis=1)([a, b])
            if self._track_images and self.ctx.th_concat_hint is None and original.args:
                inner = self.qualname(original.func.func)
                if inner and inner.rsplit(".", 1)[-1] == "Merge":
                    self._th_evidence(original.func, _MERGE_LAYER_SIGNATURE, original.args[0].value)
            return updated
        qual = self.qualname(original.func)
        if not qual:
            return updated
        last = qual.rsplit(".", 1)[-1]
        if last == "merge":
            new = self._function(original, updated)
            if new is not None:
                self.change(original, new)
                return new
            return updated
        if last == "Merge":
            slots = slots_of(updated)
            layers_arg = slots[0] if slots and slots[0].keyword is None else next(
                (s for s in slots if s.keyword == "layers"), None)
            if layers_arg is not None and literal(layers_arg.value) is not None:
                new = self._models(original, updated)
                if new is not None:
                    self.ctx.merge_layer_lines[id(new)] = self.ctx.line_of(original)
            else:  # Merge(mode=...): a layer, called on a list of tensors
                new = self._layer(original, updated)
            if new is not None:
                self.change(original, new)
                return new
        return updated

    def _bind(self, slots: list[Slot], signature: tuple[str, ...]) -> dict[str, Slot] | None:
        bound: dict[str, Slot] = {}
        for name, slot in zip(signature, [s for s in slots if s.keyword is None]):
            bound[name] = slot
        for slot in slots:
            if slot.star:
                return None
            if slot.keyword is not None:
                if slot.keyword not in signature:
                    return None
                bound[slot.keyword] = slot
        return bound

    def _th_evidence(self, original: cst.Call, signature: tuple[str, ...],
                     merged: cst.BaseExpression | None = None) -> None:
        """``concat_axis=1`` on image tensors: channels concatenated the 'th' way (rule layers
        reports it if no stronger sign came first).  On flattened or Dense features axis 1 is
        the last axis in either ordering: no evidence.  ``original``: the merge()/Merge() call;
        ``merged``: what a ``Merge(mode='concat', concat_axis=1)`` layer is called on."""
        if not self._track_images or self.ctx.th_concat_hint is not None:
            return
        bound = self._bind(slots_of(original), signature)
        if not bound or "concat_axis" not in bound or literal(bound["concat_axis"].value) != 1:
            return
        if merged is None:
            slot = bound.get("inputs") or bound.get("layers")
            merged = slot.value if slot is not None else None
        if isinstance(merged, (cst.List, cst.Tuple)):
            items = [e.value for e in merged.elements if type(e) is cst.Element]
        elif isinstance(merged, (cst.ListComp, cst.GeneratorExp)):
            items = [merged.elt]
        else:
            items = []
        if any(self._is_image(item) for item in items):
            what = "merge" if signature is spec.MERGE_SIGNATURE else "Merge"
            self.ctx.th_concat_hint = (self.ctx.line_of(original), f"{what}(concat_axis=1)")

    def _mode_parts(self, original: cst.Call, bound: dict[str, Slot]) -> tuple[str, list[Slot]] | None:
        """Keras 3 function name ('Lambda', 'Keras1CosineMerge' or a merge function) and its
        keyword slots, or None when not convertible (reported)."""
        mode_slot = bound.get("mode")
        mode = "sum" if mode_slot is None else literal(mode_slot.value)
        extra: list[Slot] = []
        if mode is NOT_LITERAL:
            if "output_mask" in bound:
                self.warn(original, "merge output_mask of a callable mode is not converted: Keras 3 "
                                    "Lambda takes mask=fn(inputs, mask); set it by hand")
            # a lambda or a def of this module is a function; any other value (a variable, MODES[i])
            # may be a string or a function: keras1_merge_layer decides at run time
            return ("Lambda" if self._is_function(mode_slot.value) else RUNTIME), extra  # type: ignore[union-attr]
        if mode not in spec.MERGE_MODES:
            self.warn(original, f"unknown merge mode {mode!r}")
            return None
        if "output_mask" in bound or "arguments" in bound:
            self.warn(original, "merge output_mask/arguments apply only to callable modes; check by hand")
        if mode == "cos":
            return COSINE, extra
        return merge_mode_call(mode, bound)

    def _function(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
        bound = self._bind(slots_of(updated), spec.MERGE_SIGNATURE)
        if bound is None or "inputs" not in bound:
            self.warn(original, "merge(...) call not understood; convert by hand")
            return None
        self._th_evidence(original, spec.MERGE_SIGNATURE)
        parts = self._mode_parts(original, bound)
        if parts is None:
            return None
        func, extra = parts
        local = original.func.value if type(original.func) is cst.Name else ""
        name_slots = [new_slot("name", bound["name"].value)] if "name" in bound else []
        if func in ("Lambda", COSINE, RUNTIME):
            layer = {"Lambda": lambda_layer, COSINE: cosine_layer, RUNTIME: runtime_layer}[func](
                self.ctx, bound, name_slots)
            self.ctx.rewritten(local)
            return cst.Call(func=layer, args=[cst.Arg(bound["inputs"].value)])
        self.ctx.import_adds.add(("keras.layers", func))
        self.ctx.rewritten(local)
        inputs = Slot(None, bound["inputs"].value, bound["inputs"].arg)
        return rebuild_args(updated.with_changes(func=cst.Name(func)), [inputs, *extra, *name_slots])

    def _layer_call(self, original: cst.Call, bound: dict[str, Slot]) -> cst.Call | None:
        """The Keras 3 layer doing what ``Merge(mode=...)`` did (``Concatenate(axis=1)``...)."""
        parts = self._mode_parts(original, bound)
        if parts is None:
            return None
        func, extra = parts
        name_slots = [new_slot("name", bound["name"].value)] if "name" in bound else []
        if func == "Lambda":
            return lambda_layer(self.ctx, bound, name_slots)
        if func == COSINE:
            return cosine_layer(self.ctx, bound, name_slots)
        if func == RUNTIME:
            return runtime_layer(self.ctx, bound, name_slots)
        klass = dict(spec.MERGE_MODES.values())[func]
        self.ctx.import_adds.add(("keras.layers", klass))
        return rebuild_args(cst.Call(func=cst.Name(klass)), [*extra, *name_slots])

    def _layer(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
        bound = self._bind(slots_of(updated), _MERGE_LAYER_SIGNATURE)
        if bound is None:
            self.warn(original, "Merge(...) layer arguments not understood; convert by hand")
            return None
        self._th_evidence(original, _MERGE_LAYER_SIGNATURE)
        layer = self._layer_call(original, bound)
        if layer is not None:
            self.ctx.rewritten(original.func.value if type(original.func) is cst.Name else "")
        return layer

    def _models(self, original: cst.Call, updated: cst.Call) -> cst.Call | None:
        """``Merge([model_a, model_b], mode=...)`` -> ``keras1_merge_models([model_a, model_b], Layer())``."""
        bound = self._bind(slots_of(updated), _MERGE_LAYER_SIGNATURE)
        if bound is None:
            self.warn(original, "Merge([...]) of models with arguments not understood (node_indices, "
                                "tensor_indices, **kwargs): merge the models' outputs by hand "
                                "(Model(inputs, concatenate([a.outputs[0], b.outputs[0]])))")
            return None
        self._th_evidence(original, _MERGE_LAYER_SIGNATURE)
        layer = self._layer_call(original, bound)
        if layer is None:
            return None
        self.ctx.helpers.add(MERGE_MODELS)
        self.ctx.rewritten(original.func.value if type(original.func) is cst.Name else "")
        return cst.Call(func=cst.Name(MERGE_MODELS), args=[
            cst.Arg(bound["layers"].value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            cst.Arg(layer)])
