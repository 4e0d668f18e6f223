"""Keras 1 HDF5 models and weights -> Keras 3, with the same predictions.

One conversion core serves the runtime (``legacy_keras.models.load_model``,
``model.load_weights``) and the ``legacy-convert`` CLI:

* :mod:`.hdf5` reads Keras 1.0-1.2.2 files (h5py only, one dataset at a time);
* :mod:`.config` rebuilds the architecture from ``legacy_keras.layers``;
* :mod:`.theano` reproduces Theano's padding for Theano-trained models;
* :mod:`.loader` matches weight groups by Keras 1 name and converts arrays with
  the per-layer rules of :mod:`legacy_keras.weights`;
* :mod:`.writer` streams a conversion into ``.keras`` / ``.weights.h5`` files;
* :mod:`.rules` holds the backend rule (pure data, used by ``--info``);
* :mod:`.objects` registers everything a converted non-plain model needs.

Keras 1 files do not record their backend.  Rule used when the caller does
not say (``source_backend=`` / ``--source-backend``): **a model with
``dim_ordering='th'`` anywhere was trained on Theano, otherwise on
TensorFlow** (Keras 1.0.x defaulted to Theano+th, 1.1+ to TensorFlow+tf).
The assumption is announced once, and only for models whose numbers depend
on it (convolutions, 'same' pooling, ConvLSTM2D).  This module and
``hdf5`` import no TensorFlow until a model is built.
"""
from __future__ import annotations

import os
import warnings
import weakref
from typing import Any

from legacy_keras.saving.hdf5 import (Keras1FileError, Keras1H5, NeedsNoConversion,  # noqa: F401
                                      is_keras1_file, read_architecture)
from legacy_keras.saving.rules import SOURCE_BACKENDS, _layer_configs, decide_backend  # noqa: F401

__all__ = ["load_keras1_model", "model_from_keras1_config", "load_keras1_weights",
           "is_keras1_file", "inspect_file", "decide_backend", "Keras1FileError",
           "NeedsNoConversion", "BackendAssumption"]

_BUILT: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()
_ANNOUNCED: set[str] = set()


class BackendAssumption(UserWarning):
    """The Keras 1 training backend was guessed (files do not record it)."""


def _announce(reason: str, matters: bool, given: bool) -> None:
    if matters and not given and reason not in _ANNOUNCED:
        _ANNOUNCED.add(reason)
        warnings.warn(reason, BackendAssumption, stacklevel=3)


def model_from_keras1_config(config: Any, custom_objects: dict | None = None,
                             source_backend: str | None = None) -> Any:
    """A Keras 3 model (random weights) from a Keras 1 ``to_json``/``to_yaml``/``model_config``.

    ``source_backend`` matters already here: a Theano-trained model gets
    Theano's padding (:mod:`.theano`).  Load the weights with
    :func:`load_keras1_weights`.
    """
    from legacy_keras.saving.config import build_model, normalize_config
    config = normalize_config(config)
    theano, reason, matters = decide_backend(config, source_backend)
    _announce(reason, matters, source_backend is not None)
    built = build_model(config, custom_objects, theano, keras1_api=True)
    _BUILT[built.model] = built
    return built.model


def _records_of(model: Any):
    """Layer records for a model not built from a Keras 1 config (user-built legacy model)."""
    from legacy_keras.engine.topology import keras1_name  # the names Keras 1 files use
    from legacy_keras.saving.config import LayerRecord

    def record(layer: Any) -> LayerRecord:
        children = [record(sub) for sub in getattr(layer, "layers", [])] \
            if hasattr(layer, "layers") and not hasattr(layer, "keras1_class") else []
        class_name = getattr(layer, "keras1_class", type(layer).__name__)
        if hasattr(layer, "keras1_weight_config"):
            config = layer.keras1_weight_config()
        else:
            config = {"dim_ordering": "th"} if getattr(layer, "data_format", None) == "channels_first" else {}
        if class_name in ("TimeDistributed", "Bidirectional") and hasattr(layer, "layer"):
            inner = layer.layer if class_name == "TimeDistributed" else layer.forward_layer
            config = dict(config)
            config["layer"] = {"class_name": getattr(inner, "keras1_class", type(inner).__name__),
                               "config": inner.keras1_weight_config()
                               if hasattr(inner, "keras1_weight_config") else {}}
        return LayerRecord(keras1_name(layer), class_name, config, layer, children)

    return {keras1_name(layer): record(layer) for layer in model.layers}


