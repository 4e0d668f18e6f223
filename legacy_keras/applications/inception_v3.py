"""``keras.applications.inception_v3``: Keras 1 module path of ``InceptionV3``."""
from legacy_keras.applications import InceptionV3  # noqa: F401
from legacy_keras.applications.imagenet_utils import decode_predictions  # noqa: F401

def preprocess_input(x):
    """Scale pixels to [-1, 1] (Keras 1 InceptionV3 preprocessing)."""
    x = x / 255.0
    x -= 0.5
    x *= 2.0
    return x
