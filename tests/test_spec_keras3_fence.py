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


def _fenced_attribute_pattern() -> re.Pattern:
    names = "|".join(re.escape(name) for name in _keras3.FENCED_ATTRIBUTES)
    # ``x._inbound_nodes`` as well as getattr(x, "_inbound_nodes"): access by name
    return re.compile(rf"\.(?:{names})\b|[\"'](?:{names})[\"']")


def test_fenced_attributes_are_private_names() -> None:
    assert len(set(_keras3.FENCED_ATTRIBUTES)) == len(_keras3.FENCED_ATTRIBUTES)
    assert all(name.startswith("_") and not name.startswith("__")
               for name in _keras3.FENCED_ATTRIBUTES)
    source = (REPO / "legacy_keras" / "_keras3.py").read_text()
    # each fenced name is really reached in _keras3.py (an accessor, a hook, a table)
    missing = [name for name in _keras3.FENCED_ATTRIBUTES
               if f".{name}" not in source and f'"{name}"' not in source
               and f'"{name[1:]}"' not in source]
    assert not missing, missing


def test_no_private_keras_attributes_outside_the_fence() -> None:
    """Private Keras 3 attributes (nodes, histories, a Sequential's ``_layers``,
    optimizer slots...) are read and written through ``_keras3``'s accessors only."""
    pattern = _fenced_attribute_pattern()
    offenders = []
    for root in ("legacy_keras", "migrate"):
        for path in sorted((REPO / root).rglob("*.py")):
            if path.name == "_keras3.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, ("private Keras attributes outside legacy_keras/_keras3.py (add an "
                           "accessor there):\n" + "\n".join(offenders))


def test_overridden_keras_private_methods_are_listed_hooks() -> None:
    """A legacy_keras class may override a private Keras 3 method only if it is
    one of ``_keras3.HOOKS`` (where the reason is written down)."""
    fenced = set(_keras3.FENCED_ATTRIBUTES)
    definition = re.compile(r"^\s*def (_[a-z][a-z0-9_]*)\(")
    offenders = []
    for root in ("legacy_keras", "migrate"):
        for path in sorted((REPO / root).rglob("*.py")):
            if path.name == "_keras3.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                match = definition.match(line)
                if match and match.group(1) in fenced | {"_" + h for h in _keras3.HOOKS} \
                        and match.group(1)[1:] not in _keras3.HOOKS:
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
    assert {"_" + h for h in _keras3.HOOKS} <= fenced


def test_the_spec_names_no_private_keras_attribute() -> None:
    """legacy_keras/spec is data about Keras 1 and the public Keras 3 API."""
    offenders = []
    private = re.compile(r"[\"']_[a-z][a-z0-9_]*[\"']")
    fenced = _fenced_attribute_pattern()
    for path in sorted((REPO / "legacy_keras" / "spec").rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if fenced.search(line) or private.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_attribute_accessors_work() -> None:
    import keras
    import numpy as np
    inputs = keras.Input((3,))
    dense = keras.layers.Dense(2)
    outputs = dense(inputs)
    assert _keras3.keras_history(outputs)[0] is dense
    assert _keras3.keras_history(np.ones(2), None) is None
    assert len(_keras3.inbound_nodes(dense)) == 1 and _keras3.outbound_nodes(dense) == []
    assert _keras3.inbound_nodes(object(), []) == []
    with pytest.raises(AttributeError):
        _keras3.inbound_nodes(object())
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    assert _keras3.compile_config(model) is None
    model.compile(optimizer="adam", loss="mse")
    assert _keras3.compile_config(model)["loss"] == "mse"
    assert isinstance(_keras3.layers_list(model), list)
    assert _keras3.sequential_functional(model) is not None
    assert _keras3.function_nodes(model) is not None
    assert _keras3.call_has_training_arg(keras.layers.Dropout(0.5))
    assert _keras3.trainable_variables_list(dense) == [dense.kernel, dense.bias]
    with pytest.raises(AttributeError):
        _keras3.hook(model, "not_a_hook")
    assert callable(_keras3.hook(model, "maybe_rebuild"))
    for name, kinds in [("SGD", ("momentums",)), ("RMSprop", ("velocities",)),
                        ("Adagrad", ("accumulators",)),
                        ("Adadelta", ("accumulated_grads", "accumulated_delta_vars")),
                        ("Adam", ("momentums", "velocities")), ("Adamax", ("m", "u")),
                        ("Nadam", ("momentums", "velocities"))]:
        optimizer = getattr(keras.optimizers, name)(**({"momentum": 0.9} if name == "SGD" else {}))
        optimizer.build([dense.kernel])
        for kind in kinds:
            assert len(_keras3.optimizer_slots(optimizer, kind)) == 1, (name, kind)
            assert _keras3.optimizer_slot(optimizer, kind, dense.kernel).shape == dense.kernel.shape
        assert _keras3.iterations_variable(optimizer) is not None

