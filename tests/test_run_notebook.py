"""Keras 1 notebooks: ``legacy-run notebook.ipynb`` and ``%load_ext legacy_keras`` in a real kernel.

The notebook (``fixtures/notebooks/keras1_mlp.ipynb``, written for these tests) is a Keras 1
MLP with IPython-only lines: ``%load_ext``, a line magic, a ``!`` shell line, a ``%%time`` cell.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO

NOTEBOOK = FIXTURES / "notebooks" / "keras1_mlp.ipynb"


def legacy_run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "legacy_keras", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_legacy_run_runs_code_cells_in_order_and_notes_each_skipped_ipython_line(tmp_path):
    result = legacy_run(str(NOTEBOOK), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "keras legacy_keras 1.2.2",
        "history ['acc', 'loss']",
        "classes (4,)",
    ]
    notes = [line for line in result.stderr.splitlines() if line.startswith("legacy-run: ")]
    assert notes == [
        "legacy-run: keras1_mlp.ipynb cell 1 line 1: skipped IPython line '%load_ext legacy_keras'",
        "legacy-run: keras1_mlp.ipynb cell 2 line 1: skipped IPython line '%precision 3'",
        "legacy-run: keras1_mlp.ipynb cell 2 line 2: skipped IPython line "
        "'!echo this shell line is skipped by legacy-run'",
        "legacy-run: keras1_mlp.ipynb cell 5: skipped the cell (cell magic '%%time')",
    ]


def test_notebook_errors_point_at_the_cell_and_bad_files_are_one_line(tmp_path):
    import json
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["x = 1\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["def f():\n", "    raise ValueError('cell two broke')\n", "f()\n"]}]}
    (tmp_path / "bad.ipynb").write_text(json.dumps(notebook))
    result = legacy_run("bad.ipynb", cwd=tmp_path)
    assert result.returncode == 1
    assert "bad.ipynb[cell 2]\", line 2, in f" in result.stderr
    assert "raise ValueError('cell two broke')" in result.stderr  # the cell's source line
    assert "_notebook.py" not in result.stderr and "run.py" not in result.stderr

    (tmp_path / "broken.ipynb").write_text("{not json")
    result = legacy_run("broken.ipynb", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "broken.ipynb" in result.stderr


@pytest.mark.slow
def test_load_ext_in_a_real_ipython_kernel(tmp_path, monkeypatch):
    import nbformat
    import nbclient
    import ipykernel  # noqa: F401  (a test extra: never skipped)
    notebook = nbformat.read(str(NOTEBOOK), as_version=4)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(  # the kernel imports this checkout
        [str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    printed = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                printed.extend(output["text"].splitlines())
    assert "keras legacy_keras 1.2.2" in printed  # `import keras` in a later cell is legacy_keras
    assert "history ['acc', 'loss']" in printed
    assert "classes (4,)" in printed
    assert "this shell line is skipped by legacy-run" in printed  # the kernel runs IPython lines
    assert "cell magics are skipped by legacy-run" in printed
