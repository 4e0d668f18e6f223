"""Keras 1 `keras.layers.recurrent` (being filled in)."""
__all__: list[str] = []
