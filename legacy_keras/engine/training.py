"""Keras 1 ``keras.engine.training``: ``Model`` with the Keras 1.2.2 training API.

:class:`Keras1TrainingMixin` gives a Keras 3 model (``Model`` here,
``legacy_keras.models.Sequential``) the Keras 1 methods and their semantics:

* ``compile(optimizer, loss, metrics, loss_weights, sample_weight_mode)``:
  Keras 1 names (``legacy_keras.optimizers/objectives/metrics``); losses are
  wrapped in :class:`Keras1Loss` (Keras 1 divides a sample-weighted loss by the
  fraction of non-zero weights; Keras 3 does not), metrics in
  :class:`Keras1Metric` (named like Keras 1: ``acc``, the function name,
  ``<output>_<name>``; batch means averaged by batch size, dict-valued metric
  functions expanded); ``metrics_names`` is Keras 1's list right away.
* ``fit(x, y, batch_size=32, nb_epoch=10, ...)`` on Keras 3's fit, with
  Keras 1's ``validation_split`` (first ``int(n * (1 - split))`` samples
  train), ``class_weight`` turned into sample weights the Keras 1 way (any
  number of outputs), ``model.validation_data``, and Keras 1 callbacks.
* ``fit_generator``/``evaluate_generator``/``predict_generator`` counting
  *samples* (an epoch ends once ``samples_per_epoch`` samples were seen), run
  as a Keras 1 loop over ``train_on_batch`` because Keras 3 only counts steps.
* ``evaluate``/``train_on_batch``/``test_on_batch`` return a scalar or a list
  ordered like ``metrics_names``.

The parts live in modules of their own, re-exported here under Keras 1's
names: :mod:`.training_utils` (data helpers and Keras 1's module-level
functions), :mod:`.compile_utils` (loss/metric wrappers), :mod:`.callback_adapter`
and :mod:`.training_generator` (the generator loops).

Keras 1 callbacks (objects with ``set_model``/``set_params``/``on_*`` methods,
e.g. ``legacy_keras.callbacks``) are wrapped in one Keras 3 callback,
:class:`Keras1CallbackAdapter`, which hands them Keras 1 ``params``
(``batch_size, nb_epoch, nb_sample, verbose, do_validation, metrics``) and
Keras 1 batch logs (``batch``, ``size`` and that batch's own values, where
Keras 3 reports running means).  Keras 3 callbacks pass through unchanged.
"""
from __future__ import annotations

import warnings
from typing import Any, Callable, Iterable, Sequence  # noqa: F401

import keras
import numpy as np
from keras import ops

from legacy_keras import _keras3
from legacy_keras._keras3 import Functional, scale_loss_for_distribution

from legacy_keras.engine.callback_adapter import (Keras1CallbackAdapter, _BatchSizes,  # noqa: F401
                                                  _call, _is_keras3_callback, _keras1_logs)
from legacy_keras.engine.compile_utils import (Keras1Loss, Keras1Metric,  # noqa: F401
                                               _accuracy_fn, _closes_over_keras_tensors,
                                               _get_metric, _get_objective, _get_optimizer,
                                               _is_named_metric, _is_named_objective,
                                               _probe_metric_keys, _scores_as_loss)
from legacy_keras.engine.topology import keras1_auto_name
from legacy_keras.engine.training_generator import Keras1GeneratorMixin
from legacy_keras.engine.training_utils import (  # noqa: F401
    GeneratorEnqueuer, _SPEC, _class_weights_per_sample, _first_array, _keras1_array,
    _keras1_progbar, _keras1_signature, _keras1_target, _map_arrays, _nb_samples, _one_batch,
    _slice_data, _standardize_list, batch_shuffle, check_array_lengths,
    check_loss_and_target_compatibility, collect_metrics, make_batches, slice_X,
    standardize_class_weights, standardize_input_data, standardize_sample_or_class_weights,
    standardize_sample_weights, standardize_weights, weighted_objective)

__all__ = ["Model", "Keras1TrainingMixin", "Keras1Loss", "Keras1Metric",
           "Keras1CallbackAdapter", "slice_X", "make_batches", "standardize_input_data",
           "standardize_sample_or_class_weights", "standardize_class_weights",
           "standardize_sample_weights", "standardize_weights", "check_array_lengths",
           "check_loss_and_target_compatibility", "collect_metrics", "batch_shuffle",
           "weighted_objective", "GeneratorEnqueuer"]

#: Keras 3 ``compile`` keywords accepted besides Keras 1's.
_KERAS3_COMPILE_KWARGS = ("weighted_metrics", "run_eagerly", "steps_per_execution",
                          "jit_compile", "auto_scale_loss")
#: Keras 3 ``fit`` keywords accepted besides Keras 1's (Keras 2 era code).
_KERAS3_FIT_KWARGS = ("steps_per_epoch", "validation_steps", "validation_batch_size",
                      "validation_freq")


