"""Keras 1 objectives against values computed by the genuine Keras 1.2.2."""
from __future__ import annotations


import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras
from legacy_keras import losses, objectives  # noqa: E402

ORACLE = FIXTURES / "oracle" / "training"
ARRAYS = np.load(ORACLE / "objectives.npz")
LOSS_CASES = sorted(tuple(key.split("/")[1:]) for key in ARRAYS.files if key.startswith("loss/"))


@pytest.mark.parametrize("name,data", LOSS_CASES)
def test_objective_matches_keras1(name, data):
    fn = objectives.get(name)
    value = fn(ARRAYS[data + "/y_true"], ARRAYS[data + "/y_pred"])
    assert_keras1_close(keras.ops.convert_to_numpy(value), ARRAYS[f"loss/{name}/{data}"],
                        rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("alias,name", [
    ("mse", "mean_squared_error"), ("MSE", "mean_squared_error"),
    ("mae", "mean_absolute_error"), ("MAE", "mean_absolute_error"),
    ("mape", "mean_absolute_percentage_error"), ("MAPE", "mean_absolute_percentage_error"),
    ("msle", "mean_squared_logarithmic_error"), ("MSLE", "mean_squared_logarithmic_error"),
    ("kld", "kullback_leibler_divergence"), ("KLD", "kullback_leibler_divergence"),
    ("cosine", "cosine_proximity")])
def test_aliases_are_the_keras1_function(alias, name):
    assert objectives.get(alias) is getattr(objectives, name)
    assert getattr(objectives, alias) is getattr(objectives, name)
    assert objectives.get(alias).__name__ == name


def test_losses_module_is_objectives():
    assert losses.get("cosine") is objectives.cosine_proximity
    assert losses.mean_squared_error is objectives.mean_squared_error


def test_get_unknown_and_callable():
    with pytest.raises(ValueError, match="Invalid objective"):
        objectives.get("logcosh")  # not a Keras 1 name
    fn = lambda y_true, y_pred: y_pred  # noqa: E731
    assert objectives.get(fn) is fn


def test_sparse_targets_1d_and_2d_agree():
    y_true = ARRAYS["sparse/y_true"]
    y_pred = ARRAYS["sparse/y_pred"]
    expected = ARRAYS["loss/sparse_categorical_crossentropy/sparse"]
    value = objectives.sparse_categorical_crossentropy(y_true[:, 0].astype("int64"), y_pred)
    assert_keras1_close(keras.ops.convert_to_numpy(value), expected)


def test_cosine_proximity_trains_in_a_keras3_model():
    """A Keras 1 objective works as a Keras 3 compile loss (batch mean)."""
    y_true, y_pred = ARRAYS["signed/y_true"], ARRAYS["signed/y_pred"]
    model = keras.Sequential([keras.Input((5,)), keras.layers.Identity()])
    model.compile(loss=objectives.get("cosine"))
    loss = model.evaluate(y_pred, y_true, verbose=0, batch_size=len(y_pred))
    assert_keras1_close(loss, ARRAYS["loss/cosine_proximity/signed"].mean())
