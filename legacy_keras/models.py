"""Keras 1 ``keras.models``: ``Sequential``, ``Model`` and model (de)serialization.

``Sequential`` is a Keras 3 ``Sequential`` with the Keras 1 training API
(``legacy_keras.engine.training.Keras1TrainingMixin``) and the Keras 1 ways
of starting a model:

* a first layer carrying ``batch_input_shape``/``input_shape``/``input_dim``
  and ``input_dtype`` (kept by ``legacy_keras.layers._adapt``) gets an
  ``InputLayer`` named ``<layer>_input`` with that batch shape and dtype;
* ``Merge([model_a, model_b], mode=...)`` as first layer makes a multi-input
  model: each branch is called on its own inputs and ``fit`` takes
  ``[X_a, X_b]``, as in Keras 1 (Keras 3 dropped the idiom).

Saving: ``save``/``save_weights`` take any filename as in Keras 1: Keras 3
wants ``.keras``/``.weights.h5``; other names are written as Keras 2-style
("legacy") HDF5, which Keras 3 reads.  Loading tells Keras 1 content from
Keras 3 content and sends Keras 1 files/configs to :mod:`legacy_keras.saving`
(the Keras 1 converter); Keras 3 content loads in Keras 3 with the
legacy_keras classes, so the result still has the Keras 1 methods.
"""
from __future__ import annotations

import contextlib
import json
import os
import warnings
import zipfile
from typing import Any

import keras
import numpy as np

from legacy_keras._keras3 import tracker as _tracker_of

from legacy_keras.engine.topology import InputLayer, keras1_auto_name
from legacy_keras.engine.training import Keras1TrainingMixin, Model

__all__ = ["Sequential", "Model", "model_from_json", "model_from_yaml", "model_from_config",
           "load_model", "save_model", "to_yaml"]


