"""Shared CIFAR handling: Keras 3 loads, Keras 1 ``image_dim_ordering`` decides the layout."""
from __future__ import annotations

from typing import Callable

import numpy as np
import keras


def keras1_layout(loader: Callable) -> tuple:
    """Call a Keras 3 CIFAR loader and return images 'th' (N,3,32,32) or 'tf' (N,32,32,3)."""
    from legacy_keras import _config
    (x_train, y_train), (x_test, y_test) = loader()
    keras3_last = keras.config.image_data_format() == "channels_last"
    keras1_last = _config.image_dim_ordering() == "tf"
    if keras3_last and not keras1_last:
        x_train, x_test = x_train.transpose(0, 3, 1, 2), x_test.transpose(0, 3, 1, 2)
    elif keras1_last and not keras3_last:
        x_train, x_test = x_train.transpose(0, 2, 3, 1), x_test.transpose(0, 2, 3, 1)
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    return (x_train, y_train), (x_test, y_test)
