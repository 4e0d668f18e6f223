"""``keras.applications``: Keras 1 signatures over Keras 3's application models.

``VGG16/VGG19/ResNet50/InceptionV3/Xception(include_top=True, weights='imagenet',
input_tensor=None, input_shape=None, classes=1000)``.  The model is built in the
Keras 1 ``image_dim_ordering`` ('th' builds a channels-first network) and weights
come from Keras 3's download (same ImageNet-trained networks, Keras 3 files).
Keras 1's ResNet50 ended with ``AveragePooling2D((7, 7), name='avg_pool')`` even
without the top, giving (None, 1, 1, 2048); that layer is re-added.
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator

import keras

from legacy_keras import _config

__all__ = ["VGG16", "VGG19", "ResNet50", "InceptionV3", "Xception", "imagenet_utils"]


@contextlib.contextmanager
def keras1_data_format() -> Iterator[str]:
    """Temporarily make Keras 3's image_data_format follow the Keras 1 dim ordering."""
    previous = keras.config.image_data_format()
    fmt = "channels_first" if _config.image_dim_ordering() == "th" else "channels_last"
    keras.config.set_image_data_format(fmt)
    try:
        yield fmt
    finally:
        keras.config.set_image_data_format(previous)


def _build(name: str, include_top: bool, weights: str | None, input_tensor: Any,
           input_shape: Any, classes: int) -> Any:
    if weights not in ("imagenet", None):
        raise ValueError("The `weights` argument should be either `None` (random initialization) "
                         "or `imagenet` (pre-training on ImageNet).")
    with keras1_data_format():
        builder = getattr(keras.applications, name)
        return builder(include_top=include_top, weights=weights, input_tensor=input_tensor,
                       input_shape=input_shape, classes=classes)


def VGG16(include_top: bool = True, weights: str | None = "imagenet", input_tensor: Any = None,
          input_shape: Any = None, classes: int = 1000) -> Any:
    return _build("VGG16", include_top, weights, input_tensor, input_shape, classes)


def VGG19(include_top: bool = True, weights: str | None = "imagenet", input_tensor: Any = None,
          input_shape: Any = None, classes: int = 1000) -> Any:
    return _build("VGG19", include_top, weights, input_tensor, input_shape, classes)


def InceptionV3(include_top: bool = True, weights: str | None = "imagenet", input_tensor: Any = None,
                input_shape: Any = None, classes: int = 1000) -> Any:
    return _build("InceptionV3", include_top, weights, input_tensor, input_shape, classes)


def Xception(include_top: bool = True, weights: str | None = "imagenet", input_tensor: Any = None,
             input_shape: Any = None, classes: int = 1000) -> Any:
    if _config.image_dim_ordering() == "th":
        raise RuntimeError("The Xception model is only available with the TensorFlow dim ordering "
                           "('tf'), as in Keras 1: set image_dim_ordering to 'tf'.")
    return _build("Xception", include_top, weights, input_tensor, input_shape, classes)


def ResNet50(include_top: bool = True, weights: str | None = "imagenet", input_tensor: Any = None,
             input_shape: Any = None, classes: int = 1000) -> Any:
    model = _build("ResNet50", include_top, weights, input_tensor, input_shape, classes)
    if include_top:
        return model
    with keras1_data_format() as fmt:
        x = keras.layers.AveragePooling2D((7, 7), name="avg_pool", data_format=fmt)(model.output)
    return keras.Model(model.inputs, x, name="resnet50")


def __getattr__(name: str) -> Any:
    if name in ("imagenet_utils", "vgg16", "vgg19", "resnet50", "inception_v3", "xception"):
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(name)
