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

Keras 1 callbacks (objects with ``set_model``/``set_params``/``on_*`` methods,
e.g. ``legacy_keras.callbacks``) are wrapped in one Keras 3 callback,
:class:`Keras1CallbackAdapter`, which hands them Keras 1 ``params``
(``batch_size, nb_epoch, nb_sample, verbose, do_validation, metrics``) and
Keras 1 batch logs (``batch``, ``size`` and that batch's own values, where
Keras 3 reports running means).  Keras 3 callbacks pass through unchanged.
"""
from __future__ import annotations

import warnings
from typing import Any, Callable, Iterable, Sequence

import keras
import numpy as np
from keras import ops

from legacy_keras._keras3 import Functional, keras_mask

from legacy_keras.engine.topology import keras1_auto_name

__all__ = ["Model", "Keras1TrainingMixin", "Keras1Loss", "Keras1Metric",
           "Keras1CallbackAdapter", "slice_X", "make_batches", "standardize_class_weights"]

#: Keras 3 ``compile`` keywords accepted besides Keras 1's.
_KERAS3_COMPILE_KWARGS = ("weighted_metrics", "run_eagerly", "steps_per_execution",
                          "jit_compile", "auto_scale_loss")
#: Keras 3 ``fit`` keywords accepted besides Keras 1's (Keras 2 era code).
_KERAS3_FIT_KWARGS = ("steps_per_epoch", "validation_steps", "validation_batch_size",
                      "validation_freq")


# ---------------------------------------------------------------------------
# Keras 1 helpers

def slice_X(X: Any, start: Any = None, stop: Any = None) -> Any:
    """Keras 1 ``slice_X``: slice an array or list of arrays by range or index list."""
    if isinstance(X, list):
        if hasattr(start, "__len__"):
            if hasattr(start, "shape"):
                start = start.tolist()
            return [x[start] for x in X]
        return [x[start:stop] for x in X]
    if hasattr(start, "__len__"):
        if hasattr(start, "shape"):
            start = start.tolist()
        return X[start]
    return X[start:stop]


def make_batches(size: int, batch_size: int) -> list[tuple[int, int]]:
    """Keras 1 ``make_batches``: ``(start, end)`` index pairs."""
    nb_batch = int(np.ceil(size / float(batch_size)))
    return [(i * batch_size, min(size, (i + 1) * batch_size)) for i in range(nb_batch)]


def _first_array(x: Any) -> Any:
    if isinstance(x, dict):
        return next(iter(x.values()))
    if isinstance(x, (list, tuple)):
        return _first_array(x[0]) if x else None
    return x


def _nb_samples(x: Any) -> int | None:
    first = _first_array(x)
    return None if first is None or not hasattr(first, "shape") else int(first.shape[0])


def _slice_data(data: Any, start: int | None, stop: int | None) -> Any:
    if data is None:
        return None
    if isinstance(data, dict):
        return {k: v[start:stop] for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [d[start:stop] if d is not None else None for d in data]
    return data[start:stop]


def standardize_class_weights(y: Any, class_weight: dict) -> np.ndarray:
    """Keras 1 ``standardize_weights`` for a ``class_weight`` dict: one weight per sample.

    2D one-hot targets use the argmax, ``(n, 1)`` targets their value (Keras 1
    did not support class weights on 3D+ targets).
    """
    y = np.asarray(y)
    if y.ndim > 2:
        raise Exception("class_weight not supported for 3+ dimensional targets.")
    if y.ndim == 2 and y.shape[1] > 1:
        classes = y.argmax(axis=1)
    elif y.ndim == 2 and y.shape[1] == 1:
        classes = np.reshape(y, y.shape[0])
    else:
        classes = y
    return np.asarray([class_weight[int(c)] if int(c) in class_weight else class_weight[c]
                       for c in classes], dtype="float32")


# ---------------------------------------------------------------------------
# Losses and metrics

@keras.saving.register_keras_serializable(package="legacy_keras")
class Keras1Loss(keras.losses.Loss):
    """A Keras 1 objective with Keras 1's weighting (``weighted_objective``).

    Keras 1: ``score = fn(y_true, y_pred)``; with a mask, ``score * mask /
    mean(mask)``; with sample weights (class weights become sample weights),
    ``score`` is first averaged down to the weights' rank, then ``score * w /
    mean(w != 0)``; the loss is ``mean(score)``.  Keras 3 divides by the batch
    size only, so losses differ whenever some weights are zero.
    """

    def __init__(self, fn: Callable | str = "mean_squared_error", name: str | None = None,
                 **kwargs: Any) -> None:
        kwargs.pop("reduction", None)
        if isinstance(fn, (str, dict)):
            fn = _get_objective(fn)
        self.fn = fn
        super().__init__(name=name or getattr(fn, "__name__", "loss"), reduction="none", **kwargs)

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        mask = keras_mask(y_pred)
        y_pred = ops.convert_to_tensor(y_pred)
        # Keras 1 targets were placeholders of the output's dtype (floatX)
        y_true = ops.cast(y_true, y_pred.dtype)
        score = self.fn(y_true, y_pred)
        score = ops.convert_to_tensor(score)
        if not str(score.dtype).startswith("float"):
            score = ops.cast(score, "float32")
        if mask is not None:
            mask = ops.cast(mask, score.dtype)
            while len(mask.shape) > len(score.shape):
                mask = ops.squeeze(mask, -1) if mask.shape[-1] == 1 else ops.mean(mask, -1)
            score = score * mask / ops.mean(mask)
        if sample_weight is not None:
            weights = ops.cast(ops.convert_to_tensor(sample_weight), score.dtype)
            while len(weights.shape) > len(score.shape) and weights.shape[-1] == 1:
                weights = ops.squeeze(weights, -1)
            wdim = len(weights.shape)
            if len(score.shape) > wdim:
                score = ops.mean(score, axis=list(range(wdim, len(score.shape))))
            score = score * weights
            score = score / ops.mean(ops.cast(ops.not_equal(weights, 0), score.dtype))
        return ops.mean(score)

    def call(self, y_true: Any, y_pred: Any) -> Any:
        return self.fn(y_true, y_pred)

    def get_config(self) -> dict:
        return {"name": self.name, "fn": keras.saving.serialize_keras_object(self.fn)
                if not _is_named_objective(self.fn) else self.fn.__name__}

    @classmethod
    def from_config(cls, config: dict) -> "Keras1Loss":
        fn = config.get("fn")
        if isinstance(fn, dict):
            fn = keras.saving.deserialize_keras_object(fn)
        return cls(fn=fn, name=config.get("name"))


def _scores_as_loss(y_true: Any, scores: Any) -> Any:
    """Per-sample loss values already computed (closure losses)."""
    return scores


def _closes_over_keras_tensors(fn: Any) -> bool:
    """Whether a loss function reads symbolic Keras tensors (globals or closure)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    values = [cell.cell_contents for cell in (fn.__closure__ or ()) if _cell_is_set(cell)]
    namespace = getattr(fn, "__globals__", {})
    values += [namespace[name] for name in code.co_names if name in namespace]
    return any(isinstance(value, keras.KerasTensor) for value in values)


