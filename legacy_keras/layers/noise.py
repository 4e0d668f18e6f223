"""Keras 1 ``keras.layers.noise`` on Keras 3 (same formulas, renamed arguments).

``GaussianNoise(sigma)`` -> ``GaussianNoise(stddev)``; ``GaussianDropout(p)``
-> ``GaussianDropout(rate)`` (multiplicative N(1, p/(1-p)) noise in both).
Both are identity at inference, as in Keras 1.
"""
from __future__ import annotations

from typing import Any

import keras

from legacy_keras.layers._adapt import Keras1Layer, export_as_keras3

__all__ = ["GaussianNoise", "GaussianDropout"]


class GaussianNoise(Keras1Layer, keras.layers.GaussianNoise):
    """Keras 1 ``GaussianNoise(sigma)``: additive N(0, sigma) noise at training time."""

    keras1_class = "GaussianNoise"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


class GaussianDropout(Keras1Layer, keras.layers.GaussianDropout):
    """Keras 1 ``GaussianDropout(p)``: multiplicative N(1, sqrt(p/(1-p))) noise at training time."""

    keras1_class = "GaussianDropout"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


export_as_keras3(GaussianNoise, "keras.layers.GaussianNoise")
export_as_keras3(GaussianDropout, "keras.layers.GaussianDropout")
