"""Keras 1 metrics against values computed by the genuine Keras 1.2.2."""
from __future__ import annotations

import re

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras
from legacy_keras import metrics, objectives  # noqa: E402

ORACLE = FIXTURES / "oracle" / "training"
ARRAYS = np.load(ORACLE / "metrics.npz")
OBJECTIVE_DATA = np.load(ORACLE / "objectives.npz")
CASES = sorted(tuple(key.split("/")[1:]) for key in ARRAYS.files if key.startswith("metric/"))


def _data(name):
    source = ARRAYS if name == "topk" else OBJECTIVE_DATA
    return source[name + "/y_true"], source[name + "/y_pred"]


def _metric(name):
    """``top_k_categorical_accuracy_k2`` / ``fbeta_score_beta0.5``: keyword variants."""
    match = re.fullmatch(r"(top_k_categorical_accuracy)_k(\d+)|(fbeta_score)_beta([\d.]+)", name)
    if match is None:
        return metrics.get(name)
    if match.group(1):
        return lambda t, p: metrics.get(match.group(1))(t, p, k=int(match.group(2)))
    return lambda t, p: metrics.get(match.group(3))(t, p, beta=float(match.group(4)))


@pytest.mark.parametrize("name,data", CASES)
def test_metric_matches_keras1(name, data):
    value = _metric(name)(*_data(data))
    assert_keras1_close(keras.ops.convert_to_numpy(value), ARRAYS[f"metric/{name}/{data}"],
                        rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("alias,name", [
    ("fscore", "fmeasure"), ("f1score", "fmeasure"), ("mse", "mean_squared_error"),
    ("MAE", "mean_absolute_error"), ("cosine", "cosine_proximity")])
def test_aliases_keep_keras1_names(alias, name):
    assert metrics.get(alias) is getattr(metrics, name)
    assert metrics.get(alias).__name__ == name


def test_removed_keras2_metrics_are_functions_with_keras1_names():
    for name in ("precision", "recall", "fbeta_score", "fmeasure", "matthews_correlation"):
        assert metrics.get(name).__name__ == name


def test_unknown_metric():
    with pytest.raises(ValueError, match="Invalid metric"):
        metrics.get("kld")  # Keras 1's metrics module had no kld alias


def test_keras1_metric_in_keras3_compile():
    y_true, y_pred = _data("binary")
    model = keras.Sequential([keras.Input((5,)), keras.layers.Identity()])
    model.compile(loss="mse", metrics=[metrics.get("fmeasure"), metrics.get("precision")])
    result = model.evaluate(y_pred, y_true, verbose=0, batch_size=len(y_pred), return_dict=True)
    assert_keras1_close(result["fmeasure"], ARRAYS["metric/fmeasure/binary"])
    assert_keras1_close(result["precision"], ARRAYS["metric/precision/binary"])


def test_epoch_average_weighted_by_batch_size_like_keras1():
    """Keras 1 ``evaluate`` (6 samples, batches of 4 and 2): batch metrics
    averaged weighted by batch size -- ``as_keras3_metric`` reproduces it."""
    y_true, y_pred = _data("binary")
    expected = ARRAYS["evaluate/batch4"]  # [loss, precision, binary_accuracy, fmeasure, mae]
    model = keras.Sequential([keras.Input((5,)), keras.layers.Identity()])
    model.compile(loss=objectives.get("mse"),
                  metrics=[metrics.as_keras3_metric(name) for name in
                           ("precision", "binary_accuracy", "fmeasure", "mae")])
    result = model.evaluate(y_pred, y_true, batch_size=4, verbose=0, return_dict=True)
    assert_keras1_close([result[k] for k in ("loss", "precision", "binary_accuracy", "fmeasure",
                                             "mean_absolute_error")], expected)


def test_keras1_batch_metric_serializes():
    metric = metrics.as_keras3_metric("fscore")
    assert metric.name == "fmeasure"
    clone = keras.metrics.deserialize(keras.metrics.serialize(metric))
    assert isinstance(clone, metrics.Keras1BatchMetric) and clone.name == "fmeasure"


@pytest.mark.parametrize("loss,shape,expected", [
    ("binary_crossentropy", (None, 5), "binary_accuracy"),
    ("mse", (None, 1), "binary_accuracy"),
    ("sparse_categorical_crossentropy", (None, 5), "sparse_categorical_accuracy"),
    ("categorical_crossentropy", (None, 5), "categorical_accuracy"),
    ("mse", (None, 3), "categorical_accuracy")])
def test_accuracy_resolution_like_keras1_compile(loss, shape, expected):
    assert metrics.accuracy_for(loss, shape) is getattr(metrics, expected)
