"""Keras 1 ``keras.models`` loading and saving: ``load_model``, ``save_model``,
``model_from_json``/``model_from_yaml``/``model_from_config``, ``to_yaml`` and the
``save_weights``/``load_weights`` methods' file handling.

Moved out of ``legacy_keras.models`` so that the model classes (``models``,
``engine.training``) and the file formats do not import each other: the
model classes call into this module; this module never imports
``legacy_keras.models`` -- ``models`` registers ``Sequential``/``Model`` here
when it is imported (:func:`register_model_classes`).

Saving takes any filename as in Keras 1: Keras 3 wants ``.keras``/``.weights.h5``;
other names are written as Keras 2-style ("legacy") HDF5, which Keras 3 reads.
Loading tells Keras 1 content from Keras 3 content **by content, not by
name**, and sends Keras 1 files/configs to the Keras 1 converter
(:mod:`legacy_keras.saving`); Keras 3 content loads in Keras 3 with the
legacy_keras classes, so the result still has the Keras 1 methods.  HDF5 is
opened only through :mod:`legacy_keras.saving.hdf5`.
"""
from __future__ import annotations

import contextlib
import json
import os
import zipfile
from typing import Any

import keras
import numpy as np

from legacy_keras import _keras3
from legacy_keras._keras3 import tracker as _tracker_of

__all__ = ["model_from_json", "model_from_yaml", "model_from_config", "load_model", "save_model",
           "to_yaml", "save_weights_any", "load_weights_any", "adopt_keras1_classes",
           "register_model_classes"]

_MODEL_CLASSES: dict[str, Any] = {}


def register_model_classes(sequential: type, model: type) -> None:
    """Called by ``legacy_keras.models``: the classes loaded models are given."""
    _MODEL_CLASSES["Sequential"] = sequential
    _MODEL_CLASSES["Model"] = model


def _model_classes() -> tuple[Any, Any]:
    if not _MODEL_CLASSES:
        # Importing the package module registers the classes (see its last lines).
        import importlib
        importlib.import_module("legacy_keras.models")
    return _MODEL_CLASSES["Sequential"], _MODEL_CLASSES["Model"]


def _keras1_saving(name: str) -> Any:
    """A function of the Keras 1 converter (``legacy_keras.saving``), imported when first needed
    (it imports TensorFlow-free modules only; an import error there is a bug and surfaces)."""
    from legacy_keras import saving
    return getattr(saving, name)


def _custom_objects(custom_objects: dict | None) -> dict:
    """Keras 3 loading with the legacy classes: models come back with the Keras 1 API."""
    import legacy_keras.layers  # noqa: F401  (registers legacy layers)
    Sequential, Model = _model_classes()
    objects = {"Sequential": Sequential, "Model": Model, "Functional": Model}
    objects.update(custom_objects or {})
    return objects


def adopt_keras1_classes(model: Any) -> Any:
    """Give a model loaded by Keras 3 (plain ``Sequential``/functional) the Keras 1 API.

    Saved models name the plain Keras 3 classes (so they load without
    legacy_keras), and Keras 3 ignores ``custom_objects`` for built-in
    names; the legacy classes only add methods, so the loaded object's class
    is switched to the legacy subclass (nested models too).
    """
    from legacy_keras._keras3 import Functional
    Sequential, Model = _model_classes()
    seen: set[int] = set()

    def visit(obj: Any) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if type(obj) is keras.Sequential:
            obj.__class__ = Sequential
        elif type(obj) is Functional:
            obj.__class__ = Model
        for layer in getattr(obj, "layers", []) if isinstance(obj, keras.Model) else []:
            visit(layer)
    visit(model)
    return model


def _is_keras3_config(config: Any) -> bool:
    if not isinstance(config, dict):
        return False
    version = str(config.get("keras_version", ""))
    if version.startswith(("2", "3")) or "module" in config or "registered_name" in config:
        return True
    inner = config.get("config")
    if isinstance(inner, dict) and isinstance(inner.get("layers"), list):
        return any(isinstance(l, dict) and "module" in l for l in inner["layers"])
    return False


