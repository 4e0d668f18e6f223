"""Keras 1 `keras.layers.core` (being filled in)."""
__all__: list[str] = []
