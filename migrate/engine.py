"""Files in, files out: discovery, decoding, notebooks, parallel jobs, atomic writes, the report.

A file is read as bytes and decoded the way Python would (BOM, PEP 263 coding
cookie); newlines are kept as they were (libcst round-trips ``\\r\\n``).  The
rewrite is encoded back with the same encoding and BOM and written through a
temporary file in the same directory + ``os.replace`` so a crash never leaves a
half-written file.  A notebook (``.ipynb``) has only its code cells rewritten;
the JSON is otherwise kept as it was (key order, indentation, metadata).

Per-file problems (invalid Python 3, unreadable, read-only) become
``FileResult.error`` entries, never exceptions out of ``run``.
"""
from __future__ import annotations

import codecs
import fnmatch
import io
import json
import os
import re
import tempfile
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from migrate.context import Change, Options, Warning_

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".tox", ".venv", "venv", "node_modules",
              ".ipynb_checkpoints", ".mypy_cache", ".pytest_cache", "build", "dist"}


@dataclass
class FileResult:
    """What happened to one file."""

    path: str
    changes: list[Change] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    error: str | None = None
    #: the error is a syntax error and the text looks like Python 2 (``print x``, ``except E, e``)
    python2: bool = False
    diff: str = ""
    new_bytes: bytes | None = None

    @property
    def changed(self) -> bool:
        return self.new_bytes is not None


def excluded(path: str, excludes: Sequence[tuple[str, str]], parents: bool = False) -> bool:
    """Whether a ``--exclude``/config glob matches ``path``'s name or its path below the glob's base.

    ``excludes``: (glob, base directory) pairs; a glob without ``/`` matches a
    file or directory name anywhere (``build``, ``*_py2.py``), one with ``/``
    the path relative to its base (the working directory for ``--exclude``, the
    ``pyproject.toml``'s directory for the config's ``exclude``).  ``parents``:
    the directories between the base and ``path`` are tried too (a file named
    on the command line inside an excluded directory).
    """
    absolute = os.path.abspath(path)
    for glob, base in excludes:
        pattern = glob.rstrip("/").lstrip("/")
        rel = os.path.relpath(absolute, base).replace(os.sep, "/")
        if rel == ".." or rel.startswith("../"):  # outside the base: only the name itself
            candidates = [os.path.basename(absolute)] if "/" not in pattern else []
        elif not parents:
            candidates = [rel if "/" in pattern else rel.rsplit("/", 1)[-1]]
        else:
            parts = rel.split("/")
            candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)] if "/" in pattern else parts
        if any(fnmatch.fnmatchcase(c, pattern) for c in candidates):
            return True
    return False


def discover(paths: Sequence[str], excludes: Sequence[tuple[str, str]] = (), gitignore: bool = True,
             force_exclude: bool = False) -> tuple[list[Path], list[str]]:
    """``.py`` and ``.ipynb`` files under ``paths`` (sorted), and paths that do not exist.

    In directories, ``excludes`` globs and ``.gitignore`` files prune what is
    walked; a file named on the command line is always taken unless
    ``force_exclude`` (pre-commit passes every staged file by name).
    """
    from migrate.gitignore import GitIgnore

    found: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            ignore = GitIgnore(path) if gitignore else None
            chain: dict[str, list[str]] = {}
            for root, dirs, files in os.walk(path):
                root_abs = os.path.abspath(root)
                walked = chain.get(root_abs) or [root_abs]
                keep = []
                for d in sorted(dirs):
                    full = os.path.join(root, d)
                    if d in _SKIP_DIRS or d.endswith(".egg-info") or excluded(full, excludes):
                        continue
                    if ignore is not None and ignore.ignored(os.path.abspath(full), True, walked):
                        continue
                    keep.append(d)
                    chain[os.path.abspath(full)] = walked + [os.path.abspath(full)]
                dirs[:] = keep
                for name in sorted(files):
                    if not name.endswith((".py", ".ipynb")):
                        continue
                    full = os.path.join(root, name)
                    if excluded(full, excludes):
                        continue
                    if ignore is not None and ignore.ignored(os.path.abspath(full), False, walked):
                        continue
                    found.append(Path(full))
        elif path.is_file():
            if not (force_exclude and excluded(raw, excludes, parents=True)):
                found.append(path)
        else:
            missing.append(raw)
    return found, missing


