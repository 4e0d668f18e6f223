"""legacy-migrate follows the conventions of ruff/black/pyupgrade/isort (issue 11 point 8).

--version, '-' for stdin/stdout, [tool.legacy-migrate] in pyproject.toml,
--select/--ignore, '# legacy-migrate: skip', --output-format, --exclude and
.gitignore, -o without --force, permissions, counts, plurals, the --py2 hint
and the pre-commit hooks run the way pre-commit runs them.
"""
from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.cli import main
from migrate.rules import RULE_NAMES

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # a dependency on Python 3.10

ROOT = Path(__file__).resolve().parents[1]
K1 = "from keras.layers.core import Dense\nmodel.add(Dense(8, input_dim=4))\n"
K3 = "from keras.layers import Dense\nmodel.add(Dense(8, input_shape=(4,)))\n"
K1_ONLY_IMPORTS = "from keras.layers import Dense\nmodel.add(Dense(8, input_dim=4))\n"
K1_ONLY_LAYERS = "from keras.layers.core import Dense\nmodel.add(Dense(8, input_shape=(4,)))\n"


def _cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "migrate.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, env=env)


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("legacy-migrate ") and len(out.split()) == 2


def test_stdin_to_stdout() -> None:
    done = _cli("-", stdin=K1)
    assert done.returncode == 0 and done.stdout == K3
    assert "1 file scanned, 1 changed" in done.stderr
    assert _cli("-", stdin="x = 1\n").stdout == "x = 1\n"  # nothing to do: the input as it was
    check = _cli("--check", "-", stdin=K1)
    assert check.returncode == 1 and check.stdout == ""
    diff = _cli("--diff", "-", stdin=K1)
    assert diff.returncode == 0 and "+model.add(Dense(8, input_shape=(4,)))" in diff.stdout
    bad = _cli("-", "--stdin-filename", "old.py", stdin="import keras\nprint 'x'\n")
    assert bad.returncode == 2 and bad.stdout == "" and "old.py: error: line 2" in bad.stderr


def test_stdin_notebook_by_filename() -> None:
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                     "source": K1.splitlines(keepends=True)}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    done = _cli("-", "--stdin-filename", "n.ipynb", stdin=json.dumps(nb, indent=1))
    assert done.returncode == 0
    assert "".join(json.loads(done.stdout)["cells"][0]["source"]) == K3


def test_stdin_cannot_mix_with_paths(tmp_path: Path, capsys) -> None:
    assert main(["-", str(tmp_path)]) == 2
    assert "cannot be mixed" in capsys.readouterr().err


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.legacy-migrate]\n{table}")
    (tmp_path / "src" / "deep").mkdir(parents=True)
    return tmp_path


CONV_TH = "from keras.layers import Convolution2D\nc = Convolution2D(8, 3, 3)\n"


def test_pyproject_found_by_walking_up(tmp_path: Path) -> None:
    project = _project(tmp_path, 'image-dim-ordering = "th"\nkeras-module = "tensorflow.keras"\n')
    f = project / "src" / "deep" / "conv.py"
    f.write_text(CONV_TH)
    assert main(["-q", str(f)]) == 0
    assert "data_format='channels_first'" in f.read_text()
    f.write_text(CONV_TH)
    assert main(["-q", "--image-dim-ordering", "tf", str(f)]) == 0  # the command line wins
    assert "channels_first" not in f.read_text()


def test_pyproject_select_ignore_exclude(tmp_path: Path) -> None:
    project = _project(tmp_path, 'select = ["imports", "layers"]\nignore = ["layers"]\n'
                                 'exclude = ["src/deep", "*_keep.py"]\n')
    (project / "src" / "a.py").write_text(K1)
    (project / "src" / "a_keep.py").write_text(K1)
    (project / "src" / "deep" / "b.py").write_text(K1)
    assert main(["-q", str(project / "src")]) == 0
    assert (project / "src" / "a.py").read_text() == K1_ONLY_IMPORTS
    assert (project / "src" / "a_keep.py").read_text() == K1
    assert (project / "src" / "deep" / "b.py").read_text() == K1
    # a file named on the command line is taken, unless --force-exclude (pre-commit)
    assert main(["-q", "--check", "--force-exclude", str(project / "src" / "a_keep.py")]) == 0
    assert main(["-q", "--check", str(project / "src" / "a_keep.py")]) == 1


