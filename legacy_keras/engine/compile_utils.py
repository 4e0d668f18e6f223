"""Keras 1 losses and metrics inside Keras 3's ``compile`` (``Keras1Loss``, ``Keras1Metric``).

Keras 1 weighted and masked losses differently from Keras 3 and named and
averaged metrics its own way; the wrappers here carry Keras 1's rules, and the
lookups resolve Keras 1 names (never Keras 3's: the numerics differ).
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import keras
import numpy as np
from keras import ops

from legacy_keras._keras3 import keras_mask, scale_loss_for_distribution

from legacy_keras import metrics as k1_metrics
from legacy_keras import objectives as k1_objectives
from legacy_keras import optimizers as k1_optimizers


# ---------------------------------------------------------------------------
# Losses and metrics

@keras.saving.register_keras_serializable(package="legacy_keras")
class Keras1Loss(keras.losses.Loss):
    """A Keras 1 objective with Keras 1's weighting (``weighted_objective``).

    Keras 1: ``score = fn(y_true, y_pred)``; with a mask, ``score * mask /
    mean(mask)``; with sample weights (class weights become sample weights),
    ``score`` is first averaged down to the weights' rank, then ``score * w /
    mean(w != 0)``; the loss is ``mean(score)``.  Keras 3 divides by the batch
    size only, so losses differ whenever some weights are zero.
    """

    def __init__(self, fn: Callable | str = "mean_squared_error", name: str | None = None,
                 **kwargs: Any) -> None:
        kwargs.pop("reduction", None)
        if isinstance(fn, (str, dict)):
            fn = _get_objective(fn)
        self.fn = fn
        super().__init__(name=name or getattr(fn, "__name__", "loss"), reduction="none", **kwargs)

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        mask = keras_mask(y_pred)
        y_pred = ops.convert_to_tensor(y_pred)
        # Keras 1 targets were placeholders of the output's dtype (floatX)
        y_true = ops.cast(y_true, y_pred.dtype)
        score = self.fn(y_true, y_pred)
        score = ops.convert_to_tensor(score)
        if not str(score.dtype).startswith("float"):
            score = ops.cast(score, "float32")
        if mask is not None:
            mask = ops.cast(mask, score.dtype)
            while len(mask.shape) > len(score.shape):
                mask = ops.squeeze(mask, -1) if mask.shape[-1] == 1 else ops.mean(mask, -1)
            score = score * mask / ops.mean(mask)
        if sample_weight is not None:
            weights = ops.cast(ops.convert_to_tensor(sample_weight), score.dtype)
            while len(weights.shape) > len(score.shape) and weights.shape[-1] == 1:
                weights = ops.squeeze(weights, -1)
            wdim = len(weights.shape)
            if len(score.shape) > wdim:
                score = ops.mean(score, axis=list(range(wdim, len(score.shape))))
            score = score * weights
            score = score / ops.mean(ops.cast(ops.not_equal(weights, 0), score.dtype))
        # tf.distribute sums replica gradients; scale by 1/replicas like keras.losses.Loss
        return scale_loss_for_distribution(ops.mean(score))

    def call(self, y_true: Any, y_pred: Any) -> Any:
        return self.fn(y_true, y_pred)

    def get_config(self) -> dict:
        return {"name": self.name, "fn": keras.saving.serialize_keras_object(self.fn)
                if not _is_named_objective(self.fn) else self.fn.__name__}

    @classmethod
    def from_config(cls, config: dict) -> "Keras1Loss":
        fn = config.get("fn")
        if isinstance(fn, dict):
            fn = keras.saving.deserialize_keras_object(fn)
        return cls(fn=fn, name=config.get("name"))


def _scores_as_loss(y_true: Any, scores: Any) -> Any:
    """Per-sample loss values already computed (closure losses)."""
    return scores


def _closes_over_keras_tensors(fn: Any) -> bool:
    """Whether a loss function reads symbolic Keras tensors (globals or closure)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    values = [cell.cell_contents for cell in (fn.__closure__ or ()) if _cell_is_set(cell)]
    namespace = getattr(fn, "__globals__", {})
    values += [namespace[name] for name in code.co_names if name in namespace]
    return any(isinstance(value, keras.KerasTensor) for value in values)


