"""``legacy-convert OLD.h5 OUT --format saved_model|tflite|onnx`` through Keras 3's ``Model.export``."""
from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras
import tensorflow as tf

from legacy_keras.saving.cli import main  # noqa: E402

MODELS_DIR = FIXTURES / "keras1_models"


def test_saved_model_export_is_checked_and_predicts_like_keras1(tmp_path, capsys):
    target = tmp_path / "mlp_savedmodel"
    assert main([str(MODELS_DIR / "mlp.h5"), str(target), "--format", "saved_model", "--no-verify"]) == 0
    assert "export checked: max abs error" in capsys.readouterr().out
    data = np.load(MODELS_DIR / "mlp.npz")
    loaded = tf.saved_model.load(str(target))   # keep it referenced while serving
    served = loaded.serve(tf.constant(data["x0"]))
    assert_keras1_close(np.asarray(served), data["y0"])
    assert [p.name for p in tmp_path.iterdir()] == ["mlp_savedmodel"]


def test_tflite_export_of_a_channels_last_convnet(tmp_path, capsys):
    target = tmp_path / "bn_th.tflite"
    assert main([str(MODELS_DIR / "bn_th.h5"), str(target), "--format", "tflite", "--channels-last",
                 "--no-verify"]) == 0
    assert "export checked" in capsys.readouterr().out
    data = np.load(MODELS_DIR / "bn_th.npz")
    interpreter = tf.lite.Interpreter(model_path=str(target))
    x = np.ascontiguousarray(data["x0"].transpose(0, 2, 3, 1))
    interpreter.resize_tensor_input(interpreter.get_input_details()[0]["index"], x.shape)
    interpreter.allocate_tensors()
    interpreter.set_tensor(interpreter.get_input_details()[0]["index"], x)
    interpreter.invoke()
    assert_keras1_close(interpreter.get_tensor(interpreter.get_output_details()[0]["index"]), data["y0"])


@pytest.mark.skipif(all(importlib.util.find_spec(n) for n in ("onnx", "tf2onnx", "onnxruntime")),
                    reason="the ONNX packages are installed here")
def test_onnx_without_its_packages_is_one_clear_line(tmp_path, capsys):
    target = tmp_path / "mlp.onnx"
    assert main([str(MODELS_DIR / "mlp.h5"), str(target), "--format", "onnx"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--format onnx needs the packages" in err[0]
    assert not target.exists()


def test_tflite_target_must_be_a_tflite_file(tmp_path, capsys):
    assert main([str(MODELS_DIR / "mlp.h5"), str(tmp_path / "out"), "--format", "tflite"]) == 2
    assert "'.tflite'" in capsys.readouterr().err
