"""legacy-migrate as a command: modes, exit status, report, encodings, notebooks, safety."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.cli import main

K1 = "from keras.layers.core import Dense\nmodel.add(Dense(8, input_dim=4))\n"
K3 = "from keras.layers import Dense\nmodel.add(Dense(8, input_shape=(4,)))\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text(K1)
    (tmp_path / "pkg" / "sub" / "b.py").write_text(K1)
    (tmp_path / "pkg" / "plain.py").write_text("x = 1\n")
    return tmp_path


def test_in_place_then_idempotent(tree: Path, capsys) -> None:
    assert main(["-j", "1", str(tree / "pkg")]) == 0
    assert (tree / "pkg" / "a.py").read_text() == K3
    assert (tree / "pkg" / "sub" / "b.py").read_text() == K3
    out = capsys.readouterr().out
    assert "3 files scanned, 2 changed" in out and "layers" in out
    assert main(["--check", str(tree / "pkg")]) == 0


def test_check_and_diff_write_nothing(tree: Path, capsys) -> None:
    assert main(["--check", str(tree / "pkg")]) == 1
    assert main(["--diff", str(tree / "pkg")]) == 0
    out = capsys.readouterr().out
    assert "-model.add(Dense(8, input_dim=4))" in out and "+model.add(Dense(8, input_shape=(4,)))" in out
    assert (tree / "pkg" / "a.py").read_text() == K1


def test_output_dir_mirrors_tree(tree: Path) -> None:
    out = tree / "out"
    assert main(["-q", "-o", str(out), str(tree / "pkg")]) == 0
    assert (out / "sub" / "b.py").read_text() == K3
    assert (out / "plain.py").read_text() == "x = 1\n"
    assert (tree / "pkg" / "a.py").read_text() == K1


def test_report_lists_changes_and_warnings(tree: Path) -> None:
    (tree / "pkg" / "w.py").write_text("from keras.layers import Dense\nd = Dense(4, weights=[w])\n")
    report = tree / "r.json"
    assert main(["-q", "--report", str(report), "--check", str(tree / "pkg")]) == 1
    data = json.loads(report.read_text())
    change = next(c for c in data["changes"] if c["file"].endswith("a.py"))
    assert change == {"file": str(tree / "pkg" / "a.py"), "line": 2, "rule": "layers",
                      "before": "Dense(8, input_dim=4)", "after": "Dense(8, input_shape=(4,))"} or \
        change["rule"] == "imports"
    assert any(w["file"].endswith("w.py") and w["line"] == 2 and "weights=" in w["message"]
               for w in data["warnings"])


def test_invalid_python3_reported_and_untouched(tree: Path, capsys) -> None:
    bad = tree / "pkg" / "py2.py"
    bad.write_text("import keras\nprint 'hello'\n")
    assert main(["-j", "1", str(tree / "pkg")]) == 2
    err = capsys.readouterr().err
    assert "py2.py: error: line 2: not valid Python 3" in err and "--py2" in err
    assert bad.read_text() == "import keras\nprint 'hello'\n"
    assert (tree / "pkg" / "a.py").read_text() == K3  # the run went on


def test_invalid_python3_without_keras_also_reported(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "util.py"
    bad.write_text("x = 1\nexec 'code'\n")
    assert main(["--check", str(tmp_path)]) == 2
    assert "util.py: error: line 2: not valid Python 3" in capsys.readouterr().err


def test_py2_mode_applies_2to3_first(tmp_path: Path) -> None:
    f = tmp_path / "old.py"
    f.write_text("from keras.layers import Dense\nprint 'hello'\nd = Dense(3, input_dim=2)\n")
    assert main(["-q", "--py2", str(f)]) == 0
    assert f.read_text() == "from keras.layers import Dense\nprint('hello')\nd = Dense(3, input_shape=(2,))\n"


def test_encoding_bom_crlf_preserved(tmp_path: Path) -> None:
    latin = tmp_path / "latin.py"
    latin.write_bytes(b"# -*- coding: latin-1 -*-\r\nfrom keras.layers.core import Dense\r\nname = '\xe9'\r\n")
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbffrom keras.layers.core import Dense\nname = '\xc3\xa9'\n")
    assert main(["-q", "-j", "1", str(tmp_path)]) == 0
    assert latin.read_bytes() == b"# -*- coding: latin-1 -*-\r\nfrom keras.layers import Dense\r\nname = '\xe9'\r\n"
    assert bom.read_bytes() == b"\xef\xbb\xbffrom keras.layers import Dense\nname = '\xc3\xa9'\n"


def test_read_only_file_reported(tmp_path: Path, capsys, monkeypatch) -> None:
    f = tmp_path / "ro.py"
    f.write_text(K1)
    f.chmod(0o444)
    if os.geteuid() == 0:  # root may write anything: make the permission check see a read-only file
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, m: False if str(p) == str(f) else real_access(p, m))
    assert main(["-j", "1", str(f)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert f.read_text() == K1


def test_unreadable_and_missing_paths(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path / "nope.py")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_notebook_code_cells_only(tmp_path: Path) -> None:
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["Dense(8, input_dim=4) in markdown\n"]},
        {"cell_type": "code", "execution_count": 1, "metadata": {"tags": ["x"]}, "outputs": [],
         "source": ["from keras.layers.core import Dense\n"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
         "source": ["layer = Dense(8, input_dim=4)\n", "print(layer)"]},
    ], "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    f = tmp_path / "n.ipynb"
    f.write_text(json.dumps(nb, indent=1) + "\n")
    assert main(["-q", str(f)]) == 0
    new = json.loads(f.read_text())
    assert new["cells"][0] == nb["cells"][0]
    assert new["cells"][1]["source"] == ["from keras.layers import Dense\n"]
    assert new["cells"][2]["source"] == ["layer = Dense(8, input_shape=(4,))\n", "print(layer)"]
    assert new["cells"][1]["metadata"] == {"tags": ["x"]} and new["metadata"] == nb["metadata"]
    assert main(["--check", str(f)]) == 0


def test_parallel_jobs_same_result(tree: Path) -> None:
    for i in range(6):
        (tree / "pkg" / f"m{i}.py").write_text(K1)
    assert main(["-q", "-j", "2", str(tree / "pkg")]) == 0
    assert all((tree / "pkg" / f"m{i}.py").read_text() == K3 for i in range(6))


def test_cli_never_imports_tensorflow(tree: Path) -> None:
    code = ("import sys, migrate.cli\n"
            f"rc = migrate.cli.main(['-q', '-j', '1', {str(tree / 'pkg')!r}])\n"
            "assert rc == 0, rc\n"
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"
    assert (tree / "pkg" / "a.py").read_text() == K3


def test_pre_commit_hook_declared() -> None:
    text = (Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text()
    assert "id: legacy-migrate" in text and "entry: legacy-migrate" in text


def test_seed_scripts_migrate_idempotently(tmp_path: Path) -> None:
    """The project's Keras 1 seed scripts: migrated once, a second run finds nothing to do."""
    seeds = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
    out = tmp_path / "out"
    assert main(["-q", "-j", "1", "--image-dim-ordering", "th", "-o", str(out), str(seeds)]) == 0
    migrated = sorted(out.glob("seed*.py"))
    assert len(migrated) >= 10
    assert any("keras1_hard_sigmoid" in p.read_text() for p in migrated)
    assert main(["-q", "--check", "-j", "1", "--image-dim-ordering", "th", str(out)]) == 0
