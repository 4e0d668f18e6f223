"""Keras 1 layer constructors -> Keras 3 constructors that compute the same thing.

Data-driven from ``legacy_keras.spec.layers``: positionals are bound with the
Keras 1 signature (``Convolution2D(32, 3, 3)`` -> ``Conv2D(32, (3, 3))``),
keywords renamed (``border_mode`` -> ``padding``, ``init`` ->
``kernel_initializer`` ...), values converted (``dim_ordering='th'`` ->
``data_format='channels_first'``, ZeroPadding2D 4-tuples nested), input
keywords folded into ``input_shape`` and Keras 1 numerics written out where
Keras 3's default differs (LSTM/GRU/ConvLSTM2D Keras 1 ``hard_sigmoid``,
GRU ``reset_after=False``).

A call that does not bind as a Keras 1 call (a required Keras 1 argument
missing, or a keyword Keras 1 did not know) is taken to be Keras 2/3 code
already and left alone: that is also what makes the rule idempotent.
"""
from __future__ import annotations

import libcst as cst

from legacy_keras.spec import layers as spec
from legacy_keras.spec import training as spec_training
from migrate.cstutil import (NOT_LITERAL, Slot, in_table, layer_class, literal, new_slot,
                             rebuild_args, slots_changed, slots_of, to_node, tuple_of)
from migrate.context import dotted
from migrate.rules.base import Rule
from migrate.rules.imports import INITIALIZER_HELPERS, INITIALIZER_RENAMES


def _channels_first_image(shape: tuple) -> bool:
    """A (channels, rows, cols) image shape: square with fewer or more channels than pixels a
    side, 1 or 3 channels first, or ``(3, None, None)`` (any size, channels first)."""
    if all(isinstance(v, int) for v in shape):
        return shape[0] not in (shape[1], shape[2]) and shape[1] == shape[2] and shape[2] > 4 \
            and (shape[0] in (1, 3) or shape[0] > shape[2])
    return shape[0] in (1, 3) and shape[1] is None and shape[2] is None


def _func_length(call: cst.Call) -> int:
    return len(dotted(call.func) or "")


def _realign(original: cst.Call, new: cst.Call) -> cst.Call:
    """Continuation lines aligned under the opening parenthesis move with it when the callee's
    name got shorter or longer (``Convolution2D(a,\n              b)`` -> ``Conv2D(a,\n       b)``).
    Hanging indents (the first argument on its own line) are left alone."""
    shift = _func_length(new) - _func_length(original)
    if shift == 0 or isinstance(new.whitespace_before_args, cst.ParenthesizedWhitespace) or \
            dotted(new.func) is None:
        return new
    args = []
    changed = False
    for arg in new.args:
        comma = arg.comma
        if isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
            ws = comma.whitespace_after
            width = len(ws.last_line.value) + shift
            if width > 0 and ws.last_line.value.strip() == "":
                arg = arg.with_changes(comma=comma.with_changes(whitespace_after=ws.with_changes(
                    last_line=cst.SimpleWhitespace(" " * width))))
                changed = True
        args.append(arg)
    return new.with_changes(args=args) if changed else new


def _numpy_expression(node: cst.BaseExpression) -> bool:
    """Whether ``node`` computes with a numpy call (``np.max(y) + 1``, ``y.shape[1]`` is not)."""
    if type(node) is cst.Call:
        name = dotted(node.func) or ""
        if name.startswith(("np.", "numpy.")):
            return True
        return False
    if type(node) is cst.BinaryOperation:
        return _numpy_expression(node.left) or _numpy_expression(node.right)
    return False


def _true_division(node: cst.BaseExpression) -> bool:
    """``hidden_dim / 4``: an integer in Python 2, where Keras 1 code of 2015-2017 ran (floor
    division), a float in Python 3, which Keras 3 refuses as a size (so did Keras 1 on Python 3);
    ``int()`` gives Python 2's value for the positive sizes a layer takes."""
    if type(node) is cst.BinaryOperation:
        return type(node.operator) is cst.Divide or _true_division(node.left) or _true_division(node.right)
    return False

DESCRIPTION = "Keras 1 layer classes, positional order, keywords and defaults -> Keras 3"

