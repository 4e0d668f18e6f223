"""Keras 1 -> Keras 3 weights of the wrapper layers (pure numpy).

``TimeDistributed(X)`` stores X's arrays; ``Bidirectional(X)`` stores the
forward X's arrays, then the backward X's (Keras 3 keeps the same order).
Each part is converted with X's own rule.  The wrapped layer comes from the
config's ``layer`` entry: ``{'class_name': 'LSTM', 'config': {...}}`` as in
Keras 1 model JSON (the runtime layers describe themselves the same way).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from legacy_keras.weights import rule, to_keras3


def _inner(config: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    layer = config.get("layer")
    if not isinstance(layer, dict) or "class_name" not in layer:
        raise ValueError(f"wrapper weights: the config has no wrapped layer description: {layer!r}")
    return layer["class_name"], dict(layer.get("config") or {})


@rule("TimeDistributed")
def time_distributed(config: dict[str, Any], arrays: list[np.ndarray], theano: bool) -> list[np.ndarray]:
    """The wrapped layer's conversion, unchanged."""
    class_name, inner = _inner(config)
    return to_keras3(class_name, inner, arrays, theano)


@rule("Bidirectional")
def bidirectional(config: dict[str, Any], arrays: list[np.ndarray], theano: bool) -> list[np.ndarray]:
    """Forward half then backward half, each converted as the wrapped layer."""
    if len(arrays) % 2:
        raise ValueError(f"Bidirectional weights: expected an even number of arrays "
                         f"(forward then backward), got {len(arrays)}")
    class_name, inner = _inner(config)
    half = len(arrays) // 2
    return (to_keras3(class_name, inner, arrays[:half], theano)
            + to_keras3(class_name, inner, arrays[half:], theano))
