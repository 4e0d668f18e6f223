"""``legacy-migrate [options] PATH...``: rewrite Keras 1 source to Keras 2/3 names that run on Keras 3.

Exit status: 0 done, 1 (``--check``) files would change, 2 errors (a file that
is not valid Python 3, unreadable or read-only files, bad paths, a bad
``[tool.legacy-migrate]`` table, ``-o`` onto existing files without ``--force``).
Never imports TensorFlow: start-up time matters for pre-commit hooks and big trees.

The conventions of ruff/black: ``-`` reads stdin and writes stdout,
``--version``, ``--select``/``--ignore`` rules, ``--exclude`` globs and
``.gitignore`` in directories, ``--output-format text|json|github``, settings
in ``[tool.legacy-migrate]`` of the nearest ``pyproject.toml`` (command-line
options win), and ``# legacy-migrate: skip`` to keep one statement as it is.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Sequence, TextIO

DESCRIPTION = ("Rewrite Keras 1 source (.py files and notebook code cells) to Keras 2/3 names that run on "
               "plain Keras 3 / tf.keras and compute the same thing.")
EPILOG = ("Settings can live in [tool.legacy-migrate] of pyproject.toml (keras-module, image-dim-ordering, "
          "exclude, select, ignore, py2); options given here win. '# legacy-migrate: skip' on a line keeps "
          "that statement as it is.")


def version() -> str:
    """``legacy-migrate X.Y.Z`` (the installed distribution's version)."""
    from importlib import metadata

    try:
        number = metadata.version("legacy-keras")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        number = "unknown"
    return f"legacy-migrate {number}"


class _Version(argparse.Action):
    """``--version`` that looks the version up only when asked (start-up stays short)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest=dest, nargs=0, default=argparse.SUPPRESS,
                         help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(version())
        parser.exit()


def _names(values: list[str] | None) -> list[str]:
    """``--select a,b --select c`` -> ``[a, b, c]``."""
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="legacy-migrate", description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files or directories (recursive: .py, .ipynb); '-' reads stdin, writes stdout")
    p.add_argument("--version", action=_Version)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 when something would change")
    mode.add_argument("-o", "--output-dir", metavar="DIR", help="write rewritten copies under DIR, mirroring the tree")
    p.add_argument("--force", action="store_true", help="with -o: overwrite files that already exist in DIR")
    p.add_argument("--report", metavar="FILE.json", help="write every change and warning as JSON")
    p.add_argument("--output-format", choices=("text", "json", "github"), default="text",
                   help="how changes, warnings and errors are printed: text (default), json (the --report "
                        "document on stdout), github (GitHub Actions annotations)")
    p.add_argument("-j", "--jobs", type=int, default=0,
                   help="parallel processes (default: all cores, for runs big enough to gain from them)")
    p.add_argument("-q", "--quiet", action="store_true", help="only errors and the exit status")
    p.add_argument("-v", "--verbose", action="store_true", help="list every change")
    p.add_argument("--keras-module", choices=("keras", "tensorflow.keras"), default=None,
                   help="the Keras 3 package the rewritten code imports (default: keras)")
    p.add_argument("--py2", action="store_true", default=None, help="apply the 2to3 fixers (fissix) first")
    p.add_argument("--image-dim-ordering", choices=("tf", "th"), default=None,
                   help="the image_dim_ordering of the code's keras.json: what dim_ordering='default' "
                        "(or none) meant; 'th' adds data_format='channels_first' (default: tf)")
    p.add_argument("--select", action="append", metavar="RULE[,RULE]",
                   help="run only these rules (replaces the config's select)")
    p.add_argument("--ignore", action="append", metavar="RULE[,RULE]", help="do not run these rules")
    p.add_argument("--exclude", action="append", metavar="GLOB",
                   help="skip files and directories matching GLOB (a name, or a path relative to the working "
                        "directory), in addition to the config's exclude")
    p.add_argument("--force-exclude", action="store_true",
                   help="apply exclusions to files named on the command line too (pre-commit passes every file)")
    p.add_argument("--no-gitignore", dest="gitignore", action="store_false",
                   help="walk directories without honouring .gitignore files")
    p.add_argument("--stdin-filename", metavar="NAME",
                   help="the name of the file read from '-' (messages, .ipynb detection, config lookup)")
    return p


def _common_root(files: Sequence[Path], paths: Sequence[str]) -> Path:
    roots = [Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent for p in paths]
    return Path(os.path.commonpath([str(r) for r in roots])) if roots else Path.cwd()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``legacy-migrate`` console script."""
    args = _parser().parse_args(argv)  # --help, --version and usage errors never import libcst
    import migrate.transform  # noqa: F401 - the codemod itself, before the collector is tuned

    # A run allocates hundreds of thousands of small syntax-tree objects; with the
    # default thresholds the cyclic collector rescans them (and everything the
    # imports created) over and over, ~5-10 % of the CPU time.  Freeze what the
    # imports created and collect rarely: syntax trees hold no reference cycles
    # (300 files peak at the same ~45 MB with the collector off), so only error
    # paths (tracebacks) leave cyclic garbage.  Restored afterwards for callers that
    # run ``main`` in their own process (tests).
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(200000, 100, 100)
    try:
        return _run(args)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _fail(message: str) -> int:
    print(f"legacy-migrate: {message}", file=sys.stderr)
    return 2


def _settings(args: argparse.Namespace) -> str | None:
    """Fold ``[tool.legacy-migrate]`` into ``args``; an error message, or None."""
    from migrate import config as config_mod
    from migrate.rules import RULE_NAMES

    lookup = [args.stdin_filename] if args.paths == ["-"] and args.stdin_filename else args.paths
    try:
        config = config_mod.find(lookup)
    except config_mod.ConfigError as exc:
        return str(exc)
    args.config = config
    if args.keras_module is None:
        args.keras_module = config.keras_module or "keras"
    if args.image_dim_ordering is None:
        args.image_dim_ordering = config.image_dim_ordering or "tf"
    if args.py2 is None:
        args.py2 = bool(config.py2)
    select = _names(args.select) or config.select
    ignore = set(_names(args.ignore)) | set(config.ignore)
    for name in [*select, *ignore]:
        if name not in RULE_NAMES:
            where = f" (in {config.path})" if name in config.select or name in config.ignore else ""
            return f"unknown rule {name!r}{where}; the rules are: {', '.join(RULE_NAMES)}"
    chosen = [r for r in RULE_NAMES if (not select or r in select) and r not in ignore]
    args.rules = None if len(chosen) == len(RULE_NAMES) else tuple(chosen)
    cwd = os.path.abspath(os.getcwd())
    args.excludes = [(g, cwd) for g in _names(args.exclude)]
    if config.root is not None:
        args.excludes += [(g, str(config.root)) for g in config.exclude]
    return None


def _run(args: argparse.Namespace) -> int:
    from migrate import engine
    from migrate.context import Options

    problem = _settings(args)
    if problem:
        return _fail(problem)
    stdin = args.paths == ["-"]
    if "-" in args.paths and not stdin:
        return _fail("'-' (stdin) cannot be mixed with other paths")
    if stdin and args.output_dir:
        return _fail("'-' writes to stdout; -o DIR needs file or directory paths")
    # line and text of each change only where they are printed (code generation costs);
    # the count is the same either way
    detail = bool(args.report or args.verbose or args.output_format != "text")
    options = Options(keras_module=args.keras_module, py2=args.py2, detail=detail,
                      image_dim_ordering=args.image_dim_ordering)
    out = sys.stdout
    err = sys.stderr
    if args.py2:
        try:
            import fissix  # noqa: F401
        except ImportError:
            return _fail("--py2 needs fissix (pip install 'legacy-keras[py2]')")
    if stdin:
        return _run_stdin(args, options)
    files, missing = engine.discover(args.paths, args.excludes, gitignore=args.gitignore,
                                     force_exclude=args.force_exclude)
    for path in missing:
        print(f"legacy-migrate: {path}: no such file or directory", file=err)
    root = _common_root(files, args.paths)
    if args.output_dir and not args.force:
        existing = [t for t in (_target(args.output_dir, f, root) for f in files) if t.exists()]
        if existing:
            more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
            return _fail(f"-o {args.output_dir}: {existing[0]}{more} already exist{'s' if not more else ''}; "
                         f"nothing written (pass --force to overwrite)")
    results = []
    write_errors = 0
    text = args.output_format == "text"
    for result in engine.run_files(files, options, args.jobs, want_diff=args.diff, rules=args.rules):
        results.append(result)
        if result.error:
            if text:
                print(f"{result.path}: error: {result.error}", file=err)
            continue
        if not result.changed:
            continue
        if args.diff:
            out.write(result.diff)
        elif args.check:
            if not args.quiet and text:
                print(f"would rewrite {result.path}", file=out)
        else:
            target = Path(result.path)
            mode = None
            if args.output_dir:
                target = _target(args.output_dir, Path(result.path), root)
                mode = _mode_of(result.path)
            try:
                engine.write_atomic(target, result.new_bytes, mode)  # type: ignore[arg-type]
            except OSError as exc:
                result.error = f"cannot write {target}: {exc.strerror or exc}"
                if text:
                    print(f"{result.path}: error: {result.error}", file=err)
                write_errors += 1
                continue
        if args.verbose and text:
            for c in result.changes:
                print(f"{result.path}:{c.line}: [{c.rule}] {c.before}  ->  {c.after}", file=out)
    if args.output_dir:  # unchanged files are copied too, so the mirror is complete
        for result in results:
            if not result.changed and not result.error:
                target = _target(args.output_dir, Path(result.path), root)
                try:
                    engine.write_atomic(target, Path(result.path).read_bytes(), _mode_of(result.path))
                except OSError as exc:
                    result.error = f"cannot copy to {target}: {exc.strerror or exc}"
                    if text:
                        print(f"{result.path}: error: {result.error}", file=err)
                    write_errors += 1
    return _finish(args, results, missing, write_errors, diff_on_stdout=args.diff)


def _target(output_dir: str, path: Path, root: Path) -> Path:
    return Path(output_dir) / path.resolve().relative_to(root)


def _mode_of(path: str) -> int | None:
    try:
        return os.stat(path).st_mode
    except OSError:
        return None


def _run_stdin(args: argparse.Namespace, options: Any) -> int:
    """``legacy-migrate -``: the rewritten source on stdout (the input unchanged when nothing applies)."""
    from migrate import engine

    name = args.stdin_filename or "-"
    data = sys.stdin.buffer.read()
    result = engine.process_file(name, options, want_diff=args.diff, rules=args.rules, data=data)
    if result.error and args.output_format == "text":
        print(f"{name}: error: {result.error}", file=sys.stderr)
    if result.error:
        pass  # nothing on stdout: an editor or pipe keeps its input (exit 2)
    elif args.diff:
        sys.stdout.write(result.diff)
    elif not args.check:
        sys.stdout.flush()
        sys.stdout.buffer.write(result.new_bytes if result.changed else data)
        sys.stdout.buffer.flush()
    return _finish(args, [result], [], 0, diff_on_stdout=not args.check, summary_on_stderr=True)


def _finish(args: argparse.Namespace, results: list[Any], missing: list[str], write_errors: int,
            diff_on_stdout: bool, summary_on_stderr: bool = False) -> int:
    """Report, json/github output, summary and exit status.

    ``diff_on_stdout``: stdout carries a diff or the code, so everything else goes to stderr.
    """
    from migrate import engine

    report = engine.report_json(results) if (args.report or args.output_format == "json") else None
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)
    changed = [r for r in results if r.changed and not r.error]
    errors = [r for r in results if r.error]
    channel = sys.stderr if diff_on_stdout else sys.stdout
    if args.output_format == "json":
        json.dump(report, channel, indent=2)
        channel.write("\n")
    elif args.output_format == "github":
        _github(results, args.check or args.diff, channel)
    if not args.quiet:
        summary_to = sys.stderr if diff_on_stdout or summary_on_stderr or args.output_format != "text" \
            else sys.stdout
        _summary(results, changed, errors, args, file=summary_to)
    if errors or missing or write_errors:
        return 2
    if args.check and changed:
        return 1
    return 0


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(results, changed, errors, args, file: TextIO) -> None:  # type: ignore[no-untyped-def]
    per_rule = Counter(c.rule for r in results for c in r.changes if not r.error)
    warnings = [(r.path, w) for r in results for w in r.warnings]
    verb = "would change" if (args.check or args.diff) else "changed"
    print(f"legacy-migrate: {_plural(len(results), 'file')} scanned, {len(changed)} {verb}, "
          f"{_plural(sum(per_rule.values()), 'change')}, {_plural(len(warnings), 'warning')}, "
          f"{_plural(len(errors), 'error')}", file=file)
    if args.output_format != "text":  # the details were printed in that format already
        _py2_hint(errors, file)
        return
    for rule, count in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {rule:<14} {count}", file=file)
    if warnings:
        print("needs a human:", file=file)
        for path, w in warnings:
            print(f"  {path}:{w.line}: {w.message}", file=file)
    for r in errors:
        print(f"  {r.path}: error: {r.error}", file=file)
    _py2_hint(errors, file)


