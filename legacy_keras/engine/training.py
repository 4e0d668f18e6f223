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

from keras.src.models.functional import Functional

from legacy_keras import metrics as k1_metrics
from legacy_keras import objectives as k1_objectives
from legacy_keras import optimizers as k1_optimizers
from legacy_keras.engine.topology import keras1_auto_name

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


def _class_weights_per_sample(y: Any, class_weight: dict) -> np.ndarray:
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
# Keras 1 module-level helpers of ``keras.engine.training`` (Keras 1 code imports them)

def standardize_input_data(data: Any, names: Sequence[str], shapes: Sequence | None = None,
                           check_batch_axis: bool = True, exception_prefix: str = "") -> list:
    """Keras 1: user data (array, list or dict of arrays) -> list of arrays in ``names`` order.

    1-D arrays become columns; ``shapes`` (``None`` entries skipped) are checked.
    """
    if isinstance(data, dict):
        missing = [n for n in names if n not in data]
        if missing:
            raise ValueError(f'No data provided for "{missing[0]}". Need data for each key in: '
                             f"{list(names)}")
        arrays = [data[n] for n in names]
    elif isinstance(data, (list, tuple)):
        converted = _standardize_list(list(data), len(names), exception_prefix or "input")
        arrays = [converted] if len(names) == 1 else list(converted)
    else:
        if not hasattr(data, "shape"):
            raise TypeError(f"Error when checking {exception_prefix}: data should be a Numpy "
                            f"array, or list/dict of Numpy arrays. Found: {str(data)[:200]}...")
        if len(names) != 1:
            raise ValueError(f"The model expects {len(names)} input arrays, but only received "
                             f"one array. Found: array with shape {data.shape}")
        arrays = [data]
    arrays = [np.expand_dims(a, 1) if len(np.shape(a)) == 1 else a for a in arrays]
    for i, (name, array) in enumerate(zip(names, arrays)):
        if not shapes or shapes[i] is None:
            continue
        shape = tuple(shapes[i])
        if len(array.shape) != len(shape):
            raise ValueError(f"Error when checking {exception_prefix}: expected {name} to have "
                             f"{len(shape)} dimensions, but got array with shape {array.shape}")
        for j, (dim, ref_dim) in enumerate(zip(array.shape, shape)):
            if not j and not check_batch_axis:
                continue
            if ref_dim and ref_dim != dim:
                raise ValueError(f"Error when checking {exception_prefix}: expected {name} to have "
                                 f"shape {shape} but got array with shape {array.shape}")
    return arrays


def standardize_sample_or_class_weights(x_weight: Any, output_names: Sequence[str],
                                        weight_type: str) -> list:
    """Keras 1: weights given as None, one value, a list or a dict -> one entry per output."""
    if x_weight is None or (isinstance(x_weight, list) and not x_weight):
        return [None for _ in output_names]
    if len(output_names) == 1:
        if isinstance(x_weight, list) and len(x_weight) == 1:
            return x_weight
        if isinstance(x_weight, dict) and output_names[0] in x_weight:
            return [x_weight[output_names[0]]]
        return [x_weight]
    if isinstance(x_weight, list):
        if len(x_weight) != len(output_names):
            raise ValueError(f"Provided `{weight_type}` was a list of {len(x_weight)} elements, "
                             f"but the model has {len(output_names)} outputs. You should provide "
                             f"one `{weight_type}`array per model output.")
        return x_weight
    if isinstance(x_weight, dict):
        return [x_weight.get(name) for name in output_names]
    raise TypeError(f"The model has multiple outputs, so `{weight_type}` should be either a list "
                    f"or a dict. Provided `{weight_type}` type not understood: {x_weight!r}")


def standardize_class_weights(class_weight: Any, output_names: Sequence[str]) -> list:
    """Keras 1: ``class_weight`` -> one entry per output."""
    return standardize_sample_or_class_weights(class_weight, output_names, "class_weight")


def standardize_sample_weights(sample_weight: Any, output_names: Sequence[str]) -> list:
    """Keras 1: ``sample_weight`` -> one entry per output."""
    return standardize_sample_or_class_weights(sample_weight, output_names, "sample_weight")


