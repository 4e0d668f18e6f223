"""Keras 1 backend (``K.*``) -> Keras 3.

Plain ``keras.backend`` kept a dozen names; the math moved to ``keras.ops``
(``K.mean`` -> ``keras.ops.mean``, ``K.permute_dimensions`` ->
``keras.ops.transpose``).  With ``--keras-module tensorflow.keras`` the K2-style
``tf.keras.backend`` still serves most names, so only renames apply.  Either
way: ``K.categorical_crossentropy(output, target)`` and friends get their
positionals swapped to ``(target, output)``; ``K.image_dim_ordering() == 'th'``
becomes ``K.image_data_format() == 'channels_first'``; ``K.hard_sigmoid`` the
Keras 1 formula; removed functions (``K.function``, ``K.learning_phase``) are
reported.
"""
from __future__ import annotations

import libcst as cst

from legacy_keras.spec import modules as spec
from migrate.context import dotted
from migrate.cstutil import Slot, in_table, literal, rebuild_args, slots_of, to_node
from migrate.rules.base import Rule

DESCRIPTION = "Keras 1 backend functions -> keras.ops / Keras 3 backend"


def _backend_function(qualname: str | None) -> str | None:
    if qualname and qualname.startswith("keras.backend.") and qualname.count(".") == 2:
        return qualname.rsplit(".", 1)[-1]
    return None


class Backend(Rule):
    name = "backend"
    DESCRIPTION = DESCRIPTION

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        fn = _backend_function(self.qualname(original.func))
        if fn is None:
            return updated
        tf_mode = self.ctx.options.keras_module == "tensorflow.keras"
        slots = slots_of(updated)
        if fn in spec.BACKEND_REMOVED:
            self.warn(original, spec.BACKEND_REMOVED[fn])
            return updated
        if fn == "hard_sigmoid":
            self.ctx.helpers.add("keras1_hard_sigmoid")
            new = updated.with_changes(func=cst.Name("keras1_hard_sigmoid"))
            self.change(original, new)
            return new
        if fn == "set_image_dim_ordering":
            slots = [self._dim_value(s) for s in slots]
        renames = spec.BACKEND_KWARG_RENAMES.get(fn, {})
        for slot in slots:
            if slot.keyword in renames:
                slot.keyword = renames[slot.keyword]
        if fn in spec.BACKEND_SWAPPED_ARGS:
            positional = [i for i, s in enumerate(slots) if s.keyword is None]
            if len(positional) >= 2:
                a, b = positional[0], positional[1]
                slots[a], slots[b] = (Slot(None, slots[b].value, slots[a].arg),
                                      Slot(None, slots[a].value, slots[b].arg))
        func: cst.BaseExpression = updated.func
        if not tf_mode and fn in spec.BACKEND_TO_OPS:
            func = self.ctx.root_expr(f"ops.{spec.BACKEND_TO_OPS[fn]}")
        elif fn in spec.BACKEND_RENAMES:
            func = _rename_attr(updated.func, spec.BACKEND_RENAMES[fn])
        elif tf_mode:
            if fn not in spec.TF_KERAS_BACKEND_NAMES:
                self.warn(original, f"K.{fn} is not in tf.keras.backend (Keras 3); rewrite with keras.ops")
        elif fn not in spec.KERAS3_BACKEND_NAMES:
            if fn in spec.BACKEND_TO_OPS:
                func = self.ctx.root_expr(f"ops.{spec.BACKEND_TO_OPS[fn]}")
            else:
                self.warn(original, f"K.{fn} is not in keras.backend (Keras 3): use keras.ops or "
                                    f"--keras-module tensorflow.keras")
        new = rebuild_args(updated.with_changes(func=func), slots)
        self.change(original, new)
        return new

    def _dim_value(self, slot: Slot) -> Slot:
        value = literal(slot.value)
        if in_table(value, spec.DIM_ORDERING_VALUES):
            return Slot(slot.keyword, to_node(spec.DIM_ORDERING_VALUES[value], slot.value), slot.arg)
        return slot

    def leave_Comparison(self, original: cst.Comparison, updated: cst.Comparison) -> cst.BaseExpression:
        """``K.image_dim_ordering() == 'th'`` -> ``K.image_data_format() == 'channels_first'``."""
        sides = [original.left, *[t.comparator for t in original.comparisons]]
        if not any(isinstance(s, cst.Call) and
                   _backend_function(self.qualname(s.func)) == "image_dim_ordering" for s in sides):
            return updated
        changed = False
        left = updated.left
        if isinstance(left, cst.SimpleString) and literal(left) in spec.DIM_ORDERING_VALUES:
            left = to_node(spec.DIM_ORDERING_VALUES[literal(left)], left)
            changed = True
        comparisons = []
        for target in updated.comparisons:
            comp = target.comparator
            if isinstance(comp, cst.SimpleString) and literal(comp) in spec.DIM_ORDERING_VALUES:
                comp = to_node(spec.DIM_ORDERING_VALUES[literal(comp)], comp)
                changed = True
            comparisons.append(target.with_changes(comparator=comp))
        if not changed:
            return updated
        new = updated.with_changes(left=left, comparisons=comparisons)
        self.change(original, new)
        return new


def _rename_attr(func: cst.BaseExpression, new: str) -> cst.BaseExpression:
    if isinstance(func, cst.Attribute):
        return func.with_changes(attr=cst.Name(new))
    if isinstance(func, cst.Name):
        return func.with_changes(value=new)
    return func


__all__ = ["Backend", "dotted"]
