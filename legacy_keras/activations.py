"""Keras 1 activations: same names, Keras 1 formulas.

Only ``hard_sigmoid`` changed formula between Keras 1 (clip(0.2 x + 0.5, 0, 1))
and Keras 3 (relu6(x + 3) / 6), so it is reimplemented here and registered as a
serializable Keras object: saved models and ``Bidirectional`` (which clones its
layer through ``get_config``) keep the Keras 1 formula.  Everything else
delegates to ``keras.activations``.
"""
from __future__ import annotations

from typing import Any, Callable

import keras


@keras.saving.register_keras_serializable(package="legacy_keras", name="hard_sigmoid")
def hard_sigmoid(x):
    """Keras 1 hard sigmoid: clip(0.2 * x + 0.5, 0, 1).

    Computed as Keras 3's ``hard_sigmoid(1.2 * x)`` = relu6(1.2 x + 3) / 6, the
    same function (within 6e-8 in float32): TensorFlow's fused relu6 and its
    gradient train an LSTM ~1.2x faster than clip's compare-and-select ops, so
    the Keras 1 default ``inner_activation`` costs what Keras 3's built-in does.
    """
    return keras.activations.hard_sigmoid(1.2 * x)


def softmax(x):
    """Keras 1 softmax: over the last axis of a 2D or 3D tensor only."""
    ndim = len(x.shape)
    if ndim not in (2, 3):
        raise ValueError(f"Cannot apply softmax to a tensor that is not 2D or 3D. Here, ndim={ndim}")
    return keras.activations.softmax(x, axis=-1)


def relu(x, alpha: float = 0.0, max_value: float | None = None):
    """Keras 1 relu with the optional leaky slope and cap."""
    return keras.activations.relu(x, negative_slope=alpha, max_value=max_value)


def linear(x):
    return x


elu = keras.activations.elu
softplus = keras.activations.softplus
softsign = keras.activations.softsign
tanh = keras.activations.tanh
sigmoid = keras.activations.sigmoid

_KERAS1_ACTIVATIONS: dict[str, Callable] = {
    "softmax": softmax, "elu": elu, "softplus": softplus, "softsign": softsign,
    "relu": relu, "tanh": tanh, "sigmoid": sigmoid, "hard_sigmoid": hard_sigmoid,
    "linear": linear,
}


def get(identifier: Any) -> Any:
    """Resolve a Keras 1 activation (name, callable or None) for a Keras 3 layer.

    Returns what Keras 3 layers accept: its own names for unchanged functions
    (so a saved model stays loadable by plain Keras 3), our registered
    function for ``hard_sigmoid``, callables unchanged.
    """
    if identifier is None:
        return "linear"
    if callable(identifier):
        return identifier
    if isinstance(identifier, str):
        if identifier == "hard_sigmoid":
            return hard_sigmoid
        if identifier in _KERAS1_ACTIVATIONS:
            return identifier
        raise ValueError(f"Invalid activation function: {identifier!r}")
    if isinstance(identifier, dict):
        return keras.activations.deserialize(identifier)
    raise ValueError(f"Could not interpret activation function identifier: {identifier!r}")
