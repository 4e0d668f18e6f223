"""Weights as Keras 1 code sees them (issue 14.9): Keras 3 variables -> Keras 1 lists.

Weight-surgery scripts (net2net, pruning, transfer learning) read
``layer.get_weights()`` and index it in Keras 1's layout: a 'th' convolution
kernel is ``(nb_filter, stack, rows, cols)``, a cpu/mem LSTM lists 12 per-gate
arrays, a GRU 9.  Keras 3 keeps ``(rows, cols, in, out)`` kernels and fused
gates.  :func:`to_keras1` turns a layer's Keras 3 arrays into the list Keras
1.2.2's ``get_weights()`` returned (TensorFlow-backend semantics: no kernel
flip); the other direction is ``legacy_keras.weights.to_keras3``, the registry
the loader and converter use.  The tables come from ``legacy_keras.weights``;
only the inverse arithmetic lives here.  Pure numpy, except that
:class:`Keras1KernelView` converts to a TensorFlow tensor when graph code uses it.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from legacy_keras.weights import convolutional as _conv
from legacy_keras.weights import recurrent as _recurrent

_KERNEL_KINDS = {
    "Convolution2D": "conv2d", "Conv2D": "conv2d", "AtrousConvolution2D": "conv2d", "AtrousConv2D": "conv2d",
    "Convolution3D": "conv3d", "Conv3D": "conv3d",
    "Deconvolution2D": "deconv2d", "Deconv2D": "deconv2d",
}
_CONV1D = ("Convolution1D", "Conv1D", "AtrousConvolution1D", "AtrousConv1D")


def _inverse(axes: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argsort(axes))


def _kernel(class_name: str, config: dict[str, Any], arrays: list[np.ndarray]) -> list[np.ndarray]:
    kind = _KERNEL_KINDS[class_name]
    axes = (_conv.TH_TO_KERAS3 if _conv.dim_ordering(config) == "th" else _conv.TF_TO_KERAS3)[kind]
    if axes is None or not arrays:
        return arrays
    return [np.ascontiguousarray(np.transpose(arrays[0], _inverse(axes)))] + arrays[1:]


def _separable(config: dict[str, Any], arrays: list[np.ndarray]) -> list[np.ndarray]:
    if _conv.dim_ordering(config) != "th":
        return arrays
    back = _inverse((2, 3, 1, 0))  # the inverse of the rule's 'th' transpose
    return [np.ascontiguousarray(np.transpose(a, back)) for a in arrays[:2]] + arrays[2:]


def _locally_connected2d(config: dict[str, Any], arrays: list[np.ndarray]) -> list[np.ndarray]:
    """Inverse of ``weights.convolutional.locally_connected2d`` ('th' only)."""
    if _conv.dim_ordering(config) != "th" or not arrays:
        return arrays
    kr, kc = _conv._kernel_2d(config)
    positions, features, filters = arrays[0].shape
    channels = features // (kr * kc)
    kernel = arrays[0].reshape(positions, kr, kc, channels, filters).transpose(0, 3, 1, 2, 4)
    out = [np.ascontiguousarray(kernel.reshape(positions, features, filters))]
    if len(arrays) > 1:
        rows, cols, bias_filters = arrays[1].shape
        out.append(np.ascontiguousarray(arrays[1].transpose(2, 0, 1).reshape(rows, cols, bias_filters)))
    return out + arrays[2:]


def to_keras1(class_name: str, config: dict[str, Any], arrays: list[np.ndarray]) -> list[np.ndarray]:
    """Keras 3 arrays of a ``class_name`` layer -> the list Keras 1 ``get_weights()`` gave.

    ``config`` is the layer's ``keras1_weight_config()`` (dim ordering,
    consume_less, the wrapped layer of a wrapper).  Layers whose layout did not
    change (Dense, Embedding, BatchNormalization's gamma, beta, mean, variance,
    SimpleRNN ...) come back unchanged.
    """
    arrays = [np.asarray(a) for a in arrays]
    if class_name in _KERNEL_KINDS:
        return _kernel(class_name, config, arrays)
    if class_name in _CONV1D:
        # Keras 1 (>= 1.1) ran conv2d on (batch, steps, 1, in): kernel (k, 1, in, out)
        return [np.ascontiguousarray(arrays[0][:, None])] + arrays[1:] if arrays else arrays
    if class_name in ("SeparableConvolution2D", "SeparableConv2D"):
        return _separable(config, arrays)
    if class_name == "LocallyConnected2D":
        return _locally_connected2d(config, arrays)
    if class_name in ("GRU", "LSTM", "ConvLSTM2D"):
        return _recurrent.to_keras1(class_name, config, arrays)
    if class_name in ("TimeDistributed", "Bidirectional"):
        inner = config.get("layer") or {}
        inner_class, inner_config = inner.get("class_name", ""), dict(inner.get("config") or {})
        if class_name == "TimeDistributed":
            return to_keras1(inner_class, inner_config, arrays)
        half = len(arrays) // 2
        return (to_keras1(inner_class, inner_config, arrays[:half])
                + to_keras1(inner_class, inner_config, arrays[half:]))
    return arrays


class Keras1WeightsAPI:
    """``get_weights``/``set_weights`` in Keras 1 layouts; Keras 3's under explicit names.

    Mixed into every Keras 1 layer class (:class:`legacy_keras.layers._adapt.Keras1Layer`).
    Keras 3 itself never calls a layer's ``get_weights``/``set_weights`` for
    saving, training or ``Model.get_weights`` (it reads the variables), so the
    Keras 1 lists are what user code sees and nothing else.
    """

    def get_keras3_weights(self) -> list[np.ndarray]:
        """The layer's variables as Keras 3 lists them (``keras.layers.Layer.get_weights``)."""
        return super().get_weights()  # type: ignore[misc]

    def set_keras3_weights(self, weights: Any) -> None:
        """Assign arrays in Keras 3's layout and order."""
        super().set_weights(list(weights))  # type: ignore[misc]

    def get_weights(self) -> list[np.ndarray]:
        """The arrays Keras 1.2.2's ``get_weights()`` returned for this layer."""
        return to_keras1(self.keras1_class, self.keras1_weight_config(),  # type: ignore[attr-defined]
                         self.get_keras3_weights())

    def set_weights(self, weights: Any) -> None:
        """Arrays in Keras 1's layout (what :meth:`get_weights` returns, or Keras 1 files hold)."""
        self.set_keras3_weights(self.convert_keras1_weights(list(weights)))  # type: ignore[attr-defined]


