"""Keras 1 -> Keras 3 weights of the convolutional and locally connected layers.

Pure numpy; the tables of reference section 4.2 as code, checked against the
genuine Keras 1.2.2 by ``tests/test_layers_conv*.py``.  Layout facts:

* Keras 1 'th' kernels are (out, in, *spatial); 'tf' and Keras 3 kernels are
  (*spatial, in, out).  ``Deconvolution2D`` keeps Keras 1's (out, in) channel
  pair but Keras 3's transposed kernels are (*spatial, out, in).
* ``Convolution1D`` (Keras >= 1.1) stored a (k, 1, in, out) kernel: it ran a
  conv2d on (batch, steps, 1, in).  Keras 1.0.x files stored (out, in, k, 1).
* ``theano=True`` (weights trained on the Theano backend, which computes true
  convolution): reverse every spatial axis, *after* moving to the Keras 3
  layout.  Never for ``SeparableConvolution2D`` (TensorFlow-only in Keras 1)
  nor the locally connected layers (patch matmuls, not convolutions).
* ``LocallyConnected2D`` 'th': patch features ordered (channel, kr, kc) and the
  (R, C, F) bias reinterpreted in memory as (F, R, C) by Keras 1's ``call``;
  ``legacy_keras``'s layer uses the 'tf' layout for both orderings.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from legacy_keras.spec.layers import DATA_FORMAT_TO_DIM_ORDERING
from legacy_keras.spec.weights import TF_TO_KERAS3, TH_TO_KERAS3  # re-exported: the one table
from legacy_keras.weights import rule


def dim_ordering(config: dict[str, Any]) -> str:
    """The layer's Keras 1 ``dim_ordering`` ('th'/'tf'), resolving 'default'."""
    ordering = config.get("dim_ordering")
    if ordering is None:
        ordering = DATA_FORMAT_TO_DIM_ORDERING.get(config.get("data_format"))
    if ordering in (None, "default"):
        from legacy_keras import _config
        ordering = _config.image_dim_ordering()
    if ordering not in ("th", "tf"):
        raise ValueError(f"Unknown dim_ordering {ordering!r} in the layer config")
    return ordering


def flip_spatial(kernel: np.ndarray, n_spatial: int) -> np.ndarray:
    """Reverse the leading ``n_spatial`` axes of a Keras 3 kernel (Theano -> TF)."""
    return np.ascontiguousarray(kernel[(slice(None, None, -1),) * n_spatial])


def _check_ndim(class_name: str, kernel: np.ndarray, ndim: int) -> None:
    if kernel.ndim != ndim:
        raise ValueError(f"{class_name}: expected a {ndim}-D Keras 1 kernel, got shape {kernel.shape}")


def _kernel_rule(kind: str, n_spatial: int):
    def convert(config: dict[str, Any], arrays: list[np.ndarray], theano: bool) -> list[np.ndarray]:
        if not arrays:
            return arrays
        kernel = arrays[0]
        _check_ndim(kind, kernel, n_spatial + 2)
        axes = (TH_TO_KERAS3 if dim_ordering(config) == "th" else TF_TO_KERAS3)[kind]
        if axes is not None:
            kernel = np.transpose(kernel, axes)
        if theano:
            kernel = flip_spatial(kernel, n_spatial)
        return [np.ascontiguousarray(kernel)] + list(arrays[1:])
    return convert


rule("Convolution2D", "Conv2D", "AtrousConvolution2D", "AtrousConv2D")(_kernel_rule("conv2d", 2))
rule("Convolution3D", "Conv3D")(_kernel_rule("conv3d", 3))
rule("Deconvolution2D", "Deconv2D")(_kernel_rule("deconv2d", 2))


def _is_keras10_conv1d(kernel: np.ndarray, config: dict[str, Any]) -> bool:
    """Whether a 4-D Conv1D kernel is Keras 1.0.x's (out, in, k, 1) rather than (k, 1, in, out)."""
    new, old = kernel.shape[1] == 1, kernel.shape[3] == 1
    if new != old:
        return old
    k = config.get("filter_length", config.get("kernel_size"))
    k = k[0] if isinstance(k, (list, tuple)) else k
    filters = config.get("nb_filter", config.get("filters"))
    fits_new = (k is None or kernel.shape[0] == k) and (filters is None or kernel.shape[3] == filters)
    fits_old = (k is None or kernel.shape[2] == k) and (filters is None or kernel.shape[0] == filters)
    return fits_old and not fits_new


