"""``%load_ext legacy_keras``: Keras 1 notebooks in IPython / Jupyter.

After the magic, ``import keras`` in later cells resolves to legacy_keras with the same
rules as ``legacy-run`` (code typed in cells is user code; IPython, TensorFlow and other
installed libraries keep the real Keras 3), and NumPy's / scikit-learn's removed names
answer as under ``legacy-run``.  A ``keras`` already imported in an earlier cell is the
real Keras 3 and stays bound until the cell is re-run; the extension says so.
``%unload_ext legacy_keras`` restores plain imports.
"""
from __future__ import annotations

import sys
from types import ModuleType
from typing import Any


def load_ipython_extension(ipython: Any) -> None:
    """Called by IPython for ``%load_ext legacy_keras``."""
    from legacy_keras import _config, _ecosystem, run
    if "keras" not in sys.modules:  # too late once Keras 3 is imported
        _config.keep_keras3_importable()
    _config.sync_keras3_data_format()
    run.install_keras1_imports()
    _ecosystem.install()
    namespace = getattr(ipython, "user_ns", {}) or {}
    stale = sorted(name for name, value in namespace.items()
                   if isinstance(value, ModuleType) and not name.startswith("_")
                   and (value.__name__ == "keras" or value.__name__.startswith("keras.")))
    if stale:
        print(f"legacy_keras: {', '.join(stale)} still name Keras 3 (imported before %load_ext); "
              "re-run those imports to get the Keras 1 API", file=sys.stderr)


def unload_ipython_extension(ipython: Any) -> None:
    """Called by IPython for ``%unload_ext legacy_keras``."""
    from legacy_keras import run
    run.uninstall_keras1_imports()
