"""Sequential/Model construction, the Keras 1 model API, (de)serialization and saving."""
from __future__ import annotations

import json

import h5py
import keras
import numpy as np
import pytest

from conftest import assert_keras1_close

from legacy_keras.engine.topology import Input
from legacy_keras.engine.training import Model
from legacy_keras.layers import Activation, Dense
from legacy_keras.models import (Sequential, load_model, model_from_config, model_from_json,
                                 model_from_yaml)


def small_sequential(name_prefix: str = "") -> Sequential:
    model = Sequential()
    model.add(Dense(5, input_dim=4, name=f"{name_prefix}d1"))
    model.add(Activation("relu", name=f"{name_prefix}a1"))
    model.add(Dense(2, activation="softmax", name=f"{name_prefix}d2"))
    return model


X = np.random.RandomState(0).rand(6, 4).astype("float32")


def test_sequential_list_constructor_and_keras1_attributes():
    model = Sequential([Dense(3, input_dim=4), Activation("tanh")])
    assert isinstance(model, keras.Sequential)
    assert len(model.layers) == 2  # the input layer is not listed, as in Keras 1
    assert model.input_shape == (None, 4)
    assert model.output_shape == (None, 3)
    assert tuple(model.input.shape) == (None, 4)
    assert model.get_output_shape_for((None, 4)) == (None, 3)
    assert model.get_layer(index=1) is model.layers[1]
    assert model.get_layer(name=model.layers[0].name) is model.layers[0]
    popped = model.pop()
    assert popped.name.startswith("activation") and len(model.layers) == 1
    assert model.output_shape == (None, 3)


def test_batch_input_shape_and_dtype_of_first_layer():
    model = Sequential()
    model.add(Dense(3, batch_input_shape=(5, 4), input_dtype="float64"))
    assert model.input_shape == (5, 4)
    assert model.layers[0].input.dtype == "float64"


def test_keras1_default_names_count_per_class():
    a, b, c = Dense(2), Dense(2), Activation("relu")
    n_a, n_b = int(a.name.split("_")[-1]), int(b.name.split("_")[-1])
    assert a.name.startswith("dense_") and n_b == n_a + 1
    assert c.name.startswith("activation_")
    assert Sequential().name.startswith("sequential_")


def test_model_keras1_and_keras2_keywords():
    inp = Input(shape=(4,))
    assert inp._keras_history[0].name.startswith("input_")
    out = Dense(2)(inp)
    m1 = Model(input=inp, output=out)
    m2 = Model(inputs=inp, outputs=out, name="two")
    m3 = Model(inp, out)
    assert m1.name.startswith("model_") and m2.name == "two"
    for model in (m1, m2, m3):
        assert model.output_shape == (None, 2)
        assert isinstance(model, keras.Model)
    with pytest.raises(TypeError):
        Model(input=inp, inputs=inp, output=out)


def test_predict_classes_and_proba_keras1_shapes():
    model = small_sequential()
    proba = model.predict_proba(X, verbose=0)
    assert proba.shape == (6, 2)
    np.testing.assert_array_equal(model.predict_classes(X, verbose=0), proba.argmax(-1))
    binary = Sequential([Dense(1, input_dim=4, activation="sigmoid")])
    classes = binary.predict_classes(X, verbose=0)
    assert classes.shape == (6, 1) and classes.dtype == np.int32
    np.testing.assert_array_equal(classes, (binary.predict(X) > 0.5).astype("int32"))


def test_predict_proba_warns_outside_unit_interval():
    model = Sequential([Dense(2, input_dim=4, weights=[np.full((4, 2), 5., "float32"),
                                                       np.zeros(2, "float32")])])
    with pytest.warns(UserWarning, match="invalid probability"):
        model.predict_proba(X, verbose=0)


def test_get_config_from_config_round_trip():
    model = small_sequential("cfg_")
    clone = Sequential.from_config(model.get_config())
    assert isinstance(clone, Sequential)
    assert [l.name for l in clone.layers] == ["cfg_d1", "cfg_a1", "cfg_d2"]
    clone.set_weights(model.get_weights())
    assert_keras1_close(clone.predict(X), model.predict(X))
    inp = Input(shape=(4,))
    functional = Model(input=inp, output=Dense(3, name="cfg_f")(inp))
    revived = Model.from_config(functional.get_config())
    assert isinstance(revived, Model) and revived.output_shape == (None, 3)


def test_to_json_and_yaml_round_trip_keep_keras1_api():
    model = small_sequential("js_")
    for text, load in ((model.to_json(), model_from_json), (model.to_yaml(), model_from_yaml)):
        clone = load(text)
        assert isinstance(clone, Sequential)  # still has fit(nb_epoch=...), predict_classes
        assert [l.name for l in clone.layers] == ["js_d1", "js_a1", "js_d2"]
    assert isinstance(model_from_config(json.loads(model.to_json())), Sequential)