def model_from_config(config: dict, custom_objects: dict | None = None,
                      source_backend: str | None = None,
                      image_dim_ordering: str | None = None) -> Any:
    """A model from a ``{'class_name', 'config'}`` dict (Keras 1 or Keras 3).

    ``source_backend`` / ``image_dim_ordering`` apply to Keras 1 configs (see
    :func:`legacy_keras.saving.model_from_keras1_config`); the weights file
    loaded later has the last word on the backend (its weight names).
    """
    if isinstance(config, list):
        raise TypeError("`model_from_config` expects a dictionary, not a list. Maybe you meant to "
                        "use `Sequential.from_config(config)`?")
    if _is_keras3_config(config):
        with keras.saving.custom_object_scope(_custom_objects(custom_objects)):
            return adopt_keras1_classes(keras.saving.deserialize_keras_object(
                config, custom_objects=_custom_objects(custom_objects)))
    return _keras1_saving("model_from_keras1_config")(config, custom_objects=custom_objects,
                                                      source_backend=source_backend,
                                                      image_dim_ordering=image_dim_ordering)


def _parse_text(text: str | bytes, what: str) -> Any:
    from legacy_keras.saving.hdf5 import load_config_text
    config = load_config_text(text)
    if not isinstance(config, dict):
        raise ValueError(f"{what}: not a model architecture (expected the text of model.{what}())")
    return config


def model_from_json(json_string: str | bytes, custom_objects: dict | None = None,
                    source_backend: str | None = None, image_dim_ordering: str | None = None) -> Any:
    """A model from ``to_json()`` text, Keras 1 (converted) or Keras 3.

    Also the text of ``json.dump(model.to_json(), f)`` (double-encoded), with
    a BOM or trailing newline.
    """
    return model_from_config(_parse_text(json_string, "to_json"), custom_objects=custom_objects,
                             source_backend=source_backend, image_dim_ordering=image_dim_ordering)


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:  # pragma: no cover
        raise ImportError("to_yaml/model_from_yaml need pyyaml (pip install pyyaml)") from None
    return yaml


def to_yaml(model: Any, **kwargs: Any) -> str:
    """Keras 1 ``model.to_yaml()`` (Keras 3 removed it): the ``to_json`` content as YAML."""
    return _yaml().safe_dump(json.loads(model.to_json()), **kwargs)


def model_from_yaml(yaml_string: str, custom_objects: dict | None = None,
                    source_backend: str | None = None, image_dim_ordering: str | None = None) -> Any:
    """A model from ``to_yaml()`` text (Keras 1's or ours)."""
    _yaml()
    return model_from_config(_parse_text(yaml_string, "to_yaml"), custom_objects=custom_objects,
                             source_backend=source_backend, image_dim_ordering=image_dim_ordering)


def _kind(path: str) -> str:
    from legacy_keras.saving.hdf5 import file_kind
    return file_kind(path)


def _is_keras1_h5(path: str) -> bool:
    from legacy_keras.saving import is_keras1_file
    return is_keras1_file(path)


def _load_keras3_archive(filepath: str, objects: dict, **kwargs: Any) -> Any:
    """A ``.keras`` zip whatever its name (Keras 3 picks its reader by extension)."""
    if filepath.endswith(".keras"):
        return keras.saving.load_model(filepath, custom_objects=objects, compile=False, **kwargs)
    with _named_as(filepath, ".keras") as alias:
        return keras.saving.load_model(alias, custom_objects=objects, compile=False, **kwargs)


