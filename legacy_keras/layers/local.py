"""Keras 1 `keras.layers.local` (being filled in)."""
__all__: list[str] = []
