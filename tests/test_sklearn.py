"""keras.wrappers.scikit_learn: the Keras 1 KerasClassifier / KerasRegressor (build_fn + flat sk_params).

Needs scikit-learn (a test extra); skipped when it is missing.
"""
from __future__ import annotations

import numpy as np
import pytest

import sklearn


def build_classifier(hidden=4, optimizer="adam"):
    from legacy_keras.layers import Dense
    from legacy_keras.models import Sequential
    model = Sequential()
    model.add(Dense(hidden, input_dim=3, activation="relu"))
    model.add(Dense(3, activation="softmax"))
    model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def build_regressor(hidden=4):
    from legacy_keras.layers import Dense
    from legacy_keras.models import Sequential
    model = Sequential([Dense(hidden, input_dim=3, activation="relu"), Dense(1)])
    model.compile("sgd", "mse")
    return model


def _data():
    rng = np.random.RandomState(0)
    X = rng.rand(24, 3).astype("float32")
    y = rng.randint(0, 3, size=24)
    return X, y


def test_classifier_fit_predict_score_with_keras1_params():
    from legacy_keras.wrappers.scikit_learn import KerasClassifier
    X, y = _data()
    clf = KerasClassifier(build_fn=build_classifier, nb_epoch=2, batch_size=8, verbose=0, hidden=5)
    history = clf.fit(X, y)  # integer labels: one-hot encoded for categorical_crossentropy
    assert len(history.history["loss"]) == 2
    assert clf.model.layers[0].output_shape[-1] == 5
    pred = clf.predict(X)
    assert pred.shape == (24,) and set(np.unique(pred)) <= {0, 1, 2}
    proba = clf.predict_proba(X)
    assert proba.shape == (24, 3) and np.allclose(proba.sum(1), 1, atol=1e-5)
    assert 0.0 <= clf.score(X, y) <= 1.0
    assert clf.get_params()["nb_epoch"] == 2 and clf.get_params()["build_fn"] is build_classifier


def test_illegal_sk_param_is_rejected():
    from legacy_keras.wrappers.scikit_learn import KerasClassifier
    with pytest.raises(ValueError, match="not a legal parameter"):
        KerasClassifier(build_fn=build_classifier, nb_epochs=3)


@pytest.mark.slow
def test_grid_search_over_build_fn_and_fit_params():
    from sklearn.model_selection import GridSearchCV
    from legacy_keras.wrappers.scikit_learn import KerasClassifier
    X, y = _data()
    clf = KerasClassifier(build_fn=build_classifier, verbose=0)
    grid = GridSearchCV(clf, {"hidden": [2, 4], "nb_epoch": [1]}, cv=2)
    result = grid.fit(X, y)
    assert set(result.best_params_) == {"hidden", "nb_epoch"}
    assert len(result.cv_results_["mean_test_score"]) == 2


def test_regressor_predict_is_squeezed_and_score_is_loss():
    from legacy_keras.wrappers.scikit_learn import KerasRegressor
    X, _ = _data()
    y = X.sum(1)
    reg = KerasRegressor(build_fn=build_regressor, nb_epoch=1, batch_size=8, verbose=0)
    reg.fit(X, y)
    assert reg.predict(X).shape == (24,)
    assert reg.score(X, y) >= 0.0