def load_keras1_weights(model: Any, path: str | os.PathLike, by_name: bool = False,
                        source_backend: str | None = None) -> Any:
    """Load a Keras 1 weights (or full-model) HDF5 file into ``model``.

    Groups are matched by Keras 1 layer name; when the model was rebuilt from
    the same architecture under other automatic names, by the order of
    weighted layers of the same classes (what Keras 1 did).  Returns the model.
    """
    from legacy_keras.saving.loader import SetWeightsSink, transfer
    built = _BUILT.get(model)
    with Keras1H5(path) as k1:
        if built is not None:
            records = built.records
            theano = built.theano if source_backend is None else source_backend == "theano"
            if source_backend is not None and (source_backend == "theano") != built.theano:
                warnings.warn("source_backend differs from the one the model was built with: "
                              "padding follows the build, kernel flips follow source_backend",
                              BackendAssumption, stacklevel=2)
        else:
            records = _records_of(model)
            pseudo = {"class_name": "Model", "config": {"layers": [
                {"class_name": r.class_name, "config": r.config} for r in records.values()]}}
            theano, reason, matters = decide_backend(pseudo, source_backend)
            _announce(reason, matters, source_backend is not None)
        transfer(k1, records, theano, SetWeightsSink(), by_name=by_name)
    return model


def restore_training_config(model: Any, training_config: dict | None) -> str | None:
    """Compile ``model`` with the Keras 1 training config; return a note when it cannot."""
    if not training_config:
        return None
    try:
        from legacy_keras import objectives, optimizers
        opt_config = training_config["optimizer_config"]
        getter = getattr(optimizers, "deserialize", None) or getattr(optimizers, "get")
        optimizer = getter(opt_config)
        loss = training_config.get("loss")

        def resolve_loss(value: Any) -> Any:
            if isinstance(value, dict):
                return {k: resolve_loss(v) for k, v in value.items()}
            if isinstance(value, list):
                return [resolve_loss(v) for v in value]
            return objectives.get(value) if hasattr(objectives, "get") else value
        metrics = training_config.get("metrics") or []
        try:
            from legacy_keras import metrics as metric_module
            metrics = [metric_module.get(m) if hasattr(metric_module, "get") and
                       m not in ("accuracy", "acc") else m for m in metrics]
        except ImportError:
            pass
        model.compile(optimizer=optimizer, loss=resolve_loss(loss), metrics=metrics,
                      loss_weights=training_config.get("loss_weights"))
        return None
    except Exception as error:  # optimizers/objectives not ready or a custom loss
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return f"training configuration not restored ({first}); compile the model yourself"


def load_keras1_model(path: str | os.PathLike, custom_objects: dict | None = None,
                      source_backend: str | None = None, compile: bool = True, **kwargs: Any) -> Any:
    """Load a Keras 1 ``model.save`` file as a Keras 3 model with the same predictions.

    The model has the Keras 1 API (``legacy_keras.models`` classes).  Keras 3
    ``load_model`` options in ``kwargs`` (``safe_mode``...) do not apply to
    Keras 1 files and are ignored.
    """
    from legacy_keras.saving.config import build_model
    from legacy_keras.saving.loader import SetWeightsSink, transfer
    with Keras1H5(path) as k1:
        if k1.model_config is None:
            raise Keras1FileError(f"{os.fspath(path)}: a weights-only file (no model_config): build "
                                  "the model from its JSON with model_from_keras1_config, then "
                                  "load_keras1_weights")
        theano, reason, matters = decide_backend(k1.model_config, source_backend)
        _announce(reason, matters, source_backend is not None)
        built = build_model(k1.model_config, custom_objects, theano, keras1_api=True)
        transfer(k1, built.records, theano, SetWeightsSink())
        _BUILT[built.model] = built
        if compile and k1.training_config:
            note = restore_training_config(built.model, k1.training_config)
            if note:
                warnings.warn(note, stacklevel=2)
        if k1.optimizer_weight_count:
            warnings.warn(f"Keras 1 optimizer state ({k1.optimizer_weight_count} arrays) dropped: "
                          "Keras 3 optimizers keep different slots; training resumes with fresh "
                          "optimizer moments", stacklevel=2)
    return built.model


