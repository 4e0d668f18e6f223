"""Keras 1 ``keras.layers.embeddings``: ``Embedding`` on Keras 3.

Keras 1's ``dropout`` argument (removed in Keras 2) dropped whole *vocabulary
rows* of the embedding matrix at training time -- one mask for the whole batch
and every position, kept rows scaled by 1/(1-p) -- which no Keras 3 layer does
(``SpatialDropout1D`` drops channels per sample).  An ``Embedding`` built with
``dropout > 0`` is therefore an :class:`EmbeddingWithRowDropout` (registered
``legacy_keras>EmbeddingWithRowDropout``); without dropout it is a plain
Keras 3 ``Embedding`` in saved files.
"""
from __future__ import annotations

from typing import Any

import keras
from keras import ops

from legacy_keras.layers._adapt import Keras1Layer, bind_keras1_arguments, export_as_keras3, register_legacy

__all__ = ["Embedding"]


class Embedding(Keras1Layer, keras.layers.Embedding):
    """Keras 1 ``Embedding(input_dim, output_dim, init='uniform', input_length=None,
    W_regularizer=None, activity_regularizer=None, W_constraint=None, mask_zero=False,
    weights=None, dropout=0.)``."""

    keras1_class = "Embedding"
    keras1_own_kwargs = ("dropout",)

    def __new__(cls, *args: Any, **kwargs: Any):
        if cls is Embedding:
            dropout = bind_keras1_arguments("Embedding", args, kwargs).get("dropout") or 0.0
            if dropout:
                cls = EmbeddingWithRowDropout
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keras3_kwargs = self.keras1_init(args, kwargs)
        super().__init__(**keras3_kwargs)
        self.dropout = float(self.keras1_own.get("dropout") or 0.0)
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"Embedding: dropout must be in [0, 1), got {self.dropout}")
        # Keras 1 fed embeddings int32 whatever input_dtype said.
        self.keras1_input_dtype = "int32"


export_as_keras3(Embedding, "keras.layers.Embedding")


@register_legacy
class EmbeddingWithRowDropout(Embedding):
    """``Embedding`` with Keras 1's vocabulary-row ``dropout`` (reimplemented).

    At training time each row of the embedding matrix is kept with
    probability 1-p (the same draw for the whole batch) and scaled by
    1/(1-p); at inference it is the plain lookup.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seed_generator = keras.random.SeedGenerator()

    def call(self, inputs, training=None):
        if not training or self.dropout <= 0.0:
            return super().call(inputs)
        retain = 1.0 - self.dropout
        keep = keras.random.uniform((self.input_dim, 1), seed=self.seed_generator) < retain
        rows = ops.cast(keep, self.embeddings.dtype) / retain
        if inputs.dtype not in ("int32", "int64"):
            inputs = ops.cast(inputs, "int32")
        outputs = ops.take(self.embeddings * rows, inputs, axis=0)
        return ops.cast(outputs, self.compute_dtype)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["dropout"] = self.dropout
        return config
