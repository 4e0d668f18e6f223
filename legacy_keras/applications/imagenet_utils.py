"""``keras.applications.imagenet_utils``: ``preprocess_input(x, dim_ordering)``, ``decode_predictions``."""
from __future__ import annotations



import numpy as np
import keras

from legacy_keras import _config


def preprocess_input(x: np.ndarray, dim_ordering: str = "default") -> np.ndarray:
    """'caffe' preprocessing: RGB->BGR, subtract the ImageNet mean pixel (Keras 1 = Keras 3 'caffe')."""
    if dim_ordering == "default":
        dim_ordering = _config.image_dim_ordering()
    if dim_ordering not in ("tf", "th"):
        raise ValueError(f"Unknown dim_ordering {dim_ordering!r}")
    fmt = "channels_first" if dim_ordering == "th" else "channels_last"
    return keras.applications.imagenet_utils.preprocess_input(x, data_format=fmt, mode="caffe")


def decode_predictions(preds: np.ndarray, top: int = 5) -> list:
    """Top ``top`` (wnid, description, score) tuples per sample (Keras 3 class index download)."""
    return keras.applications.imagenet_utils.decode_predictions(preds, top=top)
