"""Keras 1 ``keras.layers.convolutional`` on Keras 3.

Every class is a real Keras 3 layer (``Conv2D``, ``Conv2DTranspose``,
``ZeroPadding2D`` ...) with the Keras 1.2.2 constructor, computing what Keras 1
computed on the TensorFlow backend: cross-correlation, TensorFlow 'same'
padding, ``dim_ordering`` 'th' (channels_first) or 'tf' (channels_last),
defaulting to ``image_dim_ordering`` of keras.json.  Each serializes as the
plain Keras 3 class, so ``model.save('m.keras')`` loads without legacy_keras.

What needs more than a keyword rename lives here:

* 1D layers are channels_last whatever the global setting (Keras 1 had no
  ``dim_ordering`` for them).
* ``Deconvolution2D``'s Keras 1 ``output_shape`` becomes Keras 3
  ``output_padding``, computed once the input size is known, and is validated
  against what TensorFlow's transposed convolution can produce.
* ``ZeroPadding1D/2D`` accept Keras 1's dict and 4-tuple forms.
* ``border_mode='full'`` (Theano only in Keras 1; the TensorFlow backend
  refused it) fails at construction, naming layer and argument.  Converting
  Theano-trained models (``legacy_keras.saving.theano``) emulates it with
  ``ZeroPadding(k - 1)`` + 'valid', and Theano's 'same' alignment likewise.

The Keras 1.2.2 aliases (``Conv2D``, ``Deconv2D`` ...) are the same classes
with the Keras 1 signature, as in Keras 1.2.2 itself -- not Keras 2/3's.
"""
from __future__ import annotations

from typing import Any, Sequence

import keras

from legacy_keras.layers._adapt import Keras1Layer, _resolve_value, export_as_keras3
from legacy_keras.spec import layers as spec
from legacy_keras.spec import training as training_spec

__all__ = [
    "Convolution1D", "AtrousConvolution1D", "Convolution2D", "AtrousConvolution2D",
    "SeparableConvolution2D", "Deconvolution2D", "Convolution3D",
    "UpSampling1D", "UpSampling2D", "UpSampling3D",
    "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D",
    "Cropping1D", "Cropping2D", "Cropping3D",
    "Conv1D", "Conv2D", "Conv3D", "AtrousConv1D", "AtrousConv2D", "SeparableConv2D", "Deconv2D",
]


class Keras1ConvAttributes:
    """Keras 1 attribute names that user code reads (``layer.nb_filter``,
    ``layer.border_mode`` ...), as read-only views of the Keras 3 attributes.
    A layer without the underlying attribute raises ``AttributeError``."""

    @property
    def nb_filter(self) -> int:
        return _keras3_attr(self, "filters")

    @property
    def nb_row(self) -> int:
        return _keras3_attr(self, "kernel_size")[0]

    @property
    def nb_col(self) -> int:
        return _keras3_attr(self, "kernel_size")[1]

    @property
    def filter_length(self) -> int:
        return _keras3_attr(self, "kernel_size")[0]

    @property
    def border_mode(self) -> str:
        return _keras3_attr(self, "padding")

    @property
    def subsample(self) -> tuple:
        strides = tuple(_keras3_attr(self, "strides"))
        return strides + (1,) if len(strides) == 1 else strides  # Keras 1 Conv1D: (s, 1)

    @property
    def subsample_length(self) -> int:
        return _keras3_attr(self, "strides")[0]

    @property
    def atrous_rate(self):
        rate = tuple(_keras3_attr(self, "dilation_rate"))
        return rate[0] if len(rate) == 1 else rate

    @property
    def pool_length(self) -> int:
        return _keras3_attr(self, "pool_size")[0]

    @property
    def stride(self) -> int:
        return _keras3_attr(self, "strides")[0]

    @property
    def dim_ordering(self) -> str:
        return spec.DATA_FORMAT_TO_DIM_ORDERING[_keras3_attr(self, "data_format")]


class _Keras1Spatial(Keras1ConvAttributes, Keras1Layer):
    """Shared constructor of the spatial layers.

    ``keras1_channels_last`` pins layers that Keras 1 always ran channels_last
    (the 1D family), whatever Keras 3's global ``image_data_format``.  Errors
    Keras 3 raises while validating arguments are re-raised with the Keras 1
    layer name in front, so a bad argument always names the layer.
    """

    keras1_channels_last: bool = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keras3_kwargs = self.keras1_init(args, kwargs)
        if self.keras1_channels_last:
            keras3_kwargs["data_format"] = "channels_last"
        fan_axes = training_spec.INITIALIZER_FAN_AXES.get(self.keras1_class)
        init = self.keras1_config.get("init", "glorot_uniform")
        if fan_axes is not None and isinstance(init, str):
            # Keras 1 fans of kernels whose Keras 3 layout hides them.
            from legacy_keras import initializations
            keras3_kwargs["kernel_initializer"] = initializations.get(
                init, input_axes=fan_axes[0], output_axes=fan_axes[1])
        keras3_kwargs = self.keras1_adjust(keras3_kwargs)
        try:
            super().__init__(**keras3_kwargs)
        except (ValueError, TypeError) as error:
            if str(error).startswith(self.keras1_class):
                raise
            raise type(error)(f"{self.keras1_class}: {error}") from error

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        """Per-class conversion of the translated keywords (identity here)."""
        return keras3_kwargs


