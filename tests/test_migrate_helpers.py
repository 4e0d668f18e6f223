"""Inserted helpers compute what Keras 1 computed (checked against legacy_keras's oracle-tested layers)."""
from __future__ import annotations

import pytest

from migrate.helpers import HELPERS


def _helper_namespace(*names: str) -> dict:
    import keras
    namespace: dict = {"keras": keras}
    for name in names:
        exec(compile(HELPERS[name], name, "exec"), namespace)
    return namespace


@pytest.mark.parametrize("activation", ["linear", "relu"])
def test_keras1_highway_matches_the_keras1_layer(activation: str) -> None:
    import numpy as np
    import keras
    from legacy_keras.layers import Highway

    ns = _helper_namespace("Keras1Highway")
    rng = np.random.RandomState(0)
    x = rng.rand(4, 5).astype("float32")
    weights = [rng.uniform(-0.5, 0.5, s).astype("float32") for s in ((5, 5), (5, 5), (5,), (5,))]
    ours = ns["Keras1Highway"](activation=activation)
    ours.build((None, 5))
    ours.set_weights(weights)
    theirs = Highway(activation=activation, input_dim=5)
    model = keras.Sequential([keras.Input((5,)), theirs])
    theirs.set_weights(weights)
    np.testing.assert_allclose(np.asarray(ours(x)), model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


def test_keras1_highway_round_trips_through_a_keras_file(tmp_path) -> None:
    import numpy as np
    import keras
    ns = _helper_namespace("Keras1Highway")
    model = keras.Sequential([keras.Input((3,)), ns["Keras1Highway"](activation="relu")])
    x = np.ones((2, 3), "float32")
    model.save(tmp_path / "m.keras")
    again = keras.saving.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0))


def test_keras1_embedding_dropout_drops_whole_vocabulary_rows() -> None:
    import numpy as np
    ns = _helper_namespace("Keras1Embedding")
    layer = ns["Keras1Embedding"](50, 4, dropout=0.5)
    layer.build((None, 6))
    ids = np.array([[1, 2, 1, 3, 2, 1]] * 8, dtype="int32")
    table = np.asarray(layer.embeddings)
    np.testing.assert_allclose(np.asarray(layer(ids, training=False)), table[ids], rtol=1e-6)
    out = np.asarray(layer(ids, training=True))
    for word in (1, 2, 3):
        rows = out[ids == word]
        assert np.allclose(rows, rows[0])  # one decision per vocabulary row, not per position
        assert np.allclose(rows[0], 0) or np.allclose(rows[0], table[word] * 2.0, rtol=1e-5)
    config = layer.get_config()
    assert config["dropout"] == 0.5 and ns["Keras1Embedding"].from_config(config).dropout == 0.5


@pytest.mark.parametrize("mode", [0, 1, 2])
def test_keras1_batch_normalization_modes_match_the_keras1_layer(mode: int) -> None:
    """Modes 1 and 2 use batch statistics in inference too; mode 0 (the helper gets it when
    the mode is computed at run time, ``BatchNormalization(mode=m)``) is Keras 3's layer."""
    import numpy as np
    import keras
    from legacy_keras.layers import BatchNormalization

    ns = _helper_namespace("Keras1BatchNormalization")
    rng = np.random.RandomState(1)
    x = rng.rand(6, 4).astype("float32") * 3
    weights = [rng.rand(4).astype("float32") + 0.5, rng.rand(4).astype("float32"),
               rng.rand(4).astype("float32"), rng.rand(4).astype("float32") + 1]
    ours = ns["Keras1BatchNormalization"](epsilon=1e-3, mode=mode)
    ours.build((None, 4))
    ours.set_weights(weights)
    theirs = BatchNormalization(mode=mode, input_shape=(4,))
    model = keras.Sequential([keras.Input((4,)), theirs])
    theirs.set_weights(weights)
    expected = model.predict(x, verbose=0)
    np.testing.assert_allclose(np.asarray(ours(x, training=False)), expected, rtol=1e-5, atol=1e-6)
    if mode:
        np.testing.assert_allclose(np.asarray(ours(x, training=True)), expected, rtol=1e-5, atol=1e-6)


def test_keras1_batch_normalization_refuses_an_unknown_mode() -> None:
    ns = _helper_namespace("Keras1BatchNormalization")
    with pytest.raises(ValueError, match="mode must be 0, 1 or 2, not 3"):
        ns["Keras1BatchNormalization"](mode=3)


