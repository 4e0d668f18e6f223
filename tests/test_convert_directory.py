"""``legacy-convert DIR -o OUT [-j N]``: a whole tree, one line per file, a summary, exit 2 on failure."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, REPO

MODELS_DIR = FIXTURES / "keras1_models"


def _tree(root):
    """Full models, a weights file with its architecture by stem, an orphan weights file, junk."""
    (root / "sub").mkdir(parents=True)
    shutil.copy(MODELS_DIR / "mlp.h5", root / "mlp.h5")
    shutil.copy(MODELS_DIR / "advanced_weights.h5", root / "sub" / "net_weights.h5")
    shutil.copy(MODELS_DIR / "advanced.json", root / "sub" / "net.json")
    shutil.copy(MODELS_DIR / "bn_tf_weights.h5", root / "sub" / "orphan_weights.h5")
    (root / "sub" / "notes.h5").write_text("not a model")
    return root


def _run(*args, jobs=None):
    env = dict(os.environ, PYTHONPATH=str(REPO), TF_CPP_MIN_LOG_LEVEL="3")
    command = [sys.executable, "-m", "legacy_keras.saving.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


def test_tree_one_line_per_file_summary_and_exit_2(tmp_path):
    source, out = _tree(tmp_path / "models"), tmp_path / "converted"
    result = _run(str(source), "-o", str(out), "--no-verify")
    assert result.returncode == 2, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 5
    by_file = {os.path.basename(line.split()[1]): line.split()[0] for line in lines[:-1]}
    assert by_file == {"mlp.h5": "converted", "net_weights.h5": "converted",
                       "orphan_weights.h5": "FAILED", "notes.h5": "skipped"}
    assert "orphan.json" in next(line for line in lines if "orphan" in line)
    assert lines[-1] == "legacy-convert: 4 file(s): 2 converted, 1 skipped, 1 failed"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == \
        ["mlp.keras", os.path.join("sub", "net_weights.keras")]
    assert not [p for p in out.rglob(".*")]   # no temporary left behind


def test_existing_outputs_are_skipped_unless_force_and_jobs_run_in_parallel(tmp_path):
    source, out = _tree(tmp_path / "models"), tmp_path / "converted"
    os.remove(source / "sub" / "orphan_weights.h5")
    (out).mkdir()
    (out / "mlp.keras").write_bytes(b"keep")
    result = _run(str(source), "-o", str(out), "--no-verify", "-j", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipped   " in result.stdout and "output exists (--force overwrites)" in result.stdout
    assert (out / "mlp.keras").read_bytes() == b"keep"
    assert (out / "sub" / "net_weights.keras").exists()
    result = _run(str(source), "-o", str(out), "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "mlp.keras").read_bytes()[:2] == b"PK"
    assert result.stdout.count("verified, max rel error") == 2


def test_directory_needs_an_output(tmp_path):
    source = _tree(tmp_path / "models")
    result = _run(str(source))
    assert result.returncode == 2 and "-o OUT_DIR" in result.stderr


@pytest.mark.parametrize("name, expected", [("net_weights.h5", "net.json"), ("net.h5", "net.json"),
                                            ("net.weights.h5", "net.json")])
def test_architecture_found_by_stem(tmp_path, name, expected):
    from legacy_keras.saving.directory import _architecture_for
    (tmp_path / expected).write_text("{}")
    assert _architecture_for(str(tmp_path / name)) == str(tmp_path / expected)
