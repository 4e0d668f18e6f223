"""Keras 1 HDF5 models and weights -> Keras 3, with the same predictions.

One conversion core serves the runtime (``legacy_keras.models.load_model``,
``model.load_weights``) and the ``legacy-convert`` CLI:

* :mod:`.hdf5` reads Keras 1.0-1.2.2 files (h5py only, one dataset at a time);
* :mod:`.config` rebuilds the architecture from ``legacy_keras.layers``;
* :mod:`.theano` reproduces Theano's padding for Theano-trained models;
* :mod:`.loader` matches weight groups by Keras 1 name and converts arrays with
  the per-layer rules of :mod:`legacy_keras.weights`;
* :mod:`.writer` streams a conversion into ``.keras`` / ``.weights.h5`` files;
* :mod:`.rules` holds the backend and dim-ordering rules (pure data, used by ``--info``);
* :mod:`.api` is Keras 1's ``keras.models`` load/save API (re-exported by
  ``legacy_keras.models``), telling files apart by content;
* :mod:`.objects` registers everything a converted non-plain model needs.

Training backend, decided once per load by :func:`rules.decide_backend` and
followed by both the kernel layout and the padding on every path
(``load_model``, ``model_from_json`` + ``load_weights``, ``by_name``, models
built in code, ``legacy-convert``): ``source_backend=`` when given, else the
weight names Keras 1 stored (``dense_1_W:0`` => TensorFlow, ``dense_1_W`` =>
Theano), else -- ``param_N``/no names/a mix, or no weights file yet -- a
model with ``dim_ordering='th'`` anywhere was trained on Theano, otherwise on
TensorFlow.  Only that last guess is announced (:class:`BackendAssumption`),
and only for models whose numbers depend on it.  Layers that saved no
``dim_ordering`` (Keras 1.0.x) get the default of the file's Keras version
(:class:`DimOrderingAssumption`).  This module and ``hdf5`` import no
TensorFlow until a model is built.
"""
from __future__ import annotations

import os
import warnings
import weakref
import zipfile
from typing import Any

from legacy_keras.saving.hdf5 import (Keras1FileError, Keras1H5, NeedsNoConversion,  # noqa: F401
                                      is_keras1_file, read_architecture)
from legacy_keras.saving.rules import (SOURCE_BACKENDS, BackendDecision, _layer_configs,  # noqa: F401
                                      decide, decide_backend, evidence_from_weight_names)

__all__ = ["load_keras1_model", "model_from_keras1_config", "load_keras1_weights",
           "is_keras1_file", "inspect_file", "decide_backend", "Keras1FileError",
           "NeedsNoConversion", "BackendAssumption", "DimOrderingAssumption", "decide",
           "evidence_from_weight_names"]

_BUILT: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()
_ANNOUNCED: set[str] = set()


class BackendAssumption(UserWarning):
    """The Keras 1 training backend was guessed (the weight names gave no evidence)."""


class DimOrderingAssumption(UserWarning):
    """Layers without a saved dim_ordering got the default of the file's Keras version."""


def _announce(reason: str, matters: bool, given: bool) -> None:
    if matters and not given and reason not in _ANNOUNCED:
        _ANNOUNCED.add(reason)
        warnings.warn(reason, BackendAssumption, stacklevel=3)


def model_from_keras1_config(config: Any, custom_objects: dict | None = None,
                             source_backend: str | None = None,
                             image_dim_ordering: str | None = None) -> Any:
    """A Keras 3 model (random weights) from a Keras 1 ``to_json``/``to_yaml``/``model_config``.

    No weights file is known yet, so the backend comes from ``source_backend``
    or the dim_ordering guess; :func:`load_keras1_weights` then reads the
    file's weight names and, where they tell otherwise, switches the layers
    to that backend's padding (or refuses, naming the layer) -- the model
    never mixes the two backends.  ``image_dim_ordering``: the default for
    layers that saved none (Keras 1.0.x files), else decided by the file's
    Keras version.
    """
    from legacy_keras.saving.config import build_model, normalize_config
    config = normalize_config(config)
    decision = decide(config, source_backend)
    built = build_model(config, custom_objects, decision.theano, keras1_api=True,
                        keras_version=config.get("keras_version"),
                        image_dim_ordering=image_dim_ordering)
    built.backend_source = decision.source
    _warn_notes(built)
    _BUILT[built.model] = built
    return built.model


