"""Notebooks as they are: code cells with IPython magics and shell lines are migrated too.

A code cell may hold lines that are IPython, not Python: line magics
(``%matplotlib inline``), shell escapes (``!pip install keras==1.2.2``,
``files = !ls``), help (``?obj``, ``obj??``) and a cell magic on the first line
(``%%time``).  As nbQA does, each such line is *masked* (replaced by a
placeholder statement at the same indentation, continuation lines included),
the cell is migrated as Python, and the placeholders are replaced by the
original lines, byte for byte.  Masking happens only when the cell is not
valid Python as it stands, so a ``%`` or ``!`` at the start of a line inside a
string is left alone in a cell that parses.

Cell magics whose body is not Python (``%%bash``, ``%%writefile``, ``%%html``...)
are left as they are; when such a cell mentions Keras the report says so.
A cell that is still not valid Python 3 after masking is an error for the
whole notebook (exit 2, nothing written), as a ``.py`` file is; with
``--py2`` the 2to3 fixers are applied to those cells (only to those: the
fixers are not meant for code that already is Python 3).
"""
from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Callable, Sequence

import libcst

from migrate.context import Change, Options, Warning_

#: Cell magics whose body is Python: migrated with the first line masked.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit", "mprun", "pypy3",
                                "python", "python3", "tensorflow_version"})
_HELP = re.compile(r"^\s*(\?{1,2}[\w.\[\]()]*|[\w.\[\]()]+\?{1,2})\s*$")
_ASSIGNED_MAGIC = re.compile(r"^\s*[\w.]+(\s*,\s*[\w.]+)*\s*=\s*[!%]")
_KERAS = re.compile(r"\bkeras\b")


class CellError(ValueError):
    """A code cell that is not valid Python 3 (after masking its magics)."""

    def __init__(self, cell: int, error: Exception, source: str) -> None:
        super().__init__(f"cell {cell}: {error}")
        self.cell = cell
        self.error = error
        self.source = source


@dataclass
class Masked:
    """A cell's source with its IPython lines replaced by placeholder statements."""

    code: str
    originals: dict[str, str]  # placeholder -> the original line(s), newline included

    def restore(self, code: str) -> str | None:
        """``code`` with each placeholder line put back as it was (None when one went missing)."""
        if not self.originals:
            return code
        out: list[str] = []
        seen = 0
        for line in code.splitlines(keepends=True):
            key = line.strip()
            if key in self.originals:
                out.append(self.originals[key])
                seen += 1
            else:
                out.append(line)
        return "".join(out) if seen == len(self.originals) else None


def _is_magic(line: str) -> bool:
    stripped = line.lstrip()
    if not stripped or stripped.startswith("#"):
        return False
    return stripped[0] in "%!?" or bool(_HELP.match(line)) or bool(_ASSIGNED_MAGIC.match(line))


def _valid(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    return True


def mask(source: str) -> Masked:
    """Replace the IPython lines of a cell by ``__legacy_migrate_ipython_<n>_<tag>__`` statements."""
    if _valid(source):
        return Masked(source, {})
    tag = hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    lines = source.splitlines(keepends=True)
    out: list[str] = []
    originals: dict[str, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if not _is_magic(line):
            out.append(line)
            i += 1
            continue
        chunk = [line]
        while chunk[-1].rstrip("\r\n").endswith("\\") and i + len(chunk) < len(lines):
            chunk.append(lines[i + len(chunk)])  # `!pip install \` + its continuation lines
        placeholder = f"__legacy_migrate_ipython_{len(originals)}_{tag}__"
        original = "".join(chunk)
        originals[placeholder] = original
        indent = line[:len(line) - len(line.lstrip())]
        ending = original[len(original.rstrip("\r\n")):]
        out.append(f"{indent}{placeholder}{ending}")
        i += len(chunk)
    return Masked("".join(out), originals)


def cell_magic(source: str) -> str | None:
    """The name of the cell magic on the first line (``%%time`` -> ``time``), or None."""
    for line in source.splitlines():
        if line.strip():
            stripped = line.strip()
            if stripped.startswith("%%"):
                return stripped[2:].split(None, 1)[0] if stripped[2:].strip() else ""
            return None
    return None


Migrate = Callable[[str, Options, str, "Sequence[str] | None"], "tuple[str, list[Change], list[Warning_]]"]


def migrate_notebook(text: str, options: Options, migrate: Migrate, rules: Sequence[str] | None = None
                     ) -> tuple[str, list[Change], list[Warning_]]:
    """Rewrite the code cells of a notebook (imports of earlier cells bind names in later ones).

    ``migrate(source, options, context, rules)`` migrates one cell's Python.
    Raises ``json.JSONDecodeError`` for a file that is not JSON and
    ``CellError`` for a cell that is not Python 3.
    """
    nb = json.loads(text)
    changes: list[Change] = []
    warnings: list[Warning_] = []
    any_change = False
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    code_cells = [c for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
    context = ""
    for index, cell in enumerate(code_cells, start=1):
        source = cell.get("source", "")
        src = "".join(source) if isinstance(source, list) else source
        if not isinstance(src, str) or not src.strip():
            continue
        magic = cell_magic(src)
        if magic is not None and magic not in PYTHON_CELL_MAGICS:
            if _KERAS.search(src):
                warnings.append(Warning_(0, "notebook", f"cell {index}: a %%{magic} cell is not Python; "
                                                        "left as it is"))
            continue
        masked = mask(src)
        cell_options = options
        if not _valid(masked.code):
            if not options.py2:
                raise CellError(index, _syntax(masked.code), masked.code)
        elif options.py2:
            cell_options = _without_py2(options)
        try:
            new, ch, wa = migrate(masked.code, cell_options, context, rules)
        except (SyntaxError, libcst.ParserSyntaxError) as exc:
            raise CellError(index, exc, masked.code) from exc
        except Exception as exc:
            if type(exc).__name__ == "ParseError":  # fissix's: the 2to3 fixers could not read it either
                raise CellError(index, exc, masked.code) from exc
            raise
        restored = masked.restore(new)
        if restored is None:  # a rule removed a masked line: keep the cell, say so
            warnings.append(Warning_(0, "notebook", f"cell {index}: IPython lines could not be put back; "
                                                    "cell left as it is"))
            continue
        # imports of earlier cells bind names in later ones
        context += "".join(line + "\n" for line in masked.code.splitlines()
                           if line.startswith(("import ", "from ")))
        if restored != src:
            any_change = True
            cell["source"] = restored.splitlines(keepends=True) if isinstance(source, list) else restored
            changes += [Change(c.line, c.rule, c.before, f"cell {index}: {c.after}") for c in ch]
        warnings += [Warning_(w.line, w.rule, f"cell {index}: {w.message}") for w in wa]
    if not any_change:
        return text, [], warnings
    indent = 1
    match = re.search(r'\n( +)"', text)
    if match:
        indent = len(match.group(1))
    out = json.dumps(nb, indent=indent, ensure_ascii=False)
    if text.endswith("\n"):
        out += "\n"
    return out, changes, warnings


def _syntax(code: str) -> SyntaxError:
    try:
        ast.parse(code)
    except SyntaxError as exc:
        return exc
    except ValueError as exc:  # null bytes
        return SyntaxError(str(exc))
    return SyntaxError("invalid syntax")  # pragma: no cover - only called for invalid code


def _without_py2(options: Options) -> Options:
    import dataclasses

    return dataclasses.replace(options, py2=False)
