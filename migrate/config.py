"""``[tool.legacy-migrate]`` in ``pyproject.toml``, found the way ruff and black find theirs.

The nearest ``pyproject.toml`` that has a ``[tool.legacy-migrate]`` table,
looking in the common directory of the paths given on the command line and
then in each parent up to the file system root, stopping at a repository root
(a directory holding ``.git`` or ``.hg``) as black does.  Keys (the command
line spelling; command-line options win)::

    [tool.legacy-migrate]
    keras-module = "keras"            # or "tensorflow.keras"
    image-dim-ordering = "th"         # what dim_ordering='default' meant
    exclude = ["legacy/*", "*_py2.py"]
    select = ["imports", "layers"]    # run only these rules
    ignore = ["optimizers"]           # never these
    py2 = false

An unknown key or a value of the wrong type is an error naming the file and
the key (``ConfigError``), never silently ignored: a typo in ``exclude`` would
otherwise rewrite files the user meant to protect.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

SECTION = "legacy-migrate"
_CHOICES = {"keras-module": ("keras", "tensorflow.keras"), "image-dim-ordering": ("tf", "th")}
_LISTS = ("exclude", "select", "ignore")
_BOOLS = ("py2",)


class ConfigError(ValueError):
    """A ``[tool.legacy-migrate]`` table that cannot be used (the message names file and key)."""


@dataclass
class Config:
    """The settings of one ``[tool.legacy-migrate]`` table (defaults when there is none)."""

    path: Path | None = None
    keras_module: str | None = None
    image_dim_ordering: str | None = None
    exclude: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    py2: bool | None = None

    @property
    def root(self) -> Path | None:
        """The directory exclude globs are relative to (the pyproject.toml's)."""
        return self.path.parent if self.path is not None else None


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError as exc:
            raise ConfigError(f"{path}: reading pyproject.toml on Python 3.10 needs tomli "
                              f"(pip install tomli)") from exc
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc


def parse(table: Any, path: Path) -> Config:
    """Validate a ``[tool.legacy-migrate]`` table."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{SECTION}] must be a table")
    config = Config(path=path)
    for key, value in table.items():
        if key in _CHOICES:
            if value not in _CHOICES[key]:
                raise ConfigError(f"{path}: [tool.{SECTION}] {key} = {value!r}: expected one of "
                                  f"{', '.join(map(repr, _CHOICES[key]))}")
            setattr(config, key.replace("-", "_"), value)
        elif key in _LISTS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: [tool.{SECTION}] {key} must be a list of strings")
            setattr(config, key, list(value))
        elif key in _BOOLS:
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: [tool.{SECTION}] {key} must be true or false")
            setattr(config, key, value)
        else:
            known = ", ".join(sorted([*_CHOICES, *_LISTS, *_BOOLS]))
            raise ConfigError(f"{path}: [tool.{SECTION}] unknown key {key!r} (known: {known})")
    return config


def _start_dir(paths: Sequence[str]) -> Path:
    dirs = []
    for raw in paths:
        if raw == "-":
            continue
        p = Path(raw).resolve()
        dirs.append(p if p.is_dir() else p.parent)
    if not dirs:
        return Path.cwd().resolve()
    return Path(os.path.commonpath([str(d) for d in dirs]))


def find(paths: Sequence[str]) -> Config:
    """The configuration that applies to ``paths`` (an empty ``Config`` when none is found)."""
    directory = _start_dir(paths)
    for candidate in (directory, *directory.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            data = _load_toml(pyproject)
            table = data.get("tool", {}).get(SECTION) if isinstance(data.get("tool"), dict) else None
            if table is not None:
                return parse(table, pyproject)
        if (candidate / ".git").exists() or (candidate / ".hg").exists():
            break
    return Config()
