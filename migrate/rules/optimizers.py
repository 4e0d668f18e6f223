"""Keras 1 optimizers -> Keras 3 optimizers with Keras 1's numbers.

``SGD(lr=0.01, decay=1e-6)`` -> ``SGD(learning_rate=keras.optimizers.schedules.
InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6))`` (Keras 3 accepts and
*ignores* ``decay``); positionals bound with the Keras 1 order (``Adam``'s 5th
positional was ``decay``, Keras 3's is ``amsgrad``); Keras 1 defaults that
Keras 3 changed written out (epsilon 1e-8, Adagrad/Adadelta/Adamax/Nadam
learning rates, Adagrad's zero initial accumulator).  ``compile(optimizer=
'adagrad')`` strings get the same treatment.  ``clipnorm`` was a *global*
norm in Keras 1 -> ``global_clipnorm``.
RMSprop and Adagrad put epsilon *outside* the square root in Keras 1
(``g / (sqrt(v) + eps)``) and inside in Keras 3 (``g / sqrt(v + eps)``): no
argument restores it, so they become the inserted, registered ``Keras1RMSprop`` /
``Keras1Adagrad`` subclasses (``migrate.helpers``) that update the Keras 1 way.
"""
from __future__ import annotations

import libcst as cst

from legacy_keras.spec import training as spec
from migrate.cstutil import NOT_LITERAL, Slot, kw, literal, new_slot, rebuild_args, slots_of, to_node
from migrate.rules.base import Rule

DESCRIPTION = "Keras 1 optimizers: lr/decay/epsilon/defaults -> Keras 3 with Keras 1 numerics"


def _k1_name(qualname: str | None) -> str | None:
    if not qualname or not qualname.startswith("keras.optimizers."):
        return None
    name = qualname.rsplit(".", 1)[-1]
    return name if name in spec.OPTIMIZER_DEFAULTS else None


#: Keras 1 optimizers whose epsilon sits where Keras 3 cannot put it (see the docstring).
_EPSILON_OUTSIDE_SQRT = ("RMSprop", "Adagrad")


class Optimizers(Rule):
    name = "optimizers"
    DESCRIPTION = DESCRIPTION

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self._epsilon_reported = False

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        name = _k1_name(self.qualname(original.func))
        if name is not None:
            new = self._optimizer(original, updated, name)
            if new is not updated:
                self.change(original, new)
            return new
        if type(original.func) is cst.Attribute and original.func.attr.value == "compile":
            return self._compile(original, updated)
        return updated

    def _optimizer(self, original: cst.Call, updated: cst.Call, name: str) -> cst.Call:
        slots = slots_of(updated)
        if any(s.star for s in slots):
            return updated
        order = list(spec.OPTIMIZER_DEFAULTS[name])
        positional = [s for s in slots if s.keyword is None]
        if len(positional) > len(order):
            return updated
        k3 = spec.KERAS3_OPTIMIZER_DEFAULTS[name]
        known = set(order) | {"clipnorm", "clipvalue"}
        if any(s.keyword is not None and s.keyword not in known for s in slots):
            return updated  # already Keras 3 keywords (learning_rate=...) or unknown: leave alone
        bound: dict[str, Slot] = {}
        for key, slot in zip(order, positional):
            bound[key] = slot
        for slot in slots:
            if slot.keyword is not None:
                bound[slot.keyword] = slot
        out: list[Slot] = []
        lr_value = bound["lr"].value if "lr" in bound else None
        decay = bound.get("decay")
        decay_value = literal(decay.value) if decay is not None else 0.0
        for key in [k for k in order if k in bound] + [k for k in bound if k not in order]:
            slot = bound[key]
            if key == "decay":
                continue
            if key == "lr":
                continue
            if key == "schedule_decay":
                self.warn(original, "Nadam(schedule_decay=) has no Keras 3 equivalent (Keras 3 uses 0.96^t)")
                continue
            if key == "clipnorm":
                out.append(Slot("global_clipnorm", slot.value, slot.arg))
                continue
            out.append(Slot(key, slot.value, slot.arg))
        # learning rate, possibly with Keras 1's inverse-time decay
        if lr_value is None and spec.OPTIMIZER_DEFAULTS[name]["lr"] != k3["learning_rate"]:
            lr_value = to_node(spec.OPTIMIZER_DEFAULTS[name]["lr"])
        if decay is not None and decay_value != 0.0:
            base = lr_value if lr_value is not None else to_node(spec.OPTIMIZER_DEFAULTS[name]["lr"])
            schedule = rebuild_args(
                cst.Call(func=self.ctx.root_expr("optimizers.schedules.InverseTimeDecay")),
                [Slot(None, base), new_slot("decay_steps", cst.Integer("1")),
                 new_slot("decay_rate", decay.value)])
            lr_value = schedule
            if decay_value is NOT_LITERAL:
                self.warn(original, "decay computed at run time: Keras 1 decay=0 meant no schedule")
        if lr_value is not None:
            lr_arg = bound["lr"].arg if "lr" in bound else None
            out.insert(0, Slot("learning_rate", lr_value, lr_arg))
        if "epsilon" in spec.OPTIMIZER_DEFAULTS[name] and "epsilon" not in bound:
            out.append(new_slot("epsilon", to_node(spec.OPTIMIZER_DEFAULTS[name]["epsilon"])))
        for key, value in spec.KERAS1_OPTIMIZER_EXTRA_DEFAULTS.get(name, {}).items():
            if key not in bound:
                out.append(new_slot(key, to_node(value)))
        if name == "Nadam":
            self.warn(original, "Nadam: Keras 3's momentum schedule differs from Keras 1's")
        if name in _EPSILON_OUTSIDE_SQRT:
            # Keras 1 added epsilon outside the square root: an inserted subclass keeps it exactly
            helper = f"Keras1{name}"
            self.ctx.helpers.add(helper)
            if type(updated.func) is cst.Name:
                self.ctx.rewritten(updated.func.value)
            return rebuild_args(updated.with_changes(func=cst.Name(helper)), out)
        return rebuild_args(updated, out)

    def _compile(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if self.ctx.assumed_keras:  # no keras import: `.compile('adam')` may be anything
            return updated
        slots = slots_of(updated)
        slot = kw(slots, "optimizer")
        if slot is None and slots and slots[0].keyword is None:
            slot = slots[0]
        if slot is None:
            return updated
        value = literal(slot.value)
        if not isinstance(value, str):
            return updated
        name = spec.OPTIMIZER_ALIASES.get(value.lower())
        if name is None or name == "SGD":
            return updated
        call = self._optimizer(original, cst.Call(func=self.ctx.root_expr(f"optimizers.{name}")), name)
        slot.value = call
        new = rebuild_args(updated, slots)
        self.change(original, new)
        return new
