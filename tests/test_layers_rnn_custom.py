"""A user-written Keras 1 ``Recurrent`` subclass (``step(x, states)``) on Keras 3.

The same class (``MinimalRNN``) ran in the oracle on Keras 1.2.2, see
``fixtures/oracle/make_layers_rnn.py``; here it is written against
``legacy_keras`` exactly as a Keras 1 user wrote it.
"""
from __future__ import annotations

import keras
import numpy as np
import pytest

from conftest import assert_keras1_close
from test_layers_rnn import ARRAYS, CASES, arrays, predict

from legacy_keras import backend as K
from legacy_keras.engine.topology import InputSpec
from legacy_keras.layers.recurrent import Recurrent


class MinimalRNN(Recurrent):
    def __init__(self, output_dim, **kwargs):
        self.output_dim = output_dim
        super(MinimalRNN, self).__init__(**kwargs)

    def build(self, input_shape):
        self.input_spec = [InputSpec(shape=input_shape)]
        self.states = [None]
        self.W = self.add_weight((input_shape[2], self.output_dim), initializer="uniform",
                                 name="{}_W".format(self.name))
        self.U = self.add_weight((self.output_dim, self.output_dim), initializer="uniform",
                                 name="{}_U".format(self.name))
        self.b = self.add_weight((self.output_dim,), initializer="zero", name="{}_b".format(self.name))
        self.built = True

    def step(self, x, states):
        h = K.tanh(K.dot(x, self.W) + K.dot(states[0], self.U) + self.b)
        return h, [h]


@pytest.mark.parametrize("name", ["custom_recurrent_seq_back_mask", "custom_recurrent"])
def test_custom_recurrent_matches_keras1(name):
    entry = CASES[name]
    layer = MinimalRNN(weights=arrays(name), **entry["kwargs"])
    assert isinstance(layer, keras.layers.Layer)
    inp = keras.Input(shape=tuple(entry["input_shape"]))
    x = keras.layers.Masking(0.0)(inp) if entry["mask"] == "masking" else inp
    model = keras.Model(inp, layer(x))
    assert_keras1_close(predict(model, ARRAYS[f"{name}/x"]), ARRAYS[f"{name}/out"])
    assert len(layer.trainable_weights) == 3


def test_custom_recurrent_stateful_and_input_dim():
    layer = MinimalRNN(2, stateful=True, batch_input_shape=(2, 3, 4))
    inp = keras.Input(batch_shape=layer.batch_input_shape)
    model = keras.Model(inp, layer(inp))
    rng = np.random.RandomState(1)
    layer.set_weights([rng.uniform(-1, 1, w.shape).astype("float32") for w in layer.get_weights()])
    x = rng.uniform(-1, 1, (2, 3, 4)).astype("float32")
    first = predict(model, x)
    assert not np.allclose(predict(model, x), first)
    layer.reset_states()
    np.testing.assert_allclose(predict(model, x), first, rtol=1e-6)
    assert MinimalRNN(3, input_dim=4, input_length=6).batch_input_shape == (None, 6, 4)


def test_missing_step_is_a_clear_error():
    class NoStep(Recurrent):
        def __init__(self, **kwargs):
            self.output_dim = 2
            super().__init__(**kwargs)

    layer = NoStep()
    with pytest.raises(NotImplementedError, match="step"):
        layer(keras.Input((3, 2)))


def test_custom_recurrent_stateful_batch_from_input_and_required():
    layer = MinimalRNN(2, stateful=True)
    layer(keras.Input(batch_shape=(4, 3, 2)))
    assert [tuple(s.shape) for s in layer.states] == [(4, 2)]
    assert len(layer.weights) == 3  # states are not weights, as in Keras 1
    with pytest.raises(ValueError, match="batch size"):
        MinimalRNN(2, stateful=True)(keras.Input((3, 2)))
