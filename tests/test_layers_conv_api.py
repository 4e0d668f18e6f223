"""Keras 1 constructor behaviour of the convolutional/pooling/local layers:
positional binding, argument errors, dim_ordering default, aliases,
Deconvolution2D ``output_shape`` and plain-Keras-3 loading of saved models.
Numbers come from the Keras 1.2.2 oracle (fixtures/oracle/layers_conv).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import keras
import numpy as np
import pytest

import legacy_keras.layers as L
from conftest import FIXTURES, assert_keras1_close
from legacy_keras import _config

ORACLE = FIXTURES / "oracle" / "layers_conv"
CASES = json.loads((ORACLE / "cases.json").read_text())["cases"]
ARRAYS = np.load(ORACLE / "cases.npz")


def weights_of(name: str) -> list:
    return [ARRAYS[f"{name}/w{i}"] for i in range(CASES[name]["n_weights"])]


def test_keras1_positionals():
    conv = L.Convolution2D(4, 3, 2, "he_normal", "relu", None, "same", (2, 1), "th")
    assert conv.kernel_size == (3, 2) and conv.strides == (2, 1)
    assert conv.padding == "same" and conv.data_format == "channels_first"
    assert conv.filters == 4
    conv1d = L.Convolution1D(5, 3, input_dim=4, input_length=10)
    assert conv1d.kernel_size == (3,) and conv1d.batch_input_shape == (None, 10, 4)
    pool = L.MaxPooling1D(3, 2, "same")
    assert pool.pool_size == (3,) and pool.strides == (2,) and pool.padding == "same"
    assert L.UpSampling1D(3).size == 3
    sep = L.SeparableConvolution2D(6, 3, 3, init="he_uniform", depth_multiplier=2)
    assert sep.depth_multiplier == 2
    assert isinstance(sep.pointwise_initializer, keras.initializers.Initializer)


def test_aliases_are_keras1_classes():
    assert L.Conv2D is L.Convolution2D and L.Deconv2D is L.Deconvolution2D
    assert L.Conv1D is L.Convolution1D and L.AtrousConv2D is L.AtrousConvolution2D
    assert L.Conv3D is L.Convolution3D and L.SeparableConv2D is L.SeparableConvolution2D
    assert L.AtrousConv1D is L.AtrousConvolution1D
    layer = L.Conv2D(8, 3, 3)  # Keras 1 meaning: 3x3 kernel, stride 1 (Keras 3: stride 3)
    assert layer.kernel_size == (3, 3) and layer.strides == (1, 1)
    assert layer.name.startswith("convolution2d_")


def test_dim_ordering_default_follows_keras_json():
    previous = _config.image_dim_ordering()
    try:
        _config.set_image_dim_ordering("th")
        assert L.Convolution2D(2, 3, 3).data_format == "channels_first"
        assert L.MaxPooling2D().data_format == "channels_first"
        assert L.LocallyConnected2D(2, 3, 3).data_format == "channels_first"
        assert L.ZeroPadding2D().data_format == "channels_first"
        # 1D layers are channels_last whatever the setting, as in Keras 1.
        assert L.Convolution1D(2, 3).data_format == "channels_last"
        assert L.GlobalAveragePooling1D().data_format == "channels_last"
        _config.set_image_dim_ordering("tf")
        assert L.Convolution2D(2, 3, 3).data_format == "channels_last"
        assert L.LocallyConnected2D(2, 3, 3).data_format == "channels_last"
    finally:
        _config.set_image_dim_ordering(previous)


@pytest.mark.parametrize("make, words", [
    (lambda: L.Convolution2D(2, 3, 3, foo=1), ("Convolution2D", "foo")),
    (lambda: L.Convolution1D(2, 3, nb_row=3), ("Convolution1D", "nb_row")),
    (lambda: L.MaxPooling2D(pool_length=2), ("MaxPooling2D", "pool_length")),
    (lambda: L.LocallyConnected1D(2, 3, dim_ordering="th"), ("LocallyConnected1D", "dim_ordering")),
    (lambda: L.Convolution2D(2, 3, 3, border_mode="full"), ("Convolution2D", "border_mode")),
    (lambda: L.Convolution1D(2, 3, border_mode="full"), ("Convolution1D", "border_mode")),
    (lambda: L.Deconvolution2D(2, 3, 3, (None, 5, 5, 2), border_mode="full"),
     ("Deconvolution2D", "border_mode")),
    (lambda: L.Convolution2D(2, 3, 3, dim_ordering="xy"), ("dim_ordering",)),
    (lambda: L.Convolution2D(2, 3, 3, border_mode="half"), ("Convolution2D", "padding")),
    (lambda: L.LocallyConnected2D(2, 3, 3, border_mode="same"), ("LocallyConnected2D", "border_mode")),
    (lambda: L.AtrousConvolution2D(2, 3, 3, atrous_rate=(2, 2), subsample=(2, 2)),
     ("AtrousConvolution2D", "dilation")),
    (lambda: L.ZeroPadding2D((1, 2, 3)), ("ZeroPadding2D", "padding")),
    (lambda: L.ZeroPadding1D({"top_pad": 1}), ("ZeroPadding1D", "top_pad")),
    (lambda: L.ZeroPadding2D({"left": 1}), ("ZeroPadding2D", "left")),
    (lambda: L.Deconvolution2D(2, 3, 3), ("Deconvolution2D", "output_shape")),
    (lambda: L.Deconvolution2D(2, 3, 3, (5, 5)), ("Deconvolution2D", "output_shape")),
    (lambda: L.Deconvolution2D(2, 3, 3, (None, 5, 5, 3), dim_ordering="tf"),
     ("Deconvolution2D", "nb_filter")),
    (lambda: L.Convolution2D(2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16),
     ("Convolution2D", "positional")),
])
def test_bad_arguments_name_layer_and_argument(make, words):
    with pytest.raises((TypeError, ValueError)) as info:
        make()
    message = str(info.value)
    for word in words:
        assert word in message, message


def test_deconvolution_output_shape_is_validated_at_build():
    layer = L.Deconvolution2D(2, 3, 3, output_shape=(None, 9, 9, 2), dim_ordering="tf")
    with pytest.raises(ValueError, match="Deconvolution2D.*output_shape"):
        layer(keras.Input((4, 4, 3)))  # valid, stride 1: only 6 is possible


def test_deconvolution_output_shape_variants():
    """TensorFlow's admissible output sizes all map onto Keras 3 output_padding."""
    x = keras.Input((3, 3, 2))
    for padding, sizes in (("valid", (7, 8)), ("same", (5, 6))):
        for size in sizes:
            layer = L.Deconvolution2D(2, 3, 3, (None, size, size, 2), subsample=(2, 2),
                                      border_mode=padding, dim_ordering="tf")
            assert tuple(layer(x).shape) == (None, size, size, 2)
    even = L.Deconvolution2D(2, 2, 2, (None, 6, 6, 2), subsample=(2, 2), border_mode="same",
                             dim_ordering="tf")
    assert tuple(even(x).shape) == (None, 6, 6, 2)


