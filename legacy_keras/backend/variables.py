"""Keras 1 variables, placeholders, values and updates."""
from __future__ import annotations

import operator as _operator
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import tensorflow as tf
import keras

from legacy_keras.backend._symbolic import KerasTensor, _BackendOp, _symbolic
from legacy_keras.backend.common import floatx


# ---------------------------------------------------------------------------
# Variables and placeholders
# ---------------------------------------------------------------------------


class _Keras1Variable(keras.Variable):
    """A Keras 3 variable that stays *live* inside recorded symbolic expressions.

    Keras 3 turns a variable combined with a KerasTensor (``acc + x``) into a
    constant snapshot; Keras 1 graphs read the variable's current value each time
    (``K.function(..., updates=[(acc, acc + x)])`` accumulates).  Arithmetic with a
    KerasTensor is therefore recorded as a :class:`_BackendOp` holding the variable.
    """


def _live_binary(op: Callable, reflected: bool = False) -> Callable:
    def method(self, other):
        if isinstance(other, KerasTensor):
            fn = (lambda a, b: op(b, a)) if reflected else op
            return _BackendOp(lambda a, b: fn(tf.convert_to_tensor(a), b), op.__name__)(self, other)
        base = getattr(keras.Variable, f"__{'r' if reflected else ''}{op.__name__.strip('_')}__")
        return base(self, other)
    return method


for _op in (_operator.add, _operator.sub, _operator.mul, _operator.truediv, _operator.pow):
    setattr(_Keras1Variable, f"__{_op.__name__.strip('_')}__", _live_binary(_op))
    setattr(_Keras1Variable, f"__r{_op.__name__.strip('_')}__", _live_binary(_op, reflected=True))
del _op


def variable(value: Any, dtype: str | None = None, name: str | None = None) -> Any:
    """A variable holding ``value`` (numpy array or number), as Keras 1 ``K.variable``."""
    value = np.asarray(value) if not hasattr(value, "shape") else value
    return _Keras1Variable(value, dtype=dtype or floatx(), name=name)


def placeholder(shape: Sequence[int | None] | None = None, ndim: int | None = None,
                dtype: str | None = None, sparse: bool = False, name: str | None = None) -> KerasTensor:
    """A symbolic input: a Keras 3 ``Input`` with the full (batch) shape."""
    if shape is None:
        if ndim is None:
            raise ValueError("placeholder needs `shape` or `ndim`.")
        shape = (None,) * ndim
    return keras.Input(batch_shape=tuple(shape), dtype=dtype or floatx(), sparse=sparse, name=name)


def _to_numpy(x: Any) -> Any:
    if isinstance(x, KerasTensor):
        raise ValueError("Cannot evaluate a symbolic tensor without inputs: use K.function([inputs], [x]).")
    if isinstance(x, (np.ndarray, np.generic, int, float)):
        return np.asarray(x)
    return keras.ops.convert_to_numpy(x)


def eval(x: Any) -> np.ndarray:  # noqa: A001 - Keras 1 name
    return _to_numpy(x)


def get_value(x: Any) -> Any:
    return _to_numpy(x)


def batch_get_value(xs: Iterable[Any]) -> list:
    return [get_value(x) for x in xs]


def set_value(x: Any, value: Any) -> None:
    if not hasattr(x, "assign"):
        raise TypeError(f"K.set_value needs a variable, got {type(x).__name__}")
    x.assign(np.asarray(value, dtype=keras.backend.standardize_dtype(x.dtype)))


def batch_set_value(tuples: Iterable[tuple[Any, Any]]) -> None:
    for x, value in tuples:
        set_value(x, value)


def zeros(shape, dtype=None, name=None):
    return variable(np.zeros(shape), dtype, name)


def ones(shape, dtype=None, name=None):
    return variable(np.ones(shape), dtype, name)


def eye(size, dtype=None, name=None):
    return variable(np.eye(size), dtype, name)


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    rng = np.random.RandomState(seed)
    return variable(rng.uniform(low, high, size=shape), dtype, name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    rng = np.random.RandomState(seed)
    return variable(rng.normal(mean, scale, size=shape), dtype, name)


def count_params(x) -> int:
    return int(np.prod(int_shape(x)))


def int_shape(x) -> tuple:
    if hasattr(x, "shape"):
        return tuple(None if d is None else int(d) for d in x.shape)
    return np.asarray(x).shape


get_variable_shape = int_shape


def ndim(x) -> int:
    return len(x.shape)


def dtype(x) -> str:
    return keras.backend.standardize_dtype(x.dtype)


@_symbolic
def shape(x):
    return tf.shape(x)

# Updates
def update(x, new_x):
    return x.assign(new_x)


def update_add(x, increment):
    return x.assign_add(increment)


def update_sub(x, decrement):
    return x.assign_sub(decrement)


def moving_average_update(variable, value, momentum):
    return variable.assign(variable * momentum + value * (1.0 - momentum))


def print_tensor(x, message=""):
    tf.print(message, x)
    return x


