"""Keras 3 internals go through ``legacy_keras/_keras3.py`` only, and it refuses untested versions.

A Keras upgrade that moves or renames one of the internals fails here, by
name, instead of deep inside a layer.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from legacy_keras import _keras3

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(_keras3.INTERNAL_MODULES) + sorted(_keras3.INTERNAL_NAMES))
def test_every_fenced_internal_resolves(name: str) -> None:
    assert getattr(_keras3, name) is not None
    if name in _keras3.INTERNAL_MODULES:
        assert len(_keras3.INTERNAL_MODULES[name][1]) > 40  # the reason is written down


def test_private_attribute_wrappers_work() -> None:
    import keras
    assert _keras3.public_name(keras.layers.Dense) == "keras.layers.Dense"
    layer = keras.layers.Dense(2)
    assert hasattr(_keras3.tracker(layer), "unlock")
    assert _keras3.keras_mask(keras.ops.ones((2, 2))) is None


@pytest.mark.parametrize("keras_version,tf_version", [("3.15.1", "2.21.0"), ("3.15.0", None)])
def test_tested_versions_pass(keras_version: str, tf_version: str | None, monkeypatch) -> None:
    monkeypatch.delenv(_keras3.SKIP_CHECK_ENV, raising=False)
    _keras3.check_versions(keras_version, tf_version)


@pytest.mark.parametrize("keras_version,tf_version,named", [
    ("3.14.0", "2.21.0", "Keras 3.14.0"), ("3.16.0", "2.21.0", "Keras 3.16.0"),
    ("4.0.0", "2.21.0", "Keras 4.0.0"), ("3.15.1", "2.20.1", "TensorFlow 2.20.1"),
])
def test_untested_versions_fail_with_one_line(keras_version: str, tf_version: str, named: str,
                                              monkeypatch) -> None:
    monkeypatch.delenv(_keras3.SKIP_CHECK_ENV, raising=False)
    with pytest.raises(ImportError) as error:
        _keras3.check_versions(keras_version, tf_version)
    message = str(error.value)
    assert "\n" not in message and named in message and "pip install" in message


def test_the_check_can_be_skipped(monkeypatch) -> None:
    monkeypatch.setenv(_keras3.SKIP_CHECK_ENV, "1")
    _keras3.check_versions("4.0.0", "3.0.0")



def test_import_on_an_untested_keras_fails_with_one_line() -> None:
    import os
    import subprocess
    import sys
    code = ("import keras; keras.__version__ = '3.99.0'\n"
            "try:\n    import legacy_keras._keras3\nexcept ImportError as error:\n"
            "    print(type(error).__name__, error)\n")
    env = {k: v for k, v in os.environ.items() if k != _keras3.SKIP_CHECK_ENV}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=300).stdout.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("UnsupportedKerasVersion legacy_keras is tested with Keras 3.15.x")
    assert "found Keras 3.99.0" in out[0]


def test_no_keras_internals_outside_the_fence() -> None:
    pattern = re.compile(r"keras\.src\b|REGISTERED_OBJS_TO_NAMES|\._tracker\b")
    offenders = []
    for root in ("legacy_keras", "migrate"):
        for path in sorted((REPO / root).rglob("*.py")):
            if path.name == "_keras3.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "Keras internals outside legacy_keras/_keras3.py:\n" + "\n".join(offenders)