def _keras3_attr(layer: Any, name: str) -> Any:
    """``getattr`` whose failure reads as a missing Keras 1 attribute."""
    try:
        return getattr(layer, name)
    except AttributeError:
        raise AttributeError(f"{type(layer).__name__!r} object has no such Keras 1 attribute "
                             f"(no {name!r})") from None


def _as_tuple(value: Any) -> Any:
    """JSON lists -> tuples, recursively (Keras 3 wants tuples for shapes)."""
    if isinstance(value, list):
        return tuple(_as_tuple(v) for v in value)
    if isinstance(value, tuple):
        return tuple(_as_tuple(v) for v in value)
    return value


# --------------------------------------------------------------------------- convolutions
class Convolution1D(_Keras1Spatial, keras.layers.Conv1D):
    """Keras 1 ``Convolution1D(nb_filter, filter_length, init, activation, weights,
    border_mode='valid', subsample_length=1, ..., bias=True, input_dim, input_length)``.

    Keras 1 stored a (k, 1, in, out) kernel; ``weights=`` in that layout (or the
    Keras 1.0.x (out, in, k, 1) one) is converted to Keras 3's (k, in, out).
    """

    keras1_class = "Convolution1D"
    keras1_channels_last = True


class AtrousConvolution1D(Convolution1D):
    """Keras 1 ``AtrousConvolution1D(..., atrous_rate=1)`` = Conv1D(dilation_rate).

    Not in its signature, but Keras 1 passed ``input_dim``/``input_length`` on
    to ``Convolution1D`` (and its ``get_config`` stores them), so they work here.
    """

    keras1_class = "AtrousConvolution1D"
    keras1_own_kwargs = ("input_dim", "input_length")

    def _keras1_take_input_kwargs(self, bound: dict[str, Any]) -> None:
        bound.update(self.keras1_own)
        super()._keras1_take_input_kwargs(bound)


class Convolution2D(_Keras1Spatial, keras.layers.Conv2D):
    """Keras 1 ``Convolution2D(nb_filter, nb_row, nb_col, init, activation, weights,
    border_mode='valid', subsample=(1, 1), dim_ordering='default', ...)``."""

    keras1_class = "Convolution2D"


class AtrousConvolution2D(Convolution2D):
    """Keras 1 ``AtrousConvolution2D(..., atrous_rate=(1, 1))`` = Conv2D(dilation_rate)."""

    keras1_class = "AtrousConvolution2D"


class SeparableConvolution2D(_Keras1Spatial, keras.layers.SeparableConv2D):
    """Keras 1 ``SeparableConvolution2D(nb_filter, nb_row, nb_col, init, ...,
    depth_multiplier=1, dim_ordering, depthwise_/pointwise_/b_regularizer, ...)``.

    Keras 1 drew both kernels with ``init``; Keras 3 has one initializer per
    kernel, so ``init`` becomes both.  (Keras 1 had this layer on TensorFlow
    only.)
    """

    keras1_class = "SeparableConvolution2D"

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        init = self.keras1_config.get("init", "glorot_uniform")
        keras3_kwargs.setdefault("pointwise_initializer", _resolve_value("pointwise_initializer", init))
        return keras3_kwargs


