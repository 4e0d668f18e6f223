"""Package structure promises that need no TensorFlow: lazy submodules exist, the spec is pure."""
from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import legacy_keras

REPO = Path(__file__).resolve().parents[1]


def test_every_lazy_submodule_exists() -> None:
    """``keras.<name>`` under legacy-run resolves for every advertised name."""
    for name in legacy_keras._SUBMODULES:
        assert importlib.util.find_spec(f"legacy_keras.{name}") is not None, name


def test_spec_imports_nothing_but_the_spec() -> None:
    """``legacy_keras/spec/`` is data: no TensorFlow, no Keras, no private Keras names."""
    for path in sorted((REPO / "legacy_keras" / "spec").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                assert module.split(".")[0] not in ("keras", "tensorflow", "numpy", "h5py"), \
                    f"{path.name} imports {module}"
        source = path.read_text()
        for private in ("keras.src", "_tracker", "REGISTERED_OBJS", "saving_lib", "H5IOStore"):
            assert private not in source, f"{path.name} names the Keras internal {private!r}"