def test_keras1_json_goes_to_the_converter():
    keras1_json = json.dumps({"class_name": "Sequential", "keras_version": "1.2.2", "config": [
        {"class_name": "Dense", "config": {"name": "dense_k1", "output_dim": 3, "init": "glorot_uniform",
                                           "activation": "linear", "W_regularizer": None,
                                           "b_regularizer": None, "activity_regularizer": None,
                                           "W_constraint": None, "b_constraint": None, "bias": True,
                                           "input_dim": 4, "trainable": True,
                                           "batch_input_shape": [None, 4], "input_dtype": "float32"}}]})
    model = model_from_json(keras1_json)
    assert model.output_shape == (None, 3)
    assert model.layers[0].name == "dense_k1"


def test_save_weights_any_filename_and_load(tmp_path):
    model = small_sequential("sw_")
    other = small_sequential("sw2_")
    path = str(tmp_path / "w.h5")  # Keras 1 users write plain .h5 names
    model.save_weights(path)
    with h5py.File(path, "r") as handle:
        assert "layer_names" in handle.attrs  # Keras 2-style HDF5 layout
    other.load_weights(path)
    for a, b in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)
    k3 = str(tmp_path / "w.weights.h5")
    model.save_weights(k3)
    third = small_sequential("sw3_")
    third.load_weights(k3)
    assert_keras1_close(third.predict(X), model.predict(X))


def test_save_and_load_model(tmp_path):
    model = small_sequential("sv_")
    model.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
    for name in ("m.h5", "m.keras", "m.hdf5"):
        path = str(tmp_path / name)
        model.save(path)
        loaded = load_model(path)
        assert isinstance(loaded, Sequential)
        assert type(loaded.optimizer).__name__ == "SGD"  # compiled from the saved config
        assert loaded.metrics_names == ["loss", "acc"]
        assert_keras1_close(loaded.predict(X), model.predict(X))
        loaded.fit(X, np.eye(2)[[0, 1, 0, 1, 0, 1]], nb_epoch=1, verbose=0)


def test_load_weights_of_merge_sequential_roundtrip(tmp_path):
    from legacy_keras.layers import Merge
    def build():
        left = Sequential([Dense(3, input_dim=4)])
        right = Sequential([Dense(3, input_dim=2)])
        model = Sequential([Merge([left, right], mode="sum"), Dense(1)])
        return model
    model, other = build(), build()
    assert len(model.get_weights()) == 6
    path = str(tmp_path / "merge_w.h5")
    model.save_weights(path)
    other.load_weights(path)
    data = [X, X[:, :2]]
    assert_keras1_close(other.predict(data), model.predict(data))
    # serialized as the equivalent functional model (same inputs, outputs, weights)
    clone = model_from_json(model.to_json())
    assert isinstance(clone, Model) and len(clone.inputs) == 2
    clone.set_weights(model.get_weights())
    assert_keras1_close(clone.predict(data), model.predict(data))
    model.compile("sgd", "mse")
    model.save(str(tmp_path / "merge.h5"))
    loaded = load_model(str(tmp_path / "merge.h5"))
    assert_keras1_close(loaded.predict(data), model.predict(data))
    loaded.fit(data, np.zeros((6, 1)), nb_epoch=1, verbose=0)


def test_functional_model_save_load_keeps_keras1_api(tmp_path):
    from legacy_keras.layers import merge
    a, b = Input(shape=(4,), name="fa"), Input(shape=(2,), name="fb")
    out = Dense(1, activation="sigmoid", name="fo")(merge([a, b], mode="concat"))
    model = Model(input=[a, b], output=out)
    model.compile("rmsprop", "binary_crossentropy", metrics=["accuracy"])
    data = [X, X[:, :2]]
    for name in ("f.h5", "f.keras"):
        model.save(str(tmp_path / name))
        loaded = load_model(str(tmp_path / name))
        assert isinstance(loaded, Model) and loaded.metrics_names == ["loss", "acc"]
        assert_keras1_close(loaded.predict(data), model.predict(data))
        history = loaded.fit(data, np.ones((6, 1)), nb_epoch=2, verbose=0)
        assert sorted(history.history) == ["acc", "loss"]


def test_model_reset_states_resets_stateful_layers_like_keras1():
    """Keras 1 ``model.reset_states()`` (Keras 3 models lost it)."""
    import numpy as np

    from legacy_keras.layers import LSTM, Dense
    from legacy_keras.models import Sequential

    model = Sequential()
    model.add(LSTM(4, stateful=True, batch_input_shape=(2, 3, 5)))
    model.add(Dense(1))
    x = np.random.default_rng(0).random((2, 3, 5)).astype("float32")
    first = model.predict(x, batch_size=2)
    carried = model.predict(x, batch_size=2)
    model.reset_states()
    after_reset = model.predict(x, batch_size=2)
    assert not np.allclose(first, carried)  # state carried over between calls
    np.testing.assert_allclose(first, after_reset, rtol=1e-6)
