"""Keras 1 ``keras.layers.core`` on Keras 3.

Every class is a real Keras 3 layer with the Keras 1 constructor (see
``legacy_keras.layers._adapt``).  Layers that Keras 3 still has delegate to
it and serialize as the plain Keras 3 class; ``Highway`` and ``MaxoutDense``,
which Keras 3 removed, are reimplemented here with Keras 1's formulas and
variable order (so Keras 1 ``weights=`` lists load unchanged).
"""
from __future__ import annotations

from typing import Any

import keras
from keras import ops

from legacy_keras.layers._adapt import (Keras1Layer, export_as_keras3, kernel_bias_config,
                                         register_legacy)
# Keras 1 ``keras.layers.core`` re-exported the engine's Merge (not in __all__ here).
from legacy_keras.layers.merge import Merge, merge  # noqa: F401

__all__ = [
    "Dense", "Activation", "Dropout", "SpatialDropout1D", "SpatialDropout2D",
    "SpatialDropout3D", "Flatten", "Reshape", "Permute", "RepeatVector", "Lambda",
    "ActivityRegularization", "Masking", "Highway", "MaxoutDense", "TimeDistributedDense",
]


class Dense(Keras1Layer, keras.layers.Dense):
    """Keras 1 ``Dense(output_dim, init, activation, weights, ..., bias, input_dim)``."""

    keras1_class = "Dense"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


class TimeDistributedDense(Dense):
    """Keras 1 ``TimeDistributedDense``: a ``Dense`` on (batch, time, features).

    Keras 1 applied the same kernel at every timestep, which is exactly what a
    Keras 3 ``Dense`` does on a 3D input; ``input_dim`` + ``input_length``
    become ``input_shape=(input_length, input_dim)``.
    """

    keras1_class = "TimeDistributedDense"

    def __new__(cls, *args: Any, **kwargs: Any):
        # Keras 3 files address a layer's variables by its snake-cased class
        # name: an instance must be of a class named ``Dense`` for the file to
        # load as a plain Keras 3 ``Dense``.
        if cls is TimeDistributedDense:
            cls = _TimeDistributedDenseAsDense
        return super().__new__(cls, *args, **kwargs)

    def build(self, input_shape):
        if len(input_shape) != 3:
            raise ValueError(f"TimeDistributedDense expects a 3D input (batch, time, features), "
                             f"got shape {tuple(input_shape)}")
        super().build(input_shape)


class _TimeDistributedDenseAsDense(TimeDistributedDense):
    """What ``TimeDistributedDense(...)`` instantiates (class named ``Dense``)."""


_TimeDistributedDenseAsDense.__name__ = "Dense"


class Activation(Keras1Layer, keras.layers.Activation):
    """Keras 1 ``Activation(activation)`` (Keras 1 ``hard_sigmoid`` formula)."""

    keras1_class = "Activation"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


class Dropout(Keras1Layer, keras.layers.Dropout):
    """Keras 1 ``Dropout(p, noise_shape=None, seed=None)``."""

    keras1_class = "Dropout"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


class SpatialDropout1D(Keras1Layer, keras.layers.SpatialDropout1D):
    """Keras 1 ``SpatialDropout1D(p)``: drops whole feature channels."""

    keras1_class = "SpatialDropout1D"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


class SpatialDropout2D(Keras1Layer, keras.layers.SpatialDropout2D):
    """Keras 1 ``SpatialDropout2D(p, dim_ordering='default')``."""

    keras1_class = "SpatialDropout2D"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


class SpatialDropout3D(Keras1Layer, keras.layers.SpatialDropout3D):
    """Keras 1 ``SpatialDropout3D(p, dim_ordering='default')``."""

    keras1_class = "SpatialDropout3D"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


class Flatten(Keras1Layer, keras.layers.Flatten):
    """Keras 1 ``Flatten()``: flattens in raw memory order, whatever the ordering.

    Keras 3 ``Flatten`` moves channels last first when its data format is
    channels_first (including via the global Keras 3 setting); Keras 1 never
    did, and the next ``Dense`` kernel of a 'th' model depends on that order.
    So the layer is pinned to ``data_format='channels_last'``, which is a plain
    reshape.
    """

    keras1_class = "Flatten"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keras3_kwargs = self.keras1_init(args, kwargs)
        keras3_kwargs["data_format"] = "channels_last"
        super().__init__(**keras3_kwargs)


