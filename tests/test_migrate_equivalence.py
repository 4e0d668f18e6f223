"""Migrated Keras 1 scripts run on plain Keras 3 (legacy_keras NOT importable) and predict the same.

Each script under ``fixtures/migrate/scripts/`` builds a small Keras 1 model, sets
fixed weights (numpy seed, ``set_weights`` with arrays shaped like the model's own
``get_weights()``), predicts and saves the result to ``$OUT_NPY``.  The original
runs under the Keras 1 runtime (``python -m legacy_keras``); the migrated copy
runs in a subprocess where ``import legacy_keras`` fails.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from migrate.transform import migrate_source

SCRIPTS = Path(__file__).resolve().parents[1] / "fixtures" / "migrate" / "scripts"
BLOCK = ("import sys, runpy; sys.modules['legacy_keras'] = None; "
         "sys.argv = [sys.argv[1]]; runpy.run_path(sys.argv[0], run_name='__main__')")


def _run(cmd: list[str], out: Path, cwd: Path) -> np.ndarray:
    env = dict(os.environ, OUT_NPY=str(out), TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return np.load(out)


@pytest.mark.slow
@pytest.mark.parametrize("script", sorted(SCRIPTS.glob("*.py")), ids=lambda p: p.stem)
def test_migrated_script_matches_keras1_runtime(script: Path, tmp_path: Path) -> None:
    result = migrate_source(script.read_text())
    assert result.changed and not [w for w in result.warnings if w.rule != "optimizers"]
    migrated = tmp_path / script.name
    migrated.write_text(result.code)
    assert "legacy_keras" not in result.code
    k3 = _run([sys.executable, "-c", BLOCK, str(migrated)], tmp_path / "k3.npy", tmp_path)
    k1 = _run([sys.executable, "-m", "legacy_keras", str(script)], tmp_path / "k1.npy", tmp_path)
    assert k3.shape == k1.shape
    np.testing.assert_allclose(k3, k1, rtol=1e-5, atol=1e-6)
