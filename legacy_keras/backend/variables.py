"""Keras 1 variables, placeholders, values and updates."""
from __future__ import annotations

import operator as _operator
import os
import sys
import weakref
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import tensorflow as tf
import keras
from legacy_keras._keras3 import global_state as _global_state  # stateless scope, call context

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
    """A variable holding ``value`` (numpy array or number), as Keras 1 ``K.variable``.

    Called from inside a layer's ``call`` (SSD's PriorBox, FractalNet's join),
    Keras 1 made one variable: its graph was built once.  Keras 3 runs ``call``
    once per trace (shape inference, each ``tf.function``), so such a call returns
    the variable made the first time at that layer and call site
    (:func:`_call_site_variable`).
    """
    value = np.asarray(value) if not hasattr(value, "shape") else value
    dtype = dtype or floatx()
    site = _call_site(sys._getframe(1))
    if site is not None:
        return _call_site_variable(site, value, dtype, name)
    return _Keras1Variable(value, dtype=dtype, name=name)


# ---------------------------------------------------------------------------
# Variables created inside a layer's call()
# ---------------------------------------------------------------------------
_BACKEND_DIR = os.path.dirname(os.path.abspath(__file__))
_CALL_SITE_DEPTH = 32  # frames searched for the enclosing Layer.call


def _call_site(frame: Any) -> tuple[Any, tuple] | None:
    """``(layer, site)`` when the caller runs inside some ``Layer.call``, else None.

    ``site`` is the chain of (code, line) from the first frame outside this
    backend package up to that ``call``: the same source line reached through the
    same helpers is the same Keras 1 variable.  Only K.variable/zeros/ones pay
    for this walk; models that do not create variables in ``call`` never do.
    """
    chain = []
    for _ in range(_CALL_SITE_DEPTH):
        if frame is None:
            return None
        code = frame.f_code
        if code.co_filename.startswith(_BACKEND_DIR) and not chain:
            frame = frame.f_back
            continue
        chain.append((code, frame.f_lineno))
        if code.co_name in ("call", "build") and code.co_varnames[:1] == ("self",):
            owner = frame.f_locals.get("self")
            if isinstance(owner, keras.layers.Layer):
                # in ``build`` (even one run lazily inside another layer's call) a
                # variable is the layer's own weight, made once anyway
                return (owner, tuple(chain)) if code.co_name == "call" else None
        frame = frame.f_back
    return None


class _CallSiteVariables:
    """The variables one layer's ``call`` created, by call site and occurrence.

    Occurrences count within one outer Keras 3 call (one ``CallContext``): a site
    in a loop, or a layer applied twice in one model, gets one variable per pass,
    the same ones again on every later trace.
    """

    def __init__(self) -> None:
        self.by_site: dict[tuple, list] = {}
        self.context: Any = None
        self.seen: dict[tuple, int] = {}

    def occurrence(self, site: tuple) -> int:
        ctx = _global_state.get_global_attribute("current_call_ctx")
        current = self.context() if self.context is not None else None
        if ctx is None or current is not ctx:
            self.context = weakref.ref(ctx) if ctx is not None else None
            self.seen = {}
        n = self.seen.get(site, 0)
        self.seen[site] = n + 1
        return n


_CALL_SITE_VARIABLES: "weakref.WeakKeyDictionary[Any, _CallSiteVariables]" = weakref.WeakKeyDictionary()


def _call_site_variable(where: tuple[Any, tuple], value: Any, dtype: str, name: str | None) -> Any:
    """The variable for this layer, call site and occurrence, made once, outside any trace."""
    layer, site = where
    record = _CALL_SITE_VARIABLES.setdefault(layer, _CallSiteVariables())
    made = record.by_site.setdefault(site, [])
    n = record.occurrence(site)
    if n < len(made) and tuple(made[n].shape) == tuple(np.shape(value)):
        return made[n]
    # Made eagerly (tf.init_scope) and outside Keras 3's stateless shape-inference
    # scope, so that it outlives the trace that first asked for it.
    saved = _global_state.get_global_attribute("stateless_scope")
    _global_state.set_global_attribute("stateless_scope", None)
    try:
        with tf.init_scope():
            if tf.is_tensor(value) and not tf.executing_eagerly():
                value = tf.get_static_value(value)
            var = _Keras1Variable(value, dtype=dtype, name=name)
    finally:
        _global_state.set_global_attribute("stateless_scope", saved)
    if n < len(made):
        made[n] = var
    else:
        made.append(var)
    return var


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
    if hasattr(x, "variable") and hasattr(x, "get_value"):
        return x.get_value()  # a Keras 1 layout view of a kernel (``layer.W``)
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


# int_shape, get_variable_shape, ndim, dtype, count_params: built from the backend table.


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


