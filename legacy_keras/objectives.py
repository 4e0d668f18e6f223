"""Keras 1.2.2 objectives (losses): Keras 1 names, aliases and formulas.

Every function takes ``(y_true, y_pred)`` and returns the per-sample loss
(mean/sum over the last axis), as Keras 1 did; the model averages it over the
batch.  Keras 3 renamed or changed three of them, which is why they are
written out here rather than taken from ``keras.losses``:

* ``cosine_proximity`` is ``-mean(l2n(y) * l2n(y_hat))`` over the last axis
  (Keras 3 ``cosine_similarity`` is ``-sum``: 1/d of it);
* ``hinge`` / ``squared_hinge`` use the labels as given (Keras 3 maps {0, 1}
  labels to {-1, 1});
* ``kullback_leibler_divergence`` / ``cosine`` are names Keras 3 lacks.

The cross-entropies delegate to ``keras.ops`` (same clipping with
``K.epsilon()`` and, for the categorical one, the same renormalisation of
``y_pred``).  Each function keeps its Keras 1 ``__name__`` (History keys).
"""
from __future__ import annotations

from typing import Any, Callable

import keras
from keras import ops

from legacy_keras.spec.training import LOSS_ALIASES

__all__ = ["mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
           "mean_squared_logarithmic_error", "squared_hinge", "hinge",
           "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
           "kullback_leibler_divergence", "poisson", "cosine_proximity", "get",
           "mse", "MSE", "mae", "MAE", "mape", "MAPE", "msle", "MSLE", "kld", "KLD", "cosine"]


def _epsilon() -> float:
    return keras.config.epsilon()


def _prepare(y_true: Any, y_pred: Any) -> tuple[Any, Any]:
    """Tensors of ``y_pred``'s float dtype (Keras 1 fed float targets)."""
    y_pred = ops.convert_to_tensor(y_pred)
    if not str(y_pred.dtype).startswith(("float", "bfloat")):
        y_pred = ops.cast(y_pred, keras.config.floatx())
    return ops.cast(y_true, y_pred.dtype), y_pred


def l2_normalize(x: Any, axis: int = -1) -> Any:
    """``x / ||x||`` along ``axis`` (TensorFlow's 1e-12 floor on the squared norm)."""
    return x * ops.rsqrt(ops.maximum(ops.sum(ops.square(x), axis=axis, keepdims=True), 1e-12))


def mean_squared_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.square(y_pred - y_true), axis=-1)


def mean_absolute_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.abs(y_pred - y_true), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    diff = ops.abs((y_true - y_pred) / ops.maximum(ops.abs(y_true), _epsilon()))
    return 100.0 * ops.mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    first_log = ops.log(ops.maximum(y_pred, _epsilon()) + 1.0)
    second_log = ops.log(ops.maximum(y_true, _epsilon()) + 1.0)
    return ops.mean(ops.square(first_log - second_log), axis=-1)


def squared_hinge(y_true, y_pred):
    """Keras 1: labels used as given (no {0,1} -> {-1,1} conversion)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.square(ops.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


def hinge(y_true, y_pred):
    """Keras 1: labels used as given (no {0,1} -> {-1,1} conversion)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


def categorical_crossentropy(y_true, y_pred):
    """Keras 1: ``y_pred`` renormalised to sum 1, clipped to [eps, 1-eps]."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=False, axis=-1)


def sparse_categorical_crossentropy(y_true, y_pred):
    """Keras 1: integer targets shaped like ``y_pred`` without its last axis, or with a trailing 1.

    Keras 1 one-hot encodes the targets and takes the categorical path
    (renormalise, clip, log); Keras 3's sparse op differs for probabilities
    that get clipped, so it is not used.
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, "int32")
    if len(y_true.shape) == len(y_pred.shape):
        y_true = ops.squeeze(y_true, axis=-1)
    y_true = ops.one_hot(y_true, ops.shape(y_pred)[-1], dtype=y_pred.dtype)
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=False, axis=-1)


def binary_crossentropy(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.binary_crossentropy(y_true, y_pred, from_logits=False), axis=-1)


def kullback_leibler_divergence(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = ops.clip(y_true, _epsilon(), 1.0)
    y_pred = ops.clip(y_pred, _epsilon(), 1.0)
    return ops.sum(y_true * ops.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(y_pred - y_true * ops.log(y_pred + _epsilon()), axis=-1)


def cosine_proximity(y_true, y_pred):
    """Keras 1: ``-mean`` (not Keras 3's ``-sum``) of the normalised product."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return -ops.mean(l2_normalize(y_true, axis=-1) * l2_normalize(y_pred, axis=-1), axis=-1)


#: canonical Keras 1 objective functions by name
OBJECTIVES: dict[str, Callable] = {fn.__name__: fn for fn in (
    mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
    mean_squared_logarithmic_error, squared_hinge, hinge, categorical_crossentropy,
    sparse_categorical_crossentropy, binary_crossentropy, kullback_leibler_divergence,
    poisson, cosine_proximity)}

for _fn in OBJECTIVES.values():  # compiled models save and load them by name
    keras.saving.register_keras_serializable(package="legacy_keras")(_fn)

# Keras 1 aliases (the same function objects, so __name__ stays the canonical one).
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence
cosine = cosine_proximity


def get(identifier: Any) -> Callable:
    """Keras 1 ``objectives.get``: a Keras 1 name or alias -> function; callables pass through."""
    if isinstance(identifier, dict):
        identifier = dict(identifier).pop("name")
    if isinstance(identifier, str):
        name = LOSS_ALIASES.get(identifier, identifier)
        if name not in OBJECTIVES:
            raise ValueError("Invalid objective: " + identifier)
        return OBJECTIVES[name]
    if callable(identifier):
        return identifier
    raise ValueError(f"Invalid objective: {identifier!r}")
