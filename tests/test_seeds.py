"""Every Keras 1 example of the seed notes runs unchanged under ``legacy-run``.

The scripts live in ``fixtures/seeds/`` (see its README); they run in one
``python -m legacy_keras`` process with a keras.json that says
``image_dim_ordering: th``, as their authors' machines did.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO

SEEDS = FIXTURES / "seeds"
SCRIPTS = sorted(p.name for p in SEEDS.glob("seed*.py"))


@pytest.fixture(scope="module")
def seed_results(tmp_path_factory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("keras_home")
    (home / "keras.json").write_text(json.dumps(
        {"image_dim_ordering": "th", "epsilon": 1e-07, "floatx": "float32", "backend": "tensorflow"}))
    results = home / "results.json"
    env = dict(os.environ, KERAS_HOME=str(home), TF_CPP_MIN_LOG_LEVEL="3",
               PYTHONPATH=str(REPO), CUDA_VISIBLE_DEVICES="")
    completed = subprocess.run(
        [sys.executable, "-m", "legacy_keras", str(SEEDS / "_run_all.py"), str(results)],
        cwd=home, env=env, capture_output=True, text=True, timeout=1200)
    assert results.exists(), completed.stderr[-3000:]
    return json.loads(results.read_text())


def test_every_seed_script_is_collected():
    assert len(SCRIPTS) >= 18


@pytest.mark.parametrize("script", SCRIPTS)
def test_seed_example_runs_under_legacy_run(seed_results, script):
    assert seed_results.get(script) == "ok", seed_results.get(script, "did not run")