class Reshape(Keras1Layer, keras.layers.Reshape):
    """Keras 1 ``Reshape(target_shape)`` (one ``-1`` allowed)."""

    keras1_class = "Reshape"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keras3_kwargs = self.keras1_init(args, kwargs)
        keras3_kwargs["target_shape"] = tuple(keras3_kwargs["target_shape"])
        super().__init__(**keras3_kwargs)


class Permute(Keras1Layer, keras.layers.Permute):
    """Keras 1 ``Permute(dims)`` (1-based, batch axis excluded)."""

    keras1_class = "Permute"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keras3_kwargs = self.keras1_init(args, kwargs)
        keras3_kwargs["dims"] = tuple(keras3_kwargs["dims"])
        super().__init__(**keras3_kwargs)


class RepeatVector(Keras1Layer, keras.layers.RepeatVector):
    """Keras 1 ``RepeatVector(n)``."""

    keras1_class = "RepeatVector"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


class Lambda(Keras1Layer, keras.layers.Lambda):
    """Keras 1 ``Lambda(function, output_shape=None, arguments=None)``.

    ``output_shape`` is a tuple without the batch axis or a callable of the
    full input shape(s), as in Keras 1; ``function`` receives ``mask=`` when
    it declares that parameter, as in Keras 1.  Keras 3's ``mask`` keyword is
    accepted too.
    """

    keras1_class = "Lambda"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keras3_kwargs = self.keras1_init(args, kwargs)
        output_shape = keras3_kwargs.get("output_shape")
        if isinstance(output_shape, list):
            keras3_kwargs["output_shape"] = tuple(output_shape)
        elif output_shape is not None and not isinstance(output_shape, tuple) \
                and not callable(output_shape):
            raise TypeError("Lambda: `output_shape` must be a list, a tuple, or a function, "
                            f"got {output_shape!r}")
        super().__init__(**keras3_kwargs)


class ActivityRegularization(Keras1Layer, keras.layers.ActivityRegularization):
    """Keras 1 ``ActivityRegularization(l1=0., l2=0.)``.

    Keras 1 summed the penalty over the batch; Keras 3 divides activity
    penalties by the batch size, so the layer uses the Keras 1 activity
    regularizer of ``legacy_keras.regularizers`` (which undoes that).
    """

    keras1_class = "ActivityRegularization"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from legacy_keras import regularizers
        super().__init__(**self.keras1_init(args, kwargs))
        self.activity_regularizer = regularizers.L1L2Regularizer(self.l1, self.l2, activity=True)


class Masking(Keras1Layer, keras.layers.Masking):
    """Keras 1 ``Masking(mask_value=0.)``: zeroes and masks all-``mask_value`` steps."""

    keras1_class = "Masking"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))


for _cls, _name in ((Dense, "Dense"), (TimeDistributedDense, "Dense"),
                    (_TimeDistributedDenseAsDense, "Dense"), (Activation, "Activation"),
                    (Dropout, "Dropout"), (SpatialDropout1D, "SpatialDropout1D"),
                    (SpatialDropout2D, "SpatialDropout2D"), (SpatialDropout3D, "SpatialDropout3D"),
                    (Flatten, "Flatten"), (Reshape, "Reshape"), (Permute, "Permute"),
                    (RepeatVector, "RepeatVector"), (Lambda, "Lambda"),
                    (ActivityRegularization, "ActivityRegularization"), (Masking, "Masking")):
    export_as_keras3(_cls, f"keras.layers.{_name}")


class _Keras1DenseLike(Keras1Layer, keras.layers.Layer):
    """Shared constructor/config of the dense layers Keras 3 removed.

    The Keras 1 arguments are translated by the adapter to Keras 3 names
    (``kernel_initializer``, ``kernel_regularizer`` ...), kept as attributes
    and written back by ``get_config`` under those names, which the
    constructor accepts again (``from_config``).
    """

    _dense_keys = ("kernel_initializer", "kernel_regularizer", "bias_regularizer",
                   "kernel_constraint", "bias_constraint", "use_bias")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keras3_kwargs = self.keras1_init(args, kwargs)
        options = {key: keras3_kwargs.pop(key, None) for key in self._dense_keys + self._extra_keys}
        super().__init__(**keras3_kwargs)
        self.kernel_initializer = keras.initializers.get(options["kernel_initializer"]
                                                         or "glorot_uniform")
        self.kernel_regularizer = keras.regularizers.get(options["kernel_regularizer"])
        self.bias_regularizer = keras.regularizers.get(options["bias_regularizer"])
        self.kernel_constraint = keras.constraints.get(options["kernel_constraint"])
        self.bias_constraint = keras.constraints.get(options["bias_constraint"])
        self.use_bias = True if options["use_bias"] is None else bool(options["use_bias"])
        self._take_extra(options)
        self.input_spec = keras.layers.InputSpec(ndim=2)

    _extra_keys: tuple[str, ...] = ()

    def _take_extra(self, options: dict[str, Any]) -> None:
        """Subclass hook for their own options."""

    def _add(self, name: str, shape: tuple, initializer, regularizer=None, constraint=None):
        return self.add_weight(name=name, shape=shape, initializer=initializer,
                               regularizer=regularizer, constraint=constraint)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(kernel_bias_config(self))
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = keras.regularizers.serialize(self.activity_regularizer)
        return config