def _compare_with_shim(ours, theirs, x, np, keras) -> None:
    model = keras.Sequential([keras.Input(x.shape[1:]), theirs])
    ours.build((None, *x.shape[1:]))
    rng = np.random.RandomState(2)
    weights = [rng.uniform(-0.5, 0.5, tuple(w.shape)).astype("float32") for w in theirs.weights]
    theirs.set_keras3_weights(weights)  # the shim's set_weights speaks Keras 1 layouts
    ours.set_weights(weights)
    np.testing.assert_allclose(np.asarray(ours(x)), model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


def test_keras1_maxout_dense_matches_the_keras1_layer() -> None:
    import numpy as np
    import keras
    from legacy_keras.layers import MaxoutDense

    ns = _helper_namespace("Keras1MaxoutDense")
    x = np.random.RandomState(0).rand(3, 5).astype("float32")
    _compare_with_shim(ns["Keras1MaxoutDense"](4, nb_feature=3), MaxoutDense(4, nb_feature=3, input_dim=5),
                       x, np, keras)


@pytest.mark.parametrize("stride", [1, 2])
def test_keras1_locally_connected_1d_matches_the_keras1_layer(stride: int) -> None:
    import numpy as np
    import keras
    from legacy_keras.layers import LocallyConnected1D

    ns = _helper_namespace("Keras1LocallyConnected1D")
    x = np.random.RandomState(0).rand(2, 9, 3).astype("float32")
    _compare_with_shim(ns["Keras1LocallyConnected1D"](4, 3, strides=stride, activation="tanh"),
                       LocallyConnected1D(4, 3, subsample_length=stride, activation="tanh", input_shape=(9, 3)),
                       x, np, keras)


@pytest.mark.parametrize("ordering", ["tf", "th"])
def test_keras1_locally_connected_2d_matches_the_keras1_layer(ordering: str) -> None:
    import numpy as np
    import keras
    from legacy_keras.layers import LocallyConnected2D

    ns = _helper_namespace("Keras1LocallyConnected2D")
    shape = (6, 7, 2) if ordering == "tf" else (2, 6, 7)
    x = np.random.RandomState(0).rand(2, *shape).astype("float32")
    fmt = "channels_last" if ordering == "tf" else "channels_first"
    _compare_with_shim(ns["Keras1LocallyConnected2D"](3, (3, 2), strides=(2, 1), data_format=fmt, activation="relu"),
                       LocallyConnected2D(3, 3, 2, subsample=(2, 1), dim_ordering=ordering, activation="relu",
                                          input_shape=shape),
                       x, np, keras)


@pytest.mark.parametrize("name", ["RMSprop", "Adagrad"])
def test_keras1_optimizers_match_the_keras1_update(name: str) -> None:
    import numpy as np
    import keras
    import legacy_keras.optimizers as k1

    ns = _helper_namespace(f"Keras1{name}")
    extra = {"initial_accumulator_value": 0.0} if name == "Adagrad" else {}
    ours = ns[f"Keras1{name}"](learning_rate=0.01, epsilon=1e-8, **extra)
    theirs = getattr(k1, name)(lr=0.01)
    results = []
    for opt in (ours, theirs):
        w = keras.Variable(np.array([1.0, -2.0, 1e-6], "float32"))
        for _ in range(5):
            opt.apply_gradients([(keras.ops.convert_to_tensor(2.0 * np.asarray(w) + 1e-7), w)])
        results.append(np.asarray(w))
    np.testing.assert_allclose(results[0], results[1], rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", ["RMSprop", "Adagrad"])
def test_keras1_optimizers_take_sparse_embedding_gradients(name: str) -> None:
    import numpy as np
    import keras
    ns = _helper_namespace(f"Keras1{name}")
    model = keras.Sequential([keras.Input((3,), dtype="int32"), keras.layers.Embedding(10, 4),
                              keras.layers.Flatten(), keras.layers.Dense(1)])
    model.compile(optimizer=ns[f"Keras1{name}"](learning_rate=0.01), loss="mse")
    before = model.layers[0].get_weights()[0].copy()
    model.fit(np.array([[1, 2, 3]] * 4), np.ones((4, 1)), epochs=1, verbose=0)
    after = model.layers[0].get_weights()[0]
    assert np.allclose(after[[0, 4, 5]], before[[0, 4, 5]]) and not np.allclose(after[1:4], before[1:4])


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_every_helper_defines_under_tf_keras(name: str) -> None:
    """``--keras-module tensorflow.keras`` writes ``from tensorflow import keras``, which has
    no ``keras.saving``: each helper must define (registration included) under that module too."""
    from tensorflow import keras as tf_keras

    namespace: dict = {"keras": tf_keras}
    exec(compile(HELPERS[name], name, "exec"), namespace)
    assert any(key.lower().startswith(("keras1", "_keras1")) for key in namespace)
