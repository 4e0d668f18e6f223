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


STARTUP_NOTICES = ("oneDNN custom operations", "Could not find cuda drivers", "cuInit",
                   "absl::InitializeLog", "rebuild TensorFlow")


def test_quiet_start_hides_tensorflow_startup_lines_but_not_warnings_or_errors(tmp_path):
    write(tmp_path / "script.py", """
        import warnings
        import numpy as np
        from keras.models import Sequential
        from keras.layers.core import Dense
        model = Sequential([Dense(2, input_dim=3)])
        model.compile(loss="mse", optimizer="sgd")
        model.train_on_batch(np.zeros((2, 3)), np.zeros((2, 2)))
        warnings.warn("a warning of the script")
        raise RuntimeError("a real error")
    """)
    result = legacy_run("script.py", cwd=tmp_path)
    assert result.returncode == 1
    for notice in STARTUP_NOTICES:
        assert notice not in result.stderr, result.stderr
    assert "UserWarning: a warning of the script" in result.stderr
    assert "RuntimeError: a real error" in result.stderr

    verbose = legacy_run("script.py", cwd=tmp_path, env_extra={"LEGACY_KERAS_VERBOSE": "1"})
    assert "oneDNN custom operations" in verbose.stderr
    assert "RuntimeError: a real error" in verbose.stderr


def test_startup_filter_drops_only_the_known_notices(capfd):
    from legacy_keras import _startup

    def noisy():
        os.write(2, b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n")
        os.write(2, b"I0000 00:00:1796134270.002216   19527 port.cc:153] oneDNN custom operations are on.\n")
        os.write(2, b"E0000 00:00:1796134275.357615   19684 cuda_platform.cc:52] failed call to cuInit: x\n")
        os.write(2, b"E0000 00:00:1796134275.357615   19684 some_kernel.cc:52] a real C++ error\n")
        print("python warning line", file=sys.stderr)
        return 7

    assert _startup.filtered_stderr(noisy) == 7
    err = capfd.readouterr().err
    assert "a real C++ error" in err and "python warning line" in err
    assert "oneDNN" not in err and "cuInit" not in err and "absl::InitializeLog" not in err


def test_version_names_package_keras_api_keras3_and_tensorflow(tmp_path):
    result = legacy_run("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    import keras
    import legacy_keras
    line = result.stdout.strip()
    assert line.count("\n") == 0
    assert line.startswith(f"legacy-run (legacy-keras {legacy_keras.package_version})")
    assert f"Keras {legacy_keras.__version__} API" in line
    assert f"Keras {keras.__version__}" in line and "TensorFlow 2." in line


def test_unknown_option_and_bad_strategy_are_one_line_errors(tmp_path):
    write(tmp_path / "script.py", "print('ran')\n")
    result = legacy_run("--frobnicate", "script.py", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0
    assert "--frobnicate" in result.stderr
    result = legacy_run("--strategy", "bogus", "script.py", cwd=tmp_path)
    assert result.returncode == 2 and "ran" not in result.stdout
    assert result.stderr.strip().splitlines()[-1].startswith("legacy-run: --strategy 'bogus'")
    result = legacy_run("--strategy", "multi-worker", "script.py", cwd=tmp_path,
                        env_extra={"TF_CONFIG": ""})
    assert result.returncode == 2 and "TF_CONFIG" in result.stderr


def test_removed_numpy_aliases_and_sklearn_modules_under_legacy_run_only(tmp_path):
    import sklearn  # noqa: F401  (a test extra: never skipped)
    write(tmp_path / "old_eco.py", """
        import numpy as np
        from sklearn.grid_search import GridSearchCV
        from sklearn.cross_validation import train_test_split
        import sklearn.model_selection as ms
        print("float", np.float is float, np.zeros(2, dtype=np.float).dtype)
        print("int", np.int is int, np.object is object, np.str is str, bool(np.bool(1)))
        print("again", np.float is float)
        print("sklearn", GridSearchCV is ms.GridSearchCV, train_test_split is ms.train_test_split)
    """)
    result = legacy_run("old_eco.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["float"] == "True float64"
    assert lines["int"] == "True True True True"
    assert lines["sklearn"] == "True True"
    notes = [line for line in result.stderr.splitlines() if line.startswith("legacy-run: ")]
    assert sum("np.float " in note for note in notes) == 1  # once, not on every use
    for name in ("np.int ", "np.object ", "np.str ", "sklearn.grid_search ", "sklearn.cross_validation "):
        assert sum(name in note for note in notes) == 1, (name, notes)

    plain = subprocess.run([sys.executable, "-c", "import legacy_keras.layers, numpy as np; np.float"],
                           capture_output=True, text=True, timeout=120)
    assert plain.returncode != 0 and "AttributeError" in plain.stderr
    plain = subprocess.run([sys.executable, "-c", "import sklearn.grid_search"],
                           capture_output=True, text=True, timeout=120)
    assert plain.returncode != 0 and "ModuleNotFoundError" in plain.stderr


def test_keras1_keras_json_is_read_and_keras3_agrees(tmp_path):
    """A Keras 1 keras.json ('th', "backend": "theano") must not stop Keras 3 from importing (13.2)."""
    home = tmp_path / "keras_home"
    home.mkdir()
    (home / "keras.json").write_text('{"image_dim_ordering": "th", "epsilon": 1e-07, '
                                     '"floatx": "float32", "backend": "theano"}')
    write(tmp_path / "dims.py", """
        from keras import backend as K
        from keras.layers.convolutional import Convolution2D
        from keras.models import Sequential
        import tensorflow as tf
        model = Sequential([Convolution2D(2, 3, 3, input_shape=(1, 8, 8))])
        print("ordering", K.image_dim_ordering())
        print("shape", model.output_shape)
        print("keras3", tf.keras.config.image_data_format(), tf.keras.backend.backend())
    """)
    result = legacy_run("dims.py", cwd=tmp_path, env_extra={"KERAS_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["ordering"] == "th"
    assert lines["shape"] == "(None, 2, 6, 6)"
    assert lines["keras3"] == "channels_first tensorflow"
    assert result.stderr.count("backend 'theano' was requested") == 1
