"""What the codemod inserts survives save and load (issue 13.4).

A migrated Keras 1 LSTM script (its recurrent activation is the inserted
``keras1_hard_sigmoid``) saves its model under the name Keras 3 accepts and loads
it back with ``load_model``; the reloaded model predicts the same.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from migrate.transform import migrate_source

SCRIPT = """\
import numpy as np
from keras.models import Sequential, load_model
from keras.layers import LSTM, Dense
from keras.initializations import normal, glorot_normal

model = Sequential()
model.add(LSTM(4, input_dim=3, input_length=5))
model.add(Dense(2, init=normal))
model.add(Dense(2, init=glorot_normal))
model.add(Dense(2, init='he_normal'))
model.compile(loss='mse', optimizer='sgd')
x = np.random.RandomState(0).rand(2, 5, 3).astype('float32')
before = model.predict(x)
model.save('model.hdf5')
model.save_weights('weights.h5')
again = load_model('model.hdf5')
after = again.predict(x)
again.load_weights('weights.h5')
"""


def test_migrated_model_with_inserted_helper_round_trips(tmp_path: Path) -> None:
    import numpy as np
    import keras  # noqa: F401  (a dependency: never skipped)
    code = migrate_source(SCRIPT).code
    assert "'model.keras'" in code and "'weights.weights.h5'" in code
    assert "register_keras_serializable" in code
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        namespace: dict = {}
        exec(compile(code, "migrated.py", "exec"), namespace)
    finally:
        os.chdir(cwd)
    np.testing.assert_allclose(namespace["after"], namespace["before"], rtol=1e-6)
    assert (tmp_path / "model.keras").exists() and (tmp_path / "weights.weights.h5").exists()
