"""Keras 1 -> Keras 3 weights of the recurrent layers (pure numpy).

Keras 3 keeps one fused ``kernel`` / ``recurrent_kernel`` / ``bias`` per
layer, gates concatenated along the last axis.  Keras 1 stored separate
per-gate arrays unless ``consume_less='gpu'``:

* ``SimpleRNN``: ``W, U, b`` are Keras 3's three variables (no rule).
* ``GRU`` cpu/mem: 9 arrays ``W_z, U_z, b_z, W_r, U_r, b_r, W_h, U_h, b_h``
  -> concatenated in z, r, h order (Keras 3 ``GRU(reset_after=False)`` uses
  z, r, h too).  ``consume_less='gpu'``: 3 arrays already fused.
* ``LSTM`` cpu/mem: 12 arrays in the Keras 1 *trainable_weights* order
  ``i, c, f, o`` -> fused in Keras 3's ``i, f, c, o`` order.  gpu: 3 arrays
  already ``i, f, c, o``.
* ``ConvLSTM2D``: 12 arrays (gate order i, c, f, o).  'th' kernels
  ``W (F, in, r, c)``, ``U (F, F, r, c)`` are each transposed to Keras 3's
  ``(r, c, in, F)`` *before* concatenation (Keras 2's converter concatenated
  first and produced wrong shapes).  Arrays trained on Theano (``theano=True``)
  had true-convolution kernels: both kernels are flipped spatially.

The layout is recognised by the number of arrays, so a Keras 3 list (3
arrays) passes through unchanged; ``config['consume_less']`` is only used to
word errors.  :func:`to_keras1` is the inverse (Keras 3 variables -> the
Keras 1 list for the layer's ``consume_less``/``dim_ordering``), used by the
layers' ``get_keras1_weights()`` and for writing Keras 1 style lists.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from legacy_keras.spec.weights import KERAS1_GATE_ORDER, KERAS3_GATE_ORDER  # re-exported: the one table
from legacy_keras.weights import rule

#: Keras 1 'th' conv kernel (out, in, r, c) -> Keras 3 (r, c, in, out).
_TH_TO_TF = (2, 3, 1, 0)
_TF_TO_TH = (3, 2, 0, 1)


def _fuse_gates(class_name: str, arrays: list[np.ndarray],
                kernel_fn=lambda a: a) -> list[np.ndarray]:
    """Per-gate (W, U, b) triples in Keras 1 order -> fused Keras 3 triple."""
    file_order = KERAS1_GATE_ORDER[class_name]
    by_gate = {gate: arrays[3 * k: 3 * k + 3] for k, gate in enumerate(file_order)}
    gates = KERAS3_GATE_ORDER[class_name]
    kernel = np.concatenate([kernel_fn(by_gate[g][0]) for g in gates], axis=-1)
    recurrent = np.concatenate([kernel_fn(by_gate[g][1]) for g in gates], axis=-1)
    bias = np.concatenate([by_gate[g][2] for g in gates], axis=-1)
    return [kernel, recurrent, bias]


def _split_gates(class_name: str, arrays: list[np.ndarray],
                 kernel_fn=lambda a: a) -> list[np.ndarray]:
    """Inverse of :func:`_fuse_gates`."""
    gates = KERAS3_GATE_ORDER[class_name]
    parts = [np.split(np.asarray(a), len(gates), axis=-1) for a in arrays]
    by_gate = {g: (kernel_fn(parts[0][k]), kernel_fn(parts[1][k]), parts[2][k])
               for k, g in enumerate(gates)}
    out: list[np.ndarray] = []
    for gate in KERAS1_GATE_ORDER[class_name]:
        out.extend(by_gate[gate])
    return out


def _check_count(class_name: str, config: dict[str, Any], arrays: list[np.ndarray],
                 counts: tuple[int, ...]) -> None:
    if len(arrays) not in counts:
        mode = config.get("consume_less", "cpu")
        raise ValueError(
            f"{class_name} weights: expected {' or '.join(map(str, counts))} arrays "
            f"(Keras 1 per-gate layout of consume_less='cpu'/'mem', or the fused "
            f"W, U, b of consume_less='gpu' / Keras 3), got {len(arrays)} "
            f"(layer consume_less={mode!r})")


@rule("GRU")
def gru(config: dict[str, Any], arrays: list[np.ndarray], theano: bool) -> list[np.ndarray]:
    """9 per-gate arrays (z, r, h) -> fused; 3 fused arrays unchanged."""
    _check_count("GRU", config, arrays, (9, 3))
    if len(arrays) == 9:
        return _fuse_gates("GRU", arrays)
    return list(arrays)


@rule("LSTM")
def lstm(config: dict[str, Any], arrays: list[np.ndarray], theano: bool) -> list[np.ndarray]:
    """12 per-gate arrays in file order i, c, f, o -> fused i, f, c, o."""
    _check_count("LSTM", config, arrays, (12, 3))
    if len(arrays) == 12:
        return _fuse_gates("LSTM", arrays)
    return list(arrays)


def _dim_ordering(config: dict[str, Any]) -> str:
    ordering = config.get("dim_ordering")
    if ordering in (None, "default"):
        from legacy_keras import _config  # pure Python: reads keras.json
        ordering = _config.image_dim_ordering()
    if ordering not in ("th", "tf"):
        raise ValueError(f"ConvLSTM2D weights: dim_ordering must be 'th' or 'tf', got {ordering!r}")
    return ordering


def _flip(kernel: np.ndarray) -> np.ndarray:
    """Reverse the two spatial axes of a Keras 3 (r, c, in, out) kernel."""
    return np.ascontiguousarray(kernel[::-1, ::-1])


@rule("ConvLSTM2D")
def conv_lstm2d(config: dict[str, Any], arrays: list[np.ndarray], theano: bool) -> list[np.ndarray]:
    """12 per-gate arrays -> Keras 3 kernel (r, c, in, 4F), recurrent (r, c, F, 4F), bias."""
    _check_count("ConvLSTM2D", config, arrays, (12, 3))
    if len(arrays) == 12:
        to_tf = ((lambda a: np.transpose(a, _TH_TO_TF)) if _dim_ordering(config) == "th"
                 else (lambda a: a))
        arrays = _fuse_gates("ConvLSTM2D", arrays, kernel_fn=to_tf)
    else:
        arrays = list(arrays)
    if theano:
        arrays = [_flip(arrays[0]), _flip(arrays[1])] + arrays[2:]
    return arrays


def to_keras1(class_name: str, config: dict[str, Any], arrays: list[np.ndarray]) -> list[np.ndarray]:
    """Keras 3 variables -> the list Keras 1 ``get_weights()`` returned.

    The layout follows ``config['consume_less']`` (per-gate lists for
    'cpu'/'mem', fused for 'gpu') and, for ConvLSTM2D, ``dim_ordering``.
    Arrays are for Keras 1 on TensorFlow semantics (no kernel flip).
    """
    arrays = [np.asarray(a) for a in arrays]
    if class_name in ("GRU", "LSTM"):
        if config.get("consume_less", "cpu") == "gpu":
            return arrays
        return _split_gates(class_name, arrays)
    if class_name == "ConvLSTM2D":
        to_th = ((lambda a: np.transpose(a, _TF_TO_TH)) if _dim_ordering(config) == "th"
                 else (lambda a: a))
        return _split_gates(class_name, arrays, kernel_fn=to_th)
    return arrays
