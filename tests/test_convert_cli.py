"""The ``legacy-convert`` command itself: its home, ``--version``, one parse of the input."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import FIXTURES, REPO

MODELS_DIR = FIXTURES / "keras1_models"


def test_version_names_the_program():
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-m", "legacy_keras.saving.cli", "--version"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    name, version = result.stdout.split()
    assert name == "legacy-convert" and version[0].isdigit()


def test_input_is_opened_and_parsed_once(tmp_path, monkeypatch, capsys):
    """The CLI's early refusals and the conversion share one open file and one parse."""
    import keras  # noqa: F401  (a dependency: never skipped)
    from legacy_keras.saving import hdf5
    from legacy_keras.saving.cli import main

    opened, parsed = [], []
    real_open, real_parse = hdf5._open_h5, hdf5.parse_architecture_text
    monkeypatch.setattr(hdf5, "_open_h5", lambda path: opened.append(path) or real_open(path))
    monkeypatch.setattr(hdf5, "parse_architecture_text",
                        lambda *a, **k: parsed.append(a) or real_parse(*a, **k))
    target = tmp_path / "mlp.weights.h5"
    code = main([str(MODELS_DIR / "mlp_weights.h5"), str(target), "--arch",
                 str(MODELS_DIR / "mlp.json"), "-q"])
    assert code == 0, capsys.readouterr().err
    assert opened == [str(MODELS_DIR / "mlp_weights.h5")]
    assert len(parsed) == 1


def test_info_lists_the_built_in_rewrites_without_tensorflow():
    env = dict(os.environ, PYTHONPATH=str(REPO))
    code = ("import sys\nfrom legacy_keras.saving.cli import main\n"
            f"main(['--info', {str(MODELS_DIR / 'advanced.h5')!r}])\n"
            "assert 'tensorflow' not in sys.modules, 'TensorFlow imported'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("built-in:")]
    assert any("highway_1 (Highway) -> Dense" in line for line in lines)
    assert any("MaxoutDense" in line and "GlobalMaxPooling1D" in line for line in lines)
    assert "needs legacy_keras" not in result.stdout
