"""Keras 1 callbacks inside Keras 3's ``fit``: :class:`Keras1CallbackAdapter`.

A Keras 1 callback (``set_model``/``set_params``/``on_*`` methods) gets Keras 1
``params`` (``batch_size, nb_epoch, nb_sample, verbose, do_validation,
metrics``) and Keras 1 batch logs (``batch``, ``size`` and that batch's own
values, where Keras 3 reports running means).  Keras 3 callbacks pass through.
"""
from __future__ import annotations

from typing import Any

import keras


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

