"""Keras 1 ``keras.layers.advanced_activations`` on Keras 3.

``LeakyReLU``, ``PReLU``, ``ELU`` delegate to their Keras 3 namesakes;
``ThresholdedReLU(theta)`` is Keras 3 ``ReLU(threshold=theta)`` (x if x > theta
else 0).  ``ParametricSoftplus`` and ``SReLU`` were removed after Keras 1 and
are reimplemented with Keras 1's formulas and variable order (registered as
``legacy_keras>...``).
"""
from __future__ import annotations

from typing import Any

import keras
from keras import ops

from legacy_keras.layers._adapt import Keras1Layer, export_as_keras3, register_legacy

__all__ = ["LeakyReLU", "PReLU", "ELU", "ParametricSoftplus", "ThresholdedReLU", "SReLU"]


class LeakyReLU(Keras1Layer, keras.layers.LeakyReLU):
    """Keras 1 ``LeakyReLU(alpha=0.3)``."""

    keras1_class = "LeakyReLU"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keras3_kwargs = self.keras1_init(args, kwargs)
        slope = keras3_kwargs.get("negative_slope")
        # Keras 1 took any alpha (K.relu(x, alpha)); Keras 3 refuses negative ones
        negative = slope is not None and slope < 0
        if negative:
            keras3_kwargs["negative_slope"] = 0.0
        super().__init__(**keras3_kwargs)
        if negative:
            self.negative_slope = float(slope)


class PReLU(Keras1Layer, keras.layers.PReLU):
    """Keras 1 ``PReLU(init='zero', weights=None, shared_axes=None)``; weight ``alphas``."""

    keras1_class = "PReLU"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


class ELU(Keras1Layer, keras.layers.ELU):
    """Keras 1 ``ELU(alpha=1.0)``."""

    keras1_class = "ELU"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))

    def get_config(self) -> dict[str, Any]:
        # Keras 3 ELU relies on auto-config, which cannot see through *args.
        return {**keras.layers.Layer.get_config(self), "alpha": float(self.alpha)}


class ThresholdedReLU(Keras1Layer, keras.layers.ReLU):
    """Keras 1 ``ThresholdedReLU(theta=1.0)`` as Keras 3 ``ReLU(threshold=theta)``."""

    keras1_class = "ThresholdedReLU"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


for _cls, _name in ((LeakyReLU, "LeakyReLU"), (PReLU, "PReLU"), (ELU, "ELU"),
                    (ThresholdedReLU, "ReLU")):
    export_as_keras3(_cls, f"keras.layers.{_name}")


def _parameter_shape(input_shape, shared_axes: list[int] | None) -> list[int]:
    """Keras 1: one parameter per input element, 1 along ``shared_axes`` (1-based)."""
    shape = list(input_shape[1:])
    for axis in shared_axes or ():
        shape[axis - 1] = 1
    return shape


def _shared_axes(value: Any) -> list[int] | None:
    if value is None:
        return None
    return [int(v) for v in value] if isinstance(value, (list, tuple)) else [int(value)]


class _ParametricActivation(Keras1Layer, keras.layers.Layer):
    """Shared constructor of the parametric activations Keras 3 removed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keras3_kwargs = self.keras1_init(args, kwargs)
        self.shared_axes = _shared_axes(keras3_kwargs.pop("shared_axes", None))
        super().__init__(**keras3_kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["shared_axes"] = self.shared_axes
        config.update(self.keras1_own)
        return config


@register_legacy
class ParametricSoftplus(_ParametricActivation):
    """Keras 1 ``ParametricSoftplus(alpha_init=0.2, beta_init=5.0, weights=None, shared_axes=None)``.

    y = alphas * softplus(betas * x), with trainable ``alphas``/``betas`` of
    shape input_shape[1:] (1 along ``shared_axes``), initialised to the
    constants ``alpha_init``/``beta_init``.  Removed from Keras 2.
    """

    keras1_class = "ParametricSoftplus"
    keras1_own_kwargs = ("alpha_init", "beta_init")

    def build(self, input_shape) -> None:
        shape = _parameter_shape(input_shape, self.shared_axes)
        own = self.keras1_own
        self.alphas = self.add_weight(name="alphas", shape=shape, initializer=keras.initializers.Constant(
            float(own.get("alpha_init", 0.2))))
        self.betas = self.add_weight(name="betas", shape=shape, initializer=keras.initializers.Constant(
            float(own.get("beta_init", 5.0))))
        self.built = True
        self.set_keras1_initial_weights()

    def call(self, inputs):
        return ops.softplus(self.betas * inputs) * self.alphas


@register_legacy
class SReLU(_ParametricActivation):
    """Keras 1 ``SReLU(t_left_init='zero', a_left_init='glorot_uniform',
    t_right_init='glorot_uniform', a_right_init='one', shared_axes=None)``.

    S-shaped ReLU: with t_r = t_left + |t_right|,
    y = t_left + min(leaky(x - t_left, slope a_left), t_r - t_left) + a_right * relu(x - t_r).
    Variables in Keras 1 order: t_left, a_left, t_right, a_right.  Removed
    from Keras 2.
    """

    keras1_class = "SReLU"
    keras1_own_kwargs = ("t_left_init", "a_left_init", "t_right_init", "a_right_init")
    _defaults = {"t_left_init": "zero", "a_left_init": "glorot_uniform",
                 "t_right_init": "glorot_uniform", "a_right_init": "one"}

    def build(self, input_shape) -> None:
        from legacy_keras import initializations
        shape = _parameter_shape(input_shape, self.shared_axes)
        for key in ("t_left", "a_left", "t_right", "a_right"):
            init = self.keras1_own.get(f"{key}_init", self._defaults[f"{key}_init"])
            setattr(self, key, self.add_weight(name=key, shape=shape,
                                               initializer=initializations.get(init)))
        self.built = True
        self.set_keras1_initial_weights()

    def call(self, inputs):
        t_right = self.t_left + ops.abs(self.t_right)
        shifted = inputs - self.t_left
        left_and_center = ops.minimum(ops.where(shifted > 0, shifted, self.a_left * shifted),
                                      t_right - self.t_left)
        return self.t_left + left_and_center + ops.relu(inputs - t_right) * self.a_right
