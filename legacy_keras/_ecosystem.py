"""Names of the 2016-era ecosystem that Keras 1 scripts use and today's libraries removed.

Installed by ``legacy-run`` (and ``%load_ext legacy_keras``) only, never on import of
legacy_keras: a plain ``python`` process keeps today's NumPy and scikit-learn exactly.

* NumPy's builtin-type aliases (``np.float``, ``np.int``, ``np.bool``, ``np.object``,
  ``np.str``, ...), removed in NumPy 1.24 / 2.0, answer the builtin they always were;
* ``sklearn.grid_search`` and ``sklearn.cross_validation`` (removed in scikit-learn 0.20)
  import as today's ``sklearn.model_selection``.

Each prints one deprecation note (once, on first use) naming today's spelling, which is
what ``legacy-migrate`` writes.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any, Callable

#: NumPy alias -> the builtin it meant (all were plain aliases of the builtins).
NUMPY_ALIASES: dict[str, type] = {
    "float": float, "int": int, "bool": bool, "object": object, "str": str,
    "complex": complex, "unicode": str, "long": int,
}

#: Removed scikit-learn module -> today's module with the same functions and classes.
SKLEARN_MODULES: dict[str, str] = {
    "sklearn.grid_search": "sklearn.model_selection",
    "sklearn.cross_validation": "sklearn.model_selection",
}

_noted: set[str] = set()
_numpy_getattr: Callable[[str], Any] | None = None


def _note(key: str, message: str) -> None:
    if key not in _noted:
        _noted.add(key)
        print(f"legacy-run: {message}", file=sys.stderr)


def _numpy_alias_getattr(name: str) -> Any:
    """NumPy's module ``__getattr__``, answering the removed aliases first (PEP 562)."""
    if name in NUMPY_ALIASES:
        builtin = NUMPY_ALIASES[name]
        _note(f"np.{name}", f"np.{name} is a removed NumPy alias of the builtin "
                            f"{builtin.__name__}; using {builtin.__name__} (write {builtin.__name__})")
        return builtin
    if _numpy_getattr is None:
        raise AttributeError(f"module 'numpy' has no attribute {name!r}")
    return _numpy_getattr(name)


def install_numpy_aliases() -> None:
    """Give ``numpy`` back the aliases that are missing in the installed version (idempotent)."""
    global _numpy_getattr
    import numpy
    current = numpy.__dict__.get("__getattr__")
    if current is _numpy_alias_getattr:
        return
    _numpy_getattr = current
    numpy.__getattr__ = _numpy_alias_getattr  # type: ignore[attr-defined]


class _RemovedSklearnModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves ``sklearn.grid_search`` / ``sklearn.cross_validation`` as ``sklearn.model_selection``."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None):
        if fullname not in SKLEARN_MODULES:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        modern = importlib.import_module(SKLEARN_MODULES[spec.name])
        module = types.ModuleType(spec.name, f"{spec.name}: removed in scikit-learn 0.20; "
                                             f"served as {modern.__name__}")
        module.__dict__.update({k: v for k, v in vars(modern).items() if not k.startswith("__")})
        module.__all__ = list(getattr(modern, "__all__", ()))
        _note(spec.name, f"{spec.name} was removed in scikit-learn 0.20; using "
                         f"{modern.__name__} (same names, today's signatures: e.g. "
                         "KFold(n_splits=...).split(X))")
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


_finder = _RemovedSklearnModules()


def install_sklearn_modules() -> None:
    """Put the finder for the removed scikit-learn modules on ``sys.meta_path`` (idempotent)."""
    if _finder not in sys.meta_path:
        sys.meta_path.append(_finder)


def install() -> None:
    """Everything above; called by ``legacy-run`` before the user's code starts."""
    install_numpy_aliases()
    install_sklearn_modules()


__all__ = ["install", "install_numpy_aliases", "install_sklearn_modules", "NUMPY_ALIASES",
           "SKLEARN_MODULES"]
