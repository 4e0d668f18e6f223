"""Keras 1 optimizers against the genuine Keras 1.2.2 (fixtures/oracle/training).

A ``Dense(3)`` model with the oracle's fixed weights is trained with
``train_on_batch`` on the oracle's fixed data; the weights after every step
must follow the Keras 1 trajectory; the optimizer state must read (and load)
as Keras 1's ``optimizer.get_weights()`` did.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras
from legacy_keras import optimizers  # noqa: E402
from legacy_keras.spec.training import OPTIMIZER_DEFAULTS, OPTIMIZER_KERAS1_WEIGHTS  # noqa: E402

ORACLE = FIXTURES / "oracle" / "training"
META = json.loads((ORACLE / "optimizers.json").read_text())
ARRAYS = np.load(ORACLE / "optimizers.npz")
CASES = sorted(META["cases"])


def _model(optimizer):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    model.set_weights([ARRAYS["init/kernel"], ARRAYS["init/bias"]])
    model.compile(optimizer=optimizer, loss="mse")
    return model


def _mid_state(case):
    prefix = case + "/mid_state/"
    return [ARRAYS[key] for key in sorted(k for k in ARRAYS.files if k.startswith(prefix))]


@pytest.mark.parametrize("case", CASES)
def test_trajectory_matches_keras1(case):
    meta = META["cases"][case]
    optimizer = getattr(optimizers, meta["class_name"])(**meta["kwargs"])
    model = _model(optimizer)
    x, y = ARRAYS["data/x"], ARRAYS["data/y"]
    for step in range(META["steps"]):
        loss = model.train_on_batch(x, y)
        assert_keras1_close(loss, ARRAYS[case + "/loss"][step], rtol=1e-5)
        kernel, bias = model.get_weights()
        assert_keras1_close(kernel, ARRAYS[case + "/kernel"][step], rtol=1e-5, atol=1e-6)
        assert_keras1_close(bias, ARRAYS[case + "/bias"][step], rtol=1e-5, atol=1e-6)
        if step == META["mid_step"]:
            _check_keras1_state(case, optimizer)


@pytest.mark.parametrize("case", CASES)
def test_get_config_has_keras1_keys_and_values(case):
    meta = META["cases"][case]
    optimizer = getattr(optimizers, meta["class_name"])(**meta["kwargs"])
    config = optimizer.get_config()
    expected = meta["config"]
    assert sorted(config) == sorted(expected)
    for key, value in expected.items():
        assert config[key] == pytest.approx(value, rel=1e-6), key
    clone = type(optimizer).from_config(config)
    assert clone.get_config() == config


@pytest.mark.parametrize("name", sorted(OPTIMIZER_DEFAULTS))
def test_defaults_are_keras1(name):
    expected = next(m["config"] for m in META["cases"].values()
                    if m["class_name"] == name and not m["kwargs"])
    assert getattr(optimizers, name)().get_config() == pytest.approx(expected)


def test_get_by_name_and_instance():
    for identifier, class_name in META["get"].items():
        assert type(optimizers.get(identifier)).__name__ == class_name
    sgd = optimizers.SGD(lr=0.3)
    assert optimizers.get(sgd) is sgd
    assert optimizers.get("sgd", {"lr": 0.5}).get_config()["lr"] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        optimizers.get("no_such_optimizer")


def test_keras1_config_dict_round_trip():
    config = {"class_name": "RMSprop", "config": {"lr": 0.02, "rho": 0.8, "epsilon": 1e-8,
                                                   "decay": 0.0}}
    opt = optimizers.get(config)
    assert isinstance(opt, optimizers.RMSprop)
    assert opt.get_config()["rho"] == pytest.approx(0.8)
    assert opt.get_config()["lr"] == pytest.approx(0.02)


def test_lr_is_a_settable_variable():
    opt = optimizers.Adam(lr=0.1)
    assert float(keras.ops.convert_to_numpy(opt.lr)) == pytest.approx(0.1)
    opt.lr.assign(0.25)  # what K.set_value(opt.lr, 0.25) does
    assert opt.get_config()["lr"] == pytest.approx(0.25)
    opt.lr = 0.5
    assert float(keras.ops.convert_to_numpy(opt.learning_rate)) == pytest.approx(0.5)


def test_lr_change_mid_training_is_used():
    """Keras 1 LearningRateScheduler pattern: set lr between batches."""
    case = "sgd_default"
    optimizer = optimizers.SGD(lr=0.01)
    model = _model(optimizer)
    x, y = ARRAYS["data/x"], ARRAYS["data/y"]
    model.train_on_batch(x, y)
    optimizer.lr = 0.0
    model.train_on_batch(x, y)
    kernel, _ = model.get_weights()
    assert_keras1_close(kernel, ARRAYS[case + "/kernel"][0])


def test_unknown_keyword_is_refused_like_keras1():
    with pytest.raises(TypeError, match="Unexpected keyword argument passed to optimizer: foo"):
        optimizers.SGD(foo=1)
    with pytest.raises(TypeError, match="decay"):
        optimizers.Nadam(decay=0.1)  # Keras 1 Nadam had no decay


def test_keras3_serialization_round_trip():
    opt = optimizers.Nadam(lr=0.01, schedule_decay=0.3, clipnorm=1.0, clipvalue=0.5)
    clone = keras.optimizers.deserialize(keras.optimizers.serialize(opt))
    assert type(clone) is optimizers.Nadam
    assert clone.get_config() == opt.get_config()


def _check_keras1_state(case, optimizer):
    """``get_keras1_weights()`` lists the state as Keras 1's ``get_weights()`` did."""
    meta = META["cases"][case]
    expected = _mid_state(case)
    actual = optimizer.get_keras1_weights()
    assert len(actual) == len(expected)
    momentum_free_sgd = meta["class_name"] == "SGD" and not meta["kwargs"].get("momentum")
    for i, (value, want) in enumerate(zip(actual, expected)):
        if momentum_free_sgd and i > 0:
            continue  # Keras 1 kept unused moments (-lr*g); Keras 3 keeps none
        if i == 0 and meta["class_name"] == "SGD" and not meta["kwargs"].get("decay"):
            continue  # Keras 1 SGD counted iterations only with decay
        assert_keras1_close(value, want, rtol=1e-5, atol=1e-6)


