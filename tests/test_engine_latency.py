"""One-batch ``predict``/``evaluate``/``test_on_batch`` skip Keras 3's per-call data pipeline.

Keras 1 scripts call ``model.predict(x)`` on one sample in loops; Keras 3's
``predict`` costs tens of milliseconds per call there.  Inputs that fit in one
batch run as one batch call (issue 14.10), with the same numbers as Keras 3's
own ``predict``/``evaluate`` on the model and as Keras 1 (oracle fixtures of
``fixtures/oracle/make_engine.py``), and Keras 1's progress bar when verbose.
"""
from __future__ import annotations

import json
import statistics
import time

import keras
import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

from legacy_keras import metrics
from legacy_keras.layers import LSTM, Dense
from legacy_keras.models import Sequential
from legacy_keras.optimizers import SGD

ORACLE = FIXTURES / "oracle" / "engine"
CASES = json.loads((ORACLE / "cases.json").read_text())
ARRAYS = np.load(ORACLE / "cases.npz")


def _mlp(case: str) -> Sequential:
    model = Sequential()
    model.add(Dense(6, input_dim=4, activation="tanh"))
    model.add(Dense(3, activation="softmax"))
    weights = []
    while f"{case}/w{len(weights)}" in ARRAYS:
        weights.append(ARRAYS[f"{case}/w{len(weights)}"])
    model.set_weights(weights)
    return model


@pytest.fixture
def no_keras3_loops(monkeypatch):
    """Fail if Keras 3's pipeline-building predict/evaluate is reached."""
    def refuse(*args, **kwargs):
        raise AssertionError("Keras 3 predict/evaluate loop used for a one-batch call")
    monkeypatch.setattr(keras.Model, "predict", refuse)
    monkeypatch.setattr(keras.Model, "evaluate", refuse)


def test_one_batch_test_values_match_keras1(no_keras3_loops):
    """Sample-weighted and plain test_on_batch/evaluate, repeated (the traced path), vs Keras 1."""
    case = CASES["weights"]
    x, y, sw = ARRAYS["weights/x"], ARRAYS["weights/y"], ARRAYS["weights/sw"]
    model = _mlp("weights")
    model.compile(SGD(lr=0.1), "categorical_crossentropy", metrics=["acc"])
    for _ in range(3):
        assert_keras1_close(model.test_on_batch(x, y, sample_weight=sw), case["test_sw"],
                            rtol=1e-5)
        assert_keras1_close(model.evaluate(x, y, sample_weight=sw, verbose=0), case["test_sw"],
                            rtol=1e-5)


def test_one_batch_calls_give_keras3_numbers():
    rng = np.random.default_rng(0)
    model = Sequential([LSTM(5, input_shape=(3, 4)), Dense(3, activation="softmax")])
    model.compile("sgd", "categorical_crossentropy",
                  metrics=["accuracy", metrics.fmeasure, "mse"])
    x = rng.random((7, 3, 4), dtype=np.float32)
    y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 7)]
    sw = rng.random(7).astype("float32")
    expected = keras.Model.evaluate(model, x, y, sample_weight=sw, verbose=0)
    predicted = keras.Model.predict(model, x, verbose=0)
    # Two traces of the same float32 graph may sum a metric's mean in another order (a few
    # ulps apart, seen in about one run in four): equal up to float32 rounding, not bitwise.
    same = {"rtol": 1e-6, "atol": 0}
    for _ in range(2):
        np.testing.assert_allclose(model.test_on_batch(x, y, sample_weight=sw), expected, **same)
        np.testing.assert_allclose(model.evaluate(x, y, sample_weight=sw, verbose=0), expected, **same)
        np.testing.assert_array_equal(model.predict(x), predicted)
        np.testing.assert_array_equal(model.predict_classes(x, verbose=0), predicted.argmax(-1))
        np.testing.assert_array_equal(model.predict_proba(x, verbose=0), predicted)


def test_larger_inputs_still_batch_like_keras1():
    """More samples than batch_size: the batched loop, same numbers."""
    model = _mlp("weights")
    model.compile(SGD(lr=0.1), "categorical_crossentropy", metrics=["acc"])
    x, y = ARRAYS["weights/x"], ARRAYS["weights/y"]
    np.testing.assert_allclose(model.predict(x, batch_size=3), model.predict(x), rtol=1e-6)
    np.testing.assert_allclose(model.evaluate(x, y, batch_size=3, verbose=0),
                               model.evaluate(x, y, verbose=0), rtol=1e-6)


def test_recompiling_uses_the_new_metrics(no_keras3_loops):
    model = _mlp("weights")
    x, y = ARRAYS["weights/x"], ARRAYS["weights/y"]
    model.compile(SGD(lr=0.1), "categorical_crossentropy", metrics=["acc"])
    model.test_on_batch(x, y)
    model.test_on_batch(x, y)
    model.compile(SGD(lr=0.1), "mse")
    assert np.ndim(model.test_on_batch(x, y)) == 0
    assert np.ndim(model.test_on_batch(x, y)) == 0


def test_verbose_predict_classes_and_evaluate_show_keras1_progress(capsys):
    """Keras 1's predict_classes/predict_proba/evaluate defaulted to verbose=1 (a progress bar)."""
    model = _mlp("weights")
    model.compile(SGD(lr=0.1), "categorical_crossentropy")
    x, y = ARRAYS["weights/x"], ARRAYS["weights/y"]
    capsys.readouterr()
    model.predict(x)
    assert capsys.readouterr().out == ""
    model.predict_classes(x)
    assert "10/10" in capsys.readouterr().out
    model.evaluate(x, y)
    assert "10/10" in capsys.readouterr().out


@pytest.mark.slow
def test_one_sample_predict_latency_close_to_predict_on_batch():
    """Median per-call cost of legacy predict vs Keras 3 predict_on_batch (bench: 1.5x target;
    the test allows 2x for a shared machine)."""
    model = _mlp("weights")
    model.compile(SGD(lr=0.1), "categorical_crossentropy", metrics=["acc"])
    x, y = ARRAYS["weights/x"][:1], ARRAYS["weights/y"][:1]
    calls = {"base": lambda: keras.Model.predict_on_batch(model, x),
             "predict": lambda: model.predict(x),
             "test": lambda: model.test_on_batch(x, y)}
    for fn in calls.values():
        fn()
        fn()
    times: dict[str, list[float]] = {k: [] for k in calls}
    for _ in range(7):
        for name, fn in calls.items():
            start = time.perf_counter()
            for _ in range(30):
                fn()
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["base"])
    assert statistics.median(times["predict"]) <= 2 * base
    assert statistics.median(times["test"]) <= 2.5 * base
