"""``legacy-convert`` refuses bad input with one line on stderr, exit status 2, no output file.

Pure-h5py refusals run the real command in a subprocess (no TensorFlow import,
fast) so that "one line, no traceback" is checked on the actual stderr.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pytest

from conftest import FIXTURES, REPO

MODELS_DIR = FIXTURES / "keras1_models"


def run_cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "legacy_keras.saving.cli", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=180)


def assert_refused(result: subprocess.CompletedProcess, *needles: str, target=None) -> None:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("legacy-convert: error: ")
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    if target is not None:
        assert not os.path.exists(target)
        leftovers = [p for p in os.listdir(os.path.dirname(target)) if p.startswith(".")]
        assert not leftovers, leftovers


def run_in_process(capsys, *args: str) -> subprocess.CompletedProcess:
    """The CLI in this process (TensorFlow already imported: fast); same checks on stderr."""
    from legacy_keras.saving.cli import main
    code = main(list(args) + ["--no-verify"])  # verification has its own tests
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, captured.out, captured.err)


def test_random_bytes(tmp_path):
    source = tmp_path / "random.h5"
    source.write_bytes(np.random.RandomState(0).bytes(4096))
    target = tmp_path / "out.keras"
    assert_refused(run_cli(str(source), str(target)), "not an HDF5 file", target=str(target))


def test_text_file(tmp_path):
    source = tmp_path / "notes.h5"
    source.write_text("this is not a model\n")
    target = tmp_path / "out.keras"
    assert_refused(run_cli(str(source), str(target)), "not an HDF5 file", target=str(target))


def test_hdf5_that_is_not_keras(tmp_path):
    source = tmp_path / "data.h5"
    with h5py.File(source, "w") as f:
        f.create_dataset("x", data=np.arange(10))
    target = tmp_path / "out.keras"
    assert_refused(run_cli(str(source), str(target)), "without Keras model or weights",
                   target=str(target))


def test_truncated_file(tmp_path):
    data = (MODELS_DIR / "mlp.h5").read_bytes()
    source = tmp_path / "truncated.h5"
    source.write_bytes(data[: len(data) // 2])
    target = tmp_path / "out.keras"
    assert_refused(run_cli(str(source), str(target)), "truncated", target=str(target))


def test_missing_path(tmp_path):
    target = tmp_path / "out.keras"
    assert_refused(run_cli(str(tmp_path / "nope.h5"), str(target)), "no such file", target=str(target))


def test_keras2_file_needs_no_conversion(tmp_path):
    """A Keras 2 HDF5 file (root attrs keras_version 2.x and backend)."""
    source = tmp_path / "k2.h5"
    shutil.copy(MODELS_DIR / "mlp.h5", source)
    with h5py.File(source, "a") as f:
        f.attrs["keras_version"] = b"2.2.4"
        f.attrs["backend"] = b"tensorflow"
    target = tmp_path / "out.keras"
    assert_refused(run_cli(str(source), str(target)), "Keras 2.2.4", "needs no conversion",
                   target=str(target))


def test_keras3_files_need_no_conversion(tmp_path):
    import keras
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    for name in ("m.keras", "m.weights.h5", "m.h5"):
        path = tmp_path / name
        if name.endswith(".weights.h5"):
            model.save_weights(path)
        else:
            model.save(path)
        target = tmp_path / "out.keras"
        assert_refused(run_cli(str(path), str(target)), "needs no conversion", target=str(target))


def test_unknown_custom_layer_is_named(tmp_path, capsys):
    target = tmp_path / "out.keras"
    assert_refused(run_in_process(capsys, str(MODELS_DIR / "custom_layer.h5"), str(target)), "'Scale'",
                   "custom_objects", target=str(target))


def test_custom_objects_option_supplies_the_class(tmp_path, capsys, monkeypatch):
    (tmp_path / "my_layers.py").write_text(
        "import keras\n"
        "@keras.saving.register_keras_serializable(package='my_layers')\n"
        "class Scale(keras.layers.Layer):\n"
        "    def call(self, x):\n"
        "        return x * 2.0\n")
    target = tmp_path / "out.keras"
    monkeypatch.chdir(tmp_path)
    result = run_in_process(capsys, str(MODELS_DIR / "custom_layer.h5"), str(target),
                            "--custom-objects", "my_layers:Scale")
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_lambda_is_refused_with_the_way_out(tmp_path, capsys):
    target = tmp_path / "out.keras"
    result = run_in_process(capsys, str(MODELS_DIR / "lambda_model.h5"), str(target))
    assert_refused(result, "Lambda", "bytecode", "never executed", "custom_objects", target=str(target))


def test_shape_mismatch_names_layer_and_shapes(tmp_path, capsys):
    config = json.loads((MODELS_DIR / "mlp.json").read_text())
    config["config"][0]["config"]["output_dim"] = 7   # the file has 8 units
    arch = tmp_path / "arch.json"
    arch.write_text(json.dumps(config))
    target = tmp_path / "out.weights.h5"
    result = run_in_process(capsys, str(MODELS_DIR / "mlp_weights.h5"), str(target), "--arch", str(arch))
    assert_refused(result, "'dense_1'", "(5, 8)", "(5, 7)", target=str(target))


def test_weights_file_without_arch(tmp_path):
    target = tmp_path / "out.weights.h5"
    assert_refused(run_cli(str(MODELS_DIR / "mlp_weights.h5"), str(target)), "--arch",
                   target=str(target))


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "out.keras"
    target.write_bytes(b"keep me")
    assert_refused(run_cli(str(MODELS_DIR / "mlp.h5"), str(target)), "--force")
    assert target.read_bytes() == b"keep me"


def test_force_overwrites(tmp_path, capsys):
    target = tmp_path / "out.keras"
    target.write_bytes(b"old")
    result = run_in_process(capsys, str(MODELS_DIR / "bn_tf.h5"), str(target), "--force")
    assert result.returncode == 0, result.stderr
    assert target.read_bytes()[:2] == b"PK"


def test_bad_output_suffix(tmp_path):
    target = tmp_path / "out.h5"
    assert_refused(run_cli(str(MODELS_DIR / "mlp.h5"), str(target)), ".keras", target=str(target))


def test_info_is_pure_h5py_and_describes_the_file():
    code = ("import sys\nfrom legacy_keras.saving.cli import main\n"
            f"rc = main(['--info', {str(MODELS_DIR / 'th_convnet.h5')!r}])\n"
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'TF imported'\n"
            "sys.exit(rc)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=60)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Keras version:   1.2.2" in out
    assert "th" in out and "theano" in out
    assert "convolution2d_1_W (4, 2, 3, 3)" in out
    assert "training config: optimizer SGD" in out


def test_info_json_on_weights_file():
    result = run_cli("--info", str(MODELS_DIR / "nested_weights.h5"), "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["kind"] == "weights"
    tower = [layer for layer in info["layers"] if layer["name"] == "tower"][0]
    assert [w["name"] for w in tower["weights"]][:2] == ["dense_20_W", "dense_20_b"]


def test_info_refuses_bad_file(tmp_path):
    source = tmp_path / "x.h5"
    source.write_text("hello")
    result = run_cli("--info", str(source))
    assert_refused(result, "not an HDF5 file")


def test_python_api_errors_are_keras1_file_errors(tmp_path):
    from legacy_keras.saving import Keras1FileError, is_keras1_file, load_keras1_model
    source = tmp_path / "x.h5"
    source.write_text("hello")
    assert not is_keras1_file(source)
    assert is_keras1_file(MODELS_DIR / "mlp.h5") and is_keras1_file(MODELS_DIR / "mlp_weights.h5")
    with pytest.raises(Keras1FileError, match="not an HDF5 file"):
        load_keras1_model(str(source))
    with pytest.raises(Keras1FileError, match="Lambda"):
        load_keras1_model(str(MODELS_DIR / "lambda_model.h5"))


@pytest.mark.slow
def test_refusal_after_tensorflow_import_is_one_line_on_the_real_stderr(tmp_path):
    """TensorFlow's native start-up logging must not add lines to a refusal (real process)."""
    target = tmp_path / "out.keras"
    result = run_cli(str(MODELS_DIR / "lambda_model.h5"), str(target))
    assert_refused(result, "Lambda", "custom_objects", target=str(target))
