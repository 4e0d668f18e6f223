"""Keras 1 ``keras.layers.local``: LocallyConnected1D/2D, reimplemented.

Keras 3 dropped locally connected layers (neither ``keras.layers`` nor
``tf.keras.layers`` has them), so these are new Keras 3 layers, registered
serializable as ``legacy_keras>LocallyConnected1D/2D``.  They compute Keras
1's unshared convolution -- a separate weight matrix per output position,
applied to the flattened input patch -- vectorised with ``keras.ops``: one
gather builds every patch, one ``einsum`` applies every position's matrix.

Variables (the Keras 3 layout; ``weights=`` in Keras 1 layout is converted by
``legacy_keras.weights.convolutional``):

* 1D: ``kernel`` (L_out, k * in, F), patch features ordered (tap, channel);
  ``bias`` (L_out, F).  Same as Keras 1.
* 2D: ``kernel`` (R * C, kr * kc * in, F), position p = i * C + j, patch
  features ordered (kr, kc, channel); ``bias`` (R, C, F) -- Keras 1's 'tf'
  layout.  For 'th' Keras 1 ordered patch features (channel, kr, kc) and
  reinterpreted its (R, C, F) bias memory as (F, R, C); the weight rule undoes
  both, so the layer itself has one layout for both orderings.

Only ``border_mode='valid'`` exists (as in Keras 1).  Plain convolution
kernels never need a Theano flip here: a patch matmul is not a convolution.
"""
from __future__ import annotations

from typing import Any

import keras
import numpy as np
from keras import ops

from legacy_keras.layers._adapt import (Keras1Layer, kernel_bias_config, register_legacy,
                                         resolve_data_format)
from legacy_keras.layers.convolutional import Keras1ConvAttributes

__all__ = ["LocallyConnected1D", "LocallyConnected2D"]


def _output_length(length: int | None, kernel: int, stride: int) -> int | None:
    if length is None:
        return None
    return (length - kernel) // stride + 1


