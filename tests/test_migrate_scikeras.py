"""Migrated ``keras.wrappers.scikit_learn`` code runs on scikeras (issue 11.4).

``legacy-migrate`` rewrites Keras 1's ``KerasClassifier``/``KerasRegressor`` to
``scikeras.wrappers`` (``build_fn=`` -> ``model=``, ``nb_epoch=`` -> ``epochs=``, the
build function's own keywords kept).  The migrated source is run here: a tiny model
fit and predict on random data.  Needs scikeras (and scikit-learn), a dependency the
migrated code gains, installed with the test extras.
"""
from __future__ import annotations

import numpy as np

from migrate.transform import migrate_source

SOURCE = '''
from keras.models import Sequential
from keras.layers import Dense
from keras.wrappers.scikit_learn import KerasClassifier, KerasRegressor


def build_classifier(hidden=8):
    model = Sequential()
    model.add(Dense(hidden, input_dim=4, activation='relu'))
    model.add(Dense(3, activation='softmax'))
    model.compile(loss='categorical_crossentropy', optimizer='adam')
    return model


def build_regressor():
    model = Sequential()
    model.add(Dense(1, input_dim=4))
    model.compile(loss='mse', optimizer='sgd')
    return model


clf = KerasClassifier(build_fn=build_classifier, nb_epoch=2, batch_size=8, verbose=0, hidden=5)
reg = KerasRegressor(build_fn=build_regressor, nb_epoch=1, verbose=0)
'''


def test_migrated_wrappers_fit_and_predict() -> None:
    import scikeras  # noqa: F401  (a test extra: never skipped)
    code = migrate_source(SOURCE).code
    assert "from scikeras.wrappers import KerasClassifier, KerasRegressor" in code
    assert "legacy_keras" not in code and "build_fn" not in code and "nb_epoch" not in code
    namespace: dict = {}
    exec(compile(code, "<migrated>", "exec"), namespace)
    rng = np.random.RandomState(0)
    x = rng.rand(24, 4).astype("float32")
    y = rng.randint(0, 3, 24)
    clf = namespace["clf"].fit(x, y)  # integer labels, one-hot encoded as Keras 1 did
    assert clf.model_.layers[0].units == 5  # the build function's keyword reached it
    assert len(clf.history_["loss"]) == 2
    assert set(clf.predict(x)) <= {0, 1, 2}
    assert clf.predict_proba(x).shape == (24, 3)
    reg = namespace["reg"].fit(x, rng.rand(24).astype("float32"))
    assert reg.predict(x).shape == (24,)