class RebuildNote(UserWarning):
    """Something in the Keras 1 config was substituted to rebuild the model."""


def _warn_notes(built: Any) -> None:
    for note in built.notes:
        category = DimOrderingAssumption if note == built.ordering_note else RebuildNote
        warnings.warn(note, category, stacklevel=3)


def _records_of(model: Any):
    """Layer records for a model not built from a Keras 1 config (user-built legacy model).

    A ``Merge`` of Sequentials contributes its branches' layers first (Keras 1
    saved them flattened, in that order), then itself without weights.
    """
    from legacy_keras.engine.topology import keras1_name  # the names Keras 1 files use
    from legacy_keras.saving.config import LayerRecord

    def record(layer: Any) -> LayerRecord:
        children = [record(sub) for sub in getattr(layer, "layers", [])] \
            if hasattr(layer, "layers") and not hasattr(layer, "keras1_class") else []
        class_name = getattr(layer, "keras1_class", type(layer).__name__)
        if hasattr(layer, "keras1_weight_config"):
            config = layer.keras1_weight_config()
        else:
            config = _keras1_view(layer)
        if class_name in ("TimeDistributed", "Bidirectional") and hasattr(layer, "layer"):
            inner = layer.layer if class_name == "TimeDistributed" else layer.forward_layer
            config = dict(config)
            config["layer"] = {"class_name": getattr(inner, "keras1_class", type(inner).__name__),
                               "config": inner.keras1_weight_config()
                               if hasattr(inner, "keras1_weight_config") else {}}
        return LayerRecord(keras1_name(layer), class_name, config, layer, children)

    records: dict[str, Any] = {}

    def visit(layers: list) -> None:
        for layer in layers:
            branches = getattr(layer, "keras1_branches", None)
            if branches:
                for branch in branches:
                    visit(list(getattr(branch, "layers", [branch])))
                records[keras1_name(layer)] = LayerRecord(keras1_name(layer), "Merge", {}, None)
                continue
            records[keras1_name(layer)] = record(layer)
    visit(list(model.layers))
    return records


def _keras1_view(layer: Any) -> dict:
    """The Keras 1 config keys a plain Keras 3 layer implies (weight layout, padding geometry):
    a Keras 3 ``Conv2D`` in a model built in code must follow Theano too."""
    config: dict[str, Any] = {}
    if getattr(layer, "data_format", None) == "channels_first":
        config["dim_ordering"] = "th"
    elif getattr(layer, "data_format", None) == "channels_last":
        config["dim_ordering"] = "tf"
    padding = getattr(layer, "padding", None)
    if isinstance(padding, str):
        config["border_mode"] = padding
    kernel = getattr(layer, "kernel_size", None)
    strides = tuple(getattr(layer, "strides", ()) or ())
    pool = getattr(layer, "pool_size", None)
    if kernel is not None:
        kernel = tuple(kernel)
        dilation = tuple(getattr(layer, "dilation_rate", (1,) * len(kernel)))
        if len(kernel) == 1:
            config.update(filter_length=kernel[0], subsample_length=strides[0] if strides else 1,
                          atrous_rate=dilation[0])
        elif len(kernel) == 2:
            config.update(nb_row=kernel[0], nb_col=kernel[1], subsample=strides or (1, 1),
                          atrous_rate=dilation)
        elif len(kernel) == 3:
            config.update(kernel_dim1=kernel[0], kernel_dim2=kernel[1], kernel_dim3=kernel[2],
                          subsample=strides or (1, 1, 1))
    elif pool is not None:
        pool = tuple(pool)
        if len(pool) == 1:
            config.update(pool_length=pool[0], stride=strides[0] if strides else pool[0])
        else:
            config.update(pool_size=pool, strides=strides or pool)
    return config


def _input_shape(layer: Any) -> tuple | None:
    from legacy_keras import _keras3
    nodes = _keras3.inbound_nodes(layer, None) or []
    for node in nodes:
        tensors = getattr(node, "input_tensors", None) or []
        if tensors:
            return tuple(tensors[0].shape)
    return None


def _iter_records(records: dict) -> Any:
    for record in records.values():
        yield record
        if record.children:
            yield from _iter_records({child.name: child for child in record.children})