class _LocallyConnected(Keras1ConvAttributes, Keras1Layer, keras.layers.Layer):
    """Constructor and config shared by the 1D and 2D layers."""

    rank: int = 1
    keras1_own_kwargs = ("kernel_size", "bias_initializer")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kw = self.keras1_init(args, kwargs)
        name = self.keras1_class
        own = self.keras1_own
        if own.get("kernel_size") is not None:
            kernel_size = own["kernel_size"]
        else:
            kernel_size = kw.pop("kernel_size", None)
        kw.pop("kernel_size", None)
        if kernel_size is None:
            raise TypeError(f"{name}: missing the kernel size argument")
        kernel_size = (kernel_size,) if isinstance(kernel_size, int) else tuple(kernel_size)
        strides = kw.pop("strides", 1)
        strides = (strides,) * self.rank if isinstance(strides, int) else tuple(strides)
        if len(kernel_size) != self.rank or len(strides) != self.rank:
            raise ValueError(f"{name}: kernel size {kernel_size} / subsample {strides} must have "
                             f"{self.rank} entries")
        padding = kw.pop("padding", "valid")
        if padding != "valid":
            raise ValueError(f"{name}: border_mode={padding!r} is not supported "
                             "(only 'valid', as in Keras 1; use ZeroPadding first)")
        filters = kw.pop("filters", None)
        if not isinstance(filters, int) or filters <= 0:
            raise ValueError(f"{name}: nb_filter must be a positive int, got {filters!r}")
        self.filters = filters
        self.kernel_size = tuple(int(k) for k in kernel_size)
        self.strides = tuple(int(s) for s in strides)
        self.padding = "valid"
        data_format = kw.pop("data_format", None) or resolve_data_format("default")
        self.data_format = data_format if self.rank == 2 else "channels_last"
        if self.data_format not in ("channels_first", "channels_last"):
            raise ValueError(f"{name}: unknown dim_ordering {self.data_format!r}")
        self.activation = keras.activations.get(kw.pop("activation", None))
        self.use_bias = bool(kw.pop("use_bias", True))
        self.kernel_initializer = (kw.pop("kernel_initializer", None)
                                   or keras.initializers.get("glorot_uniform"))
        self.bias_initializer = keras.initializers.get(own.get("bias_initializer") or "zeros")
        self.kernel_regularizer = kw.pop("kernel_regularizer", None)
        self.bias_regularizer = kw.pop("bias_regularizer", None)
        self.kernel_constraint = kw.pop("kernel_constraint", None)
        self.bias_constraint = kw.pop("bias_constraint", None)
        try:
            super().__init__(**kw)
        except (TypeError, ValueError) as error:
            raise type(error)(f"{name}: {error}") from error
        self.input_spec = keras.layers.InputSpec(ndim=self.rank + 2)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "activation": keras.activations.serialize(self.activation),
            "bias_initializer": keras.initializers.serialize(self.bias_initializer),
            **kernel_bias_config(self),
        })
        if self.rank == 2:
            config["data_format"] = self.data_format
        return config

    def _add_variables(self, kernel_shape: tuple, bias_shape: tuple) -> None:
        self.kernel = self.add_weight(name="kernel", shape=kernel_shape,
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=bias_shape,
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None

    def _check_known(self, sizes, input_shape) -> None:
        if any(size is None for size in sizes):
            raise ValueError(f"{self.keras1_class} needs a fully defined input shape "
                             f"(as in Keras 1), got {tuple(input_shape)}")


@register_legacy
class LocallyConnected1D(_LocallyConnected):
    """Keras 1 ``LocallyConnected1D(nb_filter, filter_length, init, activation, weights,
    border_mode='valid', subsample_length=1, ..., bias=True, input_dim, input_length)``.

    Input (batch, steps, in); output (batch, L_out, nb_filter) with
    L_out = (steps - filter_length) // subsample_length + 1.
    """

    keras1_class = "LocallyConnected1D"
    rank = 1

    def build(self, input_shape) -> None:
        length, channels = input_shape[1], input_shape[2]
        self._check_known((length, channels), input_shape)
        (k,), (s,) = self.kernel_size, self.strides
        out = _output_length(length, k, s)
        if out is None or out <= 0:
            raise ValueError(f"LocallyConnected1D: input length {length} is shorter than "
                             f"filter_length {k}")
        self._patch_index = np.arange(out)[:, None] * s + np.arange(k)[None, :]
        self._add_variables((out, k * channels, self.filters), (out, self.filters))
        self.set_keras1_initial_weights()

    def call(self, inputs):
        out, features = self.kernel.shape[0], self.kernel.shape[1]
        patches = ops.take(inputs, ops.convert_to_tensor(self._patch_index.reshape(-1), "int32"), axis=1)
        patches = ops.reshape(patches, (-1, out, features))  # (b, L, k * in): (tap, channel)
        outputs = ops.einsum("blf,lfo->blo", patches, self.kernel)
        if self.use_bias:
            outputs = outputs + self.bias
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        out = _output_length(input_shape[1], self.kernel_size[0], self.strides[0])
        return (input_shape[0], out, self.filters)


@register_legacy
class LocallyConnected2D(_LocallyConnected):
    """Keras 1 ``LocallyConnected2D(nb_filter, nb_row, nb_col, init, activation, weights,
    border_mode='valid', subsample=(1, 1), dim_ordering='default', ..., bias=True)``."""

    keras1_class = "LocallyConnected2D"
    rank = 2

    def _spatial(self, input_shape):
        if self.data_format == "channels_first":
            return input_shape[2], input_shape[3], input_shape[1]
        return input_shape[1], input_shape[2], input_shape[3]

    def build(self, input_shape) -> None:
        rows, cols, channels = self._spatial(input_shape)
        self._check_known((rows, cols, channels), input_shape)
        (kr, kc), (sr, sc) = self.kernel_size, self.strides
        out_rows, out_cols = _output_length(rows, kr, sr), _output_length(cols, kc, sc)
        if out_rows <= 0 or out_cols <= 0:
            raise ValueError(f"LocallyConnected2D: input {rows}x{cols} is smaller than the "
                             f"kernel {kr}x{kc}")
        self._row_index = (np.arange(out_rows)[:, None] * sr + np.arange(kr)[None, :]).reshape(-1)
        self._col_index = (np.arange(out_cols)[:, None] * sc + np.arange(kc)[None, :]).reshape(-1)
        self._out = (out_rows, out_cols)
        self._add_variables((out_rows * out_cols, kr * kc * channels, self.filters),
                            (out_rows, out_cols, self.filters))
        self.set_keras1_initial_weights()

    def call(self, inputs):
        if self.data_format == "channels_first":
            inputs = ops.transpose(inputs, (0, 2, 3, 1))
        (kr, kc), (out_rows, out_cols) = self.kernel_size, self._out
        cols, channels = inputs.shape[2], inputs.shape[3]
        x = ops.take(inputs, ops.convert_to_tensor(self._row_index, "int32"), axis=1)
        x = ops.reshape(x, (-1, out_rows, kr, cols, channels))
        x = ops.take(x, ops.convert_to_tensor(self._col_index, "int32"), axis=3)
        x = ops.reshape(x, (-1, out_rows, kr, out_cols, kc, channels))
        x = ops.transpose(x, (0, 1, 3, 2, 4, 5))  # (b, R, C, kr, kc, in)
        x = ops.reshape(x, (-1, out_rows * out_cols, kr * kc * channels))
        outputs = ops.einsum("bpf,pfo->bpo", x, self.kernel)
        outputs = ops.reshape(outputs, (-1, out_rows, out_cols, self.filters))
        if self.use_bias:
            outputs = outputs + self.bias
        outputs = self.activation(outputs)
        if self.data_format == "channels_first":
            outputs = ops.transpose(outputs, (0, 3, 1, 2))
        return outputs

    def compute_output_shape(self, input_shape):
        rows, cols, _ = self._spatial(input_shape)
        out_rows = _output_length(rows, self.kernel_size[0], self.strides[0])
        out_cols = _output_length(cols, self.kernel_size[1], self.strides[1])
        if self.data_format == "channels_first":
            return (input_shape[0], self.filters, out_rows, out_cols)
        return (input_shape[0], out_rows, out_cols, self.filters)