#: resuming is checked for one case per optimizer by default, all with -m slow
_RESUME_DEFAULT = {"sgd_decay", "sgd_nesterov", "rmsprop_default", "adagrad_default",
                   "adadelta_default", "adam_args", "adamax_args", "nadam_args"}


@pytest.mark.parametrize("case", [c if c in _RESUME_DEFAULT else
                                  pytest.param(c, marks=pytest.mark.slow) for c in CASES])
def test_resume_from_keras1_optimizer_weights(case):
    """A Keras 1 mid-training state (weights + optimizer_weights) continues on
    the Keras 1 trajectory -- what loading a Keras 1 HDF5 with optimizer state needs."""
    meta = META["cases"][case]
    if meta["kwargs"].get("decay") and \
            "iterations" not in OPTIMIZER_KERAS1_WEIGHTS[meta["class_name"]]:
        pytest.skip("Keras 1 did not save the step counter of this optimizer")
    mid = META["mid_step"]
    optimizer = getattr(optimizers, meta["class_name"])(**meta["kwargs"])
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    model.set_weights([ARRAYS[case + "/kernel"][mid], ARRAYS[case + "/bias"][mid]])
    model.compile(optimizer=optimizer, loss="mse")
    optimizer.build(model.trainable_variables)
    optimizer.set_keras1_weights(_mid_state(case))
    for step in range(mid + 1, META["steps"]):
        model.train_on_batch(ARRAYS["data/x"], ARRAYS["data/y"])
        kernel, bias = model.get_weights()
        assert_keras1_close(kernel, ARRAYS[case + "/kernel"][step], rtol=1e-5, atol=1e-6)
        assert_keras1_close(bias, ARRAYS[case + "/bias"][step], rtol=1e-5, atol=1e-6)


def test_set_keras1_weights_checks_count_and_shapes():
    optimizer = optimizers.Adam()
    model = _model(optimizer)
    with pytest.raises(ValueError, match="Build"):
        optimizer.set_keras1_weights([])
    optimizer.build(model.trainable_variables)
    with pytest.raises(ValueError, match="expected 5"):
        optimizer.set_keras1_weights([np.zeros(1)])
    bad = [np.zeros(())] + [np.zeros((2, 2))] * 4
    with pytest.raises(ValueError, match="not compatible"):
        optimizer.set_keras1_weights(bad)


@pytest.mark.parametrize("name", ["sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamax", "nadam"])
def test_sparse_embedding_gradients_train(name):
    """Embedding gradients arrive as IndexedSlices; Keras 1 formulas need them dense."""
    import keras

    from legacy_keras import optimizers
    from legacy_keras.layers import Embedding

    inputs = keras.Input((5,), dtype="int32")
    outputs = keras.layers.Dense(1)(keras.layers.Flatten()(Embedding(50, 4)(inputs)))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=optimizers.get(name), loss="mse")
    before = model.layers[1].get_weights()[0].copy()
    model.train_on_batch(np.arange(10).reshape(2, 5), np.ones((2, 1)))
    after = model.layers[1].get_weights()[0]
    assert not np.allclose(before[:10], after[:10])  # rows that were looked up moved
    np.testing.assert_array_equal(before[10:], after[10:])  # rows not looked up did not
