"""Theano border modes against the genuine Keras 1.2.2 on Theano.

The ``theano_padding`` cases of fixtures/oracle/layers_conv hold raw Theano
weights and Theano's output where Theano's 'same'/'full' differ from
TensorFlow's (what the runtime layers emulate).  The runtime layers must
*not* reproduce them (TensorFlow semantics, 'full' refused), while the
Theano-model converter's rebuild (``legacy_keras.saving.theano.plan``:
padding/cropping around the legacy layer, or a replacement layer) plus the
``theano=True`` weight rules must.  Cases where Theano and TensorFlow agree
must need no rebuild.
"""
from __future__ import annotations

import json

import keras
import numpy as np
import pytest

import legacy_keras.layers as L
from conftest import FIXTURES, assert_keras1_close
from legacy_keras import weights as weight_rules

from legacy_keras.saving import theano  # noqa: E402

ORACLE = FIXTURES / "oracle" / "layers_conv"
CASES = json.loads((ORACLE / "cases.json").read_text())["cases"]
ARRAYS = np.load(ORACLE / "cases.npz")
THEANO_ONLY = sorted(name for name, entry in CASES.items() if entry.get("theano_padding"))
AGREEING = ["avgpool1d_same", "maxpool1d_strided_same", "avgpool2d_tf_same",
            "maxpool2d_tf_strided_same", "conv2d_tf_same", "conv1d_same", "deconv2d_th_same"]


def _kwargs(entry: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in entry["kwargs"].items()}


def _raw(name: str) -> list:
    return [ARRAYS[f"{name}/t{i}"] for i in range(CASES[name]["n_weights"])]


@pytest.mark.parametrize("name", THEANO_ONLY)
def test_converter_rebuild_reproduces_theano(name):
    entry = CASES[name]
    config = entry["keras1_config"]
    input_shape = (None,) + tuple(entry["input_shape"])
    rebuild = theano.plan(entry["class"], config, input_shape, config["name"])
    assert rebuild is not None, "Theano and TensorFlow disagree here: a rebuild is needed"
    inputs = keras.Input(tuple(entry["input_shape"]))
    h = inputs
    for layer in rebuild.before:
        h = layer(h)
    if rebuild.replacement is not None:
        layer = rebuild.replacement
    else:
        layer = getattr(L, entry["class"])(**{**config, **rebuild.overrides})
    h = layer(h)
    if entry["n_weights"]:
        # converted arrays are Keras 3 layout (a legacy layer's set_weights takes Keras 1's)
        getattr(layer, "set_keras3_weights", layer.set_weights)(
            weight_rules.to_keras3(entry["class"], config, _raw(name), theano=True))
    for after in rebuild.after:
        h = after(h)
    model = keras.Model(inputs, h)
    assert_keras1_close(np.asarray(model(ARRAYS[f"{name}/x"])), ARRAYS[f"{name}/out"])


@pytest.mark.parametrize("name", THEANO_ONLY)
def test_runtime_keeps_tensorflow_semantics(name):
    """The runtime layer (Keras 1 on TensorFlow) differs from Theano here, or refuses 'full'."""
    entry = CASES[name]
    kwargs = _kwargs(entry)
    if kwargs.get("border_mode") == "full":
        with pytest.raises(ValueError, match=f"{entry['class']}.*border_mode"):
            getattr(L, entry["class"])(**kwargs)
        return
    layer = getattr(L, entry["class"])(**kwargs)
    inputs = keras.Input(tuple(entry["input_shape"]))
    model = keras.Model(inputs, layer(inputs))
    if entry["n_weights"]:
        layer.set_keras3_weights(weight_rules.to_keras3(entry["class"], entry["kwargs"], _raw(name), theano=True))
    out = np.asarray(model(ARRAYS[f"{name}/x"]))
    expected = ARRAYS[f"{name}/out"]
    assert out.shape != expected.shape or not np.allclose(out, expected, atol=1e-3)


@pytest.mark.parametrize("name", AGREEING)
def test_no_rebuild_where_theano_agrees(name):
    entry = CASES[name]
    config = entry["keras1_config"]
    assert theano.plan(entry["class"], config, (None,) + tuple(entry["input_shape"]), config["name"]) is None
