"""The codemod's rules, one per module, applied in this order in one tree walk."""
from __future__ import annotations

import re

from legacy_keras.spec import modules as _spec_modules
from legacy_keras.spec import training as _spec_training

from migrate.rules.backend import Backend
from migrate.rules.custom_layers import CustomLayers
from migrate.rules.ecosystem import TRIGGER_WORDS as _ECOSYSTEM_WORDS
from migrate.rules.ecosystem import Ecosystem
from migrate.rules.imports import Imports
from migrate.rules.keras3_names import Keras3Names
from migrate.rules.layers import Layers
from migrate.rules.merge import Merge
from migrate.rules.models import Models
from migrate.rules.optimizers import Optimizers
from migrate.rules.sequential_merge import SequentialMerge
from migrate.rules.utils import Utils
from migrate.rules.weights import TRIGGER_WORDS as _WEIGHTS_WORDS
from migrate.rules.weights import Weights

RULES = (Imports, Layers, Merge, SequentialMerge, Models, Optimizers, Backend, Utils, CustomLayers,
         Ecosystem, Weights, Keras3Names)

RULE_NAMES = tuple(rule.name for rule in RULES)

#: Method names the rules rewrite on any receiver (a statement mentioning none of these
#: nor a Keras-bound name is skipped by the pre-filter in ``migrate.transform``).
TRIGGER_WORDS = ("reset_states", "save_weights", "load_weights", "save", "load_model",
                 "control_flow_ops", "pop", *_spec_modules.KERAS1_GRAPH_INTERNALS) + _ECOSYSTEM_WORDS + _WEIGHTS_WORDS

#: Keras 1 model-method and keyword names no other library uses: a file that imports no
#: Keras but matches this (a training script handed a model by another module) is migrated
#: with the model-method rules only, and the assumption reported (``FileContext.assumed_keras``).
KERAS1_MODEL_USE = re.compile(
    r"\b(?:nb_epoch|samples_per_epoch|nb_val_samples|predict_classes|"
    + "|".join(sorted(_spec_training.GENERATOR_METHODS)) + r")\b")
