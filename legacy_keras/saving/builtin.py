"""Rewrite a rebuilt Keras 1 model into built-in Keras 3 layers only, with the same numbers.

``legacy-convert`` rebuilds a Keras 1 model from ``legacy_keras.layers``; most
of those serialize as plain Keras 3 layers, but a few do not (Keras 1's
``hard_sigmoid``, ``Merge``, ``Highway``, ``MaxoutDense``, locally connected
layers, Theano 'same' pooling) and a ``.keras`` file holding them opens only
where legacy_keras is importable.  This module replaces each such layer by
built-in Keras 3 layers computing the same function, and says how the Keras 1
weights (already in the legacy layer's Keras 3 layout, see
:mod:`legacy_keras.weights`) become the new layers' weights:

* Keras 1 ``hard_sigmoid(z) = clip(0.2 z + 0.5, 0, 1)`` equals Keras 3's
  ``hard_sigmoid(1.2 z) = clip(1.2 z / 6 + 0.5, 0, 1)``: the weights that form
  ``z`` are multiplied by 1.2 (the gate columns of LSTM/GRU/ConvLSTM2D kernels,
  recurrent kernels and biases; all of a SimpleRNN's, Dense's or Conv's), and a
  standalone ``Activation`` gets a ``Rescaling(1.2)`` before it.
* ``Merge`` modes -> ``Add``/``Multiply``/``Concatenate``/``Average``/``Maximum``
  /``Dot`` (``cos``: ``Dot(normalize=True)`` reshaped to Keras 1's (batch, 1, 1)).
* ``Highway`` -> two ``Dense`` + ``Subtract``/``Multiply``/``Add``
  (``x + T (act(x W + b) - x)``); ``MaxoutDense`` -> ``Dense`` + ``Reshape`` +
  ``GlobalMaxPooling1D``; ``LocallyConnected1D/2D`` -> a frozen one-hot ``Conv``
  extracting patches + ``EinsumDense`` holding one matrix per position.
* Theano 'same' pooling -> edge-replicated padding (max: every padded cell's
  window also holds the edge cell it copies) or zero padding with a frozen
  per-position rescale (average: Theano excluded padded cells from the count),
  'valid' pooling, ``Cropping``.

* Keras 1 regularizers and constraints with the same formula in Keras 3
  (weight ``L1L2``, ``MaxNorm``, ``MinMaxNorm``, ``UnitNorm``, ``NonNeg``) become
  Keras 3 objects; the others (activity penalties: Keras 3 divides them by the
  batch size) are dropped with a note unless ``keep_training_objects``
  (``--with-training-config``) keeps them.

Whatever cannot be expressed (a Lambda, a custom layer, a callable Merge mode,
LSTM with ``activation='hard_sigmoid'``...) is kept, and :class:`Rewritten`
names each such layer with the reason.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable

import keras
import numpy as np

#: The factor turning Keras 3's hard_sigmoid into Keras 1's: 0.2 z = (1.2 z) / 6.
HARD_SIGMOID_SCALE = np.float32(1.2)

WeightMap = Callable[[list], list]


class CannotExpress(Exception):
    """This layer has no exact built-in Keras 3 equivalent (the message says why)."""


@dataclass
class Replacement:
    """Built-in layers standing for one legacy layer."""
    call: Callable[[Any], Any]
    #: Keras 3-layout arrays of the legacy layer -> ``[(new layer, arrays)]``.
    weights: WeightMap | None = None
    #: ``[(layer, arrays)]`` fixed at build time (one-hot patch kernels...).
    constants: list = field(default_factory=list)
    description: str = ""
    chain: list | None = None   # set when ``call`` is a plain chain of layers


@dataclass
class Rewritten:
    """The outcome of :func:`rewrite`."""
    model: Any
    replacements: dict[int, Replacement]
    rewritten: list[str] = field(default_factory=list)   # "name (Class) -> built-ins"
    kept: list[tuple[str, str, str]] = field(default_factory=list)  # (name, class, reason)
    notes: list[str] = field(default_factory=list)


def _keras1_hard_sigmoid():
    from legacy_keras import activations
    return activations.hard_sigmoid


def _is_k1_hs(function: Any) -> bool:
    return function is not None and function is _keras1_hard_sigmoid()


def _serialized_is_plain(config: Any) -> bool:
    """True when a serialized Keras object names only built-in Keras classes and functions."""
    if isinstance(config, dict):
        module = config.get("module")
        inner = config.get("config")
        if isinstance(module, str) and not (module.startswith("keras") or module == "builtins"):
            return False
        if config.get("class_name") == "__lambda__":
            return False
        if config.get("class_name") == "function" and isinstance(inner, str) and ">" in inner:
            return False
        if isinstance(config.get("registered_name"), str) and ">" in config["registered_name"]:
            return False
        return all(_serialized_is_plain(value) for value in config.values())
    if isinstance(config, list):
        return all(_serialized_is_plain(value) for value in config)
    return True


def _replace_k1_hs(config: Any) -> Any:
    """The Keras 1 hard_sigmoid entries of a serialized layer -> Keras 3's ``'hard_sigmoid'``."""
    if isinstance(config, dict):
        if config.get("class_name") == "function" and \
                config.get("config") in ("hard_sigmoid", "legacy_keras>hard_sigmoid"):
            return "hard_sigmoid"
        return {key: _replace_k1_hs(value) for key, value in config.items()}
    if isinstance(config, list):
        return [_replace_k1_hs(value) for value in config]
    return config


