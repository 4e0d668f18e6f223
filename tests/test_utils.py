"""keras.utils (np_utils, generic_utils, io_utils, data_utils, layer_utils, ...) vs genuine Keras 1.2.2."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

U = np.load(FIXTURES / "oracle" / "ecosystem" / "utils.npz")


def test_to_categorical_matches_keras1():
    from legacy_keras.utils import np_utils
    out = np_utils.to_categorical(U["y"])
    assert out.dtype == U["cat"].dtype == np.float64
    np.testing.assert_array_equal(out, U["cat"])
    np.testing.assert_array_equal(np_utils.to_categorical(U["y"], 5), U["cat5"])
    np.testing.assert_array_equal(np_utils.to_categorical(U["y"].reshape(4, 1), 3), U["cat_2d"])


def test_to_categorical_keyword_nb_classes():
    from legacy_keras.utils.np_utils import to_categorical
    np.testing.assert_array_equal(to_categorical(U["y"], nb_classes=5), U["cat5"])


def test_normalize_probas_conv_lengths():
    from legacy_keras.utils import np_utils
    assert_keras1_close(np_utils.normalize(U["a"]), U["normalize"])
    assert_keras1_close(np_utils.normalize(U["a"], axis=0, order=1), U["normalize0"])
    np.testing.assert_array_equal(np_utils.probas_to_classes(U["probs"]), U["probas_to_classes"])
    np.testing.assert_array_equal(np_utils.probas_to_classes(U["probs"][:, :1]), U["probas_to_classes_bin"])
    got = [np_utils.conv_output_length(n, f, m, s) for n in (7, 8) for f in (2, 3)
           for m in ("same", "valid", "full") for s in (1, 2)]
    np.testing.assert_array_equal(got, U["conv_out"])


def test_convert_kernel_matches_keras1():
    from legacy_keras.utils.np_utils import convert_kernel
    np.testing.assert_array_equal(convert_kernel(U["kernel"], "th"), U["convert_th"])
    np.testing.assert_array_equal(convert_kernel(U["kernel"], "tf"), U["convert_tf"])
    with pytest.raises(ValueError):
        convert_kernel(U["kernel"][0])


def test_convert_all_kernels_in_model_flips_conv_kernels():
    import keras
    from legacy_keras.utils.layer_utils import convert_all_kernels_in_model
    inp = keras.Input((5, 5, 2))
    conv = keras.layers.Conv2D(3, (3, 2))
    model = keras.Model(inp, conv(inp))
    before = conv.kernel.numpy().copy()
    convert_all_kernels_in_model(model)
    np.testing.assert_array_equal(conv.kernel.numpy(), before[::-1, ::-1])


def test_get_from_module_resolves_names_dicts_and_custom_objects():
    from legacy_keras.utils.generic_utils import custom_object_scope, get_from_module

    class Thing:
        def __init__(self, a=1):
            self.a = a
    params = {"Thing": Thing}
    assert get_from_module("Thing", params, "thing") is Thing
    assert get_from_module({"name": "Thing", "a": 3}, params, "thing").a == 3
    assert isinstance(get_from_module("Thing", params, "thing", instantiate=True), Thing)
    with pytest.raises(ValueError, match="Invalid thing: nope"):
        get_from_module("nope", params, "thing")
    with custom_object_scope({"Other": Thing}):
        assert get_from_module("Other", {}, "thing") is Thing


def test_hdf5matrix_slices_like_keras1(tmp_path):
    import h5py
    from legacy_keras.utils.io_utils import HDF5Matrix
    path = str(tmp_path / "data.h5")
    data = np.arange(40, dtype="float32").reshape(10, 4)
    with h5py.File(path, "w") as f:
        f["x"] = data
    m = HDF5Matrix(path, "x", start=2, end=8, normalizer=lambda v: v * 2)
    assert len(m) == 6 and m.shape == (6, 4)
    np.testing.assert_array_equal(m[0:2], data[2:4] * 2)
    np.testing.assert_array_equal(m[1], data[3] * 2)
    np.testing.assert_array_equal(m[[0, 5]], data[[2, 7]] * 2)
    np.testing.assert_array_equal(np.asarray(m), data[2:8] * 2)
    with pytest.raises(IndexError):
        m[0:7]
    with pytest.raises(IndexError):
        m[6]


def test_get_file_delegates_to_keras3(monkeypatch):
    import keras
    from legacy_keras.utils.data_utils import get_file
    seen = {}

    def fake(fname, origin, **kwargs):
        seen.update(kwargs, fname=fname, origin=origin)
        return "/cache/" + fname
    monkeypatch.setattr(keras.utils, "get_file", fake)
    assert get_file("f.tar.gz", "http://x/f.tar.gz", untar=True, md5_hash="abc", cache_subdir="models") == "/cache/f.tar.gz"
    assert seen == {"fname": "f.tar.gz", "origin": "http://x/f.tar.gz", "untar": True, "md5_hash": "abc",
                    "cache_subdir": "models"}


def test_plot_without_pydot_says_what_to_install(monkeypatch):
    import builtins
    from legacy_keras.utils import visualize_util
    real_import = builtins.__import__

    def no_pydot(name, *args, **kwargs):
        if name == "pydot":
            raise ImportError("no pydot")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_pydot)
    with pytest.raises(ImportError, match="pip install pydot"):
        visualize_util.plot(object(), to_file="m.png")


def test_keras_test_decorator_and_get_test_data():
    from legacy_keras.utils.test_utils import get_test_data, keras_test
    (x, y), (xt, yt) = get_test_data(nb_train=6, nb_test=4, input_shape=(3,), nb_class=3)
    assert x.shape == (6, 3) and xt.shape == (4, 3) and set(np.unique(y)) <= {0, 1, 2}

    @keras_test
    def f(a):
        return a + 1
    assert f(1) == 2 and f.__name__ == "f"


def test_progbar_keras1_api(capsys):
    from legacy_keras.utils.generic_utils import Progbar
    bar = Progbar(target=4, verbose=1)
    bar.update(2, [("loss", 0.5)])
    bar.add(2, values=[("loss", 0.25)])
    bar.update(4, force=True)
    assert "loss" in capsys.readouterr().out


def test_layer_test_runs_keras1_routine():
    from legacy_keras.layers import Dense
    from legacy_keras.utils.test_utils import layer_test
    out = layer_test(Dense, kwargs={"output_dim": 3}, input_shape=(2, 4))
    assert out.shape == (2, 3)