def check_array_lengths(inputs: Sequence, targets: Sequence, weights: Sequence) -> None:
    """Keras 1: every input, target and weight array has the same number of samples."""
    def lengths(arrays: Sequence) -> set:
        return {int(a.shape[0]) for a in arrays if a is not None}
    x_lengths, y_lengths, w_lengths = lengths(inputs), lengths(targets), lengths(weights)
    if len(x_lengths) > 1:
        raise ValueError("All input arrays (x) should have the same number of samples.")
    if len(y_lengths) > 1:
        raise ValueError("All target arrays (y) should have the same number of samples.")
    if len(w_lengths) > 1:
        raise ValueError("All sample_weight arrays should have the same number of samples.")
    if x_lengths and y_lengths and x_lengths != y_lengths:
        raise ValueError(f"Input arrays should have the same number of samples as target arrays. "
                         f"Found {x_lengths.pop()} input samples and {y_lengths.pop()} target "
                         "samples.")
    if y_lengths and w_lengths and y_lengths != w_lengths:
        raise ValueError(f"Sample_weight arrays should have the same number of samples as target "
                         f"arrays. Got {y_lengths.pop()} input samples and {w_lengths.pop()} "
                         "target samples.")


def check_loss_and_target_compatibility(targets: Sequence, losses: Sequence,
                                        output_shapes: Sequence) -> None:
    """Keras 1: catch cross-entropy targets whose shape cannot match the output."""
    for y, loss, shape in zip(targets, losses, output_shapes):
        name = getattr(loss, "__name__", loss)
        if name == "categorical_crossentropy" and y.shape[-1] == 1:
            raise ValueError(f"You are passing a target array of shape {y.shape} while using as "
                             "loss `categorical_crossentropy`. `categorical_crossentropy` expects "
                             "targets to be binary matrices (1s and 0s) of shape (samples, "
                             "classes). If your targets are integer classes, you can convert "
                             "them to the expected format via:\n```\nfrom keras.utils.np_utils "
                             "import to_categorical\ny_binary = to_categorical(y_int)\n```\n\n"
                             "Alternatively, you can use the loss function "
                             "`sparse_categorical_crossentropy` instead, which does expect "
                             "integer targets.")
        if name in ("binary_crossentropy", "categorical_crossentropy", "mean_squared_error"):
            for target_dim, out_dim in zip(y.shape[1:], tuple(shape)[1:]):
                if out_dim is not None and target_dim != out_dim:
                    raise ValueError(f"A target array with shape {y.shape} was passed for an "
                                     f"output of shape {tuple(shape)} while using as loss `{name}`. "
                                     "This loss expects targets to have the same shape as the "
                                     "output.")


def collect_metrics(metrics: Any, output_names: Sequence[str]) -> list[list]:
    """Keras 1: metrics (list or dict) -> one list per output."""
    if not metrics:
        return [[] for _ in output_names]
    if isinstance(metrics, list):
        return [list(metrics) for _ in output_names]
    if isinstance(metrics, dict):
        nested = []
        for name in output_names:
            per_output = metrics.get(name, [])
            nested.append(list(per_output) if isinstance(per_output, list) else [per_output])
        return nested
    raise TypeError("Type of `metrics` argument not understood. Expected a list or dictionary, "
                    f"found: {metrics!r}")


def batch_shuffle(index_array: np.ndarray, batch_size: int) -> np.ndarray:
    """Keras 1 ``shuffle='batch'``: shuffle whole batches (HDF5-friendly), the tail kept last."""
    batch_count = int(len(index_array) / batch_size)
    last_batch = index_array[batch_count * batch_size:]
    index_array = index_array[:batch_count * batch_size].reshape((batch_count, batch_size))
    np.random.shuffle(index_array)
    return np.append(index_array.flatten(), last_batch)