def _cell_is_set(cell: Any) -> bool:
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def _is_named_objective(fn: Any) -> bool:
    try:
        return _get_objective(getattr(fn, "__name__", None)) is fn
    except Exception:
        return False


def _get_objective(identifier: Any) -> Callable:
    try:
        from legacy_keras import objectives
    except ImportError:  # pragma: no cover - module written concurrently
        return keras.losses.get(identifier)
    return objectives.get(identifier)


def _get_metric(identifier: Any) -> Callable:
    try:
        from legacy_keras import metrics as k1_metrics
    except ImportError:  # pragma: no cover
        return keras.metrics.get(identifier)
    return k1_metrics.get(identifier)


def _get_optimizer(identifier: Any) -> Any:
    try:
        from legacy_keras import optimizers
    except ImportError:  # pragma: no cover
        return keras.optimizers.get(identifier)
    return optimizers.get(identifier)


@keras.saving.register_keras_serializable(package="legacy_keras")
class Keras1Metric(keras.metrics.Metric):
    """A Keras 1 metric function: per batch ``mean(fn(y_true, y_pred))``, averaged over
    the epoch weighted by batch size (Keras 1's ``BaseLogger``); sample weights
    and masks are ignored, as Keras 1 did.  A function returning a dict gives
    one value per key (``keys``), reported under those names.
    """

    def __init__(self, fn: Callable | str, name: str | None = None,
                 keys: Sequence[str] | None = None, **kwargs: Any) -> None:
        if isinstance(fn, (str, dict)):
            fn = _get_metric(fn)
        self.fn = fn
        self.base_name = name or getattr(fn, "__name__", "metric")
        super().__init__(name=self.base_name, **kwargs)
        self.keys = list(keys) if keys else None
        count = len(self.keys) if self.keys else 1
        self.totals = [self.add_variable(shape=(), initializer="zeros", name=f"total_{i}")
                       for i in range(count)]
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        y_pred = ops.convert_to_tensor(y_pred)
        value = self.fn(ops.cast(y_true, y_pred.dtype), y_pred)
        n = ops.cast(ops.shape(y_pred)[0], "float32")
        values = [value[k] for k in self.keys] if self.keys else [value]
        for total, v in zip(self.totals, values):
            total.assign_add(ops.mean(ops.cast(v, "float32")) * n)
        self.count.assign_add(n)

    def result(self) -> Any:
        denominator = ops.maximum(self.count, 1.)
        if not self.keys:
            return self.totals[0] / denominator
        prefix = self.name[: -len(self.base_name)] if self.name.endswith(self.base_name) else ""
        return {prefix + key: total / denominator for key, total in zip(self.keys, self.totals)}

    def reset_state(self) -> None:
        for variable in self.variables:
            variable.assign(0.)

    def get_config(self) -> dict:
        fn = self.fn.__name__ if _is_named_metric(self.fn) else keras.saving.serialize_keras_object(self.fn)
        return {"name": self.base_name, "fn": fn, "keys": self.keys}

    @classmethod
    def from_config(cls, config: dict) -> "Keras1Metric":
        fn = config.get("fn")
        if isinstance(fn, dict):
            fn = keras.saving.deserialize_keras_object(fn)
        return cls(fn=fn, name=config.get("name"), keys=config.get("keys"))


