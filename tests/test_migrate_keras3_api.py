"""No dangling names (issue 11.2): Keras 3's API as data, and the check that uses it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from legacy_keras.spec import keras3_api
from migrate.transform import migrate_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "migrate" / "keras3_names"


def test_table_loads_without_tensorflow_or_keras() -> None:
    code = ("import sys\nfrom legacy_keras.spec import keras3_api as a\n"
            "assert a.resolve('keras.layers.Dense')[0] is None\n"
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_table_matches_the_installed_keras() -> None:
    import keras
    if keras.__version__ != keras3_api.keras_version():
        pytest.skip(f"table made from Keras {keras3_api.keras_version()}; rerun fixtures/oracle/make_keras3_api.py")
    assert set(keras3_api.modules()["keras.layers"]) >= {n for n in dir(keras.layers) if not n.startswith("_")}
    assert keras3_api.keywords(keras3_api.resolve("keras.ops.mean")[1]) == {"x", "axis", "keepdims"}


def test_resolve() -> None:
    assert keras3_api.resolve("keras.layers.Highway") == ("keras.layers.Highway", None)
    assert keras3_api.resolve("keras.layers")[1] == "module"
    assert keras3_api.resolve("keras.nope.Dense") == ("keras.nope", None)
    assert keras3_api.resolve("keras.layers.Dense.from_config") == (None, None)
    assert keras3_api.normalise("tensorflow.keras.layers.Dense") == "keras.layers.Dense"
    assert keras3_api.normalise("tensorflow.keras.preprocessing.text.Tokenizer") is None


def test_dangling_names_and_keywords_are_reported() -> None:
    result = migrate_source((FIXTURES / "dangling_before.py").read_text())
    got = [(w.line, w.message.split(" in Keras")[0].split(" does not")[0]) for w in result.warnings
           if w.rule == "keras3_names"]
    assert got == [(2, "keras.layers.CuDNNLSTM"), (6, "keras.layers.Dense() has no keyword W_regularizer="),
                   (6, "keras.layers.Dense() has no keyword weird="), (8, "keras.layers.CuDNNGRU")]


def test_keras3_code_gets_no_report() -> None:
    assert not migrate_source((FIXTURES / "keras3_untouched_before.py").read_text()).warnings


def test_example_scripts_leave_no_unreported_dangling_name() -> None:
    """The check adds nothing on the 31 examples: every leftover is reported by the rule that knows why."""
    root = FIXTURES.parents[1]
    for path in sorted((root / "scripts").glob("*.py")) + sorted((root / "seeds").glob("seed*.py")):
        result = migrate_source(path.read_text())
        assert [w for w in result.warnings if w.rule == "keras3_names"] == [], path.name


def test_no_note_on_a_name_a_later_rewrite_removed() -> None:
    """``layers.Merge(mode=...)`` is left (and found missing) before the outer call
    ``(...)([a, b])`` is rewritten to ``Add()``: neither the removed-name note nor the
    dangling-name one may reach the report.  A ``Merge`` that stays is still reported."""
    src = ("from keras import layers\nfrom keras.layers import Input\n"
           "a = Input(shape=(4,))\nb = Input(shape=(4,))\n"
           "x = layers.Merge(mode='mul', name='gated_%d' % 1)([a, b])\n"
           "y = layers.Merge(mode='sum')([a, x])\n")
    result = migrate_source(src)
    assert "Multiply(name='gated_%d' % 1)([a, b])" in result.code and "Add()([a, x])" in result.code
    assert result.warnings == []
    kept = migrate_source("from keras import layers\nm = layers.Merge\n")
    assert [(w.line, w.rule) for w in kept.warnings] == [(2, "imports")]


def test_a_held_note_keeps_its_own_line_and_gives_the_line_to_one_rule() -> None:
    """Held notes are reported after the walk: on the node's own line (not the last statement's),
    and the dangling-name note gives way to the rule that says why (one note per line)."""
    src = "from keras import layers\nm = layers.Merge\nx = 1\ny = layers.Dense(3)\n"
    assert [(w.line, w.rule) for w in migrate_source(src).warnings] == [(2, "imports")]