def decode(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding, had_bom) the way Python reads a source file."""
    bom = data.startswith(codecs.BOM_UTF8)
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    raw = data[len(codecs.BOM_UTF8):] if bom else data
    text = raw.decode(encoding)
    return text, encoding, bom


def encode(text: str, encoding: str, bom: bool) -> bytes:
    data = text.encode(encoding)
    return codecs.BOM_UTF8 + data if bom else data


def _migrate_text(text: str, options: Options, context: str = "",
                  rules: Sequence[str] | None = None) -> tuple[str, list[Change], list[Warning_]]:
    from migrate.transform import migrate_source

    if options.py2:
        from migrate.py2 import py2_to_py3
        text3 = py2_to_py3(text)
        result = migrate_source(text3, options, context, rules)
        changes = list(result.changes)
        if text3 != text:
            changes.insert(0, Change(0, "py2", "Python 2 source", "2to3 fixers (fissix)"))
        return result.code, changes, result.warnings
    result = migrate_source(text, options, context, rules)
    return result.code, result.changes, result.warnings


def _syntax_error(exc: Exception) -> str:
    text = str(exc)
    found = re.search(r"at (\d+):(\d+)", text)
    line = found.group(1) if found else (getattr(exc, "lineno", None) or getattr(exc, "editor_line", None) or "?")
    message = (getattr(exc, "message", None) or text.splitlines()[0])[:80]
    return (f"line {line}: not valid Python 3 ({message}); left untouched. Port it to Python 3 first "
            f"(legacy-migrate --py2 applies the 2to3 fixers) and run again")


def _notebook(text: str, options: Options, rules: Sequence[str] | None = None
              ) -> tuple[str, list[Change], list[Warning_]]:
    """Rewrite the code cells of a notebook, IPython lines kept (``migrate.notebook``)."""
    from migrate.notebook import migrate_notebook

    return migrate_notebook(text, options, _migrate_text, rules)


def process_file(path: str, options: Options, want_diff: bool = False, rules: Sequence[str] | None = None,
                 data: bytes | None = None) -> FileResult:
    """Migrate one file in memory (nothing is written here).

    ``data``: the file's bytes when they do not come from ``path`` (``-``, stdin).
    """
    result = FileResult(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            result.error = f"cannot read: {exc.strerror or exc}"
            return result
    try:
        text, encoding, bom = decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        result.error = f"cannot decode: {exc}"
        return result
    try:
        if path.endswith(".ipynb"):
            new, changes, warnings = _notebook(text, options, rules)
        else:
            new, changes, warnings = _migrate_text(text, options, rules=rules)
    except json.JSONDecodeError as exc:
        result.error = f"not a valid notebook: {exc}"
        return result
    except Exception as exc:  # noqa: BLE001 - every per-file failure is reported, never raised
        import libcst

        from migrate.notebook import CellError

        if isinstance(exc, CellError):  # a notebook cell that is not Python 3: the notebook is an error
            from migrate.py2 import looks_like_python2

            result.error = f"cell {exc.cell}, {_syntax_error(exc.error)}"
            result.python2 = not options.py2 and looks_like_python2(exc.source)
        elif isinstance(exc, (libcst.ParserSyntaxError, SyntaxError)):
            from migrate.py2 import looks_like_python2

            result.error = _syntax_error(exc)
            result.python2 = not options.py2 and looks_like_python2(text)
        else:
            result.error = f"internal error ({type(exc).__name__}: {exc}); file left untouched"
        return result
    result.changes, result.warnings = changes, warnings
    if new != text:
        try:
            result.new_bytes = encode(new, encoding, bom)
        except UnicodeEncodeError as exc:
            result.error = f"rewrite cannot be encoded as {encoding}: {exc}"
            return result
        if want_diff:
            import difflib

            result.diff = "".join(difflib.unified_diff(
                text.splitlines(keepends=True), new.splitlines(keepends=True),
                fromfile=f"a/{path}", tofile=f"b/{path}"))
    return result


def _default_mode() -> int:
    """What ``open(path, "w")`` would give a new file (0o666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``.

    The file gets ``mode`` (the source's permissions, for ``-o`` copies), else
    the mode of the file it replaces, else the usual mode of a new file
    (``mkstemp`` alone would leave 0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        if mode is None:
            mode = path.stat().st_mode
        if not os.access(path, os.W_OK):
            raise PermissionError(f"{path} is read-only")
    if mode is None:
        mode = _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _worker(args: tuple[str, Options, bool, Sequence[str] | None]) -> FileResult:
    return process_file(*args)


#: Source bytes each worker must get before ``--jobs`` left at its default
#: (all cores) starts a process pool.  Measured on the 2-core benchmark box
#: (``bench/bench_migrate.py``): a pool costs ~0.1-0.2 s of CPU (fork,
#: copy-on-write faults of the imported libcst, results sent back) and saves at
#: most half the wall time when the cores are free, less when they are busy; a
#: worker migrates roughly 150-250 KB of Keras code per second.  Below ~256 KB
#: per worker the pool is not worth its cost.
MIN_BYTES_PER_JOB = 256 * 1024


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def plan_jobs(files: Sequence[Path], jobs: int) -> int:
    """How many processes to use: ``jobs`` > 0 is the user's choice (capped at
    one worker per two files); 0 means all cores, but only as many workers as
    get ``MIN_BYTES_PER_JOB`` of source each."""
    if len(files) < 2:
        return 1
    if jobs > 0:
        return max(1, min(jobs, len(files) // 2))
    total = sum(_size(f) for f in files)
    return max(1, min(os.cpu_count() or 1, len(files) // 2, total // MIN_BYTES_PER_JOB))


def run_files(files: Sequence[Path], options: Options, jobs: int, want_diff: bool,
              rules: Sequence[str] | None = None) -> Iterator[FileResult]:
    """Migrate ``files`` (in parallel per ``plan_jobs``), yielding results in input order.

    Small runs stay in this process and pay no pool start-up.
    """
    import migrate.transform  # noqa: F401 - imported once here, inherited by forked workers

    tasks = [(str(f), options, want_diff, rules) for f in files]
    jobs = plan_jobs(files, jobs)
    if jobs <= 1:
        for task in tasks:
            yield _worker(task)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(tasks) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_worker, tasks, chunksize=chunk)


def report_json(results: Iterable[FileResult]) -> dict:
    """The ``--report`` document: every change and every warning with file and line."""
    changes, warnings, errors = [], [], []
    for r in results:
        changes += [{"file": r.path, "line": c.line, "rule": c.rule, "before": c.before, "after": c.after}
                    for c in r.changes]
        warnings += [{"file": r.path, "line": w.line, "rule": w.rule, "message": w.message} for w in r.warnings]
        if r.error:
            errors.append({"file": r.path, "message": r.error})
    return {"changes": changes, "warnings": warnings, "errors": errors}
