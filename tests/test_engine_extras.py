"""Keras 1 argument ranges and extras (issue 12.5) and a temporal regression (12.6), against
Keras 1.2.2 (``fixtures/oracle/engine/extras.*`` from ``fixtures/oracle/make_engine_extras.py``)."""
from __future__ import annotations

import json
import warnings

import keras
import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

from legacy_keras.layers import Dense, LeakyReLU, TimeDistributed
from legacy_keras.models import Sequential
from legacy_keras.utils.generic_utils import CustomObjectScope

ORACLE = FIXTURES / "oracle" / "engine"
EXPECTED = json.loads((ORACLE / "extras.json").read_text())
ARRAYS = np.load(ORACLE / "extras.npz")


@pytest.mark.parametrize("alpha", EXPECTED["alphas"])
def test_leaky_relu_takes_any_slope_like_keras1(alpha):
    model = Sequential([LeakyReLU(alpha=alpha, input_shape=(9,))])
    np.testing.assert_allclose(model.predict(ARRAYS["leaky/x"]), ARRAYS[f"leaky/{alpha:g}"],
                               rtol=1e-6)


def test_temporal_regression_reaches_keras1_loss():
    """TimeDistributed Dense, temporal sample weights with zeros, an extra compile keyword:
    the loss follows Keras 1's curve epoch by epoch (and so ends where Keras 1 ends)."""
    steps = ARRAYS["temporal/x"].shape[1]
    model = Sequential()
    model.add(TimeDistributed(Dense(8, activation="tanh"), input_shape=(steps, 3)))
    model.add(TimeDistributed(Dense(1)))
    model.set_weights([ARRAYS[f"temporal/w{i}"] for i in range(4)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the ignored mode= keyword
        model.compile(optimizer="rmsprop", loss="mse", sample_weight_mode="temporal", mode=None)
    history = model.fit(ARRAYS["temporal/x"], ARRAYS["temporal/y"], batch_size=8,
                        nb_epoch=EXPECTED["epochs"], shuffle=False, verbose=0,
                        sample_weight=ARRAYS["temporal/sw"])
    assert_keras1_close(history.history["loss"], EXPECTED["temporal_loss"], rtol=1e-3)
    np.testing.assert_allclose(model.predict(ARRAYS["temporal/x"]), ARRAYS["temporal/pred"],
                               rtol=1e-3, atol=1e-4)


def test_custom_object_scope_takes_several_dicts():
    def fn_a(x):
        return x

    def fn_b(x):
        return x
    lookup = keras.saving.get_registered_object
    with CustomObjectScope({"fn_a": fn_a}, {"fn_b": fn_b}):
        assert lookup("fn_a") is fn_a and lookup("fn_b") is fn_b
    assert lookup("fn_a") is None


def test_tensorboard_callback_writes_event_files(tmp_path):
    import tensorboard  # noqa: F401  (a dependency: never skipped)
    from legacy_keras.callbacks import TensorBoard
    model = Sequential([Dense(2, input_dim=3)])
    model.compile("sgd", "mse")
    x, y = np.ones((4, 3), "float32"), np.ones((4, 2), "float32")
    model.fit(x, y, nb_epoch=2, verbose=0, validation_data=(x, y),
              callbacks=[TensorBoard(log_dir=str(tmp_path), histogram_freq=1)])
    events = list(tmp_path.rglob("events.out.tfevents.*"))
    assert events