@register_legacy
class Highway(_Keras1DenseLike):
    """Keras 1 ``Highway`` (removed in Keras 3, reimplemented).

    y = T * act(x W + b) + (1 - T) * x with the transform gate
    T = sigmoid(x W_carry + b_carry); ``b_carry`` starts at 1.  Variables in
    Keras 1 order: W, W_carry, b, b_carry (only W, W_carry without bias).
    Like Keras 1, ``W_carry``/``b_carry`` get no regularizer or constraint.
    """

    keras1_class = "Highway"
    _extra_keys = ("activation",)

    def _take_extra(self, options: dict[str, Any]) -> None:
        self.activation = keras.activations.get(options["activation"])

    def build(self, input_shape) -> None:
        dim = input_shape[-1]
        self.kernel = self._add("W", (dim, dim), self.kernel_initializer,
                                self.kernel_regularizer, self.kernel_constraint)
        self.kernel_carry = self._add("W_carry", (dim, dim), self.kernel_initializer)
        if self.use_bias:
            self.bias = self._add("b", (dim,), "zeros", self.bias_regularizer, self.bias_constraint)
            self.bias_carry = self._add("b_carry", (dim,), "ones")
        else:
            self.bias = self.bias_carry = None
        self.input_spec = keras.layers.InputSpec(ndim=2, axes={-1: dim})
        self.built = True
        self.set_keras1_initial_weights()

    @property
    def W_carry(self):
        return self.kernel_carry if self.built else None

    @property
    def b_carry(self):
        return self.bias_carry if self.built else None

    def call(self, inputs):
        carry = ops.matmul(inputs, self.kernel_carry)
        hidden = ops.matmul(inputs, self.kernel)
        if self.use_bias:
            carry = carry + self.bias_carry
            hidden = hidden + self.bias
        transform = ops.sigmoid(carry)
        return self.activation(hidden) * transform + (1.0 - transform) * inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["activation"] = keras.activations.serialize(self.activation)
        return config


@register_legacy
class MaxoutDense(_Keras1DenseLike):
    """Keras 1 ``MaxoutDense(output_dim, nb_feature=4, ...)`` (removed in Keras 3).

    y = max_k (x W[k] + b[k]); W has shape (nb_feature, input_dim, output_dim),
    b (nb_feature, output_dim), as in Keras 1 files.  No activation.  The
    kernel initializer comes from ``legacy_keras.initializations``, which
    computes Keras 1's fans for this 3D kernel (sqrt(prod(shape))).
    """

    keras1_class = "MaxoutDense"
    _extra_keys = ("units", "nb_feature")

    def _take_extra(self, options: dict[str, Any]) -> None:
        self.units = int(options["units"])
        self.nb_feature = int(options["nb_feature"] or 4)

    def build(self, input_shape) -> None:
        dim = input_shape[-1]
        self.kernel = self._add("W", (self.nb_feature, dim, self.units), self.kernel_initializer,
                                self.kernel_regularizer, self.kernel_constraint)
        if self.use_bias:
            self.bias = self._add("b", (self.nb_feature, self.units), "zeros",
                                  self.bias_regularizer, self.bias_constraint)
        else:
            self.bias = None
        self.input_spec = keras.layers.InputSpec(ndim=2, axes={-1: dim})
        self.built = True
        self.set_keras1_initial_weights()

    def call(self, inputs):
        # (batch, in) x (k, in, out) -> (batch, k, out)
        output = ops.einsum("bi,kio->bko", inputs, self.kernel)
        if self.use_bias:
            output = output + self.bias
        return ops.max(output, axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.units)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"units": self.units, "nb_feature": self.nb_feature})
        return config
