"""Keras 3's public API as data: modules, their public names, callables' keywords.

Generated into ``keras3_api.json`` (beside this file) by
``fixtures/oracle/make_keras3_api.py`` from the installed Keras 3; read here with
``json`` only (no TensorFlow, no Keras import), once per process, when first asked.
The codemod uses it to check that every ``keras...`` name and keyword it leaves in
its output exists in Keras 3 (``migrate.rules.keras3_names``).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

_FILE = Path(__file__).with_name("keras3_api.json")

#: ``tensorflow.keras`` sub-modules that are *not* Keras 3 (TensorFlow's own K2-era copies).
TF_KERAS_OWN = ("tensorflow.keras.preprocessing", "tensorflow.keras.backend")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(_FILE.read_text())


def keras_version() -> str:
    return _data()["keras_version"]


def modules() -> dict[str, dict[str, Any]]:
    """Public module name -> {name: "module" | "value" | {"params": [...], "kwargs": bool}}."""
    return _data()["modules"]


def normalise(qualname: str) -> str | None:
    """``tensorflow.keras.x`` -> ``keras.x`` (TF >= 2.16 serves Keras 3 there), None when the
    name lives in one of TensorFlow's own sub-modules that this table does not describe."""
    if qualname == "tensorflow.keras" or qualname.startswith("tensorflow.keras."):
        if qualname.startswith(TF_KERAS_OWN):
            return None
        return qualname[len("tensorflow."):]
    return qualname


@lru_cache(maxsize=None)  # pure in the generated table; the codemod asks for every keras call
def resolve(qualname: str) -> tuple[str | None, Any]:
    """Look ``keras.a.b.c`` up: (missing component, None) when Keras 3 lacks it, else
    (None, entry) — entry is the callable's record, "module", "value", or None when the name
    goes below what the table describes (an attribute of a class)."""
    mods = modules()
    parts = qualname.split(".")
    cut = len(parts)
    while cut > 0 and ".".join(parts[:cut]) not in mods:
        cut -= 1
    if cut == 0:
        return None, None
    if cut == len(parts):
        return None, "module"
    module = ".".join(parts[:cut])
    name = parts[cut]
    entry = mods[module].get(name)
    if entry is None:
        return f"{module}.{name}", None
    if cut + 1 < len(parts):
        return None, None
    return None, entry


#: id of a callable's record -> (the record, its keywords); the record is kept and compared, so
#: an id reused by another dict never answers for it
_KEYWORDS: dict[int, tuple[Any, frozenset[str]]] = {}


def keywords(entry: Any) -> frozenset[str] | None:
    """Keywords a callable accepts, or None when it takes any (``**kwargs``) or is not callable."""
    if not isinstance(entry, dict) or entry.get("kwargs"):
        return None
    hit = _KEYWORDS.get(id(entry))
    if hit is None or hit[0] is not entry:
        hit = _KEYWORDS[id(entry)] = (entry, frozenset(entry["params"]))
    return hit[1]
