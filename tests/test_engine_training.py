"""Keras 1 training API (compile/fit/evaluate/generators/callbacks) against the oracle.

Every model starts from the weights the genuine Keras 1.2.2 used
(``fixtures/oracle/make_engine.py``), so losses, metrics, History and the
logs a Keras 1 callback receives must match the numbers Keras 1 produced.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

from legacy_keras.engine.topology import Input, Layer
from legacy_keras.engine.training import Model, slice_X
from legacy_keras.layers import Dense, Merge, merge
from legacy_keras.models import Sequential
from legacy_keras.optimizers import SGD

ORACLE = FIXTURES / "oracle" / "engine"
CASES = json.loads((ORACLE / "cases.json").read_text())
ARRAYS = np.load(ORACLE / "cases.npz")
RTOL = 1e-4  # several Theano vs TensorFlow float32 steps


def arrays(case: str, prefix: str = "w") -> list[np.ndarray]:
    out = []
    while f"{case}/{prefix}{len(out)}" in ARRAYS:
        out.append(ARRAYS[f"{case}/{prefix}{len(out)}"])
    return out


def mlp(case: str) -> Sequential:
    model = Sequential()
    model.add(Dense(6, input_dim=4, activation="tanh"))
    model.add(Dense(3, activation="softmax"))
    model.set_weights(arrays(case))
    return model


class Recorder:
    """A callback written against the Keras 1 API only (no Keras 3 base class)."""

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None):
        self.batches, self.epochs = [], []

    def on_batch_end(self, batch, logs=None):
        self.batches.append(dict(logs))

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append(dict(logs))
        self.validation_data = self.model.validation_data
        logs["recorded_epoch"] = epoch  # Keras 1 History kept what callbacks added


def assert_logs_close(actual: dict, expected: dict) -> None:
    assert sorted(actual) == sorted(expected)
    for key, value in expected.items():
        assert_keras1_close(np.asarray(actual[key], dtype="float64"), np.asarray(value), rtol=RTOL)


def test_fit_history_metrics_names_and_callback_view():
    case = CASES["fit"]
    x, y = ARRAYS["fit/x"], ARRAYS["fit/y"]
    model = mlp("fit")
    model.compile(SGD(lr=0.1), "categorical_crossentropy", metrics=["accuracy", "mse"])
    assert model.metrics_names == case["metrics_names"] == ["loss", "acc", "mean_squared_error"]
    recorder = Recorder()
    history = model.fit(x, y, batch_size=16, nb_epoch=2, verbose=0, shuffle=False,
                        validation_split=0.25, callbacks=[recorder])
    assert history.history.pop("recorded_epoch") == [0, 1]
    assert_logs_close(history.history, case["history"])
    assert recorder.params == case["params"]
    assert len(recorder.batches) == len(case["batches"])
    for got, want in zip(recorder.batches, case["batches"]):
        assert_logs_close(got, want)
    for got, want in zip(recorder.epochs, case["epochs"]):
        assert_logs_close(got, want)
    for got, want in zip(model.get_weights(), arrays("fit", "trained")):
        assert_keras1_close(got, want, rtol=RTOL)
    assert_keras1_close(model.evaluate(x, y, batch_size=16, verbose=0), case["evaluate"], rtol=RTOL)
    # Keras 1 model.validation_data: the last 25 % of x and y (+ sample weights)
    assert len(recorder.validation_data) == 3
    np.testing.assert_array_equal(recorder.validation_data[0], x[30:])
    np.testing.assert_array_equal(recorder.validation_data[1], y[30:])


def test_fit_defaults_are_keras1_ten_epochs_batch_32():
    model = mlp("defaults")
    model.compile(SGD(lr=0.05), "categorical_crossentropy")
    history = model.fit(ARRAYS["defaults/x"], ARRAYS["defaults/y"], verbose=0, shuffle=False)
    assert len(history.history["loss"]) == 10
    assert_logs_close(history.history, CASES["defaults"]["history"])


def test_keras2_epochs_keyword_is_accepted():
    model = mlp("defaults")
    model.compile("sgd", "mse")
    history = model.fit(ARRAYS["defaults/x"], ARRAYS["defaults/y"], epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3


def test_sample_and_class_weights_renormalised_like_keras1():
    case = CASES["weights"]
    x, y, sw = ARRAYS["weights/x"], ARRAYS["weights/y"], ARRAYS["weights/sw"]
    model = mlp("weights")
    model.compile(SGD(lr=0.1), "categorical_crossentropy", metrics=["acc"])
    assert_keras1_close(model.test_on_batch(x, y, sample_weight=sw), case["test_sw"], rtol=RTOL)
    assert_keras1_close(model.train_on_batch(x, y, class_weight={0: 1., 1: 0., 2: 3.}),
                        case["train_cw"], rtol=RTOL)
    assert_keras1_close(model.test_on_batch(x, y), case["after"], rtol=RTOL)


def batches(x, y):
    while True:  # 32, 32, 32, 4, 32, ... as in the oracle script
        for start in range(0, 100, 32):
            yield x[start:start + 32], y[start:start + 32]


def test_fit_generator_counts_samples_and_matches_keras1():
    case = CASES["gen"]
    x, y = ARRAYS["gen/x"], ARRAYS["gen/y"]
    model = mlp("gen")
    model.compile(SGD(lr=0.1), "categorical_crossentropy", metrics=["accuracy"])
    recorder = Recorder()
    # positional Keras 1 call: generator, samples_per_epoch, nb_epoch
    history = model.fit_generator(batches(x, y), 200, 2, verbose=0, callbacks=[recorder],
                                  validation_data=(x[:20], y[:20]))
    assert history.history.pop("recorded_epoch") == [0, 1]
    # 200 samples per epoch from batches of 32, 32, 32, 4 -> 8 batches per epoch
    assert len(recorder.batches) == len(case["batches"]) == 16
    for got, want in zip(recorder.batches, case["batches"]):
        assert_logs_close(got, want)
    assert recorder.params == case["params"]
    assert_logs_close(history.history, case["history"])
    for got, want in zip(model.get_weights(), arrays("gen", "trained")):
        assert_keras1_close(got, want, rtol=RTOL)
    assert_keras1_close(model.evaluate_generator(batches(x, y), 68), case["evaluate"], rtol=RTOL)
    assert_keras1_close(model.predict_generator(batches(x, y), 64), ARRAYS["gen/pred"], rtol=RTOL)


def test_fit_generator_epoch_ends_when_samples_seen():
    x = np.random.rand(100, 4).astype("float32")
    y = np.eye(3, dtype="float32")[np.random.randint(3, size=100)]
    model = mlp("gen")
    model.compile("sgd", "categorical_crossentropy")
    seen = []

    class Count:
        def on_batch_end(self, batch, logs=None):
            seen.append(logs["size"])

    def fixed():
        while True:
            for start in range(0, 96, 32):
                yield x[start:start + 32], y[start:start + 32], np.ones(32, "float32")

    with pytest.warns(UserWarning, match="more than `samples_per_epoch`"):  # Keras 1 warned too
        history = model.fit_generator(fixed(), samples_per_epoch=100, nb_epoch=1, verbose=0,
                                      callbacks=[Count()], validation_data=fixed(),
                                      nb_val_samples=40)
    assert seen == [32, 32, 32, 32]  # 4 batches: 128 >= 100
    assert sorted(history.history) == ["loss", "val_loss"]
    with pytest.raises(ValueError, match="nb_val_samples"):
        model.fit_generator(fixed(), 100, 1, verbose=0, validation_data=fixed())
    # Keras 2 spelling counts steps
    seen.clear()
    model.fit_generator(fixed(), steps_per_epoch=2, epochs=1, verbose=0, callbacks=[Count()])
    assert seen == [32, 32]


def test_fit_shuffle_batch_and_validation_data_list():
    model = mlp("fit")
    model.compile("sgd", "categorical_crossentropy", metrics=["acc"])
    x, y = ARRAYS["fit/x"], ARRAYS["fit/y"]
    history = model.fit(x, y, nb_epoch=1, shuffle="batch", verbose=0, validation_data=[x, y])
    assert sorted(history.history) == ["acc", "loss", "val_acc", "val_loss"]


def test_predict_generator_truncates_to_val_samples():
    x = np.random.rand(100, 4).astype("float32")
    y = np.eye(3, dtype="float32")[np.random.randint(3, size=100)]
    model = mlp("gen")
    out = model.predict_generator(batches(x, y), val_samples=50)
    assert out.shape == (50, 3)
    assert_keras1_close(out, model.predict(x[:50]))
    only_x = (x[i:i + 10] for i in range(0, 100, 10))
    assert model.predict_generator(only_x, 25).shape == (25, 3)


def test_merge_of_sequentials_trains_with_two_inputs():
    case = CASES["merge"]
    xa, xb, y = ARRAYS["merge/xa"], ARRAYS["merge/xb"], ARRAYS["merge/y"]
    left = Sequential([Dense(5, input_dim=4, activation="relu")])
    right = Sequential([Dense(5, input_dim=3, activation="relu")])
    model = Sequential()
    model.add(Merge([left, right], mode="concat"))
    model.add(Dense(1, activation="sigmoid"))
    assert len(model.layers) == 2
    model.set_weights(arrays("merge"))
    model.compile(SGD(lr=0.1), "binary_crossentropy", metrics=["accuracy"])
    assert model.metrics_names == case["metrics_names"]
    assert_keras1_close(model.predict([xa, xb]), ARRAYS["merge/pred"])
    classes = model.predict_classes([xa, xb], verbose=0)
    assert classes.shape == (10, 1) and classes.dtype == np.int32
    np.testing.assert_array_equal(classes, ARRAYS["merge/classes"])
    assert_keras1_close(model.train_on_batch([xa, xb], y), case["train_on_batch"], rtol=RTOL)
    history = model.fit([xa, xb], y, nb_epoch=2, batch_size=4, shuffle=False, verbose=0)
    assert_logs_close(history.history, case["history"])
    # the branches' weights are the merged model's weights (trained together)
    np.testing.assert_array_equal(left.get_weights()[0], model.get_weights()[0])


def test_multi_output_names_and_values():
    case = CASES["multi"]
    a = Input(shape=(4,), name="in_a")
    b = Input(shape=(3,), name="in_b")
    h = merge([Dense(5, activation="tanh")(a), b], mode="concat")
    o1 = Dense(3, activation="softmax", name="main")(h)
    o2 = Dense(1, activation="sigmoid", name="aux")(h)
    model = Model(input=[a, b], output=[o1, o2])
    model.set_weights(arrays("multi"))
    model.compile(SGD(lr=0.1), ["categorical_crossentropy", "binary_crossentropy"],
                  metrics=["accuracy", "mse"], loss_weights=[1., 0.5])
    assert model.metrics_names == case["metrics_names"]
    data = [ARRAYS["multi/xa"], ARRAYS["multi/xb"]]
    targets = [ARRAYS["multi/y1"], ARRAYS["multi/y2"]]
    assert_keras1_close(model.train_on_batch(data, targets), case["train_on_batch"], rtol=RTOL)
    history = model.fit(data, targets, nb_epoch=1, batch_size=5, shuffle=False, verbose=0)
    assert_logs_close(history.history, case["history"])


class Antirectifier(Layer):
    """The Keras 1 example layer, written against the Keras 1 API (ops from Keras 3)."""

    def get_output_shape_for(self, input_shape):
        shape = list(input_shape)
        shape[-1] *= 2
        return tuple(shape)

    def call(self, x, mask=None):
        from keras import ops
        x = x - ops.mean(x, axis=1, keepdims=True)
        x = x / ops.sqrt(ops.maximum(ops.sum(ops.square(x), axis=1, keepdims=True), 1e-12))
        return ops.concatenate([ops.relu(x), ops.relu(-x)], axis=1)


class MyDense(Layer):
    def __init__(self, output_dim, **kwargs):
        self.output_dim = output_dim  # set before super().__init__, as Keras 1 code did
        super(MyDense, self).__init__(**kwargs)

    def build(self, input_shape):
        import keras
        # Keras 1 positional order: shape, initializer, name
        self.W = self.add_weight((input_shape[1], self.output_dim), "glorot_uniform", "W")
        self.b = keras.ops.zeros((self.output_dim,))  # a plain tensor: adopted as a variable
        self.trainable_weights = [self.W, self.b]
        self.built = True

    def call(self, x, mask=None):
        from keras import ops
        return ops.matmul(x, self.W) + self.b

    def get_output_shape_for(self, input_shape):
        return (input_shape[0], self.output_dim)


def test_custom_keras1_layers_train_like_keras1():
    case = CASES["custom"]
    x, y = ARRAYS["custom/x"], ARRAYS["custom/y"]
    model = Sequential([MyDense(5, input_shape=(4,)), Antirectifier(), Dense(3, activation="softmax")])
    assert list(model.output_shape) == case["output_shape"]
    assert [l.name for l in model.layers][:2] == ["mydense_1", "antirectifier_1"] or \
        all(l.name.startswith(p) for l, p in zip(model.layers, ("mydense_", "antirectifier_")))
    assert len(model.trainable_weights) == 4
    model.set_weights(arrays("custom"))
    model.compile(SGD(lr=0.1), "categorical_crossentropy")
    assert_keras1_close(model.predict(x), ARRAYS["custom/pred"])
    assert_keras1_close(model.train_on_batch(x, y), case["loss"], rtol=RTOL)
    assert_keras1_close(model.predict(x), ARRAYS["custom/pred_after"], rtol=RTOL)


def test_evaluate_returns_scalar_without_metrics():
    model = mlp("fit")
    model.compile("sgd", "categorical_crossentropy")
    result = model.evaluate(ARRAYS["fit/x"], ARRAYS["fit/y"], verbose=0)
    assert isinstance(result, float)
    assert isinstance(model.train_on_batch(ARRAYS["fit/x"], ARRAYS["fit/y"]), float)


def test_compile_warns_about_backend_function_keywords_and_fit_rejects_unknown_ones():
    """Keras 1 passed extra compile keywords to K.function (Theano mode=): ignored with a warning."""
    model = mlp("fit")
    with pytest.warns(UserWarning, match="'mode'.* ignored"):
        model.compile("sgd", "mse", mode="FAST_RUN")
    assert np.ndim(model.train_on_batch(ARRAYS["fit/x"], ARRAYS["fit/y"])) == 0
    with pytest.raises(TypeError, match="not understood"):
        model.compile("sgd", "mse")
        model.fit(ARRAYS["fit/x"], ARRAYS["fit/y"], nb_epochs=2)


def test_slice_x():
    a, b = np.arange(10), np.arange(10, 20)
    np.testing.assert_array_equal(slice_X([a, b], 2, 4)[1], [12, 13])
    np.testing.assert_array_equal(slice_X(a, [1, 3]), [1, 3])


def test_temporal_sample_weights_with_zeros():
    from legacy_keras.layers import TimeDistributedDense
    case = CASES["temporal"]
    x, y, sw = ARRAYS["temporal/x"], ARRAYS["temporal/y"], ARRAYS["temporal/sw"]
    model = Sequential([TimeDistributedDense(2, input_dim=3, input_length=5)])
    model.set_weights(arrays("temporal"))
    model.compile(SGD(lr=0.1), "mse", sample_weight_mode="temporal")
    assert_keras1_close(model.test_on_batch(x, y, sample_weight=sw), case["test"], rtol=RTOL)
    history = model.fit(x, y, sample_weight=sw, nb_epoch=2, batch_size=2, shuffle=False, verbose=0)
    assert_logs_close(history.history, case["history"])


def test_loss_closing_over_an_intermediate_tensor_matches_keras1():
    """The VAE pattern: a loss that reads the model's own ``code`` tensor (Keras 1 oracle)."""
    import numpy as np

    from legacy_keras import backend as K
    from legacy_keras import objectives
    from legacy_keras.engine.training import Model
    from legacy_keras.layers import Dense, Input
    from legacy_keras.optimizers import SGD

    case = np.load(FIXTURES / "oracle" / "engine" / "closure_loss.npz")
    x_in = Input(shape=(4,))
    code = Dense(2)(Dense(3, activation="tanh")(x_in))
    out = Dense(4, activation="sigmoid")(code)

    def closure_loss(y_true, y_pred):
        return objectives.binary_crossentropy(y_true, y_pred) + 0.5 * K.sum(K.square(code), axis=-1)

    model = Model(x_in, out)
    model.compile(optimizer=SGD(lr=0.1), loss=closure_loss)
    model.set_weights([case[f"w{i}"] for i in range(6)])
    assert_keras1_close(model.evaluate(case["x"], case["y"], batch_size=6, verbose=0),
                        case["loss"])
    model.train_on_batch(case["x"], case["y"])
    for i, weight in enumerate(model.get_weights()):
        assert_keras1_close(weight, case[f"after{i}"])


