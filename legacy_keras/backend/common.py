"""Keras 1 settings (keras.json: epsilon, floatx, dim ordering) and uids.

Keras 1 kept these in ``keras/backend/common.py``; so does this shim.  The values
themselves live in :mod:`legacy_keras._config`.
"""
from __future__ import annotations

import keras

from legacy_keras import _config
from legacy_keras.backend._symbolic import is_keras_tensor  # noqa: F401 - Keras 1 exported it here

_BACKEND = "tensorflow"
KerasTensor = keras.KerasTensor


def backend() -> str:
    """Name of the running backend: always 'tensorflow' (Theano is gone)."""
    return _BACKEND


# ---------------------------------------------------------------------------
# Settings (keras.json) -- delegated to legacy_keras._config
# ---------------------------------------------------------------------------
def epsilon() -> float:
    """Fuzz factor used by Keras 1 losses and metrics (1e-7 unless keras.json says otherwise)."""
    return float(_config.setting("epsilon"))


def set_epsilon(value: float) -> None:
    _config._load()
    _config._state["epsilon"] = float(value)
    keras.config.set_epsilon(float(value))


def floatx() -> str:
    return str(_config.setting("floatx"))


def set_floatx(value: str) -> None:
    if value not in ("float16", "float32", "float64"):
        raise ValueError(f"Unknown floatx type: {value!r}")
    _config._load()
    _config._state["floatx"] = value
    keras.config.set_floatx(value)


def image_dim_ordering() -> str:
    """Keras 1 default dim ordering: 'th' (channels first) or 'tf' (channels last)."""
    return _config.image_dim_ordering()


def set_image_dim_ordering(dim_ordering: str) -> None:
    """Set the Keras 1 dim ordering; Keras 3's ``image_data_format`` follows it so that
    delegated pieces (applications, preprocessing) agree."""
    _config.set_image_dim_ordering(dim_ordering)
    keras.config.set_image_data_format("channels_first" if dim_ordering == "th" else "channels_last")


_UIDS: dict[str, int] = {}


def get_uid(prefix: str = "") -> int:
    _UIDS[prefix] = _UIDS.get(prefix, 0) + 1
    return _UIDS[prefix]


def reset_uids() -> None:
    _UIDS.clear()


def legacy_weight_ordering() -> bool:
    return False


def set_legacy_weight_ordering(value: bool) -> None:
    if value:
        raise NotImplementedError("legacy_weight_ordering (Keras 0.x weight order) is not supported.")
