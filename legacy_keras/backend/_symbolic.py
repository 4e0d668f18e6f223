"""Recording Keras 1 backend calls on KerasTensors (see the package docstring)."""
from __future__ import annotations

import functools
from typing import Any, Callable

import keras
import tensorflow as tf
from legacy_keras._keras3 import backend as _kb  # any_symbolic_tensors
from legacy_keras._keras3 import Operation as _Operation  # a recorded graph op

KerasTensor = keras.KerasTensor


# ---------------------------------------------------------------------------
# Symbolic recording
# ---------------------------------------------------------------------------
class _BackendOp(_Operation):
    """One Keras 1 backend call recorded on KerasTensors (replayed by K.function)."""

    def __init__(self, fn: Callable, fn_name: str):
        super().__init__(name=None)
        self.fn = fn
        self.fn_name = fn_name

    def call(self, *args, **kwargs):
        return self.fn(*args, **kwargs)


def _symbolic(fn: Callable, tensorize: bool = True) -> Callable:
    """Make ``fn`` (written for real tensors) also accept KerasTensors by recording it.

    ``tensorize=False`` for functions over ``keras.ops`` (built from the backend table):
    a Keras 3 variable is passed as its current value, a tensor (``keras.ops.stack`` of a
    list of variables fails on TensorFlow; a raw ``tf.Variable`` lacks ``ndim``).
    """
    convert = _tensorize if tensorize else _read

    def run(*args, **kwargs):
        return fn(*[convert(a) for a in args], **{k: convert(v) for k, v in kwargs.items()})

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if _kb.any_symbolic_tensors(args, kwargs):
            return _BackendOp(run, fn.__name__)(*args, **kwargs)
        return run(*args, **kwargs)

    return wrapper


def _tensorize(value: Any) -> Any:
    """Keras 3 variables -> their tf.Variable (what the TF-level code expects), read live."""
    if isinstance(value, keras.Variable):
        return value.value
    if isinstance(value, (list, tuple)):
        return type(value)(_tensorize(v) for v in value)
    return value


def _read(value: Any) -> Any:
    """Keras 3 variables -> a tensor of their current value (what ``keras.ops`` takes everywhere)."""
    if isinstance(value, keras.Variable):
        return tf.convert_to_tensor(value)  # keras.ops.convert_to_tensor returns the variable
    if isinstance(value, (list, tuple)):
        return type(value)(_read(v) for v in value)
    return value


def is_keras_tensor(x: Any) -> bool:
    """True for a symbolic Keras tensor (a layer/Input output)."""
    return isinstance(x, KerasTensor)
