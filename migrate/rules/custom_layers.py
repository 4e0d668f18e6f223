"""Keras 1 custom Layer subclasses -> Keras 3 layer API.

``get_output_shape_for`` -> ``compute_output_shape`` (Keras 3 ignores the old
name), ``self.add_weight(shape, initializer, name, ...)`` positionals -> keywords
(Keras 3's third positional is ``dtype``); ``self.trainable_weights = [...]``,
``self.regularizers``/``self.constraints`` are reported (no Keras 3 setter).
"""
from __future__ import annotations

import libcst as cst

from legacy_keras.spec import modules as spec
from migrate.context import dotted
from migrate.cstutil import Slot, rebuild_args, slots_of
from migrate.rules.base import Rule

DESCRIPTION = "Keras 1 custom layers: get_output_shape_for, add_weight positionals"

_LAYER_BASES = ("Layer", "Recurrent")


class CustomLayers(Rule):
    name = "custom_layers"
    DESCRIPTION = DESCRIPTION

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self._depth = 0  # nesting depth inside Keras Layer subclasses

    def _is_layer_class(self, node: cst.ClassDef) -> bool:
        for base in node.bases:
            qual = self.qualname(base.value)
            if qual and qual.rsplit(".", 1)[-1] in _LAYER_BASES:
                return True
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self._is_layer_class(node):
            self._depth += 1
            if any(self.qualname(b.value) and self.qualname(b.value).endswith("Recurrent")  # type: ignore[union-attr]
                   for b in node.bases):
                self.warn(node, "Keras 1 Recurrent subclasses (step/get_constants) must become a "
                                "keras.layers.RNN cell by hand")

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.BaseStatement:
        if self._is_layer_class(original):
            self._depth -= 1
        return updated

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.BaseStatement:
        if self._depth and original.name.value in spec.LAYER_METHOD_RENAMES:
            new = updated.with_changes(name=cst.Name(spec.LAYER_METHOD_RENAMES[original.name.value]))
            self.change(original.name, spec.LAYER_METHOD_RENAMES[original.name.value])
            return new
        return updated

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if not self._depth or type(original.func) is not cst.Attribute:
            return updated
        method = original.func.attr.value
        receiver = dotted(original.func.value)
        if receiver != "self":
            return updated
        if method in spec.LAYER_METHOD_RENAMES:
            new = updated.with_changes(func=updated.func.with_changes(  # type: ignore[attr-defined]
                attr=cst.Name(spec.LAYER_METHOD_RENAMES[method])))
            self.change(original, new)
            return new
        if method in spec.METHOD_SIGNATURES:
            slots = slots_of(updated)
            positional = [s for s in slots if s.keyword is None]
            if not positional or any(s.star for s in slots):
                return updated
            order = spec.METHOD_SIGNATURES[method]
            out = [Slot(name, s.value, s.arg) for name, s in zip(order, positional)] + \
                [s for s in slots if s.keyword is not None]
            new = rebuild_args(updated, out)
            self.change(original, new)
            return new
        return updated

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.BaseSmallStatement:
        if not self._depth:
            return updated
        for target in original.targets:
            name = dotted(target.target)
            if name in ("self.trainable_weights", "self.non_trainable_weights", "self.regularizers",
                        "self.constraints"):
                self.warn(original, f"{name} = ... raises in Keras 3: create weights with self.add_weight("
                                    f"..., trainable=, regularizer=, constraint=) instead")
        return updated
