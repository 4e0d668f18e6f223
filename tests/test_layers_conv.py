"""Convolutional, pooling and locally connected Keras 1 layers against the
genuine Keras 1.2.2 (fixtures/oracle/layers_conv, see make_layers_conv.py).

Every runtime case is rebuilt through ``legacy_keras.layers`` with the same
Keras 1 constructor arguments and Keras 1 ``weights=`` (the arrays a Keras 1
TensorFlow-backend user would pass) and must reproduce Keras 1's output.
Kernel-bearing cases are also loaded from the *raw Theano* arrays through the
weight rules with ``theano=True`` (the HDF5 converter's path).
"""
from __future__ import annotations

import json

import keras
import numpy as np
import pytest

import legacy_keras.layers as L
from conftest import FIXTURES, assert_keras1_close
from legacy_keras import _config
from legacy_keras import weights as weight_rules

ORACLE = FIXTURES / "oracle" / "layers_conv"
CASES = json.loads((ORACLE / "cases.json").read_text())["cases"]
ARRAYS = np.load(ORACLE / "cases.npz")
RUNTIME = sorted(name for name, entry in CASES.items() if not entry.get("theano_padding"))
THEANO = sorted(name for name in RUNTIME if CASES[name].get("theano"))
TUPLE_KEYS = ("subsample", "atrous_rate", "size", "padding", "cropping", "pool_size",
              "strides", "output_shape")


def keras1_kwargs(entry: dict) -> dict:
    """The JSON kwargs as a Keras 1 user wrote them (tuples, not lists)."""
    out = {}
    for key, value in entry["kwargs"].items():
        if key in TUPLE_KEYS and isinstance(value, list):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        out[key] = value
    return out


def build(name: str, weights=None):
    entry = CASES[name]
    kwargs = keras1_kwargs(entry)
    if weights is not None:
        kwargs["weights"] = weights
    layer = getattr(L, entry["class"])(**kwargs)
    inputs = keras.Input(shape=tuple(entry["input_shape"]))
    return keras.Model(inputs, layer(inputs)), layer


@pytest.mark.parametrize("name", RUNTIME)
def test_output_matches_keras1(name):
    entry = CASES[name]
    weights = [ARRAYS[f"{name}/w{i}"] for i in range(entry["n_weights"])]
    model, layer = build(name, weights or None)
    assert isinstance(layer, keras.layers.Layer)
    assert type(layer).__module__.startswith("legacy_keras.layers.")
    assert layer.keras1_class in (entry["class"], getattr(L, entry["class"]).keras1_class)
    x = ARRAYS[f"{name}/x"]
    expected = ARRAYS[f"{name}/out"]
    assert tuple(model.output.shape[1:]) == tuple(entry["output_shape"][1:])
    assert_keras1_close(np.asarray(model(x)), expected)


@pytest.mark.parametrize("name", THEANO)
def test_theano_trained_kernels_are_flipped(name):
    """Raw Theano arrays + the Keras 1 config -> Keras 3 variables (converter path)."""
    entry = CASES[name]
    raw = [ARRAYS[f"{name}/t{i}"] for i in range(entry["n_weights"])]
    model, layer = build(name)
    config = dict(entry["kwargs"])
    layer.set_keras3_weights(weight_rules.to_keras3(entry["class"], config, raw, theano=True))
    assert_keras1_close(np.asarray(model(ARRAYS[f"{name}/x"])), ARRAYS[f"{name}/out"])
    # Without the flip the numbers are wrong: the rule's flip is what makes this pass.
    layer.set_keras3_weights(weight_rules.to_keras3(entry["class"], config, raw, theano=False))
    assert not np.allclose(np.asarray(model(ARRAYS[f"{name}/x"])), ARRAYS[f"{name}/out"],
                           atol=1e-3)