# -- hard_sigmoid --------------------------------------------------------------
def _blocks(n_blocks: int, scaled: tuple[int, ...]) -> Callable[[np.ndarray], np.ndarray]:
    """Multiply the listed gate blocks (last axis split in ``n_blocks``) by 1.2."""
    def apply(array: np.ndarray) -> np.ndarray:
        width = array.shape[-1] // n_blocks
        factor = np.ones(array.shape[-1], np.float32)
        for block in scaled:
            factor[block * width:(block + 1) * width] = HARD_SIGMOID_SCALE
        return (array * factor).astype(array.dtype)
    return apply


def _scale_all(array: np.ndarray) -> np.ndarray:
    return (array * HARD_SIGMOID_SCALE).astype(array.dtype)


def _same(array: np.ndarray) -> np.ndarray:
    return array


def _k1_hs_scales(layer: Any) -> list[Callable] | None:
    """Per-weight transforms for a layer using Keras 1 hard_sigmoid; None when it uses none."""
    cell = getattr(layer, "cell", None)
    if isinstance(layer, keras.layers.Bidirectional):
        forward, backward = _k1_hs_scales(layer.forward_layer), _k1_hs_scales(layer.backward_layer)
        if forward is None and backward is None:
            return None
        return (forward or [_same] * len(layer.forward_layer.weights)) + \
            (backward or [_same] * len(layer.backward_layer.weights))
    if isinstance(layer, keras.layers.TimeDistributed):
        return _k1_hs_scales(layer.layer)
    if cell is not None:
        activation = _is_k1_hs(getattr(cell, "activation", None))
        recurrent = _is_k1_hs(getattr(cell, "recurrent_activation", None))
        if not (activation or recurrent):
            return None
        names = [w.name for w in cell.weights]
        kind = type(cell).__name__
        if "LSTM" in kind:
            if activation:
                raise CannotExpress("LSTM activation='hard_sigmoid' also applies to the cell state, "
                                    "which no weight scaling reaches")
            scale = _blocks(4, (0, 1, 3))   # i, f, c, o: gates i, f, o
        elif "GRU" in kind:
            scale = _blocks(3, tuple(([0, 1] if recurrent else []) + ([2] if activation else [])))
        elif "SimpleRNN" in kind:
            scale = _scale_all
        else:
            raise CannotExpress(f"recurrent cell {kind} with Keras 1 hard_sigmoid")
        if not set(names) <= {"kernel", "recurrent_kernel", "bias"}:
            raise CannotExpress(f"unexpected weights {names} of {kind}")
        return [scale for _ in names]
    if _is_k1_hs(getattr(layer, "activation", None)):
        scales = []
        for weight in layer.weights:
            if weight.name in ("kernel", "pointwise_kernel", "bias"):
                scales.append(_scale_all)
            elif weight.name == "depthwise_kernel":
                scales.append(_same)
            else:
                raise CannotExpress(f"hard_sigmoid after a layer with weight {weight.name!r}")
        return scales
    return None


