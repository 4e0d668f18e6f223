"""Theano's border modes, reproduced on Keras 3 for Theano-trained Keras 1 models.

Keras 1 on Theano aligned ``'same'`` differently from TensorFlow (reference
section 4.5).  A model trained there computes different numbers with Keras
3's native ``'same'`` whenever the two paddings disagree, so for Theano files
the converter rebuilds such layers as

* convolution ``'same'`` (Conv1D/2D/3D, atrous): ``ZeroPadding`` of
  ``k_eff // 2`` on both sides, the layer with ``'valid'``, ``Cropping`` to
  ``ceil(n / s)`` -- only when Theano's padding differs from TensorFlow's
  (even kernels, odd kernels with stride), so most models stay native;
* convolution ``'full'`` (Theano only): ``ZeroPadding`` of ``k_eff - 1`` +
  ``'valid'``;
* ``Deconvolution2D`` ``'same'``: the layer with ``'valid'`` and the full
  output length ``(n - 1) s + k``, then ``Cropping`` from offset ``k // 2``;
* pooling ``'same'`` (Max/Average 1D/2D): :class:`TheanoSamePooling`, a
  registered layer, because Keras 3 cannot pad with "ignored" cells (Theano's
  windows start ``p`` cells before the input, ``p = ps - 2`` for odd ``ps > 2``
  else ``ps - 1``; padded cells are ignored by max and excluded from the
  average).

Padding and cropping use plain Keras 3 layers, so converted convnets without
'same' pooling load in Keras 3 without legacy_keras.  Everything here is
computed from the layer's Keras 1 config and its static input shape.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import keras

from legacy_keras.spec.layers import keras1_padding

_CONV = {"Convolution1D": 1, "Conv1D": 1, "AtrousConvolution1D": 1, "AtrousConv1D": 1,
         "Convolution2D": 2, "Conv2D": 2, "AtrousConvolution2D": 2, "AtrousConv2D": 2,
         "Convolution3D": 3, "Conv3D": 3}
_DECONV = {"Deconvolution2D": 2, "Deconv2D": 2}
_POOL = {"MaxPooling1D": (1, "max"), "AveragePooling1D": (1, "avg"),
         "MaxPooling2D": (2, "max"), "AveragePooling2D": (2, "avg")}

from legacy_keras.saving.rules import BACKEND_SENSITIVE  # noqa: E402,F401


@dataclass
class Plan:
    """How to rebuild one layer: config overrides and layers around it."""
    overrides: dict[str, Any] = field(default_factory=dict)
    before: list[Any] = field(default_factory=list)
    after: list[Any] = field(default_factory=list)
    replacement: Any = None   # a layer used instead of the Keras 1 class


def _as_tuple(value: Any, rank: int) -> tuple[int, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return (int(value),) * rank


def _spatial(config: dict, rank: int, input_shape: tuple) -> tuple[tuple[int, ...], str]:
    """Spatial sizes of the input and the Keras 3 data_format."""
    ordering = config.get("dim_ordering", "tf") if rank > 1 else "tf"
    if ordering == "th":
        return tuple(input_shape[2:2 + rank]), "channels_first"
    return tuple(input_shape[1:1 + rank]), "channels_last"


def _pad_layer(rank: int, pads: tuple, data_format: str, name: str):
    if rank == 1:
        return keras.layers.ZeroPadding1D(pads[0], name=name)
    if rank == 2:
        return keras.layers.ZeroPadding2D(pads, data_format=data_format, name=name)
    return keras.layers.ZeroPadding3D(pads, data_format=data_format, name=name)


def _crop_layer(rank: int, crops: tuple, data_format: str, name: str):
    if rank == 1:
        return keras.layers.Cropping1D(crops[0], name=name)
    if rank == 2:
        return keras.layers.Cropping2D(crops, data_format=data_format, name=name)
    return keras.layers.Cropping3D(crops, data_format=data_format, name=name)


def _conv_geometry(class_name: str, config: dict, rank: int):
    if rank == 1:
        kernel = (int(config["filter_length"]),)
        strides = _as_tuple(config.get("subsample_length", 1), 1)
        dilation = _as_tuple(config.get("atrous_rate", 1), 1)
    elif rank == 2:
        kernel = (int(config["nb_row"]), int(config["nb_col"]))
        strides = _as_tuple(config.get("subsample", (1, 1)), 2)
        dilation = _as_tuple(config.get("atrous_rate", (1, 1)), 2)
    else:
        kernel = (int(config["kernel_dim1"]), int(config["kernel_dim2"]), int(config["kernel_dim3"]))
        strides = _as_tuple(config.get("subsample", (1, 1, 1)), 3)
        dilation = (1, 1, 1)
    effective = tuple((k - 1) * d + 1 for k, d in zip(kernel, dilation))
    return kernel, strides, effective


def plan(class_name: str, config: dict, input_shape: tuple, name: str) -> Plan | None:
    """The Theano-faithful rebuild of one layer, or ``None`` when Keras 3's own padding agrees."""
    border = config.get("border_mode")
    if class_name == "ConvLSTM2D" and border == "same":
        kernel = (int(config.get("nb_row", 1)), int(config.get("nb_col", 1)))
        if any(k % 2 == 0 for k in kernel):
            # Theano aligns an even kernel's 'same' differently, inside the recurrence
            # (input and state convolutions): no padding around the layer reproduces it.
            raise NotImplementedError(
                f"layer {name!r}: Theano-trained ConvLSTM2D with border_mode='same' and an even "
                f"kernel {kernel} cannot be reproduced on Keras 3 (its 'same' aligns differently)")
        return None
    if class_name in _CONV and border in ("same", "full"):
        rank = _CONV[class_name]
        sizes, data_format = _spatial(config, rank, input_shape)
        if any(n is None for n in sizes):
            _, strides, effective = _conv_geometry(class_name, config, rank)
            if border == "full" or any(k % 2 == 0 for k in effective) or any(s > 1 for s in strides):
                warnings.warn(f"layer {name!r}: input length unknown, so Theano's '{border}' padding "
                              "cannot be reproduced; Keras 3's own padding is used (outputs may "
                              "differ near the borders)", stacklevel=2)
            return None
        _, strides, effective = _conv_geometry(class_name, config, rank)
        if border == "full":
            pads = tuple((pad, pad) for pad in (keras1_padding("full", k) for k in effective))
            return Plan({"border_mode": "valid"}, [_pad_layer(rank, pads, data_format, f"{name}_theano_pad")])
        theano_pad = [keras1_padding("same", k) for k in effective]
        outs = [math.ceil(n / s) for n, s in zip(sizes, strides)]
        tf_pad = [max((o - 1) * s + k - n, 0) // 2 for o, s, k, n in zip(outs, strides, effective, sizes)]
        if theano_pad == tf_pad:
            return None
        pads = tuple((p, p) for p in theano_pad)
        full = [(n + 2 * p - k) // s + 1 for n, p, k, s in zip(sizes, theano_pad, effective, strides)]
        crops = tuple((0, f - o) for f, o in zip(full, outs))
        after = [_crop_layer(rank, crops, data_format, f"{name}_theano_crop")] if any(c[1] for c in crops) else []
        return Plan({"border_mode": "valid"}, [_pad_layer(rank, pads, data_format, f"{name}_theano_pad")], after)
    if class_name in _DECONV and border == "same":
        sizes, data_format = _spatial(config, 2, input_shape)
        kernel = (int(config["nb_row"]), int(config["nb_col"]))
        strides = _as_tuple(config.get("subsample", (1, 1)), 2)
        target = tuple(config["output_shape"][2:4] if config.get("dim_ordering") == "th"
                       else config["output_shape"][1:3])
        offsets = [k // 2 for k in kernel]
        tf_offsets = [max(k - s, 0) // 2 for k, s in zip(kernel, strides)]
        if offsets == tf_offsets:
            return None
        full = [(n - 1) * s + k for n, s, k in zip(sizes, strides, kernel)]
        crops = tuple((o, f - o - t) for o, f, t in zip(offsets, full, target))
        if any(c[1] < 0 for c in crops):
            raise NotImplementedError(
                f"layer {name!r}: Theano 'same' Deconvolution2D with kernel {kernel} and stride "
                f"{strides} reads past the full output; not supported")
        shape = list(config["output_shape"])
        if config.get("dim_ordering") == "th":
            shape[2:4] = full
        else:
            shape[1:3] = full
        return Plan({"border_mode": "valid", "output_shape": shape}, [],
                    [_crop_layer(2, crops, data_format, f"{name}_theano_crop")])
    if class_name in _POOL and border == "same":
        rank, mode = _POOL[class_name]
        if rank == 1:
            pool = _as_tuple(config.get("pool_length", 2), 1)
            stride = config.get("stride")
            strides = _as_tuple(stride if stride is not None else pool[0], 1)
            data_format = "channels_last"
            sizes = (input_shape[1],)
        else:
            pool = _as_tuple(config.get("pool_size", (2, 2)), 2)
            stride = config.get("strides")
            strides = _as_tuple(stride if stride is not None else pool, 2)
            sizes, data_format = _spatial(config, 2, input_shape)
        pads = [p - 2 if p > 2 and p % 2 == 1 else p - 1 for p in pool]
        outs = [math.ceil(n / s) if n is not None else None for n, s in zip(sizes, strides)]
        tf_pads = [max((o - 1) * s + p - n, 0) // 2 if n is not None else None
                   for o, s, p, n in zip(outs, strides, pool, sizes)]
        if pads == tf_pads:
            return None
        layer = TheanoSamePooling(pool_size=pool, strides=strides, mode=mode,
                                  data_format=data_format, name=name)
        return Plan(replacement=layer)
    return None


@keras.saving.register_keras_serializable(package="legacy_keras")
class TheanoSamePooling(keras.layers.Layer):
    """Max/average pooling with Theano's ``'same'`` alignment (Keras 1 on Theano).

    Reimplemented because no Keras 3 pooling layer starts its windows ``p``
    cells before the input while ignoring the padded cells: the input is padded
    with -inf (max) or pooled together with a validity mask (average, padded
    cells excluded from the count), pooled ``'valid'``, then cropped to
    ``ceil(n / s)`` outputs, exactly as Keras 1.2.2's Theano backend did.
    """

    def __init__(self, pool_size, strides, mode="max", data_format="channels_last", **kwargs):
        super().__init__(**kwargs)
        self.pool_size = tuple(pool_size)
        self.strides = tuple(strides)
        self.mode = mode
        self.data_format = data_format
        self.rank = len(self.pool_size)
        self.pads = tuple(p - 2 if p > 2 and p % 2 == 1 else p - 1 for p in self.pool_size)

    def _spatial_axes(self) -> list[int]:
        return list(range(2, 2 + self.rank)) if self.data_format == "channels_first" \
            else list(range(1, 1 + self.rank))

    def call(self, inputs):
        ops = keras.ops
        axes = self._spatial_axes()
        widths = [[0, 0] for _ in range(self.rank + 2)]
        for axis, pad in zip(axes, self.pads):
            widths[axis] = [pad, pad]
        outs = [-(-inputs.shape[axis] // s) if inputs.shape[axis] is not None else None
                for axis, s in zip(axes, self.strides)]
        if self.mode == "max":
            padded = ops.pad(inputs, widths, constant_values=float("-inf"))
            pooled = ops.max_pool(padded, self.pool_size, self.strides, "valid", self.data_format)
        else:
            padded = ops.pad(inputs, widths)
            mask = ops.pad(ops.ones_like(inputs), widths)
            total = ops.average_pool(padded, self.pool_size, self.strides, "valid", self.data_format)
            count = ops.average_pool(mask, self.pool_size, self.strides, "valid", self.data_format)
            pooled = total / count
        index = [slice(None)] * (self.rank + 2)
        for axis, out in zip(axes, outs):
            index[axis] = slice(0, out)
        return pooled[tuple(index)]

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, s in zip(self._spatial_axes(), self.strides):
            if shape[axis] is not None:
                shape[axis] = -(-shape[axis] // s)
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update(pool_size=self.pool_size, strides=self.strides, mode=self.mode,
                      data_format=self.data_format)
        return config


# ---------------------------------------------------------------------------
# Live layers (a model built in code, or from JSON, before its weights file is
# seen): the same Theano alignment, switched on in place.

class TheanoPaddingError(ValueError):
    """A live layer cannot compute what Keras 1 computed on Theano (one-line message)."""


def _theano_call(layer: Any, before: list, after: list, replacement: Any):
    native = type(layer).call

    def call(inputs, *args, **kwargs):
        if replacement is not None:
            return replacement(inputs)
        x = inputs
        for extra in before:
            x = extra(x)
        saved = layer.padding
        layer.padding = "valid"
        try:
            y = native(layer, x, *args, **kwargs)
        finally:
            layer.padding = saved
        for extra in after:
            y = extra(y)
        return y
    return call


def set_live_theano_padding(layer: Any, class_name: str, config: dict, input_shape: tuple | None,
                            name: str, theano: bool) -> bool:
    """Give a built layer Theano's 'same' alignment (``theano=True``) or its own back.

    The layer keeps its class, weights and output shape (Theano's 'same'
    output has TensorFlow's size); only its ``call`` pads ``k // 2`` on both
    sides, convolves 'valid' and crops.  Returns whether the layer changed.
    Raises :class:`TheanoPaddingError` for layers whose Theano result has no
    in-place equivalent (Theano 'same' Deconvolution2D).
    """
    was = "call" in vars(layer) and getattr(layer, "_keras1_theano_padding", False)
    if not theano:
        if was:
            del layer.call
            layer._keras1_theano_padding = False
        return was
    if was:
        return False
    if config.get("border_mode") not in ("same", "full"):
        return False
    if class_name == "ConvLSTM2D":
        try:
            plan(class_name, config, tuple(input_shape or ()), name)
        except NotImplementedError as error:
            raise TheanoPaddingError(str(error)) from None
        return False
    if input_shape is None:
        raise TheanoPaddingError(f"layer {name!r} ({class_name}): the model is not built, so Theano's "
                                 f"'{config.get('border_mode')}' padding cannot be reproduced; build "
                                 "the model (give the first layer input_shape) before load_weights")
    try:
        found = plan(class_name, config, tuple(input_shape), name)
    except NotImplementedError as error:
        raise TheanoPaddingError(str(error)) from None
    if found is None:
        return False
    if class_name in _DECONV:
        raise TheanoPaddingError(
            f"layer {name!r} ({class_name}): Theano 'same' transposed convolution cannot be "
            "reproduced in a model built in code; build it from the Keras 1 architecture "
            "(model_from_json / load_model) instead")
    if class_name in _CONV and config.get("border_mode") == "full":
        raise TheanoPaddingError(f"layer {name!r} ({class_name}): border_mode='full' cannot be built "
                                 "in code on Keras 3; load the Keras 1 architecture instead")
    if found.replacement is None and not hasattr(layer, "padding"):
        raise TheanoPaddingError(f"layer {name!r} ({class_name}): cannot switch it to Theano's padding")
    layer.call = _theano_call(layer, found.before, found.after, found.replacement)
    layer._keras1_theano_padding = True
    return True
