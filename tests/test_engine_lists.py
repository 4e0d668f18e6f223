"""Python lists as inputs and targets, converted as Keras 1's ``standardize_input_data`` did.

Fixtures: ``fixtures/oracle/engine/lists.{npz,json}`` from
``fixtures/oracle/make_engine_lists.py`` (the genuine Keras 1.2.2 running the
DCGAN idiom ``d.train_on_batch(X, [1] * n + [0] * n)`` and friends).
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

from legacy_keras.layers import Dense, Input
from legacy_keras.models import Model, Sequential
from legacy_keras.optimizers import SGD

ORACLE = FIXTURES / "oracle" / "engine"
RESULTS = json.loads((ORACLE / "lists.json").read_text())
ARRAYS = np.load(ORACLE / "lists.npz")
RTOL = 1e-5


def _discriminator() -> Sequential:
    d = Sequential([Dense(1, input_dim=4, activation="sigmoid")])
    d.set_weights([ARRAYS["w0"], ARRAYS["w1"]])
    d.compile(SGD(lr=0.5), "binary_crossentropy", metrics=["accuracy"])
    return d


def test_list_targets_and_list_inputs_match_keras1():
    x, n = ARRAYS["x"], 3
    d = _discriminator()
    assert_keras1_close(d.train_on_batch(x, [1] * n + [0] * n), RESULTS["train_on_batch"],
                        rtol=RTOL)
    assert_keras1_close(d.test_on_batch(x, [0] * n + [1] * n), RESULTS["test_on_batch"],
                        rtol=RTOL)
    history = d.fit(x, [1, 0, 1, 0, 1, 0], batch_size=4, nb_epoch=2, shuffle=False, verbose=0)
    for key, values in RESULTS["fit"].items():
        assert_keras1_close(history.history[key], values, rtol=RTOL)
    assert_keras1_close(d.evaluate(x, [1.0] * 6, batch_size=4, verbose=0), RESULTS["evaluate"],
                        rtol=RTOL)
    np.testing.assert_allclose(d.predict(x[:2].tolist()), ARRAYS["pred"], rtol=RTOL)
    for got, want in zip(d.get_weights(), [ARRAYS["after/w0"], ARRAYS["after/w1"]]):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


def test_one_sample_as_a_python_list():
    d = _discriminator()
    x = ARRAYS["x"]
    np.testing.assert_allclose(d.predict([x[0].tolist()]), d.predict(x[:1]), rtol=1e-6)


def test_list_of_arrays_for_several_inputs_and_lists_per_output():
    a, b = Input(shape=(2,)), Input(shape=(3,))
    hidden = Dense(4)(a)
    out1 = Dense(1, name="o1")(hidden)
    out2 = Dense(1, name="o2")(Dense(2)(b))
    model = Model([a, b], [out1, out2])
    model.compile("sgd", "mse")
    xa, xb = np.ones((4, 2), "float32"), np.ones((4, 3), "float32")
    arrays = model.test_on_batch([xa, xb], [np.zeros(4), np.ones(4)])
    lists = model.test_on_batch([xa.tolist(), xb.tolist()], [[0] * 4, [1] * 4])
    np.testing.assert_allclose(lists, arrays, rtol=1e-6)


def test_list_of_arrays_of_the_wrong_length_is_refused_like_keras1():
    d = _discriminator()
    x = ARRAYS["x"]
    with pytest.raises(ValueError, match="Expected to see 1 arrays"):
        d.predict([x, x])
