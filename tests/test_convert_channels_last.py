"""``legacy-convert --channels-last``: 'th' models take NHWC inputs and give Keras 1's predictions."""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras

from legacy_keras.saving import verify as verification  # noqa: E402
from legacy_keras.saving.cli import main  # noqa: E402
from legacy_keras.saving.writer import convert  # noqa: E402

MODELS_DIR = FIXTURES / "keras1_models"
MANIFEST = json.loads((MODELS_DIR / "manifest.json").read_text())
#: 'th' models with image inputs (convlstm's input is rank 5: its layout is kept).
TH_MODELS = ["atrous2d", "bn_th", "deconv", "local2d_th", "th_convnet", "theano_pooling"]


def test_th_models_take_nhwc_and_match_keras1_on_transposed_inputs(tmp_path):
    jobs = []
    for name in TH_MODELS:
        target = tmp_path / f"{name}.keras"
        report = convert(str(MODELS_DIR / f"{name}.h5"), str(target), channels_last=True,
                         source_backend=MANIFEST[name]["trained_on"])
        flags = report.channels_last.inputs_nhwc
        assert flags == ([False, True, False] if name == "theano_pooling" else [True])
        data = np.load(MODELS_DIR / f"{name}.npz")
        xs = [data[k] for k in sorted(k for k in data.files if k.startswith("x"))]
        np.savez(tmp_path / f"{name}_in.npz", **{f"x{i}": x.transpose(0, 2, 3, 1) if flag else x
                                                 for i, (x, flag) in enumerate(zip(xs, flags))})
        jobs.append(verification.job(str(target), str(tmp_path / f"{name}_in.npz"),
                                     str(tmp_path / f"{name}_out.npz")))
    answers = verification.run_fresh(jobs)   # legacy_keras blocked
    for name, answer in zip(TH_MODELS, answers):
        assert answer["ok"], (name, answer)
        outs = np.load(tmp_path / f"{name}_out.npz")
        expected = np.load(MODELS_DIR / f"{name}.npz")
        for key in sorted(k for k in expected.files if k.startswith("y")):
            out = outs[key]
            if out.ndim == 4 and out.shape != expected[key].shape:
                out = out.transpose(0, 3, 1, 2)   # image outputs come out NHWC too
            assert_keras1_close(out, expected[key])


def test_dense_after_flatten_gets_its_rows_permuted(tmp_path):
    import zipfile

    import h5py
    plain, nhwc = tmp_path / "plain.keras", tmp_path / "nhwc.keras"
    convert(str(MODELS_DIR / "atrous2d.h5"), str(plain))       # Flatten of (2, 4, 4) -> Dense
    convert(str(MODELS_DIR / "atrous2d.h5"), str(nhwc), channels_last=True)

    def dense_kernel(path):
        with zipfile.ZipFile(path) as archive, archive.open("model.weights.h5") as entry, \
                h5py.File(entry, "r") as f:
            found = []
            f.visititems(lambda key, item: found.append(item[()]) if key.endswith("vars/0")
                         and item.shape[:1] == (32,) else None)
            return found[0]
    a, b = dense_kernel(plain), dense_kernel(nhwc)
    assert a.shape == b.shape and not np.array_equal(a, b)
    assert np.array_equal(np.sort(a, axis=0), np.sort(b, axis=0))   # the same rows, reordered
    model = keras.models.load_model(nhwc)
    assert tuple(model.inputs[0].shape) == (None, 8, 8, 2)   # channels last


def test_channels_last_refuses_a_tf_model(tmp_path, capsys):
    assert main([str(MODELS_DIR / "mlp.h5"), str(tmp_path / "m.keras"), "--channels-last"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no dim_ordering='th' layer" in err[0]
    assert not list(tmp_path.iterdir())


def test_cli_channels_last_verifies_on_transposed_inputs(tmp_path, capsys):
    assert main([str(MODELS_DIR / "bn_th.h5"), str(tmp_path / "b.keras"), "--channels-last", "-q"]) == 0
    out = capsys.readouterr().out
    assert "1 input(s) take NHWC" in out and "verified with plain Keras" in out
