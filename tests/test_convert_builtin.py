"""Converted fixture models load with plain Keras 3 (legacy_keras cannot be imported) and match Keras 1.

Every genuine Keras 1.2.2 model of ``fixtures/keras1_models/`` is converted to
``.keras``; all of them are then loaded in ONE fresh process in which importing
``legacy_keras`` raises, and their predictions are compared with the oracle's
outputs (``NAME.npz``) to 1e-5.  The models that cannot be plain Keras 3 are
listed exactly, with the reason.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras

from legacy_keras.saving import verify as verification  # noqa: E402
from legacy_keras.saving.builtin_plan import config_plan  # noqa: E402
from legacy_keras.saving.writer import convert  # noqa: E402

MODELS_DIR = FIXTURES / "keras1_models"
MANIFEST = json.loads((MODELS_DIR / "manifest.json").read_text())
MODELS = sorted(name for name in MANIFEST if not name.startswith("_"))

#: Models whose converted file cannot be built-in Keras 3 only, and why (asserted exactly).
NOT_PLAIN = {
    "custom_layer": ("scale_1", "Scale", "a custom layer class"),
    "lambda_model": ("lambda_1", "Lambda", "a Lambda holds Python code"),
}

_MODULE = '''
import keras

@keras.saving.register_keras_serializable(package="fixture_objects")
class Scale(keras.layers.Layer):
    def call(self, x):
        return x * 2.0

@keras.saving.register_keras_serializable(package="fixture_objects")
def double(x):
    return x * 2.0

OBJECTS = {"Scale": Scale, "lambda_1": double}
'''


def _oracle(name: str):
    data = np.load(MODELS_DIR / f"{name}.npz")
    xs = [data[k] for k in sorted(data.files) if k.startswith("x")]
    ys = [data[k] for k in sorted(data.files) if k.startswith("y")]
    return xs, ys


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Convert every fixture once (no per-file verification: one fresh process checks them all)."""
    import importlib
    import sys
    scratch = tmp_path_factory.mktemp("builtin")
    (scratch / "fixture_objects.py").write_text(_MODULE)
    sys.path.insert(0, str(scratch))
    try:
        objects = importlib.import_module("fixture_objects").OBJECTS
    finally:
        sys.path.pop(0)
    reports = {}
    for name in MODELS:
        custom = objects if name in NOT_PLAIN else None
        reports[name] = convert(str(MODELS_DIR / f"{name}.h5"), str(scratch / f"{name}.keras"),
                                custom_objects=custom, source_backend=MANIFEST[name]["trained_on"])
    return scratch, reports


def test_exactly_the_expected_models_keep_non_builtin_layers(converted):
    _, reports = converted
    kept = {name: report.kept for name, report in reports.items() if report.kept}
    assert set(kept) == set(NOT_PLAIN)
    for name, (layer, class_name, reason) in NOT_PLAIN.items():
        assert len(kept[name]) == 1
        assert kept[name][0][:2] == (layer, class_name)
        assert kept[name][0][2].startswith(reason)
    for name, report in reports.items():
        if name not in NOT_PLAIN:
            assert not report.legacy_classes, (name, report.legacy_classes)


def test_every_converted_model_loads_without_legacy_keras_and_matches_keras1(converted):
    scratch, reports = converted
    plain = [name for name in MODELS if name not in NOT_PLAIN]
    jobs = []
    for name in plain:
        xs, _ = _oracle(name)
        np.savez(scratch / f"{name}_in.npz", **{f"x{i}": x for i, x in enumerate(xs)})
        jobs.append(verification.job(str(scratch / f"{name}.keras"), str(scratch / f"{name}_in.npz"),
                                     str(scratch / f"{name}_out.npz")))
    answers = verification.run_fresh(jobs)
    failures = {name: answer["error"] for name, answer in zip(plain, answers) if not answer["ok"]}
    assert not failures
    for name in plain:
        _, ys = _oracle(name)
        data = np.load(scratch / f"{name}_out.npz")
        outs = [data[f"y{i}"] for i in range(len(data.files))]
        assert len(outs) == len(ys), name
        for out, expected in zip(outs, ys):
            assert_keras1_close(out, expected)


def test_blocked_process_really_blocks_legacy_keras(converted, tmp_path):
    """A file that needs legacy_keras fails to load in the verification process."""
    target = tmp_path / "legacy.keras"
    convert(str(MODELS_DIR / "mlp.h5"), str(target), builtin=False)
    xs, _ = _oracle("mlp")
    np.savez(tmp_path / "in.npz", x0=xs[0])
    answer = verification.run_fresh([verification.job(str(target), str(tmp_path / "in.npz"),
                                                      str(tmp_path / "out.npz"))])[0]
    assert not answer["ok"] and "hard_sigmoid" in answer["error"]