def conversion_plan(config: dict, theano: bool) -> list[str]:
    """Human-readable steps the conversion would take (pure data, no TensorFlow)."""
    from legacy_keras.saving.rules import FLIPPED_KERNELS, THEANO_PADDING
    from legacy_keras.spec import layers as spec
    flips, padding, legacy = [], [], []
    for class_name, cfg in _layer_configs(config):
        if not isinstance(cfg, dict):
            continue
        name = cfg.get("name", class_name)
        if theano and class_name in FLIPPED_KERNELS:
            flips.append(name)
        if theano and class_name in THEANO_PADDING and cfg.get("border_mode") in ("same", "full"):
            padding.append(name)
        if class_name in spec.KERAS3_CLASS and spec.KERAS3_CLASS[class_name] is None:
            legacy.append(f"{name} ({class_name})")
        elif class_name not in spec.KERAS3_CLASS and class_name not in ("Sequential", "Model"):
            legacy.append(f"{name} ({class_name}, not a Keras 1 class: needs custom_objects)")
    steps = []
    if flips:
        steps.append("flip Theano convolution kernels of: " + ", ".join(flips))
    if padding:
        steps.append("reproduce Theano 'same'/'full' alignment where Keras 3's differs "
                     "(decided from shapes) for: " + ", ".join(padding))
    if legacy:
        steps.append("layers without a Keras 3 class (the .keras file needs legacy_keras): "
                     + ", ".join(legacy))
    if not steps:
        steps.append("plain Keras 3 layers, weights converted to Keras 3 layouts")
    return steps


def inspect_file(path: str | os.PathLike, source_backend: str | None = None) -> dict:
    """What ``legacy-convert --info`` prints: pure h5py, no TensorFlow."""
    with Keras1H5(path) as k1:
        layers = []
        classes: dict[str, str] = {}
        orderings = set()
        for class_name, cfg in _layer_configs(k1.model_config):
            if isinstance(cfg, dict) and cfg.get("name"):
                classes[cfg["name"]] = class_name
            if isinstance(cfg, dict) and cfg.get("dim_ordering") in ("th", "tf"):
                orderings.add(cfg["dim_ordering"])
        for name in k1.layer_names:
            layers.append({"name": name, "class_name": classes.get(name),
                           "weights": [{"name": w, "shape": list(s)} for w, s in
                                       zip(k1.weight_names(name), k1.weight_shapes(name))]})
        info: dict[str, Any] = {
            "path": os.fspath(path), "kind": k1.kind, "keras_version": k1.keras_version or "1 (not recorded)",
            "model_class": (k1.model_config or {}).get("class_name"),
            "layers": layers, "dim_ordering": sorted(orderings),
            "weight_bytes": k1.total_bytes(),
            "training_config": k1.training_config,
            "optimizer_weights": k1.optimizer_weight_count,
        }
        if k1.model_config is not None:
            theano, reason, matters = decide_backend(k1.model_config, source_backend)
            info["assumed_backend"] = "theano" if theano else "tensorflow"
            info["backend_reason"] = reason
            info["backend_matters"] = matters
            info["plan"] = conversion_plan(k1.model_config, theano)
        else:
            info["assumed_backend"] = None
            info["backend_reason"] = "weights-only file: the backend is decided from the architecture (--arch)"
        return info
