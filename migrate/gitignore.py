"""``.gitignore`` rules for directory walks (what ``git status`` would not show is not migrated).

The subset of gitignore(5) that real projects use: ``#`` comments, ``!``
negation (the last matching rule wins), a trailing ``/`` for directories
only, a ``/`` elsewhere anchoring the pattern to the ``.gitignore``'s
directory, ``*``/``?``/``[...]`` within one path component and ``**`` across
components.  Each directory's ``.gitignore`` applies below it, and those of
the directories above the walked one up to the repository root apply too.
No dependency and no ``git`` process: the codemod must start fast and work
outside a repository.
"""
from __future__ import annotations

import os
import re
from pathlib import Path


def _translate(glob: str) -> str:
    """Regex for one gitignore glob matched against a '/'-separated relative path."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("/**", i) and i + 3 == n:
            out.append("/.*")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = glob.find("]", i + 2)
            if j < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = glob[i + 1:j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j + 1
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


class _Rules:
    """The rules of one ``.gitignore`` file."""

    def __init__(self, base: str, text: str) -> None:
        self.base = base  # absolute directory of the .gitignore
        self.rules: list[tuple[re.Pattern[str], bool, bool]] = []  # (regex, negate, dir_only)
        for raw in text.splitlines():
            line = raw.rstrip()
            if line.endswith("\\"):  # "foo\ " keeps its escaped space
                line += " "
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            if negate:
                line = line[1:]
            if line.startswith("\\"):
                line = line[1:] if line[1:2] in ("#", "!") else line
            dir_only = line.endswith("/")
            line = line.rstrip("/")
            if not line:
                continue
            anchored = "/" in line
            line = line.lstrip("/")
            regex = _translate(line)
            if not anchored:
                regex = "(?:.*/)?" + regex
            self.rules.append((re.compile(regex + r"\Z"), negate, dir_only))

    def match(self, abspath: str, is_dir: bool) -> bool | None:
        """True ignored, False re-included, None: no rule of this file says."""
        rel = os.path.relpath(abspath, self.base).replace(os.sep, "/")
        if rel.startswith("../") or rel == "..":
            return None
        verdict = None
        for regex, negate, dir_only in self.rules:
            if dir_only and not is_dir:
                continue
            if regex.match(rel):
                verdict = not negate
        return verdict


class GitIgnore:
    """Answers "is this path ignored?" during a top-down walk from ``start``."""

    def __init__(self, start: Path) -> None:
        self._files: dict[str, _Rules | None] = {}
        self._outer: list[_Rules] = []  # .gitignore files above ``start``, up to the repository root
        above: list[_Rules] = []
        directory = os.path.abspath(start)
        while not os.path.exists(os.path.join(directory, ".git")):
            up = os.path.dirname(directory)
            if up == directory:  # not inside a repository: only the walked tree's own files apply
                return
            directory = up
            rules = self._load(directory)
            if rules is not None:
                above.insert(0, rules)
        self._outer = above

    def _load(self, directory: str) -> _Rules | None:
        if directory not in self._files:
            path = os.path.join(directory, ".gitignore")
            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    self._files[directory] = _Rules(directory, handle.read())
            except OSError:
                self._files[directory] = None
        return self._files[directory]

    def ignored(self, abspath: str, is_dir: bool, walked_dirs: list[str]) -> bool:
        """Whether ``abspath`` is ignored, given the directories walked from the start to its parent."""
        verdict = False
        for rules in self._outer + [r for d in walked_dirs if (r := self._load(d)) is not None]:
            said = rules.match(abspath, is_dir)
            if said is not None:
                verdict = said
        return verdict
