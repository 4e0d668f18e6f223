"""Keras 1 ``keras.layers.pooling`` on Keras 3.

Each class is the Keras 3 pooling layer with the Keras 1 constructor and
serializes as that plain Keras 3 class.  Keras 1's 1D pooling took
``pool_length``/``stride`` and was always channels_last; the 2D/3D layers
take ``dim_ordering`` ('th'/'tf', default keras.json).  ``border_mode='same'``
follows TensorFlow (what Keras 1 computed on that backend); Theano aligned
'same' pooling windows differently, which only matters when converting
Theano-trained models (reference section 4.5; ``legacy_keras.saving.theano``
rebuilds those).
"""
from __future__ import annotations

from typing import Any

import keras

from legacy_keras.layers.convolutional import _as_tuple, _Keras1Spatial
from legacy_keras.layers._adapt import export_as_keras3
from legacy_keras.spec import layers as spec

__all__ = [
    "MaxPooling1D", "AveragePooling1D", "MaxPooling2D", "AveragePooling2D",
    "MaxPooling3D", "AveragePooling3D",
    "GlobalMaxPooling1D", "GlobalAveragePooling1D", "GlobalMaxPooling2D",
    "GlobalAveragePooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling3D",
]


class _Keras1Pooling(_Keras1Spatial):
    """Tuple-valued ``pool_size``/``strides`` (JSON lists become tuples)."""

    def keras1_adjust(self, keras3_kwargs: dict[str, Any]) -> dict[str, Any]:
        for key in ("pool_size", "strides"):
            if key in keras3_kwargs:
                keras3_kwargs[key] = _as_tuple(keras3_kwargs[key])
        if "pool_size" not in keras3_kwargs:
            keras3_kwargs["pool_size"] = spec.keras1_defaults(self.keras1_class).get(
                "pool_length", spec.keras1_defaults(self.keras1_class).get("pool_size"))
        return keras3_kwargs


class MaxPooling1D(_Keras1Pooling, keras.layers.MaxPooling1D):
    """Keras 1 ``MaxPooling1D(pool_length=2, stride=None, border_mode='valid')``."""

    keras1_class = "MaxPooling1D"
    keras1_channels_last = True


class AveragePooling1D(_Keras1Pooling, keras.layers.AveragePooling1D):
    """Keras 1 ``AveragePooling1D(pool_length=2, stride=None, border_mode='valid')``."""

    keras1_class = "AveragePooling1D"
    keras1_channels_last = True


class MaxPooling2D(_Keras1Pooling, keras.layers.MaxPooling2D):
    """Keras 1 ``MaxPooling2D(pool_size=(2, 2), strides=None, border_mode, dim_ordering)``."""

    keras1_class = "MaxPooling2D"


class AveragePooling2D(_Keras1Pooling, keras.layers.AveragePooling2D):
    """Keras 1 ``AveragePooling2D(pool_size=(2, 2), strides=None, border_mode, dim_ordering)``.

    'same' averages exclude the padded cells, in Keras 1 and Keras 3 alike.
    """

    keras1_class = "AveragePooling2D"


class MaxPooling3D(_Keras1Pooling, keras.layers.MaxPooling3D):
    """Keras 1 ``MaxPooling3D(pool_size=(2, 2, 2), strides=None, border_mode, dim_ordering)``."""

    keras1_class = "MaxPooling3D"


class AveragePooling3D(_Keras1Pooling, keras.layers.AveragePooling3D):
    """Keras 1 ``AveragePooling3D(pool_size=(2, 2, 2), strides=None, border_mode, dim_ordering)``."""

    keras1_class = "AveragePooling3D"


class GlobalMaxPooling1D(_Keras1Spatial, keras.layers.GlobalMaxPooling1D):
    """Keras 1 ``GlobalMaxPooling1D()``: max over time, channels_last."""

    keras1_class = "GlobalMaxPooling1D"
    keras1_channels_last = True


class GlobalAveragePooling1D(_Keras1Spatial, keras.layers.GlobalAveragePooling1D):
    """Keras 1 ``GlobalAveragePooling1D()``: mean over time, channels_last."""

    keras1_class = "GlobalAveragePooling1D"
    keras1_channels_last = True


class GlobalMaxPooling2D(_Keras1Spatial, keras.layers.GlobalMaxPooling2D):
    """Keras 1 ``GlobalMaxPooling2D(dim_ordering='default')``."""

    keras1_class = "GlobalMaxPooling2D"


class GlobalAveragePooling2D(_Keras1Spatial, keras.layers.GlobalAveragePooling2D):
    """Keras 1 ``GlobalAveragePooling2D(dim_ordering='default')``."""

    keras1_class = "GlobalAveragePooling2D"


class GlobalMaxPooling3D(_Keras1Spatial, keras.layers.GlobalMaxPooling3D):
    """Keras 1 ``GlobalMaxPooling3D(dim_ordering='default')``."""

    keras1_class = "GlobalMaxPooling3D"


class GlobalAveragePooling3D(_Keras1Spatial, keras.layers.GlobalAveragePooling3D):
    """Keras 1 ``GlobalAveragePooling3D(dim_ordering='default')``."""

    keras1_class = "GlobalAveragePooling3D"


for _cls in (MaxPooling1D, AveragePooling1D, MaxPooling2D, AveragePooling2D, MaxPooling3D,
             AveragePooling3D, GlobalMaxPooling1D, GlobalAveragePooling1D, GlobalMaxPooling2D,
             GlobalAveragePooling2D, GlobalMaxPooling3D, GlobalAveragePooling3D):
    export_as_keras3(_cls, f"keras.layers.{spec.KERAS3_CLASS[_cls.keras1_class]}")
del _cls
