"""``legacy-convert --channels-last``: a 'th' (channels_first) model rewritten to take NHWC inputs.

Theano-era convnets were 'th': ``(batch, channels, rows, cols)``.  TensorFlow's
fast CPU/GPU kernels and mobile exports want ``channels_last``.  This pass runs
on the built-in-only model of :mod:`.builtin` and follows which tensors are
*transposed* (NHWC where the original was NCHW):

* every rank-4 model input read by a 'th' layer becomes NHWC;
* layers with ``data_format='channels_first'`` (convolutions, pooling, padding,
  cropping, upsampling, spatial dropout) become ``channels_last`` twins (Keras 3
  kernels do not depend on the data format, so the weights are the same);
  ``BatchNormalization(axis=1)`` gets ``axis=-1``; ``Concatenate(axis=1)`` its
  NHWC axis; elementwise layers and merges pass the layout through;
* ``Flatten`` of a transposed tensor flattens in (rows, cols, channels) order, so
  the ``Dense`` after it gets its kernel rows permuted (keras-team/keras#5374);
* any other layer meeting a transposed tensor gets a ``Permute`` back to
  channels_first first, so the result is always exact.

Image outputs of a fully convolutional model come out NHWC as well.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np

from legacy_keras.saving.builtin import Replacement, RewritingSink
from legacy_keras.saving.hdf5 import Keras1FileError

_FORMAT_LAYERS = (keras.layers.Conv2D, keras.layers.Conv2DTranspose, keras.layers.SeparableConv2D,
                  keras.layers.DepthwiseConv2D, keras.layers.MaxPooling2D,
                  keras.layers.AveragePooling2D, keras.layers.ZeroPadding2D,
                  keras.layers.Cropping2D, keras.layers.UpSampling2D, keras.layers.SpatialDropout2D)
_GLOBAL = (keras.layers.GlobalMaxPooling2D, keras.layers.GlobalAveragePooling2D)
_ELEMENTWISE = (keras.layers.Dropout, keras.layers.GaussianNoise, keras.layers.GaussianDropout,
                keras.layers.Rescaling, keras.layers.LeakyReLU, keras.layers.ELU, keras.layers.ReLU,
                keras.layers.ActivityRegularization)
_MERGES = (keras.layers.Add, keras.layers.Multiply, keras.layers.Average, keras.layers.Maximum,
           keras.layers.Minimum, keras.layers.Subtract)
#: NCHW axis -> NHWC axis.
_AXIS = {1: 3, 2: 1, 3: 2, -3: 3, -2: 1, -1: 2, 0: 0}


class ChannelsLastError(Keras1FileError):
    """The model cannot be given channels_last inputs (one line)."""


@dataclass
class Flat:
    """A flattened tensor whose features are in (rows, cols, channels) order."""
    chw: tuple[int, int, int]


@dataclass
class Result:
    model: Any
    replacements: dict[int, Replacement] = field(default_factory=dict)
    transposed_layers: list[str] = field(default_factory=list)
    inputs_nhwc: list[bool] = field(default_factory=list)
    outputs_nhwc: list[bool] = field(default_factory=list)


def _twin(layer: Any, **changes: Any) -> Any:
    config = keras.layers.serialize(layer)
    config.pop("build_config", None)        # built for NCHW: the twin builds on its NHWC input
    config["config"].pop("batch_shape", None)
    config["config"].pop("batch_input_shape", None)
    config["config"].update(changes)
    return keras.layers.deserialize(config)


class _Pass:
    def __init__(self) -> None:
        self.replacements: dict[int, Replacement] = {}
        self.changed: list[str] = []
        self.flags: dict[int, Any] = {}   # id(tensor) -> True (NHWC) | Flat

    def flag(self, tensor: Any) -> Any:
        return self.flags.get(id(tensor))

    def mark(self, tensor: Any, value: Any) -> Any:
        if value:
            self.flags[id(tensor)] = value
        return tensor

    def restore(self, tensor: Any, name: str) -> Any:
        """Back to the original layout (for a layer that needs it)."""
        value = self.flag(tensor)
        if value is True:
            return keras.layers.Permute((3, 1, 2), name=f"{name}_to_channels_first")(tensor)
        if isinstance(value, Flat):
            c, h, w = value.chw
            x = keras.layers.Reshape((h, w, c), name=f"{name}_unflatten")(tensor)
            x = keras.layers.Permute((3, 1, 2), name=f"{name}_to_channels_first")(x)
            return keras.layers.Flatten(name=f"{name}_reflatten")(x)
        return tensor

    def twin(self, layer: Any, permute_rows: np.ndarray | None = None, **changes: Any) -> Any:
        key = id(layer)
        if key in self.replacements:
            return self.replacements[key].chain[0]
        new = _twin(layer, **changes)

        def weights(arrays: list, new=new) -> list:
            arrays = list(arrays)
            if permute_rows is not None:
                arrays[0] = np.ascontiguousarray(np.asarray(arrays[0])[permute_rows])
            return [(new, arrays)]
        self.replacements[key] = Replacement(new, weights, description="channels_last", chain=[new])
        self.changed.append(layer.name)
        return new

    def call(self, layer: Any, inputs: Any) -> Any:
        many = isinstance(inputs, (list, tuple))
        tensors = list(inputs) if many else [inputs]
        flags = [self.flag(t) for t in tensors]
        if not any(flags):
            return layer(inputs)
        if isinstance(layer, keras.Model):
            return layer([self.restore(t, layer.name) for t in tensors] if many
                         else self.restore(inputs, layer.name))
        if not many:
            value = flags[0]
            if value is True:
                rank4 = len(inputs.shape) == 4
                if rank4 and isinstance(layer, _FORMAT_LAYERS) and \
                        getattr(layer, "data_format", None) == "channels_first":
                    return self.mark(self.twin(layer, data_format="channels_last")(inputs), True)
                if rank4 and isinstance(layer, _GLOBAL) and layer.data_format == "channels_first":
                    return self.twin(layer, data_format="channels_last")(inputs)
                if rank4 and isinstance(layer, keras.layers.BatchNormalization) and \
                        layer.axis in (1, [1], (1,)):
                    return self.mark(self.twin(layer, axis=-1)(inputs), True)
                if isinstance(layer, _ELEMENTWISE) or (
                        isinstance(layer, keras.layers.Activation) and
                        getattr(layer.activation, "__name__", "") not in ("softmax", "log_softmax")):
                    return self.mark(layer(inputs), True)
                if isinstance(layer, keras.layers.Flatten) and rank4:
                    h, w, c = (int(s) for s in inputs.shape[1:])   # the NHWC tensor
                    return self.mark(layer(inputs), Flat((c, h, w)))
            elif isinstance(value, Flat):
                if isinstance(layer, keras.layers.Dense) and len(inputs.shape) == 2:
                    c, h, w = value.chw
                    rows = np.arange(c * h * w).reshape(c, h, w).transpose(1, 2, 0).reshape(-1)
                    return self.twin(layer, permute_rows=rows)(inputs)
                if isinstance(layer, (keras.layers.Dropout, keras.layers.Activation,
                                      keras.layers.GaussianNoise, keras.layers.GaussianDropout)):
                    return self.mark(layer(inputs), value)
        elif all(f is True for f in flags) and all(len(t.shape) == 4 for t in tensors):
            if isinstance(layer, _MERGES):
                return self.mark(layer(inputs), True)
            if isinstance(layer, keras.layers.Concatenate) and layer.axis in _AXIS:
                return self.mark(self.twin(layer, axis=_AXIS[layer.axis])(inputs), True)
        restored = [self.restore(t, layer.name) for t in tensors]
        return layer(restored if many else restored[0])


def nchw_inputs(config: dict) -> list[bool] | None:
    """Per Keras 1 model input: is it read by a 'th' layer (so NCHW)?  From the config alone."""
    body = config.get("config")
    if config.get("class_name") == "Sequential" and isinstance(body, list) and body:
        first = body[0]
        if first.get("class_name") == "Merge" and first.get("config", {}).get("layers"):
            return [bool(branch.get("config")) and
                    branch["config"][0].get("config", {}).get("dim_ordering") == "th"
                    for branch in first["config"]["layers"]]
        return [first.get("config", {}).get("dim_ordering") == "th"]
    if config.get("class_name") == "Model" and isinstance(body, dict):
        flags = []
        for entry in body.get("input_layers", []):
            name = entry[0]
            readers = [layer for layer in body.get("layers", [])
                       if any(inbound[0] == name for node in layer.get("inbound_nodes", [])
                              for inbound in node)]
            flags.append(any(isinstance(layer.get("config"), dict) and
                             layer["config"].get("dim_ordering") == "th" for layer in readers))
        return flags
    return None


def rewrite(model: Any, th: bool | None = None, nchw: list[bool] | None = None) -> Result:
    """The model with NHWC rank-4 inputs; raises :class:`ChannelsLastError` for a non-'th' model.

    ``th``: whether the Keras 1 config has a ``dim_ordering='th'`` layer (by
    default: whether the model has a channels_first layer).
    """
    layers = _leaves(model)
    if th is None:
        th = any(getattr(layer, "data_format", None) == "channels_first" for layer in layers)
    if not th or not any(len(tuple(t.shape)) == 4 for t in model.inputs):
        raise ChannelsLastError("--channels-last: the model has no dim_ordering='th' layer "
                                "(it already takes channels_last inputs)")
    work = _Pass()
    new_inputs, call_inputs = [], []
    if nchw is None or len(nchw) != len(model.inputs):
        nchw = [True] * len(model.inputs)
    for tensor, is_nchw in zip(model.inputs, nchw):
        shape = tuple(tensor.shape)
        if len(shape) == 4 and is_nchw:
            x = keras.Input(batch_shape=(shape[0], shape[2], shape[3], shape[1]), dtype=tensor.dtype,
                            name=getattr(tensor, "name", None))
            work.mark(x, True)
        else:
            x = keras.Input(batch_shape=shape, dtype=tensor.dtype, name=getattr(tensor, "name", None))
        new_inputs.append(x)
        call_inputs.append(x)
    if isinstance(model, keras.Sequential):
        x = call_inputs[0]
        for layer in model.layers:
            x = work.call(layer, x)
        outputs = x
    else:
        outputs = keras.models.clone_model(
            model, input_tensors=call_inputs if len(call_inputs) > 1 else call_inputs[0],
            clone_function=lambda layer: layer,
            call_function=lambda layer, *args, **kwargs: work.call(layer, args[0] if args
                                                                   else kwargs["inputs"])).outputs
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    nhwc_out = [work.flag(t) is True for t in outputs]
    flat_out = [isinstance(work.flag(t), Flat) for t in outputs]
    outputs = [work.restore(t, f"output{i}") if flat else t for i, (t, flat) in enumerate(zip(outputs, flat_out))]
    new = keras.Model(new_inputs if len(new_inputs) > 1 else new_inputs[0],
                      outputs if len(outputs) > 1 else outputs[0], name=model.name)
    return Result(new, work.replacements, work.changed,
                  [work.flag(x) is True for x in new_inputs], nhwc_out)


def _leaves(model: Any) -> list:
    found = []
    for layer in getattr(model, "layers", []):
        found.append(layer)
        if isinstance(layer, keras.Model):
            found.extend(_leaves(layer))
    return found


class ChannelsLastSink(RewritingSink):
    """Arrays for a layer that got a channels_last twin go to the twin (rows permuted for Dense):
    the same routing as the built-in rewrite's sink, over this rewrite's replacements."""
