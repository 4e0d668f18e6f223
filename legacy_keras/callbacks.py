"""Keras 1.2.2 callbacks (``keras.callbacks``).

These are plain Keras 1 callback objects (not ``keras.callbacks.Callback``
subclasses): ``Model.fit`` of legacy_keras wraps each in an adapter that calls
``set_params``/``set_model``/``on_*`` with Keras 1 ``params``
(``batch_size, nb_epoch, nb_sample, verbose, do_validation, metrics``) and
Keras 1 logs (``acc``, ``val_acc``, batch logs ``batch``/``size``).

Reimplemented rather than delegated because the Keras 1 behaviour differs from
Keras 3's in ways scripts observe (see the reference, sections 2.19/2.20/3.3):
``ModelCheckpoint`` formats ``{epoch}`` 0-based and has ``period``;
``EarlyStopping`` stops when the wait *before* incrementing reaches ``patience``
(one epoch later than Keras 3); ``LearningRateScheduler`` calls
``schedule(epoch)`` and sets ``optimizer.lr``; ``ReduceLROnPlateau`` uses
``epsilon``; ``BaseLogger`` (gone in Keras 3) averages batch logs weighted by
``size``.  ``TensorBoard`` delegates to Keras 3's.
"""
from __future__ import annotations

import csv
import json
import os
import time
import warnings
from collections import OrderedDict, deque
from collections.abc import Iterable
from typing import Any, Callable

import numpy as np

from legacy_keras.utils.generic_utils import Progbar

__all__ = ["Callback", "CallbackList", "BaseLogger", "ProgbarLogger", "History", "ModelCheckpoint",
           "EarlyStopping", "RemoteMonitor", "LearningRateScheduler", "TensorBoard",
           "ReduceLROnPlateau", "CSVLogger", "LambdaCallback"]


def _get_value(x: Any) -> Any:
    from legacy_keras import backend as K
    return K.get_value(x)


def _set_value(x: Any, value: Any) -> None:
    from legacy_keras import backend as K
    K.set_value(x, value)


def _monitor_op(mode: str, monitor: str, owner: str) -> Callable:
    """Keras 1 'auto': maximise when 'acc' is in the name or it starts with 'fmeasure'."""
    if mode not in ("auto", "min", "max"):
        warnings.warn(f"{owner} mode {mode} is unknown, fallback to auto mode.", RuntimeWarning)
        mode = "auto"
    if mode == "min":
        return np.less
    if mode == "max":
        return np.greater
    return np.greater if ("acc" in monitor or monitor.startswith("fmeasure")) else np.less


class CallbackList:
    """A container dispatching each event to a list of Keras 1 callbacks."""

    def __init__(self, callbacks: list | None = None, queue_length: int = 10):
        self.callbacks = list(callbacks or [])
        self.queue_length = queue_length

    def append(self, callback: Any) -> None:
        self.callbacks.append(callback)

    def set_params(self, params: dict) -> None:
        for callback in self.callbacks:
            callback.set_params(params)

    def set_model(self, model: Any) -> None:
        for callback in self.callbacks:
            callback.set_model(model)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        for callback in self.callbacks:
            callback.on_epoch_begin(epoch, logs)
        self._delta_t_batch = 0.0
        self._delta_ts_batch_begin: deque = deque([], maxlen=self.queue_length)
        self._delta_ts_batch_end: deque = deque([], maxlen=self.queue_length)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        for callback in self.callbacks:
            callback.on_epoch_end(epoch, logs)

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        for callback in self.callbacks:
            callback.on_batch_begin(batch, logs)
        self._t_enter_batch = time.time()

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        for callback in self.callbacks:
            callback.on_batch_end(batch, logs)

    def on_train_begin(self, logs: dict | None = None) -> None:
        for callback in self.callbacks:
            callback.on_train_begin(logs or {})

    def on_train_end(self, logs: dict | None = None) -> None:
        for callback in self.callbacks:
            callback.on_train_end(logs or {})


