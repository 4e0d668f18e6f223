"""``legacy-run``: user code gets legacy_keras for ``keras``, libraries keep Keras 3."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from legacy_keras import run as runner


def legacy_run(*args: str, cwd: Path, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(Path(__file__).parents[1]))
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "legacy_keras", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def write(path: Path, source: str) -> Path:
    path.write_text(textwrap.dedent(source))
    return path


def test_keras_imports_in_user_code_resolve_to_legacy_keras_and_tf_keeps_keras3(tmp_path):
    write(tmp_path / "helper_mod.py", """
        import keras.layers.core
        LAYERS_MODULE = keras.layers.core.__name__
    """)
    write(tmp_path / "script.py", """
        import sys
        import keras
        from keras.layers.core import Dense
        from keras.engine import topology
        import keras.layers.convolutional as conv
        import helper_mod
        import tensorflow as tf
        print("keras", keras.__name__, keras.__version__)
        print("dense", Dense.__module__)
        print("topology", topology.__name__)
        print("conv", conv.__name__)
        print("helper", helper_mod.LAYERS_MODULE)
        print("real", sys.modules["keras"].__version__.split(".")[0])
        print("tf.keras", tf.keras.layers.Dense.__module__.split(".")[0])
        print("argv", sys.argv[1:])
        print("main", __name__)
    """)
    result = legacy_run("script.py", "a", "--b", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["keras"] == "legacy_keras 1.2.2"
    assert lines["dense"].startswith("legacy_keras.layers")
    assert lines["topology"] == "legacy_keras.engine.topology"
    assert lines["conv"] == "legacy_keras.layers.convolutional"
    assert lines["helper"] == "legacy_keras.layers.core"
    assert lines["real"] == "3"  # sys.modules['keras'] is still Keras 3
    assert lines["tf.keras"] == "keras"  # TensorFlow's tf.keras is untouched
    assert lines["argv"] == "['a', '--b']"
    assert lines["main"] == "__main__"


def test_exit_status_and_traceback_behave_like_python(tmp_path):
    write(tmp_path / "exits.py", "import sys\nsys.exit(3)\n")
    assert legacy_run("exits.py", cwd=tmp_path).returncode == 3

    write(tmp_path / "fails.py", "def broken():\n    raise ValueError('boom 42')\nbroken()\n")
    result = legacy_run("fails.py", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert 'fails.py", line 2, in broken' in result.stderr
    assert "ValueError: boom 42" in result.stderr
    assert "runpy" not in result.stderr and "legacy_keras/run.py" not in result.stderr


def test_missing_script_is_a_one_line_error(tmp_path):
    result = legacy_run("nope.py", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "nope.py" in result.stderr


def test_dash_m_runs_a_module_and_pytest_for_a_keras1_project(tmp_path):
    package = tmp_path / "proj"
    package.mkdir()
    write(package / "__init__.py", "")
    write(package / "cli.py", """
        import sys
        import keras
        print(keras.__name__, sys.argv[1:])
    """)
    result = legacy_run("-m", "proj.cli", "x", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "legacy_keras ['x']"

    tests = tmp_path / "tests"
    tests.mkdir()
    write(tests / "test_old.py", """
        import keras
        from keras.layers import core

        def test_keras_is_keras1():
            assert keras.__version__ == "1.2.2"
            assert core.__name__ == "legacy_keras.layers.core"
    """)
    result = legacy_run("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_usage_without_arguments():
    assert runner.main([]) == 2


@pytest.mark.parametrize("importer, redirected", [
    ({"__name__": "__main__"}, True),
    ({"__name__": "mymodel", "__file__": "/home/me/project/mymodel.py"}, True),
    ({"__name__": "tensorflow.python.keras", "__file__": "/x/tensorflow/python/keras.py"}, False),
    ({"__name__": "keras.src.layers", "__file__": "/x/keras/src/layers.py"}, False),
    ({"__name__": "legacy_keras.layers", "__file__": "/repo/legacy_keras/layers.py"}, False),
])
def test_only_user_code_is_redirected(importer, redirected):
    assert runner._is_user_code(importer) is redirected
