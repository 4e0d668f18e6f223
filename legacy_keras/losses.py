"""``keras.losses``: the Keras 2 name of Keras 1's ``keras.objectives``.

Keras 1.2.2 code imports ``keras.objectives``; code written against later
Keras 1/2 habits imports ``keras.losses``.  Both give the same Keras 1
functions (see :mod:`legacy_keras.objectives`).
"""
from legacy_keras.objectives import *  # noqa: F401,F403
from legacy_keras.objectives import OBJECTIVES, __all__, get, l2_normalize  # noqa: F401
