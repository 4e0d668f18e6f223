"""``keras.utils.generic_utils``: Progbar, custom objects, ``get_from_module``.

``Progbar`` and the custom-object scope delegate to Keras 3; ``get_from_module``
(gone in Keras 3) is the Keras 1 lookup used by Keras 1 ``get()`` functions.
"""
from __future__ import annotations

from typing import Any

import keras



class Progbar(keras.utils.Progbar):
    """Keras 1 ``Progbar(target, width=30, verbose=1, interval=0.05)``; ``update(..., force=)``."""

    def __init__(self, target: int, width: int = 30, verbose: int = 1, interval: float = 0.05):
        super().__init__(target, width=width, verbose=verbose, interval=interval)

    def update(self, current: int, values: Any = None, force: bool = False, **kwargs: Any) -> None:
        """``force=True`` (Keras 1) prints even within ``interval``: Keras 3 calls that ``finalize``."""
        if force and "finalize" not in kwargs:
            kwargs["finalize"] = True
        super().update(current, values=values, **kwargs)

class CustomObjectScope(keras.saving.CustomObjectScope):
    """Keras 1 ``CustomObjectScope(*dicts)``: several dicts of custom objects, merged."""

    def __init__(self, *args: dict) -> None:
        merged: dict = {}
        for objects in args:
            merged.update(objects or {})
        super().__init__(merged)


def custom_object_scope(*args: dict) -> CustomObjectScope:
    """Keras 1 ``custom_object_scope(*dicts)``."""
    return CustomObjectScope(*args)
get_custom_objects = keras.saving.get_custom_objects


def get_from_module(identifier: Any, module_params: dict, module_name: str,
                    instantiate: bool = False, kwargs: dict | None = None) -> Any:
    """Resolve a name (or ``{'name': ..}`` dict) in custom objects, then ``module_params``."""
    lookup = keras.saving.get_registered_object  # custom_object_scope + global custom objects
    if isinstance(identifier, str):
        res = lookup(identifier, module_objects=module_params)
        if not res:
            raise ValueError("Invalid " + str(module_name) + ": " + str(identifier))
        if instantiate:
            return res(**kwargs) if kwargs else res()
        return res
    if isinstance(identifier, dict):
        identifier = dict(identifier)
        name = identifier.pop("name")
        res = lookup(name, module_objects=module_params)
        if res:
            return res(**identifier)
        raise ValueError("Invalid " + str(module_name) + ": " + str(identifier))
    return identifier


def make_tuple(*args: Any) -> tuple:
    return args


def func_dump(func):
    """Serialise a function's code (Keras 1 Lambda config); uses Keras 3's helper."""
    from legacy_keras._keras3 import func_dump as _dump
    return _dump(func)


def func_load(code, defaults=None, closure=None, globs=None):
    from legacy_keras._keras3 import func_load as _load
    return _load(code, defaults=defaults, closure=closure, globs=globs)
