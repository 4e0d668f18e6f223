"""Keras 1 ``fit_generator``/``evaluate_generator``/``predict_generator`` (sample-counting loops).

Keras 1 counted *samples* (an epoch ends once ``samples_per_epoch`` samples
were seen); Keras 3 counts steps, so these run as Keras 1 loops over
``train_on_batch``/``test_on_batch``/``predict_on_batch`` of the model
(:class:`Keras1GeneratorMixin`, a base of ``Keras1TrainingMixin``).
"""
from __future__ import annotations

import warnings
from typing import Any

import keras
import numpy as np

from legacy_keras.engine.callback_adapter import _BatchSizes
from legacy_keras.engine.training_utils import _SPEC, _keras1_signature, _nb_samples


class Keras1GeneratorMixin:
    """The Keras 1 generator methods; needs the Keras 1 batch methods of the model."""

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

