"""``keras.datasets.cifar10``: Keras 3 download, Keras 1 dim ordering ('th' -> (N, 3, 32, 32))."""
from __future__ import annotations

from legacy_keras.datasets._cifar import keras1_layout


def load_data():
    import keras
    return keras1_layout(keras.datasets.cifar10.load_data)