class Callback:
    """Base class of Keras 1 callbacks: ``self.params``, ``self.model`` and the ``on_*`` hooks."""

    def __init__(self) -> None:
        self.params: dict = {}
        self.model: Any = None

    def set_params(self, params: dict) -> None:
        self.params = params

    def set_model(self, model: Any) -> None:
        self.model = model

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        pass

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        pass

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        pass

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        pass

    def on_train_begin(self, logs: dict | None = None) -> None:
        pass

    def on_train_end(self, logs: dict | None = None) -> None:
        pass


class BaseLogger(Callback):
    """Epoch averages of the batch metrics, weighted by batch ``size`` (Keras 1 only)."""

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals: dict = {}

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        batch_size = logs.get("size", 0)
        self.seen += batch_size
        for k, v in logs.items():
            self.totals[k] = self.totals.get(k, 0) + v * batch_size

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            for k in self.params["metrics"]:
                if k in self.totals:
                    logs[k] = self.totals[k] / self.seen


class ProgbarLogger(Callback):
    """Prints 'Epoch i/n' and a progress bar over ``nb_sample`` samples."""

    def on_train_begin(self, logs=None):
        self.verbose = self.params["verbose"]
        self.nb_epoch = self.params["nb_epoch"]

    def on_epoch_begin(self, epoch, logs=None):
        if self.verbose:
            print("Epoch %d/%d" % (epoch + 1, self.nb_epoch))
            self.progbar = Progbar(target=self.params["nb_sample"], verbose=self.verbose)
        self.seen = 0
        self.log_values: list = []

    def on_batch_begin(self, batch, logs=None):
        if self.seen < self.params["nb_sample"]:
            self.log_values = []

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        self.seen += logs.get("size", 0)
        for k in self.params["metrics"]:
            if k in logs:
                self.log_values.append((k, logs[k]))
        if self.verbose and self.seen < self.params["nb_sample"]:
            self.progbar.update(self.seen, self.log_values)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        for k in self.params["metrics"]:
            if k in logs:
                self.log_values.append((k, logs[k]))
        if self.verbose:
            self.progbar.update(self.seen, self.log_values, finalize=True)


class History(Callback):
    """Records ``epoch`` and per-key lists of epoch logs in ``history``."""

    def on_train_begin(self, logs=None):
        self.epoch: list = []
        self.history: dict = {}

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epoch.append(epoch)
        for k, v in logs.items():
            self.history.setdefault(k, []).append(v)


class ModelCheckpoint(Callback):
    """Save the model after every ``period`` epochs; ``{epoch}`` in ``filepath`` is 0-based (Keras 1)."""

    def __init__(self, filepath: str, monitor: str = "val_loss", verbose: int = 0,
                 save_best_only: bool = False, save_weights_only: bool = False,
                 mode: str = "auto", period: int = 1):
        super().__init__()
        self.monitor = monitor
        self.verbose = verbose
        self.filepath = filepath
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.period = period
        self.epochs_since_last_save = 0
        self.monitor_op = _monitor_op(mode, monitor, "ModelCheckpoint")
        self.best = np.inf if self.monitor_op == np.less else -np.inf

    def _save(self, filepath: str) -> None:
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epochs_since_last_save += 1
        if self.epochs_since_last_save < self.period:
            return
        self.epochs_since_last_save = 0
        filepath = self.filepath.format(epoch=epoch, **logs)
        if self.save_best_only:
            current = logs.get(self.monitor)
            if current is None:
                warnings.warn(f"Can save best model only with {self.monitor} available, skipping.",
                              RuntimeWarning)
            elif self.monitor_op(current, self.best):
                if self.verbose > 0:
                    print("Epoch %05d: %s improved from %0.5f to %0.5f, saving model to %s"
                          % (epoch, self.monitor, self.best, current, filepath))
                self.best = current
                self._save(filepath)
            elif self.verbose > 0:
                print("Epoch %05d: %s did not improve" % (epoch, self.monitor))
        else:
            if self.verbose > 0:
                print("Epoch %05d: saving model to %s" % (epoch, filepath))
            self._save(filepath)


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved; Keras 1 checks the wait *before* counting,
    so training stops after ``patience + 1`` non-improving epochs."""

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0, patience: int = 0,
                 verbose: int = 0, mode: str = "auto"):
        super().__init__()
        self.monitor = monitor
        self.patience = patience
        self.verbose = verbose
        self.wait = 0
        self.stopped_epoch = 0
        self.monitor_op = _monitor_op(mode, monitor, "EarlyStopping")
        self.min_delta = min_delta if self.monitor_op == np.greater else -min_delta

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.best = np.inf if self.monitor_op == np.less else -np.inf

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Early stopping requires {self.monitor} available!", RuntimeWarning)
            return
        if self.monitor_op(current - self.min_delta, self.best):
            self.best = current
            self.wait = 0
        else:
            if self.wait >= self.patience:
                self.stopped_epoch = epoch
                self.model.stop_training = True
            self.wait += 1

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print("Epoch %05d: early stopping" % self.stopped_epoch)


class RemoteMonitor(Callback):
    """POST each epoch's logs as JSON to ``root + path`` (needs ``requests``)."""

    def __init__(self, root: str = "http://localhost:9000", path: str = "/publish/epoch/end/",
                 field: str = "data", headers: dict | None = None):
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers or {"Accept": "application/json", "Content-Type": "application/json"}

    def on_epoch_end(self, epoch, logs=None):
        try:
            import requests
        except ImportError as error:
            raise ImportError("RemoteMonitor requires the `requests` library.") from error
        send = {"epoch": epoch}
        for k, v in (logs or {}).items():
            send[k] = float(v) if isinstance(v, (np.generic, np.ndarray)) else v
        try:
            requests.post(self.root + self.path, {self.field: json.dumps(send)}, headers=self.headers)
        except requests.exceptions.RequestException:
            warnings.warn("Warning: could not reach RemoteMonitor root server at " + str(self.root))


