"""Core Keras 1 layers against the genuine Keras 1.2.2 (fixtures/oracle/layers_core).

Every case of ``fixtures/oracle/make_layers_core.py`` is rebuilt through
``legacy_keras.layers`` with the same Keras 1 constructor arguments and the
same Keras 1 ``weights=`` arrays; its output (and train-phase output / mask
where recorded) must match what Keras 1 computed.
"""
from __future__ import annotations

import json

import keras
import numpy as np
import pytest
from keras import ops

import legacy_keras.layers as L
from conftest import FIXTURES, assert_keras1_close

ORACLE = FIXTURES / "oracle" / "layers_core"
MANIFEST = json.loads((ORACLE / "cases.json").read_text())
CASES = MANIFEST["cases"]
ARRAYS = np.load(ORACLE / "cases.npz")


# Keras 3 twins of the functions the oracle script refers to by name.
def square(x):
    return x ** 2


def concat_neg(x):
    return ops.concatenate([x, -x], axis=-1)


def scale(x, factor=1.0):
    return x * factor


def sum_axis1(x):
    return ops.sum(x, axis=1)


def sum_axis1_shape(shape):
    return (shape[0], shape[2])


def diff(xs):
    return xs[0] - xs[1]


def weighted_sum(xs, alpha=0.5):
    return alpha * xs[0] + (1 - alpha) * xs[1]


def concat_pair(xs):
    return ops.concatenate([xs[0], xs[1] * 2], axis=-1)


def concat_pair_shape(shapes):
    return (shapes[0][0], shapes[0][1] + shapes[1][1])


FUNCTIONS = {f.__name__: f for f in (square, concat_neg, scale, sum_axis1, sum_axis1_shape,
                                      diff, weighted_sum, concat_pair, concat_pair_shape)}


def inner_layer(spec: dict):
    """The wrapped layer of a wrapper case, built by legacy_keras from its Keras 1 config."""
    name, config = spec["class_name"], dict(spec["config"])
    return getattr(L, name)(**config)


def resolve(kwargs: dict) -> dict:
    out = {}
    for key, value in kwargs.items():
        if key in ("function", "output_shape", "mode") and isinstance(value, str) and value in FUNCTIONS:
            value = FUNCTIONS[value]
        elif key == "layer":
            value = inner_layer(value)
        elif isinstance(value, list) and key in ("target_shape", "dims", "output_shape"):
            value = tuple(value)
        out[key] = value
    return out


def case_arrays(name: str):
    entry = CASES[name]
    xs = [ARRAYS[f"{name}/x{i}"] for i in range(len(entry["inputs"]))]
    weights = [ARRAYS[f"{name}/w{i}"] for i in range(entry["n_weights"])]
    return entry, xs, weights


def build_case(name: str):
    """(model, layer, mask function) rebuilt from the Keras 1 arguments, with Keras 1 ``weights=``."""
    model, layer, mask_fn = _build_case(name)
    if mask_fn is None:
        def mask_fn(xs):
            return layer.compute_mask(ops.convert_to_tensor(xs[0]))
    return model, layer, mask_fn