_SUBLAYERS = ("cell", "layer", "forward_layer", "backward_layer")


def _modern_object(value: Any) -> Any:
    """A Keras 3 regularizer/constraint with the same formula, or None when there is none."""
    if isinstance(value, keras.regularizers.Regularizer):
        if hasattr(value, "l1") and hasattr(value, "l2") and not getattr(value, "keras1_activity", False):
            return keras.regularizers.L1L2(l1=float(value.l1), l2=float(value.l2))
        return None   # activity penalties (Keras 3 divides by the batch size), Eigenvalue...
    for base in (keras.constraints.MaxNorm, keras.constraints.MinMaxNorm,
                 keras.constraints.UnitNorm, keras.constraints.NonNeg):
        if isinstance(value, base):
            # The legacy subclass already holds the axis in the Keras 3 weight layout.
            return base.from_config(base.get_config(value))
    return None


def _modernize(original: Any, twin: Any, keep: bool, notes: list[str], path: str) -> None:
    """Swap the legacy regularizers/constraints of ``twin`` for Keras 3 ones with the same formula.

    Those without one are dropped (they never change predictions) with a note,
    or kept when ``keep`` (``--with-training-config``: the file needs legacy_keras anyway).
    """
    for attribute, value in list(vars(original).items()):
        if not (attribute.endswith("_regularizer") or attribute.endswith("_constraint")):
            continue
        if value is None or not type(value).__module__.startswith("legacy_keras"):
            continue
        modern = _modern_object(value)
        if modern is not None:
            setattr(twin, attribute, modern)
        elif not keep:
            setattr(twin, attribute, None)
            notes.append(f"layer {path!r}: Keras 1 {attribute.replace('_', ' ')} "
                         f"{type(value).__name__} has no same-formula Keras 3 object and was dropped "
                         "(predictions are unaffected; --with-training-config keeps it)")
    for name in _SUBLAYERS:
        sub_original, sub_twin = getattr(original, name, None), getattr(twin, name, None)
        if isinstance(sub_original, keras.layers.Layer) and isinstance(sub_twin, keras.layers.Layer):
            _modernize(sub_original, sub_twin, keep, notes, path)


def _twin(layer: Any, keep: bool = False, notes: list[str] | None = None) -> Any:
    """The same layer as built-in Keras 3 classes: Keras 3 hard_sigmoid, Keras 3 regularizers."""
    config = _replace_k1_hs(keras.layers.serialize(layer))
    twin = keras.layers.deserialize(config)
    _modernize(layer, twin, keep, notes if notes is not None else [], layer.name)
    if not _serialized_is_plain(keras.layers.serialize(twin)):
        raise CannotExpress(_why_not(layer) if not keep else
                            "keeps Keras 1 regularizers/constraints (--with-training-config)")
    return twin


