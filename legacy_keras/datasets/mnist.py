"""``keras.datasets.mnist`` (Keras 1: ``load_data(path='mnist.pkl.gz')``), via Keras 3's download."""
from __future__ import annotations


from legacy_keras.datasets import _check_path


def load_data(path: str = "mnist.pkl.gz"):
    """(x_train (60000, 28, 28) uint8, y_train uint8), (x_test, y_test)."""
    import keras
    _check_path(path, "mnist.pkl.gz", "mnist")
    return keras.datasets.mnist.load_data()
