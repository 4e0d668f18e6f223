"""``keras.utils``: Keras 1 utility modules (np_utils, generic_utils, data_utils, ...)."""
from legacy_keras.utils import data_utils, generic_utils, io_utils, layer_utils, np_utils  # noqa: F401
from legacy_keras.utils.generic_utils import (  # noqa: F401
    CustomObjectScope, Progbar, custom_object_scope, get_custom_objects, get_from_module)
from legacy_keras.utils.np_utils import to_categorical  # noqa: F401