def test_keras1_weights_shapes_on_layer():
    """Keras 1 'th' conv kernels (F, in, r, c) land in Keras 3 (r, c, in, F); get_weights()
    gives them back as Keras 1 code expects them (issue 14.9), get_keras3_weights() as stored."""
    kernel = ARRAYS["conv2d_th_valid/w0"]
    layer = L.Convolution2D(4, 3, 3, dim_ordering="th", weights=[kernel, ARRAYS["conv2d_th_valid/w1"]])
    layer(keras.Input((2, 6, 5)))
    np.testing.assert_array_equal(layer.get_keras3_weights()[0], kernel.transpose(2, 3, 1, 0))
    np.testing.assert_array_equal(layer.get_weights()[0], kernel)


def _mixed_model():
    """A small 'th' + 'tf' model of legacy layers with the oracle's weights."""
    x = keras.Input((2, 6, 5))
    h = L.Convolution2D(4, 3, 3, dim_ordering="th", activation="relu",
                        weights=weights_of("conv2d_th_valid"))(x)
    h = L.ZeroPadding2D((0, 2, 1, 0), dim_ordering="th")(h)
    h = L.MaxPooling2D((2, 2), dim_ordering="th")(h)
    h = L.Deconvolution2D(3, 3, 3, (None, 3, 5, 4), dim_ordering="th",
                          weights=[np.ones((3, 4, 3, 3), "float32") * 0.1, np.zeros(3, "float32")])(h)
    h = L.Cropping2D(((1, 0), (0, 1)), dim_ordering="th")(h)
    y = L.GlobalAveragePooling2D(dim_ordering="th")(h)
    return keras.Model(x, y)


def test_saved_model_loads_in_plain_keras3(tmp_path):
    model = _mixed_model()
    x = ARRAYS["conv2d_th_valid/x"]
    first = model(x).numpy()
    # The first layer's output is Keras 1's; the rest is plain Keras 3 equivalence.
    path = tmp_path / "m.keras"
    model.save(path)
    np.save(tmp_path / "x.npy", x)
    script = (
        "import sys, numpy as np, keras\n"
        "m = keras.models.load_model(sys.argv[1])\n"
        "assert not any(n.split('.')[0] == 'legacy_keras' for n in sys.modules), 'legacy_keras imported'\n"
        "np.save(sys.argv[3], m.predict(np.load(sys.argv[2]), verbose=0))\n"
        "print([type(l).__name__ for l in m.layers])\n")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    result = subprocess.run([sys.executable, "-c", script, str(path), str(tmp_path / "x.npy"),
                             str(tmp_path / "y.npy")], capture_output=True, text=True, env=env,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Conv2DTranspose" in result.stdout and "Conv2D" in result.stdout
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), first, rtol=1e-6, atol=1e-6)


