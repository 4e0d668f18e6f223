"""Keras 1.2.2 initializations: names, formulas, function API and callables.

Three ways Keras 1 code uses this module, all supported:

* by name in a layer (``init='glorot_normal'``): :func:`get` returns a Keras 3
  initializer with the Keras 1 formula, built from the table
  :data:`legacy_keras.spec.training.INITIALIZER_KERAS3` (glorot_normal and
  he_normal *untruncated*, orthogonal gain 1.1, uniform U(+-0.05), normal
  N(0, 0.05)).  Variance-scaling ones are :class:`VarianceScaling`, which
  computes fans as Keras 1 did (``sqrt(prod(shape))`` for weights that are
  neither 2D nor conv kernels) and serializes as plain Keras 3
  ``VarianceScaling`` (an initializer only matters at creation, so a saved
  model stays loadable without legacy_keras);
* as functions (``initializations.normal(shape, scale=0.01, name=...)``):
  Keras 1's signatures, returning a variable as Keras 1 did;
* custom callables in Keras 1 style
  (``init=lambda shape, name: normal(shape, scale=0.01, name=name)``): wrapped
  in :class:`Keras1CallableInitializer`, which calls them with
  ``(shape, name=...)`` and returns their value.
"""
from __future__ import annotations

import inspect
import math
from typing import Any, Callable, Sequence

import keras
import numpy as np
from keras import ops

from legacy_keras.spec.training import INITIALIZER_KERAS3

__all__ = ["uniform", "normal", "lecun_uniform", "glorot_normal", "glorot_uniform", "he_normal",
           "he_uniform", "orthogonal", "identity", "zero", "one", "get", "get_fans",
           "VarianceScaling", "Keras1CallableInitializer", "PerGate"]


def get_fans(shape: Sequence[int], dim_ordering: str = "th") -> tuple[float, float]:
    """Keras 1 ``get_fans`` (2D: (in, out); 4D/5D: conv kernel in ``dim_ordering``;
    anything else: ``sqrt(prod(shape))`` for both)."""
    shape = tuple(shape)
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) in (4, 5):
        if dim_ordering == "th":
            receptive_field_size = np.prod(shape[2:])
            return shape[1] * receptive_field_size, shape[0] * receptive_field_size
        if dim_ordering == "tf":
            receptive_field_size = np.prod(shape[:2])
            return shape[-2] * receptive_field_size, shape[-1] * receptive_field_size
        raise ValueError("Invalid dim_ordering: " + dim_ordering)
    fan = math.sqrt(float(np.prod(shape)))
    return fan, fan


def _export_as_keras3(cls: type, public_name: str) -> type:
    """Serialize ``cls`` as the plain Keras 3 class (same config keys)."""
    from legacy_keras._keras3 import register_public_name
    register_public_name(cls, public_name)
    return cls


class VarianceScaling(keras.initializers.VarianceScaling):
    """Keras 3 ``VarianceScaling`` computing fans the Keras 1 way.

    Keras 3 kernels are laid out like Keras 1 'tf' kernels, so 2D, 4D and 5D
    fans agree; other ranks (MaxoutDense, LocallyConnected1D, Conv1D kernels
    without explicit axes) use Keras 1's ``sqrt(prod(shape))``.  Explicit
    ``input_axes``/``output_axes`` (see ``spec.training.INITIALIZER_FAN_AXES``)
    take precedence.
    """

    def __call__(self, shape, dtype=None):
        if self.input_axes is not None or len(shape) in (2, 4, 5):
            return super().__call__(shape, dtype=dtype)
        fan_in, fan_out = get_fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, fan)
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * scale)
            return keras.random.uniform(shape, -limit, limit, dtype=dtype, seed=self.seed)
        stddev = math.sqrt(scale)
        if self.distribution == "truncated_normal":
            return keras.random.truncated_normal(shape, 0.0, stddev / 0.87962566103423978,
                                                 dtype=dtype, seed=self.seed)
        return keras.random.normal(shape, 0.0, stddev, dtype=dtype, seed=self.seed)


_export_as_keras3(VarianceScaling, "keras.initializers.VarianceScaling")

_KERAS3_CLASSES: dict[str, type] = {
    "RandomUniform": keras.initializers.RandomUniform,
    "RandomNormal": keras.initializers.RandomNormal,
    "Zeros": keras.initializers.Zeros,
    "Ones": keras.initializers.Ones,
    "Identity": keras.initializers.Identity,
    "Orthogonal": keras.initializers.Orthogonal,
    "VarianceScaling": VarianceScaling,
}


