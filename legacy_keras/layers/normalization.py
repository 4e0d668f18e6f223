"""Keras 1 `keras.layers.normalization` (being filled in)."""
__all__: list[str] = []
