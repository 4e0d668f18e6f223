"""Every Keras 1 example of the seed notes runs unchanged under ``legacy-run``
and computes what Keras 1.2.2 computed.

The scripts live in ``fixtures/seeds/`` (see its README); they run in one
``python -m legacy_keras`` process with a keras.json that says
``image_dim_ordering: th``, as their authors' machines did.  The driver
(``fixtures/seeds/_run_all.py``) records what each script left behind: its
models, Histories, arrays and evaluate results.  The same driver ran the same
scripts in the genuine Keras 1.2.2 (``fixtures/oracle/make_seeds.py``); for
every script that ran there, the models' output shapes, parameter counts and
``metrics_names``, the History keys and epoch counts, the prediction shapes
and evaluate lengths must be Keras 1's.  Numbers that depend on random draws
(losses, predictions) are checked for what they must be whatever the draw:
finite, decreasing where the script trains long enough on learnable data,
inside the output activation's range.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from conftest import FIXTURES, REPO

SEEDS = FIXTURES / "seeds"
SCRIPTS = sorted(p.name for p in SEEDS.glob("seed*.py"))
ORACLE = json.loads((FIXTURES / "oracle" / "seeds" / "keras1.json").read_text())["scripts"]

#: (script, History variable): trained for several epochs on data a model can fit,
#: so the training loss must go down (first epoch > last epoch).
DECREASING = {
    ("seed001_05_training_examples.py", "history"),
    ("seed001_10_functional_api.py", "history"),
    ("seed004_keras2_names.py", "history"),
}

#: (script, array variable) -> inclusive (low, high) bounds the values must respect:
#: softmax/sigmoid outputs are probabilities, predict_classes indexes the classes.
RANGES = {
    ("seed001_01_getting_started.py", "proba"): (0.0, 1.0),
    ("seed001_01_getting_started.py", "classes"): (0, 9),  # Dense(10) softmax
    ("seed001_13_inception_residual_vision.py", "pred"): (0.0, 1.0),
    ("seed004_keras2_names.py", "classes"): (0.0, 1.0),  # model.predict of a softmax
}


@pytest.fixture(scope="module")
def seed_results(tmp_path_factory) -> dict[str, dict]:
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


def _observed(seed_results: dict, script: str) -> dict:
    entry = seed_results.get(script)
    assert entry is not None, f"{script} did not run"
    assert entry["status"] == "ok", entry["status"]
    assert "error" not in entry["observed"], entry["observed"]
    return entry["observed"]


def test_every_seed_script_is_collected():
    assert len(SCRIPTS) >= 18
    assert set(ORACLE) == set(SCRIPTS), "rerun fixtures/oracle/make_seeds.py for new seed scripts"


@pytest.mark.parametrize("script", SCRIPTS)
def test_seed_example_runs_under_legacy_run(seed_results, script):
    _observed(seed_results, script)


@pytest.mark.parametrize("script", [s for s in SCRIPTS if ORACLE.get(s, {}).get("status") == "ok"])
def test_seed_computes_what_keras1_computed(seed_results, script):
    seen, keras1 = _observed(seed_results, script), ORACLE[script]
    for name, model in keras1["models"].items():
        assert name in seen["models"], f"{name}: not a model after the script"
        ours = seen["models"][name]
        assert ours["output_shape"] == model["output_shape"], name
        assert ours["params"] == model["params"], name
        assert ours["metrics_names"] == model["metrics_names"], name
    for name, history in keras1["histories"].items():
        ours = seen["histories"][name]
        assert ours["keys"] == history["keys"], name
        assert len(ours["loss"]) == history["epochs"], name
    for name, shape in keras1["arrays"].items():
        assert seen["arrays"][name]["shape"] == shape, name
    for name, length in keras1["results"].items():
        assert seen["results"][name]["length"] == length, name


@pytest.mark.parametrize("script", SCRIPTS)
def test_seed_numbers_are_sane(seed_results, script):
    seen = _observed(seed_results, script)
    for name, history in seen["histories"].items():
        assert history["loss"] and all(math.isfinite(v) for v in history["loss"]), name
        if (script, name) in DECREASING:
            assert history["loss"][-1] < history["loss"][0], (name, history["loss"])
    for name, array in seen["arrays"].items():
        assert array["finite"], name
        if (script, name) in RANGES:
            low, high = RANGES[(script, name)]
            assert low <= array["min"] and array["max"] <= high, (name, array)
    for name, result in seen["results"].items():
        assert result["finite"], name


def test_sanity_tables_name_what_the_scripts_leave(seed_results):
    """An entry of DECREASING/RANGES that names nothing would check nothing."""
    for script, name in DECREASING:
        assert name in _observed(seed_results, script)["histories"], (script, name)
    for script, name in RANGES:
        assert name in _observed(seed_results, script)["arrays"], (script, name)