def weighted_objective(fn: Callable) -> Callable:
    """Keras 1: an objective -> ``weighted(y_true, y_pred, weights, mask=None)``.

    The mask and the weights rescale the per-sample scores as in Keras 1
    (divided by the mean mask and by the fraction of non-zero weights).
    """
    def weighted(y_true: Any, y_pred: Any, weights: Any, mask: Any = None) -> Any:
        score = ops.convert_to_tensor(fn(y_true, y_pred))
        if mask is not None:
            mask = ops.cast(mask, score.dtype)
            score = score * mask / ops.mean(mask)
        if weights is not None:
            weights = ops.cast(ops.convert_to_tensor(weights), score.dtype)
            wdim = len(weights.shape)
            if len(score.shape) > wdim:
                score = ops.mean(score, axis=list(range(wdim, len(score.shape))))
            score = score * weights
            score = score / ops.mean(ops.cast(ops.not_equal(weights, 0), score.dtype))
        return ops.mean(score)
    return weighted


def standardize_weights(y: Any, sample_weight: Any = None, class_weight: Any = None,
                        sample_weight_mode: str | None = None) -> np.ndarray:
    """Keras 1: the weight array of one output from ``sample_weight``/``class_weight``."""
    if sample_weight_mode is not None:
        if sample_weight_mode != "temporal":
            raise ValueError('"sample_weight_mode should be None or "temporal". Found: '
                             + str(sample_weight_mode))
        if len(y.shape) < 3:
            raise ValueError(f"Found a sample_weight array for an input with shape {y.shape}. "
                             "Timestep-wise sample weighting (use of sample_weight_mode="
                             '"temporal") is restricted to outputs that are at least 3D, i.e. '
                             "that have a time dimension.")
        if sample_weight is not None and len(sample_weight.shape) != 2:
            raise ValueError(f"Found a sample_weight array with shape {sample_weight.shape}. In "
                             'order to use timestep-wise sample weighting, you should pass a 2D '
                             "sample_weight array.")
    elif sample_weight is not None and len(sample_weight.shape) != 1:
        raise ValueError(f"Found a sample_weight array with shape {sample_weight.shape}. In order "
                         "to use timestep-wise sample weights, you should specify "
                         'sample_weight_mode="temporal" in compile(). If you just mean to use '
                         "sample-wise weights, make sure your sample_weight array is 1D.")
    if sample_weight is not None:
        if tuple(y.shape[:len(sample_weight.shape)]) != tuple(sample_weight.shape):
            raise ValueError(f"Found a sample_weight with shape {sample_weight.shape} for an "
                             f"input with shape {y.shape}. sample_weight cannot be broadcast.")
        return sample_weight
    if isinstance(class_weight, dict):
        return _class_weights_per_sample(y, class_weight)
    if sample_weight_mode is None:
        return np.ones((y.shape[0],), dtype=keras.config.floatx())
    return np.ones((y.shape[0], y.shape[1]), dtype=keras.config.floatx())


class GeneratorEnqueuer:
    """Keras 1 ``GeneratorEnqueuer(generator, pickle_safe=False)``: batches read ahead
    by worker threads into ``queue`` (``start``/``stop``/``is_running``).

    ``pickle_safe=True`` asked for processes; threads are used either way (a
    generator object cannot be shared between processes without forking it).
    """

    def __init__(self, generator: Any, pickle_safe: bool = False) -> None:
        self._generator = generator
        self._pickle_safe = pickle_safe
        self._threads: list = []
        self._stop_event: Any = None
        self.queue: Any = None

    def start(self, nb_worker: int = 1, max_q_size: int = 10, wait_time: float = 0.05) -> None:
        import queue
        import threading
        import time
        self.queue = queue.Queue(max_q_size)
        self._stop_event = threading.Event()
        lock = threading.Lock()

        def task() -> None:
            while not self._stop_event.is_set():
                try:
                    if self.queue.qsize() < max_q_size:
                        with lock:
                            item = next(self._generator)
                        self.queue.put(item)
                    else:
                        time.sleep(wait_time)
                except StopIteration:
                    break
                except Exception:
                    self._stop_event.set()
                    raise
        for _ in range(nb_worker):
            thread = threading.Thread(target=task, daemon=True)
            self._threads.append(thread)
            thread.start()

    def is_running(self) -> bool:
        return self._stop_event is not None and not self._stop_event.is_set()

    def stop(self, timeout: float | None = None) -> None:
        if self.is_running():
            self._stop_event.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout)
        self._threads = []
        self._stop_event = None
        self.queue = None


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
        mask = keras.src.backend.get_keras_mask(y_pred) if hasattr(y_pred, "_keras_mask") else None
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
    """A Keras 1 objective by name/function (never a Keras 3 loss: the numerics differ)."""
    return k1_objectives.get(identifier)