def _is_named_metric(fn: Any) -> bool:
    try:
        return _get_metric(getattr(fn, "__name__", None)) is fn
    except Exception:
        return False


def _probe_metric_keys(fn: Callable, shape: Sequence[int | None] | None) -> list[str] | None:
    """Keys of a metric function that returns a dict (Keras 1 expanded those), else None."""
    if shape is None or _is_named_metric(fn):
        return None
    concrete = tuple(2 if d is None else int(d) for d in shape)
    try:
        probe = ops.convert_to_tensor(np.full(concrete, 0.5, dtype="float32"))
        value = fn(probe, probe)
    except Exception:
        return None
    return list(value) if isinstance(value, dict) else None


def _accuracy_fn(output_shape: Sequence | None, loss_fn: Any) -> Callable:
    """Keras 1's choice of accuracy function for ``metrics=['accuracy']``."""
    name = getattr(loss_fn, "__name__", "")
    if (output_shape is not None and output_shape[-1] == 1) or name == "binary_crossentropy":
        return _get_metric("binary_accuracy")
    if name == "sparse_categorical_crossentropy":
        return _get_metric("sparse_categorical_accuracy")
    return _get_metric("categorical_accuracy")


# ---------------------------------------------------------------------------
# Callbacks

class _BatchSizes:
    """Size of each batch of the running epoch, shared with the callback adapters."""

    def __init__(self, nb_sample: int | None = None, batch_size: int | None = None) -> None:
        self.nb_sample = nb_sample
        self.batch_size = batch_size
        self.current: int | None = None

    def size(self, batch: int) -> int | None:
        if self.current is not None:
            return self.current
        if self.nb_sample is None or not self.batch_size:
            return None
        return int(min(self.batch_size, self.nb_sample - batch * self.batch_size))


