"""Keras 1 ``keras.engine.topology`` (being filled in by the engine work)."""
import keras

Input = keras.Input
InputLayer = keras.layers.InputLayer
InputSpec = keras.layers.InputSpec
Layer = keras.layers.Layer


class Keras1LayerAPI:
    """Keras 1 layer methods every legacy layer has (get_output_at, W, b ...)."""
