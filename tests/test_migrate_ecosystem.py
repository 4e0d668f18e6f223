"""The module-attribute forms of Keras 1's scikit-learn wrappers become scikeras (issue 11).

``import keras.wrappers.scikit_learn as ksk`` / ``from keras.wrappers import scikit_learn``
become aliases of ``scikeras.wrappers`` (uses keep their spelling); chains from the
``keras`` root (``keras.wrappers.scikit_learn.KerasClassifier`` after ``import keras`` or
``import keras.wrappers.scikit_learn``) become the bare name imported from
``scikeras.wrappers``.  The keywords are those of the from-import form (``build_fn`` ->
``model``, Keras 1's default ``epochs=10``, the loss note), the new dependency is
reported, and nothing is left for the dangling-name check.  The slow test runs a
migrated script on plain Keras 3 + scikeras (legacy_keras not importable) and compares
it with the same script under ``legacy-run``.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from migrate.context import Options
from migrate.transform import migrate_source

SCRIPT = Path(__file__).resolve().parents[1] / "fixtures" / "migrate" / "ecosystem" / "eco_attribute_script.py"
BLOCK = ("import sys, runpy; sys.modules['legacy_keras'] = None; "
         "sys.argv = [sys.argv[1]]; runpy.run_path(sys.argv[0], run_name='__main__')")
DEPENDENCY = "a new dependency (pip install scikeras)"

BUILD = "def f():\n    return None\n\n\n"
FORMS = {
    "root import": ("import keras.wrappers.scikit_learn\n" + BUILD
                    + "clf = keras.wrappers.scikit_learn.KerasClassifier(build_fn=f, nb_epoch=3)\n",
                    "from scikeras.wrappers import KerasClassifier\n" + BUILD
                    + "clf = KerasClassifier(model=f, epochs=3)\n"),
    "keras root": ("import keras\n" + BUILD
                   + "clf = keras.wrappers.scikit_learn.KerasClassifier(build_fn=f)\n",
                   "import keras\nfrom scikeras.wrappers import KerasClassifier\n" + BUILD
                   + "clf = KerasClassifier(model=f, epochs=10)\n"),
    "module alias": ("import keras.wrappers.scikit_learn as ksk\n" + BUILD
                     + "clf = ksk.KerasClassifier(build_fn=f, nb_epoch=2)\n",
                     "from scikeras import wrappers as ksk\n" + BUILD
                     + "clf = ksk.KerasClassifier(model=f, epochs=2)\n"),
    "from-imported module": ("from keras.wrappers import scikit_learn\n" + BUILD
                             + "reg = scikit_learn.KerasRegressor(build_fn=f)\n",
                             "from scikeras import wrappers as scikit_learn\n" + BUILD
                             + "reg = scikit_learn.KerasRegressor(model=f, epochs=10)\n"),
    "wrappers module": ("from keras import wrappers\n" + BUILD
                        + "clf = wrappers.scikit_learn.KerasRegressor(build_fn=f)\n",
                        "from scikeras.wrappers import KerasRegressor\n" + BUILD
                        + "clf = KerasRegressor(model=f, epochs=10)\n"),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_attribute_form_becomes_scikeras(form: str) -> None:
    before, after = FORMS[form]
    result = migrate_source(before)
    assert result.code == after
    assert migrate_source(after).code == after
    messages = [(w.rule, w.message) for w in result.warnings]
    assert sum(DEPENDENCY in m for _, m in messages) == 1, messages
    assert not [m for rule, m in messages if rule in ("keras3_names", "imports") and DEPENDENCY not in m], messages
    assert not re.search(r"\bkeras\.wrappers", result.code)  # (scikeras.wrappers is fine)


def test_loss_note_and_added_loss_as_in_the_from_import_form() -> None:
    src = ("import keras\n\n\ndef f():\n    m = keras.models.Sequential()\n"
           "    m.compile(loss='categorical_crossentropy', optimizer='sgd')\n    return m\n\n\n"
           "a = keras.wrappers.scikit_learn.KerasClassifier(build_fn=f)\n"
           "b = keras.wrappers.scikit_learn.KerasClassifier(build_fn=lambda: f())\n")
    result = migrate_source(src)
    assert "a = KerasClassifier(model=f, epochs=10, loss='categorical_crossentropy')" in result.code
    assert "b = KerasClassifier(model=lambda: f(), epochs=10)" in result.code
    assert [w.line for w in result.warnings if "pass loss='categorical_crossentropy'" in w.message] == [11]


def test_import_keras_comes_back_only_when_still_used() -> None:
    src = ("import keras.wrappers.scikit_learn\nm = keras.models.Sequential()\n"
           "clf = keras.wrappers.scikit_learn.KerasRegressor(build_fn=None)\n")
    code = migrate_source(src).code
    assert code.startswith("import keras\nfrom scikeras.wrappers import KerasRegressor\n")
    tf = migrate_source(src, Options(keras_module="tensorflow.keras")).code
    assert tf.startswith("from tensorflow import keras\nfrom scikeras.wrappers import KerasRegressor\n")
    alone = migrate_source("import keras.wrappers.scikit_learn\nclf = keras.wrappers.scikit_learn.KerasRegressor()\n")
    assert alone.code == "from scikeras.wrappers import KerasRegressor\nclf = KerasRegressor(epochs=10)\n"
    # only this rule selected: nothing counted the other uses of `keras`, so it stays bound
    selected = migrate_source(src, rules=["ecosystem"]).code
    assert "import keras\n" in selected and "KerasRegressor(model=None, epochs=10)" in selected


def test_what_cannot_be_rewritten_is_reported() -> None:
    src = ("import keras\nfrom mylib import KerasClassifier\n"
           "theirs = keras.wrappers.scikit_learn.KerasClassifier(build_fn=None)\n"
           "module = keras.wrappers.scikit_learn\n")
    result = migrate_source(src)
    assert "theirs = keras.wrappers.scikit_learn.KerasClassifier(" in result.code  # the name is taken
    assert "module = keras.wrappers.scikit_learn\n" in result.code
    assert {(w.line, w.rule) for w in result.warnings} == {(3, "ecosystem"), (4, "ecosystem")}
    assert any(w.line == 3 and "binds KerasClassifier to mylib" in w.message for w in result.warnings)
    assert any(w.line == 4 and "use scikeras.wrappers" in w.message for w in result.warnings)


def test_wrapper_predict_proba_is_kept() -> None:
    """scikeras' wrappers have predict_proba (a Keras model's became predict)."""
    src = ("import keras\nfrom keras.models import Sequential\n"
           "clf = keras.wrappers.scikit_learn.KerasClassifier(build_fn=None)\n"
           "model = Sequential()\np = clf.predict_proba(x)\nq = model.predict_proba(x)\n")
    code = migrate_source(src).code
    assert "p = clf.predict_proba(x)\n" in code and "q = model.predict(x)\n" in code


def _run(cmd: list[str], out: Path, cwd: Path) -> np.ndarray:
    env = dict(os.environ, OUT_NPY=str(out), TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return np.load(out)


@pytest.mark.slow
def test_migrated_attribute_forms_run_on_scikeras_and_predict_the_same(tmp_path: Path) -> None:
    import scikeras  # noqa: F401  (a test extra: never skipped)
    result = migrate_source(SCRIPT.read_text())
    assert "legacy_keras" not in result.code and "build_fn" not in result.code
    assert not re.search(r"\bkeras\.wrappers", result.code)
    assert sorted((w.line, w.rule) for w in result.warnings) == [
        (13, "ecosystem"), (14, "imports"), (62, "ecosystem")], result.warnings  # 2 imports, R^2 note
    migrated = tmp_path / SCRIPT.name
    migrated.write_text(result.code)
    k3 = _run([sys.executable, "-c", BLOCK, str(migrated)], tmp_path / "k3.npy", tmp_path)
    k1 = _run([sys.executable, "-m", "legacy_keras", str(SCRIPT)], tmp_path / "k1.npy", tmp_path)
    assert k3.shape == k1.shape == (161,)
    assert k3[-1] == 10  # Keras 1's default of 10 epochs, written out for scikeras (default 1)
    np.testing.assert_allclose(k3, k1, rtol=1e-5, atol=1e-6)
