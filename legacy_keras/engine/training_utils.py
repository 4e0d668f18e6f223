"""Data helpers of the Keras 1 training API (part of ``keras.engine.training`` in Keras 1).

* Keras 1's own module-level helpers, which Keras 1 code imported from
  ``keras.engine.training``: ``slice_X``, ``make_batches``,
  ``standardize_input_data``, ``standardize_weights``, ``check_array_lengths``,
  ``weighted_objective``, ``GeneratorEnqueuer`` ... (re-exported there);
* how the training methods prepare user data the Keras 1 way (Python lists,
  1-D columns, integer targets as floats, one-batch detection);
* :func:`_keras1_signature`, which gives the training methods Keras 1's
  signatures from ``legacy_keras.spec.training``.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import keras
import numpy as np
from keras import ops


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
# Data preparation of the training methods

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

