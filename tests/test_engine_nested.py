"""Nested and re-used Sequentials against Keras 1.2.2 (``fixtures/oracle/engine/nested.*``,
made by ``fixtures/oracle/make_engine_nested.py``), plus their config and save round trips."""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

from legacy_keras.layers import Activation, Dense, Input, Merge, merge
from legacy_keras.models import Model, Sequential, load_model, model_from_json
from legacy_keras.optimizers import SGD

ORACLE = FIXTURES / "oracle" / "engine"
CASES = json.loads((ORACLE / "nested.json").read_text())
ARRAYS = np.load(ORACLE / "nested.npz")
RTOL = 1e-4


def _arrays(case, prefix):
    out = []
    while f"{case}/{prefix}{len(out)}" in ARRAYS:
        out.append(ARRAYS[f"{case}/{prefix}{len(out)}"])
    return out


def nested():
    inner = Sequential()
    inner.add(Dense(4, input_shape=(3,)))
    inner.add(Activation("relu"))
    inner.add(Dense(2))
    middle = Sequential()
    middle.add(inner)
    model = Sequential()
    model.add(middle)
    model.add(Activation("softmax"))
    return model


def overlap():
    left = Sequential()
    left.add(Dense(4, input_shape=(3,)))
    left.add(Activation("relu"))
    model = Sequential()
    model.add(Merge([left, left], mode="sum"))
    model.add(Dense(2))
    return model


def recursive():
    a = Sequential([Dense(4, input_dim=3)])
    b = Sequential([Dense(4, input_dim=2)])
    inner = Sequential([Merge([a, b], mode="concat"), Dense(2)])
    c = Sequential([Dense(2, input_dim=5)])
    return Sequential([Merge([inner, c], mode="sum"), Dense(1)])


def elsewhere():
    return Sequential([Dense(3, input_dim=5), Dense(4, input_dim=3)])


def _x(case):
    x = _arrays(case, "x")
    return x[0] if len(x) == 1 else x


def _check_trained(case, model):
    model.set_weights(_arrays(case, "w"))
    model.compile(SGD(lr=0.1), "mse")
    x, y = _x(case), ARRAYS[f"{case}/y"]
    outs = [float(np.atleast_1d(model.train_on_batch(x, y))[0]) for _ in range(2)]
    assert_keras1_close(outs, CASES[case]["train"], rtol=RTOL)
    np.testing.assert_allclose(model.predict(x), ARRAYS[f"{case}/pred"], rtol=RTOL, atol=1e-6)
    assert len(model.inputs) == CASES[case]["nb_inputs"]
    assert len(model.get_weights()) == CASES[case]["nb_weights"]
    return model


@pytest.mark.parametrize("case,build", [("nested", nested), ("recursive", recursive),
                                        ("elsewhere", elsewhere)])
def test_composed_sequentials_train_like_keras1(case, build):
    _check_trained(case, build())


def test_merge_of_the_same_branch_twice_has_one_input_like_keras1():
    model = overlap()
    model.set_weights(_arrays("overlap", "w"))
    model.compile(SGD(lr=0.1), "mse")
    x, y = ARRAYS["overlap/x0"], ARRAYS["overlap/y"]
    history = model.fit(x, y, batch_size=4, nb_epoch=2, shuffle=False, verbose=0)
    assert_keras1_close(history.history["loss"], CASES["overlap"]["history"], rtol=RTOL)
    np.testing.assert_allclose(model.predict(x), ARRAYS["overlap/pred"], rtol=RTOL, atol=1e-6)
    assert len(model.inputs) == CASES["overlap"]["nb_inputs"]


def test_a_model_reused_in_two_models():
    shared = Sequential([Dense(4, input_dim=3)])
    a, b = Input(shape=(3,)), Input(shape=(3,))
    _check_trained("reused", Model([a, b], merge([shared(a), shared(b)], mode="sum")))
    c = Input(shape=(3,))
    _check_trained("reused_seq", Model(c, Dense(1)(shared(c))))


@pytest.mark.parametrize("build", [nested, recursive, overlap])
def test_composed_sequentials_round_trip(build, tmp_path):
    model = build()
    model.compile(SGD(lr=0.1), "mse")
    inputs = [np.ones((2,) + tuple(t.shape[1:]), "float32") for t in model.inputs]
    x = inputs[0] if len(inputs) == 1 else inputs
    expected = model.predict(x)
    from_json = model_from_json(model.to_json())
    from_json.set_weights(model.get_weights())
    np.testing.assert_allclose(from_json.predict(x), expected, rtol=1e-6)
    # a Merge-first Sequential nested in another one is not written to .keras yet
    names = ("m.h5",) if build is recursive else ("m.h5", "m.keras")
    for name in names:
        model.save(str(tmp_path / name))
        np.testing.assert_allclose(load_model(str(tmp_path / name)).predict(x), expected,
                                   rtol=1e-6)
