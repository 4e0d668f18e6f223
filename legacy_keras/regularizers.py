"""Keras 1.2.2 regularizers on Keras 3.

``l1(l=0.01)``, ``l2(l=0.01)``, ``l1l2(l1=0.01, l2=0.01)`` (Keras 3's
``l1_l2()`` defaults to 0/0), the ``activity_*`` variants and the classes
``L1L2Regularizer`` = ``WeightRegularizer`` = ``ActivityRegularizer``
(defaults 0/0) and ``EigenvalueRegularizer`` (gone from Keras 3).  The
penalty is Keras 3's ``L1L2`` (same formula); ``get_config`` is Keras 1's
``{'name': 'L1L2Regularizer', 'l1': ..., 'l2': ...}``, which is why the
classes are registered as ``legacy_keras>...`` serializables.

Activity regularization: Keras 1 added the penalty of the whole batch's
output; Keras 3 divides the activity penalty by the batch size.  A
regularizer resolved with ``get(..., activity=True)`` (what the layer adapter
does for ``activity_regularizer``) multiplies by the batch size to undo that.
"""
from __future__ import annotations

import warnings
from typing import Any

import keras
import numpy as np
from keras import ops

__all__ = ["Regularizer", "L1L2Regularizer", "WeightRegularizer", "ActivityRegularizer",
           "EigenvalueRegularizer", "l1", "l2", "l1l2", "activity_l1", "activity_l2",
           "activity_l1l2", "get"]

_register = keras.saving.register_keras_serializable(package="legacy_keras")


def _floatx(value: Any) -> float:
    """Keras 1 ``K.cast_to_floatx``: the float32 value (shows in get_config)."""
    return float(np.asarray(value, dtype=keras.config.floatx()))


class Regularizer(keras.regularizers.Regularizer):
    """Keras 1 regularizer base: Keras 1 config, deprecated ``set_param``/``set_layer``."""

    keras1_activity = False

    def __call__(self, x):
        return 0

    def get_config(self) -> dict[str, Any]:
        return {"name": type(self).__name__}

    def set_param(self, _: Any) -> None:
        warnings.warn("The `set_param` method on regularizers is deprecated. "
                      "It no longer does anything, and it will be removed after 06/2017.")

    def set_layer(self, _: Any) -> None:
        warnings.warn("The `set_layer` method on regularizers is deprecated. "
                      "It no longer does anything, and it will be removed after 06/2017.")

    def _activity_scale(self, x: Any, penalty: Any) -> Any:
        if self.keras1_activity and len(x.shape) > 0:
            penalty = penalty * ops.cast(ops.shape(x)[0], penalty.dtype)
        return penalty

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "Regularizer":
        config = dict(config)
        config.pop("name", None)
        return cls(**config)


