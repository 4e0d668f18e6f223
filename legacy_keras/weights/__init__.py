"""Keras 1 weight arrays -> Keras 3 variables, per layer class, in plain numpy.

One registry serves every path that meets Keras 1 arrays: a layer's
``weights=`` argument, ``set_weights`` with a Keras 1 list, ``load_weights`` of
a Keras 1 HDF5 file and ``legacy-convert``.  Each rule takes the layer's Keras
1 config (``dim_ordering``, ``consume_less`` ...), the arrays in Keras 1 order
and ``theano`` (True when the arrays were trained on Theano, whose convolution
kernels must be spatially flipped) and returns the arrays in Keras 3 order.
Rules live in the family modules (``core``, ``convolutional``, ``recurrent``
...) and register with :func:`rule`.  No TensorFlow import here.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

import numpy as np

WeightRule = Callable[[dict[str, Any], list[np.ndarray], bool], list[np.ndarray]]
_RULES: dict[str, WeightRule] = {}
_FAMILIES = ("core", "convolutional", "recurrent", "normalization", "wrappers")
_loaded = False


def rule(*class_names: str) -> Callable[[WeightRule], WeightRule]:
    """Register ``function`` as the conversion for ``class_names``."""
    def register(function: WeightRule) -> WeightRule:
        for name in class_names:
            _RULES[name] = function
        return function
    return register


def _load_families() -> None:
    global _loaded
    if not _loaded:
        for family in _FAMILIES:  # every family exists: an import error is a bug to see
            importlib.import_module(f"{__name__}.{family}")
        _loaded = True


def to_keras3(class_name: str, config: dict[str, Any], arrays: list[np.ndarray],
              theano: bool = False) -> list[np.ndarray]:
    """Convert ``arrays`` (Keras 1 layout of ``class_name``) to Keras 3 layout."""
    _load_families()
    arrays = [np.asarray(a, dtype=np.float32) if np.asarray(a).dtype == np.float64
              else np.asarray(a) for a in arrays]
    convert = _RULES.get(class_name)
    if convert is None:
        return arrays
    return convert(config, arrays, theano)


def has_rule(class_name: str) -> bool:
    """Whether ``class_name`` needs more than an identity conversion."""
    _load_families()
    return class_name in _RULES
