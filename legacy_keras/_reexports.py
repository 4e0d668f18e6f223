"""Keras 1.2.2's incidental re-exports: every public name of every Keras 1 module resolves.

Keras 1.2.2 modules exported far more than their own classes: ``keras/layers/__init__.py``
did ``from .core import *``, so ``from keras.layers import activations``,
``from keras.layers.core import K, Layer`` or ``from keras.engine.training import Progbar``
all worked, and real code relies on them.  ``legacy_keras/spec/keras1_names.py`` lists
those names as the genuine modules' ``dir()`` shows them (generated with the oracle), each
with where its object came from.  This module gives every ``legacy_keras`` module a PEP 562
``__getattr__`` that answers a missing Keras 1 name from its origin (the defining module's
legacy_keras counterpart, a Keras module, or a recorded constant), so the modules' own code
does not have to repeat Keras 1's import lists.  A name with no counterpart fails with an
``AttributeError`` that says what to use instead (``ImportError`` for ``from ... import``).

Installed once from ``legacy_keras/__init__.py``: a finder on ``sys.meta_path`` attaches the
fallback right after each ``legacy_keras.*`` module is executed.  It imports nothing heavy.
"""
from __future__ import annotations

import ast
import dis
import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any, Callable

from legacy_keras.spec.keras1_names import KERAS1_NAMES
from legacy_keras.spec.keras1_removed_names import KERAS3_STANDINS, REMOVED_MODULES, REMOVED_NAMES

_MARK = "__legacy_keras_reexports__"
_IMPORT_FROM = dis.opmap["IMPORT_FROM"]


def keras1_module_name(legacy_name: str) -> str:
    """``legacy_keras.layers.core`` -> ``keras.layers.core``."""
    return "keras" + legacy_name[len("legacy_keras"):]


def legacy_module_name(keras1_name: str) -> str:
    """``keras.layers.core`` -> ``legacy_keras.layers.core``."""
    return "legacy_keras" + keras1_name[len("keras"):]


def _advice(keras1_module: str, name: str, origin: str) -> str | None:
    return REMOVED_NAMES.get(f"{keras1_module}.{name}") or REMOVED_NAMES.get(f"{origin}.{name}") \
        or REMOVED_MODULES.get(origin)


def resolve(keras1_module: str, name: str) -> Any:
    """The object Keras 1.2.2's ``keras1_module.name`` stands for under legacy_keras.

    Raises AttributeError (with advice when there is no counterpart) otherwise.
    """
    entry = KERAS1_NAMES.get(keras1_module, {}).get(name)
    if entry is None:
        raise AttributeError(f"module '{keras1_module}' (legacy_keras) has no attribute {name!r}")
    kind, _, detail = entry.partition(":")
    if kind == "value":
        return ast.literal_eval(detail)
    if kind == "none":
        return None
    origin = detail if kind == "module" else kind
    standin = KERAS3_STANDINS.get(f"{origin}.{name}") or KERAS3_STANDINS.get(f"{keras1_module}.{name}")
    if standin is not None:
        home, _, attribute = standin.rpartition(".")
        return getattr(importlib.import_module(home), attribute)  # real Keras 3: library code here
    advice = _advice(keras1_module, name, origin)
    if advice is not None and (kind != "module" or origin in REMOVED_MODULES):
        raise AttributeError(f"{keras1_module}.{name} (Keras 1.2.2) is not provided by legacy_keras: {advice}")
    try:
        if kind == "module":
            return importlib.import_module(legacy_module_name(origin))
        if origin == keras1_module:
            raise AttributeError(name)
        return getattr(importlib.import_module(legacy_module_name(origin)), detail)
    except (ImportError, AttributeError) as error:
        reason = advice or (f"it was defined in {origin}, which legacy_keras does not provide: {error}"
                            if isinstance(error, ImportError) else
                            f"it was an internal helper of {origin} in Keras 1.2.2; no replacement")
        raise AttributeError(f"{keras1_module}.{name} (Keras 1.2.2) is not provided by legacy_keras: "
                             f"{reason}".splitlines()[0]) from None


def _importing_from() -> bool:
    """Whether the code asking for the attribute is a ``from module import name`` statement.

    Frame 0 is this function, 1 the module ``__getattr__``, 2 the code whose IMPORT_FROM
    instruction looked the name up (``hasattr``/``getattr`` callers are not IMPORT_FROM and
    keep getting AttributeError).
    """
    frame = sys._getframe(2)
    code = frame.f_code.co_code
    return 0 <= frame.f_lasti < len(code) and code[frame.f_lasti] == _IMPORT_FROM


def attach(module: types.ModuleType) -> None:
    """Give ``module`` the Keras 1 fallback ``__getattr__`` (keeping any it already has)."""
    if getattr(module, _MARK, False):
        return
    keras1_module = keras1_module_name(module.__name__)
    if keras1_module not in KERAS1_NAMES:
        return
    own: Callable[[str], Any] | None = module.__dict__.get("__getattr__")

    def __getattr__(name: str) -> Any:
        if own is not None:
            try:
                return own(name)
            except AttributeError:
                if name not in KERAS1_NAMES[keras1_module]:
                    raise
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            value = resolve(keras1_module, name)
        except AttributeError as error:
            if name in KERAS1_NAMES[keras1_module] and _importing_from():
                # `from m import name` would replace our advice by "cannot import name"
                raise ImportError(str(error), name=module.__name__) from None
            raise
        if not isinstance(value, types.ModuleType):
            module.__dict__.setdefault(name, value)  # resolve each name once
        return value

    module.__getattr__ = __getattr__  # type: ignore[attr-defined]
    setattr(module, _MARK, True)


class _AttachingLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec):  # noqa: ANN001 - importlib protocol
        return self._loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        self._loader.exec_module(module)  # type: ignore[attr-defined]
        attach(module)

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename, is_package ...
        return getattr(self._loader, name)


class _RemovedModuleLoader(importlib.abc.Loader):
    """A Keras 1 module with no counterpart: importing it is an ImportError naming the replacement."""

    def create_module(self, spec):  # noqa: ANN001 - importlib protocol
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        keras1 = keras1_module_name(module.__name__)
        raise ImportError(f"{keras1} (Keras 1.2.2) is not provided by legacy_keras: {REMOVED_MODULES[keras1]}",
                          name=module.__name__)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None):
        if not fullname.startswith("legacy_keras.") or keras1_module_name(fullname) not in KERAS1_NAMES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _AttachingLoader(spec.loader)
                return spec
        if keras1_module_name(fullname) in REMOVED_MODULES:
            return importlib.machinery.ModuleSpec(fullname, _RemovedModuleLoader())
        return None


_finder = _Finder()


def install(package: types.ModuleType) -> None:
    """Attach the fallback to ``legacy_keras`` itself and to every submodule imported later."""
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    attach(package)
    for name, module in list(sys.modules.items()):
        if name.startswith("legacy_keras.") and isinstance(module, types.ModuleType):
            attach(module)