@rule("Convolution1D", "Conv1D", "AtrousConvolution1D", "AtrousConv1D")
def convolution1d(config: dict[str, Any], arrays: list[np.ndarray], theano: bool) -> list[np.ndarray]:
    """(k, 1, in, out) [or Keras 1.0.x (out, in, k, 1)] -> (k, in, out); Theano: reverse k."""
    if not arrays:
        return arrays
    kernel = arrays[0]
    if kernel.ndim == 4:
        if _is_keras10_conv1d(kernel, config):
            kernel = np.transpose(kernel, (2, 3, 1, 0))
        kernel = kernel[:, 0]
    _check_ndim("Convolution1D", kernel, 3)
    if theano:
        kernel = flip_spatial(kernel, 1)
    return [np.ascontiguousarray(kernel)] + list(arrays[1:])


@rule("SeparableConvolution2D", "SeparableConv2D")
def separable_convolution2d(config: dict[str, Any], arrays: list[np.ndarray],
                            theano: bool) -> list[np.ndarray]:
    """th depthwise (dm, in, r, c), pointwise (F, in*dm, 1, 1) -> (r, c, in, dm), (1, 1, in*dm, F).

    No Theano flip: Keras 1 had this layer on TensorFlow only.
    """
    if len(arrays) < 2:
        raise ValueError("SeparableConvolution2D: expected depthwise and pointwise kernels "
                         f"(+ bias), got {len(arrays)} arrays")
    depthwise, pointwise = arrays[0], arrays[1]
    _check_ndim("SeparableConvolution2D", depthwise, 4)
    _check_ndim("SeparableConvolution2D", pointwise, 4)
    if dim_ordering(config) == "th":
        depthwise = np.transpose(depthwise, (2, 3, 1, 0))
        pointwise = np.transpose(pointwise, (2, 3, 1, 0))
    return [np.ascontiguousarray(depthwise), np.ascontiguousarray(pointwise)] + list(arrays[2:])


@rule("LocallyConnected1D")
def locally_connected1d(config: dict[str, Any], arrays: list[np.ndarray],
                        theano: bool) -> list[np.ndarray]:
    """W (L_out, k*in, F), b (L_out, F): already the layer's layout (no flip, ever)."""
    if arrays:
        _check_ndim("LocallyConnected1D", arrays[0], 3)
    return list(arrays)


def _kernel_2d(config: dict[str, Any]) -> tuple[int, int]:
    if config.get("nb_row") is not None and config.get("nb_col") is not None:
        return int(config["nb_row"]), int(config["nb_col"])
    size = config.get("kernel_size")
    if size is None:
        raise ValueError("LocallyConnected2D: the config needs nb_row/nb_col to convert 'th' weights")
    return (size, size) if isinstance(size, int) else (int(size[0]), int(size[1]))


@rule("LocallyConnected2D")
def locally_connected2d(config: dict[str, Any], arrays: list[np.ndarray],
                        theano: bool) -> list[np.ndarray]:
    """'th': W features (in, kr, kc) -> (kr, kc, in); bias memory (F, R, C) -> (R, C, F).

    Keras 1 added ``K.reshape(b, (1, F, R, C))`` to a 'th' output: the (R, C, F)
    bias array's memory *is* an (F, R, C) array (a raw reshape, not a
    transpose).  'tf' arrays are the layer's layout already.  No flip, ever.
    """
    if not arrays:
        return arrays
    kernel = arrays[0]
    _check_ndim("LocallyConnected2D", kernel, 3)
    if dim_ordering(config) != "th":
        return list(arrays)
    kr, kc = _kernel_2d(config)
    positions, features, filters = kernel.shape
    channels, remainder = divmod(features, kr * kc)
    if remainder:
        raise ValueError(f"LocallyConnected2D: kernel shape {kernel.shape} does not fit a "
                         f"{kr}x{kc} patch")
    kernel = kernel.reshape(positions, channels, kr, kc, filters).transpose(0, 2, 3, 1, 4)
    out = [np.ascontiguousarray(kernel.reshape(positions, features, filters))]
    if len(arrays) > 1:
        bias = arrays[1]
        rows, cols, bias_filters = bias.shape
        out.append(np.ascontiguousarray(bias.reshape(bias_filters, rows, cols).transpose(1, 2, 0)))
    return out + list(arrays[2:])