def _py2_hint(errors: list[Any], file: TextIO) -> None:
    py2 = [r for r in errors if getattr(r, "python2", False)]
    if py2:
        print(f"hint: {_plural(len(py2), 'file')} look{'s' if len(py2) == 1 else ''} like Python 2 "
              f"(e.g. {py2[0].path}); run again with --py2 to apply the 2to3 fixers first", file=file)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(level: str, path: str, line: int, title: str, message: str) -> str:
    props = [f"file={_escape_property(path)}"]
    if line:
        props.append(f"line={line}")
    props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def _github(results: list[Any], dry_run: bool, file: TextIO) -> None:
    """GitHub Actions workflow commands: one annotation per change, warning and error.

    A change is an ``error`` under ``--check``/``--diff`` (the job fails on it)
    and a ``notice`` when it was written; "needs a human" items are warnings.
    """
    for r in results:
        if r.error:
            print(_annotation("error", r.path, 0, "legacy-migrate", r.error), file=file)
            continue
        for c in r.changes:
            what = f"{c.before} -> {c.after}" if c.before or c.after else "Keras 1 code"
            verb = "would rewrite" if dry_run else "rewrote"
            print(_annotation("error" if dry_run else "notice", r.path, c.line, f"legacy-migrate ({c.rule})",
                              f"{verb}: {what}"), file=file)
        for w in r.warnings:
            print(_annotation("warning", r.path, w.line, f"legacy-migrate ({w.rule})", w.message), file=file)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