def _hard_sigmoid_replacement(layer: Any, keep: bool, notes: list[str]) -> Replacement | None:
    if isinstance(layer, keras.layers.Activation) and _is_k1_hs(layer.activation):
        chain = [keras.layers.Rescaling(float(HARD_SIGMOID_SCALE), name=f"{layer.name}_keras1_scale"),
                 keras.layers.Activation("hard_sigmoid", name=layer.name)]
        return _chain(chain, None, "Rescaling(1.2) + Activation('hard_sigmoid')")
    scales = _k1_hs_scales(layer)
    if scales is None:
        return None
    twin = _twin(layer, keep, notes)

    def weights(arrays: list) -> list:
        if len(arrays) != len(scales):
            raise CannotExpress(f"{len(arrays)} arrays for {len(scales)} weights")
        return [(twin, [scale(np.asarray(a)) for scale, a in zip(scales, arrays)])]
    return _chain([twin], weights, f"{type(twin).__name__} with Keras 3 hard_sigmoid, "
                                    "pre-activation weights x1.2")


def _chain(layers: list, weights: WeightMap | None, description: str) -> Replacement:
    def call(x):
        for item in layers:
            x = item(x)
        return x
    return Replacement(call, weights, description=description, chain=list(layers))


# -- Merge ---------------------------------------------------------------------
def _merge_replacement(layer: Any, input_shapes: list) -> Replacement:
    mode = layer.mode
    name = layer.name
    if callable(mode):
        raise CannotExpress("Merge with a Python function as mode")
    simple = {"sum": keras.layers.Add, "mul": keras.layers.Multiply, "ave": keras.layers.Average,
              "max": keras.layers.Maximum}
    if mode in simple:
        merged = simple[mode](name=name)
        return Replacement(merged, description=type(merged).__name__)
    if mode == "concat":
        merged = keras.layers.Concatenate(axis=layer.concat_axis, name=name)
        return Replacement(merged, description=f"Concatenate(axis={layer.concat_axis})")
    axes = layer._resolved_dot_axes(input_shapes[0], input_shapes[1])
    if mode == "dot":
        merged = keras.layers.Dot(axes=axes, name=name)
        return Replacement(merged, description=f"Dot(axes={axes})")
    dot = keras.layers.Dot(axes=axes, normalize=True, name=f"{name}_dot")

    def call(inputs):
        product = dot(inputs)
        return keras.layers.Reshape((1,) + tuple(product.shape[1:]), name=name)(product)
    return Replacement(call, description=f"Dot(axes={axes}, normalize=True) + Reshape (Keras 1's "
                                         "(batch, 1, 1))")


# -- Highway, MaxoutDense ---------------------------------------------------------
def _activation_of(function: Any) -> tuple[Any, bool]:
    """``(Keras 3 activation, scale pre-activation by 1.2)`` for a layer's activation."""
    if _is_k1_hs(function):
        return "hard_sigmoid", True
    serialized = keras.activations.serialize(function)
    if not _serialized_is_plain(serialized):
        raise CannotExpress(f"activation {serialized!r} is not a Keras 3 activation")
    return function, False


def _highway_replacement(layer: Any, input_shape: tuple) -> Replacement:
    dim = int(input_shape[-1])
    activation, scale = _activation_of(layer.activation)
    name = layer.name
    hidden = keras.layers.Dense(dim, activation=activation, use_bias=layer.use_bias, name=name)
    gate = keras.layers.Dense(dim, activation="sigmoid", use_bias=layer.use_bias,
                              name=f"{name}_transform_gate")
    subtract = keras.layers.Subtract(name=f"{name}_minus_input")
    multiply = keras.layers.Multiply(name=f"{name}_gated")
    add = keras.layers.Add(name=f"{name}_carry")

    def call(x):
        return add([x, multiply([gate(x), subtract([hidden(x), x])])])

    def weights(arrays: list) -> list:
        factor = HARD_SIGMOID_SCALE if scale else np.float32(1)
        if layer.use_bias:
            w, w_carry, b, b_carry = arrays
            return [(hidden, [w * factor, b * factor]), (gate, [w_carry, b_carry])]
        w, w_carry = arrays
        return [(hidden, [w * factor]), (gate, [w_carry])]
    return Replacement(call, weights, description="Dense + Dense(sigmoid) gate + Subtract/Multiply/Add")


