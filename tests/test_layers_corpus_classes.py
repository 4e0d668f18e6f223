"""Minimal reproductions of failure classes that bench/bench_corpus.py found in real
Keras 1 code (issue 14.12); our own code, never the corpus's."""
from __future__ import annotations

import importlib

import numpy as np
import pytest

from legacy_keras import layers as L
from legacy_keras.models import Sequential

#: (module, names) that Keras 1.2.2's layer modules had at module level
#: (``vars(keras.layers.<module>)`` in the oracle), which old code imports from there.
KERAS1_MODULE_NAMES = [
    ("core", ["Layer", "InputSpec", "K", "activations", "initializations", "regularizers", "constraints"]),
    ("convolutional", ["Layer", "InputSpec", "conv_output_length", "conv_input_length"]),
    ("recurrent", ["Layer", "InputSpec", "K"]),
    ("pooling", ["Layer", "conv_output_length"]),
    ("embeddings", ["Layer", "K"]),
    ("normalization", ["Layer", "InputSpec"]),
    ("advanced_activations", ["Layer", "K"]),
    ("noise", ["Layer", "K"]),
    ("local", ["Layer", "conv_output_length"]),
    ("wrappers", ["Layer", "InputSpec"]),
    ("convolutional_recurrent", ["Layer", "conv_output_length"]),
]


@pytest.mark.parametrize("module,names", KERAS1_MODULE_NAMES)
def test_keras1_layer_modules_export_their_module_level_names(module, names):
    """``from keras.layers.core import Layer`` (SegNet-style identity input layer)."""
    mod = importlib.import_module(f"legacy_keras.layers.{module}")
    for name in names:
        assert hasattr(mod, name), f"keras.layers.{module}.{name}"
    from legacy_keras.engine.topology import Layer
    assert mod.Layer is Layer


def test_identity_layer_imported_from_core_starts_a_sequential():
    from legacy_keras.layers.core import Layer
    model = Sequential()
    model.add(Layer(input_shape=(3,)))
    model.add(L.Dense(2))
    model.compile("sgd", "mse")
    assert model.predict(np.ones((1, 3), "float32")).shape == (1, 2)


def test_python2_division_sizes_are_taken_as_ints():
    """Keras 1 code ran on Python 2, where ``hidden_dim / 4`` is an int; on Python 3 it is
    ``8.0`` and Keras 3 refuses it."""
    hidden_dim = 32
    model = Sequential([L.Dense(hidden_dim / 4, input_dim=hidden_dim / 8),
                        L.Reshape((hidden_dim / 8, 4 / 2)),
                        L.Convolution1D(hidden_dim / 16, 3 / 3), L.Flatten()])
    assert model.layers[0].units == 8
    assert model.output_shape == (None, 8)
    from legacy_keras.layers import Input
    assert tuple(Input(batch_shape=(2, 80 / 16, 3)).shape) == (2, 5, 3)
    assert tuple(Input(shape=(160 / 16,)).shape) == (None, 10)
    with pytest.raises(ValueError):
        L.Dense(7.5)