class Sequential(Keras1TrainingMixin, keras.Sequential):
    """Keras 1 ``Sequential(layers=None, name=None)``."""

    def __init__(self, layers: list | None = None, name: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(name=name or keras1_auto_name("sequential"), **kwargs)
        for layer in layers or []:
            self.add(layer)

    # -- building ----------------------------------------------------------
    def add(self, layer: Any, rebuild: bool = True) -> None:
        """Add a layer; a Keras 1 first layer's input shape/dtype starts the graph."""
        if not self._layers:
            if getattr(layer, "keras1_branches", None):
                self._layers.append(layer)
                self._maybe_rebuild()
                return
            batch_input_shape = getattr(layer, "batch_input_shape", None)
            if batch_input_shape is not None and not isinstance(layer, keras.layers.InputLayer) \
                    and not isinstance(layer, keras.Model):
                dtype = getattr(layer, "keras1_input_dtype", None) or keras.config.floatx()
                super().add(InputLayer(batch_input_shape=tuple(batch_input_shape),
                                       input_dtype=dtype, name=f"{layer.name}_input"),
                            rebuild=False)
        super().add(layer, rebuild=rebuild)

    def _keras1_merge_first(self) -> bool:
        return bool(self._layers) and bool(getattr(self._layers[0], "keras1_branches", None))

    def _maybe_rebuild(self) -> None:
        if not self._keras1_merge_first():
            return super()._maybe_rebuild()
        self.built = False
        self._functional = None
        merge = self._layers[0]
        self._keras1_track_branches(merge)
        inputs: list = []
        branch_outputs = []
        for branch in merge.keras1_branches:
            if not getattr(branch, "inputs", None):
                raise ValueError(f"Merge: branch {branch.name!r} has no input shape; give its first "
                                 "layer input_dim/input_shape (Keras 1 required it too)")
            ins = [keras.Input(batch_shape=tuple(t.shape), dtype=t.dtype,
                               name=keras1_auto_name("input")) for t in branch.inputs]
            inputs += ins
            branch_outputs.append(branch(ins[0] if len(ins) == 1 else ins))
        x = merge(branch_outputs)
        for layer in self._layers[1:]:
            x = layer(x)
        from legacy_keras._keras3 import Functional
        self._functional = Functional(inputs=inputs, outputs=x)
        self.built = True

    @staticmethod
    def _keras1_track_branches(merge: Any) -> None:
        """Make the branches sub-layers of the Merge layer, so their weights are the model's
        (trained, saved, in Keras 1's ``get_weights`` order: branch by branch)."""
        tracker = _tracker_of(merge)
        locked = tracker.locked
        tracker.unlock()
        try:
            for branch in merge.keras1_branches:
                if not any(branch is layer for layer in merge._layers):
                    tracker.add_to_store("layers", branch)
        finally:
            if locked:
                tracker.lock()

    def build(self, input_shape: Any = None) -> None:
        if self._keras1_merge_first():
            if self._functional is None:
                self._maybe_rebuild()
            return
        super().build(input_shape)

    # -- Keras 1 model API -------------------------------------------------
    @property
    def input(self) -> Any:
        if self._functional is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined input yet.")
        inputs = self._functional.inputs
        return inputs[0] if len(inputs) == 1 else inputs

    @property
    def output(self) -> Any:
        if self._functional is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined output yet.")
        outputs = self._functional.outputs
        return outputs[0] if len(outputs) == 1 else outputs

    @property
    def input_shape(self) -> Any:
        if self._functional is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined input shape yet.")
        shapes = [tuple(t.shape) for t in self._functional.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def inbound_nodes(self) -> list:
        return list(self._inbound_nodes)

    def get_output_shape_for(self, input_shape: Any) -> Any:
        return self.compute_output_shape(input_shape)

    def predict_proba(self, x: Any, batch_size: int = 32, verbose: int = 1) -> Any:
        """Keras 1 ``predict_proba``: ``predict`` plus a warning for values outside [0, 1]."""
        preds = self.predict(x, batch_size=batch_size, verbose=verbose)
        if np.min(preds) < 0. or np.max(preds) > 1.:
            warnings.warn("Network returning invalid probability values. The last layer might not "
                          "normalize predictions into probabilities (like softmax or sigmoid would).",
                          stacklevel=2)
        return preds

    def predict_classes(self, x: Any, batch_size: int = 32, verbose: int = 1) -> Any:
        """Keras 1 ``predict_classes``: argmax, or ``p > 0.5`` (int32, shape kept) for one unit."""
        proba = self.predict(x, batch_size=batch_size, verbose=verbose)
        if proba.shape[-1] > 1:
            return proba.argmax(axis=-1)
        return (proba > 0.5).astype("int32")

    # -- config / saving -----------------------------------------------------
    def keras1_functional_equivalent(self) -> Model:
        """The same graph (same layers and weights) as a functional ``Model``.

        A Sequential that starts with ``Merge([model_a, model_b])`` has no
        Keras 3 Sequential config; it is serialized as this model instead
        (``get_config``, ``to_json``, ``to_yaml``, ``save``), which reloads as a
        functional ``Model`` with the same inputs, outputs and weights.
        """
        if self._functional is None:
            self._maybe_rebuild()
        return Model(inputs=self._functional.inputs, outputs=self._functional.outputs,
                     name=self.name)

    def get_config(self) -> dict:
        if self._keras1_merge_first():
            return self.keras1_functional_equivalent().get_config()
        return super().get_config()

    def to_json(self, **kwargs: Any) -> str:
        if self._keras1_merge_first():
            return self.keras1_functional_equivalent().to_json(**kwargs)
        return super().to_json(**kwargs)

    @classmethod
    def from_config(cls, config: Any, custom_objects: dict | None = None) -> Any:
        """Keras 3 config (dict), or Keras 1's list of layer configs."""
        if isinstance(config, list):
            from_keras1 = _keras1_saving("model_from_keras1_config")
            return from_keras1({"class_name": "Sequential", "config": config},
                               custom_objects=custom_objects)
        if isinstance(config, dict) and "input_layers" in config:  # a saved Merge-first model
            return Model.from_config(config, custom_objects=custom_objects)
        return super().from_config(config, custom_objects=custom_objects)


def _export_models() -> None:
    """Models serialize as plain ``keras.Sequential``/functional models (loadable without us)."""
    from legacy_keras._keras3 import register_public_name
    register_public_name(Sequential, "keras.Sequential")
    register_public_name(Model, "keras.Model")


_export_models()


# ---------------------------------------------------------------------------
# Loading and saving

def _keras1_saving(name: str) -> Any:
    """A function of the Keras 1 converter (``legacy_keras.saving``), imported lazily."""
    try:
        from legacy_keras import saving
    except ImportError as error:  # pragma: no cover - written concurrently
        raise NotImplementedError(f"legacy_keras.saving.{name} is needed to read Keras 1 content "
                                  f"but legacy_keras.saving is not available ({error})") from None
    if not hasattr(saving, name):
        raise NotImplementedError(f"legacy_keras.saving.{name} is needed to read Keras 1 content "
                                  "but is not available")
    return getattr(saving, name)


def _custom_objects(custom_objects: dict | None) -> dict:
    """Keras 3 loading with the legacy classes: models come back with the Keras 1 API."""
    import legacy_keras.layers  # noqa: F401  (registers legacy layers)
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


def model_from_config(config: dict, custom_objects: dict | None = None) -> Any:
    """A model from a ``{'class_name', 'config'}`` dict (Keras 1 or Keras 3)."""
    if isinstance(config, list):
        raise TypeError("`model_from_config` expects a dictionary, not a list. Maybe you meant to "
                        "use `Sequential.from_config(config)`?")
    if _is_keras3_config(config):
        with keras.saving.custom_object_scope(_custom_objects(custom_objects)):
            return adopt_keras1_classes(keras.saving.deserialize_keras_object(
                config, custom_objects=_custom_objects(custom_objects)))
    return _keras1_saving("model_from_keras1_config")(config, custom_objects=custom_objects)


def model_from_json(json_string: str, custom_objects: dict | None = None) -> Any:
    """A model from ``to_json()`` text, Keras 1 (converted) or Keras 3."""
    return model_from_config(json.loads(json_string), custom_objects=custom_objects)


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:  # pragma: no cover
        raise ImportError("to_yaml/model_from_yaml need pyyaml (pip install pyyaml)") from None
    return yaml


def to_yaml(model: Any, **kwargs: Any) -> str:
    """Keras 1 ``model.to_yaml()`` (Keras 3 removed it): the ``to_json`` content as YAML."""
    return _yaml().safe_dump(json.loads(model.to_json()), **kwargs)


def model_from_yaml(yaml_string: str, custom_objects: dict | None = None) -> Any:
    """A model from ``to_yaml()`` text (Keras 1's or ours)."""
    return model_from_config(_yaml().safe_load(yaml_string), custom_objects=custom_objects)


def _is_hdf5(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(8) == b"\x89HDF\r\n\x1a\n"
    except OSError:
        return False


def _is_keras1_h5(path: str) -> bool:
    from legacy_keras.saving import is_keras1_file
    return is_keras1_file(path)


def load_model(filepath: str | os.PathLike, custom_objects: dict | None = None,
               compile: bool = True, **kwargs: Any) -> Any:
    """Keras 1 ``load_model``: Keras 1 HDF5 files are converted, Keras 2/3 files load in Keras 3.

    Models come back as the legacy classes, compiled from the saved training
    configuration; optimizer state (slots) is not restored -- training
    resumes with a fresh optimizer state.
    """
    filepath = os.fspath(filepath)
    if _is_hdf5(filepath) and _is_keras1_h5(filepath):
        return _keras1_saving("load_keras1_model")(filepath, custom_objects=custom_objects,
                                                   compile=compile, **kwargs)
    objects = _custom_objects(custom_objects)
    with keras.saving.custom_object_scope(objects):
        if _is_hdf5(filepath):
            from legacy_keras._keras3 import legacy_h5_format, saving_utils
            model = adopt_keras1_classes(legacy_h5_format.load_model_from_hdf5(
                filepath, custom_objects=objects, compile=False))
            import h5py
            with h5py.File(filepath, "r") as handle:
                training_config = handle.attrs.get("training_config")
            if compile and training_config is not None:
                if isinstance(training_config, bytes):
                    training_config = training_config.decode("utf-8")
                args = saving_utils.compile_args_from_training_config(json.loads(training_config),
                                                                      objects)
                model._keras1_compile_objects(**args)
            return model
        model = adopt_keras1_classes(keras.saving.load_model(filepath, custom_objects=objects,
                                                             compile=False, **kwargs))
        if compile and zipfile.is_zipfile(filepath):
            with zipfile.ZipFile(filepath) as archive:
                saved = json.loads(archive.read("config.json"))
            if saved.get("compile_config"):
                model.compile_from_config(saved["compile_config"])
        return model


def save_model(model: Any, filepath: str | os.PathLike, overwrite: bool = True,
               include_optimizer: bool = True, **kwargs: Any) -> None:
    """Keras 1 ``model.save(filepath)`` for any filename.

    ``.keras`` -> Keras 3 archive; any other name -> HDF5 (Keras 2-style
    layout, readable by Keras 3's ``load_model``).
    """
    filepath = os.fspath(filepath)
    if isinstance(model, Sequential) and model._keras1_merge_first():
        equivalent = model.keras1_functional_equivalent()
        if getattr(model, "optimizer", None) is not None and model.compiled:
            equivalent.compile_from_config(model.get_compile_config())
        # In the functional graph the branches are layers of their own: the
        # Merge layer must not also own their weights while they are written.
        merge = model._layers[0]
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
        Sequential._keras1_track_branches(merge)
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
    compile_config = getattr(getattr(model, "_compile_config", None), "config", None)
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
    if filepath.endswith(".weights.h5"):
        keras.Model.save_weights(model, filepath, overwrite=overwrite, **kwargs)
        return
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False")
    import h5py
    from legacy_keras._keras3 import legacy_h5_format
    with h5py.File(filepath, "w") as handle:
        legacy_h5_format.save_weights_to_hdf5_group(handle, model)


def load_weights_any(model: Any, filepath: str | os.PathLike, by_name: bool = False,
                     **kwargs: Any) -> None:
    """``load_weights`` for Keras 1 HDF5 (converted by name), Keras 2-style HDF5 and Keras 3 files."""
    filepath = os.fspath(filepath)
    if filepath.endswith((".weights.h5", ".keras")) or zipfile.is_zipfile(filepath):
        keras.Model.load_weights(model, filepath, **kwargs)
        return
    if _is_keras1_h5(filepath):
        _keras1_saving("load_keras1_weights")(model, filepath, by_name=by_name)
        return
    import h5py
    from legacy_keras._keras3 import legacy_h5_format
    skip_mismatch = kwargs.pop("skip_mismatch", False)
    with h5py.File(filepath, "r") as handle:
        group = handle["model_weights"] if "model_weights" in handle else handle
        if by_name:
            legacy_h5_format.load_weights_from_hdf5_group_by_name(group, model, skip_mismatch)
        else:
            legacy_h5_format.load_weights_from_hdf5_group(group, model, skip_mismatch)