def _build_case(name: str):
    entry, xs, weights = case_arrays(name)
    kwargs = resolve(entry["kwargs"])
    inputs = [keras.Input(shape=tuple(shape), dtype=dtype) for shape, dtype in entry["inputs"]]
    cls = entry["class"]
    if cls == "MergeMasked":
        embeddings = [L.Embedding(6, 2, mask_zero=flag, weights=[w])
                      for flag, w in zip(entry["masked"], weights)]
        out = L.merge([e(t) for e, t in zip(embeddings, inputs)], **kwargs)
        layer = out._keras_history[0]

        def mask_fn(xs):
            embedded = [e(x) for e, x in zip(embeddings, xs)]
            return layer.compute_mask(embedded, [e.compute_mask(x) for e, x in zip(embeddings, xs)])
        return keras.Model(inputs, out), layer, mask_fn
    if cls == "merge":
        out = L.merge(inputs, **kwargs)
        layer = out._keras_history[0]
        return keras.Model(inputs, out), layer, None
    if cls == "Merge":
        layer = L.Merge(**kwargs)
        return keras.Model(inputs, layer(inputs)), layer, None
    if cls == "MergeBranches":
        branches = []
        for i, tensor in enumerate(inputs):
            dense = L.Dense(3, weights=weights[2 * i:2 * i + 2])
            branches.append(keras.Model(tensor, dense(tensor)))
        layer = L.Merge(branches, **kwargs)
        assert layer.keras1_branches == branches
        merged = layer([branch.outputs[0] for branch in branches])
        out = L.Dense(2, weights=weights[4:6])(merged)
        return keras.Model(inputs, out), layer, None
    if weights:
        kwargs["weights"] = weights
    layer = getattr(L, cls)(**kwargs)
    return keras.Model(inputs[0], layer(inputs[0])), layer, None


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_keras1(name):
    entry, xs, _ = case_arrays(name)
    model, layer, mask_fn = build_case(name)
    assert isinstance(layer, keras.layers.Layer)
    feed = xs if len(xs) > 1 else xs[0]
    result = model(feed, training=False)
    outputs = [o for o in entry["outputs"] if o.startswith("out") and o != "out_train"]
    results = result if isinstance(result, (list, tuple)) else [result]
    assert len(results) == len(outputs)
    for actual, key in zip(results, outputs):
        assert_keras1_close(actual, ARRAYS[f"{name}/{key}"])
    if "out_train" in entry["outputs"]:
        assert_keras1_close(model(feed, training=True), ARRAYS[f"{name}/out_train"], rtol=1e-4,
                            atol=1e-5)
    if "losses" in entry["outputs"]:
        # Keras 1 summed activity penalties over the batch (Keras 3 alone averages)
        assert_keras1_close(sum(ops.convert_to_numpy(loss) for loss in model.losses),
                            ARRAYS[f"{name}/losses"], rtol=1e-5)
    if "mask" in entry["outputs"]:
        mask = mask_fn(xs)
        np.testing.assert_array_equal(ops.convert_to_numpy(mask), ARRAYS[f"{name}/mask"])


def test_oracle_fixture_covers_every_layer():
    classes = {entry["class"] for entry in CASES.values()}
    wanted = {"Dense", "Activation", "Dropout", "SpatialDropout1D", "SpatialDropout2D",
              "SpatialDropout3D", "Flatten", "Reshape", "Permute", "RepeatVector", "Lambda",
              "ActivityRegularization", "Masking", "Highway", "MaxoutDense", "TimeDistributedDense",
              "merge", "Merge", "MergeBranches", "MergeMasked", "Embedding", "BatchNormalization",
              "GaussianNoise", "GaussianDropout", "LeakyReLU", "PReLU", "ELU", "ParametricSoftplus", "SReLU",
              "ThresholdedReLU", "TimeDistributed", "Bidirectional"}
    assert wanted <= classes
    assert MANIFEST["keras_version"] == "1.2.2"


def test_batchnorm_running_statistics_update_like_keras1():
    """One training step moves the running mean/variance by ``momentum`` as in Keras 1."""
    name = "bn_mode0_update"
    entry, xs, weights = case_arrays(name)
    kwargs = resolve(entry["kwargs"])
    layer = L.BatchNormalization(weights=weights, **kwargs)
    layer(xs[0], training=True)
    updated = [ARRAYS[f"{name}/updated{i}"] for i in range(4)]
    gamma, beta, mean, variance = layer.get_weights()
    assert_keras1_close(gamma, updated[0])
    assert_keras1_close(beta, updated[1])
    assert_keras1_close(mean, updated[2])
    # Theano's batch_normalization_train reports var + epsilon, which Keras 1 on
    # Theano (the oracle) averaged into running_std; Keras 1 on TensorFlow, which
    # legacy_keras follows, averaged the plain batch variance.
    theano_extra = (1 - kwargs["momentum"]) * 1e-3
    assert_keras1_close(variance, updated[3] - theano_extra)
    assert not np.allclose(variance, weights[3])


@pytest.mark.parametrize("name", sorted(n for n in CASES if CASES[n]["n_weights"]
                                        and CASES[n]["class"] not in ("MergeMasked", "MergeBranches")))
def test_get_weights_returns_keras1_layout(name):
    """Keras 1's get_weights() list, as the oracle recorded it (BatchNormalization's four
    arrays, Highway's W, W_carry, b, b_carry ...), comes back from get_weights() (issue 14.9)."""
    _, _, weights = case_arrays(name)
    model, layer, _ = build_case(name)
    got = layer.get_weights()
    assert [w.shape for w in got] == [w.shape for w in weights]
    for ours, theirs in zip(got, weights):
        np.testing.assert_array_equal(ours, theirs)