@contextlib.contextmanager
def _named_as(filepath: str, suffix: str):
    """A temporary link to ``filepath`` ending in ``suffix`` (Keras 3 picks readers by name)."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="legacy_keras_") as directory:
        alias = os.path.join(directory, "file" + suffix)
        os.symlink(os.path.abspath(filepath), alias)
        yield alias


def load_model(filepath: str | os.PathLike, custom_objects: dict | None = None,
               compile: bool = True, **kwargs: Any) -> Any:
    """Keras 1 ``load_model``: Keras 1 HDF5 files are converted, Keras 2/3 files load in Keras 3.

    The file is recognised by content (an HDF5 file named ``.keras``/``.model``
    is the Keras 1 file it is; a ``.keras`` zip named ``.h5`` is read as a
    zip).  Keras 1 options: ``source_backend='theano'|'tensorflow'`` (else
    decided from the file's weight names) and ``image_dim_ordering='th'|'tf'``
    (the default for layers that saved none; else from the file's Keras
    version).  Models come back as the legacy classes, compiled from the
    saved training configuration, with the optimizer state (slots, step
    counter) restored as Keras 1 did, so training resumes where it stopped.
    """
    filepath = os.fspath(filepath)
    kind = _kind(filepath)
    keras1_options = {key: kwargs.pop(key) for key in ("source_backend", "image_dim_ordering")
                      if key in kwargs}
    if kind == "hdf5" and _is_keras1_h5(filepath):
        return _keras1_saving("load_keras1_model")(filepath, custom_objects=custom_objects,
                                                   compile=compile, **keras1_options, **kwargs)
    if kind == "hdf5":
        from legacy_keras.saving import Keras1H5, NeedsNoConversion
        try:
            Keras1H5(filepath).close()  # raises the one-line reason it is not a Keras 1 file
        except NeedsNoConversion:
            pass  # Keras 2/3 HDF5: Keras 3 reads it
    elif kind != "zip":
        from legacy_keras.saving import Keras1FileError
        raise Keras1FileError(f"{filepath}: not a saved model (neither HDF5 nor a .keras archive)"
                              + ("; an architecture file? use model_from_json" if kind == "text" else ""))
    objects = _custom_objects(custom_objects)
    with keras.saving.custom_object_scope(objects):
        if kind == "hdf5":
            from legacy_keras._keras3 import legacy_h5_format
            model = adopt_keras1_classes(legacy_h5_format.load_model_from_hdf5(
                filepath, custom_objects=objects, compile=False))
            from legacy_keras.saving.hdf5 import open_hdf5
            with open_hdf5(filepath, "r") as handle:
                training_config = handle.attrs.get("training_config")
                optimizer_weights = [np.asarray(w) for w in legacy_h5_format.
                                     load_optimizer_weights_from_hdf5_group(handle)] \
                    if "optimizer_weights" in handle else None
            if compile and training_config is not None:
                if isinstance(training_config, bytes):
                    training_config = training_config.decode("utf-8")
                model._keras1_compile_from_training_config(json.loads(training_config), objects,
                                                           optimizer_weights)
            return model
        model = adopt_keras1_classes(_load_keras3_archive(filepath, objects, **kwargs))
        if compile:
            with zipfile.ZipFile(filepath) as archive:
                saved = json.loads(archive.read("config.json"))
            if saved.get("compile_config"):
                model.compile_from_config(saved["compile_config"])
                model._keras1_load_optimizer_state(filepath)
        return model


def _warn_theano_patched(model: Any, filepath: str) -> None:
    """Layers switched in place to Theano's 'same' alignment (a Keras 1 Theano file loaded into a
    model built in code) save as their plain class: the file would reload with Keras 3's padding."""
    patched = [layer.name for layer in _all_layers(model)
               if getattr(layer, "_keras1_theano_padding", False)]
    if patched:
        import warnings
        warnings.warn(f"{filepath}: layer {patched[0]!r}{' and others' if len(patched) > 1 else ''} "
                      "computes Theano's 'same' alignment only in this session; the saved file records "
                      "Keras 3's padding. For a file that keeps Keras 1's numbers, convert the Keras 1 "
                      "file with legacy-convert (or reload it with load_weights each time)", stacklevel=3)


def _all_layers(model: Any) -> list:
    found, stack = [], list(getattr(model, "layers", []))
    while stack:
        layer = stack.pop()
        found.append(layer)
        stack.extend(getattr(layer, "layers", []) or [])
        stack.extend(getattr(layer, "keras1_branches", []) or [])
    return found


def save_model(model: Any, filepath: str | os.PathLike, overwrite: bool = True,
               include_optimizer: bool = True, **kwargs: Any) -> None:
    """Keras 1 ``model.save(filepath)`` for any filename.

    ``.keras`` -> Keras 3 archive; any other name -> HDF5 (Keras 2-style
    layout, readable by Keras 3's ``load_model``).
    """
    filepath = os.fspath(filepath)
    _warn_theano_patched(model, filepath)
    if getattr(model, "_keras1_merge_first", None) is not None and model._keras1_merge_first():
        equivalent = model.keras1_functional_equivalent()
        if getattr(model, "optimizer", None) is not None and model.compiled:
            equivalent.compile_from_config(model.get_compile_config())
        # In the functional graph the branches are layers of their own: the
        # Merge layer must not also own their weights while they are written.
        merge = _keras3.layers_list(model)[0]
        with _branches_untracked(merge):
            _save_model(equivalent, filepath, overwrite, include_optimizer, **kwargs)
        return
    _save_model(model, filepath, overwrite, include_optimizer, **kwargs)