class LearningRateScheduler(Callback):
    """Set ``optimizer.lr = schedule(epoch)`` at each epoch start (``epoch`` 0-based)."""

    def __init__(self, schedule: Callable[[int], float]):
        super().__init__()
        self.schedule = schedule

    def on_epoch_begin(self, epoch, logs=None):
        if not hasattr(self.model.optimizer, "lr"):
            raise ValueError('Optimizer must have a "lr" attribute.')
        lr = self.schedule(epoch)
        if not isinstance(lr, (float, np.float32, np.float64)):
            raise ValueError('The output of the "schedule" function should be float.')
        _set_value(self.model.optimizer.lr, lr)


class ReduceLROnPlateau(Callback):
    """Multiply ``optimizer.lr`` by ``factor`` after ``patience`` epochs without an improvement
    larger than ``epsilon``; then wait ``cooldown`` epochs; never below ``min_lr``."""

    def __init__(self, monitor: str = "val_loss", factor: float = 0.1, patience: int = 10,
                 verbose: int = 0, mode: str = "auto", epsilon: float = 1e-4, cooldown: int = 0,
                 min_lr: float = 0):
        super().__init__()
        if factor >= 1.0:
            raise ValueError("ReduceLROnPlateau does not support a factor >= 1.0.")
        self.monitor = monitor
        self.factor = factor
        self.min_lr = min_lr
        self.epsilon = epsilon
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.mode = mode
        self._reset()

    def _reset(self) -> None:
        if self.mode not in ("auto", "min", "max"):
            warnings.warn(f"Learning Rate Plateau Reducing mode {self.mode} is unknown, "
                          "fallback to auto mode.", RuntimeWarning)
            self.mode = "auto"
        if self.mode == "min" or (self.mode == "auto" and "acc" not in self.monitor):
            self.monitor_op = lambda a, b: np.less(a, b - self.epsilon)
            self.best = np.inf
        else:
            self.monitor_op = lambda a, b: np.greater(a, b + self.epsilon)
            self.best = -np.inf
        self.cooldown_counter = 0
        self.wait = 0
        self.lr_epsilon = self.min_lr * 1e-4

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs["lr"] = _get_value(self.model.optimizer.lr)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Learning Rate Plateau Reducing requires {self.monitor} available!",
                          RuntimeWarning)
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self.monitor_op(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            if self.wait >= self.patience:
                old_lr = float(_get_value(self.model.optimizer.lr))
                if old_lr > self.min_lr + self.lr_epsilon:
                    new_lr = max(old_lr * self.factor, self.min_lr)
                    _set_value(self.model.optimizer.lr, new_lr)
                    if self.verbose > 0:
                        print("\nEpoch %05d: reducing learning rate to %s." % (epoch, new_lr))
                    self.cooldown_counter = self.cooldown
                    self.wait = 0
            self.wait += 1

    def in_cooldown(self) -> bool:
        return self.cooldown_counter > 0


class CSVLogger(Callback):
    """Stream epoch results to a CSV file: columns ``epoch`` then the sorted log keys."""

    def __init__(self, filename: str, separator: str = ",", append: bool = False):
        super().__init__()
        self.sep = separator
        self.filename = filename
        self.append = append
        self.writer: Any = None
        self.keys: list | None = None
        self.append_header = True

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename) as f:
                    self.append_header = not bool(len(f.readline()))
            self.csv_file = open(self.filename, "a", newline="")
        else:
            self.csv_file = open(self.filename, "w", newline="")

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}

        def handle_value(k):
            is_zero_dim_ndarray = isinstance(k, np.ndarray) and k.ndim == 0
            if isinstance(k, Iterable) and not isinstance(k, str) and not is_zero_dim_ndarray:
                return '"[%s]"' % (", ".join(map(str, k)))
            return k

        if not self.writer:
            self.keys = sorted(logs.keys())

            class CustomDialect(csv.excel):
                delimiter = self.sep

            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + self.keys,
                                         dialect=CustomDialect)
            if self.append_header:
                self.writer.writeheader()
        row_dict = OrderedDict({"epoch": epoch})
        row_dict.update((key, handle_value(logs[key])) for key in self.keys)
        self.writer.writerow(row_dict)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        self.csv_file.close()
        self.writer = None


