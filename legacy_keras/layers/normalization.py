"""Keras 1 ``keras.layers.normalization``: ``BatchNormalization`` with its three modes.

* ``mode=0`` (feature-wise, running statistics at inference) is Keras 3's
  ``BatchNormalization`` with Keras 1's ``epsilon``/``momentum``/``axis``.
  Keras 1 ``running_std`` holds the variance, so ``weights=[gamma, beta,
  running_mean, running_std]`` load as-is.  Keras 1 ignored masks when
  computing batch statistics; so does this layer (Keras 3 would mask them).
  Training moves the running variance towards the batch variance, as Keras 1
  on TensorFlow did (on Theano >= 0.9 Keras 1 averaged variance + epsilon).
* ``mode=2`` (feature-wise, batch statistics at training *and* inference) and
  ``mode=1`` (sample-wise over the last axis:
  ``(x - mean) / (sqrt(var + eps) + eps) * gamma + beta``) have no Keras 3
  layer and are reimplemented in :class:`BatchNormalizationMode`
  (registered ``legacy_keras>BatchNormalizationMode``); they keep the four
  Keras 1 variables, and the running statistics are never updated (Keras 1
  did not update them in these modes either).
"""
from __future__ import annotations

from typing import Any

import keras
from keras import ops

from legacy_keras.layers._adapt import Keras1Layer, bind_keras1_arguments, export_as_keras3, register_legacy

__all__ = ["BatchNormalization"]

#: Keras 1 ``mode`` values and what they mean.
BATCH_NORMALIZATION_MODES = {
    0: "feature-wise, running statistics at inference",
    1: "sample-wise over the last axis",
    2: "feature-wise, batch statistics at training and inference",
}


class BatchNormalization(Keras1Layer, keras.layers.BatchNormalization):
    """Keras 1 ``BatchNormalization(epsilon=1e-3, mode=0, axis=-1, momentum=0.99, weights=None,
    beta_init='zero', gamma_init='one', gamma_regularizer=None, beta_regularizer=None)``."""

    keras1_class = "BatchNormalization"
    keras1_own_kwargs = ("mode",)

    def __new__(cls, *args: Any, **kwargs: Any):
        if cls is BatchNormalization:
            mode = bind_keras1_arguments("BatchNormalization", args, kwargs).get("mode", 0)
            if mode not in BATCH_NORMALIZATION_MODES:
                raise ValueError(f"BatchNormalization: mode={mode!r} is not a Keras 1 mode "
                                 f"(expected one of {sorted(BATCH_NORMALIZATION_MODES)})")
            if mode != 0:
                cls = BatchNormalizationMode
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_init(args, kwargs))
        self.mode = int(self.keras1_own.get("mode", 0))

    def call(self, inputs, training=None, mask=None):
        # Keras 1 statistics ignore the mask (Keras 3 would compute masked moments).
        return super().call(inputs, training=training)


export_as_keras3(BatchNormalization, "keras.layers.BatchNormalization")


@register_legacy
class BatchNormalizationMode(BatchNormalization):
    """Keras 1 ``BatchNormalization`` with ``mode=1`` or ``mode=2`` (reimplemented)."""

    def call(self, inputs, training=None, mask=None):
        dtype = inputs.dtype
        x = ops.cast(inputs, "float32")
        if self.mode == 1:
            mean = ops.mean(x, axis=-1, keepdims=True)
            std = ops.sqrt(ops.var(x, axis=-1, keepdims=True) + self.epsilon)
            normed = (x - mean) / (std + self.epsilon)
            return ops.cast(self.gamma * normed + self.beta, dtype)
        ndim = len(x.shape)
        axis = self.axis % ndim
        reduction = [i for i in range(ndim) if i != axis]
        mean, var = ops.moments(x, axes=reduction, keepdims=True)
        broadcast = [1] * ndim
        broadcast[axis] = x.shape[axis]
        gamma = ops.reshape(self.gamma, broadcast)
        beta = ops.reshape(self.beta, broadcast)
        normed = (x - mean) / ops.sqrt(var + self.epsilon)
        return ops.cast(normed * gamma + beta, dtype)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["mode"] = self.mode
        return config
