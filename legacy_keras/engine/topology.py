"""Keras 1 ``keras.engine.topology`` (being filled in)."""
import keras

Input = keras.Input
InputLayer = keras.layers.InputLayer
InputSpec = keras.layers.InputSpec
Layer = keras.layers.Layer
