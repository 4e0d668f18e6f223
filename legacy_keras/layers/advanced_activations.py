"""Keras 1 `keras.layers.advanced_activations` (being filled in)."""
__all__: list[str] = []
