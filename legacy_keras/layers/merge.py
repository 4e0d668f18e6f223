"""Keras 1 `keras.layers.merge` (being filled in)."""
__all__: list[str] = []