def _cell_is_set(cell: Any) -> bool:
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def _is_named_objective(fn: Any) -> bool:
    try:
        return _get_objective(getattr(fn, "__name__", None)) is fn
    except Exception:
        return False


def _get_objective(identifier: Any) -> Callable:
    """A Keras 1 objective by name/function (never a Keras 3 loss: the numerics differ)."""
    return k1_objectives.get(identifier)


def _get_metric(identifier: Any) -> Callable:
    """A Keras 1 metric by name/function."""
    return k1_metrics.get(identifier)


def _get_optimizer(identifier: Any) -> Any:
    """A Keras 1 optimizer by name/config/instance."""
    return k1_optimizers.get(identifier)


@keras.saving.register_keras_serializable(package="legacy_keras")
class Keras1Metric(keras.metrics.Metric):
    """A Keras 1 metric function: per batch ``mean(fn(y_true, y_pred))``, averaged over
    the epoch weighted by batch size (Keras 1's ``BaseLogger``); sample weights
    and masks are ignored, as Keras 1 did.  A function returning a dict gives
    one value per key (``keys``), reported under those names.
    """

    def __init__(self, fn: Callable | str, name: str | None = None,
                 keys: Sequence[str] | None = None, **kwargs: Any) -> None:
        if isinstance(fn, (str, dict)):
            fn = _get_metric(fn)
        self.fn = fn
        self.base_name = name or getattr(fn, "__name__", "metric")
        super().__init__(name=self.base_name, **kwargs)
        self.keys = list(keys) if keys else None
        count = len(self.keys) if self.keys else 1
        self.totals = [self.add_variable(shape=(), initializer="zeros", name=f"total_{i}")
                       for i in range(count)]
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        y_pred = ops.convert_to_tensor(y_pred)
        value = self.fn(ops.cast(y_true, y_pred.dtype), y_pred)
        n = ops.cast(ops.shape(y_pred)[0], "float32")
        values = [value[k] for k in self.keys] if self.keys else [value]
        for total, v in zip(self.totals, values):
            total.assign_add(ops.mean(ops.cast(v, "float32")) * n)
        self.count.assign_add(n)

    def result(self) -> Any:
        denominator = ops.maximum(self.count, 1.)
        if not self.keys:
            return self.totals[0] / denominator
        prefix = self.name[: -len(self.base_name)] if self.name.endswith(self.base_name) else ""
        return {prefix + key: total / denominator for key, total in zip(self.keys, self.totals)}

    def reset_state(self) -> None:
        for variable in self.variables:
            variable.assign(0.)

    def get_config(self) -> dict:
        fn = self.fn.__name__ if _is_named_metric(self.fn) else keras.saving.serialize_keras_object(self.fn)
        return {"name": self.base_name, "fn": fn, "keys": self.keys}

    @classmethod
    def from_config(cls, config: dict) -> "Keras1Metric":
        fn = config.get("fn")
        if isinstance(fn, dict):
            fn = keras.saving.deserialize_keras_object(fn)
        return cls(fn=fn, name=config.get("name"), keys=config.get("keys"))


def _is_named_metric(fn: Any) -> bool:
    try:
        return _get_metric(getattr(fn, "__name__", None)) is fn
    except Exception:
        return False


def _probe_metric_keys(fn: Callable, shape: Sequence[int | None] | None) -> list[str] | None:
    """Keys of a metric function that returns a dict (Keras 1 expanded those), else None."""
    if shape is None or _is_named_metric(fn):
        return None
    concrete = tuple(2 if d is None else int(d) for d in shape)
    try:
        probe = ops.convert_to_tensor(np.full(concrete, 0.5, dtype="float32"))
        value = fn(probe, probe)
    except Exception:
        return None
    return list(value) if isinstance(value, dict) else None


def _accuracy_fn(output_shape: Sequence | None, loss_fn: Any) -> Callable:
    """Keras 1's choice of accuracy function for ``metrics=['accuracy']``."""
    name = getattr(loss_fn, "__name__", "")
    if (output_shape is not None and output_shape[-1] == 1) or name == "binary_crossentropy":
        return _get_metric("binary_accuracy")
    if name == "sparse_categorical_crossentropy":
        return _get_metric("sparse_categorical_accuracy")
    return _get_metric("categorical_accuracy")

