"""Genuine Keras 1.2.2 model files (Theano-trained) through the recurrent weight rules.

``fixtures/keras1_models/{rnn_cpu,rnn_gpu,embed_lstm,convlstm}`` were saved by
Keras 1.2.2 on Theano.  Each recurrent layer is rebuilt from its Keras 1
config (the dict in the model JSON, passed unchanged to the
``legacy_keras.layers`` class), its HDF5 arrays are converted with
``legacy_keras.weights.to_keras3(..., theano=True)`` and the model must
reproduce Keras 1's stored prediction.  Non-recurrent layers are plain Keras 3.
"""
from __future__ import annotations

import json

import h5py
import keras
import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import legacy_keras.layers as L
from legacy_keras import weights as weight_rules

MODELS = FIXTURES / "keras1_models"
RECURRENT = ("SimpleRNN", "GRU", "LSTM", "ConvLSTM2D")


def _file_arrays(name: str) -> dict[str, list[np.ndarray]]:
    with h5py.File(MODELS / f"{name}_weights.h5", "r") as f:
        out = {}
        for layer_name in f.attrs["layer_names"]:
            layer_name = layer_name.decode() if isinstance(layer_name, bytes) else str(layer_name)
            group = f[layer_name]
            names = [n.decode() if isinstance(n, bytes) else str(n) for n in group.attrs["weight_names"]]
            out[layer_name] = [group[n][()] for n in names]
    return out


def _keras3_layer(class_name: str, config: dict):
    if class_name in RECURRENT:
        return getattr(L, class_name)(**config)
    if class_name == "Dense":
        return keras.layers.Dense(config["output_dim"], name=config["name"])
    if class_name == "Flatten":
        return keras.layers.Flatten(name=config["name"])
    if class_name == "Embedding":
        return keras.layers.Embedding(config["input_dim"], config["output_dim"],
                                      mask_zero=config["mask_zero"], name=config["name"])
    raise AssertionError(class_name)


@pytest.mark.parametrize("name", ["rnn_cpu", "rnn_gpu", "embed_lstm", "convlstm"])
def test_keras1_theano_file_reproduces_keras1_prediction(name):
    spec = json.loads((MODELS / f"{name}.json").read_text())
    layers = spec["config"]
    first = layers[0]["config"]
    inp = keras.Input(batch_shape=tuple(first["batch_input_shape"]),
                      dtype=first.get("input_dtype", "float32"))
    x = inp
    built = []
    for entry in layers:
        layer = _keras3_layer(entry["class_name"], dict(entry["config"]))
        x = layer(x)
        built.append((entry, layer))
    model = keras.Model(inp, x)
    arrays = _file_arrays(name)
    for entry, layer in built:
        own = arrays.get(entry["config"]["name"], [])
        if own:
            layer.set_weights(weight_rules.to_keras3(entry["class_name"], entry["config"], own, theano=True))
    data = np.load(MODELS / f"{name}.npz")
    assert_keras1_close(model.predict(data["x0"], verbose=0), data["y0"])
