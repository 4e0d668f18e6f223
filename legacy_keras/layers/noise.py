"""Keras 1 `keras.layers.noise` (being filled in)."""
__all__: list[str] = []
