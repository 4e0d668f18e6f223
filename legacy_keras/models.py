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

Loading and saving (``load_model``, ``save_model``, ``model_from_json``...)
live in :mod:`legacy_keras.saving.api` and are re-exported here under their
Keras 1 names.
"""
from __future__ import annotations

import warnings
from typing import Any

import keras
import numpy as np

from legacy_keras import _keras3
from legacy_keras._keras3 import tracker as _tracker_of
from legacy_keras._keras3 import tracking

from legacy_keras.engine.topology import InputLayer, keras1_auto_name
from legacy_keras.engine.training import Keras1TrainingMixin, Model

__all__ = ["Sequential", "Model", "model_from_json", "model_from_yaml", "model_from_config",
           "load_model", "save_model", "to_yaml"]


def _built_input_shape(model: Any) -> Any:
    """The batch input shape of a built single-input model, else None."""
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        return None
    return tuple(inputs[0].shape) if inputs and len(inputs) == 1 else None


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
        if not _keras3.layers_list(self):
            if getattr(layer, "keras1_branches", None):
                _keras3.layers_list(self).append(layer)
                _keras3.hook(self, "maybe_rebuild")()
                return
            batch_input_shape = getattr(layer, "batch_input_shape", None)
            if batch_input_shape is not None and not isinstance(layer, keras.layers.InputLayer) \
                    and not isinstance(layer, keras.Model):
                dtype = getattr(layer, "keras1_input_dtype", None) or keras.config.floatx()
                super().add(InputLayer(batch_input_shape=tuple(batch_input_shape),
                                       input_dtype=dtype, name=f"{layer.name}_input"),
                            rebuild=False)
        super().add(layer, rebuild=rebuild)
        if rebuild and len(_keras3.layers_list(self)) == 1 and isinstance(layer, keras.Model) \
                and not self._keras1_merge_first():
            # Keras 1: a Sequential whose first layer is a built model (Sequential
            # in a Sequential) knows its input at once; Keras 3 waits for a 2nd layer
            shape = _built_input_shape(layer)
            if shape is not None:
                self.build(shape)

    def _keras1_merge_first(self) -> bool:
        layers = _keras3.layers_list(self)
        return bool(layers) and bool(getattr(layers[0], "keras1_branches", None))

    def _maybe_rebuild(self) -> None:
        if not self._keras1_merge_first():
            return _keras3.hook(super(), "maybe_rebuild")()
        self.built = False
        _keras3.set_sequential_functional(self, None)
        merge = _keras3.layers_list(self)[0]
        self._keras1_track_branches(merge)
        inputs: list = []
        sources: list = []  # what each input stands for (see _keras1_source_keys)
        by_source: dict[Any, Any] = {}
        branch_outputs = []
        seen: dict[int, Any] = {}
        for branch in merge.keras1_branches:
            if id(branch) in seen:
                # Merge([left, left]): Keras 1 fed the same branch output twice, and the
                # model has that branch's inputs once (get_source_inputs deduplicated)
                branch_outputs.append(seen[id(branch)])
                continue
            if not getattr(branch, "inputs", None):
                raise ValueError(f"Merge: branch {branch.name!r} has no input shape; give its first "
                                 "layer input_dim/input_shape (Keras 1 required it too)")
            ins = []
            for source, tensor in zip(self._keras1_source_keys(branch), branch.inputs):
                if source not in by_source:  # branches sharing a source model share its input
                    by_source[source] = keras.Input(batch_shape=tuple(tensor.shape), dtype=tensor.dtype,
                                                    name=keras1_auto_name("input"))
                    inputs.append(by_source[source])
                    sources.append(source)
                ins.append(by_source[source])
            seen[id(branch)] = branch(ins[0] if len(ins) == 1 else ins)
            branch_outputs.append(seen[id(branch)])
        with tracking.DotNotTrackScope():
            self.keras1_source_keys = tuple(sources)
        x = merge(branch_outputs)
        for layer in _keras3.layers_list(self)[1:]:
            x = layer(x)
        from legacy_keras._keras3 import Functional
        _keras3.set_sequential_functional(self, Functional(inputs=inputs, outputs=x))
        self.built = True

    @staticmethod
    def _keras1_source_keys(branch: Any) -> tuple:
        """What the branch's inputs stand for, as Keras 1's ``get_source_inputs`` saw them: a
        Merge-first Sequential's inputs stand for its own branches' sources (so
        ``Merge([summed, final])`` of two merges of ``left`` and ``right`` has 2 inputs, not 4);
        any other model's inputs are its own input tensors."""
        keys = getattr(branch, "keras1_source_keys", None)
        if keys is not None and len(keys) == len(branch.inputs):
            return tuple(keys)
        return tuple(id(tensor) for tensor in branch.inputs)

    @staticmethod
    def _keras1_track_branches(merge: Any) -> None:
        """Make the branches sub-layers of the Merge layer, so their weights are the model's
        (trained, saved, in Keras 1's ``get_weights`` order: branch by branch)."""
        tracker = _tracker_of(merge)
        locked = tracker.locked
        tracker.unlock()
        try:
            for branch in merge.keras1_branches:
                if not any(branch is layer for layer in _keras3.layers_list(merge)):
                    tracker.add_to_store("layers", branch)
        finally:
            if locked:
                tracker.lock()

    def build(self, input_shape: Any = None) -> None:
        if self._keras1_merge_first():
            if _keras3.sequential_functional(self) is None:
                _keras3.hook(self, "maybe_rebuild")()
            return
        super().build(input_shape)

    # -- Keras 1 model API -------------------------------------------------
    @property
    def input(self) -> Any:
        if _keras3.sequential_functional(self) is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined input yet.")
        inputs = _keras3.sequential_functional(self).inputs
        return inputs[0] if len(inputs) == 1 else inputs

    @property
    def output(self) -> Any:
        if _keras3.sequential_functional(self) is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined output yet.")
        outputs = _keras3.sequential_functional(self).outputs
        return outputs[0] if len(outputs) == 1 else outputs

    @property
    def input_shape(self) -> Any:
        if _keras3.sequential_functional(self) is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined input shape yet.")
        shapes = [tuple(t.shape) for t in _keras3.sequential_functional(self).inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def inbound_nodes(self) -> list:
        from legacy_keras.engine.topology import keras1_nodes
        return keras1_nodes(_keras3.inbound_nodes(self))

    @property
    def outbound_nodes(self) -> list:
        from legacy_keras.engine.topology import keras1_nodes
        return keras1_nodes(_keras3.outbound_nodes(self))

    def __getattr__(self, name: str) -> Any:
        """Keras 1 ``Sequential.model``: the compiled inner model (here the Sequential itself).

        Keras 1 Sequentials built a functional ``Model`` on ``compile``/``build``
        and delegated training to it; code reads ``model.model.optimizer`` or
        saves ``model.model``.  The Sequential has the same API and state.  It
        is resolved here rather than as a property so that Keras 3's saving,
        which walks ``dir(model)``, does not follow the model into itself.
        """
        if name == "model" and (_keras3.sequential_functional(self, None) is not None
                                or self._keras1_merge_first()):
            return self
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

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
        if _keras3.sequential_functional(self) is None:
            _keras3.hook(self, "maybe_rebuild")()
        functional = _keras3.sequential_functional(self)
        return Model(inputs=functional.inputs, outputs=functional.outputs,
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
# Loading and saving live in legacy_keras.saving.api (re-exported here, the
# Keras 1 import path); the classes are registered there for loaded models.

from legacy_keras.saving import api as _api  # noqa: E402
from legacy_keras.saving.api import (_keras1_saving, adopt_keras1_classes, load_model,  # noqa: E402,F401
                                     load_weights_any, model_from_config, model_from_json,
                                     model_from_yaml, save_model, save_weights_any, to_yaml)

_api.register_model_classes(Sequential, Model)