def _get_metric(identifier: Any) -> Callable:
    """A Keras 1 metric by name/function."""
    return k1_metrics.get(identifier)


def _get_optimizer(identifier: Any) -> Any:
    """A Keras 1 optimizer by name/config/instance."""
    return k1_optimizers.get(identifier)


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


def _standardize_list(data: Any, expected: int, what: str) -> Any:
    """Keras 1 ``standardize_input_data`` for Python lists and tuples.

    A list with one entry per model input/output is that list of arrays (one
    entry for a single-input model: the array itself); for a single
    input/output, any other list that is not a list of arrays is data, made
    an array with ``np.asarray`` (the DCGAN idiom
    ``d.train_on_batch(X, [1] * n + [0] * n)``); entries that are themselves
    Python lists become arrays too.  A list of arrays of the wrong length is
    refused with Keras 1's message.
    """
    if isinstance(data, tuple):
        data = list(data)
    if not isinstance(data, list):
        return data
    if len(data) == expected:
        arrays = [np.asarray(d) if isinstance(d, (list, tuple)) or np.isscalar(d) else d
                  for d in data]
        if expected == 1 and (np.ndim(arrays[0]) == 0 or isinstance(data[0], (list, tuple))):
            return np.asarray(data)  # [5] or [[0.1, 0.2]]: one sample of a single input
        return arrays[0] if expected == 1 else arrays
    if data and hasattr(data[0], "shape") and np.ndim(data[0]) > 0:
        raise ValueError(f"Error when checking {what}: the list of Numpy arrays that you are "
                         "passing to your model is not the size the model expected. Expected "
                         f"to see {expected} arrays but instead got the following list of "
                         f"{len(data)} arrays: {str(data)[:200]}...")
    if expected == 1:
        return np.asarray(data)
    raise ValueError(f"Error when checking {what}: you are passing a list as input to your "
                     f"model, but the model expects a list of {expected} Numpy arrays instead. "
                     f"The list you passed was: {str(data)[:200]}")


def _one_batch(x: Any, batch_size: int | None, kwargs: dict) -> int:
    """Number of samples when ``x`` is in-memory data that fits in one batch, else 0.

    Such calls skip Keras 3's per-call data pipeline (``predict``/``evaluate``
    then cost what ``predict_on_batch``/``test_on_batch`` cost, as in Keras 1).
    Keras 3 keywords (``callbacks``, ``steps``...) keep the Keras 3 loop.
    """
    if kwargs:
        return 0
    first = _first_array(x)
    if not isinstance(first, np.ndarray) or first.ndim == 0:
        return 0
    n = int(first.shape[0])
    return n if 0 < n <= (batch_size or 32) else 0


def _keras1_progbar(n: int, verbose: int | str) -> None:
    """Keras 1's ``predict``/``evaluate`` progress bar: one update to ``n`` samples."""
    if verbose:
        keras.utils.Progbar(target=n, verbose=1).update(n, finalize=True)


def _map_arrays(data: Any, convert: Any) -> Any:
    """Apply ``convert`` to an array, or to each array of a list or dict."""
    if isinstance(data, list):
        return [convert(item) for item in data]
    if isinstance(data, dict):
        return {key: convert(item) for key, item in data.items()}
    return convert(data)


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


#: Placeholder default of a parameter whose Keras 1 default comes from
#: ``legacy_keras.spec.training.METHOD_SIGNATURES`` (filled in by :func:`_keras1_signature`).
_SPEC: Any = object()


