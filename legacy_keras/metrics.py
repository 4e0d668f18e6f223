"""Keras 1.2.2 metrics: batch-wise functions with Keras 1 names and formulas.

Keras 1 metrics are plain ``(y_true, y_pred) -> scalar`` functions averaged
over the batch.  Keras 2.0 removed the batch-wise ``precision``, ``recall``,
``fbeta_score``, ``fmeasure`` (``fscore``, ``f1score``) and
``matthews_correlation``; in Keras 3 the names ``'precision'``/``'recall'``
even resolve to *stateful, global* metrics with different values.  They are
reimplemented here with Keras 1's exact formulas.  The loss metrics are the
Keras 1 objectives averaged over the batch.  Every function keeps its Keras 1
``__name__``, which is what Keras 1 used as the History key.
"""
from __future__ import annotations

from typing import Any, Callable

import keras
from keras import ops

from legacy_keras import _keras3, objectives
from legacy_keras.spec.training import LOSS_ALIASES, METRIC_ALIASES

__all__ = ["binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
           "top_k_categorical_accuracy", "precision", "recall", "fbeta_score", "fmeasure",
           "fscore", "f1score", "matthews_correlation", "get",
           "Keras1BatchMetric", "as_keras3_metric", "accuracy_for"] + list(objectives.OBJECTIVES)


# Metrics read their inputs exactly as the Keras 1 objectives do.
_epsilon = objectives._epsilon
_floats = objectives._prepare


def _mean_of(condition: Any) -> Any:
    return ops.mean(ops.cast(condition, keras.config.floatx()))


def binary_accuracy(y_true, y_pred):
    """Mean over *all* elements of ``y_true == round(y_pred)`` (half to even)."""
    y_true, y_pred = _floats(y_true, y_pred)
    return _mean_of(ops.equal(y_true, ops.round(y_pred)))


def categorical_accuracy(y_true, y_pred):
    return _mean_of(ops.equal(ops.argmax(y_true, axis=-1), ops.argmax(y_pred, axis=-1)))


def sparse_categorical_accuracy(y_true, y_pred):
    """Keras 1: ``max(y_true, axis=-1)`` is the label (targets shaped (n, 1))."""
    y_true, y_pred = _floats(y_true, y_pred)
    predicted = ops.cast(ops.argmax(y_pred, axis=-1), y_pred.dtype)
    return _mean_of(ops.equal(ops.max(y_true, axis=-1), predicted))


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    targets = ops.cast(ops.argmax(y_true, axis=-1), "int32")
    return _mean_of(ops.in_top_k(targets, ops.convert_to_tensor(y_pred), k))


def precision(y_true, y_pred):
    """Keras 1.2 batch-wise precision (removed in Keras 2)."""
    y_true, y_pred = _floats(y_true, y_pred)
    true_positives = ops.sum(ops.round(ops.clip(y_true * y_pred, 0, 1)))
    predicted_positives = ops.sum(ops.round(ops.clip(y_pred, 0, 1)))
    return true_positives / (predicted_positives + _epsilon())


def recall(y_true, y_pred):
    """Keras 1.2 batch-wise recall (removed in Keras 2)."""
    y_true, y_pred = _floats(y_true, y_pred)
    true_positives = ops.sum(ops.round(ops.clip(y_true * y_pred, 0, 1)))
    possible_positives = ops.sum(ops.round(ops.clip(y_true, 0, 1)))
    return true_positives / (possible_positives + _epsilon())


def fbeta_score(y_true, y_pred, beta=1):
    """Keras 1.2 batch-wise F-beta score (removed in Keras 2).

    Keras 1's early ``return 0`` compared a symbolic tensor with ``==`` and
    so never fired; without true labels the formula gives 0 anyway.
    """
    if beta < 0:
        raise ValueError("The lowest choosable beta is zero (only precision).")
    p = precision(y_true, y_pred)
    r = recall(y_true, y_pred)
    bb = beta ** 2
    return (1 + bb) * (p * r) / (bb * p + r + _epsilon())


def fmeasure(y_true, y_pred):
    """Keras 1.2 batch-wise F1 (``fbeta_score`` with beta=1)."""
    return fbeta_score(y_true, y_pred, beta=1)


def matthews_correlation(y_true, y_pred):
    """Keras 1.2 batch-wise Matthews correlation (removed in Keras 2)."""
    y_true, y_pred = _floats(y_true, y_pred)
    y_pred_pos = ops.round(ops.clip(y_pred, 0, 1))
    y_pred_neg = 1 - y_pred_pos
    y_pos = ops.round(ops.clip(y_true, 0, 1))
    y_neg = 1 - y_pos
    tp = ops.sum(y_pos * y_pred_pos)
    tn = ops.sum(y_neg * y_pred_neg)
    fp = ops.sum(y_neg * y_pred_pos)
    fn = ops.sum(y_pos * y_pred_neg)
    numerator = tp * tn - fp * fn
    denominator = ops.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return numerator / (denominator + _epsilon())


def _batch_mean(objective: Callable) -> Callable:
    """Keras 1 loss metric: the objective averaged over the whole batch."""
    def metric(y_true, y_pred):
        return ops.mean(objective(y_true, y_pred))
    metric.__name__ = metric.__qualname__ = objective.__name__
    metric.__doc__ = f"Keras 1 metric: batch mean of ``objectives.{objective.__name__}``."
    return metric


