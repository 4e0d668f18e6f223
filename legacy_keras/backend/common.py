"""``keras.backend.common``: settings helpers, as in Keras 1."""
from legacy_keras.backend import (  # noqa: F401
    cast_to_floatx, epsilon, floatx, get_uid, image_dim_ordering, is_keras_tensor,
    legacy_weight_ordering, reset_uids, set_epsilon, set_floatx, set_image_dim_ordering,
    set_legacy_weight_ordering)
