"""``keras.backend.tensorflow_backend``: the same functions as ``keras.backend``.

Keras 1 scripts sometimes import this module directly (``from
keras.backend.tensorflow_backend import set_session``).
"""
from __future__ import annotations

import tensorflow as tf

from legacy_keras.backend import *  # noqa: F401,F403
from legacy_keras.backend import __dict__ as _backend_namespace

globals().update({k: v for k, v in _backend_namespace.items() if not k.startswith("__")})


def get_session():
    """Keras 1 returned the TF1 session; TensorFlow 2 runs eagerly and has none."""
    return tf.compat.v1.keras.backend.get_session() if hasattr(tf.compat.v1, "keras") else None


def set_session(session) -> None:
    """Accepted and ignored: TensorFlow 2 has no global session to install."""
