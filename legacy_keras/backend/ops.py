"""Keras 1 tensor operations the backend table cannot say: random streams, conv/pool, rnn, resizing.

The rest (element-wise, reductions, shapes, activations, losses, padding) is built from
``legacy_keras.spec.backend`` by :mod:`legacy_keras.backend.table`.
"""
from __future__ import annotations

from typing import Callable

import tensorflow as tf
from legacy_keras._keras3 import legacy_backend as _LB  # the Keras 2 backend functions

from legacy_keras.backend._symbolic import _symbolic
from legacy_keras.backend.common import floatx, image_dim_ordering


# ---------------------------------------------------------------------------
# The element-wise, reduction, shape, activation, loss and padding functions are built
# from the backend table (legacy_keras.backend.table); these are the ones it does not have.
# ---------------------------------------------------------------------------
def _wrap(name: str) -> Callable:
    return _symbolic(getattr(_LB, name))


for _name in ("batch_dot", "cumsum", "cumprod", "bias_add", "to_dense"):
    if hasattr(_LB, _name):
        globals()[_name] = _wrap(_name)
del _name


@_symbolic
def pack(x):
    """Keras 1.0's name of stack (kept by old scripts)."""
    return tf.stack(list(x))


@_symbolic
def clip(x, min_value, max_value):
    """Keras 1 clip: ``max_value=None`` is no upper bound, a max below min is raised to min."""
    if max_value is not None and min_value is not None and max_value < min_value:
        max_value = min_value
    return _LB.clip(x, min_value, max_value)


# Random tensors.  Keras 1's seed seeded a stream: every evaluation (every training step)
# drew new numbers.  A Keras 3 integer seed (the table's keras.random.*) is stateless: the
# same numbers on every call, so seeded noise in a layer would freeze.  TensorFlow's
# op-level seed keeps Keras 1's meaning (tests/test_backend_table.py).
@_symbolic
def random_normal(shape, mean=0.0, std=1.0, dtype=None, seed=None):
    """Keras 1 ``std=`` (Keras 3 ``stddev``); a new draw on each evaluation, seeded or not."""
    return _LB.random_normal(shape, mean=mean, stddev=std, dtype=dtype or floatx(), seed=seed)


@_symbolic
def random_uniform(shape, low=0.0, high=1.0, dtype=None, seed=None):
    """Keras 1 ``low/high`` (Keras 3 ``minval/maxval``); a new draw on each evaluation."""
    return _LB.random_uniform(shape, minval=low, maxval=high, dtype=dtype or floatx(), seed=seed)


@_symbolic
def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """1 with probability ``p`` (Keras 1's default p=0.0 gives zeros); a new draw on each evaluation."""
    dtype = dtype or floatx()
    return tf.cast(tf.less(tf.random.uniform(shape, seed=seed), p), dtype)


@_symbolic
def dropout(x, level, noise_shape=None, seed=None):
    """Zero a fraction ``level`` of ``x`` and scale the rest by 1 / (1 - level); a new mask each time."""
    return _LB.dropout(x, level, noise_shape=noise_shape, seed=seed)


# Padding / resizing with Keras 1 dim_ordering
from legacy_keras.spec.modules import DIM_ORDERING_VALUES as _DATA_FORMAT  # noqa: E402


def _data_format(dim_ordering: str) -> str:
    if dim_ordering == "default":
        dim_ordering = image_dim_ordering()
    if dim_ordering not in _DATA_FORMAT:
        raise ValueError(f"Unknown dim_ordering: {dim_ordering!r}")
    return _DATA_FORMAT[dim_ordering]


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