def _kernel_layout_differs(class_name: str, config: dict[str, Any]) -> bool:
    """Whether Keras 1 saw this layer's kernel (``layer.W``) in another layout than Keras 3."""
    if class_name in _KERNEL_KINDS:
        kind = _KERNEL_KINDS[class_name]
        table = _conv.TH_TO_KERAS3 if _conv.dim_ordering(config) == "th" else _conv.TF_TO_KERAS3
        return table[kind] is not None
    if class_name in _CONV1D:
        return True
    if class_name == "LocallyConnected2D":
        return _conv.dim_ordering(config) == "th"
    return False


class Keras1KernelView:
    """``layer.W`` of a layer whose Keras 1 kernel layout differs from Keras 3's.

    A 'th' ``Convolution2D``'s Keras 1 ``W`` was ``(nb_filter, stack, rows,
    cols)``; Keras 3 stores ``(rows, cols, stack, nb_filter)``.  This view shows
    the Keras 1 shape and values (``K.get_value(layer.W)``, ``K.int_shape``,
    ``np.asarray``) and writes through to the Keras 3 variable
    (``K.set_value(layer.W, w)``, ``layer.W.set_value(w)``, ``assign``).
    The variable itself is ``layer.W.variable`` (also ``layer.kernel``).
    """

    def __init__(self, layer: Any, variable: Any) -> None:
        self.layer = layer
        self.variable = variable

    def _config(self) -> tuple[str, dict[str, Any]]:
        return self.layer.keras1_class, self.layer.keras1_weight_config()

    def numpy(self) -> np.ndarray:
        class_name, config = self._config()
        return to_keras1(class_name, config, [np.asarray(self.variable.numpy())])[0]

    get_value = numpy

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        value = self.numpy()
        return value if dtype is None else value.astype(dtype)

    @property
    def shape(self) -> tuple:
        return tuple(self.numpy().shape)

    @property
    def dtype(self) -> Any:
        return self.variable.dtype

    @property
    def name(self) -> str:
        return self.variable.name

    def assign(self, value: Any) -> Any:
        from legacy_keras import weights as weight_rules
        class_name, config = self._config()
        kernel = weight_rules.to_keras3(class_name, config, [np.asarray(value)])[0]
        return self.variable.assign(kernel.astype(np.asarray(self.variable.numpy()).dtype))

    set_value = assign

    def __repr__(self) -> str:
        return f"<Keras 1 view {self.shape} of {self.variable.path} {tuple(self.variable.shape)}>"


def _view_to_tensor(view: Keras1KernelView, dtype: Any = None, name: Any = None, as_ref: bool = False) -> Any:
    """``K.conv2d(x, self.W, dim_ordering='th')`` in a Keras 1 subclass: the kernel in Keras 1
    layout, computed from the live variable (so gradients reach it)."""
    import tensorflow as tf
    class_name, config = view._config()
    value = tf.convert_to_tensor(view.variable.value if hasattr(view.variable, "value") else view.variable)
    if class_name in _CONV1D:
        return tf.expand_dims(value, 1)
    if class_name in _KERNEL_KINDS:
        kind = _KERNEL_KINDS[class_name]
        axes = (_conv.TH_TO_KERAS3 if _conv.dim_ordering(config) == "th" else _conv.TF_TO_KERAS3)[kind]
        return value if axes is None else tf.transpose(value, _inverse(axes))
    raise TypeError(f"{class_name}: its Keras 1 kernel layout is available as numpy only "
                    "(K.get_value(layer.W)); use layer.kernel in graph code")


def _register_view_conversion() -> None:
    import tensorflow as tf
    tf.register_tensor_conversion_function(Keras1KernelView, _view_to_tensor)


_register_view_conversion()


def keras1_kernel(layer: Any, variable: Any) -> Any:
    """``variable`` as Keras 1 code sees ``layer.W``: itself, or a :class:`Keras1KernelView`."""
    class_name = getattr(layer, "keras1_class", None)
    if class_name is None or not _kernel_layout_differs(class_name, layer.keras1_weight_config()):
        return variable
    return Keras1KernelView(layer, variable)
