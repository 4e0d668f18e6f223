"""The Keras 1 learning phase, session-level calls (clear_session, get_session)."""
from __future__ import annotations

from typing import Any

import tensorflow as tf
import keras
from legacy_keras._keras3 import global_state as _global_state  # global attributes

from legacy_keras.backend.common import reset_uids


def clear_session() -> None:
    """Reset Keras 3 state (names, graph); also resets the Keras 1 learning phase."""
    keras.backend.clear_session()
    reset_uids()
    _global_state.set_global_attribute("legacy_keras_learning_phase", None)


def manual_variable_initialization(value: bool) -> None:
    """No-op: TensorFlow 2 variables are initialised when created."""


# ---------------------------------------------------------------------------
# Learning phase
# ---------------------------------------------------------------------------
class _LearningPhase:
    """The Keras 1 learning-phase placeholder.

    Put it in a :func:`function`'s input list and feed 0 (test) or 1 (train); it
    selects ``training=False/True`` for the layers the function runs.
    """

    _instance: "_LearningPhase | None" = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<keras_learning_phase placeholder>"


def learning_phase() -> Any:
    """The learning-phase placeholder, or the fixed 0/1 set by :func:`set_learning_phase`."""
    fixed = _global_state.get_global_attribute("legacy_keras_learning_phase")
    return _LearningPhase() if fixed is None else fixed


def set_learning_phase(value: int) -> None:
    if value not in (0, 1):
        raise ValueError("Expected learning phase to be 0 or 1.")
    _global_state.set_global_attribute("legacy_keras_learning_phase", int(value))


def _current_training() -> bool | None:
    fixed = _global_state.get_global_attribute("legacy_keras_learning_phase")
    if fixed is not None:
        return bool(fixed)
    ctx = _global_state.get_global_attribute("current_call_ctx")
    training = getattr(ctx, "training", None) if ctx is not None else None
    if training is None:
        return None
    if isinstance(training, bool):
        return training
    return training  # a tensor: handled by switch


def in_train_phase(x: Any, alt: Any, training: Any = None) -> Any:
    """``x`` in the training phase, ``alt`` otherwise (Keras 1: switch on learning_phase()).

    Outside a training call (``predict``, ``evaluate``) Keras 3 passes no training
    flag; that is the test phase, as in Keras 1.
    """
    if training is None:
        training = _current_training()
    if not tf.is_tensor(training):  # None (test phase), a Python bool, 0/1
        chosen = x if training else alt
        return chosen() if callable(chosen) else chosen
    x = x() if callable(x) else x
    alt = alt() if callable(alt) else alt
    from legacy_keras.backend.table import shim_function
    return shim_function("switch")(keras.ops.cast(training, "bool"), x, alt)


def in_test_phase(x: Any, alt: Any, training: Any = None) -> Any:
    return in_train_phase(alt, x, training=training)

def get_session():
    """Keras 1 returned the TF1 session; TensorFlow 2 runs eagerly (a compat.v1 session is returned)."""
    return tf.compat.v1.keras.backend.get_session() if hasattr(tf.compat.v1, "keras") else None


def set_session(session) -> None:
    """Accepted and ignored: TensorFlow 2 has no global session to install."""

