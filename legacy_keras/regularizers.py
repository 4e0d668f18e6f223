"""Placeholder: Keras 1 regularizers (replaced by the engine work)."""
import keras


def get(identifier):
    return keras.regularizers.get(identifier)
