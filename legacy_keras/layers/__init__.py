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
