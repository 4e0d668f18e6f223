"""Keras 1 utility functions: keyword renames and Keras 1 defaults written out.

``np_utils.to_categorical(y, nb_classes=10)`` -> ``to_categorical(y, num_classes=10)``,
``l2(l=0.01)`` -> ``l2(l2=0.01)``, ``l1l2()`` -> ``l1_l2(l1=0.01, l2=0.01)``
(Keras 3's ``l1_l2()`` means zero), ``maxnorm(m=2)`` -> ``MaxNorm(max_value=2)``,
``imdb.load_data(nb_words=)`` -> ``num_words`` (Keras 3 silently ignores
``nb_words``), ``Tokenizer(nb_words=)``, ``ImageDataGenerator(dim_ordering=)``.
Tables: ``legacy_keras.spec.modules.FUNCTION_KWARG_RENAMES`` /
``FUNCTION_EXPLICIT_DEFAULTS``.
"""
from __future__ import annotations

import libcst as cst

from legacy_keras.spec import layers as spec_layers
from legacy_keras.spec import modules as spec
from migrate.cstutil import in_table, literal, new_slot, slots_of, to_node
from migrate.rules.base import Rule

DESCRIPTION = "Keras 1 utility/regularizer/constraint/dataset keyword renames and defaults"


class Utils(Rule):
    name = "utils"
    DESCRIPTION = DESCRIPTION

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        qual = self.qualname(original.func)
        if not qual:
            return updated
        renames = spec.FUNCTION_KWARG_RENAMES.get(qual)
        explicit = spec.FUNCTION_EXPLICIT_DEFAULTS.get(qual)
        if renames is None and explicit is None:
            return updated
        slots = slots_of(updated)
        if any(s.star for s in slots):
            return updated
        changed = False
        for slot in slots:
            if renames and slot.keyword in renames:
                slot.keyword = renames[slot.keyword]
                changed = True
            if slot.keyword == "data_format":
                value = literal(slot.value)
                if in_table(value, spec_layers.VALUE_MAPS["dim_ordering"]):
                    new_value = spec_layers.VALUE_MAPS["dim_ordering"][value]
                    slot.value = to_node(new_value, slot.value)
                    changed = True
        if explicit:
            positional = sum(1 for s in slots if s.keyword is None)
            for i, (key, value) in enumerate(explicit.items()):
                if i >= positional and all(s.keyword != key for s in slots):
                    slots.append(new_slot(key, to_node(value)))
                    changed = True
        return self.rebuilt(original, updated, slots, changed)
