"""The hard_sigmoid weight scaling and Merge rewrites on genuine Keras 1.2.2 models.

``fixtures/keras1_convert/`` (made by ``fixtures/oracle/make_convert_builtin.py``):
Keras 1 ``hard_sigmoid`` as the activation of Conv2D, Dense, Highway, SimpleRNN,
GRU and TimeDistributed(Dense), Merge cos/max/dot; and an LSTM with
``activation='hard_sigmoid'``, which no weight scaling can express and which
therefore stays a legacy layer (loaded with legacy_keras).
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras

from legacy_keras.saving import verify as verification  # noqa: E402
from legacy_keras.saving.writer import convert  # noqa: E402

DIR = FIXTURES / "keras1_convert"
MANIFEST = json.loads((DIR / "manifest.json").read_text())
MODELS = sorted(name for name in MANIFEST if not name.startswith("_"))
KEPT = {"hs_lstm_kept": "LSTM activation='hard_sigmoid' also applies to the cell state"}


def test_rewritten_models_match_keras1_and_the_lstm_is_kept(tmp_path):
    jobs, names = [], []
    for name in MODELS:
        target = tmp_path / f"{name}.keras"
        report = convert(str(DIR / f"{name}.h5"), str(target), source_backend="theano")
        if name in KEPT:
            assert [(c, r[:len(KEPT[name])]) for _, c, r in report.kept] == [("LSTM", KEPT[name])]
        else:
            assert not report.kept and not report.legacy_classes, (name, report.kept)
        data = np.load(DIR / f"{name}.npz")
        xs = [data[k] for k in sorted(k for k in data.files if k.startswith("x"))]
        np.savez(tmp_path / f"{name}_in.npz", **{f"x{i}": x for i, x in enumerate(xs)})
        jobs.append(verification.job(str(target), str(tmp_path / f"{name}_in.npz"),
                                     str(tmp_path / f"{name}_out.npz"), allow_legacy=name in KEPT))
        names.append(name)
    plain = [(n, j) for n, j in zip(names, jobs) if n not in KEPT]
    kept = [(n, j) for n, j in zip(names, jobs) if n in KEPT]
    answers = verification.run_fresh([j for _, j in plain]) + verification.run_fresh([j for _, j in kept])
    for (name, _), answer in zip(plain + kept, answers):
        assert answer["ok"], (name, answer)
        out = np.load(tmp_path / f"{name}_out.npz")
        expected = np.load(DIR / f"{name}.npz")
        for index, key in enumerate(sorted(k for k in expected.files if k.startswith("y"))):
            assert_keras1_close(out[f"y{index}"], expected[key])
