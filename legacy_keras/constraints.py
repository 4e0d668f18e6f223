"""Placeholder: Keras 1 constraints (replaced by the engine work)."""
import keras


def get(identifier):
    return keras.constraints.get(identifier)
