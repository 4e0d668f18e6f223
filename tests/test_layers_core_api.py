"""Keras 1 core layers: constructor errors, saving, training-time behaviour, Keras 1 API.

Numbers against the genuine Keras 1.2.2 are in ``test_layers_core.py``; this
file checks what the oracle cannot record: bad arguments fail at
construction naming the layer, saved models reload (plain Keras 3 for the
layers Keras 3 still has), and training-only behaviour (dropout, noise).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import keras
import numpy as np
import pytest
from keras import ops

import legacy_keras.layers as L
from legacy_keras import weights as weight_rules
from legacy_keras.layers._adapt import Keras1ArgumentError
from conftest import assert_keras1_close


def _square(x):
    return x ** 2


#: Minimal valid Keras 1 positional arguments of every layer of this part.
MINIMAL_ARGS = {
    "Dense": (3,), "Activation": ("relu",), "Dropout": (0.5,), "SpatialDropout1D": (0.5,),
    "SpatialDropout2D": (0.5,), "SpatialDropout3D": (0.5,), "Flatten": (), "Reshape": ((2, 2),),
    "Permute": ((2, 1),), "RepeatVector": (2,), "Lambda": (_square,), "ActivityRegularization": (),
    "Masking": (), "Highway": (), "MaxoutDense": (3,), "TimeDistributedDense": (3,), "Merge": (),
    "Embedding": (10, 3), "BatchNormalization": (), "GaussianNoise": (0.1,),
    "GaussianDropout": (0.1,), "LeakyReLU": (), "PReLU": (), "ELU": (), "ParametricSoftplus": (),
    "ThresholdedReLU": (), "SReLU": (),
    "TimeDistributed": (lambda: L.Dense(3),), "Bidirectional": (lambda: keras.layers.SimpleRNN(2),),
}


def _args(name):
    return tuple(a() if callable(a) and a is not _square else a for a in MINIMAL_ARGS[name])


@pytest.mark.parametrize("name", sorted(MINIMAL_ARGS))
def test_layer_is_keras3_layer_with_keras1_module(name):
    cls = getattr(L, name)
    layer = cls(*_args(name))
    assert isinstance(layer, keras.layers.Layer)
    assert isinstance(layer, cls)


@pytest.mark.parametrize("name", sorted(MINIMAL_ARGS))
def test_unknown_keyword_names_layer_and_argument(name):
    with pytest.raises(Keras1ArgumentError) as error:
        getattr(L, name)(*_args(name), bogus_argument=1)
    assert name in str(error.value) and "bogus_argument" in str(error.value)


@pytest.mark.parametrize("factory, words", [
    (lambda: L.Merge(mode="bogus"), ("Merge", "bogus")),
    (lambda: L.BatchNormalization(mode=3), ("BatchNormalization", "mode")),
    (lambda: L.Dense(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14), ("Dense", "positional")),
    (lambda: L.Lambda(_square, output_shape=5), ("Lambda", "output_shape")),
    (lambda: L.Embedding(10, 3, dropout=1.5), ("Embedding", "dropout")),
])
def test_bad_values_fail_at_construction(factory, words):
    with pytest.raises((TypeError, ValueError)) as error:
        factory()
    for word in words:
        assert word in str(error.value)


def test_merge_shape_errors_like_keras1():
    a, b = keras.Input((3,)), keras.Input((4,))
    with pytest.raises(ValueError, match="same output shape"):
        L.merge([a, b], mode="sum")
    with pytest.raises(ValueError, match="dimension incompatibility"):
        L.merge([a, b], mode="dot")
    with pytest.raises(TypeError, match="layers or models"):
        L.Merge([a, b], mode="sum")


def test_merge_returns_tensor_and_keeps_branches():
    a, b = keras.Input((3,)), keras.Input((3,))
    out = L.merge([a, b], mode="concat")
    assert isinstance(out, keras.KerasTensor) and tuple(out.shape) == (None, 6)
    model_a, model_b = keras.Model(a, L.Dense(2)(a)), keras.Model(b, L.Dense(2)(b))
    merged = L.Merge([model_a, model_b], mode="sum")
    assert merged.keras1_branches == [model_a, model_b]


def test_keras1_attribute_api():
    dense = L.Dense(3, input_dim=4)
    assert dense.W is None
    dense.build((None, 4))
    assert dense.W is dense.kernel and dense.b is dense.bias
    assert tuple(dense.get_output_shape_for((None, 4))) == (None, 3)
    embedding = L.Embedding(10, 3)
    embedding.build((None, 2))
    assert embedding.W is embedding.embeddings
    highway = L.Highway(input_dim=4)
    highway.build((None, 4))
    assert [w.path.split("/")[-1] for w in highway.weights] == ["W", "W_carry", "b", "b_carry"]
    np.testing.assert_array_equal(ops.convert_to_numpy(highway.b_carry), np.ones(4))


def test_flatten_keeps_raw_order_under_channels_first():
    """Keras 1 flattened memory order even for 'th' data; the global Keras 3 setting must not matter."""
    from test_layers_core import ARRAYS
    previous = keras.config.image_data_format()
    keras.config.set_image_data_format("channels_first")
    try:
        layer = L.Flatten()
    finally:
        keras.config.set_image_data_format(previous)
    assert_keras1_close(layer(ARRAYS["flatten/x0"]), ARRAYS["flatten/out"])


# -- training-time behaviour ----------------------------------------------------

def test_embedding_dropout_drops_whole_vocabulary_rows():
    vocab, p = 200, 0.5
    layer = L.Embedding(vocab, 4, dropout=p)
    ids = np.tile(np.arange(vocab), (3, 1)).astype("int32")  # every id, in 3 samples
    inference = ops.convert_to_numpy(layer(ids, training=False))
    table = ops.convert_to_numpy(layer.embeddings)
    np.testing.assert_allclose(inference, table[ids])
    train = ops.convert_to_numpy(layer(ids, training=True))
    ratio = train / table[ids]
    # one factor per vocabulary row, shared by the whole batch and every position
    assert np.allclose(ratio, ratio[:1, :, :1])
    factors = ratio[0, :, 0]
    assert set(np.round(factors, 5)) == {0.0, round(1 / (1 - p), 5)}


def test_dropout_family_only_at_training_time():
    x = np.ones((4, 6, 8), "float32")
    dropout = L.Dropout(0.5)
    np.testing.assert_array_equal(ops.convert_to_numpy(dropout(x, training=False)), x)
    dropped = ops.convert_to_numpy(dropout(x, training=True))
    assert set(np.unique(dropped)) == {0.0, 2.0}
    spatial = ops.convert_to_numpy(L.SpatialDropout1D(0.5)(x, training=True))
    assert np.all(spatial == spatial[:, :1, :])  # whole channels per sample
    for layer in (L.GaussianNoise(0.5), L.GaussianDropout(0.3)):
        np.testing.assert_array_equal(ops.convert_to_numpy(layer(x, training=False)), x)
        assert not np.allclose(ops.convert_to_numpy(layer(x, training=True)), x)


# -- saving -------------------------------------------------------------------------

def _plain_model():
    numbers = keras.Input((6,), name="numbers")
    x = L.Dense(8, activation="relu")(numbers)
    for layer in (L.BatchNormalization(), L.Dropout(0.2), L.GaussianNoise(0.1), L.GaussianDropout(0.1),
                  L.LeakyReLU(0.2), L.PReLU(), L.ELU(0.5), L.ThresholdedReLU(0.1), L.Reshape((2, 4)),
                  L.Permute((2, 1)), L.Flatten(), L.RepeatVector(2), L.TimeDistributed(L.Dense(3)),
                  L.SpatialDropout1D(0.1), L.TimeDistributedDense(2), L.Lambda(lambda t: t * 2.0),
                  L.Masking(), L.ActivityRegularization(0.01), L.Activation("tanh"),
                  L.Bidirectional(keras.layers.SimpleRNN(2))):
        x = layer(x)
    words = keras.Input((4,), dtype="int32", name="words")
    y = L.Flatten()(L.Embedding(10, 3, input_length=4)(words))
    return keras.Model([numbers, words], [x, y])


def _inputs(seed=0):
    rng = np.random.RandomState(seed)
    return [rng.uniform(-1, 1, (3, 6)).astype("float32"), rng.randint(0, 10, (3, 4)).astype("int32")]


def test_saved_model_loads_in_plain_keras3(tmp_path):
    model = _plain_model()
    xs = _inputs()
    expected = [ops.convert_to_numpy(o) for o in model(xs, training=False)]
    path = tmp_path / "plain.keras"
    model.save(path)
    config = json.dumps(model.get_config())
    assert "legacy_keras" not in config
    script = (
        "import sys, numpy as np, keras\n"
        f"m = keras.models.load_model({str(path)!r}, safe_mode=False)\n"
        f"xs = [np.load({str(tmp_path / 'x0.npy')!r}), np.load({str(tmp_path / 'x1.npy')!r})]\n"
        "out = m(xs, training=False)\n"
        f"np.save({str(tmp_path / 'y0.npy')!r}, keras.ops.convert_to_numpy(out[0]))\n"
        f"np.save({str(tmp_path / 'y1.npy')!r}, keras.ops.convert_to_numpy(out[1]))\n"
        "assert not any(name.startswith('legacy_keras') for name in sys.modules)\n")
    np.save(tmp_path / "x0.npy", xs[0])
    np.save(tmp_path / "x1.npy", xs[1])
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    subprocess.run([sys.executable, "-c", script], check=True, env=env, cwd=tmp_path, timeout=300)
    np.testing.assert_allclose(np.load(tmp_path / "y0.npy"), expected[0], rtol=1e-6)
    np.testing.assert_allclose(np.load(tmp_path / "y1.npy"), expected[1], rtol=1e-6)


def test_saved_model_with_legacy_layers_reloads(tmp_path):
    a, b = keras.Input((4,)), keras.Input((4,))
    x = L.Highway(activation="relu")(a)
    x = L.merge([x, b], mode="sum")
    x = L.merge([x, b], mode="concat")
    x = L.merge([x, x], mode=lambda xs: xs[0] * xs[1], output_shape=(8,))
    x = L.MaxoutDense(5, nb_feature=3)(x)
    x = L.BatchNormalization(mode=1)(x)
    x = L.BatchNormalization(mode=2)(x)
    x = L.ParametricSoftplus(alpha_init=0.3)(x)
    x = L.SReLU(shared_axes=[1])(x)
    x = L.Activation("hard_sigmoid")(x)
    words = keras.Input((3,), dtype="int32")
    y = L.Embedding(6, 2, dropout=0.3)(words)
    model = keras.Model([a, b, words], [x, y])
    rng = np.random.RandomState(1)
    xs = [rng.uniform(-1, 1, (4, 4)).astype("float32"), rng.uniform(-1, 1, (4, 4)).astype("float32"),
          rng.randint(0, 6, (4, 3)).astype("int32")]
    expected = [ops.convert_to_numpy(o) for o in model(xs, training=False)]
    path = tmp_path / "legacy.keras"
    model.save(path)
    loaded = keras.models.load_model(path, safe_mode=False)
    classes = {type(layer).__name__ for layer in loaded.layers}
    assert {"Highway", "Merge", "MaxoutDense", "BatchNormalizationMode", "ParametricSoftplus",
            "SReLU", "EmbeddingWithRowDropout"} <= classes
    for actual, wanted in zip(loaded(xs, training=False), expected):
        np.testing.assert_allclose(ops.convert_to_numpy(actual), wanted, rtol=1e-6)
    assert [layer.dropout for layer in loaded.layers if type(layer).__name__ == "EmbeddingWithRowDropout"] \
        == [0.3]


# -- weight rules ------------------------------------------------------------------

def test_wrapper_rules_convert_each_half_as_the_inner_layer():
    seen = []

    @weight_rules.rule("_ProbeLayer")
    def probe(config, arrays, theano):
        seen.append((config["tag"], len(arrays)))
        return [a * 2 for a in arrays]

    arrays = [np.ones(2, "float32") * i for i in range(4)]
    config = {"layer": {"class_name": "_ProbeLayer", "config": {"tag": "inner"}}}
    out = weight_rules.to_keras3("Bidirectional", config, arrays)
    assert seen == [("inner", 2), ("inner", 2)]
    np.testing.assert_array_equal(np.stack(out), np.stack(arrays) * 2)
    out = weight_rules.to_keras3("TimeDistributed", config, arrays[:3])
    assert seen[-1] == ("inner", 3) and len(out) == 3
    with pytest.raises(ValueError, match="even number"):
        weight_rules.to_keras3("Bidirectional", config, arrays[:3])


def test_batchnorm_rule_identity_for_current_files_and_old_std_converted():
    rng = np.random.RandomState(0)
    gamma, beta, mean = (rng.uniform(0.5, 1.5, 3).astype("float32") for _ in range(3))
    std = rng.uniform(0.5, 1.5, 3).astype("float32")
    arrays = [gamma, beta, mean, std]
    same = weight_rules.to_keras3("BatchNormalization", {"epsilon": 1e-3}, arrays)
    assert all(a is b or np.array_equal(a, b) for a, b in zip(same, arrays))
    old = weight_rules.to_keras3("BatchNormalization", {"epsilon": 1e-6, "keras_version": "1.0.4"},
                                 arrays)
    x = rng.uniform(-2, 2, (5, 3))
    keras10 = (x - mean) / (std + 1e-6) * gamma + beta  # Keras <= 1.0.6 inference
    keras3 = (x - old[2]) / np.sqrt(old[3].astype(np.float64) + 1e-6) * old[0] + old[1]
    np.testing.assert_allclose(keras3, keras10, rtol=1e-5)


def test_bidirectional_weights_argument_is_applied():
    """Keras 3's own Bidirectional ignores ``weights=``; the Keras 1 one must not."""
    from test_layers_core import build_case, case_arrays
    entry, xs, weights = case_arrays("bidirectional_simplernn_concat")
    _, layer, _ = build_case("bidirectional_simplernn_concat")
    for actual, wanted in zip(layer.get_weights(), weights):
        np.testing.assert_array_equal(actual, wanted)


def test_numpy_scalars_are_accepted_like_keras1():
    """Scripts compute sizes with numpy (``nb_classes = np.max(y) + 1``)."""
    import numpy as np

    from legacy_keras.layers import Convolution2D, Dense

    assert Dense(np.int64(7)).units == 7
    conv = Convolution2D(np.int32(4), np.int64(3), 3, subsample=(np.int64(2), 2))
    assert conv.kernel_size == (3, 3) and conv.strides == (2, 2)