@_register
class L1L2Regularizer(Regularizer):
    """Keras 1 ``L1L2Regularizer(l1=0., l2=0.)``: sum(l1 |w|) + sum(l2 w^2)."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0, activity: bool = False) -> None:
        self.l1 = _floatx(l1)
        self.l2 = _floatx(l2)
        self.keras1_activity = bool(activity)

    def __call__(self, x):
        penalty = keras.regularizers.L1L2(l1=self.l1, l2=self.l2)(ops.convert_to_tensor(x))
        return self._activity_scale(x, penalty)

    def get_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {"name": type(self).__name__, "l1": self.l1, "l2": self.l2}
        if self.keras1_activity:
            config["activity"] = True  # not a Keras 1 key: marks the batch-sum scaling
        return config


# Keras 1 aliases: one class for weights and activities.
WeightRegularizer = L1L2Regularizer
ActivityRegularizer = L1L2Regularizer


@_register
class EigenvalueRegularizer(Regularizer):
    """Keras 1 ``EigenvalueRegularizer(k)``: k * sqrt(dominant eigenvalue of W^T W).

    The eigenvalue comes from 9 power-method iterations, as in Keras 1
    (Keras 2 removed the class).
    """

    def __init__(self, k: float, activity: bool = False) -> None:
        self.k = k
        self.keras1_activity = bool(activity)

    def __call__(self, x):
        x = ops.convert_to_tensor(x)
        if len(x.shape) != 2:
            raise ValueError("EigenvalueRegularizer is only available for tensors of rank 2.")
        covariance = ops.matmul(ops.transpose(x), x)
        eigenvector = ops.matmul(covariance, ops.ones((x.shape[1], 1), dtype=x.dtype))
        for _ in range(9 - 1):
            eigenvector = ops.matmul(covariance, eigenvector)
        covariance_d = ops.matmul(covariance, eigenvector)
        eigenvalue = (ops.matmul(ops.transpose(covariance_d), eigenvector)
                      / ops.matmul(ops.transpose(eigenvector), eigenvector))
        return self._activity_scale(x, ops.sum((eigenvalue ** 0.5) * self.k))

    def get_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {"name": type(self).__name__, "k": self.k}
        if self.keras1_activity:
            config["activity"] = True
        return config


def l1(l: float = 0.01) -> L1L2Regularizer:  # noqa: E741 - Keras 1 argument name
    return L1L2Regularizer(l1=l)


def l2(l: float = 0.01) -> L1L2Regularizer:  # noqa: E741
    return L1L2Regularizer(l2=l)


def l1l2(l1: float = 0.01, l2: float = 0.01) -> L1L2Regularizer:
    return L1L2Regularizer(l1=l1, l2=l2)


def activity_l1(l: float = 0.01) -> L1L2Regularizer:  # noqa: E741
    return L1L2Regularizer(l1=l)


def activity_l2(l: float = 0.01) -> L1L2Regularizer:  # noqa: E741
    return L1L2Regularizer(l2=l)


def activity_l1l2(l1: float = 0.01, l2: float = 0.01) -> L1L2Regularizer:
    return L1L2Regularizer(l1=l1, l2=l2)


_NAMES: dict[str, Any] = {fn.__name__: fn for fn in (
    l1, l2, l1l2, activity_l1, activity_l2, activity_l1l2, L1L2Regularizer,
    EigenvalueRegularizer)}
_NAMES.update(WeightRegularizer=L1L2Regularizer, ActivityRegularizer=L1L2Regularizer)


def _as_activity(regularizer: Any) -> Any:
    """A copy applying Keras 1's batch-sum activity penalty under Keras 3."""
    if isinstance(regularizer, Regularizer):
        clone = type(regularizer).from_config(regularizer.get_config())
        clone.keras1_activity = True
        return clone
    if isinstance(regularizer, keras.regularizers.L1L2):
        return L1L2Regularizer(regularizer.l1, regularizer.l2, activity=True)
    return regularizer  # Keras 3 objects / plain callables: Keras 3 semantics


def get(identifier: Any, kwargs: dict[str, Any] | None = None, activity: bool = False) -> Any:
    """Keras 1 ``regularizers.get``: name (instantiated with ``kwargs``), Keras 1
    config dict ``{'name': 'L1L2Regularizer', ...}``, instance or callable.

    ``activity=True``: the regularizer is used as a layer's
    ``activity_regularizer`` (see the module docstring).
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        config = dict(identifier)
        if "class_name" in config:  # Keras 3 serialized form
            result = keras.regularizers.deserialize(config)
        else:
            name = config.pop("name")
            if name not in _NAMES:
                raise ValueError("Invalid regularizer: " + str(name))
            result = _NAMES[name](**config)
    elif isinstance(identifier, str):
        if identifier not in _NAMES:
            raise ValueError("Invalid regularizer: " + identifier)
        result = _NAMES[identifier](**(kwargs or {}))
    elif callable(identifier):
        result = identifier
    else:
        raise ValueError(f"Could not interpret regularizer identifier: {identifier!r}")
    return _as_activity(result) if activity else result
