"""Keras 1 `keras.layers.pooling` (being filled in)."""
__all__: list[str] = []