HARD_SIGMOID = "keras1_hard_sigmoid"
#: the inserted adapter of an ``init=`` value known only at run time (``migrate.helpers``)
INITIALIZER_ADAPTER = "keras1_initializer"
#: local names the imports rule gives Keras initializers (``normal`` -> ``random_normal``)
_KERAS_INITIALIZER_LOCALS = frozenset({*INITIALIZER_RENAMES.values(), *INITIALIZER_HELPERS.values()})
_ACTIVATION_KWARGS = ("activation", "inner_activation")


#: Keras 1 layers whose meaning depends on image_dim_ordering (2D images).
_IMAGE_2D = frozenset({"Convolution2D", "Conv2D", "AtrousConvolution2D", "SeparableConvolution2D",
                       "Deconvolution2D", "MaxPooling2D", "AveragePooling2D", "ZeroPadding2D",
                       "UpSampling2D", "Cropping2D", "GlobalMaxPooling2D", "GlobalAveragePooling2D",
                       "LocallyConnected2D"})

#: Keras 1 size arguments Keras 3 checks to be a Python int (a numpy integer is refused).
_SIZE_ARGS = frozenset({"output_dim", "nb_filter", "input_dim"})


class Layers(Rule):
    name = "layers"
    DESCRIPTION = DESCRIPTION

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        #: variables assigned from a numpy expression (``n = np.max(y) + 1``): numpy integers
        self._numpy_values: set[str] = set()
        self._top_level_numpy: set[str] | None = None
        self._strings: dict[str, str] | None = None
        #: inserted helper class replacing the layer class of the call being converted
        self._helper_class: str | None = None
        #: (line, what) of the first sign that the file was written for 'th' ordering
        self._th_hint: tuple[int, str] | None = None
        self._has_image_layers = False

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and type(node.targets[0].target) is cst.Name and \
                _numpy_expression(node.value):
            self._numpy_values.add(node.targets[0].target.value)

    def _top_level_strings(self) -> dict[str, str]:
        """Module-level names assigned a string literal exactly once (``init = 'he_normal'``)."""
        if self._strings is None:
            seen: dict[str, object] = {}
            for stmt in self.ctx.module.body:
                if type(stmt) is not cst.SimpleStatementLine:
                    continue
                for small in stmt.body:
                    if isinstance(small, (cst.Assign, cst.AugAssign, cst.AnnAssign)):
                        targets = [t.target for t in small.targets] if type(small) is cst.Assign \
                            else [small.target]
                        for target in targets:
                            if type(target) is cst.Name:
                                value = literal(small.value) if type(small) is cst.Assign else None
                                seen[target.value] = value if target.value not in seen else None
            self._strings = {k: v for k, v in seen.items() if isinstance(v, str)}
        return self._strings

    def _is_numpy(self, node: cst.BaseExpression) -> bool:
        if type(node) is cst.Name:
            if node.value in self._numpy_values:
                return True
            if self._top_level_numpy is None:  # statements without Keras names are not walked
                self._top_level_numpy = {
                    small.targets[0].target.value for stmt in self.ctx.module.body
                    if type(stmt) is cst.SimpleStatementLine for small in stmt.body
                    if type(small) is cst.Assign and len(small.targets) == 1
                    and type(small.targets[0].target) is cst.Name and _numpy_expression(small.value)}
            return node.value in self._top_level_numpy
        return _numpy_expression(node)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if type(updated.func) is cst.Call and self.ctx.batch_shape_pending:
            updated = self._drop_batch_shape_of_called_layer(updated)
        cls = layer_class(self.qualname(original.func))
        if cls is None or cls in ("Merge",):
            return updated
        updated = self._expand_dict_kwargs(updated)
        slots = slots_of(updated)
        params_all = spec.positional_names(cls)
        for i, slot in enumerate(slots):
            name = params_all[i] if slot.keyword is None and i < len(params_all) else slot.keyword
            if name in _SIZE_ARGS and not slot.star and (self._is_numpy(slot.value) or _true_division(slot.value)):
                slot.value = cst.Call(func=cst.Name("int"), args=[cst.Arg(slot.value)])
        if any(s.value is not a.value for s, a in zip(slots, updated.args)):
            updated = rebuild_args(updated, slots)
            slots = slots_of(updated)
        if any(s.star for s in slots):
            return updated
        params = spec.positional_names(cls)
        positional = [s for s in slots if s.keyword is None]
        keywords = [s for s in slots if s.keyword is not None]
        if len(positional) > len(params):
            self.warn(original, f"{cls}: more positional arguments than Keras 1 accepted; left unchanged")
            return updated
        known = spec.keras1_keywords(cls)
        if any(s.keyword not in known for s in keywords):
            return updated  # Keras 2/3 call already (or unknown keyword): leave it
        bound: dict[str, Slot] = {}
        for name, slot in zip(params, positional):
            bound[name] = slot
        for slot in keywords:
            bound[slot.keyword] = slot  # type: ignore[index]
        required = [n for n, d in spec.SIGNATURES[cls][1] if d is spec.REQUIRED]
        if any(n not in bound for n in required):
            return updated  # not a complete Keras 1 call: Keras 2/3 style
        keep = spec.SHARED_LEADING_POSITIONALS.get(cls, 1)
        positional_names = set(params[:len(positional)])
        self._helper_class = None
        self._th_evidence(original, cls, bound)
        out = self._convert(original, cls, params, bound, positional_names, keep)
        if out is None:
            return updated
        for slot in out:
            if slot.keyword == "input_shape":
                self.ctx.input_shapes.add(id(slot.value))
        if self._helper_class is not None:
            # a Keras 1 behaviour Keras 3's class lost, kept by an inserted subclass
            self.ctx.helpers.add(self._helper_class)
            if type(updated.func) is cst.Name:
                self.ctx.rewritten(updated.func.value)
            new = rebuild_args(updated.with_changes(func=cst.Name(self._helper_class)), out)
            self.change(original, new)
            return new
        if not slots_changed(updated, out) and _func_length(updated) == _func_length(original):
            return updated
        new = _realign(original, rebuild_args(updated, out))
        self.change(original, new)
        return new

    def _drop_batch_shape_of_called_layer(self, call: cst.Call) -> cst.Call:
        """``Convolution2D(..., batch_input_shape=(b, 64, 64, 3))(X)``: a layer called on a tensor
        takes its input from it, Keras 1 ignored the shape (only a model's first layer made an
        input of it); Keras 3 rejects the keyword, so it goes (nothing is left to report)."""
        layer = call.func
        slots = slots_of(layer)  # type: ignore[arg-type]
        shapes = [s for s in slots if s.keyword == "batch_input_shape" and id(s.value) in self.ctx.batch_shape_pending]
        if not shapes:
            return call
        for shape in shapes:
            del self.ctx.batch_shape_pending[id(shape.value)]
        new_layer = rebuild_args(layer, [s for s in slots if all(s is not shape for shape in shapes)])  # type: ignore[arg-type]
        new = call.with_changes(func=new_layer)
        self.change(call, new)
        return new

    def _th_evidence(self, original: cst.Call, cls: str, bound: dict[str, Slot]) -> None:
        """Remember a hint that the file was written for image_dim_ordering 'th' (default 'tf' run):
        a channels-first image shape (``(1, 28, 28)``, ``Reshape((128, 7, 7))``) or
        ``concat_axis=1``; reported once, at the end, if the file has 2D image layers."""
        if self.ctx.options.image_dim_ordering != "tf" or "dim_ordering" in bound:
            return  # an explicit dim_ordering is converted exactly
        if cls in _IMAGE_2D:
            self._has_image_layers = True
        if self._th_hint is not None:
            return
        for key in ("input_shape", "batch_input_shape", "target_shape", "dims"):
            if key not in bound:
                continue
            shape = literal(bound[key].value)
            if not isinstance(shape, tuple):
                continue
            if key == "batch_input_shape":
                shape = shape[1:]
            if len(shape) == 3 and _channels_first_image(shape):
                self._th_hint = (self.ctx.line_of(original), f"{cls}({key}={shape})")

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        hint = self._th_hint or self.ctx.th_concat_hint  # concat_axis=1: rule merge
        if hint is not None and self._has_image_layers:
            line, what = hint
            self.warn(line, f"{what} looks like Theano ('th', channels-first) ordering, but this run assumes "
                            f"'tf': if the code was written for 'th', run legacy-migrate --image-dim-ordering th")
        return updated

    def _expand_dict_kwargs(self, call: cst.Call) -> cst.Call:
        """``Layer(**dict(output_dim=8, dropout_W=0.2))`` -> ``Layer(output_dim=8, dropout_W=0.2)``
        (then converted like any keywords); also ``**{'output_dim': 8}``."""
        if not any(a.star == "**" for a in call.args):
            return call
        args: list[cst.Arg] = []
        for arg in call.args:
            value = arg.value
            if arg.star == "**" and type(value) is cst.Call and dotted(value.func) == "dict" and \
                    value.args and all(a.keyword is not None and not a.star for a in value.args):
                args += [cst.Arg(a.value, keyword=a.keyword, equal=a.equal) for a in value.args]
            elif arg.star == "**" and type(value) is cst.Dict and value.elements and all(
                    type(e) is cst.DictElement and isinstance(literal(e.key), str)
                    and literal(e.key).isidentifier() for e in value.elements):
                args += [cst.Arg(e.value, keyword=cst.Name(literal(e.key)),  # type: ignore[union-attr]
                                 equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))
                         for e in value.elements]
            else:
                args.append(arg)
        if len(args) == len(call.args) and all(a is b for a, b in zip(args, call.args)):
            return call
        return rebuild_args(call, [Slot(a.keyword.value if a.keyword else None, a.value, a if a in call.args else None)
                                   for a in args])

    # ------------------------------------------------------------------------
    def _convert(self, original: cst.Call, cls: str, params: tuple[str, ...], bound: dict[str, Slot],
                 positional_names: set[str], keep: int) -> list[Slot] | None:
        out: list[Slot] = []
        done: set[str] = set()
        order = list(bound)  # the user's order
        leading = list(params[:keep])
        for name in order:
            if name in done:
                continue
            slot = bound[name]
            value = slot.value
            # tuples folded from separate integers (nb_row, nb_col -> kernel_size)
            folded = False
            for group, target in spec.TUPLE_ARGS.items():
                if name in group and name in params:
                    if all(g in bound for g in group):
                        node = tuple_of([bound[g].value for g in group])
                        as_positional = all(g in positional_names for g in group) and \
                            all(p in positional_names for p in params[:params.index(group[0])]) and \
                            all(s.keyword is None for s in out)
                        out.append(Slot(None if as_positional else target, node, slot.arg))
                        done.update(group)
                        folded = True
                    break
            if folded:
                continue
            done.add(name)
            is_leading = name in positional_names and name in leading and all(s.keyword is None for s in out)
            handled = self._special(original, cls, name, slot, bound, out)
            if handled is not None:
                out.extend(handled)
                continue
            new_name = spec.keras3_kwarg(cls, name)
            value = self._convert_value(original, cls, name, value)
            if value is None:
                continue
            out.append(Slot(None if is_leading else new_name, value, slot.arg))
            if cls in ("SeparableConvolution2D", "SeparableConv2D") and name == "init":
                out.append(new_slot("pointwise_initializer", value))
        if "dim_ordering" in params and "dim_ordering" not in bound and \
                self.ctx.options.image_dim_ordering == "th":
            out.append(new_slot("data_format", to_node("channels_first")))
        # Keras 1 numerics Keras 3 changed: say them explicitly
        explicit = spec.KERAS1_EXPLICIT_DEFAULTS.get(cls, {})
        if "recurrent_activation" in explicit and "inner_activation" not in bound:
            out.append(new_slot("recurrent_activation", self._hard_sigmoid()))
        if "reset_after" in explicit:
            out.append(new_slot("reset_after", cst.Name("False")))
        return out

    def _hard_sigmoid(self) -> cst.BaseExpression:
        self.ctx.helpers.add(HARD_SIGMOID)
        return cst.Name(HARD_SIGMOID)

    def _convert_value(self, original: cst.Call, cls: str, name: str,
                       value: cst.BaseExpression) -> cst.BaseExpression | None:
        lit = literal(value)
        if name in _ACTIVATION_KWARGS or (cls == "Activation" and name == "activation"):
            if lit in spec.CHANGED_ACTIVATIONS:
                return self._hard_sigmoid()
            return value
        if name in spec.VALUE_MAPS:
            mapping = spec.VALUE_MAPS[name]
            if lit is NOT_LITERAL:
                self.warn(original, f"{cls}: {name} is computed at run time; convert its Keras 1 value "
                                    f"by hand ({mapping})")
                return value
            if not in_table(lit, mapping):
                self.warn(original, f"{cls}: {name}={lit!r} has no Keras 3 equivalent")
                return value
            new = mapping[lit]
            if name == "dim_ordering" and lit == "default":
                new = mapping[self.ctx.options.image_dim_ordering]
            if new is None or new == "channels_last":
                return None if lit == "default" else to_node(new, value)
            return to_node(new, value)
        if in_table((name, lit), spec.UNSUPPORTED_VALUES):
            self.warn(original, f"{cls}: {spec.UNSUPPORTED_VALUES[(name, lit)]}")
            return value
        if name.endswith("init") and type(value) is cst.Name:
            held = self._top_level_strings().get(value.value)
            if held in spec.KERAS1_INITIALIZER_EXPLICIT:
                lit = held  # a module constant holding 'he_normal': Keras 3's is truncated, same fix
        if name.endswith("init") and isinstance(lit, str):
            if lit in spec.KERAS1_INITIALIZER_EXPLICIT:
                # the Keras 1 form, spelled once per file (migrate.helpers: keras1_glorot_normal() ...)
                self.ctx.helpers.add(f"keras1_{lit}")
                return cst.Call(func=cst.Name(f"keras1_{lit}"))
            if lit in spec_training.INITIALIZER_NAMES:
                return to_node(spec_training.INITIALIZER_NAMES[lit], value)
        if name.endswith("init") and lit is NOT_LITERAL and self._run_time_initializer(value):
            # Keras 1 took a name or a function fn(shape, name=None) -> variable; Keras 3 calls
            # initializer(shape, dtype=): the inserted adapter takes either, with Keras 1 meanings
            self.ctx.helpers.add(INITIALIZER_ADAPTER)
            return cst.Call(func=cst.Name(INITIALIZER_ADAPTER), args=[cst.Arg(value)])
        return value

    def _run_time_initializer(self, value: cst.BaseExpression) -> bool:
        """An ``init=`` value known only at run time: a parameter, a user's function, a lambda,
        a ``partial(...)`` -- not a Keras name (rewritten by the imports rule) nor a module
        constant holding a string (handled above)."""
        if type(value) is cst.Lambda:
            return True
        head = dotted(value.func) if type(value) is cst.Call else dotted(value)  # type: ignore[attr-defined]
        root = (head or "").split(".")[0]
        if root in self.ctx.bindings.names or root == "keras" or root.startswith(("keras1_", "Keras1")) \
                or root in _KERAS_INITIALIZER_LOCALS:
            return False
        if type(value) is cst.Name and value.value in self._top_level_strings():
            return False
        return type(value) in (cst.Name, cst.Attribute, cst.Call, cst.Subscript)

    def _special(self, original: cst.Call, cls: str, name: str, slot: Slot, bound: dict[str, Slot],
                 out: list[Slot]) -> list[Slot] | None:
        """Arguments whose conversion is more than a rename; None when not special."""
        value = slot.value
        lit = literal(value)
        if name == "input_dim":
            if cls in spec.INPUT_LENGTH_ONLY_LAYERS:
                return None  # Embedding: vocabulary size, a real argument
            if cls in spec.SEQUENCE_INPUT_LAYERS:
                length = bound["input_length"].value if "input_length" in bound else cst.Name("None")
                return [Slot("input_shape", tuple_of([length, value]), slot.arg)]
            return [Slot("input_shape", tuple_of([value]), slot.arg)]
        if name == "input_length":
            if cls in spec.INPUT_LENGTH_ONLY_LAYERS:
                if "input_shape" in bound or "batch_input_shape" in bound:
                    return []
                return [Slot("input_shape", tuple_of([value]), slot.arg)]
            if "input_dim" in bound:
                return []  # folded into input_shape above
            self.warn(original, f"{cls}: input_length without input_dim; give input_shape=(length, dim)")
            return [slot]
        if name == "batch_input_shape":
            if isinstance(value, (cst.Tuple, cst.List)) and value.elements and \
                    literal(value.elements[0].value) is None:
                rest = [e.value for e in value.elements[1:]]
                return [Slot("input_shape", tuple_of(rest), slot.arg)]
            # `model.add(Layer(batch_input_shape=...))` becomes `model.add(keras.Input(batch_shape=...))`
            # first (rule sequential_merge, block level); anything else is reported there.
            self.ctx.batch_shape_pending[id(value)] = (
                self.ctx.line_of(original),
                f"{cls}: batch_input_shape with a fixed batch size: start the model with "
                f"keras.Input(batch_shape=...) (Keras 3 layers reject batch_input_shape)")
            return [slot]
        if name == "input_dtype":
            self.warn(original, f"{cls}: input_dtype is gone: give the dtype to keras.Input(dtype=...)")
            return [slot]
        if name == "weights":
            if cls in ("Embedding", "Bidirectional"):
                return [slot]
            self.warn(original, f"{cls}: weights= is rejected by Keras 3: build the model, then "
                                f"layer.set_weights(...) in Keras 3 layout")
            return [slot]
        if name == "output_shape" and cls in ("Deconvolution2D", "Deconv2D"):
            try:
                padding = self._output_padding(bound)
            except ValueError as error:
                self.warn(original, f"{cls}: {error}")
                return []
            if padding is not False:
                return [] if padding is None else [Slot("output_padding", to_node(padding), slot.arg)]
            self.warn(original, f"{cls}: output_shape is gone in Keras 3; if the output is larger than "
                                f"(n-1)*stride+kernel ('valid') / n*stride ('same'), pass output_padding")
            return []
        if name == "padding" and cls == "ZeroPadding2D":
            if isinstance(lit, tuple) and len(lit) == 4 and all(isinstance(v, int) for v in lit):
                t, b, left, r = lit
                return [Slot(None if slot.keyword is None else "padding", to_node(((t, b), (left, r))),
                             slot.arg)]
            if isinstance(lit, dict):
                keys = ("top_pad", "bottom_pad", "left_pad", "right_pad")
                v = [lit.get(k, 0) for k in keys]
                return [Slot("padding", to_node(((v[0], v[1]), (v[2], v[3]))), slot.arg)]
            return None
        if name == "padding" and cls == "ZeroPadding1D" and isinstance(lit, dict):
            return [Slot("padding", to_node((lit.get("left_pad", 0), lit.get("right_pad", 0))), slot.arg)]
        if name == "mode" and cls == "BatchNormalization":
            if lit == 0:
                return []
            if lit in (1, 2) or lit is NOT_LITERAL:  # a computed mode: the helper decides at run time
                self._helper_class = "Keras1BatchNormalization"
                return [Slot("mode", value, slot.arg)]
            self.warn(original, f"BatchNormalization(mode={lit!r}): not a Keras 1 mode 0/1/2; "
                                f"mode 2 = batch statistics always, mode 1 = per-sample: run under legacy-run")
            return [slot]
        if name == "dropout" and cls == "Embedding":
            if lit == 0 or lit == 0.0:
                return []
            self._helper_class = "Keras1Embedding"  # drops whole vocabulary rows in training
            return [Slot("dropout", value, slot.arg)]
        if name == "consume_less":
            return []  # Keras 3 ignores `implementation`; the math is the same
        if name == "transform_bias" and cls == "Highway":
            return []
        return None

    def _output_padding(self, bound: dict[str, Slot]) -> tuple[int, int] | None | bool:
        """Keras 3 output_padding from Keras 1 output_shape (``spec.deconv2d_output_padding``).

        ``None``: Keras 3's default gives the Keras 1 shape; ``False``: not
        computable here (the input shape or a size is not a literal).
        """
        out_shape = literal(bound["output_shape"].value)
        in_shape = NOT_LITERAL
        if "input_shape" in bound:
            shape = literal(bound["input_shape"].value)
            in_shape = (None, *shape) if isinstance(shape, tuple) else NOT_LITERAL
        elif "batch_input_shape" in bound:
            in_shape = literal(bound["batch_input_shape"].value)
        if not isinstance(out_shape, tuple) or not isinstance(in_shape, tuple) or len(in_shape) != 4:
            return False
        ordering = literal(bound["dim_ordering"].value) if "dim_ordering" in bound else None
        kernel = tuple(literal(bound[n].value) for n in ("nb_row", "nb_col"))
        strides = literal(bound["subsample"].value) if "subsample" in bound else (1, 1)
        mode = literal(bound["border_mode"].value) if "border_mode" in bound else "valid"
        if ordering not in (None, "default", "th", "tf") or mode not in ("valid", "same") \
                or not isinstance(strides, tuple) or len(out_shape) != 4 \
                or not all(isinstance(v, int) for v in (*kernel, *strides)):
            return False
        data_format = spec.data_format(ordering, self.ctx.options.image_dim_ordering)
        return spec.deconv2d_output_padding(out_shape, in_shape, kernel, strides, mode, data_format)
