"""Keras 1 global settings: ``~/.keras/keras.json`` and ``KERAS_BACKEND``.

Keras 1 kept ``image_dim_ordering`` ('th' or 'tf'), ``epsilon``, ``floatx`` and
``backend`` in ``$KERAS_HOME/keras.json`` (default ``~/.keras``).  Keras 3 keeps
its own (``image_data_format``) in the same file; we read the Keras 1 keys and
never write the file.  Only TensorFlow is real now: asking for Theano prints
one warning and carries on with TensorFlow.
"""
from __future__ import annotations

import json
import os
import sys

from legacy_keras.spec.layers import DATA_FORMAT_TO_DIM_ORDERING, DIM_ORDERING_TO_DATA_FORMAT

_DEFAULT_DIM_ORDERING = "tf"  # Keras >= 1.1.0 default when keras.json lacks it
_state: dict[str, object] = {}


def _keras_json() -> dict:
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    path = os.path.join(home, "keras.json")
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _load() -> None:
    if _state:
        return
    data = _keras_json()
    ordering = data.get("image_dim_ordering")
    if ordering not in DIM_ORDERING_TO_DATA_FORMAT:
        ordering = DATA_FORMAT_TO_DIM_ORDERING.get(data.get("image_data_format"), _DEFAULT_DIM_ORDERING)
    _state["image_dim_ordering"] = ordering
    _state["epsilon"] = float(data.get("epsilon", 1e-7))
    _state["floatx"] = str(data.get("floatx", "float32"))
    backend = os.environ.get("KERAS_BACKEND") or data.get("backend") or "tensorflow"
    if backend != "tensorflow":
        print(f"legacy_keras: Keras 1 backend {backend!r} was requested (KERAS_BACKEND or "
              "keras.json); only TensorFlow is available today, using TensorFlow.",
              file=sys.stderr)
    _state["backend"] = "tensorflow"


def image_dim_ordering() -> str:
    """The Keras 1 default ``dim_ordering``: 'th' or 'tf' (keras.json, else 'tf')."""
    _load()
    return str(_state["image_dim_ordering"])


def set_image_dim_ordering(ordering: str) -> None:
    """Set the Keras 1 default ``dim_ordering`` for layers created afterwards."""
    if ordering not in DIM_ORDERING_TO_DATA_FORMAT:
        raise ValueError(f"Unknown dim_ordering: {ordering!r} (expected 'th' or 'tf')")
    _load()
    _state["image_dim_ordering"] = ordering


def setting(name: str):
    """Any loaded Keras 1 setting: 'epsilon', 'floatx', 'backend'."""
    _load()
    return _state[name]


def keep_keras3_importable() -> None:
    """Make Keras 3 importable under a Keras 1 ``keras.json``.

    Keras 1's ``keras.json`` usually says ``"backend": "theano"`` (its default), and Keras 3
    reads the same file: it would refuse to import at all ("Unable to import backend :
    theano").  ``legacy-run`` therefore sets ``KERAS_BACKEND=tensorflow`` for the process
    (after the one warning of :func:`_load`) before TensorFlow or Keras 3 are imported.
    """
    _load()
    requested = os.environ.get("KERAS_BACKEND") or _keras_json().get("backend")
    if requested and requested != "tensorflow":
        os.environ["KERAS_BACKEND"] = "tensorflow"


def sync_keras3_data_format() -> None:
    """Give Keras 3 the ``image_data_format`` matching the Keras 1 ``image_dim_ordering``.

    A Keras 1 ``keras.json`` has no ``image_data_format`` key, so Keras 3 alone would say
    ``channels_last`` while the Keras 1 layers follow ``image_dim_ordering: "th"``; pieces
    that delegate to Keras 3 (applications, preprocessing, dataset layouts) must agree.
    """
    import keras
    keras.config.set_image_data_format(
        "channels_first" if image_dim_ordering() == "th" else "channels_last")
