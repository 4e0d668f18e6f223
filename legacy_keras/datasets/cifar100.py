"""``keras.datasets.cifar100``: Keras 3 download, Keras 1 dim ordering."""
from __future__ import annotations

import functools

from legacy_keras.datasets._cifar import keras1_layout


def load_data(label_mode: str = "fine"):
    import keras
    if label_mode not in ("fine", "coarse"):
        raise ValueError('label_mode must be one of "fine" "coarse".')
    return keras1_layout(functools.partial(keras.datasets.cifar100.load_data, label_mode=label_mode))
