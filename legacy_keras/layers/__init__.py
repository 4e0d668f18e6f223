"""``keras.layers`` of Keras 1.2.2: every layer at its Keras 1 module path.

Each class is a real Keras 3 layer (``isinstance(layer, keras.layers.Layer)``)
with the Keras 1 constructor; see ``legacy_keras.layers._adapt``.
"""
from legacy_keras.layers.core import *  # noqa: F401,F403
from legacy_keras.layers.merge import *  # noqa: F401,F403
from legacy_keras.layers.convolutional import *  # noqa: F401,F403
from legacy_keras.layers.pooling import *  # noqa: F401,F403
from legacy_keras.layers.local import *  # noqa: F401,F403
from legacy_keras.layers.recurrent import *  # noqa: F401,F403
from legacy_keras.layers.convolutional_recurrent import *  # noqa: F401,F403
from legacy_keras.layers.embeddings import *  # noqa: F401,F403
from legacy_keras.layers.normalization import *  # noqa: F401,F403
from legacy_keras.layers.advanced_activations import *  # noqa: F401,F403
from legacy_keras.layers.noise import *  # noqa: F401,F403
from legacy_keras.layers.wrappers import *  # noqa: F401,F403
from legacy_keras.engine.topology import Input, InputLayer, InputSpec, Layer  # noqa: F401


def _keras1_module_names() -> None:
    """Names Keras 1.2.2's layer modules had at module level, for code that imported them
    from there (``from keras.layers.core import Layer``, ``...convolutional import
    conv_output_length``): each module re-exported ``Layer``/``InputSpec`` from the engine,
    the backend as ``K`` and the helper modules it used."""
    import importlib

    from legacy_keras import activations, backend, constraints, initializations, regularizers
    from legacy_keras.utils import np_utils
    shared = {"Layer": Layer, "InputSpec": InputSpec, "K": backend, "activations": activations,
              "initializations": initializations, "regularizers": regularizers,
              "constraints": constraints, "conv_output_length": np_utils.conv_output_length,
              "conv_input_length": np_utils.conv_input_length}
    modules = {  # from Keras 1.2.2's own modules (vars() of each, run in the oracle)
        "core": ("InputSpec", "K", "Layer", "activations", "constraints", "initializations",
                 "regularizers"),
        "convolutional": ("InputSpec", "K", "Layer", "activations", "constraints", "initializations",
                          "regularizers", "conv_input_length", "conv_output_length"),
        "recurrent": ("InputSpec", "K", "Layer", "activations", "initializations", "regularizers"),
        "embeddings": ("K", "Layer", "constraints", "initializations", "regularizers"),
        "normalization": ("InputSpec", "K", "Layer", "initializations", "regularizers"),
        "advanced_activations": ("K", "Layer", "initializations"),
        "noise": ("K", "Layer"),
        "pooling": ("InputSpec", "K", "Layer", "conv_output_length"),
        "local": ("InputSpec", "K", "Layer", "activations", "constraints", "conv_output_length",
                  "initializations", "regularizers"),
        "wrappers": ("InputSpec", "K", "Layer"),
        "convolutional_recurrent": ("InputSpec", "K", "Layer", "activations", "conv_output_length",
                                    "initializations", "regularizers"),
    }
    for name, names in modules.items():
        module = importlib.import_module(f"{__name__}.{name}")
        for attr in names:
            if not hasattr(module, attr):
                setattr(module, attr, shared[attr])


_keras1_module_names()
del _keras1_module_names
