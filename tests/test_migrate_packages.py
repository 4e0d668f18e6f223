"""legacy-migrate never crashes on valid Python 3: --diff over the installed keras and tensorflow."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from migrate import engine
from migrate.context import Options


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)  # does not import the package
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


@pytest.mark.slow
@pytest.mark.parametrize("package", ["keras", "tensorflow"])
def test_diff_over_installed_package_never_crashes(package: str) -> None:
    root = _package_dir(package)
    if root is None:
        pytest.skip(f"{package} not installed")
    files, _ = engine.discover([str(root)])
    files = [f for f in files if f.suffix == ".py"]
    assert len(files) > 100
    results = list(engine.run_files(files, Options(), jobs=2, want_diff=True))
    assert len(results) == len(files)
    internal = [r for r in results if r.error and "internal error" in r.error]
    assert not internal, internal[:5]
