"""Keras 1 `keras.layers.wrappers` (being filled in)."""
__all__: list[str] = []