def test_one_dimensional_integer_targets_are_float_columns_like_keras1():
    """Keras 1 fed (n,) int labels as (n, 1) floats: same loss as explicit float columns."""
    import numpy as np

    from legacy_keras.layers import Dense
    from legacy_keras.models import Sequential

    model = Sequential([Dense(1, input_dim=3, activation="sigmoid")])
    model.compile("sgd", "binary_crossentropy", metrics=["acc"])
    x = np.random.default_rng(1).random((8, 3)).astype("float32")
    labels = np.array([0, 1, 1, 0, 1, 0, 0, 1])
    as_ints = model.evaluate(x, labels, verbose=0)
    as_columns = model.evaluate(x, labels[:, None].astype("float32"), verbose=0)
    np.testing.assert_allclose(as_ints, as_columns, rtol=1e-6)


def test_training_method_signatures_come_from_the_spec_and_match_keras1():
    """spec.training.METHOD_SIGNATURES is Keras 1.2.2's, and the runtime methods are built from it."""
    import inspect

    from legacy_keras.spec.training import GENERATOR_METHODS, METHOD_SIGNATURES, REQUIRED
    oracle = json.loads((ORACLE / "signatures.json").read_text())
    for method, params in oracle.items():
        assert [list(p) for p in METHOD_SIGNATURES[method]] == params
        runtime = inspect.signature(getattr(Sequential, method)).parameters
        names = [n for n in runtime if n not in ("self", "kwargs")]
        assert names == [name for name, _ in params]
        for name, default in params:
            if default != REQUIRED:
                assert runtime[name].default == default
        if method in GENERATOR_METHODS:
            assert GENERATOR_METHODS[method][1] == tuple(names)


def test_samples_to_steps():
    from legacy_keras.spec.training import samples_to_steps
    assert [samples_to_steps(n, 32) for n in (0, 1, 32, 33, 100)] == [0, 1, 1, 2, 4]
    with pytest.raises(ValueError):
        samples_to_steps(10, 0)


def test_fit_generator_positional_arguments_follow_keras1_order():
    model = mlp("gen")
    model.compile(SGD(lr=0.1), "categorical_crossentropy")
    x, y = ARRAYS["gen/x"], ARRAYS["gen/y"]
    history = model.fit_generator(batches(x, y), 64, 1, 0)
    assert len(history.history["loss"]) == 1
    with pytest.raises(TypeError, match="fit_generator"):
        model.fit_generator(batches(x, y), 64, 1, 0, None, None, None, None, 10, 1, False, 0, 9)
