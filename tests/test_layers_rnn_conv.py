"""Keras 1 ConvLSTM2D (th and tf) against the genuine Keras 1.2.2.

The oracle ran on Theano, whose convolutions flip the kernel: it was given
``convert_kernel`` of the arrays stored as ``w<i>`` (the arrays as Keras 1 on
TensorFlow -- and Keras 3 -- use them) and the flipped ones are stored as
``theano_w<i>``, which test the ``theano=True`` conversion rule.
"""
from __future__ import annotations

import keras
import numpy as np
import pytest

from conftest import assert_keras1_close
from test_layers_rnn import ARRAYS, CASES, arrays, predict, select

import legacy_keras.layers as L
from legacy_keras import weights as weight_rules

CONV = select(lambda n, e: e["class"] == "ConvLSTM2D")


def build(name, weights=None):
    entry = CASES[name]
    kwargs = dict(entry["kwargs"])
    if weights is not False:
        kwargs["weights"] = arrays(name) if weights is None else weights
    layer = L.ConvLSTM2D(**kwargs)
    inp = keras.Input(shape=tuple(entry["input_shape"]))
    return keras.Model(inp, layer(inp)), layer


def test_cases_cover_th_and_tf():
    orderings = {CASES[n]["kwargs"]["dim_ordering"] for n in CONV}
    assert orderings == {"th", "tf"}


@pytest.mark.parametrize("name", CONV)
def test_convlstm_output_matches_keras1(name):
    model, layer = build(name)
    assert isinstance(layer, keras.layers.ConvLSTM2D)
    assert layer.data_format == {"th": "channels_first", "tf": "channels_last"}[
        CASES[name]["kwargs"]["dim_ordering"]]
    assert_keras1_close(predict(model, ARRAYS[f"{name}/x"]), ARRAYS[f"{name}/out"])


@pytest.mark.parametrize("name", CONV)
def test_theano_trained_kernels_are_flipped(name):
    config = dict(CASES[name]["kwargs"])
    raw = arrays(name, "theano_w")
    assert len(raw) == 12
    converted = weight_rules.to_keras3("ConvLSTM2D", config, raw, theano=True)
    expected = weight_rules.to_keras3("ConvLSTM2D", config, arrays(name))
    for ours, theirs in zip(converted, expected):
        np.testing.assert_array_equal(ours, theirs)
    # and the converted arrays reproduce the Theano layer's output
    model, layer = build(name, weights=False)
    layer.set_keras3_weights(converted)
    assert_keras1_close(predict(model, ARRAYS[f"{name}/x"]), ARRAYS[f"{name}/out"])
    if CASES[name]["kwargs"]["nb_row"] > 1:  # unflipped kernels give another result
        unflipped = weight_rules.to_keras3("ConvLSTM2D", config, raw, theano=False)
        layer.set_keras3_weights(unflipped)
        assert not np.allclose(predict(model, ARRAYS[f"{name}/x"]), ARRAYS[f"{name}/out"], atol=1e-3)


def test_th_kernels_transposed_per_gate_before_concatenation():
    name = "convlstm_th_valid_seq"
    w = arrays(name)
    kernel, recurrent, bias = weight_rules.to_keras3("ConvLSTM2D", CASES[name]["kwargs"], w)
    filters = CASES[name]["kwargs"]["nb_filter"]
    assert kernel.shape == (3, 3, 2, 4 * filters) and recurrent.shape == (3, 3, 3, 4 * filters)
    # Keras 3 gate order i, f, c, o; Keras 1 file order i, c, f, o
    np.testing.assert_array_equal(kernel[..., filters:2 * filters], np.transpose(w[6], (2, 3, 1, 0)))
    np.testing.assert_array_equal(recurrent[..., 2 * filters:3 * filters], np.transpose(w[4], (2, 3, 1, 0)))


@pytest.mark.parametrize("name", ["convlstm_th_valid_seq", "convlstm_tf_same_back"])
def test_set_weights_keras1_list_and_round_trip(name):
    model, layer = build(name, weights=False)
    layer.set_weights(arrays(name))
    assert_keras1_close(predict(model, ARRAYS[f"{name}/x"]), ARRAYS[f"{name}/out"])
    assert len(layer.get_keras3_weights()) == 3
    assert len(layer.get_weights()) == 12  # Keras 1's per-gate list (issue 14.9)
    for ours, theirs in zip(layer.get_weights(), arrays(name)):
        np.testing.assert_array_equal(ours, theirs)


def test_positional_keras1_signature_and_defaults():
    layer = L.ConvLSTM2D(4, 3, 5, dim_ordering="th", border_mode="same", subsample=(1, 1))
    assert layer.filters == 4 and layer.kernel_size == (3, 5) and layer.padding == "same"
    assert layer.cell.recurrent_activation.__module__ == "legacy_keras.activations"
    assert layer.cell.unit_forget_bias is True
    layer.build((None, 2, 3, 6, 6))
    kernel, recurrent, bias = layer.get_keras3_weights()
    np.testing.assert_array_equal(bias, np.r_[np.zeros(4), np.ones(4), np.zeros(8)])


def test_stateful_convlstm_reset():
    layer = L.ConvLSTM2D(2, 3, 3, dim_ordering="tf", border_mode="same", stateful=True,
                         batch_input_shape=(2, 2, 4, 4, 1))
    inp = keras.Input(batch_shape=layer.batch_input_shape)
    model = keras.Model(inp, layer(inp))
    x = np.random.RandomState(0).uniform(-1, 1, (2, 2, 4, 4, 1)).astype("float32")
    first = predict(model, x)
    second = predict(model, x)
    assert not np.allclose(first, second)
    layer.reset_states()
    np.testing.assert_allclose(predict(model, x), first, rtol=1e-6)


def test_save_load_convlstm(tmp_path):
    name = "convlstm_tf_same_back"
    model, _ = build(name)
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert_keras1_close(predict(loaded, ARRAYS[f"{name}/x"]), ARRAYS[f"{name}/out"])
