"""legacy_keras: the Keras 1.2.2 public API on top of Keras 3 (tf.keras).

Under ``legacy-run``, user code that says ``import keras`` gets this package,
so Keras 1 scripts run unchanged.  Submodules load lazily: importing
``legacy_keras`` (or its pure-data ``legacy_keras.spec``) does not import
TensorFlow, which keeps the ``legacy-migrate`` codemod fast.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "1.2.2"  # the Keras API version this package speaks
package_version = "0.1.0"

_SUBMODULES = (
    "activations", "applications", "backend", "callbacks", "constraints", "datasets",
    "engine", "initializations", "layers", "metrics", "models", "objectives",
    "optimizers", "preprocessing", "regularizers", "utils", "wrappers", "losses",
    "initializers", "saving",
)


def __getattr__(name: str) -> Any:
    """Import Keras 1 submodules on first access (``keras.layers.Dense``)."""
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'keras' (legacy_keras) has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_SUBMODULES))


# Keras 1.2.2's incidental re-exports (`from keras.layers import activations`), see _reexports.
from legacy_keras import _reexports  # noqa: E402
_reexports.install(__import__(__name__))


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext legacy_keras``: ``import keras`` in later cells means legacy_keras."""
    from legacy_keras.ipython import load_ipython_extension as load
    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    from legacy_keras.ipython import unload_ipython_extension as unload
    unload(ipython)