class Deconvolution2D(_Keras1Spatial, keras.layers.Conv2DTranspose):
    """Keras 1 ``Deconvolution2D(nb_filter, nb_row, nb_col, output_shape, ...)``.

    Keras 1 made the user state the full output shape (batch included, ``None``
    allowed), passed to TensorFlow's ``conv2d_transpose``.  Keras 3 derives the
    output size from the input size and ``output_padding`` instead, so the
    layer computes ``output_padding`` when it is built (the input size is known
    then) and refuses output shapes TensorFlow could not produce.  The saved
    Keras 3 config carries that ``output_padding``.
    """

    keras1_class = "Deconvolution2D"
    keras1_own_kwargs = ("output_shape",)

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        output_shape = self.keras1_own.get("output_shape")
        self.keras1_output_shape = None
        if output_shape is None:
            if "output_padding" in keras3_kwargs:  # Keras 3 config (from_config)
                return keras3_kwargs
            raise TypeError("Deconvolution2D: missing required argument 'output_shape' "
                            "(the full output shape, e.g. (None, 14, 14, nb_filter))")
        if isinstance(output_shape, (str, bytes)) or not isinstance(output_shape, Sequence) \
                or len(output_shape) != 4:
            raise ValueError("Deconvolution2D: output_shape must be a 4-tuple "
                             "(batch, rows, cols, nb_filter) for 'tf' or (batch, nb_filter, rows, "
                             f"cols) for 'th', got {output_shape!r}")
        if any(v is not None and (not isinstance(v, int) or v <= 0) for v in output_shape):
            raise ValueError(f"Deconvolution2D: output_shape entries must be positive ints or None, "
                             f"got {output_shape!r}")
        channels_first = keras3_kwargs.get("data_format") == "channels_first"
        channels = output_shape[1] if channels_first else output_shape[3]
        spatial = tuple(output_shape[2:]) if channels_first else tuple(output_shape[1:3])
        filters = keras3_kwargs.get("filters")
        if channels is not None and channels != filters:
            raise ValueError(f"Deconvolution2D: output_shape {tuple(output_shape)} has {channels} "
                             f"channels but nb_filter is {filters}")
        self.keras1_output_shape = spatial
        return keras3_kwargs

    def build(self, input_shape):
        spatial = getattr(self, "keras1_output_shape", None)
        if spatial is not None:
            self.output_padding = self._keras1_output_padding(input_shape, spatial)
        super().build(input_shape)

    def _keras1_output_padding(self, input_shape, spatial):
        """Keras 3 ``output_padding`` giving Keras 1's ``output_shape`` (None: default)."""
        output_shape = (None, None, *spatial) if self.data_format == "channels_first" else (None, *spatial, None)
        return spec.deconv2d_output_padding(output_shape, tuple(input_shape), self.kernel_size, self.strides,
                                            self.padding, self.data_format, self.dilation_rate)


class Convolution3D(_Keras1Spatial, keras.layers.Conv3D):
    """Keras 1 ``Convolution3D(nb_filter, kernel_dim1, kernel_dim2, kernel_dim3, ...,
    subsample=(1, 1, 1), dim_ordering)``."""

    keras1_class = "Convolution3D"


# --------------------------------------------------------------------------- resampling
class UpSampling1D(_Keras1Spatial, keras.layers.UpSampling1D):
    """Keras 1 ``UpSampling1D(length=2)``: repeats each step ``length`` times."""

    keras1_class = "UpSampling1D"


class UpSampling2D(_Keras1Spatial, keras.layers.UpSampling2D):
    """Keras 1 ``UpSampling2D(size=(2, 2), dim_ordering)`` (nearest neighbour)."""

    keras1_class = "UpSampling2D"

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        keras3_kwargs["size"] = _as_tuple(keras3_kwargs.get("size", (2, 2)))
        return keras3_kwargs


class UpSampling3D(_Keras1Spatial, keras.layers.UpSampling3D):
    """Keras 1 ``UpSampling3D(size=(2, 2, 2), dim_ordering)``."""

    keras1_class = "UpSampling3D"

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        keras3_kwargs["size"] = _as_tuple(keras3_kwargs.get("size", (2, 2, 2)))
        return keras3_kwargs


def _padding_error(layer: str, padding: Any, expected: str) -> ValueError:
    return ValueError(f"{layer}: padding must be {expected}, got {padding!r}")


def _check_dict(layer: str, padding: dict, keys: tuple[str, ...]) -> None:
    unexpected = set(padding) - set(keys)
    if unexpected:
        raise ValueError(f"{layer}: unexpected key {sorted(unexpected)[0]!r} in the padding "
                         f"dictionary (keys have to be in {set(keys)})")


class ZeroPadding1D(_Keras1Spatial, keras.layers.ZeroPadding1D):
    """Keras 1 ``ZeroPadding1D(padding=1)``: int, (left, right) or
    ``{'left_pad': l, 'right_pad': r}``."""

    keras1_class = "ZeroPadding1D"
    keras1_channels_last = True

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        padding = _as_tuple(keras3_kwargs.get("padding", 1))
        if isinstance(padding, dict):
            _check_dict("ZeroPadding1D", padding, ("left_pad", "right_pad"))
            padding = (padding.get("left_pad", 0), padding.get("right_pad", 0))
        elif not isinstance(padding, int) and (not isinstance(padding, tuple) or len(padding) != 2):
            raise _padding_error("ZeroPadding1D", padding,
                                 "an int, a (left, right) tuple or a dict with keys left_pad, right_pad")
        keras3_kwargs["padding"] = padding
        return keras3_kwargs


