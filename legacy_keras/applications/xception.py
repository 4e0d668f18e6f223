"""``keras.applications.xception``: Keras 1 module path of ``Xception``."""
from legacy_keras.applications import Xception  # noqa: F401
from legacy_keras.applications.imagenet_utils import decode_predictions  # noqa: F401

def preprocess_input(x):
    """Scale pixels to [-1, 1] (Keras 1 Xception preprocessing)."""
    x = x / 255.0
    x -= 0.5
    x *= 2.0
    return x