def _call(callback: Any, method: str, *args: Any) -> None:
    fn = getattr(callback, method, None)
    if fn is not None:
        fn(*args)


class Keras1CallbackAdapter(keras.callbacks.Callback):
    """Run a Keras 1 callback object inside Keras 3's ``fit``.

    ``cumulative=True`` (Keras 3 ``fit``): Keras 3 batch logs are running means
    since the epoch began; the adapter turns them back into the batch's own
    values (Keras 1 gave those), using the batch sizes.
    """

    def __init__(self, callback: Any, params: dict, sizes: _BatchSizes,
                 cumulative: bool = True) -> None:
        super().__init__()
        self.callback = callback
        self.keras1_params = dict(params)
        self.sizes = sizes
        self.cumulative = cumulative
        self._seen = 0
        self._previous: dict[str, float] = {}

    def set_model(self, model: Any) -> None:
        super().set_model(model)
        _call(self.callback, "set_model", model)
        if not hasattr(self.callback, "set_model"):
            self.callback.model = model

    def set_params(self, params: dict) -> None:
        super().set_params(params)
        if hasattr(self.callback, "set_params"):
            self.callback.set_params(dict(self.keras1_params))
        else:
            self.callback.params = dict(self.keras1_params)

    def on_train_begin(self, logs: dict | None = None) -> None:
        _call(self.callback, "on_train_begin", {})

    def on_train_end(self, logs: dict | None = None) -> None:
        _call(self.callback, "on_train_end", {})

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._seen = 0
        self._previous = {}
        _call(self.callback, "on_epoch_begin", epoch, {})

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        k1_logs = _keras1_logs(logs)
        _call(self.callback, "on_epoch_end", epoch, k1_logs)
        if logs is not None:
            # Keras 1 callbacks could add entries (History records them)
            for key, value in k1_logs.items():
                if key not in logs:
                    logs[key] = value

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        size = self.sizes.size(batch)
        _call(self.callback, "on_batch_begin", batch, {"batch": batch, "size": size})

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        size = self.sizes.size(batch)
        values = _keras1_logs(logs)
        if self.cumulative and size:
            seen = self._seen + size
            current = values
            values = {key: (value * seen - self._previous.get(key, 0.) * self._seen) / size
                      for key, value in current.items()}
            self._previous = current
            self._seen = seen
        batch_logs = {"batch": batch, "size": size}
        batch_logs.update(values)
        _call(self.callback, "on_batch_end", batch, batch_logs)


def _keras1_logs(logs: dict | None) -> dict:
    out = {}
    for key, value in (logs or {}).items():
        try:
            out[key] = float(value)
        except (TypeError, ValueError):
            out[key] = value
    return out


def _is_keras3_callback(callback: Any) -> bool:
    return isinstance(callback, keras.callbacks.Callback)


# ---------------------------------------------------------------------------
# The training mixin

def _keras1_array(value: Any) -> Any:
    """Keras 1 ``standardize_input_data``: a 1-D array is a column, shape (n, 1)."""
    if isinstance(value, np.ndarray) and value.ndim == 1:
        return value[:, None]
    return value