def _align_live_layers(model: Any, records: dict, theano: bool) -> None:
    """Switch the model's own layers to the file's backend padding (in place) or refuse."""
    from legacy_keras.saving.rules import THEANO_PADDING
    from legacy_keras.saving.theano import TheanoPaddingError, set_live_theano_padding
    changed: list = []
    for record in _iter_records(records):
        if record.layer is None or record.children or \
                record.class_name not in THEANO_PADDING | {"ConvLSTM2D"}:
            continue
        config = record.config if isinstance(record.config, dict) else {}
        try:
            if set_live_theano_padding(record.layer, record.class_name, config,
                                       _input_shape(record.layer), record.name, theano):
                changed.append(record)
        except TheanoPaddingError as error:
            for done in changed:  # all or nothing: the model is left as it was
                set_live_theano_padding(done.layer, done.class_name, done.config, None,
                                        done.name, not theano)
            raise Keras1FileError(str(error)) from None
    if changed:
        # Compiled predict/train functions traced the old call.
        for attribute in ("predict_function", "train_function", "test_function"):
            if hasattr(model, attribute):
                setattr(model, attribute, None)


def load_keras1_weights(model: Any, path: str | os.PathLike, by_name: bool = False,
                        source_backend: str | None = None) -> Any:
    """Load a Keras 1 weights (or full-model) HDF5 file into ``model``.

    Groups are matched by Keras 1 layer name; when the model was rebuilt from
    the same architecture under other automatic names, by the order of
    weighted layers of the same classes (what Keras 1 did).  The backend is
    decided once, from ``source_backend`` or the file's weight names (then the
    dim_ordering guess), and both the kernel layout and the padding follow it:
    layers of a model built in code (or from JSON for the other backend) are
    switched to Theano's 'same' alignment in place, or the load is refused
    with the layer named.  Returns the model.
    """
    from legacy_keras.saving.loader import SetWeightsSink, transfer
    built = _BUILT.get(model)
    with Keras1H5(path) as k1:
        names = k1.all_weight_names()
        if built is not None:
            records = built.records
            config = {"class_name": "Model", "config": {"layers": [
                {"class_name": r.class_name, "config": r.config} for r in records.values()]}}
        else:
            records = _records_of(model)
            config = {"class_name": "Model", "config": {"layers": [
                {"class_name": r.class_name, "config": r.config} for r in records.values()]}}
        decision = decide(config, source_backend, names)
        _announce(decision.reason, decision.matters and decision.guessed, source_backend is not None)
        if built is not None and built.theano and not decision.theano and built.theano_layers:
            raise Keras1FileError(
                f"{os.fspath(path)}: {decision.reason}, but layer {built.theano_layers[0]!r} was built "
                "with Theano's padding; rebuild the model with source_backend='tensorflow'")
        if built is not None and built.theano and not decision.theano:
            built.theano = False
        if built is None or not built.theano:
            _align_live_layers(model, records, decision.theano)
        transfer(k1, records, decision.theano, SetWeightsSink(), by_name=by_name)
    return model


def restore_training_config(model: Any, training_config: dict | None,
                            optimizer_weights: list | None = None) -> str | None:
    """Compile ``model`` with the Keras 1 training config; return a note when it cannot.

    ``optimizer_weights`` (a Keras 1 file's ``optimizer_weights`` arrays, in
    Keras 1's ``optimizer.get_weights()`` order) are set into the new
    optimizer's slots, as Keras 1's ``load_model`` did, so training resumes
    with the saved moments and step counter.
    """
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
        from legacy_keras import metrics as metric_module
        metrics = [metric_module.get(m) if m not in ("accuracy", "acc") else m
                   for m in training_config.get("metrics") or []]
        keras1_only = {}  # plain Keras 3 models (the converter's) have no sample_weight_mode
        if training_config.get("sample_weight_mode") is not None:
            keras1_only["sample_weight_mode"] = training_config["sample_weight_mode"]
        model.compile(optimizer=optimizer, loss=resolve_loss(loss), metrics=metrics,
                      loss_weights=training_config.get("loss_weights"), **keras1_only)
    except Exception as error:  # optimizers/objectives not ready or a custom loss
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return f"training configuration not restored ({first}); compile the model yourself"
    if not optimizer_weights:
        return None
    try:
        model.optimizer.build(model.trainable_variables)
        model.optimizer.set_keras1_weights(list(optimizer_weights),
                                           param_order=_keras1_weight_order(model))
    except Exception as error:  # e.g. a layer whose Keras 3 weights are laid out differently
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return (f"Keras 1 optimizer state ({len(optimizer_weights)} arrays) not restored "
                f"({first}); training resumes with fresh optimizer moments")
    return None