class ZeroPadding2D(_Keras1Spatial, keras.layers.ZeroPadding2D):
    """Keras 1 ``ZeroPadding2D(padding=(1, 1), dim_ordering)``.

    ``padding`` is (rows, cols) (symmetric), the Keras 1 4-tuple
    (top, bottom, left, right) -- which Keras 3 spells ((top, bottom),
    (left, right)) -- or a dict with keys top_pad, bottom_pad, left_pad,
    right_pad.
    """

    keras1_class = "ZeroPadding2D"

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        padding = _as_tuple(keras3_kwargs.get("padding", (1, 1)))
        if isinstance(padding, dict):
            _check_dict("ZeroPadding2D", padding, ("top_pad", "bottom_pad", "left_pad", "right_pad"))
            padding = ((padding.get("top_pad", 0), padding.get("bottom_pad", 0)),
                       (padding.get("left_pad", 0), padding.get("right_pad", 0)))
        elif isinstance(padding, tuple) and len(padding) == 4 and all(isinstance(p, int) for p in padding):
            padding = ((padding[0], padding[1]), (padding[2], padding[3]))
        elif not isinstance(padding, int) and (not isinstance(padding, tuple) or len(padding) != 2):
            raise _padding_error("ZeroPadding2D", padding,
                                 "a (rows, cols) tuple, a (top, bottom, left, right) tuple or a dict")
        keras3_kwargs["padding"] = padding
        return keras3_kwargs


class ZeroPadding3D(_Keras1Spatial, keras.layers.ZeroPadding3D):
    """Keras 1 ``ZeroPadding3D(padding=(1, 1, 1), dim_ordering)`` (symmetric per axis)."""

    keras1_class = "ZeroPadding3D"

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        padding = _as_tuple(keras3_kwargs.get("padding", (1, 1, 1)))
        if not isinstance(padding, int) and (not isinstance(padding, tuple) or len(padding) != 3):
            raise _padding_error("ZeroPadding3D", padding, "a tuple of 3 ints")
        keras3_kwargs["padding"] = padding
        return keras3_kwargs


class Cropping1D(_Keras1Spatial, keras.layers.Cropping1D):
    """Keras 1 ``Cropping1D(cropping=(1, 1))``: steps cut at start and end."""

    keras1_class = "Cropping1D"

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        keras3_kwargs["cropping"] = _as_tuple(keras3_kwargs.get("cropping", (1, 1)))
        return keras3_kwargs


class Cropping2D(_Keras1Spatial, keras.layers.Cropping2D):
    """Keras 1 ``Cropping2D(cropping=((0, 0), (0, 0)), dim_ordering)``."""

    keras1_class = "Cropping2D"

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        keras3_kwargs["cropping"] = _as_tuple(keras3_kwargs.get("cropping", ((0, 0), (0, 0))))
        return keras3_kwargs


class Cropping3D(_Keras1Spatial, keras.layers.Cropping3D):
    """Keras 1 ``Cropping3D(cropping=((1, 1), (1, 1), (1, 1)), dim_ordering)``."""

    keras1_class = "Cropping3D"

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        keras3_kwargs["cropping"] = _as_tuple(keras3_kwargs.get("cropping", ((1, 1), (1, 1), (1, 1))))
        return keras3_kwargs


# Keras 1.2.2's own aliases: the same classes, with the Keras 1 signatures.
Conv1D = Convolution1D
Conv2D = Convolution2D
Conv3D = Convolution3D
AtrousConv1D = AtrousConvolution1D
AtrousConv2D = AtrousConvolution2D
SeparableConv2D = SeparableConvolution2D
Deconv2D = Deconvolution2D

for _cls in (Convolution1D, AtrousConvolution1D, Convolution2D, AtrousConvolution2D,
             SeparableConvolution2D, Deconvolution2D, Convolution3D, UpSampling1D, UpSampling2D,
             UpSampling3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, Cropping1D, Cropping2D,
             Cropping3D):
    export_as_keras3(_cls, f"keras.layers.{spec.KERAS3_CLASS[_cls.keras1_class]}")
del _cls

# Keras 1.2.2's convolutional module re-exported the pooling layers, and
# scripts import them from here (``from keras.layers.convolutional import MaxPooling2D``).
from legacy_keras.layers.pooling import (  # noqa: E402,F401
    AveragePooling1D, AveragePooling2D, AveragePooling3D,
    MaxPooling1D, MaxPooling2D, MaxPooling3D,
)