#: the classes of ``_KERAS3_CLASSES`` that draw random numbers (those that take a ``seed``)
_RANDOM_CLASSES = frozenset(name for name, cls in _KERAS3_CLASSES.items()
                            if "seed" in inspect.signature(cls).parameters)


def numpy_seed() -> int:
    """A seed drawn from numpy's global generator, as Keras 1 drew one for each weight.

    Keras 1 made initial weights from numpy's global state: Theano's
    ``random_*_variable`` were ``np.random.uniform/normal``, TensorFlow's took
    ``seed = np.random.randint(10e8)``.  So ``np.random.seed(1337)  # for
    reproducibility`` at the top of a Keras 1 script fixed its initial weights.
    Keras 3 seeds unseeded initializers from Python's ``random`` instead; drawing
    the seed here keeps the Keras 1 meaning of ``np.random.seed``.
    """
    return int(np.random.randint(10e8))


def keras3_initializer(name: str, **overrides: Any) -> keras.initializers.Initializer:
    """A fresh Keras 3 initializer with the formula of Keras 1's ``name``, seeded
    from numpy's global generator (:func:`numpy_seed`) unless ``seed`` is given."""
    class_name, kwargs = INITIALIZER_KERAS3[name]
    if class_name in _RANDOM_CLASSES:
        overrides.setdefault("seed", numpy_seed())
    return _KERAS3_CLASSES[class_name](**{**kwargs, **overrides})


