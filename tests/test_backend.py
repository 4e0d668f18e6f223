"""Keras 1 backend (``from keras import backend as K``) vs genuine Keras 1.2.2 (Theano)."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

B = np.load(FIXTURES / "oracle" / "ecosystem" / "backend.npz")


@pytest.fixture(scope="module")
def K():
    from legacy_keras import backend
    return backend


def _cases(K):
    a, b, c = (K.variable(B["in/" + n]) for n in ("a", "b", "c"))
    p, t, pb, tb = (K.variable(B["in/" + n]) for n in ("p", "t", "pb", "tb"))
    return {
        "mean_1": lambda: K.mean(a, axis=1), "mean_kd": lambda: K.mean(c, axis=-1, keepdims=True),
        "sum_0": lambda: K.sum(a, axis=0), "std_1": lambda: K.std(a, axis=1), "var_0": lambda: K.var(a, axis=0),
        "max_1": lambda: K.max(a, axis=1), "min_all": lambda: K.min(a), "prod_1": lambda: K.prod(a, axis=1),
        "square": lambda: K.square(a), "sqrt": lambda: K.sqrt(a), "exp": lambda: K.exp(a),
        "log": lambda: K.log(K.abs(a)), "abs": lambda: K.abs(a), "pow3": lambda: K.pow(a, 3),
        "clip": lambda: K.clip(a, -0.5, 0.7), "clip_swapped": lambda: K.clip(a, 0.5, 0.1),
        "maximum": lambda: K.maximum(a, b), "minimum": lambda: K.minimum(a, b),
        "dot": lambda: K.dot(a, K.transpose(b)), "batch_dot_11": lambda: K.batch_dot(a, b, axes=1),
        "batch_dot_3d": lambda: K.batch_dot(c, K.permute_dimensions(c, (0, 2, 1))),
        "concat": lambda: K.concatenate([a, b], axis=-1), "concat0": lambda: K.concatenate([a, b], axis=0),
        "reshape": lambda: K.reshape(c, (2, 12)), "permute": lambda: K.permute_dimensions(c, (2, 0, 1)),
        "repeat": lambda: K.repeat(a, 2), "repeat_elements": lambda: K.repeat_elements(c, 2, axis=1),
        "expand_dims": lambda: K.expand_dims(a, 1), "squeeze": lambda: K.squeeze(K.expand_dims(a, 1), 1),
        "flatten": lambda: K.flatten(c), "batch_flatten": lambda: K.batch_flatten(c),
        "stack": lambda: K.stack([a, b]), "l2_normalize": lambda: K.l2_normalize(a, axis=1),
        "argmax": lambda: K.argmax(a, axis=-1), "argmin": lambda: K.argmin(a, axis=0),
        "equal": lambda: K.equal(K.round(a), K.round(b)),
        "not_equal": lambda: K.not_equal(K.round(a), K.round(b)), "greater": lambda: K.greater(a, b),
        "lesser": lambda: K.lesser(a, b), "switch": lambda: K.switch(K.greater(a, 0), a, b),
        "cast": lambda: K.cast(K.greater(a, 0), "float32"), "round": lambda: K.round(a * 2),
        "any": lambda: K.any(K.greater(a, 1.5), axis=1), "all": lambda: K.all(K.greater(a, -1.9), axis=1),
        "gather": lambda: K.gather(a, [2, 0]), "sign": lambda: K.sign(a), "tile": lambda: K.tile(a, (2, 1)),
        "ones_like": lambda: K.ones_like(a), "zeros_like": lambda: K.zeros_like(a),
        "transpose": lambda: K.transpose(a), "softmax": lambda: K.softmax(a), "relu": lambda: K.relu(a),
        "relu_alpha": lambda: K.relu(a, alpha=0.1), "relu_alpha_max": lambda: K.relu(a, alpha=0.1, max_value=1.0),
        "sigmoid": lambda: K.sigmoid(a), "hard_sigmoid": lambda: K.hard_sigmoid(a),
        "softplus": lambda: K.softplus(a), "softsign": lambda: K.softsign(a), "tanh": lambda: K.tanh(a),
        "one_hot": lambda: K.one_hot(K.variable(np.array([1, 0, 3]), dtype="int32"), 4),
        "cce": lambda: K.categorical_crossentropy(p, t), "bce": lambda: K.binary_crossentropy(pb, tb),
        "scce": lambda: K.sparse_categorical_crossentropy(p, K.variable(np.array([[0], [2], [3]], dtype="float32"))),
        "zeros": lambda: K.zeros((2, 3)), "ones": lambda: K.ones((2, 3)), "eye": lambda: K.eye(3),
        "temporal_padding": lambda: K.temporal_padding(c, 2),
        "asym_temporal_padding": lambda: K.asymmetric_temporal_padding(c, 1, 3),
        "spatial_2d_padding": lambda: K.spatial_2d_padding(K.reshape(c, (1, 2, 3, 4)), (1, 2), dim_ordering="tf"),
        "resize_images": lambda: K.resize_images(K.reshape(c, (1, 2, 3, 4)), 2, 3, dim_ordering="tf"),
        "elu": lambda: K.elu(a, 0.5), "cumsum_like_dot": lambda: K.dot(c, K.transpose(a)),
    }


CASE_NAMES = sorted(k for k in B.files if "/" not in k and k not in ("int_shape_c", "count_params_c", "epsilon", "cast_to_floatx"))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_backend_function_matches_keras1(K, name):
    cases = _cases(K)
    assert name in cases, f"no test for oracle case {name}"
    out = K.eval(cases[name]())
    expected = B[name]
    if expected.dtype == bool or out.dtype == bool:
        np.testing.assert_array_equal(out.astype(bool), expected.astype(bool))
    elif np.issubdtype(expected.dtype, np.integer):
        np.testing.assert_array_equal(out, expected)
    else:
        assert_keras1_close(out, expected, rtol=1e-5, atol=1e-6)


def test_settings_and_shapes(K):
    c = K.variable(B["in/c"])
    assert K.int_shape(c) == tuple(B["int_shape_c"])
    assert K.count_params(c) == int(B["count_params_c"])
    assert K.epsilon() == pytest.approx(float(B["epsilon"]))
    out = K.cast_to_floatx(np.arange(3))
    assert out.dtype == B["cast_to_floatx"].dtype and np.array_equal(out, B["cast_to_floatx"])
    assert K.floatx() == "float32" and K.backend() == "tensorflow" and K._BACKEND == "tensorflow"
    assert K.ndim(c) == 3 and K.dtype(c) == "float32"


def test_variables_get_set_value(K):
    v = K.variable(np.ones((2, 2)))
    K.set_value(v, np.full((2, 2), 3.0))
    np.testing.assert_array_equal(K.get_value(v), np.full((2, 2), 3.0))
    K.batch_set_value([(v, np.zeros((2, 2)))])
    assert K.batch_get_value([v])[0].sum() == 0


def test_image_dim_ordering_roundtrip(K):
    import keras
    before = K.image_dim_ordering()
    try:
        K.set_image_dim_ordering("th")
        assert K.image_dim_ordering() == "th" and keras.config.image_data_format() == "channels_first"
        with pytest.raises(ValueError):
            K.set_image_dim_ordering("channels_last")
    finally:
        K.set_image_dim_ordering(before)


def _fn_model():
    from legacy_keras.layers import Dense, Dropout
    from legacy_keras.models import Sequential
    model = Sequential([Dense(5, input_dim=4, activation="tanh"), Dropout(0.5), Dense(3, activation="softmax")])
    model.set_weights([B[f"fn/w{i}"] for i in range(4)])
    return model


def test_function_with_learning_phase_gives_intermediate_output(K):
    model = _fn_model()
    get_hidden = K.function([model.layers[0].input, K.learning_phase()], [model.layers[2].output])
    assert_keras1_close(get_hidden([B["fn/x"], 0])[0], B["fn/out_test"])
    train = get_hidden([B["fn/x"], 1])[0]  # dropout active: differs from the test phase
    assert train.shape == B["fn/out_test"].shape and not np.allclose(train, B["fn/out_test"])


def test_gradients_inside_function_and_gradient_ascent(K):
    import keras
    inp = keras.Input(shape=(4,))
    d1 = keras.layers.Dense(5, activation="tanh")
    d2 = keras.layers.Dense(2)
    y = d2(d1(inp))
    keras.Model(inp, y).set_weights([B[f"grad/w{i}"] for i in range(4)])
    loss = K.mean(K.square(y[:, 0])) + K.sum(y[:, 1])
    grads = K.gradients(loss, inp)[0]
    grads = grads / (K.sqrt(K.mean(K.square(grads))) + 1e-5)
    iterate = K.function([inp], [loss, grads])
    lv, gv = iterate([B["fn/x"]])
    assert_keras1_close(lv, B["grad/loss"], rtol=1e-5)
    assert_keras1_close(gv, B["grad/grads"], rtol=1e-4, atol=1e-5)
    xs = B["fn/x"].copy()
    for _ in range(3):
        lv, gv = iterate([xs])
        xs = xs + 0.1 * gv
    assert_keras1_close(xs, B["grad/ascent"], rtol=1e-4, atol=1e-5)


def test_placeholder_function_and_updates(K):
    x = K.placeholder(shape=(None, 3))
    acc = K.variable(np.zeros(3))
    f = K.function([x], [K.sum(x, axis=0)], updates=[(acc, acc + K.sum(x, axis=0))])
    out = f([np.ones((2, 3), dtype="float32")])[0]
    np.testing.assert_array_equal(out, [2, 2, 2])
    f([np.ones((2, 3), dtype="float32")])
    np.testing.assert_array_equal(K.get_value(acc), [4, 4, 4])
    assert K.placeholder(ndim=2).shape == (None, None)


def test_in_train_phase_and_set_learning_phase(K):
    assert K.eval(K.in_train_phase(K.variable(1.0), K.variable(2.0))) == 2.0
    K.set_learning_phase(1)
    try:
        assert K.learning_phase() == 1
        assert K.eval(K.in_train_phase(K.variable(1.0), K.variable(2.0))) == 1.0
        assert K.eval(K.in_test_phase(K.variable(1.0), K.variable(2.0))) == 2.0
    finally:
        K.clear_session()
    assert not isinstance(K.learning_phase(), int)


def test_rnn_matches_manual_loop(K):
    x = np.random.RandomState(0).rand(2, 4, 3).astype("float32")

    def step(inp, states):
        out = inp + states[0]
        return out, [out]
    last, outputs, states = K.rnn(step, K.variable(x), [K.variable(np.zeros((2, 3)))])
    np.testing.assert_allclose(K.eval(outputs), np.cumsum(x, axis=1), rtol=1e-6)
    np.testing.assert_allclose(K.eval(last), x.sum(axis=1), rtol=1e-6)


def test_random_functions_keras1_arguments(K):
    n = K.eval(K.random_normal((2000,), mean=1.0, std=0.1, seed=1))
    u = K.eval(K.random_uniform((2000,), low=2.0, high=3.0, seed=1))
    bn = K.eval(K.random_binomial((2000,), p=0.25, seed=1))
    assert abs(n.mean() - 1.0) < 0.02 and 0.08 < n.std() < 0.12
    assert u.min() >= 2.0 and u.max() <= 3.0
    assert set(np.unique(bn)) <= {0.0, 1.0} and abs(bn.mean() - 0.25) < 0.05


def test_theano_only_pieces_fail_clearly(K):
    with pytest.raises(ImportError, match="Theano is no longer supported"):
        import legacy_keras.backend.theano_backend  # noqa: F401
    with pytest.raises(NotImplementedError, match="Theano-only"):
        K.pattern_broadcast(None, [True])
    from legacy_keras.backend import tensorflow_backend
    assert tensorflow_backend.mean is K.mean


def test_keras_json_and_keras_backend_env(tmp_path, monkeypatch, capsys, K):
    import json as _json
    from legacy_keras import _config
    (tmp_path / "keras.json").write_text(_json.dumps(
        {"image_dim_ordering": "th", "epsilon": 1e-6, "floatx": "float32", "backend": "theano"}))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv("KERAS_BACKEND", "theano")
    saved = dict(_config._state)
    _config._state.clear()
    try:
        assert K.image_dim_ordering() == "th"
        assert K.epsilon() == pytest.approx(1e-6)
        assert K.backend() == "tensorflow"
        K.floatx()
        err = capsys.readouterr().err
        assert err.count("only TensorFlow is available") == 1
    finally:
        _config._state.clear()
        _config._state.update(saved)


CONV = np.load(FIXTURES / "oracle" / "layers_backend" / "conv.npz")
CONV_CASES = {"th_valid": ("valid", (1, 1), "th"), "th_same_strided": ("same", (2, 2), "th"),
              "tf_valid": ("valid", (1, 1), "tf")}


@pytest.mark.parametrize("name", sorted(CONV_CASES))
def test_conv2d_takes_keras1_kernel_layouts(K, name):
    """K.conv2d(x, W) with W in Keras 1's layout ('th': (nb_filter, stack, rows, cols)), as
    Keras 1's TensorFlow backend took it; the oracle ran on Theano (true convolution), so
    the TensorFlow-semantics kernel is the oracle's with its spatial axes reversed."""
    border_mode, strides, ordering = CONV_CASES[name]
    w = CONV[f"{name}/w"]
    flipped = w[:, :, ::-1, ::-1] if ordering == "th" else w[::-1, ::-1]
    out = K.eval(K.conv2d(K.variable(CONV[f"{name}/x"]), K.variable(np.ascontiguousarray(flipped)),
                          strides=strides, border_mode=border_mode, dim_ordering=ordering))
    np.testing.assert_allclose(out, CONV[f"{name}/out"], rtol=1e-5, atol=1e-5)