#: Keras 3 variable name -> Keras 1 weight-name suffix (``<layer>_<suffix>``).
_KERAS1_WEIGHT_SUFFIX = {"kernel": "W", "bias": "b", "recurrent_kernel": "U",
                         "embeddings": "W"}


def _keras1_weight_order(model: Any) -> list[int]:
    """Indices into ``model.trainable_variables`` in Keras 1's optimizer order.

    Keras 1 ``compile`` sorted the trainable weights by name (``dense_1_W``,
    ``dense_1_b``...) before building the optimizer, so a file's
    ``optimizer_weights`` follow that order, not the layer order.
    """
    def keras1_name(variable: Any) -> str:
        parts = str(getattr(variable, "path", variable.name)).split("/")
        layer = parts[-2] if len(parts) > 1 else ""
        suffix = _KERAS1_WEIGHT_SUFFIX.get(parts[-1], parts[-1])
        return f"{layer}_{suffix}" if layer else suffix
    variables = list(model.trainable_variables)
    return sorted(range(len(variables)), key=lambda i: keras1_name(variables[i]))


def load_keras1_model(path: str | os.PathLike, custom_objects: dict | None = None,
                      source_backend: str | None = None, compile: bool = True,
                      image_dim_ordering: str | None = None, **kwargs: Any) -> Any:
    """Load a Keras 1 ``model.save`` file as a Keras 3 model with the same predictions.

    The model has the Keras 1 API (``legacy_keras.models`` classes).  The
    backend comes from ``source_backend`` or the file's weight names
    (:func:`decide_backend`).  With ``compile`` (default) a compiled file comes
    back compiled with its Keras 1 optimizer and the file's ``optimizer_weights``
    in its slots (:func:`restore_training_config`), as Keras 1's ``load_model``
    did.  Keras 3 ``load_model`` options in ``kwargs`` (``safe_mode``...) do not
    apply to Keras 1 files and are ignored.
    """
    from legacy_keras.saving.config import build_model
    from legacy_keras.saving.loader import SetWeightsSink, transfer
    with Keras1H5(path) as k1:
        if k1.model_config is None:
            raise Keras1FileError(f"{os.fspath(path)}: a weights file without architecture (no "
                                  "model_config): build the model (in code, or model_from_json of "
                                  "its to_json file), then model.load_weights")
        decision = decide(k1.model_config, source_backend, k1.all_weight_names())
        _announce(decision.reason, decision.matters and decision.guessed, source_backend is not None)
        built = build_model(k1.model_config, custom_objects, decision.theano, keras1_api=True,
                            keras_version=k1.keras_version, image_dim_ordering=image_dim_ordering,
                            weights_file=k1)
        built.backend_source = decision.source
        _warn_notes(built)
        transfer(k1, built.records, decision.theano, SetWeightsSink())
        _BUILT[built.model] = built
        if compile and k1.training_config:
            # the optimizer state (moments, step counter) is set into the new optimizer's
            # slots, as Keras 1's load_model did: training resumes where it stopped
            optimizer_weights = k1.optimizer_weights() if k1.optimizer_weight_count else None
            note = restore_training_config(built.model, k1.training_config, optimizer_weights)
            if note:
                warnings.warn(note, stacklevel=2)
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


def _config_summary(config: dict | None) -> tuple[dict[str, str], list[str]]:
    classes: dict[str, str] = {}
    orderings = set()
    for class_name, cfg in _layer_configs(config):
        if isinstance(cfg, dict) and cfg.get("name"):
            classes[cfg["name"]] = class_name
        if isinstance(cfg, dict) and cfg.get("dim_ordering") in ("th", "tf"):
            orderings.add(cfg["dim_ordering"])
    return classes, sorted(orderings)


