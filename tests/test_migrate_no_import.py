"""Files that use a Keras model without importing keras (issue 13.1)."""
from __future__ import annotations

from pathlib import Path

from migrate.transform import migrate_source

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "migrate" / "models" / "no_keras_import_before.py"


def test_keras1_model_calls_are_migrated_and_the_assumption_reported() -> None:
    result = migrate_source(FIXTURE.read_text())
    assert "model.fit(X, y, epochs=10, batch_size=32)" in result.code
    assert "clf.predict_proba(X)" in result.code and "re.compile('adam')" in result.code
    assumed = [w for w in result.warnings if "imports no Keras" in w.message]
    assert [(w.line, w.rule) for w in assumed] == [(6, "models")]


def test_plain_fit_without_keras1_names_is_not_touched() -> None:
    src = "from sklearn.svm import SVC\nclf = SVC().fit(X, y)\nmodel.fit(X, y)\np = model.predict_proba(X)\n"
    result = migrate_source(src)
    assert result.code == src and not result.changes and not result.warnings


def test_a_word_in_a_string_is_no_call() -> None:
    src = "doc = 'use nb_epoch'\nmodel.fit(X, y)\n"
    result = migrate_source(src)
    assert result.code == src and not result.warnings