def _keras1_target(value: Any) -> Any:
    """Keras 1 targets: columns, fed through float placeholders (ints become floats).

    Theano's ``allow_input_downcast`` turned integer labels into ``floatx``;
    user losses and metrics (``K.greater(y_true, 0.5)``) rely on that.
    """
    value = _keras1_array(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "biu":
        return value.astype(keras.config.floatx())
    return value


def _map_arrays(data: Any, convert: Any) -> Any:
    """Apply ``convert`` to an array, or to each array of a list or dict."""
    if isinstance(data, list):
        return [convert(item) for item in data]
    if isinstance(data, dict):
        return {key: convert(item) for key, item in data.items()}
    return convert(data)


class Keras1TrainingMixin:
    """Keras 1.2.2 ``compile``/``fit``/``evaluate``/``predict`` and generator methods."""

    # -- saving (Keras 1 accepts any file name; see legacy_keras.models) -----
    def save_weights(self, filepath: str, overwrite: bool = True, **kwargs: Any) -> None:
        from legacy_keras.models import save_weights_any
        save_weights_any(self, filepath, overwrite=overwrite, **kwargs)

    def load_weights(self, filepath: str, by_name: bool = False, **kwargs: Any) -> None:
        from legacy_keras.models import load_weights_any
        load_weights_any(self, filepath, by_name=by_name, **kwargs)

    def save(self, filepath: str, overwrite: bool = True, **kwargs: Any) -> None:
        from legacy_keras.models import save_model
        save_model(self, filepath, overwrite=overwrite, **kwargs)

    def to_yaml(self, **kwargs: Any) -> str:
        from legacy_keras.models import to_yaml
        return to_yaml(self, **kwargs)

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
            raise TypeError(f"compile: keyword argument not understood: {unknown[0]!r} "
                            "(Keras 1 passed extra keywords to K.function; Keras 3 has none)")
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
        object.__setattr__(self, "_keras1_loss_model", self._keras1_closure_loss_model(loss_fns))

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
            total = total + ops.cast(extra, total.dtype)
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
        if getattr(self, "built", False) and getattr(self, "optimizer", None) is not None:
            self.optimizer.build(self.trainable_variables)

    def _keras1_compile_objects(self, optimizer: Any = "rmsprop", loss: Any = None,
                                metrics: Any = None, loss_weights: Any = None,
                                **kwargs: Any) -> None:
        kwargs.pop("sample_weight_mode", None)
        if isinstance(optimizer, (str, dict)):
            optimizer = _get_optimizer(optimizer)
        super().compile(optimizer=optimizer, loss=loss, metrics=metrics,  # type: ignore[misc]
                        loss_weights=loss_weights, **kwargs)
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
        return [t._keras_history[0].name for t in outputs]

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
        """Keras 1 accepted a one-element list for a single-input model."""
        if isinstance(x, (list, tuple)) and len(x) == 1:
            try:
                n_in = len(self.inputs)  # type: ignore[attr-defined]
            except (AttributeError, ValueError, TypeError):
                n_in = 1
            if n_in == 1:
                return _keras1_array(x[0])
        if isinstance(x, tuple):
            x = list(x)
        return _map_arrays(x, _keras1_array)

    def _keras1_y(self, y: Any) -> Any:
        if isinstance(y, (list, tuple)) and len(y) == 1 and len(self._keras1_output_names()) <= 1:
            return _keras1_target(y[0])
        if isinstance(y, tuple):
            y = list(y)
        return _map_arrays(y, _keras1_target)

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
            return standardize_class_weights(ys[0], cw)
        weights = []
        for name, target in zip(names, ys):
            cw = class_weight.get(name) if isinstance(class_weight.get(name), dict) else None
            weights.append(standardize_class_weights(target, cw) if cw else None)
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
    def fit(self, x: Any = None, y: Any = None, batch_size: int | None = 32, nb_epoch: int = 10,
            verbose: int | str = 1, callbacks: list | None = None, validation_split: float = 0.,
            validation_data: Any = None, shuffle: bool | str = True, class_weight: Any = None,
            sample_weight: Any = None, initial_epoch: int = 0, **kwargs: Any) -> Any:
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
        y = self._keras1_y(y)
        sample_weight = self._keras1_sample_weight(y, sample_weight, None)
        logs = super().evaluate(self._keras1_x(x), y, batch_size=batch_size or 32,  # type: ignore[misc]
                                verbose=verbose, sample_weight=sample_weight, return_dict=True,
                                **kwargs)
        return self._keras1_ordered(logs)

    def predict(self, x: Any, batch_size: int | None = 32, verbose: int | str = 0,
                **kwargs: Any) -> Any:
        """Keras 1 ``predict`` (silent by default, as in Keras 1)."""
        return super().predict(self._keras1_x(x), batch_size=batch_size or 32,  # type: ignore[misc]
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
        logs = super().test_on_batch(self._keras1_x(x), y,  # type: ignore[misc]
                                     sample_weight=sample_weight, return_dict=True, **kwargs)
        return self._keras1_ordered(logs)

    def predict_on_batch(self, x: Any) -> Any:
        return super().predict_on_batch(self._keras1_x(x))  # type: ignore[misc]

    # -- generators ----------------------------------------------------------
    @staticmethod
    def _keras1_next(generator: Any) -> Any:
        output = next(generator)
        if not isinstance(output, (tuple, list)) or len(output) not in (2, 3):
            raise ValueError("output of generator should be a tuple (x, y, sample_weight) or "
                             f"(x, y). Found: {output!r}")
        if len(output) == 2:
            return output[0], output[1], None
        return output[0], output[1], output[2]

    @staticmethod
    def _keras1_iterator(generator: Any) -> Any:
        if hasattr(generator, "__next__"):
            return generator
        if hasattr(generator, "next"):
            class _Py2Style:
                def __next__(self_inner):
                    return generator.next()
            return _Py2Style()
        return iter(generator)

    @staticmethod
    def _warn_workers(nb_worker: int, pickle_safe: bool) -> None:
        if nb_worker != 1 or pickle_safe:
            warnings.warn("legacy_keras runs generators in the calling thread: nb_worker/pickle_safe "
                          "only affected throughput in Keras 1 and are ignored", stacklevel=3)

    def fit_generator(self, generator: Any, samples_per_epoch: int | None = None,
                      nb_epoch: int | None = None, verbose: int = 1, callbacks: list | None = None,
                      validation_data: Any = None, nb_val_samples: int | None = None,
                      class_weight: Any = None, max_q_size: int = 10, nb_worker: int = 1,
                      pickle_safe: bool = False, initial_epoch: int = 0, **kwargs: Any) -> Any:
        """Keras 1 ``fit_generator``: an epoch ends once ``samples_per_epoch`` samples were seen.

        Keras 2 spellings (``steps_per_epoch``, ``epochs``, ``validation_steps``)
        count batches instead.
        """
        steps_per_epoch = kwargs.pop("steps_per_epoch", None)
        validation_steps = kwargs.pop("validation_steps", None)
        if "epochs" in kwargs:
            nb_epoch = kwargs.pop("epochs")
        for k3, k1 in (("max_queue_size", "max_q_size"), ("workers", "nb_worker"),
                       ("use_multiprocessing", "pickle_safe")):
            kwargs.pop(k3, None)
        if kwargs:
            raise TypeError(f"fit_generator: keyword argument not understood: {sorted(kwargs)[0]!r}")
        if samples_per_epoch is None and steps_per_epoch is None:
            raise TypeError("fit_generator() needs samples_per_epoch")
        if nb_epoch is None:
            raise TypeError("fit_generator() needs nb_epoch")
        self._warn_workers(nb_worker, pickle_safe)
        do_validation = bool(validation_data) if not hasattr(validation_data, "__len__") \
            else validation_data is not None and len(validation_data) > 0
        val_gen = hasattr(validation_data, "__next__") or hasattr(validation_data, "next")
        if val_gen and not nb_val_samples and not validation_steps:
            raise ValueError('When using a generator for validation data, you must specify a value '
                             'for "nb_val_samples".')
        labels = self.metrics_names
        params = {"nb_epoch": nb_epoch, "nb_sample": samples_per_epoch, "verbose": verbose,
                  "do_validation": do_validation,
                  "metrics": list(labels) + ["val_" + n for n in labels]}
        sizes = _BatchSizes()
        wrapped = self._keras1_callbacks(callbacks, params, sizes, cumulative=False)
        callback_list = keras.callbacks.CallbackList(
            wrapped, add_history=True, add_progbar=verbose != 0, model=self, verbose=verbose,
            epochs=nb_epoch, steps=steps_per_epoch)
        val_x = val_y = val_w = None
        if do_validation and not val_gen:
            validation_data = tuple(validation_data)
            if len(validation_data) not in (2, 3):
                raise ValueError("validation_data should be a tuple (val_x, val_y, val_sample_weight) "
                                 f"or (val_x, val_y). Found: {validation_data!r}")
            val_x, val_y = validation_data[0], validation_data[1]
            val_w = validation_data[2] if len(validation_data) == 3 else None
            vd = list(val_x) if isinstance(val_x, list) else [val_x]
            vd += list(val_y) if isinstance(val_y, list) else [val_y]
            self._keras1_set_validation_data(vd + [val_w])
        else:
            self._keras1_set_validation_data(None)
        iterator = self._keras1_iterator(generator)
        val_iterator = self._keras1_iterator(validation_data) if val_gen else None
        self.stop_training = False
        callback_list.on_train_begin()
        epoch = initial_epoch
        while epoch < nb_epoch:
            callback_list.on_epoch_begin(epoch)
            samples_seen = 0
            batch_index = 0
            totals: dict[str, float] = {}
            while (samples_seen < samples_per_epoch) if steps_per_epoch is None \
                    else (batch_index < steps_per_epoch):
                x, y, w = self._keras1_next(iterator)
                size = _nb_samples(x) or 0
                sizes.current = size
                callback_list.on_train_batch_begin(batch_index)
                outs = self.train_on_batch(x, y, sample_weight=w, class_weight=class_weight)
                outs = outs if isinstance(outs, list) else [outs]
                batch_logs = dict(zip(labels, outs))
                callback_list.on_train_batch_end(batch_index, batch_logs)
                for key, value in batch_logs.items():
                    totals[key] = totals.get(key, 0.) + value * size
                batch_index += 1
                samples_seen += size
                if steps_per_epoch is None and samples_seen > samples_per_epoch:
                    warnings.warn("Epoch comprised more than `samples_per_epoch` samples, which "
                                  "might affect learning results. Set `samples_per_epoch` "
                                  "correctly to avoid this warning.", stacklevel=2)
                if self.stop_training:
                    break
            last_size = sizes.current or 32
            sizes.current = None
            epoch_logs = {key: total / max(samples_seen, 1) for key, total in totals.items()}
            if do_validation:
                if val_gen:
                    val_outs = self._keras1_evaluate_iterator(val_iterator, nb_val_samples,
                                                              validation_steps)
                else:
                    val_outs = self.evaluate(val_x, val_y, batch_size=last_size,
                                             sample_weight=val_w, verbose=0)
                val_outs = val_outs if isinstance(val_outs, list) else [val_outs]
                for label, value in zip(labels, val_outs):
                    epoch_logs["val_" + label] = value
            callback_list.on_epoch_end(epoch, epoch_logs)
            epoch += 1
            if self.stop_training:
                break
        callback_list.on_train_end()
        return self.history  # type: ignore[attr-defined]

    def _keras1_evaluate_iterator(self, iterator: Any, val_samples: int | None,
                                  steps: int | None = None) -> Any:
        processed = 0
        steps_done = 0
        all_outs: list[list[float]] = []
        weights: list[int] = []
        while (processed < val_samples) if steps is None else (steps_done < steps):
            x, y, w = self._keras1_next(iterator)
            outs = self.test_on_batch(x, y, sample_weight=w)
            all_outs.append(outs if isinstance(outs, list) else [outs])
            size = _nb_samples(x) or 0
            weights.append(size)
            processed += size
            steps_done += 1
        averages = [float(np.average([o[i] for o in all_outs], weights=weights))
                    for i in range(len(all_outs[0]))]
        return averages[0] if len(averages) == 1 else averages

    def evaluate_generator(self, generator: Any, val_samples: int | None = None,
                           max_q_size: int = 10, nb_worker: int = 1, pickle_safe: bool = False,
                           **kwargs: Any) -> Any:
        """Keras 1 ``evaluate_generator``: batch results averaged weighted by batch size."""
        steps = self._keras1_generator_steps("evaluate_generator", val_samples, nb_worker,
                                             pickle_safe, kwargs)
        return self._keras1_evaluate_iterator(self._keras1_iterator(generator), val_samples, steps)

    def _keras1_generator_steps(self, method: str, val_samples: int | None, nb_worker: int,
                                pickle_safe: bool, kwargs: dict[str, Any]) -> int | None:
        """Check a Keras 1 ``*_generator`` call's keywords; the Keras 2+ ``steps``, if given."""
        steps = kwargs.pop("steps", None)
        for k3 in ("max_queue_size", "workers", "use_multiprocessing"):
            kwargs.pop(k3, None)
        if kwargs:
            raise TypeError(f"{method}: keyword argument not understood: {sorted(kwargs)[0]!r}")
        if val_samples is None and steps is None:
            raise TypeError(f"{method}() needs val_samples")
        self._warn_workers(nb_worker, pickle_safe)
        return steps

    def predict_generator(self, generator: Any, val_samples: int | None = None,
                          max_q_size: int = 10, nb_worker: int = 1, pickle_safe: bool = False,
                          **kwargs: Any) -> Any:
        """Keras 1 ``predict_generator``: exactly ``val_samples`` rows (extra rows dropped)."""
        kwargs.pop("verbose", None)
        steps = self._keras1_generator_steps("predict_generator", val_samples, nb_worker,
                                             pickle_safe, kwargs)
        iterator = self._keras1_iterator(generator)
        processed = 0
        steps_done = 0
        chunks: list[list[np.ndarray]] = []
        while (processed < val_samples) if steps is None else (steps_done < steps):
            output = next(iterator)
            x = output[0] if isinstance(output, tuple) and len(output) in (2, 3) else output
            outs = self.predict_on_batch(x)
            outs = outs if isinstance(outs, list) else [outs]
            chunks.append([np.asarray(o) for o in outs])
            processed += _nb_samples(x) or 0
            steps_done += 1
        result = [np.concatenate([c[i] for c in chunks]) for i in range(len(chunks[0]))]
        if steps is None:
            result = [r[:val_samples] for r in result]
        return result[0] if len(result) == 1 else result


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
        return [t._keras_history[0] for t in self.inputs]

    @property
    def output_layers(self) -> list:
        return [t._keras_history[0] for t in self.outputs]

    def get_output_shape_for(self, input_shape: Any) -> Any:
        return self.compute_output_shape(input_shape)

    @property
    def inbound_nodes(self) -> list:
        return list(self._inbound_nodes)

    def get_output_at(self, node_index: int) -> Any:
        from legacy_keras.engine.topology import Keras1LayerAPI
        return Keras1LayerAPI.get_output_at(self, node_index)  # type: ignore[arg-type]

    def get_input_at(self, node_index: int) -> Any:
        from legacy_keras.engine.topology import Keras1LayerAPI
        return Keras1LayerAPI.get_input_at(self, node_index)  # type: ignore[arg-type]

