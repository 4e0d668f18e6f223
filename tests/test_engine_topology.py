"""Keras 1 layer API: nodes and shapes, Input/InputLayer, the custom ``Layer`` base class."""
from __future__ import annotations

import keras
import numpy as np
import pytest
from keras import ops

from conftest import assert_keras1_close

from legacy_keras.engine import topology
from legacy_keras.engine.topology import Input, InputLayer, InputSpec, Layer
from legacy_keras.engine.training import Model
from legacy_keras.layers import Activation, Dense
from legacy_keras.models import Sequential


def test_shared_layer_nodes():
    a = Input(shape=(4,))
    b = Input(shape=(4,))
    shared = Dense(3)
    out_a, out_b = shared(a), shared(b)
    assert shared.get_output_at(0) is out_a
    assert shared.get_output_at(1) is out_b
    assert shared.get_input_at(1) is b
    assert shared.get_output_shape_at(0) == (None, 3)
    assert shared.get_input_shape_at(1) == (None, 4)
    assert len(shared.inbound_nodes) == 2
    assert shared.output_shape == (None, 3)  # same over both calls
    c = Input(shape=(5,))
    other = Activation("relu")
    other(a), other(c)
    with pytest.raises(AttributeError, match="multiple inbound nodes"):
        other.input_shape
    with pytest.raises(Exception, match="only 2 inbound nodes"):
        other.get_output_at(2)


def test_input_and_input_layer_keras1_signatures():
    t = Input(batch_shape=(8, 3), dtype="int32", name="ids")
    assert tuple(t.shape) == (8, 3) and t.dtype == "int32"
    layer = InputLayer(input_shape=(2, 3), input_dtype="float64", name="k1_in")
    assert layer.batch_input_shape == (None, 2, 3) and layer.input_dtype == "float64"
    assert isinstance(layer, keras.layers.InputLayer)
    with pytest.raises(ValueError, match="shape"):
        Input()


def test_keras1_auto_name_counts_from_one_per_prefix():
    keras.backend.clear_session()
    assert topology.keras1_auto_name("Convolution2D") == "convolution2d_1"
    assert topology.keras1_auto_name("Convolution2D") == "convolution2d_2"
    assert topology.keras1_auto_name("merge") == "merge_1"


def test_container_and_merge_exports():
    from legacy_keras.layers.merge import Merge, merge
    assert topology.Merge is Merge and topology.merge is merge
    inp = Input(shape=(3,))
    container = topology.Container(inp, Dense(2)(inp))
    assert isinstance(container, Model)


class L1Dense(Layer):
    """Keras 1.0-style layer: K.variable-like weights, regularizers list, constraints dict."""

    def __init__(self, output_dim, l1=0., **kwargs):
        self.output_dim = output_dim
        self.l1 = l1
        self.input_spec = [InputSpec(ndim=2)]
        super().__init__(**kwargs)

    def build(self, input_shape):
        self.W = keras.Variable(np.ones((input_shape[1], self.output_dim), "float32"), name="W")
        self.running = keras.Variable(np.zeros((self.output_dim,), "float32"), name="running")
        self.trainable_weights = [self.W]
        self.non_trainable_weights = [self.running]
        if self.l1:
            regularizer = keras.regularizers.L1(self.l1)
            self.regularizers = [_Keras1Style(regularizer, self.W)]
        self.constraints[self.W] = keras.constraints.NonNeg()

    def call(self, x, mask=None):
        return ops.matmul(x, self.W) + self.running

    def get_output_shape_for(self, input_shape):
        return (input_shape[0], self.output_dim)


class _Keras1Style:
    """What Keras 1 ``WeightRegularizer`` looked like: ``set_param`` then ``l1``/``l2``."""

    def __init__(self, regularizer, param):
        self.l1 = float(regularizer.l1)
        self.l2 = 0.
        self.p = param


def test_custom_layer_keras1_weight_idioms():
    layer = L1Dense(2, l1=0.5, input_dim=3)
    model = Sequential([layer])
    assert model.input_shape == (None, 3)
    assert [w.name for w in layer.trainable_weights] == ["W"]
    assert [w.name for w in layer.non_trainable_weights] == ["running"]
    model.compile("sgd", "mse")
    x = np.ones((4, 3), "float32")
    # loss = mse(3 - 0) + 0.5 * sum|W| = 9 + 3
    assert model.evaluate(x, np.zeros((4, 2)), verbose=0) == pytest.approx(12.0)
    # a large step drives W negative; the NonNeg constraint clips it to 0
    model.optimizer.learning_rate.assign(10.)
    model.train_on_batch(x, np.zeros((4, 2)))
    assert np.all(layer.get_weights()[0] >= 0)
    np.testing.assert_array_equal(layer.get_weights()[1], np.zeros(2))  # not trained
    with pytest.raises(ValueError, match="expected ndim=2"):
        L1Dense(2)(keras.Input((3, 3)))


def test_add_weight_keras1_and_keras2_orders():
    class Both(Layer):
        def build(self, input_shape):
            self.a = self.add_weight((input_shape[-1], 2), "one", "a", False)
            self.b = self.add_weight(name="b", shape=(2,), initializer="zero")
            self.c = self.add_weight("c", (2,), initializer="one")

        def call(self, x, mask=None):
            return ops.matmul(x, self.a) + self.b + self.c

        def get_output_shape_for(self, input_shape):
            return (input_shape[0], 2)

    layer = Both()
    out = layer(np.ones((1, 3), "float32"))
    assert_keras1_close(out, [[4., 4.]])
    assert [w.name for w in layer.non_trainable_weights] == ["a"]
    assert sorted(w.name for w in layer.trainable_weights) == ["b", "c"]


def test_keras1_initializer_function_in_add_weight():
    def my_init(shape, name=None):
        return np.full(shape, 0.25, "float32")

    class WithInit(Layer):
        def build(self, input_shape):
            self.W = self.add_weight((input_shape[-1],), my_init, name="W")

        def call(self, x, mask=None):
            return x * self.W

    layer = WithInit()
    assert_keras1_close(layer(np.ones((1, 2), "float32")), [[0.25, 0.25]])


def test_masking_custom_layer():
    class PassMask(Layer):
        def __init__(self, **kwargs):
            self.supports_masking = True  # before super().__init__, as Keras 1 code often did
            super().__init__(**kwargs)

        def call(self, x, mask=None):
            return x * 2

        def compute_mask(self, input, input_mask=None):
            return input_mask

    inp = keras.Input((3, 2))
    masked = keras.layers.Masking(0.)(inp)
    out = PassMask()(masked)
    assert out._keras_mask is not None
    assert PassMask().uses_learning_phase is False


def test_layer_get_output_shape_for_default_is_identity():
    class Ident(Layer):
        def call(self, x, mask=None):
            return x

    layer = Ident()
    assert layer.get_output_shape_for((None, 7)) == (None, 7)
    assert tuple(layer(keras.Input((7,))).shape) == (None, 7)


def test_engine_package_exports_and_get_source_inputs():
    from legacy_keras import engine
    from legacy_keras.layers import merge
    assert engine.Model is Model and engine.Layer is Layer and engine.Input is Input
    a, b = Input(shape=(3,)), Input(shape=(2,))
    out = Dense(1)(merge([Dense(2)(a), b], mode="concat"))
    sources = engine.get_source_inputs(out)
    assert len(sources) == 2 and sources[0] is a and sources[1] is b
