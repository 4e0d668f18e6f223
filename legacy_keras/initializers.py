"""``keras.initializers``: the Keras 2 name of Keras 1's ``keras.initializations``.

Same Keras 1 names, formulas and function API (see
:mod:`legacy_keras.initializations`).
"""
from legacy_keras.initializations import *  # noqa: F401,F403
from legacy_keras.initializations import __all__, get, keras3_initializer  # noqa: F401