def _functional_nested_merges(config: Any) -> Any:
    """Rename nested ``Sequential`` entries whose config is functional (see ``get_config``)."""
    if isinstance(config, list):
        for item in config:
            _functional_nested_merges(item)
    elif isinstance(config, dict):
        inner = config.get("config")
        if config.get("class_name") == "Sequential" and isinstance(inner, dict) \
                and "input_layers" in inner:
            config["class_name"] = "Model"
            config["module"] = "keras"
            config["registered_name"] = None
        for value in config.values():
            if isinstance(value, (dict, list)):
                _functional_nested_merges(value)
    return config



class Keras1TrainingMixin(Keras1GeneratorMixin):
    """Keras 1.2.2 ``compile``/``fit``/``evaluate``/``predict`` (generator methods: the base)."""

    def get_weights(self) -> list:
        """Keras 1 ``Container.get_weights``: each layer's ``get_weights()`` (Keras 1 layouts), in turn."""
        return [array for layer in self.layers for array in layer.get_weights()]

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Keras 1 ``Container.set_weights``: the list :meth:`get_weights` returns."""
        weights = list(weights)
        for layer in self.layers:
            count = len(layer.get_weights())
            layer.set_weights(weights[:count])
            weights = weights[count:]
        if weights:
            raise ValueError(f"set_weights: {len(weights)} arrays more than the model's layers hold")

    def get_keras3_weights(self) -> list:
        """Keras 3's ``Model.get_weights()`` (its variables, in its order and layouts)."""
        return keras.Model.get_weights(self)

    def set_keras3_weights(self, weights: Sequence[Any]) -> None:
        keras.Model.set_weights(self, weights)

    def get_layer(self, name: str | None = None, index: int | None = None) -> Any:
        """Keras 3 ``get_layer``, also by a Keras 1 name Keras 3 refuses (``'fire2/squeeze1x1'``)."""
        from legacy_keras.engine.topology import keras3_name
        return super().get_layer(keras3_name(name), index)  # type: ignore[misc]

    # -- saving (Keras 1 accepts any file name; see legacy_keras.saving.api) -
    def save_weights(self, filepath: str, overwrite: bool = True, **kwargs: Any) -> None:
        from legacy_keras.saving.api import save_weights_any
        save_weights_any(self, filepath, overwrite=overwrite, **kwargs)

    def load_weights(self, filepath: str, by_name: bool = False, **kwargs: Any) -> None:
        from legacy_keras.saving.api import load_weights_any
        load_weights_any(self, filepath, by_name=by_name, **kwargs)

    def save(self, filepath: str, overwrite: bool = True, **kwargs: Any) -> None:
        from legacy_keras.saving.api import save_model
        save_model(self, filepath, overwrite=overwrite, **kwargs)

    def to_yaml(self, **kwargs: Any) -> str:
        from legacy_keras.saving.api import to_yaml
        return to_yaml(self, **kwargs)

    def get_config(self) -> dict:
        """Keras 3 config, with nested Merge-first Sequentials marked as functional models.

        A Sequential starting with ``Merge([model_a, model_b])`` serializes as its
        functional equivalent (several inputs), which Keras 3's
        ``Sequential.from_config`` cannot rebuild; nested inside another model
        it keeps the class name "Sequential", so it is renamed here.
        """
        return _functional_nested_merges(super().get_config())  # type: ignore[misc]

    @property
    def uses_learning_phase(self) -> bool:
        """Keras 1: whether any layer behaves differently in training."""
        from legacy_keras.engine.topology import _uses_learning_phase
        return _uses_learning_phase(self)

    @property
    def updates(self) -> list:
        """Keras 1 ``model.updates``: the layers' updates for the calls inside this model.

        A shared layer (e.g. one BatchNormalization applied to two inputs)
        contributes the updates of each of its calls that belong to this
        model, plus its unconditional ones, as Keras 1's ``Container`` did.
        """
        own = _keras3.function_nodes(self)
        found: list = []
        for layer in self.layers:  # type: ignore[attr-defined]
            if not hasattr(layer, "get_updates_for"):
                found += list(getattr(layer, "updates", None) or [])
                continue
            nodes = list(_keras3.inbound_nodes(layer, []))
            if len(nodes) <= 1 or own is None:
                found += list(layer.updates)
                continue
            for node_index, node in enumerate(nodes):
                if f"{id(layer)}_ib-{node_index}" in own or node in own:
                    inputs = list(node.input_tensors)
                    found += layer.get_updates_for(inputs[0] if len(inputs) == 1 else inputs)
            found += layer.get_updates_for(None)
        return found

    def get_updates_for(self, inputs: Any) -> list:
        return [] if inputs is not None else self.updates

    def reset_states(self) -> None:
        """Keras 1 ``Container.reset_states``: reset every stateful layer, nested ones too.

        Keras 3 models lost this method; Keras 1 scripts call it between
        sequences of a stateful RNN.
        """
        for layer in self.layers:
            if hasattr(layer, "reset_states") and (getattr(layer, "stateful", False)
                                                    or isinstance(layer, keras.Model)):
                layer.reset_states()

    # -- compile ---------------------------------------------------------
    def compile(self, optimizer: Any = "rmsprop", loss: Any = None, metrics: Any = None,
                loss_weights: Any = None, sample_weight_mode: Any = None, **kwargs: Any) -> None:
        """Keras 1 ``compile``; Keras 1 names for optimizer, loss and metrics."""
        unknown = sorted(set(kwargs) - set(_KERAS3_COMPILE_KWARGS))
        if unknown:
            # Keras 1 handed extra keywords to K.function (Theano's mode=, ...)
            warnings.warn(f"compile: keyword argument(s) {', '.join(map(repr, unknown))} ignored: "
                          "Keras 1 passed them to the backend function (e.g. Theano's mode=); "
                          "Keras 3 has no such option", stacklevel=2)
            for key in unknown:
                kwargs.pop(key)
        optimizer = _get_optimizer(optimizer)
        names = self._keras1_output_names()
        shapes = self._keras1_output_shapes()
        n_out = len(names) if names else 1
        loss_list = self._keras1_per_output(loss, names, "loss")
        loss_fns = [l if isinstance(l, keras.losses.Loss) else _get_objective(l) for l in loss_list]
        losses = [l if isinstance(l, keras.losses.Loss) else Keras1Loss(l) for l in loss_fns]
        if loss_weights is not None:
            loss_weights = self._keras1_per_output(loss_weights, names, "loss_weights",
                                                   broadcast=False)
        nested = self._keras1_collect_metrics(metrics, names)
        keras3_metrics: list[list[Any]] = []
        metric_names: list[str] = []
        for i in range(n_out):
            per_output = []
            shape = shapes[i] if shapes and i < len(shapes) else None
            for metric in nested[i]:
                if metric in ("acc", "accuracy"):
                    wrapper = Keras1Metric(_accuracy_fn(shape, loss_fns[i]), name="acc")
                    labels = ["acc"]
                elif isinstance(metric, keras.metrics.Metric):
                    wrapper = metric
                    labels = [metric.name]
                else:
                    fn = _get_metric(metric)
                    keys = _probe_metric_keys(fn, shape)
                    wrapper = Keras1Metric(fn, keys=keys)
                    labels = keys or [wrapper.base_name]
                per_output.append(wrapper)
                prefix = f"{names[i]}_" if n_out > 1 else ""
                metric_names += [prefix + label for label in labels]
            keras3_metrics.append(per_output)
        self.sample_weight_mode = sample_weight_mode
        self.loss_functions = loss_fns
        self.loss_weights_keras1 = loss_weights
        self.keras1_metrics = metrics
        super().compile(optimizer=optimizer,  # type: ignore[misc]
                        loss=losses if n_out > 1 else losses[0],
                        loss_weights=loss_weights if loss_weights is None or n_out > 1
                        else loss_weights[0],
                        metrics=keras3_metrics if n_out > 1 else keras3_metrics[0], **kwargs)
        output_losses = [f"{n}_loss" for n in names] if n_out > 1 else []
        self._keras1_metrics_names = ["loss"] + output_losses + metric_names
        self._keras1_set_batch_metrics(keras3_metrics if n_out == 1 else None)
        self._keras1_record_sample_weight_mode(sample_weight_mode)
        object.__setattr__(self, "_keras1_loss_model", self._keras1_closure_loss_model(loss_fns))

    def _keras1_record_sample_weight_mode(self, mode: Any) -> None:
        """Keep ``sample_weight_mode`` in the saved compile/training config.

        Keras 3 has no such argument (it reads the weights' shape), but Keras 1
        code reads ``model.sample_weight_mode`` after ``load_model``.
        """
        self.sample_weight_mode = mode
        compile_config = _keras3.compile_config(self)
        if compile_config is not None and mode is not None:
            compile_config["sample_weight_mode"] = mode

    def _keras1_closure_loss_model(self, loss_fns: list) -> Any:
        """Trace a loss that reads the model's own tensors into a model computing it.

        Keras 1 losses were symbolic, so a variational autoencoder's loss could
        use ``z_mean`` from the enclosing script.  Keras 3 calls losses on batch
        values, where those symbolic tensors mean nothing; instead the loss is
        applied once to symbolic targets and outputs (legacy K functions record
        on symbolic tensors) and the resulting graph, which shares every layer
        with this model, computes the per-sample loss during fit and evaluate.
        """
        if not any(_closes_over_keras_tensors(fn) for fn in loss_fns):
            return None
        outputs = list(self.outputs)  # type: ignore[attr-defined]
        if len(outputs) != 1:
            raise NotImplementedError(
                "compile: a loss that uses the model's intermediate tensors is supported for "
                "single-output models only; add the term with a Lambda layer output instead")
        output = outputs[0]
        y_true = keras.Input(batch_shape=tuple(output.shape), dtype=output.dtype,
                             name="keras1_loss_target")
        score = loss_fns[0](y_true, output)
        return keras.Model(list(self.inputs) + [y_true], score)  # type: ignore[attr-defined]

    def compute_loss(self, x: Any = None, y: Any = None, y_pred: Any = None,
                     sample_weight: Any = None, training: bool = True) -> Any:
        """Keras 3 hook; evaluates a traced closure loss (see above) when there is one."""
        loss_model = getattr(self, "_keras1_loss_model", None)
        if loss_model is None:
            return super().compute_loss(x, y, y_pred, sample_weight,  # type: ignore[misc]
                                        training=training)
        inputs = list(x) if isinstance(x, (list, tuple)) else [x]
        target = y[0] if isinstance(y, (list, tuple)) else y
        scores = loss_model(inputs + [target], training=training)
        total = Keras1Loss(_scores_as_loss)(target, scores, sample_weight)
        for extra in self.losses:  # type: ignore[attr-defined]
            total = total + scale_loss_for_distribution(ops.cast(extra, total.dtype))
        return total

    def compile_from_config(self, config: dict) -> None:
        """Re-compile from a saved compile config (``.keras``/HDF5 loading).

        The saved objects are already Keras 1 ones (``Keras1Loss``,
        ``Keras1Metric``, legacy optimizers), so they go to Keras 3's
        ``compile`` unchanged; ``metrics_names`` is rebuilt from them.
        """
        from legacy_keras._keras3 import serialization_lib
        config = serialization_lib.deserialize_keras_object(config)
        self._keras1_compile_objects(**config)
        self._keras1_build_optimizer()

    def _keras1_build_optimizer(self) -> None:
        """Create the optimizer's slots now, so saved optimizer state can be set."""
        if getattr(self, "built", False) and getattr(self, "optimizer", None) is not None:
            self.optimizer.build(self.trainable_variables)

    def _keras1_compile_from_training_config(self, training_config: dict,
                                             custom_objects: dict | None = None,
                                             optimizer_weights: list | None = None) -> None:
        """Compile from an HDF5 file's ``training_config`` and restore the optimizer state.

        ``training_config`` is what Keras 3's HDF5 writer stores (the compile
        config, objects serialized one by one, plus ``optimizer_config``); the
        optimizer config of a legacy_keras optimizer has Keras 1 keys, so it is
        read by :func:`legacy_keras.optimizers.get`, not by Keras 3's resolver.
        ``optimizer_weights`` (the file's ``optimizer_weights`` arrays) are put
        back as Keras 1's ``load_model`` did, so training resumes where it was.
        """
        from legacy_keras._keras3 import serialization_lib
        config = dict(training_config)
        optimizer_config = config.pop("optimizer_config", None)
        config.pop("optimizer", None)
        with keras.saving.custom_object_scope(custom_objects or {}):
            config = serialization_lib.deserialize_keras_object(config)
            optimizer = _get_optimizer(optimizer_config) if optimizer_config else "rmsprop"
        self._keras1_compile_objects(optimizer=optimizer, **config)
        if optimizer_weights:
            self._keras1_set_optimizer_state(optimizer_weights)

    def _keras1_set_optimizer_state(self, values: list) -> None:
        """Put saved optimizer variables (Keras 3 ``optimizer.variables`` order) back.

        A model saved right after ``compile`` has only the optimizer's
        step counter and learning rate (no slots yet): those are set and the
        slots start at their initial values, as they would have.
        """
        self._keras1_build_optimizer()
        variables = list(self.optimizer.variables)
        values = [np.asarray(v) for v in values]
        if len(values) < len(variables):
            unbuilt = len(type(self.optimizer).from_config(self.optimizer.get_config()).variables)
            variables = variables[:unbuilt] if len(values) == unbuilt else variables
        shapes_match = len(values) == len(variables) and all(
            tuple(v.shape) == tuple(a.shape) for v, a in zip(variables, values))
        if not shapes_match:
            warnings.warn(f"optimizer state not restored: the file has {len(values)} optimizer "
                          f"arrays, {type(self.optimizer).__name__} here has {len(variables)} "
                          "with other shapes; training resumes with a fresh optimizer state",
                          stacklevel=3)
            return
        for variable, value in zip(variables, values):
            variable.assign(value)

    def _keras1_load_optimizer_state(self, filepath: str) -> None:
        """Restore the optimizer variables saved in a ``.keras`` archive.

        Keras 3's ``load_model(compile=False)`` (used so that the legacy
        ``compile_from_config`` runs) skips them; loading the archive's state
        again with the optimizer built sets them (and the same model weights).
        """
        if getattr(self, "optimizer", None) is None or not getattr(self, "built", False):
            return
        with warnings.catch_warnings():
            # saved right after compile: the file has only the step counter and
            # learning rate of an unbuilt optimizer, which the config restored
            warnings.filterwarnings("ignore", message="Skipping variable loading for optimizer")
            keras.Model.load_weights(self, filepath)

    def _keras1_compile_objects(self, optimizer: Any = "rmsprop", loss: Any = None,
                                metrics: Any = None, loss_weights: Any = None,
                                sample_weight_mode: Any = None, **kwargs: Any) -> None:
        if isinstance(optimizer, (str, dict)):
            optimizer = _get_optimizer(optimizer)
        super().compile(optimizer=optimizer, loss=loss, metrics=metrics,  # type: ignore[misc]
                        loss_weights=loss_weights, **kwargs)
        self._keras1_record_sample_weight_mode(sample_weight_mode)
        loss_objects = loss if isinstance(loss, (list, tuple)) else \
            list(loss.values()) if isinstance(loss, dict) else [loss]
        self.loss_functions = [getattr(l, "fn", l) for l in loss_objects]
        names = self._keras1_output_names()
        n_out = max(len(names), 1)
        if metrics is None:
            nested: list = [[] for _ in range(n_out)]
        elif isinstance(metrics, dict):
            nested = [list(metrics.get(n) or []) for n in names]
        elif n_out > 1 and metrics and isinstance(metrics[0], (list, tuple)):
            nested = [list(m) for m in metrics]
        else:
            nested = [list(metrics) for _ in range(n_out)]
        labels: list[str] = []
        for i, per_output in enumerate(nested):
            prefix = f"{names[i]}_" if n_out > 1 else ""
            for metric in per_output:
                if isinstance(metric, Keras1Metric):
                    found = metric.keys or [metric.base_name]
                elif isinstance(metric, keras.metrics.Metric):
                    found = [metric.name]
                elif metric in ("acc", "accuracy"):
                    found = ["acc"]
                else:
                    found = [getattr(_get_metric(metric), "__name__", str(metric))]
                labels += [prefix + label for label in found]
        output_losses = [f"{n}_loss" for n in names] if n_out > 1 else []
        self._keras1_metrics_names = ["loss"] + output_losses + labels
        self._keras1_set_batch_metrics(nested if n_out == 1 and not kwargs.get("weighted_metrics")
                                       else None)

    def _keras1_set_batch_metrics(self, nested: list | None) -> None:
        """Remember a single-output model's Keras 1 metrics for the one-batch test path."""
        object.__setattr__(self, "_keras1_batch_metrics", list(nested[0]) if nested else None)
        object.__setattr__(self, "_keras1_test_fn", None)

    def _keras1_make_test_fn(self) -> Any:
        """A traced function giving Keras 1's ``test_on_batch`` values for one batch.

        Keras 3's ``test_on_batch`` first resets every metric variable (one
        eager assignment each, about as costly as the whole test step on a
        small model); for one batch the result is known without state: the
        loss tracker's ``loss * n / n`` and each Keras 1 metric's
        ``mean(fn) * n / max(n, 1)``, computed here with the same operations so
        the numbers are the same.  Only single-output models whose metrics are
        all Keras 1 functions take this path (None otherwise).
        """
        metrics = getattr(self, "_keras1_batch_metrics", None)
        if metrics is None or not all(isinstance(m, Keras1Metric) for m in metrics):
            return None
        import tensorflow as tf

        def step(x: Any, y: Any, sample_weight: Any) -> list:
            y_pred = self(x, training=False)
            loss = _keras3.hook(self, "compute_loss")(x=x, y=y, y_pred=y_pred,
                                                      sample_weight=sample_weight, training=False)
            y_pred = ops.convert_to_tensor(y_pred)
            n = ops.cast(ops.shape(y_pred)[0], "float32")
            loss = ops.cast(loss, "float32")
            values = [ops.divide_no_nan(loss * n, n)]
            y_true = ops.cast(y, y_pred.dtype)
            for metric in metrics:
                value = metric.fn(y_true, y_pred)
                parts = [value[k] for k in metric.keys] if metric.keys else [value]
                values += [ops.mean(ops.cast(v, "float32")) * n / ops.maximum(n, 1.)
                           for v in parts]
            return values
        return tf.function(step, reduce_retracing=True, jit_compile=bool(self.jit_compile))

    def _keras1_test_batch(self, x: Any, y: Any, sample_weight: Any) -> Any:
        """``test_on_batch`` on prepared Keras 1 data: a scalar or ``metrics_names``-ordered list."""
        fn = getattr(self, "_keras1_test_fn", None)
        if fn and not isinstance(y, (list, tuple, dict)):
            values = [float(v) for v in fn(x, y, sample_weight)]
            return values[0] if len(values) == 1 else values
        # first call (builds the model's losses and metrics) or a general model
        logs = super().test_on_batch(x, y, sample_weight=sample_weight,  # type: ignore[misc]
                                     return_dict=True)
        if fn is None and hasattr(self, "_keras1_test_fn"):
            object.__setattr__(self, "_keras1_test_fn", self._keras1_make_test_fn() or False)
        return self._keras1_ordered(logs)

    @property
    def metrics_names(self) -> list[str]:
        """Keras 1 ``metrics_names``: ``['loss', '<out>_loss'..., 'acc'...]`` right after compile."""
        names = getattr(self, "_keras1_metrics_names", None)
        if names is not None:
            return list(names)
        return super().metrics_names  # type: ignore[misc]

    def _keras1_output_names(self) -> list[str]:
        try:
            outputs = self.outputs  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            return []
        names = getattr(self, "output_names", None)
        if names:
            return list(names)
        return [_keras3.keras_history(t)[0].name for t in outputs]

    def _keras1_output_shapes(self) -> list[tuple] | None:
        try:
            outputs = self.outputs  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            return None
        return [tuple(t.shape) for t in outputs] if outputs else None

    def _keras1_per_output(self, value: Any, names: list[str], what: str,
                           broadcast: bool = True) -> list:
        n_out = len(names) if names else 1
        if isinstance(value, dict):
            missing = [n for n in names if n not in value]
            if missing:
                raise ValueError(f'Output "{missing[0]}" missing from {what} dictionary')
            return [value[n] for n in names]
        if isinstance(value, (list, tuple)):
            if len(value) != n_out:
                raise ValueError(f"When passing a list as {what}, it should have one entry per "
                                 f"model output. The model has {n_out} outputs, but you passed "
                                 f"{what}={value!r}")
            return list(value)
        if value is None and what == "loss":
            raise ValueError("compile: a loss is required")
        return [value] * n_out

    @staticmethod
    def _keras1_collect_metrics(metrics: Any, names: list[str]) -> list[list]:
        n_out = len(names) if names else 1
        if not metrics:
            return [[] for _ in range(n_out)]
        if isinstance(metrics, (list, tuple)):
            return [list(metrics) for _ in range(n_out)]
        if isinstance(metrics, dict):
            nested = []
            for name in names:
                m = metrics.get(name, [])
                nested.append(list(m) if isinstance(m, (list, tuple)) else [m])
            return nested
        raise TypeError("Type of `metrics` argument not understood. Expected a list or dictionary, "
                        f"found: {metrics!r}")

    # -- data helpers ----------------------------------------------------
    def _keras1_x(self, x: Any) -> Any:
        """Keras 1 ``standardize_input_data`` for inputs (see :func:`_standardize_list`)."""
        try:
            n_in = len(self.inputs)  # type: ignore[attr-defined]
        except (AttributeError, ValueError, TypeError):
            n_in = 1
        return _map_arrays(_standardize_list(x, n_in, "model input"), _keras1_array)

    def _keras1_y(self, y: Any) -> Any:
        """Keras 1 ``standardize_input_data`` for targets (``[1] * n + [0] * n`` is a column)."""
        n_out = max(len(self._keras1_output_names()), 1)
        return _map_arrays(_standardize_list(y, n_out, "model target"), _keras1_target)

    def _keras1_sample_weight(self, y: Any, sample_weight: Any, class_weight: Any) -> Any:
        """Keras 1: sample weights win; else class weights become sample weights."""
        if sample_weight is not None:
            if isinstance(sample_weight, dict):
                names = self._keras1_output_names()
                return [sample_weight.get(n) for n in names] if len(names) > 1 \
                    else sample_weight.get(names[0])
            return sample_weight
        if not class_weight:
            return None
        names = self._keras1_output_names()
        if isinstance(y, dict):
            ys = [y[n] for n in names]
        elif isinstance(y, (list, tuple)):
            ys = list(y)
        else:
            ys = [y]
        if len(ys) == 1:
            cw = class_weight.get(names[0], class_weight) if names and names[0] in class_weight \
                else class_weight
            return _class_weights_per_sample(ys[0], cw)
        weights = []
        for name, target in zip(names, ys):
            cw = class_weight.get(name) if isinstance(class_weight.get(name), dict) else None
            weights.append(_class_weights_per_sample(target, cw) if cw else None)
        if all(w is None for w in weights):
            return None
        n = _nb_samples(ys)
        return [w if w is not None else np.ones((n,), "float32") for w in weights]

    def _keras1_ordered(self, logs: dict) -> Any:
        names = self.metrics_names
        values = [float(logs[n]) for n in names if n in logs]
        values += [float(v) for k, v in logs.items() if k not in names]
        return values[0] if len(values) == 1 else values

    def _keras1_callbacks(self, callbacks: Iterable | None, params: dict, sizes: _BatchSizes,
                          cumulative: bool) -> list:
        wrapped = []
        for callback in callbacks or []:
            if _is_keras3_callback(callback):
                wrapped.append(callback)
            else:
                wrapped.append(Keras1CallbackAdapter(callback, params, sizes, cumulative))
        return wrapped

    def _keras1_set_validation_data(self, value: Any) -> None:
        # Bypass Keras 3 attribute tracking (it would wrap the arrays).
        object.__setattr__(self, "validation_data", value)

    # -- fit / evaluate / predict ---------------------------------------
    @_keras1_signature("fit")
    def fit(self, x: Any = None, y: Any = None, batch_size: int | None = _SPEC,
            nb_epoch: int = _SPEC, verbose: int | str = _SPEC, callbacks: list | None = _SPEC,
            validation_split: float = _SPEC, validation_data: Any = _SPEC,
            shuffle: bool | str = _SPEC, class_weight: Any = _SPEC, sample_weight: Any = _SPEC,
            initial_epoch: int = _SPEC, **kwargs: Any) -> Any:
        """Keras 1 ``fit`` (``nb_epoch=10`` by default); returns the ``History``."""
        if "epochs" in kwargs:
            nb_epoch = kwargs.pop("epochs")
        if "show_accuracy" in kwargs:
            kwargs.pop("show_accuracy")
            warnings.warn("The \"show_accuracy\" argument is deprecated, instead you should pass "
                          "the \"accuracy\" metric to the model at compile time:\n"
                          "`model.compile(optimizer, loss, metrics=[\"accuracy\"])`", stacklevel=2)
        unknown = sorted(set(kwargs) - set(_KERAS3_FIT_KWARGS))
        if unknown:
            raise TypeError(f"fit: keyword argument not understood: {unknown[0]!r}")
        if batch_size is None:
            batch_size = 32
        x, y = self._keras1_x(x), self._keras1_y(y)
        sample_weight = self._keras1_sample_weight(y, sample_weight, class_weight)
        if validation_data is not None:
            validation_data = tuple(validation_data)
            if len(validation_data) not in (2, 3):
                raise ValueError("When passing validation_data, it must contain 2 (x_val, y_val) "
                                 "or 3 (x_val, y_val, val_sample_weights) items, however it "
                                 f"contains {len(validation_data)} items")
            val_x, val_y = self._keras1_x(validation_data[0]), self._keras1_y(validation_data[1])
            val_w = validation_data[2] if len(validation_data) == 3 else None
            val_w = self._keras1_sample_weight(val_y, val_w, None)
            validation_data = (val_x, val_y) if val_w is None else (val_x, val_y, val_w)
        elif validation_split and 0. < validation_split < 1.:
            n = _nb_samples(x)
            split_at = int(n * (1. - validation_split))
            val_w = _slice_data(sample_weight, split_at, None)
            validation_data = (_slice_data(x, split_at, None), _slice_data(y, split_at, None))
            if val_w is not None:
                validation_data += (val_w,)
            x, y = _slice_data(x, 0, split_at), _slice_data(y, 0, split_at)
            sample_weight = _slice_data(sample_weight, 0, split_at)
        do_validation = validation_data is not None
        if do_validation:
            vd = [validation_data[0]] if not isinstance(validation_data[0], list) \
                else list(validation_data[0])
            vd += [validation_data[1]] if not isinstance(validation_data[1], list) \
                else list(validation_data[1])
            vd += [validation_data[2] if len(validation_data) == 3 else None]
            self._keras1_set_validation_data(vd)
        else:
            self._keras1_set_validation_data([])
        nb_sample = _nb_samples(x)
        labels = self.metrics_names
        params = {"batch_size": batch_size, "nb_epoch": nb_epoch, "nb_sample": nb_sample,
                  "verbose": verbose, "do_validation": do_validation,
                  "metrics": list(labels) + (["val_" + n for n in labels] if do_validation else [])}
        sizes = _BatchSizes(nb_sample, batch_size if "steps_per_epoch" not in kwargs else None)
        callbacks = self._keras1_callbacks(callbacks, params, sizes, cumulative=True)
        return super().fit(x, y, batch_size=batch_size, epochs=nb_epoch,  # type: ignore[misc]
                           verbose=verbose, callbacks=callbacks, validation_data=validation_data,
                           shuffle=shuffle, sample_weight=sample_weight,
                           initial_epoch=initial_epoch, **kwargs)

    def evaluate(self, x: Any = None, y: Any = None, batch_size: int | None = 32,
                 verbose: int | str = 1, sample_weight: Any = None, **kwargs: Any) -> Any:
        """Keras 1 ``evaluate``: a scalar, or a list ordered like ``metrics_names``."""
        if kwargs.pop("return_dict", False):
            return super().evaluate(self._keras1_x(x), self._keras1_y(y),  # type: ignore[misc]
                                    batch_size=batch_size, verbose=verbose,
                                    sample_weight=sample_weight, return_dict=True, **kwargs)
        if "show_accuracy" in kwargs:
            kwargs.pop("show_accuracy")
        x, y = self._keras1_x(x), self._keras1_y(y)
        sample_weight = self._keras1_sample_weight(y, sample_weight, None)
        n = _one_batch(x, batch_size, kwargs)
        if n:
            result = self._keras1_test_batch(x, y, sample_weight)
            _keras1_progbar(n, verbose)
            return result
        logs = super().evaluate(x, y, batch_size=batch_size or 32,  # type: ignore[misc]
                                verbose=verbose, sample_weight=sample_weight, return_dict=True,
                                **kwargs)
        return self._keras1_ordered(logs)

    def predict(self, x: Any, batch_size: int | None = 32, verbose: int | str = 0,
                **kwargs: Any) -> Any:
        """Keras 1 ``predict`` (silent by default, as in Keras 1).

        Input that fits in one batch runs as one ``predict_on_batch`` call:
        Keras 3's ``predict`` builds a data pipeline per call (tens of ms),
        which made Keras 1's predict-one-sample loops (text generation, RL
        agents) tens of times slower than in Keras 1.
        """
        x = self._keras1_x(x)
        n = _one_batch(x, batch_size, kwargs)
        if n:
            outputs = super().predict_on_batch(x)  # type: ignore[misc]
            _keras1_progbar(n, verbose)
            return outputs
        return super().predict(x, batch_size=batch_size or 32,  # type: ignore[misc]
                               verbose=verbose, **kwargs)

    def train_on_batch(self, x: Any, y: Any, class_weight: Any = None, sample_weight: Any = None,
                       **kwargs: Any) -> Any:
        """One gradient update; returns the batch's loss (and metrics) before the update."""
        y = self._keras1_y(y)
        sample_weight = self._keras1_sample_weight(y, sample_weight, class_weight)
        logs = super().train_on_batch(self._keras1_x(x), y,  # type: ignore[misc]
                                      sample_weight=sample_weight, return_dict=True, **kwargs)
        return self._keras1_ordered(logs)

    def test_on_batch(self, x: Any, y: Any, sample_weight: Any = None, **kwargs: Any) -> Any:
        y = self._keras1_y(y)
        sample_weight = self._keras1_sample_weight(y, sample_weight, None)
        if not kwargs:
            return self._keras1_test_batch(self._keras1_x(x), y, sample_weight)
        logs = super().test_on_batch(self._keras1_x(x), y,  # type: ignore[misc]
                                     sample_weight=sample_weight, return_dict=True, **kwargs)
        return self._keras1_ordered(logs)

    def predict_on_batch(self, x: Any) -> Any:
        return super().predict_on_batch(self._keras1_x(x))  # type: ignore[misc]