def _maxout_replacement(layer: Any, input_shape: tuple) -> Replacement:
    k, units = layer.nb_feature, layer.units
    dense = keras.layers.Dense(k * units, use_bias=layer.use_bias, name=layer.name)
    chain = [dense, keras.layers.Reshape((k, units), name=f"{layer.name}_features"),
             keras.layers.GlobalMaxPooling1D(name=f"{layer.name}_max")]

    def weights(arrays: list) -> list:
        kernel = np.asarray(arrays[0])  # (k, in, out)
        converted = [np.ascontiguousarray(kernel.transpose(1, 0, 2).reshape(kernel.shape[1], k * units))]
        if layer.use_bias:
            converted.append(np.asarray(arrays[1]).reshape(k * units))
        return [(dense, converted)]
    return _chain(chain, weights, "Dense + Reshape + GlobalMaxPooling1D")


# -- LocallyConnected ---------------------------------------------------------------
def _one_hot_patch_kernel(kernel_size: tuple, channels: int) -> np.ndarray:
    """Conv kernel (k..., in, prod(k)*in) copying each patch cell to its (taps, channel) slot."""
    taps = int(np.prod(kernel_size))
    kernel = np.zeros(tuple(kernel_size) + (channels, taps * channels), np.float32)
    for tap, index in enumerate(np.ndindex(*kernel_size)):
        for channel in range(channels):
            kernel[index + (channel, tap * channels + channel)] = 1.0
    return kernel


def _local_replacement(layer: Any, input_shape: tuple) -> Replacement:
    rank = len(layer.kernel_size)
    activation, scale = _activation_of(layer.activation)
    name = layer.name
    first = rank == 2 and layer.data_format == "channels_first"
    channels = int(input_shape[1] if first else input_shape[-1])
    patch_width = int(np.prod(layer.kernel_size)) * channels
    conv_class = keras.layers.Conv1D if rank == 1 else keras.layers.Conv2D
    patches = conv_class(patch_width, layer.kernel_size, strides=layer.strides, padding="valid",
                         use_bias=False, trainable=False, name=f"{name}_patches")
    layers_before = [keras.layers.Permute((2, 3, 1), name=f"{name}_to_channels_last")] if first else []

    state: dict[str, Any] = {}

    def call(x):
        for item in layers_before:
            x = item(x)
        x = patches(x)
        spatial = tuple(int(s) for s in x.shape[1:-1])
        positions = int(np.prod(spatial))
        if rank == 2:
            x = keras.layers.Reshape((positions, patch_width), name=f"{name}_positions")(x)
        if "dense" not in state:  # a shared layer keeps one set of weights
            state["dense"] = keras.layers.EinsumDense(
                "blp,lpf->blf", output_shape=(positions, layer.filters),
                bias_axes="lf" if layer.use_bias else None, activation=activation, name=name)
        dense = state["dense"]
        x = dense(x)
        if rank == 2:
            x = keras.layers.Reshape(spatial + (layer.filters,), name=f"{name}_grid")(x)
            if first:
                x = keras.layers.Permute((3, 1, 2), name=f"{name}_to_channels_first")(x)
        return x

    def weights(arrays: list) -> list:
        factor = HARD_SIGMOID_SCALE if scale else np.float32(1)
        kernel = np.asarray(arrays[0]) * factor
        converted = [kernel]
        if layer.use_bias:
            converted.append(np.asarray(arrays[1]).reshape(kernel.shape[0], layer.filters) * factor)
        return [(state["dense"], converted)]
    replacement = Replacement(call, weights, description=f"frozen one-hot {conv_class.__name__} "
                              "(patches) + EinsumDense (one matrix per position)")
    replacement.constants.append((patches, [_one_hot_patch_kernel(layer.kernel_size, channels)]))
    return replacement