class LambdaCallback(Callback):
    """Callback built from plain functions (``on_epoch_end=lambda epoch, logs: ...``)."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None,
                 on_batch_end=None, on_train_begin=None, on_train_end=None, **kwargs):
        super().__init__()
        self.__dict__.update(kwargs)
        self.on_epoch_begin = on_epoch_begin or (lambda epoch, logs: None)
        self.on_epoch_end = on_epoch_end or (lambda epoch, logs: None)
        self.on_batch_begin = on_batch_begin or (lambda batch, logs: None)
        self.on_batch_end = on_batch_end or (lambda batch, logs: None)
        self.on_train_begin = on_train_begin or (lambda logs: None)
        self.on_train_end = on_train_end or (lambda logs: None)


class TensorBoard(Callback):
    """Keras 1 ``TensorBoard(log_dir, histogram_freq, write_graph, write_images)``.

    Delegates to ``keras.callbacks.TensorBoard`` (driven through the Keras 1 hooks).
    """

    def __init__(self, log_dir: str = "./logs", histogram_freq: int = 0, write_graph: bool = True,
                 write_images: bool = False):
        super().__init__()
        import keras
        try:
            import tensorboard  # noqa: F401
        except ImportError as error:
            raise ImportError("keras.callbacks.TensorBoard needs the `tensorboard` package "
                              "(pip install tensorboard).") from error
        self.log_dir = log_dir
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self._delegate = keras.callbacks.TensorBoard(log_dir=log_dir, histogram_freq=histogram_freq,
                                                     write_graph=write_graph,
                                                     write_images=write_images)

    def set_model(self, model):
        self.model = model
        self._delegate.set_model(model)

    def set_params(self, params):
        self.params = params
        self._delegate.set_params({"verbose": params.get("verbose", 0),
                                   "epochs": params.get("nb_epoch"), "steps": None})

    def on_train_begin(self, logs=None):
        self._delegate.on_train_begin(logs)

    def on_train_end(self, logs=None):
        self._delegate.on_train_end(logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._delegate.on_epoch_begin(epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        logs = {k: float(v) for k, v in (logs or {}).items() if np.ndim(v) == 0}
        self._delegate.on_epoch_end(epoch, logs)
