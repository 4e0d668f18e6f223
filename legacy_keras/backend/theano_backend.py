"""``keras.backend.theano_backend``: not available (Theano is gone).

Importing it fails with a message saying what to use instead.
"""
raise ImportError(
    "keras.backend.theano_backend is not available in legacy_keras: Theano is no longer supported. "
    "Use `from keras import backend as K` (TensorFlow-backed Keras 1 backend functions) instead; "
    "Theano-only functions such as pattern_broadcast have no equivalent.")