class Model(Keras1TrainingMixin, Functional):
    """Keras 1 ``Model(input, output, name=None)`` (``inputs=``/``outputs=`` work too).

    Keras 1 models were always graphs of layers, so this is a Keras 3
    functional model (``isinstance(model, keras.Model)`` holds).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = ("input", "output", "name")
        if len(args) > len(names):
            raise TypeError(f"Model() takes at most 3 positional arguments ({len(args)} given)")
        bound = dict(zip(names, args))
        for key in names:
            if key in kwargs:
                if key in bound:
                    raise TypeError(f"Model() got multiple values for argument {key!r}")
                bound[key] = kwargs.pop(key)
        for k1, k3 in (("input", "inputs"), ("output", "outputs")):
            if k3 in kwargs and bound.get(k1) is not None:
                raise TypeError(f"Model() got both {k1}= (Keras 1) and {k3}= (Keras 2)")
        inputs = kwargs.pop("inputs", bound.get("input"))
        outputs = kwargs.pop("outputs", bound.get("output"))
        if inputs is None or outputs is None:
            raise TypeError("Model(input, output): Keras 1 models are built from input and output "
                            "tensors")
        name = bound.get("name") or keras1_auto_name("model")
        super().__init__(inputs=inputs, outputs=outputs, name=name, **kwargs)

    # Keras 1 ``Container`` API that Keras 3 models lack or renamed.
    @property
    def input_layers(self) -> list:
        return [_keras3.keras_history(t)[0] for t in self.inputs]

    @property
    def output_layers(self) -> list:
        return [_keras3.keras_history(t)[0] for t in self.outputs]

    def get_output_shape_for(self, input_shape: Any) -> Any:
        return self.compute_output_shape(input_shape)

    @property
    def inbound_nodes(self) -> list:
        from legacy_keras.engine.topology import keras1_nodes
        return keras1_nodes(_keras3.inbound_nodes(self))

    @property
    def outbound_nodes(self) -> list:
        from legacy_keras.engine.topology import keras1_nodes
        return keras1_nodes(_keras3.outbound_nodes(self))

    def get_output_at(self, node_index: int) -> Any:
        from legacy_keras.engine.topology import Keras1LayerAPI
        return Keras1LayerAPI.get_output_at(self, node_index)  # type: ignore[arg-type]

    def get_input_at(self, node_index: int) -> Any:
        from legacy_keras.engine.topology import Keras1LayerAPI
        return Keras1LayerAPI.get_input_at(self, node_index)  # type: ignore[arg-type]

