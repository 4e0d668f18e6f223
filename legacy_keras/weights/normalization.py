"""Keras 1 -> Keras 3 weights of ``BatchNormalization`` (pure numpy).

Keras >= 1.0.7 stores ``[gamma, beta, running_mean, running_std]`` where
``running_std`` already holds the *variance* (plus epsilon when trained on
Theano >= 0.9, which Keras 1's own inference also added): they load as
``[gamma, beta, moving_mean, moving_variance]`` unchanged.

Only files from Keras <= 1.0.6 differ: there ``running_std`` was a real
standard deviation and inference computed ``(x - mean) / (std + epsilon_old)``.
When the config says so (``keras_version`` <= 1.0.6, as the HDF5 loader
passes it), the variance that gives the same result under Keras 3's
``sqrt(var + epsilon)`` is ``(std + epsilon_old)**2 - epsilon``.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from legacy_keras.weights import rule

#: Epsilon Keras <= 1.0.6 used (it ignored a configured one only in name).
_OLD_EPSILON_DEFAULT = 1e-6


def _old_format(config: dict[str, Any]) -> bool:
    version = str(config.get("keras_version") or "")
    parts = version.split(".")
    try:
        numbers = tuple(int(p) for p in parts[:3])
    except ValueError:
        return False
    return len(numbers) == 3 and numbers <= (1, 0, 6)


@rule("BatchNormalization")
def batch_normalization(config: dict[str, Any], arrays: list[np.ndarray], theano: bool) -> list[np.ndarray]:
    """Identity for Keras >= 1.0.7; real std -> variance for older files."""
    if not _old_format(config) or len(arrays) != 4:
        return arrays
    epsilon = float(config.get("epsilon", _OLD_EPSILON_DEFAULT))
    gamma, beta, mean, std = arrays
    variance = (std.astype(np.float64) + epsilon) ** 2 - epsilon
    return [gamma, beta, mean, variance.astype(arrays[3].dtype)]
