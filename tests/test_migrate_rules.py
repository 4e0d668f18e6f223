"""Before/after fixture pairs of every legacy-migrate rule, plus idempotence.

``fixtures/migrate/<rule>/<case>_before.py`` must migrate to exactly
``<case>_after.py``; migrating ``_after.py`` again must change nothing.
Cases named ``*untouched*`` (and the "must not touch" lines inside others) are
the negative half: they must come out unchanged.
"""
from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from migrate.context import Options
from migrate.rules import RULE_NAMES, RULES
from migrate.transform import migrate_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "migrate"
PAIRS = sorted(p for p in FIXTURES.glob("*/*_before.py"))


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name[:-len('_before.py')]}"


@pytest.mark.parametrize("before", PAIRS, ids=_id)
def test_fixture_pair(before: Path) -> None:
    after = before.with_name(before.name.replace("_before.py", "_after.py"))
    result = migrate_source(before.read_text())
    assert result.code == after.read_text()
    if "untouched" in before.name:
        assert result.code == before.read_text() and not result.changes


@pytest.mark.parametrize("before", PAIRS, ids=_id)
def test_idempotent(before: Path) -> None:
    after = before.with_name(before.name.replace("_before.py", "_after.py")).read_text()
    assert migrate_source(after).code == after


def test_every_rule_has_fixtures_and_a_description() -> None:
    for rule in RULES:
        assert rule.DESCRIPTION, rule
        assert list((FIXTURES / rule.name).glob("*_before.py")), f"no fixtures for rule {rule.name}"
    assert len(set(RULE_NAMES)) == len(RULE_NAMES)


def test_changes_carry_rule_and_line() -> None:
    src = "from keras.layers import Dense\n\nlayer = Dense(8, input_dim=3)\n"
    result = migrate_source(src)
    assert [(c.line, c.rule) for c in result.changes] == [(3, "layers")]
    assert result.changes[0].before == "Dense(8, input_dim=3)"
    assert result.changes[0].after == "Dense(8, input_shape=(3,))"


def test_positional_binding_uses_keras1_signature() -> None:
    src = "from keras.layers import Convolution2D, BatchNormalization\nc = Convolution2D(32, 3, 3)\nb = BatchNormalization(1e-3)\n"
    code = migrate_source(src).code
    assert "Conv2D(32, (3, 3))" in code
    assert "BatchNormalization(epsilon=1e-3)" in code


def test_tensorflow_keras_module() -> None:
    src = ("import keras\nfrom keras.layers.core import Dense\nfrom keras import backend as K\n"
           "x = K.mean(y)\nl = LSTM\n")
    code = migrate_source(src, Options(keras_module="tensorflow.keras")).code
    assert code.startswith("from tensorflow import keras\nfrom tensorflow.keras.layers import Dense\n"
                           "from tensorflow.keras import backend as K\n")
    assert "K.mean(y)" in code  # tf.keras.backend still has mean


def test_invalid_python3_raises_parser_error() -> None:
    with pytest.raises(cst.ParserSyntaxError):
        migrate_source("import keras\nprint 'x'\n")


def test_crlf_and_comments_preserved() -> None:
    src = "from keras.layers import Dense  # layers\r\nd = Dense(3, init='normal')  # keep\r\n"
    code = migrate_source(src).code
    assert code == "from keras.layers import Dense  # layers\r\nd = Dense(3, kernel_initializer='random_normal')  # keep\r\n"


def test_image_dim_ordering_th_makes_default_explicit() -> None:
    src = ("from keras.layers import Convolution2D, MaxPooling2D, Dense\n"
           "c = Convolution2D(8, 3, 3, dim_ordering='default')\np = MaxPooling2D()\nd = Dense(3)\n")
    code = migrate_source(src, Options(image_dim_ordering="th")).code
    assert "c = Conv2D(8, (3, 3), data_format='channels_first')" in code
    assert "p = MaxPooling2D(data_format='channels_first')" in code
    assert "d = Dense(3)\n" in code
    assert migrate_source(code, Options(image_dim_ordering="th")).code == code
    assert "Conv2D(8, (3, 3))\n" in migrate_source(src).code  # 'default' meant 'tf' since Keras 1.1


def test_hand_edited_graph_is_reported() -> None:
    """The Keras 1 ``pop(model)`` recipe: ``model.layers.pop()`` is a no-op on Keras 3's copy
    and the assignments raise; each line is reported, a plain ``list.pop()`` is not."""
    before = FIXTURES / "models" / "graph_surgery_before.py"
    warnings = migrate_source(before.read_text()).warnings
    assert [(w.line, w.rule) for w in warnings] == [(7, "models"), (9, "models"), (10, "models"),
                                                    (11, "models"), (13, "models"), (14, "models")]
    assert "model.layers[-1].outbound_nodes = ..." in warnings[4].message
    assert all("model.pop()" in w.message for w in warnings)


def test_report_line_of_a_multi_line_call_inside_a_block() -> None:
    """Printed alone, the call's continuation line lacks the block's indentation: the report
    still names the call's own line, not the enclosing statement's."""
    src = ("from keras.layers import BatchNormalization\n\n\ndef f():\n    x = 1\n"
           "    d = BatchNormalization(\n        mode=3)\n    return d\n")
    assert [w.line for w in migrate_source(src).warnings] == [6]


def test_files_the_script_does_not_write_are_reported_as_keras1_files() -> None:
    """Keras 3 loads a Keras 1 HDF5 file wrongly (Theano kernels unflipped) or not at all:
    loads of files the script never writes are reported with the legacy-convert line; the
    script's own files are renamed consistently and not reported."""
    before = FIXTURES / "models" / "keras1_files_before.py"
    result = migrate_source(before.read_text())
    assert [(w.line, w.rule) for w in result.warnings] == [(7, "models"), (8, "models"), (9, "models")]
    assert "legacy-convert [--arch ARCH] vgg16_weights.h5 NEW.weights.h5" in result.warnings[0].message
    assert "legacy-convert pretrained.h5 NEW.keras" in result.warnings[1].message
    assert "model.load_weights('mine.weights.h5')" in result.code


def test_rules_left_out_by_their_text_check_had_nothing_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Rule.relevant`` drops a rule from a file's walk by the file's text: every fixture and
    example script migrates exactly as with every rule walked."""
    from migrate.rules.base import Rule

    root = FIXTURES.parents[1]
    sources = [p.read_text() for p in PAIRS] + \
        [p.read_text() for p in sorted((root / "scripts").glob("*.py")) + sorted((root / "seeds").glob("seed*.py"))]
    gated = [migrate_source(src) for src in sources]
    for rule in RULES:
        monkeypatch.setattr(rule, "relevant", classmethod(lambda cls, source: True))
    for src, ours in zip(sources, gated):
        full = migrate_source(src)
        assert (ours.code, ours.warnings, len(ours.changes)) == (full.code, full.warnings, len(full.changes))
    assert Rule.relevant("")  # the base class keeps every rule