def test_keras10_conv1d_kernel_layout():
    """Keras 1.0.x stored Convolution1D kernels as (out, in, k, 1)."""
    name = "conv1d_valid"
    entry = CASES[name]
    kernel, bias = ARRAYS[f"{name}/w0"], ARRAYS[f"{name}/w1"]
    old_layout = np.transpose(kernel, (3, 2, 0, 1))  # (k, 1, in, out) -> (out, in, k, 1)
    assert old_layout.shape[-1] == 1
    model, _ = build(name, [old_layout, bias])
    assert_keras1_close(np.asarray(model(ARRAYS[f"{name}/x"])), ARRAYS[f"{name}/out"])
    converted = weight_rules.to_keras3("Convolution1D", entry["kwargs"], [old_layout, bias])
    np.testing.assert_array_equal(converted[0], kernel[:, 0])


def test_separable_weights_shapes_are_keras1():
    """The fixture's SeparableConvolution2D arrays have genuine Keras 1 shapes ('th')."""
    shapes = CASES["separable2d_th"]["weight_shapes"]
    assert shapes == [[2, 2, 3, 3], [3, 4, 1, 1], [3]]  # (dm, in, r, c), (F, in*dm, 1, 1), (F,)
    _, layer = build("separable2d_th", [ARRAYS[f"separable2d_th/w{i}"] for i in range(3)])
    assert tuple(layer.depthwise_kernel.shape) == (3, 3, 2, 2)
    assert tuple(layer.pointwise_kernel.shape) == (1, 1, 4, 3)


def test_local2d_th_bias_is_reinterpreted():
    """Keras 1 'th' LocallyConnected2D reads its (R, C, F) bias memory as (F, R, C)."""
    bias = ARRAYS["local2d_th/w1"]
    converted = weight_rules.to_keras3("LocallyConnected2D", CASES["local2d_th"]["kwargs"],
                                       [ARRAYS["local2d_th/w0"], bias])[1]
    rows, cols, filters = bias.shape
    np.testing.assert_array_equal(converted, bias.reshape(filters, rows, cols).transpose(1, 2, 0))
    assert not np.array_equal(converted, bias)


@pytest.mark.parametrize("name", [n for n in RUNTIME if "keras1_config" in CASES[n]])
def test_layer_from_keras1_get_config(name):
    """A Keras 1 model file's layer config (``get_config()``) rebuilds the same layer."""
    entry = CASES[name]
    config = dict(entry["keras1_config"])
    config.pop("name")  # Keras 1 auto names; each test model is separate anyway
    weights = [ARRAYS[f"{name}/w{i}"] for i in range(entry["n_weights"])]
    # Keras 1.2.2's UpSampling2D/3D, ZeroPadding2D/3D and Cropping2D/3D leave
    # dim_ordering out of get_config(): a loaded model takes keras.json's.
    previous = _config.image_dim_ordering()
    _config.set_image_dim_ordering(entry["kwargs"].get("dim_ordering", previous))
    try:
        layer = getattr(L, entry["class"])(**config, weights=weights or None)
    finally:
        _config.set_image_dim_ordering(previous)
    inputs = keras.Input(shape=tuple(entry["input_shape"]))
    model = keras.Model(inputs, layer(inputs))
    assert_keras1_close(np.asarray(model(ARRAYS[f"{name}/x"])), ARRAYS[f"{name}/out"])


@pytest.mark.parametrize("name", sorted(n for n in RUNTIME if CASES[n]["n_weights"]))
def test_get_weights_returns_keras1_layout(name):
    """get_weights() gives back exactly the Keras 1 arrays (Keras 1.2.2's own get_weights(),
    'th' kernels (nb_filter, stack, rows, cols) included); set_weights takes them (issue 14.9)."""
    weights = [ARRAYS[f"{name}/w{i}"] for i in range(CASES[name]["n_weights"])]
    model, layer = build(name, weights)
    got = layer.get_weights()
    assert [w.shape for w in got] == [w.shape for w in weights]
    for ours, theirs in zip(got, weights):
        np.testing.assert_array_equal(ours, theirs)
    layer.set_weights(got)
    assert_keras1_close(np.asarray(model(ARRAYS[f"{name}/x"])), ARRAYS[f"{name}/out"])