@pytest.mark.parametrize("table, message", [
    ('exclued = ["x"]\n', "unknown key 'exclued'"),
    ('keras-module = "tf"\n', "keras-module = 'tf': expected one of"),
    ('select = ["nope"]\n', "unknown rule 'nope'"),
    ("exclude = 3\n", "exclude must be a list of strings"),
])
def test_bad_pyproject_is_one_line_error(tmp_path: Path, capsys, table: str, message: str) -> None:
    project = _project(tmp_path, table)
    f = project / "src" / "a.py"
    f.write_text(K1)
    assert main([str(f)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert f.read_text() == K1


def test_select_and_ignore_on_the_command_line(tmp_path: Path, capsys) -> None:
    f = tmp_path / "a.py"
    f.write_text(K1)
    assert main(["-q", "--select", "imports", str(f)]) == 0
    assert f.read_text() == K1_ONLY_IMPORTS
    f.write_text(K1)
    assert main(["-q", "--ignore", "imports", str(f)]) == 0
    assert f.read_text() == K1_ONLY_LAYERS
    f.write_text(K1)
    assert main(["-q", "--select", "imports,layers", "--ignore", "layers", str(f)]) == 0
    assert f.read_text() == K1_ONLY_IMPORTS
    assert main(["--select", "nope", str(f)]) == 2
    err = capsys.readouterr().err
    assert "unknown rule 'nope'" in err and all(name in err for name in RULE_NAMES)


def test_skip_comment_keeps_the_statement(tmp_path: Path) -> None:
    f = tmp_path / "a.py"
    f.write_text("from keras.layers.core import Dense\n"
                 "a = Dense(8, input_dim=4)  # legacy-migrate: skip\n"
                 "b = Dense(8,\n"
                 "          input_dim=4)  # legacy-migrate: skip\n"
                 "c = Dense(8, input_dim=4)\n"
                 "def build():  # legacy-migrate: skip\n"
                 "    return Dense(8, input_dim=4)\n"
                 "def other():\n"
                 "    x = Dense(8, input_dim=4)  # legacy-migrate: skip\n"
                 "    return Dense(8, input_dim=4)\n")
    assert main(["-q", str(f)]) == 0
    assert f.read_text() == ("from keras.layers import Dense\n"
                             "a = Dense(8, input_dim=4)  # legacy-migrate: skip\n"
                             "b = Dense(8,\n"
                             "          input_dim=4)  # legacy-migrate: skip\n"
                             "c = Dense(8, input_shape=(4,))\n"
                             "def build():  # legacy-migrate: skip\n"
                             "    return Dense(8, input_dim=4)\n"
                             "def other():\n"
                             "    x = Dense(8, input_dim=4)  # legacy-migrate: skip\n"
                             "    return Dense(8, input_shape=(4,))\n")


def test_skip_comment_on_an_import(tmp_path: Path) -> None:
    f = tmp_path / "a.py"
    f.write_text("from keras.layers.core import Dense  # legacy-migrate: skip\nd = Dense(8, input_dim=4)\n")
    assert main(["-q", str(f)]) == 0
    assert f.read_text() == ("from keras.layers.core import Dense  # legacy-migrate: skip\n"
                             "d = Dense(8, input_shape=(4,))\n")


def test_output_format_json(tmp_path: Path, capsys) -> None:
    f = tmp_path / "a.py"
    f.write_text(K1)
    assert main(["--check", "--output-format", "json", str(f)]) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert {"file": str(f), "line": 2, "rule": "layers", "before": "Dense(8, input_dim=4)",
            "after": "Dense(8, input_shape=(4,))"} in data["changes"]
    assert data["errors"] == [] and "would rewrite" not in captured.out


def test_output_format_github(tmp_path: Path, capsys) -> None:
    f = tmp_path / "a,b.py"
    f.write_text(K1 + "d = Dense(4, weights=[w])\n")
    bad = tmp_path / "old.py"
    bad.write_text("import keras\nprint 'x'\n")
    assert main(["--check", "-j", "1", "--output-format", "github", str(tmp_path)]) == 2
    lines = capsys.readouterr().out.splitlines()
    path = str(f).replace(",", "%2C")
    assert (f"::error file={path},line=2,title=legacy-migrate (layers)::would rewrite: Dense(8, input_dim=4) "
            "-> Dense(8, input_shape=(4,))") in lines
    assert any(line.startswith(f"::warning file={path},line=3,title=legacy-migrate (") and "weights=" in line
               for line in lines)
    assert any(line.startswith(f"::error file={bad},title=legacy-migrate::line 2: not valid Python 3")
               for line in lines)


def test_exclude_globs_and_gitignore(tmp_path: Path) -> None:
    (tmp_path / "gen").mkdir()
    (tmp_path / "keep").mkdir()
    for name in ("a.py", "gen/b.py", "keep/c.py", "keep/d_auto.py", "keep/e.py", "old.py"):
        (tmp_path / name).write_text(K1)
    (tmp_path / ".gitignore").write_text("# generated\ngen/\n*_auto.py\n")
    (tmp_path / "keep" / ".gitignore").write_text("*.py\n!e.py\n")
    assert main(["-q", "--exclude", "old.py", str(tmp_path)]) == 0
    assert (tmp_path / "a.py").read_text() == K3
    assert (tmp_path / "keep" / "e.py").read_text() == K3
    for name in ("gen/b.py", "keep/c.py", "keep/d_auto.py", "old.py"):
        assert (tmp_path / name).read_text() == K1, name
    assert main(["-q", "--no-gitignore", str(tmp_path / "gen")]) == 0
    assert (tmp_path / "gen" / "b.py").read_text() == K3


def test_output_dir_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.py").write_text(K1)
    (src / "plain.py").write_text("x = 1\n")
    out = tmp_path / "out"
    assert main(["-q", "-o", str(out), str(src)]) == 0
    (out / "a.py").write_text("edited by hand\n")
    assert main(["-q", "-o", str(out), str(src)]) == 2
    err = capsys.readouterr().err.strip()
    assert "already exist" in err and "--force" in err and len(err.splitlines()) == 1
    assert (out / "a.py").read_text() == "edited by hand\n"
    assert main(["-q", "-o", str(out), "--force", str(src)]) == 0
    assert (out / "a.py").read_text() == K3


def test_written_files_keep_permissions(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "run.py").write_text(K1)
    (src / "run.py").chmod(0o755)
    (src / "plain.py").write_text("x = 1\n")
    (src / "plain.py").chmod(0o640)
    out = tmp_path / "out"
    assert main(["-q", "-o", str(out), str(src)]) == 0
    assert (out / "run.py").stat().st_mode & 0o777 == 0o755
    assert (out / "plain.py").stat().st_mode & 0o777 == 0o640
    assert main(["-q", str(src)]) == 0  # in place: the mode stays
    assert (src / "run.py").read_text() == K3 and (src / "run.py").stat().st_mode & 0o777 == 0o755


def test_same_change_count_whatever_the_verbosity(tmp_path: Path, capsys) -> None:
    f = tmp_path / "b.py"
    f.write_text((ROOT / "fixtures" / "migrate" / "backend" / "backend_before.py").read_text())
    summaries = []
    for flags in ([], ["-v"], ["--report", str(tmp_path / "r.json")]):
        assert main(["--check", *flags, str(f)]) == 1
        summaries.append(next(line for line in capsys.readouterr().out.splitlines()
                              if line.startswith("legacy-migrate:")))
    assert summaries[0] == summaries[1] == summaries[2]
    report = json.loads((tmp_path / "r.json").read_text())
    assert f"{len(report['changes'])} change" in summaries[0]


def test_singular_and_py2_hint(tmp_path: Path, capsys) -> None:
    f = tmp_path / "old.py"
    f.write_text("import keras\nprint 'x'\n")
    assert main(["--check", str(f)]) == 2
    out = capsys.readouterr().out
    assert "legacy-migrate: 1 file scanned, 0 would change, 0 changes, 0 warnings, 1 error" in out
    assert "hint: 1 file looks like Python 2" in out and "--py2" in out
    f.write_text("import keras\nx = (\n")  # broken, but not Python 2: no hint
    assert main(["--check", str(f)]) == 2
    assert "hint:" not in capsys.readouterr().out


# ---------------------------------------------------------------------------
# .pre-commit-hooks.yaml, run the way pre-commit runs a `language: python` hook
# ---------------------------------------------------------------------------

def _hooks() -> dict[str, dict]:
    import yaml  # third-party reader of the file pre-commit reads
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return {hook["id"]: hook for hook in hooks}


def _run_hook(hook: dict, repo: Path, files: list[str]) -> subprocess.CompletedProcess[str]:
    """``entry`` split like a shell, then the hook's ``args``, then the file names, from the repo root.

    pre-commit installs the package, so ``entry``'s command is a console script of
    pyproject.toml's ``[project.scripts]``; it is run here as that script runs.
    """
    command, *entry_args = shlex.split(hook["entry"])
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, function = scripts[command].split(":")
    script = f"import sys; from {module} import {function}; sys.exit({function}())"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", script, *entry_args, *hook.get("args", []), *files],
                          cwd=repo, capture_output=True, text=True, env=env)


def test_pre_commit_hooks_as_pre_commit_runs_them(tmp_path: Path) -> None:
    hooks = _hooks()
    assert set(hooks) == {"legacy-migrate", "legacy-migrate-check"}
    for hook in hooks.values():
        assert hook["language"] == "python" and set(hook["types_or"]) == {"python", "jupyter"}
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.legacy-migrate]\nexclude = ["vendor"]\n')
    (tmp_path / "vendor").mkdir()
    (tmp_path / "train.py").write_text(K1)
    (tmp_path / "done.py").write_text(K3)
    (tmp_path / "vendor" / "lib.py").write_text(K1)
    files = ["train.py", "done.py", "vendor/lib.py"]
    check = _run_hook(hooks["legacy-migrate-check"], tmp_path, files)
    assert check.returncode == 1, check.stderr
    assert "would rewrite train.py" in check.stdout and "vendor" not in check.stdout
    assert (tmp_path / "train.py").read_text() == K1
    assert _run_hook(hooks["legacy-migrate-check"], tmp_path, ["done.py", "vendor/lib.py"]).returncode == 0
    fix = _run_hook(hooks["legacy-migrate"], tmp_path, files)
    assert fix.returncode == 0, fix.stderr
    assert (tmp_path / "train.py").read_text() == K3 and (tmp_path / "vendor" / "lib.py").read_text() == K1


@pytest.mark.parametrize("path, is_dir, expected", [
    ("/r/build", True, True), ("/r/a/build", True, None),          # anchored
    ("/r/x.log", False, True), ("/r/keep.log", False, False),      # negation: the last rule wins
    ("/r/docs/a/b/gen_1.py", False, True), ("/r/docs/gen_1.py", False, True),  # ** across components
    ("/r/q/tmp", True, True), ("/r/q/tmp", False, None),           # trailing / : directories only
    ("/r/sub/x.py", False, True), ("/r/a/sub/x.py", False, None),  # a / inside anchors too
    ("/r/#hash.py", False, True),                                  # escaped #
])
def test_gitignore_rules(path: str, is_dir: bool, expected: bool | None) -> None:
    from migrate.gitignore import _Rules

    rules = _Rules("/r", "# comment\n/build\n*.log\n!keep.log\ndocs/**/gen_*.py\n**/tmp/\nsub/x.py\n\\#hash.py\n")
    assert rules.match(path, is_dir) is expected
