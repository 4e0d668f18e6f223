"""``keras.utils.np_utils``: numpy helpers of Keras 1.

Reimplemented (a few lines each) because Keras 3 renamed ``nb_classes`` ->
``num_classes`` and dropped ``probas_to_classes``, ``convert_kernel`` and the
conv length helpers; the Keras 1 results (e.g. float64 one-hot of the *flattened*
labels) are kept exactly.
"""
from __future__ import annotations

import numpy as np

__all__ = ["to_categorical", "normalize", "binary_logloss", "multiclass_logloss", "accuracy",
           "probas_to_classes", "categorical_probas_to_classes", "convert_kernel",
           "conv_output_length", "conv_input_length"]


def to_categorical(y, nb_classes: int | None = None) -> np.ndarray:
    """Class vector -> float64 one-hot matrix of shape (len(y.ravel()), nb_classes)."""
    y = np.array(y, dtype="int").ravel()
    if not nb_classes:
        nb_classes = int(np.max(y)) + 1
    n = y.shape[0]
    categorical = np.zeros((n, nb_classes))
    categorical[np.arange(n), y] = 1
    return categorical


def normalize(a, axis: int = -1, order: int = 2) -> np.ndarray:
    l2 = np.atleast_1d(np.linalg.norm(a, order, axis))
    l2[l2 == 0] = 1
    return a / np.expand_dims(l2, axis)


def binary_logloss(p, y) -> float:
    eps = 1e-15
    p = np.minimum(1 - eps, np.maximum(eps, p))
    res = sum(y * np.log(p) + np.subtract(1, y) * np.log(np.subtract(1, p)))
    return res * (-1.0 / len(y))


def multiclass_logloss(p, y) -> float:
    npreds = [p[i][y[i] - 1] for i in range(len(y))]
    return -(1.0 / len(y)) * np.sum(np.log(npreds))


def accuracy(p, y) -> float:
    return np.mean([a == b for a, b in zip(p, y)])


def probas_to_classes(y_pred) -> np.ndarray:
    if len(y_pred.shape) > 1 and y_pred.shape[1] > 1:
        return categorical_probas_to_classes(y_pred)
    return np.array([1 if p > 0.5 else 0 for p in y_pred])


def categorical_probas_to_classes(p) -> np.ndarray:
    return np.argmax(p, axis=1)


def convert_kernel(kernel: np.ndarray, dim_ordering: str | None = None) -> np.ndarray:
    """Flip a 4D/5D conv kernel's spatial axes (Theano <-> TensorFlow); its own inverse."""
    if dim_ordering is None:
        from legacy_keras import _config
        dim_ordering = _config.image_dim_ordering()
    if not 4 <= kernel.ndim <= 5:
        raise ValueError("Invalid kernel shape:", kernel.shape)
    slices = [slice(None, None, -1) for _ in range(kernel.ndim)]
    no_flip = (slice(None, None), slice(None, None))
    if dim_ordering == "th":
        slices[:2] = no_flip
    elif dim_ordering == "tf":
        slices[-2:] = no_flip
    else:
        raise ValueError("Invalid dim_ordering:", dim_ordering)
    return np.copy(kernel[tuple(slices)])


def conv_output_length(input_length, filter_size, border_mode, stride, dilation=1):
    if input_length is None:
        return None
    assert border_mode in {"same", "valid", "full"}
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    out = {"same": input_length, "valid": input_length - dilated + 1,
           "full": input_length + dilated - 1}[border_mode]
    return (out + stride - 1) // stride


def conv_input_length(output_length, filter_size, border_mode, stride):
    if output_length is None:
        return None
    from legacy_keras.spec.layers import keras1_padding
    pad = keras1_padding(border_mode, filter_size)
    return (output_length - 1) * stride - 2 * pad + filter_size