def test_custom_and_lambda_models_load_with_their_own_objects_only(converted):
    """Neither needs legacy_keras: the custom class comes from the user's module, the Lambda is Keras 3's."""
    scratch, _ = converted
    jobs = []
    for name in NOT_PLAIN:
        xs, _ = _oracle(name)
        np.savez(scratch / f"{name}_in.npz", **{f"x{i}": x for i, x in enumerate(xs)})
        job = verification.job(str(scratch / f"{name}.keras"), str(scratch / f"{name}_in.npz"),
                               str(scratch / f"{name}_out.npz"),
                               custom_objects=["fixture_objects:OBJECTS"], unsafe=True)
        job["cwd"] = str(scratch)
        jobs.append(job)
    for name, answer in zip(NOT_PLAIN, verification.run_fresh(jobs)):
        assert answer["ok"], answer
        data = np.load(scratch / f"{name}_out.npz")
        assert_keras1_close(data["y0"], _oracle(name)[1][0])


def test_keras1_hard_sigmoid_equals_keras3_of_scaled_input_in_float32():
    """clip(0.2 z + 0.5, 0, 1) vs Keras 3 hard_sigmoid(1.2 z): float32 error <= 1e-6."""
    from legacy_keras.activations import hard_sigmoid as keras1
    z = np.linspace(-4, 4, 100001, dtype=np.float32)
    ours = keras.ops.convert_to_numpy(keras.activations.hard_sigmoid(z * np.float32(1.2)))
    theirs = keras.ops.convert_to_numpy(keras1(z))
    assert np.max(np.abs(ours - theirs)) <= 1e-6


def test_merge_cos_keeps_keras1_shape():
    """cos gives (batch, 1, 1) like Keras 1; built with Dot(normalize=True)."""
    from legacy_keras.layers import Merge
    from legacy_keras.saving.builtin import rewrite
    a, b = keras.Input((4,)), keras.Input((4,))
    model = keras.Model([a, b], Merge(mode="cos")([a, b]))
    new = rewrite(model).model
    x = [np.random.default_rng(0).standard_normal((3, 4)).astype("float32") for _ in range(2)]
    expected = model.predict(x, verbose=0)
    got = new.predict(x, verbose=0)
    assert got.shape == expected.shape == (3, 1, 1)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    assert {type(layer).__name__ for layer in new.layers} <= {"InputLayer", "Dot", "Reshape"}


def test_info_plan_names_the_rewrites():
    config = json.loads((MODELS_DIR / "advanced.json").read_text())
    rewrites, kept = config_plan(config, theano=False)
    assert any("Highway" in line and "Dense" in line for line in rewrites)
    assert any("MaxoutDense" in line and "GlobalMaxPooling1D" in line for line in rewrites)
    assert not kept
    rewrites, kept = config_plan(json.loads((MODELS_DIR / "lambda_model.json").read_text()), False)
    assert any("Lambda" in line for line in kept)


def _regularized_mlp(tmp_path):
    """mlp.json with Keras 1 regularizers and constraints (they never change predictions)."""
    config = json.loads((MODELS_DIR / "mlp.json").read_text())
    first = config["config"][0]["config"]
    first["W_regularizer"] = {"name": "WeightRegularizer", "l1": 0.0, "l2": 0.01}
    first["b_regularizer"] = {"name": "L1L2Regularizer", "l1": 0.1, "l2": 0.0}
    first["activity_regularizer"] = {"name": "ActivityRegularizer", "l1": 0.0, "l2": 0.5}
    first["W_constraint"] = {"name": "MaxNorm", "m": 2, "axis": 0}
    first["b_constraint"] = {"name": "NonNeg"}
    arch = tmp_path / "regularized.json"
    arch.write_text(json.dumps(config))
    return arch


def test_same_formula_regularizers_and_constraints_become_keras3_objects(tmp_path):
    import zipfile
    arch = _regularized_mlp(tmp_path)
    target = tmp_path / "regularized.keras"
    report = convert(str(MODELS_DIR / "mlp_weights.h5"), str(target), arch=str(arch), verify=True)
    assert report.verification.plain and not report.kept
    assert any("activity regularizer" in note and "dropped" in note for note in report.notes)
    with zipfile.ZipFile(target) as archive:
        layers = json.loads(archive.read("config.json"))["config"]["layers"]
    dense = next(layer["config"] for layer in layers if layer["config"].get("name") == "dense_1")
    assert dense["kernel_regularizer"]["class_name"] == "L1L2"
    assert dense["kernel_regularizer"]["config"]["l2"] == pytest.approx(0.01)
    assert dense["bias_regularizer"]["config"]["l1"] == pytest.approx(0.1)
    assert dense["kernel_constraint"]["class_name"] == "MaxNorm"
    assert dense["kernel_constraint"]["config"] == {"max_value": 2, "axis": 0}
    assert dense["bias_constraint"]["class_name"] == "NonNeg"
    assert dense.get("activity_regularizer") is None


def test_with_training_config_keeps_the_other_regularizers(tmp_path):
    arch = _regularized_mlp(tmp_path)
    target = tmp_path / "regularized.keras"
    report = convert(str(MODELS_DIR / "mlp_weights.h5"), str(target), arch=str(arch),
                     training_config=True)
    assert [kept[:2] for kept in report.kept] == [("dense_1", "Dense")]
    assert "--with-training-config" in report.kept[0][2]
