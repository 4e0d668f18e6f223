"""Keras 1 ``merge([...], mode=...)`` / ``Merge(mode=...)([...])`` -> Keras 3 merge functions and layers.

Every mode (``legacy_keras.spec.modules.MERGE_MODES``): sum -> add, mul ->
multiply, ave -> average, max -> maximum, concat -> concatenate(axis=concat_axis),
dot -> dot(axes=dot_axes), cos -> dot(axes, normalize=True) (with a warning:
Keras 1 returned an extra axis), a callable -> ``Lambda(fn, output_shape)``.
``Merge([model_a, model_b])`` as a Sequential's first layer is a structural
rewrite (a functional model with several inputs): it is reported with its line
for a human.
"""
from __future__ import annotations

from typing import Any

import libcst as cst

from legacy_keras.spec import modules as spec
from migrate.cstutil import NOT_LITERAL, Slot, literal, new_slot, rebuild_args, slots_of
from migrate.rules.base import Rule

DESCRIPTION = "Keras 1 merge()/Merge modes -> Keras 3 merge functions/layers"

_MERGE_LAYER_SIGNATURE = ("layers",) + spec.MERGE_SIGNATURE[1:]


def merge_mode_call(mode: str, bound: dict[str, Slot]) -> tuple[str, list[Slot]]:
    """Keras 3 merge function for a literal Keras 1 mode, and its keyword slots.

    Shared by ``merge()``/``Merge()`` and the Merge-of-Sequentials rewrite.
    """
    func = spec.MERGE_MODES[mode][0]
    extra: list[Slot] = []
    if mode == "concat" and "concat_axis" in bound:
        extra.append(new_slot("axis", bound["concat_axis"].value))
    if mode in ("dot", "cos"):
        axes = bound["dot_axes"].value if "dot_axes" in bound else cst.UnaryOperation(
            cst.Minus(), cst.Integer("1"))
        extra.append(new_slot("axes", axes))
        if mode == "cos":
            extra.append(new_slot("normalize", cst.Name("True")))
    return func, extra


def lambda_layer(ctx: Any, bound: dict[str, Slot], name_slots: list[Slot]) -> cst.Call:
    """``Lambda(mode_fn, output_shape=..., arguments=..., name=...)`` for a callable mode."""
    ctx.import_adds.add(("keras.layers", "Lambda"))
    lam_args = [Slot(None, bound["mode"].value)]
    lam_args += [new_slot(key, bound[key].value) for key in ("output_shape", "arguments")
                 if key in bound]
    return rebuild_args(cst.Call(func=cst.Name("Lambda")), lam_args + name_slots)


class Merge(Rule):
    name = "merge"
    DESCRIPTION = DESCRIPTION

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        # Merge(mode=...)([a, b]): the layer applied to a list
        if isinstance(original.func, cst.Call):
            inner_q = self.qualname(original.func.func)
            if inner_q and inner_q.rsplit(".", 1)[-1] == "Merge" and isinstance(updated.func, cst.Call):
                layer = self._layer(original.func, updated.func)
                if layer is not None:
                    new = updated.with_changes(func=layer)
                    self.change(original, new)
                    return new
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
                # a Sequential's first layer: rule sequential_merge rewrites it or reports it
                self.ctx.merge_layer_lines[id(updated)] = self.ctx.line_of(original)
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

    def _mode_parts(self, original: cst.Call, bound: dict[str, Slot]) -> tuple[str, list[Slot]] | None:
        """Keras 3 function name and its keyword slots, or None when not convertible."""
        mode_slot = bound.get("mode")
        mode = "sum" if mode_slot is None else literal(mode_slot.value)
        extra: list[Slot] = []
        if mode is NOT_LITERAL:
            if mode_slot is not None and isinstance(mode_slot.value, (cst.Lambda, cst.Name, cst.Attribute)):
                return "Lambda", extra
            self.warn(original, "merge mode computed at run time: pick the Keras 3 merge function by hand")
            return None
        if mode not in spec.MERGE_MODES:
            self.warn(original, f"unknown merge mode {mode!r}")
            return None
        func, extra = merge_mode_call(mode, bound)
        if mode == "cos":
            self.warn(original, "merge mode 'cos': Keras 1 returned shape (batch, 1, 1) for 2D inputs, "
                                "Keras 3 dot(normalize=True) returns (batch, 1)")
        if "output_mask" in bound or "arguments" in bound:
            self.warn(original, "merge output_mask/arguments apply only to callable modes; check by hand")
        return func, extra

    def _function(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
        bound = self._bind(slots_of(updated), spec.MERGE_SIGNATURE)
        if bound is None or "inputs" not in bound:
            self.warn(original, "merge(...) call not understood; convert by hand")
            return None
        parts = self._mode_parts(original, bound)
        if parts is None:
            return None
        func, extra = parts
        local = original.func.value if isinstance(original.func, cst.Name) else ""
        name_slots = [new_slot("name", bound["name"].value)] if "name" in bound else []
        if func == "Lambda":
            lam = lambda_layer(self.ctx, bound, name_slots)
            self.ctx.rewritten(local)
            return cst.Call(func=lam, args=[cst.Arg(bound["inputs"].value)])
        self.ctx.import_adds.add(("keras.layers", func))
        self.ctx.rewritten(local)
        inputs = Slot(None, bound["inputs"].value, bound["inputs"].arg)
        return rebuild_args(updated.with_changes(func=cst.Name(func)), [inputs, *extra, *name_slots])

    def _layer(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
        bound = self._bind(slots_of(updated), _MERGE_LAYER_SIGNATURE)
        if bound is None or ("layers" in bound and literal(bound["layers"].value) is not None):
            return None
        parts = self._mode_parts(original, bound)
        if parts is None:
            return None
        func, extra = parts
        local = original.func.value if isinstance(original.func, cst.Name) else ""
        name_slots = [new_slot("name", bound["name"].value)] if "name" in bound else []
        if func == "Lambda":
            lam = lambda_layer(self.ctx, bound, name_slots)
            self.ctx.rewritten(local)
            return lam
        klass = dict(spec.MERGE_MODES.values())[func]
        self.ctx.import_adds.add(("keras.layers", klass))
        self.ctx.rewritten(local)
        return rebuild_args(cst.Call(func=cst.Name(klass)), [*extra, *name_slots])