@contextlib.contextmanager
def _branches_untracked(merge: Any):
    tracker = _tracker_of(merge)
    locked = tracker.locked
    tracker.unlock()
    try:
        for branch in merge.keras1_branches:
            tracker.untrack(branch)
        yield
    finally:
        _model_classes()[0]._keras1_track_branches(merge)
        if locked:
            tracker.lock()


def _save_model(model: Any, filepath: str, overwrite: bool, include_optimizer: bool,
                **kwargs: Any) -> None:
    if filepath.endswith(".keras"):
        keras.Model.save(model, filepath, overwrite=overwrite, **kwargs)
        return
    from legacy_keras._keras3 import legacy_h5_format
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False")
    # Keras 3 pops "optimizer" out of the model's own compile config while
    # writing HDF5 (a later .keras save would then lose the optimizer).
    compile_config = _keras3.compile_config(model)
    optimizer_entry = compile_config.get("optimizer") if compile_config else None
    try:
        legacy_h5_format.save_model_to_hdf5(model, filepath, overwrite=True,
                                            include_optimizer=include_optimizer)
    finally:
        if compile_config is not None and optimizer_entry is not None:
            compile_config["optimizer"] = optimizer_entry


def save_weights_any(model: Any, filepath: str | os.PathLike, overwrite: bool = True,
                     **kwargs: Any) -> None:
    """``save_weights`` with Keras 1 filenames (``'w.h5'``): Keras 2-style HDF5 unless
    the name ends in ``.weights.h5`` (then Keras 3's format)."""
    filepath = os.fspath(filepath)
    _warn_theano_patched(model, filepath)
    if filepath.endswith(".weights.h5"):
        keras.Model.save_weights(model, filepath, overwrite=overwrite, **kwargs)
        return
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False")
    from legacy_keras._keras3 import legacy_h5_format

    from legacy_keras.saving.hdf5 import open_hdf5
    with open_hdf5(filepath, "w") as handle:
        legacy_h5_format.save_weights_to_hdf5_group(handle, model)


def load_weights_any(model: Any, filepath: str | os.PathLike, by_name: bool = False,
                     **kwargs: Any) -> None:
    """``load_weights`` for Keras 1 HDF5 (converted), Keras 2-style HDF5 and Keras 3 files.

    Told apart by content, not name.  Keras 1 files: ``source_backend=`` is
    honoured (else the file's weight names decide) and the model's padding
    follows the same backend (:func:`legacy_keras.saving.load_keras1_weights`).
    """
    filepath = os.fspath(filepath)
    source_backend = kwargs.pop("source_backend", None)
    kind = _kind(filepath)
    if kind == "zip":
        with _named_as(filepath, ".keras") as alias:
            keras.Model.load_weights(model, alias, **kwargs)
        return
    if kind != "hdf5":
        from legacy_keras.saving import Keras1FileError
        raise Keras1FileError(f"{filepath}: not a weights file (neither HDF5 nor a .keras archive)")
    if _is_keras1_h5(filepath):
        _keras1_saving("load_keras1_weights")(model, filepath, by_name=by_name,
                                              source_backend=source_backend)
        return
    from legacy_keras.saving import Keras1H5, NeedsNoConversion
    try:
        Keras1H5(filepath).close()  # the one-line reason it is not a Keras 1 file
    except NeedsNoConversion as keras3:
        if "'.weights.h5'" in str(keras3):
            with _named_as(filepath, ".weights.h5") as alias:
                keras.Model.load_weights(model, alias, **kwargs)
            return
    from legacy_keras._keras3 import legacy_h5_format

    from legacy_keras.saving.hdf5 import open_hdf5
    skip_mismatch = kwargs.pop("skip_mismatch", False)
    with open_hdf5(filepath, "r") as handle:
        group = handle["model_weights"] if "model_weights" in handle else handle
        if by_name:
            legacy_h5_format.load_weights_from_hdf5_group_by_name(group, model, skip_mismatch)
        else:
            legacy_h5_format.load_weights_from_hdf5_group(group, model, skip_mismatch)
