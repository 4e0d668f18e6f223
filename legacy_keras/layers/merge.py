"""Keras 1 ``Merge`` layer and ``merge()`` function (removed in Keras 3).

Keras 1 had one merge layer with a ``mode`` ('sum', 'mul', 'concat', 'ave',
'max', 'dot', 'cos' or a callable); Keras 3 split it into ``Add``,
``Concatenate``, ``Dot``... and dropped the Sequential-branches form
``Merge([model_a, model_b])``.  This module keeps the single Keras 1 layer,
registered as ``legacy_keras>Merge`` so saved models reload, with Keras 1's
exact semantics:

* ``dot``/``cos``: an int ``dot_axes`` < 0 is normalised per input
  (``[a % ndim1, a % ndim2]``), an int >= 0 means that axis on both inputs;
  the product is Keras 1's ``batch_dot`` (2D . 2D gives (batch, 1)).
* ``cos``: ``dot / max(sqrt(|a|^2 |b|^2), epsilon)`` followed by Keras 1's
  ``expand_dims(axis=1)``, so two (batch, d) inputs give (batch, 1, 1) — the
  shape Keras 1 really returned (its declared shape said (batch, 1)).
* masks: 'sum'/'mul'/'ave' AND the input masks, 'concat' concatenates them
  (ones for unmasked inputs) and ANDs over the last axis, 'dot'/'cos' drop the
  mask, a callable mode uses ``output_mask``.  (Keras 1 raised on masks with
  mode 'max'; here 'max' ANDs them like 'sum'.)
* a callable ``mode`` gets ``mask=`` when it declares that parameter, plus
  ``arguments``; ``output_shape`` is a tuple without batch axis or a callable
  of the list of full input shapes (when it is missing the shape is inferred,
  where Keras 1 raised).

``Merge([model_a, model_b], ...)`` (layers or models instead of tensors)
keeps the branches in ``keras1_branches``; ``legacy_keras.models.Sequential``
turns that first layer into a multi-input functional graph by calling the
Merge layer on the branches' output tensors.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable, Sequence

import keras
from keras import ops

from legacy_keras import _config
from legacy_keras._keras3 import backend as keras_backend
from legacy_keras._keras3 import tracking

from legacy_keras.layers._adapt import Keras1Layer, bind_keras1_arguments, register_legacy

__all__ = ["Merge", "merge"]

#: Keras 1 merge modes given by name.
MERGE_MODES = ("sum", "mul", "concat", "ave", "cos", "dot", "max")
#: Modes whose inputs must all have the same shape (Keras 1 check).
_SAME_SHAPE_MODES = ("sum", "mul", "ave", "cos", "max")


def _batch_dot(x, y, axes):
    """Keras 1 ``K.batch_dot`` (Theano ``batched_tensordot``); Keras 3 kept it for ``Dot``."""
    from legacy_keras._keras3 import batch_dot
    return batch_dot(x, y, axes)


def _serialize_callable(fn: Any) -> Any:
    """A function for the config, the way Keras 3 ``Lambda`` stores one."""
    if fn is None or not callable(fn):
        return fn
    from legacy_keras.engine import lambdas
    from legacy_keras._keras3 import lambda_function_to_config
    config = lambda_function_to_config(fn)
    lambdas.remember(fn, config)
    return config


def _deserialize_callable(value: Any, custom_objects=None, safe_mode=None) -> Any:
    from legacy_keras._keras3 import check_lambda_deserialization, python_utils, serialization_lib
    if isinstance(value, dict) and value.get("class_name") == "__lambda__":
        from legacy_keras.engine import lambdas
        if lambdas.recall(value) is not None:  # serialized by this process: no bytecode run
            return lambdas.recall(value)
        effective = safe_mode if safe_mode is not None else serialization_lib.in_safe_mode()
        try:
            check_lambda_deserialization(effective is not False)
        except ValueError as error:
            raise ValueError(f"{error} ({lambdas.OPT_IN})") from None
        inner = value["config"]
        return python_utils.func_load(inner["code"], defaults=inner["defaults"],
                                      closure=inner["closure"])
    if isinstance(value, dict) and "class_name" in value:
        return serialization_lib.deserialize_keras_object(value, custom_objects=custom_objects)
    return value


@register_legacy
class Merge(Keras1Layer, keras.layers.Layer):
    """Keras 1 ``Merge(layers=None, mode='sum', concat_axis=-1, dot_axes=-1, output_shape=None,
    output_mask=None, arguments=None, node_indices=None, tensor_indices=None, name=None)``.

    Call it on a list of tensors.  Given ``layers`` (layers or models: the
    Keras 1 "merge Sequential branches" idiom) it records them in
    :attr:`keras1_branches` for ``Sequential`` to wire up.
    """

    keras1_class = "Merge"
    keras1_own_kwargs = ("mode", "concat_axis", "dot_axes", "output_shape",
                         "output_mask", "arguments", "node_indices", "tensor_indices")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The branch layers stay out of the tracked ``keras1_config``: they are
        # not sublayers of the Merge (no weights, not saved under it).
        bound = bind_keras1_arguments("Merge", args, kwargs)
        layers = bound.pop("layers", None)
        keras3_kwargs = self.keras1_init((), bound)
        super().__init__(**keras3_kwargs)
        own = self.keras1_own
        mode = own.get("mode", "sum")
        if not callable(mode) and mode not in MERGE_MODES:
            raise ValueError(f"Merge: Invalid merge mode: {mode!r} (expected one of "
                             f"{', '.join(MERGE_MODES)} or a function)")
        output_shape = own.get("output_shape")
        if isinstance(output_shape, list):
            output_shape = tuple(output_shape)
        self.mode = mode
        self.concat_axis = own.get("concat_axis", -1)
        self.dot_axes = own.get("dot_axes", -1)
        self._output_shape = output_shape
        self._output_mask = own.get("output_mask")
        self.arguments = dict(own.get("arguments") or {})
        self.node_indices = own.get("node_indices")
        self.tensor_indices = own.get("tensor_indices")
        self.supports_masking = True
        with tracking.DotNotTrackScope():
            self.keras1_branches: list | None = None
        if layers:
            if not isinstance(layers, (list, tuple)) or len(layers) < 2:
                raise TypeError("Merge: a Merge should only be applied to a list of layers "
                                f"with at least 2 elements. Found: {layers!r}")
            if not all(isinstance(layer, keras.layers.Layer) for layer in layers):
                raise TypeError("Merge: `layers` must be layers or models (Keras 1 idiom "
                                "Merge([model_a, model_b])); to merge tensors call "
                                "merge([t1, t2], mode=...) or Merge(mode=...)([t1, t2])")
            with tracking.DotNotTrackScope():
                self.keras1_branches = list(layers)

    # -- shapes -------------------------------------------------------------
    def _resolved_dot_axes(self, shape1: Sequence, shape2: Sequence) -> list[int]:
        axes = self.dot_axes
        if isinstance(axes, int):
            if axes < 0:
                return [axes % len(shape1), axes % len(shape2)]
            return [axes, axes]
        if not isinstance(axes, (list, tuple)) or len(axes) != 2 or \
                not all(isinstance(a, int) for a in axes):
            raise ValueError(f"Merge: invalid dot_axes {axes!r}: an int or a list of two ints")
        return [axes[0] % len(shape1), axes[1] % len(shape2)]

    def build(self, input_shape) -> None:
        shapes = [tuple(s) for s in input_shape]
        if len(shapes) < 2:
            raise TypeError(f"Merge must be called on a list of at least 2 tensors, got {shapes}")
        if callable(self.mode):
            pass
        elif self.mode in _SAME_SHAPE_MODES and len({s[1:] for s in shapes}) > 1:
            raise ValueError(f"Merge: only layers of same output shape can be merged using "
                             f"{self.mode} mode. Layer shapes: {shapes}")
        if self.mode in ("cos", "dot"):
            if len(shapes) > 2:
                raise ValueError(f"Merge: {self.mode} merge takes exactly 2 layers")
            a0, a1 = self._resolved_dot_axes(shapes[0], shapes[1])
            if shapes[0][a0] != shapes[1][a1]:
                raise ValueError(f"Merge: dimension incompatibility using dot mode: "
                                 f"{shapes[0][a0]} != {shapes[1][a1]}. Layer shapes: {shapes}")
        elif self.mode == "concat":
            reduced = set()
            for shape in shapes:
                rest = list(shape)
                del rest[self.concat_axis]
                reduced.add(tuple(rest[1:]))
            if len(reduced) > 1:
                raise ValueError("Merge: 'concat' mode can only merge layers with matching output "
                                 f"shapes except for the concat axis. Layer shapes: {shapes}")
        self.built = True

    def compute_output_shape(self, input_shape):
        shapes = [tuple(s) for s in input_shape]
        if callable(self.mode):
            if callable(self._output_shape):
                return tuple(self._output_shape(shapes))
            if self._output_shape is not None:
                return (shapes[0][0],) + tuple(self._output_shape)
            # Keras 1 refused to guess; tracing the function symbolically is safe.
            try:
                spec = keras_backend.compute_output_spec(
                    self.call, [keras.KerasTensor(s, dtype=self.compute_dtype) for s in shapes])
            except Exception as error:
                raise ValueError(f"The Merge layer {self.name} has a callable `mode` and its output "
                                 "shape cannot be inferred: pass a shape tuple (or callable) "
                                 "`output_shape`.") from error
            return tuple(spec.shape)
        if self.mode in ("sum", "mul", "ave", "max"):
            return shapes[0]
        if self.mode == "concat":
            output = list(shapes[0])
            for shape in shapes[1:]:
                if output[self.concat_axis] is None or shape[self.concat_axis] is None:
                    output[self.concat_axis] = None
                    break
                output[self.concat_axis] += shape[self.concat_axis]
            return tuple(output)
        a0, a1 = self._resolved_dot_axes(shapes[0], shapes[1])
        shape1, shape2 = list(shapes[0]), list(shapes[1])
        shape1.pop(a0)
        shape2.pop(a1)
        shape2.pop(0)
        output = shape1 + shape2
        if len(output) == 1:
            output.append(1)
        if self.mode == "cos":  # Keras 1's expand_dims(output, 1)
            output.insert(1, 1)
        return tuple(output)

    # -- computation ----------------------------------------------------------
    def call(self, inputs, mask=None):
        inputs = list(inputs)
        if callable(self.mode):
            arguments = dict(self.arguments)
            if "mask" in _parameters(self.mode):
                arguments["mask"] = mask
            return self.mode(inputs, **arguments)
        if self.mode in ("sum", "ave"):
            output = inputs[0]
            for x in inputs[1:]:
                output = output + x
            return output / len(inputs) if self.mode == "ave" else output
        if self.mode == "mul":
            output = inputs[0]
            for x in inputs[1:]:
                output = output * x
            return output
        if self.mode == "max":
            output = inputs[0]
            for x in inputs[1:]:
                output = ops.maximum(output, x)
            return output
        if self.mode == "concat":
            return ops.concatenate(inputs, axis=self.concat_axis)
        l1, l2 = inputs
        axes = self._resolved_dot_axes(l1.shape, l2.shape)
        if self.mode == "dot":
            return _batch_dot(l1, l2, axes)
        denominator = ops.sqrt(_batch_dot(l1, l1, axes) * _batch_dot(l2, l2, axes))
        denominator = ops.maximum(denominator, _config.setting("epsilon"))
        return ops.expand_dims(_batch_dot(l1, l2, axes) / denominator, 1)

    def compute_mask(self, inputs, mask=None):
        if mask is None or all(m is None for m in mask):
            return None
        if callable(self.mode):
            if callable(self._output_mask):
                return self._output_mask(mask)
            return self._output_mask
        if self.mode in ("sum", "mul", "ave", "max"):
            masks = [ops.expand_dims(ops.cast(m, "bool"), 0) for m in mask if m is not None]
            return ops.all(ops.concatenate(masks, axis=0), axis=0)
        if self.mode == "concat":
            masks = []
            for x, m in zip(inputs, mask):
                if m is None:
                    masks.append(ops.ones_like(x, dtype="bool"))
                elif len(m.shape) < len(x.shape):
                    masks.append(ops.expand_dims(ops.cast(m, "bool"), -1))
                else:
                    masks.append(ops.cast(m, "bool"))
            return ops.all(ops.concatenate(masks, axis=self.concat_axis), axis=-1)
        return None

    # -- serialization --------------------------------------------------------
    def get_config(self) -> dict[str, Any]:
        from legacy_keras._keras3 import serialization_lib
        config = super().get_config()
        config.update({
            "mode": _serialize_callable(self.mode),
            "concat_axis": self.concat_axis,
            "dot_axes": self.dot_axes,
            "output_shape": _serialize_callable(self._output_shape),
            "output_mask": _serialize_callable(self._output_mask),
            "arguments": serialization_lib.serialize_keras_object(self.arguments),
        })
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        from legacy_keras._keras3 import serialization_lib
        config = dict(config)
        for key in ("mode", "output_shape", "output_mask"):
            config[key] = _deserialize_callable(config.get(key), custom_objects, safe_mode)
        if isinstance(config.get("output_shape"), list):
            config["output_shape"] = tuple(config["output_shape"])
        if config.get("arguments"):
            config["arguments"] = serialization_lib.deserialize_keras_object(
                config["arguments"], custom_objects=custom_objects)
        return cls(**config)


def _parameters(fn: Callable) -> tuple[str, ...]:
    try:
        return tuple(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return ()


def merge(inputs: Sequence, mode: str | Callable = "sum", concat_axis: int = -1,
          dot_axes: int | Sequence[int] = -1, output_shape: Any = None, output_mask: Any = None,
          arguments: dict | None = None, name: str | None = None):
    """Keras 1 functional ``merge([t1, t2, ...], mode=...)``: returns the merged tensor."""
    layer = Merge(mode=mode, concat_axis=concat_axis, dot_axes=dot_axes, output_shape=output_shape,
                  output_mask=output_mask, arguments=arguments, name=name)
    return layer(list(inputs))