def _keras1_signature(method: str) -> Callable:
    """Give a training method Keras 1's signature and defaults from the spec.

    The codemod and the runtime read the same table, so Keras 1's positional
    order and defaults live in one place.  Arguments Keras 1 required keep the
    method's own default (None: "not given", for Keras 2 spellings such as
    ``steps_per_epoch=``); keyword arguments beyond Keras 1's go to ``**kwargs``.
    """
    import functools
    import inspect

    from legacy_keras.spec.training import METHOD_SIGNATURES, REQUIRED
    spec = METHOD_SIGNATURES[method]

    def decorate(impl: Callable) -> Callable:
        own = inspect.signature(impl).parameters
        params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        for name, default in spec:
            if default is REQUIRED:
                default = own[name].default
            params.append(inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                            default=default))
        params.append(inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD))
        signature = inspect.Signature(params)

        @functools.wraps(impl)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError as error:
                raise TypeError(f"{method}(): {error}") from None
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            extra = arguments.pop("kwargs", {})
            return impl(**arguments, **extra)
        wrapper.__signature__ = signature  # type: ignore[attr-defined]
        return wrapper
    return decorate


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
        own = getattr(self, "_nodes", None) or getattr(getattr(self, "_functional", None),
                                                        "_nodes", None)
        found: list = []
        for layer in self.layers:  # type: ignore[attr-defined]
            if not hasattr(layer, "get_updates_for"):
                found += list(getattr(layer, "updates", None) or [])
                continue
            nodes = list(getattr(layer, "_inbound_nodes", []))
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
        compile_config = getattr(getattr(self, "_compile_config", None), "config", None)
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
            total = total + ops.cast(extra, total.dtype)
        return total

    def compile_from_config(self, config: dict) -> None:
        """Re-compile from a saved compile config (``.keras``/HDF5 loading).

        The saved objects are already Keras 1 ones (``Keras1Loss``,
        ``Keras1Metric``, legacy optimizers), so they go to Keras 3's
        ``compile`` unchanged; ``metrics_names`` is rebuilt from them.
        """
        from keras.src.saving import serialization_lib
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
        from keras.src.saving import serialization_lib
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
            loss = self._compute_loss(x=x, y=y, y_pred=y_pred,  # type: ignore[attr-defined]
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

    @_keras1_signature("fit_generator")
    def fit_generator(self, generator: Any, samples_per_epoch: int | None = None,
                      nb_epoch: int | None = None, verbose: int = _SPEC,
                      callbacks: list | None = _SPEC, validation_data: Any = _SPEC,
                      nb_val_samples: int | None = _SPEC, class_weight: Any = _SPEC,
                      max_q_size: int = _SPEC, nb_worker: int = _SPEC, pickle_safe: bool = _SPEC,
                      initial_epoch: int = _SPEC, **kwargs: Any) -> Any:
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

    @_keras1_signature("evaluate_generator")
    def evaluate_generator(self, generator: Any, val_samples: int | None = None,
                           max_q_size: int = _SPEC, nb_worker: int = _SPEC,
                           pickle_safe: bool = _SPEC, **kwargs: Any) -> Any:
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

    @_keras1_signature("predict_generator")
    def predict_generator(self, generator: Any, val_samples: int | None = None,
                          max_q_size: int = _SPEC, nb_worker: int = _SPEC,
                          pickle_safe: bool = _SPEC, **kwargs: Any) -> Any:
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
        from legacy_keras.engine.topology import keras1_nodes
        return keras1_nodes(self._inbound_nodes)

    @property
    def outbound_nodes(self) -> list:
        from legacy_keras.engine.topology import keras1_nodes
        return keras1_nodes(self._outbound_nodes)

    def get_output_at(self, node_index: int) -> Any:
        from legacy_keras.engine.topology import Keras1LayerAPI
        return Keras1LayerAPI.get_output_at(self, node_index)  # type: ignore[arg-type]

    def get_input_at(self, node_index: int) -> Any:
        from legacy_keras.engine.topology import Keras1LayerAPI
        return Keras1LayerAPI.get_input_at(self, node_index)  # type: ignore[arg-type]

