"""``legacy-run notebook.ipynb``: a notebook's code cells, in order, as one Keras 1 program.

Most Keras 1 code of 2016-2017 lives in course and tutorial notebooks.  The cells run in
one namespace (``__name__ == "__main__"``), under the same import redirect as a script,
so ``import keras`` in any cell is legacy_keras.  IPython syntax has no meaning outside
IPython: line magics (``%matplotlib inline``), shell lines (``!pip install keras==1.2``,
``files = !ls``) and cell magics (``%%time``) are skipped, each with a one-line note
naming the cell and line.  Reading the notebook needs no Jupyter package: an ``.ipynb``
is JSON (nbformat 4; nbformat 3's ``worksheets`` are read too).
"""
from __future__ import annotations

import json
import linecache
import os
import re
import sys
from typing import Any

#: A line IPython would treat as a magic or a shell escape (also ``x = !ls``, ``x = %who_ls``).
_IPYTHON_LINE = re.compile(r"^\s*(%|!)|^\s*[\w.,\s]+=\s*(%|!)(?!=)")
#: ``model.fit?`` / ``??obj``: IPython help, not Python.
_HELP_LINE = re.compile(r"^\s*(\?\?|\?)[\w.]+\s*$|^\s*[\w.]+\s*\?\??\s*$")


class NotebookError(ValueError):
    """The file is not a readable notebook; the message is one line."""


def code_cells(path: str) -> list[str]:
    """Source of each code cell, in order."""
    try:
        with open(path, encoding="utf-8") as handle:
            notebook = json.load(handle)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise NotebookError(f"{path}: not a readable .ipynb notebook ({error})".splitlines()[0]) from None
    if not isinstance(notebook, dict):
        raise NotebookError(f"{path}: not a notebook (top level is not a JSON object)")
    cells = notebook.get("cells")
    if cells is None:  # nbformat 3
        cells = [cell for sheet in notebook.get("worksheets", []) for cell in sheet.get("cells", [])]
    sources = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input", ""))
        sources.append("".join(source) if isinstance(source, list) else str(source))
    return sources


def python_source(source: str, where: str) -> tuple[str, list[str]]:
    """The cell as plain Python, and one note per IPython-only line it had to skip.

    Skipped lines become ``pass`` at the same indentation, so line numbers in tracebacks
    and the surrounding blocks stay intact.
    """
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        return "", [f"{where}: skipped the cell (cell magic {lines[0].strip()!r})"]
    notes = []
    out = []
    for number, line in enumerate(lines, start=1):
        if _IPYTHON_LINE.match(line) or _HELP_LINE.match(line):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}pass")
            notes.append(f"{where} line {number}: skipped IPython line {line.strip()!r}")
        else:
            out.append(line)
    return "\n".join(out) + "\n", notes


def run_notebook(path: str) -> int | None:
    """Execute the notebook's code cells in order in one ``__main__`` namespace."""
    try:
        cells = code_cells(path)
    except NotebookError as error:
        print(f"legacy-run: {error}", file=sys.stderr)
        return 2
    import types
    main = types.ModuleType("__main__")
    main.__dict__.update({"__file__": os.path.abspath(path), "__builtins__": __builtins__})
    saved_main = sys.modules.get("__main__")
    sys.modules["__main__"] = main
    name = os.path.basename(path)
    try:
        for index, source in enumerate(cells, start=1):
            code, notes = python_source(source, f"{name} cell {index}")
            for note in notes:
                print(f"legacy-run: {note}", file=sys.stderr)
            if not code.strip():
                continue
            filename = f"{os.path.abspath(path)}[cell {index}]"
            linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
            exec(compile(code, filename, "exec"), main.__dict__)  # noqa: S102 - running the user's notebook
    finally:
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
    return None