@keras.saving.register_keras_serializable(package="legacy_keras")
class PerGate(keras.initializers.Initializer):
    """Initialise a fused kernel gate by gate, as Keras 1 did.

    Keras 1 LSTM/GRU had one ``(in, units)`` matrix per gate; Keras 3 fuses
    them into ``(in, gates * units)``.  Fans (glorot) and orthogonality are
    per gate in Keras 1, so each block along the last axis is drawn
    separately with a fresh copy of ``initializer``.
    """

    def __init__(self, initializer: Any, gates: int) -> None:
        self.initializer = get(initializer)
        self.gates = int(gates)

    def __call__(self, shape, dtype=None):
        shape = tuple(shape)
        if shape[-1] % self.gates:
            raise ValueError(f"PerGate: last axis {shape[-1]} not divisible by {self.gates} gates")
        block = shape[:-1] + (shape[-1] // self.gates,)
        config = keras.initializers.serialize(self.initializer)
        seed = config.get("config", {}).get("seed")
        parts = []
        for gate in range(self.gates):
            if isinstance(seed, int):  # a seeded initializer repeats itself: one seed per gate
                config["config"]["seed"] = seed + gate
            fresh = keras.initializers.deserialize(config)  # unseeded: a new default seed per gate
            parts.append(fresh(block, dtype=dtype))
        return ops.concatenate(parts, axis=-1)

    def get_config(self) -> dict[str, Any]:
        return {"initializer": keras.initializers.serialize(self.initializer), "gates": self.gates}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "PerGate":
        config = dict(config)
        config["initializer"] = keras.initializers.deserialize(config["initializer"])
        return cls(**config)


class Keras1CallableInitializer(keras.initializers.Initializer):
    """A Keras 1 style init function ``fn(shape, name=None, ...)`` for a Keras 3 layer.

    Keras 1 called ``init(shape, name=...)`` and used the returned variable;
    Keras 3 calls ``initializer(shape, dtype=...)`` and wants a tensor.
    """

    def __init__(self, fn: Callable) -> None:
        self.fn = fn

    def __call__(self, shape, dtype=None):
        if not callable(self.fn):  # restored from a saved config: only the name survives
            raise ValueError(f"Keras 1 init function {self.fn!r} is not saved with a model; "
                             "pass the function again to re-initialise.")
        value = self.fn(tuple(shape), name=None)
        if isinstance(value, keras.Variable):
            value = value.value
        return ops.cast(ops.convert_to_tensor(value), dtype or keras.config.floatx())

    def get_config(self) -> dict[str, Any]:
        return {"fn": getattr(self.fn, "__name__", repr(self.fn))}


# --------------------------------------------------------------------------
# Keras 1 function API: fn(shape, ..., name=None, dim_ordering='th') -> variable

def _variable(value: Any, name: str | None) -> keras.Variable:
    return keras.Variable(value, dtype=keras.config.floatx(), name=name, trainable=True)


def uniform(shape, scale=0.05, name=None, dim_ordering="th"):
    """U(-scale, scale) variable."""
    return _variable(keras.random.uniform(tuple(shape), -scale, scale, seed=numpy_seed()), name)


def normal(shape, scale=0.05, name=None, dim_ordering="th"):
    """N(0, scale) variable (untruncated)."""
    return _variable(keras.random.normal(tuple(shape), 0.0, scale, seed=numpy_seed()), name)


def lecun_uniform(shape, name=None, dim_ordering="th"):
    fan_in, _ = get_fans(shape, dim_ordering=dim_ordering)
    return uniform(shape, np.sqrt(3.0 / fan_in), name=name)


def glorot_normal(shape, name=None, dim_ordering="th"):
    fan_in, fan_out = get_fans(shape, dim_ordering=dim_ordering)
    return normal(shape, np.sqrt(2.0 / (fan_in + fan_out)), name=name)


def glorot_uniform(shape, name=None, dim_ordering="th"):
    fan_in, fan_out = get_fans(shape, dim_ordering=dim_ordering)
    return uniform(shape, np.sqrt(6.0 / (fan_in + fan_out)), name=name)


def he_normal(shape, name=None, dim_ordering="th"):
    fan_in, _ = get_fans(shape, dim_ordering=dim_ordering)
    return normal(shape, np.sqrt(2.0 / fan_in), name=name)


def he_uniform(shape, name=None, dim_ordering="th"):
    fan_in, _ = get_fans(shape, dim_ordering=dim_ordering)
    return uniform(shape, np.sqrt(6.0 / fan_in), name=name)


def orthogonal(shape, scale=1.1, name=None, dim_ordering="th"):
    """Keras 1 orthogonal: SVD of a Gaussian (shape[0], prod(shape[1:])) matrix, times ``scale``."""
    shape = tuple(shape)
    flat_shape = (shape[0], int(np.prod(shape[1:])))
    a = np.random.normal(0.0, 1.0, flat_shape)
    u, _, v = np.linalg.svd(a, full_matrices=False)
    q = u if u.shape == flat_shape else v
    return _variable(scale * q.reshape(shape), name)


def identity(shape, scale=1, name=None, dim_ordering="th"):
    if len(shape) != 2 or shape[0] != shape[1]:
        raise ValueError("Identity matrix initialization can only be used "
                         "for 2D square matrices.")
    return _variable(scale * np.identity(shape[0]), name)


def zero(shape, name=None, dim_ordering="th"):
    return _variable(np.zeros(tuple(shape)), name)


def one(shape, name=None, dim_ordering="th"):
    return _variable(np.ones(tuple(shape)), name)


#: the Keras 1 function objects, by name (so ``init=initializations.normal`` maps back)
_FUNCTIONS: dict[str, Callable] = {fn.__name__: fn for fn in (
    uniform, normal, lecun_uniform, glorot_normal, glorot_uniform, he_normal, he_uniform,
    orthogonal, identity, zero, one)}


def _is_keras3_style(fn: Callable) -> bool:
    """Keras 3 initializer callables take ``dtype``; Keras 1 ones take ``name``."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return "dtype" in params and "name" not in params


def get(identifier: Any, **kwargs: Any) -> Any:
    """Resolve a Keras 1 init (name, Keras 1 function, callable, Keras 3 object).

    ``kwargs`` (Keras 1 passed ``dim_ordering``, which it then ignored) are
    accepted; ``input_axes``/``output_axes`` set Keras 1 fans for
    variance-scaling initializers (see ``spec.training.INITIALIZER_FAN_AXES``).
    """
    fan_axes = {k: kwargs[k] for k in ("input_axes", "output_axes") if kwargs.get(k) is not None}
    if identifier is None:
        return None
    if isinstance(identifier, keras.initializers.Initializer):
        return identifier
    if isinstance(identifier, dict):
        if "class_name" in identifier:  # Keras 3 serialized form
            return keras.initializers.deserialize(identifier)
        identifier = identifier["name"]  # Keras 1 {'name': 'glorot_uniform'}
    if callable(identifier):
        for name, fn in _FUNCTIONS.items():
            if identifier is fn:
                identifier = name
                break
        else:
            if _is_keras3_style(identifier):
                return identifier
            return Keras1CallableInitializer(identifier)
    if isinstance(identifier, str):
        if identifier in INITIALIZER_KERAS3:
            class_name, _ = INITIALIZER_KERAS3[identifier]
            overrides = fan_axes if class_name == "VarianceScaling" else {}
            return keras3_initializer(identifier, **overrides)
        try:  # Keras 3 names ('zeros', 'random_uniform' ...) pass through
            return keras.initializers.get(identifier)
        except ValueError:
            raise ValueError("Invalid initialization: " + identifier) from None
    raise ValueError(f"Could not interpret initialization identifier: {identifier!r}")
