"""``keras.utils.layer_utils``: summaries and Theano<->TensorFlow kernel conversion."""
from __future__ import annotations

from typing import Any

import numpy as np

from legacy_keras.utils.np_utils import convert_kernel

#: Keras 1 classes whose kernel convert_all_kernels_in_model flips (as in Keras 1).
CONV_CLASSES = frozenset({"Convolution1D", "Convolution2D", "Convolution3D",
                          "AtrousConvolution2D", "Deconvolution2D",
                          "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose"})


def _class_name(layer: Any) -> str:
    return getattr(layer, "keras1_class", None) or layer.__class__.__name__


def convert_all_kernels_in_model(model: Any) -> None:
    """Flip every convolution kernel of ``model`` (Theano-trained <-> TensorFlow weights).

    Keras 3 kernels are stored channels-last (rows, cols, in, out), i.e. the 'tf' layout.
    """
    for layer in model.layers:
        if _class_name(layer) in CONV_CLASSES and getattr(layer, "kernel", None) is not None:
            kernel = np.asarray(layer.kernel.numpy())
            layer.kernel.assign(convert_kernel(kernel, "tf") if kernel.ndim >= 4 else kernel[::-1])


def print_summary(layers: Any, relevant_nodes=None, line_length: int = 100,
                  positions=None) -> None:
    """Print a model summary. Accepts a model (delegates to ``model.summary``) or its layers."""
    if hasattr(layers, "summary"):
        layers.summary(line_length=line_length)
        return
    total = 0
    print("_" * line_length)
    for layer in layers:
        n = layer.count_params()
        total += n
        print(f"{layer.name} ({layer.__class__.__name__})".ljust(60) + str(n))
    print("=" * line_length)
    print(f"Total params: {total}")


def count_total_params(layers, layer_set=None) -> tuple[int, int]:
    trainable = sum(int(np.prod(w.shape)) for layer in layers for w in layer.trainable_weights)
    non_trainable = sum(int(np.prod(w.shape)) for layer in layers for w in layer.non_trainable_weights)
    return trainable, non_trainable


def layer_from_config(config: dict, custom_objects: dict | None = None):
    """Build a layer from a Keras 1 ``{'class_name', 'config'}`` dict."""
    from legacy_keras.utils.generic_utils import get_from_module
    import legacy_keras.layers as layers_module
    params = dict(vars(layers_module))
    params.update(custom_objects or {})
    cls = get_from_module(config["class_name"], params, "layer")
    return cls.from_config(config["config"])
