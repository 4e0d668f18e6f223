"""Keras 1 `keras.layers.convolutional_recurrent` (being filled in)."""
__all__: list[str] = []
