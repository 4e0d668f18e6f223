"""``keras.wrappers.scikit_learn``: Keras 1 ``KerasClassifier`` / ``KerasRegressor``.

Keras 3's ``keras.wrappers.SKLearnClassifier`` has a different API (``model=``,
``fit_kwargs``); Keras 1 scripts pass ``build_fn`` plus *flat* ``sk_params``
(``nb_epoch``, ``batch_size`` and the ``build_fn`` arguments, which grid search
tunes).  This is the small Keras 1 wrapper, reimplemented over legacy_keras
models (scikit-learn itself is only needed by the code using the wrapper).
"""
from __future__ import annotations

import copy
import inspect
import types
from typing import Any, Callable

import numpy as np

from legacy_keras.utils.np_utils import to_categorical


try:  # scikit-learn >= 1.6 needs estimator tags; Keras 1 predates them
    from sklearn.base import BaseEstimator as _Estimator
    from sklearn.base import ClassifierMixin as _ClassifierMixin
    from sklearn.base import RegressorMixin as _RegressorMixin
except ImportError:  # the wrapper also works (without grid search) when sklearn is absent
    _Estimator = object

    class _ClassifierMixin:  # type: ignore[no-redef]
        _estimator_type = "classifier"

    class _RegressorMixin:  # type: ignore[no-redef]
        _estimator_type = "regressor"


def _sequential():
    from legacy_keras.models import Sequential
    return Sequential


def _arg_names(fn: Callable) -> list[str]:
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return []


class BaseWrapper(_Estimator):
    """Holds ``build_fn`` and ``sk_params``; ``fit`` builds a fresh model each time."""

    def __init__(self, build_fn: Callable | None = None, **sk_params: Any):
        self.build_fn = build_fn
        self.sk_params = sk_params
        self.check_params(sk_params)

    def _build_target(self) -> Callable:
        if self.build_fn is None:
            return self.__call__  # type: ignore[attr-defined]
        if not isinstance(self.build_fn, (types.FunctionType, types.MethodType)):
            return self.build_fn.__call__
        return self.build_fn

    def check_params(self, params: dict) -> None:
        """Reject parameters that neither fit/predict/evaluate nor ``build_fn`` accept."""
        Sequential = _sequential()
        legal: set[str] = {"nb_epoch", "batch_size", "verbose", "callbacks", "validation_split",
                           "validation_data", "shuffle", "class_weight", "sample_weight",
                           "initial_epoch"}
        for fn in (Sequential.fit, Sequential.predict, getattr(Sequential, "predict_classes", None),
                   Sequential.evaluate, self._build_target()):
            if fn is not None:
                legal.update(_arg_names(fn))
        for name in params:
            if name not in legal:
                raise ValueError(f"{name} is not a legal parameter")

    def get_params(self, deep: bool = True, **params: Any) -> dict:
        res = copy.deepcopy(self.sk_params)
        res.update({"build_fn": self.build_fn})
        return res

    def set_params(self, **params: Any) -> "BaseWrapper":
        self.check_params(params)
        self.sk_params.update(params)
        return self

    def filter_sk_params(self, fn: Callable, override: dict | None = None) -> dict:
        names = set(_arg_names(fn))
        if fn is _fit_fn():
            names |= {"nb_epoch", "batch_size", "verbose", "callbacks", "validation_split",
                      "validation_data", "shuffle", "class_weight", "sample_weight",
                      "initial_epoch"}
        res = {name: value for name, value in self.sk_params.items() if name in names}
        res.update(override or {})
        return res

    def _loss_name(self) -> str:
        loss = getattr(self.model, "loss", None)
        loss = getattr(loss, "fn", loss)  # legacy_keras wraps compile's loss in a Keras1Loss
        return getattr(loss, "__name__", None) or getattr(loss, "name", None) or loss

    def fit(self, x: Any, y: Any, **kwargs: Any) -> Any:
        """Build a new model with the ``build_fn`` arguments among ``sk_params`` and fit it."""
        target = self._build_target()
        self.model = target(**self.filter_sk_params(target))
        y = np.asarray(y)
        if self._loss_name() == "categorical_crossentropy" and len(y.shape) != 2:
            y = to_categorical(y)
        fit_args = copy.deepcopy(self.filter_sk_params(_fit_fn()))
        fit_args.update(kwargs)
        return self.model.fit(x, y, **fit_args)


def _fit_fn() -> Callable:
    return _sequential().fit


class KerasClassifier(_ClassifierMixin, BaseWrapper):
    """scikit-learn classifier around a Keras 1 model (``predict`` returns class indices)."""

    def predict(self, x: Any, **kwargs: Any) -> np.ndarray:
        kwargs = self.filter_sk_params(_sequential().predict_classes, kwargs)
        return self.model.predict_classes(x, **kwargs)

    def predict_proba(self, x: Any, **kwargs: Any) -> np.ndarray:
        kwargs = self.filter_sk_params(_sequential().predict_proba, kwargs)
        probs = self.model.predict_proba(x, **kwargs)
        if probs.shape[1] == 1:
            probs = np.hstack([1 - probs, probs])
        return probs

    def score(self, x: Any, y: Any, **kwargs: Any) -> float:
        """Accuracy from ``evaluate`` (needs ``metrics=['accuracy']`` at compile)."""
        kwargs = self.filter_sk_params(_sequential().evaluate, kwargs)
        y = np.asarray(y)
        if self._loss_name() == "categorical_crossentropy" and len(y.shape) != 2:
            y = to_categorical(y)
        outputs = self.model.evaluate(x, y, **kwargs)
        if not isinstance(outputs, list):
            outputs = [outputs]
        for name, output in zip(self.model.metrics_names, outputs):
            if name == "acc":
                return output
        raise ValueError("The model is not configured to compute accuracy. "
                         'You should pass `metrics=["accuracy"]` to the `model.compile()` method.')


class KerasRegressor(_RegressorMixin, BaseWrapper):
    """scikit-learn regressor around a Keras 1 model; ``score`` is the loss (lower is better)."""

    def predict(self, x: Any, **kwargs: Any) -> np.ndarray:
        kwargs = self.filter_sk_params(_sequential().predict, kwargs)
        return np.squeeze(self.model.predict(x, **kwargs))

    def score(self, x: Any, y: Any, **kwargs: Any) -> float:
        kwargs = self.filter_sk_params(_sequential().evaluate, kwargs)
        loss = self.model.evaluate(x, y, **kwargs)
        return loss[0] if isinstance(loss, list) else loss
