"""``keras.applications.resnet50``: Keras 1 module path of ``ResNet50``."""
from legacy_keras.applications import ResNet50  # noqa: F401
from legacy_keras.applications.imagenet_utils import decode_predictions  # noqa: F401
from legacy_keras.applications.imagenet_utils import preprocess_input  # noqa: F401
