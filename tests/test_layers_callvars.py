"""Keras 1 layers that create variables inside ``call`` (issue 14.2).

The same layers ran on the genuine Keras 1.2.2 in
``fixtures/oracle/make_layers_callvars.py``: a PriorBox-like layer (a constant
from the input shape, ``K.ones``/``K.zeros``) shared by two nodes, a
FractalNet-join-like layer making one variable per input in a loop, and a
``Lambda`` making one.  Keras 3 traces ``call`` several times (shape inference,
the train function, a retrace for the last partial batch, predict); Keras 1 made
one variable per layer and call site.
"""
from __future__ import annotations

import numpy as np

from conftest import FIXTURES, assert_keras1_close

from legacy_keras import backend as K
from legacy_keras.backend import variables as _variables
from legacy_keras.engine.topology import Layer
from legacy_keras.layers import Dense, Input, Lambda
from legacy_keras.models import Model
from legacy_keras.optimizers import SGD

ARRAYS = np.load(FIXTURES / "oracle" / "layers_callvars" / "cases.npz")


class AddPrior(Layer):
    def call(self, x, mask=None):
        n = K.int_shape(x)[-1]
        prior = K.variable(np.arange(n, dtype="float32") / 10.0)
        return x * K.ones((n,)) + prior + K.zeros((n,))


class WeightedJoin(Layer):
    def call(self, xs, mask=None):
        total = None
        for i, x in enumerate(xs):
            scale = K.variable(np.full((K.int_shape(x)[-1],), (i + 1.0) / len(xs), dtype="float32"))
            total = x * scale if total is None else total + x * scale
        return total

    def get_output_shape_for(self, input_shape):
        return input_shape[0]


def times_variable(t):
    return t * K.variable(np.float32(1.5))


def build():
    inp = Input(shape=(4,))
    a = Dense(3, name="a")(inp)
    b = Dense(3, name="b")(inp)
    prior = AddPrior(name="prior")
    joined = WeightedJoin(name="join")([prior(a), prior(b)])
    out = Lambda(times_variable, name="scale")(joined)
    model = Model(inp, out)
    model.compile(SGD(lr=0.1), "mse")
    return model


def weights(prefix):
    return [ARRAYS[f"{prefix}{i}"] for i in range(4)]


def test_variables_made_in_call_predict_and_train_as_keras1():
    model = build()
    model.set_weights(weights("w"))
    x, y = ARRAYS["x"], ARRAYS["y"]
    assert_keras1_close(model.predict(x, batch_size=2), ARRAYS["out"])
    # 5 samples in batches of 2: a full-batch trace and a partial-batch retrace
    hist = model.fit(x, y, batch_size=2, nb_epoch=3, shuffle=False, verbose=0)
    assert_keras1_close(hist.history["loss"], ARRAYS["loss"])
    for got, want in zip(model.get_weights(), weights("w_after")):
        assert_keras1_close(got, want)
    assert_keras1_close(model.predict(x, batch_size=2), ARRAYS["out_after"])
    assert_keras1_close(model.predict(x[:3]), ARRAYS["out_after"][:3])


def test_one_variable_per_layer_site_and_occurrence():
    model = build()
    x, y = ARRAYS["x"], ARRAYS["y"]
    model.fit(x, y, batch_size=2, nb_epoch=1, verbose=0)
    model.predict(x, batch_size=3)
    made = {layer.name: sum(len(v) for v in _variables._CALL_SITE_VARIABLES[layer].by_site.values())
            for layer in model.layers if layer in _variables._CALL_SITE_VARIABLES}
    # prior: 3 sites (variable, ones, zeros) x 2 nodes; join: 1 site x 2 loop passes; scale: 1
    assert made == {"prior": 6, "join": 2, "scale": 1}
    # they are not weights of the layer (Keras 1 did not track them either)
    assert [len(layer.weights) for layer in model.layers[1:]] == [2, 2, 0, 0, 0]


def test_variables_outside_call_are_new_each_time():
    a, b = K.variable(np.zeros(2)), K.zeros((2,))
    c = K.variable(np.zeros(2))
    assert a is not c and a is not b
    c.assign(np.ones(2))
    assert K.get_value(a).tolist() == [0.0, 0.0]


def test_variables_made_in_build_are_not_shared_between_layers():
    """A Keras 1 custom layer making ``self.W = K.variable(...)`` in build, built lazily
    inside a Sequential's call: each instance keeps its own variable."""
    from legacy_keras.models import Sequential

    class Scale(Layer):
        def build(self, input_shape):
            self.W = K.variable(np.ones(input_shape[-1]))
            self.trainable_weights = [self.W]

        def call(self, x, mask=None):
            return x * self.W

    first, second = Scale(), Scale()
    model = Sequential([Dense(2, input_dim=2), first, second])
    model.compile("sgd", "mse")
    assert first.W is not second.W
    K.set_value(first.W, np.full(2, 3.0))
    assert K.get_value(second.W).tolist() == [1.0, 1.0]
