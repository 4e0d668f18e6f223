"""Keras 1 layer names that Keras 3 refuses (issue 14.4): ``name='fire2/squeeze1x1'``.

``fixtures/oracle/make_layers_names.py`` saved a model with such names on the
genuine Keras 1.2.2 (``model.h5``, ``weights.h5``, and its prediction).  Here
the same model is rebuilt against legacy_keras: each layer gets a legal Keras 3
name, keeps its Keras 1 name, is found by ``get_layer`` under it, and the
Keras 1 files load by it.
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

from legacy_keras.engine.topology import keras1_name
from legacy_keras.layers import Dense, Input
from legacy_keras.models import Model, Sequential, load_model

ORACLE = FIXTURES / "oracle" / "layers_names"
ARRAYS = np.load(ORACLE / "cases.npz")
KERAS1_NAMES = ["data/in", "fire2/squeeze1x1", "fire2/expand1x1", "fire3/expand/dense"]


def build():
    inp = Input(shape=(5,), name="data/in")
    x = Dense(3, activation="relu", name="fire2/squeeze1x1")(inp)
    x = Dense(3, activation="tanh", name="fire2/expand1x1")(x)
    return Model(inp, Dense(4, name="fire3/expand/dense")(x))


def test_names_with_slash_are_accepted_and_kept_as_keras1_names():
    model = build()
    assert [layer.name for layer in model.layers] == [n.replace("/", ".") for n in KERAS1_NAMES]
    assert [keras1_name(layer) for layer in model.layers] == KERAS1_NAMES
    assert model.get_layer("fire2/squeeze1x1") is model.layers[1]
    assert model.get_layer("fire2.squeeze1x1") is model.layers[1]
    with pytest.raises(ValueError):
        model.get_layer("fire9/squeeze1x1")


@pytest.mark.parametrize("by_name", [False, True])
def test_keras1_weights_file_loads_by_keras1_names(by_name):
    model = build()
    model.load_weights(str(ORACLE / "weights.h5"), by_name=by_name)
    assert_keras1_close(model.predict(ARRAYS["x"]), ARRAYS["out"])


def test_keras1_model_file_with_slash_names_loads():
    model = load_model(str(ORACLE / "model.h5"))
    assert_keras1_close(model.predict(ARRAYS["x"]), ARRAYS["out"])
    assert model.get_layer("fire3/expand/dense").get_weights()[0].shape == (3, 4)


def test_saved_weights_round_trip_by_name(tmp_path):
    source = build()
    source.load_weights(str(ORACLE / "weights.h5"))
    source.save_weights(str(tmp_path / "w.h5"))
    target = build()
    target.load_weights(str(tmp_path / "w.h5"), by_name=True)
    assert_keras1_close(target.predict(ARRAYS["x"]), ARRAYS["out"])


def test_sequential_and_custom_layer_names():
    from legacy_keras.engine.topology import Layer

    class Scale(Layer):
        def call(self, x, mask=None):
            return 2 * x

    model = Sequential([Dense(2, input_dim=3, name="block1/fc"), Scale(name="block1/scale")])
    assert model.get_layer("block1/scale").name == "block1.scale"
    assert keras1_name(model.get_layer("block1/fc")) == "block1/fc"
    assert model.predict(np.ones((1, 3), "float32")).shape == (1, 2)