def _ordering_note(config: dict, keras_version: str | None,
                   image_dim_ordering: str | None) -> str | None:
    from legacy_keras.saving.rules import fill_dim_ordering, resolve_dim_ordering
    ordering, why = resolve_dim_ordering(config, keras_version, image_dim_ordering)
    filled = fill_dim_ordering(config, ordering)[1]
    if not filled:
        return None
    return f"dim_ordering not saved for {', '.join(filled)}: using {ordering!r} ({why})"


def inspect_file(path: str | os.PathLike, source_backend: str | None = None,
                 image_dim_ordering: str | None = None) -> dict:
    """What ``legacy-convert --info`` prints: pure h5py, no TensorFlow.

    Accepts a Keras 1 HDF5 model or weights file, or an architecture file
    (``to_json``/``to_yaml`` output, double-encoded JSON, BOM...).  The
    backend evidence used is in ``backend_reason`` / ``backend_source``.
    """
    from legacy_keras.saving.hdf5 import HDF5_SIGNATURE
    path = os.fspath(path)
    if os.path.isfile(path):
        with open(path, "rb") as handle:
            head = handle.read(8)
        if head != HDF5_SIGNATURE and not zipfile.is_zipfile(path) and os.path.getsize(path) > 0 \
                and not _looks_binary(path):
            try:
                config = read_architecture(path)
            except NeedsNoConversion:
                raise
            except Keras1FileError:
                raise Keras1FileError(f"{path}: not an HDF5 file, nor a Keras model architecture "
                                      "(model.to_json()/to_yaml() text)") from None
            classes, orderings = _config_summary(config)
            decision = decide(config, source_backend)
            return {"path": path, "kind": "architecture",
                    "keras_version": config.get("keras_version") or "1 (not recorded)",
                    "model_class": config.get("class_name"),
                    "layers": [{"name": name, "class_name": cls, "weights": []}
                               for name, cls in classes.items()],
                    "dim_ordering": orderings, "weight_bytes": 0, "training_config": None,
                    "optimizer_weights": 0, "assumed_backend": decision.backend,
                    "backend_reason": decision.reason + " (an architecture file has no weight "
                                      "names: the weights file decides when it is loaded)",
                    "backend_source": decision.source, "backend_matters": decision.matters,
                    "plan": conversion_plan(config, decision.theano),
                    "dim_ordering_note": _ordering_note(config, config.get("keras_version"),
                                                        image_dim_ordering)}
    with Keras1H5(path) as k1:
        classes, orderings = _config_summary(k1.model_config)
        layers = []
        for name in k1.layer_names:
            layers.append({"name": name, "class_name": classes.get(name),
                           "weights": [{"name": w, "shape": list(s)} for w, s in
                                       zip(k1.weight_names(name), k1.weight_shapes(name))]})
        info: dict[str, Any] = {
            "path": path, "kind": k1.kind, "keras_version": k1.keras_version or "1 (not recorded)",
            "model_class": (k1.model_config or {}).get("class_name"),
            "layers": layers, "dim_ordering": orderings,
            "weight_bytes": k1.total_bytes(),
            "training_config": k1.training_config,
            "optimizer_weights": k1.optimizer_weight_count,
        }
        names = k1.all_weight_names()
        if k1.model_config is not None:
            decision = decide(k1.model_config, source_backend, names)
            info["assumed_backend"] = decision.backend
            info["backend_reason"] = decision.reason
            info["backend_source"] = decision.source
            info["backend_matters"] = decision.matters
            info["plan"] = conversion_plan(k1.model_config, decision.theano)
            info["dim_ordering_note"] = _ordering_note(k1.model_config, k1.keras_version,
                                                       image_dim_ordering)
        else:
            backend, evidence = evidence_from_weight_names(names)
            if source_backend is not None:
                backend, evidence = source_backend, f"source backend {source_backend} (given)"
            info["assumed_backend"] = backend
            info["backend_source"] = "given" if source_backend else ("weight names" if backend else None)
            info["backend_reason"] = (evidence if backend else
                                      f"weights-only file ({evidence}): the backend is decided from "
                                      "the architecture (--arch)")
        return info


def _looks_binary(path: str) -> bool:
    with open(path, "rb") as handle:
        return b"\x00" in handle.read(4096)


from legacy_keras.saving.writer import convert  # noqa: E402,F401  (legacy-convert's Python API)
