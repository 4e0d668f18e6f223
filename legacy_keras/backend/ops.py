"""Keras 1 tensor operations: element-wise, reductions, nn, losses, random, conv/pool, rnn."""
from __future__ import annotations

from typing import Callable

import tensorflow as tf
from legacy_keras._keras3 import legacy_backend as _LB  # the Keras 2 backend functions

from legacy_keras.backend._symbolic import _symbolic
from legacy_keras.backend.common import epsilon, floatx, image_dim_ordering


# ---------------------------------------------------------------------------
# Element-wise and reduction ops (Keras 2 legacy backend has Keras 1 signatures)
# ---------------------------------------------------------------------------
def _wrap(name: str) -> Callable:
    return _symbolic(getattr(_LB, name))


for _name in ("abs", "exp", "log", "square", "sign", "round", "sigmoid", "softplus", "softsign",
              "tanh", "softmax", "mean", "sum", "max", "min", "prod", "std", "var", "any", "all",
              "argmax", "argmin", "maximum", "minimum", "equal", "not_equal", "greater",
              "greater_equal", "dot", "batch_dot", "transpose", "gather", "reshape",
              "permute_dimensions", "repeat", "repeat_elements", "squeeze", "flatten",
              "batch_flatten", "tile", "ones_like", "zeros_like", "cast", "stop_gradient",
              "cos", "sin", "cumsum", "cumprod", "reverse", "switch", "pow", "sqrt",
              "bias_add", "to_dense", "in_top_k"):
    if hasattr(_LB, _name):
        globals()[_name] = _wrap(_name)
del _name


@_symbolic
def lesser(x, y):
    return _LB.less(x, y)


@_symbolic
def lesser_equal(x, y):
    return _LB.less_equal(x, y)


@_symbolic
def clip(x, min_value, max_value):
    """Keras 1 clip: a max below min is raised to min."""
    if max_value is not None and min_value is not None and max_value < min_value:
        max_value = min_value
    return _LB.clip(x, min_value, max_value)


@_symbolic
def concatenate(tensors, axis=-1):
    return _LB.concatenate(list(tensors), axis=axis)


@_symbolic
def expand_dims(x, dim=-1):
    return _LB.expand_dims(x, axis=dim)


@_symbolic
def pack(x):
    return tf.stack(list(x))


@_symbolic
def stack(x, axis=0):
    return tf.stack(list(x), axis=axis)


@_symbolic
def l2_normalize(x, axis):
    return tf.math.l2_normalize(x, axis=axis)


@_symbolic
def one_hot(indices, nb_classes):
    return tf.one_hot(indices, depth=nb_classes, axis=-1)


@_symbolic
def relu(x, alpha=0.0, max_value=None):
    """Keras 1 relu with leaky slope ``alpha`` and cap ``max_value``."""
    return _LB.relu(x, alpha=alpha, max_value=max_value)


@_symbolic
def elu(x, alpha=1.0):
    return _LB.elu(x, alpha)


@_symbolic
def hard_sigmoid(x):
    """Keras 1 formula clip(0.2 x + 0.5, 0, 1) (Keras 3's differs)."""
    from legacy_keras.activations import hard_sigmoid as _hs
    return _hs(x)


@_symbolic
def dropout(x, level, noise_shape=None, seed=None):
    return _LB.dropout(x, level, noise_shape=noise_shape, seed=seed)


# Losses: Keras 1 order is (output, target)
@_symbolic
def categorical_crossentropy(output, target, from_logits=False):
    """Keras 1 order ``(output, target)`` (Keras 2+ swapped it)."""
    return _LB.categorical_crossentropy(target, output, from_logits=from_logits)


@_symbolic
def sparse_categorical_crossentropy(output, target, from_logits=False):
    return _LB.sparse_categorical_crossentropy(target, output, from_logits=from_logits)


@_symbolic
def binary_crossentropy(output, target, from_logits=False):
    """-(t log o + (1-t) log(1-o)) with ``o`` clipped to [eps, 1-eps] (Keras 1 order)."""
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.cast(target, output.dtype), logits=output)
    eps = epsilon()
    output = tf.clip_by_value(output, eps, 1.0 - eps)
    target = tf.cast(target, output.dtype)
    return -(target * tf.math.log(output) + (1.0 - target) * tf.math.log(1.0 - output))


# Random tensors: Keras 1 argument names
@_symbolic
def random_normal(shape, mean=0.0, std=1.0, dtype=None, seed=None):
    return _LB.random_normal(shape, mean=mean, stddev=std, dtype=dtype or floatx(), seed=seed)


@_symbolic
def random_uniform(shape, low=0.0, high=1.0, dtype=None, seed=None):
    return _LB.random_uniform(shape, minval=low, maxval=high, dtype=dtype or floatx(), seed=seed)


@_symbolic
def random_binomial(shape, p=0.0, dtype=None, seed=None):
    dtype = dtype or floatx()
    return tf.cast(tf.less(tf.random.uniform(shape, seed=seed), p), dtype)


# Padding / resizing with Keras 1 dim_ordering
from legacy_keras.spec.modules import DIM_ORDERING_VALUES as _DATA_FORMAT  # noqa: E402


def _data_format(dim_ordering: str) -> str:
    if dim_ordering == "default":
        dim_ordering = image_dim_ordering()
    if dim_ordering not in _DATA_FORMAT:
        raise ValueError(f"Unknown dim_ordering: {dim_ordering!r}")
    return _DATA_FORMAT[dim_ordering]


@_symbolic
def spatial_2d_padding(x, padding=(1, 1), dim_ordering="default"):
    return _LB.spatial_2d_padding(x, ((padding[0],) * 2, (padding[1],) * 2), _data_format(dim_ordering))


