"""Keras 1.2.2 weight constraints on Keras 3.

``maxnorm``/``MaxNorm(m=2, axis=0)``, ``nonneg``/``NonNeg``,
``unitnorm``/``UnitNorm(axis=0)`` and ``MinMaxNorm(low, high, rate, axis)``
subclass the Keras 3 constraints (same formulas: ``w * clip(norm) / (eps +
norm)``) with Keras 1 argument names and Keras 1 config dicts
(``{'name': 'MaxNorm', 'm': 2, 'axis': 0}``), hence registered as
``legacy_keras>...`` serializables.

``axis`` refers to the weight layout of the layer it is given to.  Keras 1
'th' convolution kernels were ``(out, in, rows, cols)``; Keras 3 kernels are
``(rows, cols, in, out)``, so a layer translating a 'th' Keras 1 layer must
remap ``axis`` (:func:`remap_axis`).
"""
from __future__ import annotations

from typing import Any, Sequence

import keras

__all__ = ["Constraint", "MaxNorm", "NonNeg", "UnitNorm", "MinMaxNorm", "maxnorm", "nonneg",
           "unitnorm", "get", "remap_axis"]

_register = keras.saving.register_keras_serializable(package="legacy_keras")


class Constraint(keras.constraints.Constraint):
    """Keras 1 constraint base (identity); Keras 1 ``{'name': ClassName}`` config."""

    keras1_keys: tuple[str, ...] = ()

    def get_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {"name": type(self).__name__}
        config.update({key: getattr(self, key) for key in self.keras1_keys})
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "Constraint":
        config = dict(config)
        config.pop("name", None)
        return cls(**config)


@_register
class MaxNorm(Constraint, keras.constraints.MaxNorm):
    """Keras 1 ``MaxNorm(m=2, axis=0)``."""

    keras1_keys = ("m", "axis")

    def __init__(self, m: float = 2, axis: int | Sequence[int] = 0) -> None:
        keras.constraints.MaxNorm.__init__(self, max_value=m, axis=axis)
        self.m = m


@_register
class NonNeg(Constraint, keras.constraints.NonNeg):
    """Keras 1 ``NonNeg()``: negative weights set to 0."""


@_register
class UnitNorm(Constraint, keras.constraints.UnitNorm):
    """Keras 1 ``UnitNorm(axis=0)``."""

    keras1_keys = ("axis",)

    def __init__(self, axis: int | Sequence[int] = 0) -> None:
        keras.constraints.UnitNorm.__init__(self, axis=axis)


@_register
class MinMaxNorm(Constraint, keras.constraints.MinMaxNorm):
    """Keras 1 ``MinMaxNorm(low=0.0, high=1.0, rate=1.0, axis=0)``."""

    keras1_keys = ("low", "high", "rate", "axis")

    def __init__(self, low: float = 0.0, high: float = 1.0, rate: float = 1.0,
                 axis: int | Sequence[int] = 0) -> None:
        keras.constraints.MinMaxNorm.__init__(self, min_value=low, max_value=high, rate=rate,
                                              axis=axis)
        self.low = low
        self.high = high


# Keras 1 aliases.
maxnorm = MaxNorm
nonneg = NonNeg
unitnorm = UnitNorm

_NAMES: dict[str, type] = {"MaxNorm": MaxNorm, "NonNeg": NonNeg, "UnitNorm": UnitNorm,
                           "MinMaxNorm": MinMaxNorm, "maxnorm": MaxNorm, "nonneg": NonNeg,
                           "unitnorm": UnitNorm}


def remap_axis(axis: int | Sequence[int], permutation: Sequence[int]) -> int | list[int]:
    """Keras 1 weight axis -> Keras 3 axis, given ``permutation[k3_axis] = k1_axis``
    (e.g. 'th' conv kernel (out, in, r, c) -> (r, c, in, out): ``(2, 3, 1, 0)``)."""
    if isinstance(axis, int):
        return list(permutation).index(axis % len(permutation))
    return sorted(remap_axis(a, permutation) for a in axis)  # type: ignore[misc]


def get(identifier: Any, kwargs: dict[str, Any] | None = None) -> Any:
    """Keras 1 ``constraints.get``: name (instantiated with ``kwargs``), Keras 1
    config dict ``{'name': 'MaxNorm', 'm': ..., 'axis': ...}``, instance or callable."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        config = dict(identifier)
        if "class_name" in config:  # Keras 3 serialized form
            return keras.constraints.deserialize(config)
        name = config.pop("name")
        if name not in _NAMES:
            raise ValueError("Invalid constraint: " + str(name))
        return _NAMES[name](**config)
    if isinstance(identifier, str):
        if identifier not in _NAMES:
            raise ValueError("Invalid constraint: " + identifier)
        return _NAMES[identifier](**(kwargs or {}))
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret constraint identifier: {identifier!r}")