def test_conv_subclass_using_self_W_in_call(K):
    """A Keras 1 subclass of Convolution2D computing ``K.conv2d(x, self.W, ...)`` itself:
    ``self.W`` (a Keras 1 'th' view, issue 14.9) goes through K.conv2d as Keras 1 meant."""
    import keras
    from legacy_keras.layers import Convolution2D

    class MyConv(Convolution2D):
        def call(self, x, mask=None):
            out = K.conv2d(x, self.W, border_mode=self.padding, dim_ordering="th")
            return out + K.reshape(self.b, (1, self.filters, 1, 1))

    x = np.random.RandomState(0).uniform(-1, 1, (2, 3, 6, 5)).astype("float32")
    mine = MyConv(4, 3, 2, dim_ordering="th")
    plain = Convolution2D(4, 3, 2, dim_ordering="th")
    inp = keras.Input((3, 6, 5))
    model_mine, model_plain = keras.Model(inp, mine(inp)), keras.Model(inp, plain(inp))
    plain.set_weights(mine.get_weights())
    np.testing.assert_allclose(np.asarray(model_mine(x)), np.asarray(model_plain(x)), rtol=1e-5, atol=1e-6)
    import tensorflow as tf
    with tf.GradientTape() as tape:  # the view passes gradients on to the variable
        loss = keras.ops.sum(model_mine(x))
    assert tape.gradient(loss, mine.kernel) is not None
