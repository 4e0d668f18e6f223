"""Keras 1 ``keras.layers.convolutional_recurrent``: ``ConvLSTM2D`` on Keras 3.

``ConvLSTM2D(nb_filter, nb_row, nb_col, init='glorot_uniform',
inner_init='orthogonal', forget_bias_init='one', activation='tanh',
inner_activation='hard_sigmoid', dim_ordering='default', border_mode='valid',
subsample=(1, 1), W_regularizer, U_regularizer, b_regularizer, dropout_W,
dropout_U, weights=, return_sequences=, go_backwards=, stateful=)`` is Keras 3's
``ConvLSTM2D`` with Keras 1's defaults (``hard_sigmoid`` of Keras 1, forget
bias from ``forget_bias_init``).  'th' means input ``(samples, time,
channels, rows, cols)`` and runs channels_first; 'tf' ``(samples, time, rows,
cols, channels)``.  The recurrent convolution is always 'same', in Keras 1 and 3.

Weights: Keras 1's 12 per-gate arrays (i, c, f, o; 'th' kernels ``(F, in,
r, c)``) or Keras 3's 3 fused arrays, through ``weights=`` or ``set_weights``;
``get_weights()`` returns Keras 1's list, ``get_keras3_weights()`` Keras 3's.
Keras 1 semantics here are those of Keras 1 on TensorFlow (cross-correlation):
kernels trained with Keras 1 on *Theano* are true-convolution kernels and
must be flipped -- ``legacy_keras.weights.to_keras3('ConvLSTM2D', config,
arrays, theano=True)`` (what the Keras 1 HDF5 loader does for Theano files).
Theano also aligned 'same' padding differently for *even* kernel sizes; with
odd kernels (the usual case) the results agree.

As in Keras 1, ``consume_less``, ``unroll``, ``input_dim`` and ``input_length``
are not ConvLSTM2D arguments.  Each gate kernel is initialised on its own at
build, as Keras 1 did.  Serializes as plain ``keras.layers.ConvLSTM2D`` (needs
``legacy_keras.activations`` imported when it names the Keras 1 hard_sigmoid).
"""
from __future__ import annotations

from typing import Any

import keras

from legacy_keras.layers._adapt import export_as_keras3
from legacy_keras.layers.recurrent import Keras1RecurrentMixin, _reject

__all__ = ["ConvLSTM2D"]

#: Recurrent-layer keywords Keras 1's ConvLSTM2D did not accept.
_NOT_CONVLSTM_KWARGS = ("consume_less", "unroll", "input_dim", "input_length")


class ConvLSTM2D(Keras1RecurrentMixin, keras.layers.ConvLSTM2D):
    """Keras 1 ``ConvLSTM2D`` (see the module docstring)."""

    keras1_class = "ConvLSTM2D"
    keras1_gates = 4
    keras1_own_kwargs = ("forget_bias_init",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "filters" not in kwargs:  # a Keras 3 config (from_config) has ``unroll``
            _reject(self.keras1_class, kwargs, _NOT_CONVLSTM_KWARGS)
        super().__init__(**self.keras1_recurrent_init(args, kwargs))

    def keras1_per_gate_weights(self) -> bool:
        return True

    def keras1_regularizes_u_with_w(self) -> bool:
        # Keras 1's ConvLSTM2D regularised the fused W and U as asked.
        return False

    def _keras1_plan_initial_values(self, keras3_kwargs: dict[str, Any]) -> None:
        plan = []
        for attr, key in (("kernel", "kernel_initializer"), ("recurrent_kernel", "recurrent_initializer")):
            if keras3_kwargs.get(key) is not None:
                plan.append((attr, keras3_kwargs[key]))
        self._keras1_init_plan = plan


export_as_keras3(ConvLSTM2D, "keras.layers.ConvLSTM2D")
