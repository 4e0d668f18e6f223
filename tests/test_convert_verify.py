"""``legacy-convert --verify`` (on by default): fresh-process load, error printed, refusal beyond 1e-5."""
from __future__ import annotations

import os

import numpy as np
import pytest

from conftest import FIXTURES

import keras

from legacy_keras.saving import builtin  # noqa: E402
from legacy_keras.saving import verify as verification  # noqa: E402
from legacy_keras.saving.cli import main  # noqa: E402

MODELS_DIR = FIXTURES / "keras1_models"


def test_default_run_verifies_with_plain_keras_and_prints_the_errors(tmp_path, capsys):
    target = tmp_path / "mlp.keras"
    assert main([str(MODELS_DIR / "mlp.h5"), str(target), "-q"]) == 0
    out = capsys.readouterr().out
    line = [text for text in out.splitlines() if "verified" in text]
    assert line and "plain Keras (legacy_keras blocked)" in line[0]
    assert "max abs error" in line[0] and "max rel error" in line[0]
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(target).st_mode & 0o777 == 0o666 & ~umask   # a normal file, not mkstemp's 0600


def test_a_wrong_formula_is_caught_and_nothing_is_written(tmp_path, capsys, monkeypatch):
    """Damaged numbers (here: the hard_sigmoid factor forgotten) fail verification: exit 3, no file."""
    monkeypatch.setattr(builtin, "HARD_SIGMOID_SCALE", np.float32(1.0))
    target = tmp_path / "mlp.keras"
    assert main([str(MODELS_DIR / "mlp.h5"), str(target), "-q"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("legacy-convert: error: verification failed")
    assert "max rel error" in err[0]
    assert not target.exists()
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".")]


def test_no_verify_skips_it(tmp_path, capsys):
    target = tmp_path / "bn.keras"
    assert main([str(MODELS_DIR / "bn_tf.h5"), str(target), "-q", "--no-verify"]) == 0
    assert "verified" not in capsys.readouterr().out


def test_weights_output_is_verified_against_its_architecture(tmp_path, capsys):
    target = tmp_path / "mlp.weights.h5"
    assert main([str(MODELS_DIR / "mlp_weights.h5"), str(target), "--arch",
                 str(MODELS_DIR / "mlp.json"), "-q"]) == 0
    assert "verified with Keras + legacy_keras objects" in capsys.readouterr().out


def test_kept_legacy_layers_are_verified_with_legacy_keras(tmp_path, capsys):
    target = tmp_path / "advanced.keras"
    assert main([str(MODELS_DIR / "advanced.h5"), str(target), "--keep-legacy-layers"]) == 0
    captured = capsys.readouterr()
    assert "verified with Keras + legacy_keras objects" in captured.out
    assert "legacy_keras objects (legacy_keras>Highway" in captured.err


def test_compare_measures_relative_to_the_output_scale():
    expected = [np.array([[100.0, 0.0]])]
    assert verification.compare([np.array([[100.0, 1e-4]])], expected) == pytest.approx((1e-4, 1e-6))
    with pytest.raises(verification.VerificationError, match="shape"):
        verification.compare([np.zeros((1, 3))], expected)


def test_random_inputs_are_seeded_and_respect_embeddings():
    inputs = keras.Input((3,), dtype="int32")
    model = keras.Model(inputs, keras.layers.Embedding(7, 2)(inputs))
    first, again = verification.random_inputs(model), verification.random_inputs(model)
    assert first[0].shape == (verification.BATCH, 3) and first[0].dtype == np.int32
    assert first[0].max() < 7 and np.array_equal(first[0], again[0])