# -- Theano 'same' pooling ------------------------------------------------------------
def _pooling_replacement(layer: Any, input_shape: tuple) -> Replacement:
    rank, mode, name = layer.rank, layer.mode, layer.name
    first = layer.data_format == "channels_first"
    axes = list(range(2, 2 + rank)) if first else list(range(1, 1 + rank))
    sizes = [int(input_shape[axis]) for axis in axes]
    outs = [-(-n // s) for n, s in zip(sizes, layer.strides)]
    pads = list(layer.pads)
    padded = [n + 2 * p for n, p in zip(sizes, pads)]
    pooled = [(n - k) // s + 1 for n, k, s in zip(padded, layer.pool_size, layer.strides)]
    crops = [(0, f - o) for f, o in zip(pooled, outs)]
    if any(c[1] < 0 for c in crops):
        raise CannotExpress("pooled length shorter than Theano's output")
    fmt = {"data_format": layer.data_format} if rank == 2 else {}
    Crop = keras.layers.Cropping1D if rank == 1 else keras.layers.Cropping2D
    Up = keras.layers.UpSampling1D if rank == 1 else keras.layers.UpSampling2D
    Pad = keras.layers.ZeroPadding1D if rank == 1 else keras.layers.ZeroPadding2D
    Pool = {("max", 1): keras.layers.MaxPooling1D, ("max", 2): keras.layers.MaxPooling2D,
            ("avg", 1): keras.layers.AveragePooling1D, ("avg", 2): keras.layers.AveragePooling2D}[
        (mode, rank)]
    pool = Pool(layer.pool_size if rank == 2 else layer.pool_size[0],
                strides=layer.strides if rank == 2 else layer.strides[0], padding="valid",
                name=f"{name}_valid", **fmt)
    crop = Crop(tuple(crops) if rank == 2 else crops[0], name=name, **fmt)

    def crop_arg(index: int, value: tuple) -> Any:
        if rank == 1:
            return value
        full = [(0, 0)] * rank
        full[index] = value
        return tuple(full)

    def up_arg(index: int, times: int) -> Any:
        if rank == 1:
            return times
        full = [1] * rank
        full[index] = times
        return tuple(full)

    replacement = Replacement(None, description="")  # type: ignore[arg-type]

    def call(x):
        if mode == "max":
            # Edge replication: a window holding padded cells also holds the edge cell.
            for index, (axis, p) in enumerate(zip(axes, pads)):
                if not p:
                    continue
                n = int(x.shape[axis])
                left = Crop(crop_arg(index, (0, n - 1)), name=f"{name}_edge{index}_a", **fmt)(x)
                right = Crop(crop_arg(index, (n - 1, 0)), name=f"{name}_edge{index}_b", **fmt)(x)
                left = Up(up_arg(index, p), name=f"{name}_repeat{index}_a", **fmt)(left)
                right = Up(up_arg(index, p), name=f"{name}_repeat{index}_b", **fmt)(right)
                x = keras.layers.Concatenate(axis=axis, name=f"{name}_pad{index}")([left, x, right])
            return crop(pool(x))
        # Average excluding padded cells: zero-pad, average, rescale by area / count.
        x = Pad(tuple((p, p) for p in pads) if rank == 2 else (pads[0], pads[0]),
                name=f"{name}_zero_pad", **fmt)(x)
        x = crop(pool(x))
        counts = np.ones(sizes, np.float32)
        counts = np.pad(counts, [(p, p) for p in pads])
        area = float(np.prod(layer.pool_size))
        factor = np.empty(outs, np.float32)
        for index in np.ndindex(*outs):
            window = tuple(slice(i * s, i * s + k) for i, s, k in zip(index, layer.strides, layer.pool_size))
            factor[index] = area / counts[window].sum()
        letters = "xy"[:rank]
        spatial = letters
        equation = (f"bc{spatial},{spatial}->bc{spatial}" if first
                    else f"b{spatial}c,{spatial}->b{spatial}c")
        shape = tuple(x.shape[1:])
        rescale = keras.layers.EinsumDense(equation, output_shape=shape, trainable=False,
                                           name=f"{name}_exclude_padding")
        x = rescale(x)
        replacement.constants.append((rescale, [factor]))
        return x

    replacement.call = call
    replacement.description = ("edge-replicated padding + MaxPooling 'valid' + Cropping" if mode == "max"
                               else "ZeroPadding + AveragePooling 'valid' + Cropping + frozen "
                                    "per-position rescale (Theano excluded padded cells)")
    return replacement


# -- dispatch ---------------------------------------------------------------------------
def replacement_for(layer: Any, input_shapes: Any, keep: bool = False,
                    notes: list[str] | None = None) -> Replacement | None:
    """Built-in layers for one legacy layer; None when it already is built-in.

    Raises :class:`CannotExpress` for a legacy layer without an exact equivalent.
    """
    class_name = getattr(layer, "keras1_class", type(layer).__name__)
    if class_name in ("Highway", "MaxoutDense", "LocallyConnected1D", "LocallyConnected2D") \
            and notes is not None:
        dropped = [attribute.replace("_", " ") for attribute, value in vars(layer).items()
                   if (attribute.endswith("_regularizer") or attribute.endswith("_constraint"))
                   and value is not None]
        if dropped:
            notes.append(f"layer {layer.name!r} ({class_name}): its {', '.join(sorted(dropped))} "
                         "not carried over to the built-in layers (predictions are unaffected; "
                         "--keep-legacy-layers keeps them)")
    if class_name == "Merge":
        return _merge_replacement(layer, [tuple(s) for s in input_shapes])
    if class_name == "Highway":
        return _highway_replacement(layer, tuple(input_shapes))
    if class_name == "MaxoutDense":
        return _maxout_replacement(layer, tuple(input_shapes))
    if class_name in ("LocallyConnected1D", "LocallyConnected2D"):
        return _local_replacement(layer, tuple(input_shapes))
    if type(layer).__name__ == "TheanoSamePooling":
        return _pooling_replacement(layer, tuple(input_shapes))
    if isinstance(layer, keras.layers.Lambda):
        raise CannotExpress(_why_not(layer))
    notes = notes if notes is not None else []
    found = _hard_sigmoid_replacement(layer, keep, notes)
    if found is not None:
        return found
    if not _serialized_is_plain(keras.layers.serialize(layer)):
        if not type(layer).__module__.startswith("legacy_keras"):
            raise CannotExpress(_why_not(layer))
        twin = _twin(layer, keep, notes)   # legacy regularizers/constraints only
        return _chain([twin], lambda arrays: [(twin, list(arrays))],
                      f"{type(twin).__name__} with Keras 3 regularizers/constraints")
    return None


def _why_not(layer: Any) -> str:
    class_name = getattr(layer, "keras1_class", type(layer).__name__)
    if isinstance(layer, keras.layers.Lambda) or class_name == "Lambda":
        return "a Lambda holds Python code; Keras 3 has no built-in equivalent"
    if not type(layer).__module__.startswith("legacy_keras"):
        return "a custom layer class"
    return f"Keras 1 {class_name} has no exact built-in Keras 3 composition"


def _shapes(inputs: Any) -> Any:
    if isinstance(inputs, (list, tuple)):
        return [tuple(t.shape) for t in inputs]
    return tuple(inputs.shape)


class _Rewriter:
    def __init__(self, keep: bool = False) -> None:
        self.keep = keep
        self.notes: list[str] = []
        self.replacements: dict[int, Replacement] = {}
        self.rewritten: list[str] = []
        self.kept: list[tuple[str, str, str]] = []
        self.models: dict[int, Any] = {}
        self.failed: set[int] = set()

    def _replacement(self, layer: Any, inputs: Any) -> Replacement | None:
        key = id(layer)
        if key in self.replacements:
            return self.replacements[key]
        if key in self.failed:
            return None
        try:
            found = replacement_for(layer, _shapes(inputs), self.keep, self.notes)
        except CannotExpress as error:
            self.failed.add(key)
            self.kept.append((layer.name, getattr(layer, "keras1_class", type(layer).__name__),
                              str(error)))
            return None
        if found is not None:
            self.replacements[key] = found
            self.rewritten.append(f"{layer.name} ({getattr(layer, 'keras1_class', type(layer).__name__)})"
                                  f" -> {found.description}")
        return found

    def model(self, model: Any) -> Any:
        key = id(model)
        if key in self.models:
            return self.models[key]
        if isinstance(model, keras.Sequential):
            new = self._sequential(model)
        else:
            new = self._rebuild_functional(model)
        self.models[key] = new
        return new

    def _sequential(self, model: Any) -> Any:
        source = model.inputs[0]
        inputs = keras.Input(batch_shape=tuple(source.shape), dtype=source.dtype)
        x = inputs
        chain: list = []
        plain = True
        for layer in model.layers:
            if isinstance(layer, keras.Model):
                sub = self.model(layer)
                x = sub(x)
                chain.append(sub)
                continue
            found = self._replacement(layer, x)
            if found is None:
                x = layer(x)
                chain.append(layer)
            else:
                x = found.call(x)
                if found.chain is None:
                    plain = False
                else:
                    chain.extend(found.chain)
        if plain:
            return keras.Sequential([inputs] + chain, name=model.name)
        return keras.Model(inputs, x, name=model.name)

    def _rebuild_functional(self, model: Any) -> Any:
        return keras.models.clone_model(
            model, clone_function=lambda layer: layer,
            call_function=lambda layer, *args, **kwargs: self._functional_call(layer, args, kwargs))

    def _functional_call(self, layer: Any, args: tuple, kwargs: dict) -> Any:
        if isinstance(layer, keras.Model):
            return self.model(layer)(*args, **kwargs)
        inputs = args[0] if args else kwargs.get("inputs")
        found = self._replacement(layer, inputs)
        if found is None:
            return layer(*args, **kwargs)
        return found.call(inputs)


def rewrite(model: Any, keep_training_objects: bool = False) -> Rewritten:
    """Rewrite ``model`` (built inside a StatelessScope) into built-in Keras 3 layers.

    Layers that already serialize as built-in Keras 3 are reused as they are
    (same variables); each replaced layer maps to a :class:`Replacement`
    keyed by ``id(legacy layer)`` for the weight sink.
    """
    rewriter = _Rewriter(keep_training_objects)
    new = rewriter.model(model)
    return Rewritten(new, rewriter.replacements, rewriter.rewritten, rewriter.kept, rewriter.notes)


class RewritingSink:
    """Send a legacy layer's converted arrays to the built-in layers replacing it.

    ``rewritten``: a :class:`Rewritten`, or any result with ``replacements`` keyed by
    ``id(layer)`` (the channels_last rewrite's)."""

    def __init__(self, inner: Any, rewritten: Any) -> None:
        self.inner = inner
        self.replacements = rewritten.replacements
        self.streams = getattr(inner, "streams", False)

    def __call__(self, layer: Any, variables: list, arrays: list) -> None:
        found = self.replacements.get(id(layer))
        if found is None:
            self.inner(layer, variables, arrays)
            return
        if found.weights is None:
            raise CannotExpress(f"layer {layer.name!r} has weights but its replacement has none")
        for new_layer, new_arrays in found.weights(list(arrays)):
            self.inner(new_layer, list(new_layer.weights),
                       [np.asarray(a, dtype=np.float32) if np.asarray(a).dtype == np.float64 else a
                        for a in new_arrays])

    def finish(self) -> None:
        written: set[int] = set()
        for found in self.replacements.values():
            for layer, arrays in found.constants:
                if id(layer) not in written:
                    written.add(id(layer))
                    self.inner(layer, list(layer.weights), arrays)
        self.inner.finish()

    def abort(self) -> None:
        if hasattr(self.inner, "abort"):
            self.inner.abort()
