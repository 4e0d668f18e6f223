"""Keras 1 `keras.layers.convolutional` (being filled in)."""
__all__: list[str] = []
