"""Pure-data rules shared by the converter and ``legacy-convert --info`` (no TensorFlow).

Keras 1 files never record the backend that trained them; :func:`decide_backend`
is the one documented rule: ``dim_ordering='th'`` anywhere in the config =>
Theano, otherwise TensorFlow, unless the caller says otherwise.
"""
from __future__ import annotations

from typing import Any

from legacy_keras.saving.hdf5 import Keras1FileError

SOURCE_BACKENDS = ("theano", "tensorflow")

# The layer families (FLIPPED_KERNELS, THEANO_PADDING, BACKEND_SENSITIVE) are Keras 1
# knowledge: they live in the spec.
from legacy_keras.spec.layers import BACKEND_SENSITIVE, FLIPPED_KERNELS, THEANO_PADDING  # noqa: E402,F401


def iter_layer_configs(config: Any):
    """Yield ``(class_name, config)`` of every layer, containers and wrappers included."""
    if isinstance(config, dict) and "class_name" in config:
        class_name, body = config["class_name"], config.get("config")
        yield class_name, body
        if isinstance(body, list):
            for item in body:
                yield from iter_layer_configs(item)
        elif isinstance(body, dict):
            for item in body.get("layers", []) or []:
                yield from iter_layer_configs(item)
            if isinstance(body.get("layer"), dict):
                yield from iter_layer_configs(body["layer"])



def _layer_configs(config: dict | None):
    if config is None:
        return []
    return list(iter_layer_configs(config))


def decide_backend(config: dict | None, source_backend: str | None = None) -> tuple[bool, str, bool]:
    """``(theano, reason, matters)`` for a Keras 1 model config.

    ``matters`` is False when no layer's numbers depend on the backend, in
    which case nothing needs to be announced.
    """
    layers = _layer_configs(config)
    matters = any(name in BACKEND_SENSITIVE for name, _ in layers)
    if source_backend is not None:
        if source_backend not in SOURCE_BACKENDS:
            raise Keras1FileError(f"source_backend must be 'theano' or 'tensorflow', got {source_backend!r}")
        return source_backend == "theano", f"source backend {source_backend} (given)", matters
    th = [cfg.get("name", name) for name, cfg in layers
          if isinstance(cfg, dict) and cfg.get("dim_ordering") == "th"]
    if th:
        return True, (f"assuming the Keras 1 model was trained with Theano (layer {th[0]!r} uses "
                      "dim_ordering='th'); pass source_backend='tensorflow' / --source-backend "
                      "tensorflow if it was not"), matters
    return False, ("assuming the Keras 1 model was trained with TensorFlow (no dim_ordering='th' "
                   "layer); pass source_backend='theano' / --source-backend theano if it was "
                   "trained on Theano (conv kernels would need flipping)"), matters