@_symbolic
def resize_images(X, height_factor, width_factor, dim_ordering):
    return _LB.resize_images(X, height_factor, width_factor, _data_format(dim_ordering))


_PADDING = {"same": "same", "valid": "valid"}


def _keras1_kernel(kernel, kind: str, dim_ordering: str):
    """A kernel in Keras 1's layout for ``dim_ordering`` -> the layout TensorFlow takes.

    Keras 1's TensorFlow backend transposed 'th' kernels ``(nb_filter, stack, rows, cols)``
    itself (``_preprocess_conv2d_kernel``), and deconvolution kernels in both orderings;
    the axes are the weight registry's (``legacy_keras.weights.convolutional``).
    """
    from legacy_keras.weights.convolutional import TF_TO_KERAS3, TH_TO_KERAS3
    if dim_ordering == "default":
        dim_ordering = image_dim_ordering()
    axes = (TH_TO_KERAS3 if dim_ordering == "th" else TF_TO_KERAS3)[kind]
    kernel = tf.convert_to_tensor(kernel)
    return kernel if axes is None else tf.transpose(kernel, axes)


@_symbolic
def conv2d(x, kernel, strides=(1, 1), border_mode="valid", dim_ordering="default",
           image_shape=None, filter_shape=None, filter_dilation=(1, 1)):
    """Keras 1 conv2d: the kernel in Keras 1's layout for ``dim_ordering`` ('th'
    ``(nb_filter, stack, rows, cols)``, 'tf' ``(rows, cols, stack, nb_filter)``), TensorFlow
    semantics (no kernel flip), as on the Keras 1 TensorFlow backend."""
    return _LB.conv2d(x, _keras1_kernel(kernel, "conv2d", dim_ordering), strides=strides,
                      padding=_PADDING[border_mode], data_format=_data_format(dim_ordering),
                      dilation_rate=filter_dilation)


@_symbolic
def pool2d(x, pool_size, strides=(1, 1), border_mode="valid", dim_ordering="default", pool_mode="max"):
    return _LB.pool2d(x, pool_size, strides=strides, padding=_PADDING[border_mode],
                      data_format=_data_format(dim_ordering), pool_mode=pool_mode)


@_symbolic
def temporal_padding(x, padding=1):
    """Pad ``padding`` steps on both sides of axis 1 (Keras 1 took an int)."""
    return _LB.temporal_padding(x, (padding, padding))


@_symbolic
def asymmetric_temporal_padding(x, left_pad=1, right_pad=1):
    return _LB.temporal_padding(x, (left_pad, right_pad))


@_symbolic
def asymmetric_spatial_2d_padding(x, top_pad=1, bottom_pad=1, left_pad=1, right_pad=1,
                                  dim_ordering="default"):
    return _LB.spatial_2d_padding(x, ((top_pad, bottom_pad), (left_pad, right_pad)),
                                  _data_format(dim_ordering))


@_symbolic
def spatial_3d_padding(x, padding=(1, 1, 1), dim_ordering="default"):
    return _LB.spatial_3d_padding(x, tuple((p, p) for p in padding), _data_format(dim_ordering))


@_symbolic
def resize_volumes(X, depth_factor, height_factor, width_factor, dim_ordering):
    return _LB.resize_volumes(X, depth_factor, height_factor, width_factor, _data_format(dim_ordering))


@_symbolic
def batch_normalization(x, mean, var, beta, gamma, epsilon=1e-3):
    """Keras 1 positional order (no ``axis``): ``(x - mean) / sqrt(var + epsilon) * gamma + beta``."""
    return _LB.batch_normalization(x, mean, var, beta, gamma, epsilon=epsilon)


@_symbolic
def conv1d(x, kernel, stride=1, border_mode="valid", image_shape=None, filter_shape=None):
    return _LB.conv1d(x, kernel, strides=stride, padding=_PADDING[border_mode],
                      data_format="channels_last")


@_symbolic
def conv3d(x, kernel, strides=(1, 1, 1), border_mode="valid", dim_ordering="default",
           volume_shape=None, filter_shape=None, filter_dilation=(1, 1, 1)):
    return _LB.conv3d(x, _keras1_kernel(kernel, "conv3d", dim_ordering), strides=strides,
                      padding=_PADDING[border_mode], data_format=_data_format(dim_ordering),
                      dilation_rate=filter_dilation)


@_symbolic
def deconv2d(x, kernel, output_shape, strides=(1, 1), border_mode="valid", dim_ordering="default",
             image_shape=None, filter_shape=None):
    return _LB.conv2d_transpose(x, _keras1_kernel(kernel, "deconv2d", dim_ordering), output_shape,
                                strides=strides, padding=_PADDING[border_mode],
                                data_format=_data_format(dim_ordering))


@_symbolic
def atrous_conv2d(x, kernel, rate=1, border_mode="valid", dim_ordering="default", image_shape=None,
                  filter_shape=None):
    return _LB.conv2d(x, _keras1_kernel(kernel, "conv2d", dim_ordering), padding=_PADDING[border_mode],
                      data_format=_data_format(dim_ordering), dilation_rate=(rate, rate))


@_symbolic
def pool3d(x, pool_size, strides=(1, 1, 1), border_mode="valid", dim_ordering="default",
           pool_mode="max"):
    return _LB.pool3d(x, pool_size, strides=strides, padding=_PADDING[border_mode],
                      data_format=_data_format(dim_ordering), pool_mode=pool_mode)



@_symbolic
def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None):
    """Iterate ``step_function(input_t, states) -> (output, new_states)`` over time (axis 1)."""
    return _LB.rnn(step_function, inputs, initial_states, go_backwards=go_backwards, mask=mask,
                   constants=constants, unroll=unroll, input_length=input_length)