mean_squared_error = _batch_mean(objectives.mean_squared_error)
mean_absolute_error = _batch_mean(objectives.mean_absolute_error)
mean_absolute_percentage_error = _batch_mean(objectives.mean_absolute_percentage_error)
mean_squared_logarithmic_error = _batch_mean(objectives.mean_squared_logarithmic_error)
hinge = _batch_mean(objectives.hinge)
squared_hinge = _batch_mean(objectives.squared_hinge)
categorical_crossentropy = _batch_mean(objectives.categorical_crossentropy)
sparse_categorical_crossentropy = _batch_mean(objectives.sparse_categorical_crossentropy)
binary_crossentropy = _batch_mean(objectives.binary_crossentropy)
kullback_leibler_divergence = _batch_mean(objectives.kullback_leibler_divergence)
poisson = _batch_mean(objectives.poisson)
cosine_proximity = _batch_mean(objectives.cosine_proximity)

#: Keras 1 metric functions by canonical name
METRICS: dict[str, Callable] = {fn.__name__: fn for fn in (
    binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
    top_k_categorical_accuracy, precision, recall, fbeta_score, fmeasure,
    matthews_correlation, mean_squared_error, mean_absolute_error,
    mean_absolute_percentage_error, mean_squared_logarithmic_error, hinge, squared_hinge,
    categorical_crossentropy, sparse_categorical_crossentropy, binary_crossentropy,
    kullback_leibler_divergence, poisson, cosine_proximity)}

# Keras 1 aliases (same objects, so History keys use the canonical names).
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
cosine = cosine_proximity
fscore = f1score = fmeasure

# Keras 1's metrics module had the loss aliases except kld/KLD.
_LOSS_ALIASES = {alias: name for alias, name in LOSS_ALIASES.items()
                 if name != "kullback_leibler_divergence"}


for _fn in METRICS.values():  # own package: loss metrics share the objectives' names
    keras.saving.register_keras_serializable(package="legacy_keras.metrics")(_fn)


@keras.saving.register_keras_serializable(package="legacy_keras")
class Keras1BatchMetric(keras.metrics.MeanMetricWrapper):
    """A Keras 1 batch metric as a Keras 3 metric with Keras 1 epoch averaging.

    Keras 1 averaged each batch's metric value over the epoch *weighted by the
    batch size*; a Keras 3 ``Mean`` counts a scalar as one sample.  The batch
    value is therefore repeated once per sample before averaging.
    """

    def __init__(self, fn: Callable | str, name: str | None = None, dtype: Any = None,
                 **kwargs: Any) -> None:
        fn = get(fn)
        super().__init__(fn=fn, name=name or fn.__name__, dtype=dtype, **kwargs)
        self._keras1_fn = fn

    def update_state(self, y_true, y_pred, sample_weight=None):
        # Keras 1 metrics ignored sample weights.
        fn, fn_kwargs = _keras3.metric_wrapper_fn(self)
        value = fn(y_true, y_pred, **fn_kwargs)
        batch = ops.shape(ops.convert_to_tensor(y_pred))[0]
        return keras.metrics.Mean.update_state(self, ops.broadcast_to(value, (batch,)))

    def get_config(self) -> dict[str, Any]:
        return {"fn": self._keras1_fn.__name__, "name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "Keras1BatchMetric":
        return cls(**config)


def as_keras3_metric(identifier: Any, name: str | None = None) -> Keras1BatchMetric:
    """What ``compile(metrics=[...])`` should pass Keras 3 for a Keras 1 metric."""
    return Keras1BatchMetric(identifier, name=name)


def accuracy_for(loss: Any, output_shape: tuple) -> Callable:
    """The function Keras 1 ``compile`` used for ``metrics=['acc'/'accuracy']``.

    Binary accuracy for a single output unit or binary cross-entropy, sparse
    categorical accuracy for sparse categorical cross-entropy, categorical
    accuracy otherwise.  Keras 1 logged it as ``'acc'`` whichever was asked.
    """
    loss_fn = objectives.get(loss)
    if output_shape[-1] == 1 or loss_fn is objectives.binary_crossentropy:
        return binary_accuracy
    if loss_fn is objectives.sparse_categorical_crossentropy:
        return sparse_categorical_accuracy
    return categorical_accuracy


def get(identifier: Any) -> Callable:
    """Keras 1 ``metrics.get``: name or alias -> function; callables pass through.

    ``'acc'``/``'accuracy'`` are not metric names in Keras 1 either: ``compile``
    picks binary/categorical accuracy from the loss (the engine does that).
    """
    if isinstance(identifier, dict):
        identifier = dict(identifier).pop("name")
    if isinstance(identifier, str):
        name = METRIC_ALIASES.get(identifier, _LOSS_ALIASES.get(identifier, identifier))
        if name not in METRICS:
            raise ValueError("Invalid metric: " + identifier)
        return METRICS[name]
    if callable(identifier):
        return identifier
    raise ValueError(f"Invalid metric: {identifier!r}")
