"""Keras 1 `keras.layers.embeddings` (being filled in)."""
__all__: list[str] = []
