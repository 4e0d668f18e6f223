"""``keras.applications.vgg19``: Keras 1 module path of ``VGG19``."""
from legacy_keras.applications import VGG19  # noqa: F401
from legacy_keras.applications.imagenet_utils import decode_predictions  # noqa: F401
from legacy_keras.applications.imagenet_utils import preprocess_input  # noqa: F401
