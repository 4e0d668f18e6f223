"""The extracted Keras 1.2.2 tables of ``legacy_keras/spec/layers.py`` are reproducible.

``fixtures/oracle/extract_signatures.py`` regenerates ``SIGNATURES`` and
``INHERITED_KWARGS`` from the genuine Keras 1.2.2; when an oracle is available
(``KERAS1_ORACLE``, or ``.keras1-oracle/`` in the repository) its output must
appear verbatim in the spec.  Without one the test is skipped, saying so.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from legacy_keras.spec import layers as spec

REPO = Path(__file__).resolve().parents[1]


def _oracle() -> str | None:
    candidates = [os.environ.get("KERAS1_ORACLE"), str(REPO / ".keras1-oracle" / "bin" / "k1python")]
    return next((c for c in candidates if c and os.path.exists(c)), None)


def test_extractor_output_is_the_spec() -> None:
    oracle = _oracle()
    if oracle is None:
        pytest.skip("no Keras 1.2.2 oracle: set KERAS1_ORACLE to its python to regenerate and diff SIGNATURES")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, str(REPO / "fixtures" / "oracle" / "extract_signatures.py"),
                             "--oracle", oracle], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    source = (REPO / "legacy_keras" / "spec" / "layers.py").read_text()
    signatures, inherited = result.stdout.split("\n\n")
    assert signatures in source, "SIGNATURES differs from Keras 1.2.2: rerun the extractor"
    assert inherited.strip() in source, "INHERITED_KWARGS differs from Keras 1.2.2: rerun the extractor"


def test_every_table_names_known_classes() -> None:
    """Tables keyed by class name only use classes the extractor found."""
    for table in (spec.INHERITED_KWARGS, spec.KERAS3_CLASS, spec.CLASS_KWARG_RENAMES,
                  spec.SHARED_LEADING_POSITIONALS, spec.KERAS1_EXPLICIT_DEFAULTS,
                  spec.DEPRECATED_IGNORED_KWARGS):
        assert set(table) <= set(spec.SIGNATURES), set(table) - set(spec.SIGNATURES)
    assert set(spec.KERAS3_CLASS) == set(spec.SIGNATURES)


def test_keras1_keywords_include_inherited_ones() -> None:
    assert {"input_dim", "input_length"} <= spec.keras1_keywords("AtrousConvolution1D")
    assert {"return_sequences", "stateful", "consume_less"} <= spec.keras1_keywords("LSTM")
    assert "transform_bias" in spec.keras1_keywords("Highway")
    assert "return_sequences" not in spec.keras1_keywords("Dense")