def test_locally_connected_round_trip(tmp_path):
    name = "local2d_th"
    x = keras.Input(tuple(CASES[name]["input_shape"]))
    layer = L.LocallyConnected2D(3, 3, 2, subsample=(1, 2), dim_ordering="th", weights=weights_of(name))
    model = keras.Model(x, layer(x))
    path = tmp_path / "lc.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    assert type(loaded.layers[1]).__name__ == "LocallyConnected2D"
    assert_keras1_close(loaded.predict(ARRAYS[f"{name}/x"], verbose=0), ARRAYS[f"{name}/out"])
    clone = L.LocallyConnected2D.from_config(layer.get_config())
    assert clone.kernel_size == (3, 2) and clone.strides == (1, 2)
    assert clone.data_format == "channels_first"


def test_locally_connected_trains():
    """Gradients flow through the gather/einsum implementation."""
    x = keras.Input((6, 3))
    model = keras.Model(x, L.GlobalAveragePooling1D()(L.LocallyConnected1D(2, 3)(x)))
    model.compile("sgd", "mse")
    before = [w.copy() for w in model.get_weights()]
    model.fit(np.ones((4, 6, 3), "float32"), np.ones((4, 2), "float32"), epochs=1, verbose=0)
    assert any(not np.allclose(a, b) for a, b in zip(before, model.get_weights()))


def test_keras1_attribute_names():
    conv = L.Convolution2D(4, 3, 2, border_mode="same", subsample=(2, 1), dim_ordering="th")
    assert (conv.nb_filter, conv.nb_row, conv.nb_col) == (4, 3, 2)
    assert conv.border_mode == "same" and conv.subsample == (2, 1) and conv.dim_ordering == "th"
    conv1d = L.Convolution1D(3, 5, subsample_length=2)
    assert conv1d.filter_length == 5 and conv1d.subsample_length == 2 and conv1d.subsample == (2, 1)
    assert L.AtrousConvolution1D(2, 3, atrous_rate=4).atrous_rate == 4
    pool = L.MaxPooling1D(pool_length=3, stride=1)
    assert pool.pool_length == 3 and pool.stride == 1
    assert not hasattr(L.UpSampling2D(), "nb_filter")


def _keras1_kwargs(kwargs: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}


@pytest.mark.parametrize("name", sorted(json.loads((ORACLE / "cases.json").read_text())
                                        .get("init_stats", {})))
def test_initial_kernel_scale_is_keras1(name):
    """Default-initialised kernels have Keras 1's scale (Keras 1 fans, not Keras 3's)."""
    stats = json.loads((ORACLE / "cases.json").read_text())["init_stats"][name]
    keras.utils.set_random_seed(7)
    layer = getattr(L, stats["class"])(**_keras1_kwargs(stats["kwargs"]))
    layer(keras.Input(tuple(stats["input_shape"])))
    kernel = np.asarray(layer.get_weights()[0])
    assert kernel.size == stats["size"]
    if "normal" in stats["kwargs"].get("init", "glorot_uniform"):
        assert abs(kernel.std() / stats["std"] - 1) < 0.1
    else:  # uniform: the sample maximum sits just under the limit
        assert 0.95 < np.abs(kernel).max() / stats["max_abs"] < 1.03


def test_clone_model_rebuilds_from_keras3_configs():
    """``from_config`` with Keras 3 keywords (clone_model, Keras 3 tooling) works."""
    model = _mixed_model()
    x = ARRAYS["conv2d_th_valid/x"]
    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(np.asarray(clone(x)), np.asarray(model(x)), rtol=1e-6, atol=1e-6)
    inputs = keras.Input((7, 4))
    lc_model = keras.Model(inputs, L.LocallyConnected1D(3, 3, subsample_length=2)(
        L.Convolution1D(4, 1, border_mode="same")(inputs)))
    lc_clone = keras.models.clone_model(lc_model)
    lc_clone.set_weights(lc_model.get_weights())
    x1 = ARRAYS["local1d/x"]
    np.testing.assert_allclose(np.asarray(lc_clone(x1)), np.asarray(lc_model(x1)), rtol=1e-6, atol=1e-6)


def test_pooling_layers_importable_from_convolutional_like_keras1():
    from legacy_keras.layers import convolutional, pooling

    for name in ("MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
                 "AveragePooling1D", "AveragePooling2D", "AveragePooling3D"):
        assert getattr(convolutional, name) is getattr(pooling, name)
