"""``--py2``: the standard 2to3 fixers (via ``fissix``, an optional extra) before the Keras rewrite.

fissix is lib2to3 kept alive outside the standard library (lib2to3 is gone
from Python 3.13).  Imported lazily: only ``--py2`` runs need it.
"""
from __future__ import annotations

import re

#: Python 2 only statement spellings at the start of a line: print/exec statements,
#: ``print >>f``, ``except E, e:``, ``raise E, msg`` (not ``<>`` or backticks, which
#: docstrings and strings hold as often as code).
_PY2 = re.compile(r"""^[ \t]*(?:print[ \t]+[^\s(=.,)\]}]|print[ \t]*>>|exec[ \t]+["'\w]"""
                  r"""|except[ \t]+[\w.]+[ \t]*,[ \t]*\w+[ \t]*:|raise[ \t]+[\w.]+[ \t]*,)""", re.M)


def looks_like_python2(source: str) -> bool:
    """Whether source that failed to parse as Python 3 shows a Python 2 spelling (for the --py2 hint)."""
    return _PY2.search(source) is not None


class Py2Unavailable(RuntimeError):
    """fissix is not installed."""


def py2_to_py3(source: str) -> str:
    """Apply every standard 2to3 fixer to ``source`` (Python 2 text) and return Python 3 text."""
    try:
        from fissix import refactor
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise Py2Unavailable("--py2 needs fissix: pip install 'legacy-keras[py2]'") from exc
    fixers = refactor.get_fixers_from_package("fissix.fixes")
    tool = refactor.RefactoringTool(fixers, options={"print_function": False})
    if not source.endswith("\n"):
        source += "\n"
    tree = tool.refactor_string(source, "<py2 source>")
    return str(tree)
