"""File-format details of Keras 1 HDF5 files and the CLI's output handling."""
from __future__ import annotations

import json
import shutil

import h5py
import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras

from legacy_keras.saving import (inspect_file, load_keras1_weights,  # noqa: E402
                                 model_from_keras1_config)
from legacy_keras.saving.hdf5 import Keras1H5, decode  # noqa: E402
from legacy_keras.saving.cli import _Progress, main as convert_main  # noqa: E402

MODELS_DIR = FIXTURES / "keras1_models"


def _mlp_io():
    data = np.load(MODELS_DIR / "mlp.npz")
    return data["x0"], data["y0"]


def test_decode_accepts_every_attribute_flavour():
    assert decode(b"dense_1") == "dense_1"
    assert decode(np.bytes_(b"dense_1")) == "dense_1"
    assert decode(np.array([b"a", b"b"], dtype="S")) == ["a", "b"]
    assert decode(np.array(["a", "b"], dtype=object)) == ["a", "b"]
    assert decode("x") == "x"


def test_fixed_length_bytes_attributes(tmp_path):
    """h5py-2 era writers stored fixed-length ``S`` arrays; Keras 1.2.2 + h5py 3 stores objects."""
    source = tmp_path / "old_style.h5"
    shutil.copy(MODELS_DIR / "mlp_weights.h5", source)
    with h5py.File(source, "a") as f:
        names = [n.encode() if isinstance(n, str) else n for n in f.attrs["layer_names"]]
        f.attrs["layer_names"] = np.array(names, dtype="S")
        for name in f:
            weights = [w.encode() if isinstance(w, str) else w for w in f[name].attrs["weight_names"]]
            f[name].attrs["weight_names"] = np.array(weights, dtype="S") if weights else np.array([], dtype="S1")
    model = model_from_keras1_config((MODELS_DIR / "mlp.json").read_text())
    load_keras1_weights(model, source)
    x, y = _mlp_io()
    assert_keras1_close(model.predict(x, verbose=0), y)


def test_float64_theano_file_is_cast_to_float32(tmp_path):
    """Theano floatX=float64 files hold float64 arrays; Keras 3 variables are float32."""
    source = tmp_path / "f64.h5"
    shutil.copy(MODELS_DIR / "mlp_weights.h5", source)
    with h5py.File(source, "a") as f:
        for name in list(f):
            for weight in list(f[name]):
                data = f[name][weight][()]
                del f[name][weight]
                f[name][weight] = data.astype("float64")
    with Keras1H5(source) as k1:
        assert k1.read("dense_1", "dense_1_W").dtype == np.float32
    model = model_from_keras1_config((MODELS_DIR / "mlp.json").read_text())
    load_keras1_weights(model, source)
    x, y = _mlp_io()
    assert_keras1_close(model.predict(x, verbose=0), y)


def test_yaml_architecture():
    """``model.to_yaml()`` is the same dict as ``to_json()``, in YAML."""
    import yaml
    text = yaml.safe_dump(json.loads((MODELS_DIR / "mlp.json").read_text()))
    model = model_from_keras1_config(text)
    load_keras1_weights(model, MODELS_DIR / "mlp_weights.h5")
    x, y = _mlp_io()
    assert_keras1_close(model.predict(x, verbose=0), y)


def test_arch_from_a_full_model_file(tmp_path, capsys):
    target = tmp_path / "mlp.weights.h5"
    code = convert_main([str(MODELS_DIR / "mlp_weights.h5"), str(target), "--arch",
                         str(MODELS_DIR / "mlp.h5"), "-q"])
    assert code == 0, capsys.readouterr().err
    from legacy_keras.saving.config import build_model
    model = build_model((MODELS_DIR / "mlp.json").read_text()).model
    model.load_weights(target)
    x, y = _mlp_io()
    assert_keras1_close(model.predict(x, verbose=0), y)


def test_inspect_file_full_model():
    info = inspect_file(MODELS_DIR / "nested.h5")
    assert info["kind"] == "model" and info["keras_version"] == "1.2.2"
    assert info["model_class"] == "Model"
    assert [layer["name"] for layer in info["layers"]] == ["in_a", "in_b", "tower", "merge_1", "head"]
    assert info["backend_matters"] is False


def test_progress_bar_only_when_enabled(capsys):
    _Progress(False)(50, 100)
    assert capsys.readouterr().err == ""
    bar = _Progress(True)
    bar(100, 100)
    err = capsys.readouterr().err
    assert "[##############################]" in err and err.endswith("\n")


def test_cli_training_config_only_on_request(tmp_path, capsys):
    """By default the .keras stays plain (uncompiled, with a note); --with-training-config compiles
    it with the Keras 1 optimizer (legacy_keras.optimizers) and its Keras 1 learning rate."""
    plain = tmp_path / "plain.keras"
    assert convert_main([str(MODELS_DIR / "mlp.h5"), str(plain)]) == 0
    assert "training configuration (optimizer Adam" in capsys.readouterr().err
    assert not keras.models.load_model(plain).compiled
    kept = tmp_path / "kept.keras"
    assert convert_main([str(MODELS_DIR / "mlp.h5"), str(kept), "--with-training-config", "-q"]) == 0
    import legacy_keras.saving.objects  # noqa: F401
    model = keras.models.load_model(kept)
    assert model.compiled and "adam" in type(model.optimizer).__name__.lower()
    assert abs(float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)) - 0.01) < 1e-6
    x, y = _mlp_io()
    assert_keras1_close(model.predict(x, verbose=0), y)


def test_keras_archive_is_a_valid_zip_with_the_weights_stored_once(tmp_path):
    """The HDF5 weights are written in place as the archive's stored entry (CRC combined while
    writing); zip readers and Keras accept it; no temporary file is left."""
    import zipfile

    from legacy_keras.saving.writer import USERBLOCK, convert
    target = tmp_path / "th.keras"
    convert(str(MODELS_DIR / "th_convnet.h5"), str(target))
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        info = archive.getinfo("model.weights.h5")
        assert info.compress_type == zipfile.ZIP_STORED and info.header_offset == 0
        assert sorted(archive.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
        with archive.open("model.weights.h5") as entry:
            assert entry.read(8) == b"\x89HDF\r\n\x1a\n"
    assert target.stat().st_size >= USERBLOCK + info.file_size
    assert [p.name for p in tmp_path.iterdir()] == ["th.keras"]
    model = keras.models.load_model(target)
    data = np.load(MODELS_DIR / "th_convnet.npz")
    assert_keras1_close(model.predict(data["x0"], verbose=0), data["y0"])


def test_crc32_combine_matches_zlib():
    import os
    import zlib

    from legacy_keras.saving.writer import crc32_combine
    for first, second in ((0, 5), (5, 0), (1, 1), (1000, 12345), (3, 1 << 16)):
        a, b = os.urandom(first), os.urandom(second)
        assert crc32_combine(zlib.crc32(a), zlib.crc32(b), second) == zlib.crc32(a + b)
