"""``legacy-migrate [options] PATH...``: rewrite Keras 1 source to Keras 2/3 names that run on Keras 3.

Exit status: 0 done, 1 (``--check``) files would change, 2 errors (a file that
is not valid Python 3, unreadable or read-only files, bad paths).  Never imports
TensorFlow: start-up time matters for pre-commit hooks and big trees.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

DESCRIPTION = ("Rewrite Keras 1 source (.py files and notebook code cells) to Keras 2/3 names that run on "
               "plain Keras 3 / tf.keras and compute the same thing.")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="legacy-migrate", description=DESCRIPTION)
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (recursive: .py, .ipynb)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 when something would change")
    mode.add_argument("-o", "--output-dir", metavar="DIR", help="write rewritten copies under DIR, mirroring the tree")
    p.add_argument("--report", metavar="FILE.json", help="write every change and warning as JSON")
    p.add_argument("-j", "--jobs", type=int, default=0,
                   help="parallel processes (default: all cores, for runs big enough to gain from them)")
    p.add_argument("-q", "--quiet", action="store_true", help="only errors and the exit status")
    p.add_argument("-v", "--verbose", action="store_true", help="list every change")
    p.add_argument("--keras-module", choices=("keras", "tensorflow.keras"), default="keras",
                   help="the Keras 3 package the rewritten code imports (default: keras)")
    p.add_argument("--py2", action="store_true", help="apply the 2to3 fixers (fissix) first")
    p.add_argument("--image-dim-ordering", choices=("tf", "th"), default="tf",
                   help="the image_dim_ordering of the code's keras.json: what dim_ordering='default' "
                        "(or none) meant; 'th' adds data_format='channels_first' (default: tf)")
    return p


def _common_root(files: Sequence[Path], paths: Sequence[str]) -> Path:
    roots = [Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent for p in paths]
    return Path(os.path.commonpath([str(r) for r in roots])) if roots else Path.cwd()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``legacy-migrate`` console script."""
    args = _parser().parse_args(argv)  # --help and usage errors never import libcst
    import migrate.transform  # noqa: F401 - the codemod itself, before the collector is tuned

    # A run allocates hundreds of thousands of small syntax-tree objects; with the
    # default thresholds the cyclic collector rescans them (and everything the
    # imports created) over and over, ~5-10 % of the CPU time.  Freeze what the
    # imports created and collect less often (memory stays bounded); restored
    # afterwards for callers that run ``main`` in their own process (tests).
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20000, 20, 50)
    try:
        return _run(args)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _run(args: argparse.Namespace) -> int:
    from migrate import engine
    from migrate.context import Options

    options = Options(keras_module=args.keras_module, py2=args.py2,
                      detail=bool(args.report or args.verbose),
                      image_dim_ordering=args.image_dim_ordering)
    out = sys.stdout
    err = sys.stderr
    if args.py2:
        try:
            import fissix  # noqa: F401
        except ImportError:
            print("legacy-migrate: --py2 needs fissix (pip install 'legacy-keras[py2]')", file=err)
            return 2
    files, missing = engine.discover(args.paths)
    for path in missing:
        print(f"legacy-migrate: {path}: no such file or directory", file=err)
    root = _common_root(files, args.paths)
    results = []
    write_errors = 0
    for result in engine.run_files(files, options, args.jobs, want_diff=args.diff):
        results.append(result)
        if result.error:
            print(f"{result.path}: error: {result.error}", file=err)
            continue
        if not result.changed:
            continue
        if args.diff:
            out.write(result.diff)
        elif args.check:
            if not args.quiet:
                print(f"would rewrite {result.path}", file=out)
        else:
            target = Path(result.path)
            if args.output_dir:
                target = Path(args.output_dir) / Path(result.path).resolve().relative_to(root)
            try:
                engine.write_atomic(target, result.new_bytes)  # type: ignore[arg-type]
            except OSError as exc:
                result.error = f"cannot write {target}: {exc.strerror or exc}"
                print(f"{result.path}: error: {result.error}", file=err)
                write_errors += 1
                continue
        if args.verbose:
            for c in result.changes:
                print(f"{result.path}:{c.line}: [{c.rule}] {c.before}  ->  {c.after}", file=out)
    if args.output_dir:  # unchanged files are copied too, so the mirror is complete
        for result in results:
            if not result.changed and not result.error:
                target = Path(args.output_dir) / Path(result.path).resolve().relative_to(root)
                try:
                    engine.write_atomic(target, Path(result.path).read_bytes())
                except OSError as exc:
                    print(f"{result.path}: error: cannot copy to {target}: {exc}", file=err)
                    write_errors += 1
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump(engine.report_json(results), handle, indent=2)
    changed = [r for r in results if r.changed and not r.error]
    errors = [r for r in results if r.error]
    if not args.quiet:
        _summary(results, changed, errors, args, file=err if args.diff else out)
    if errors or missing or write_errors:
        return 2
    if args.check and changed:
        return 1
    return 0


def _summary(results, changed, errors, args, file) -> None:  # type: ignore[no-untyped-def]
    per_rule = Counter(c.rule for r in results for c in r.changes if not r.error)
    warnings = [(r.path, w) for r in results for w in r.warnings]
    verb = "would change" if (args.check or args.diff) else "changed"
    print(f"legacy-migrate: {len(results)} files scanned, {len(changed)} {verb}, "
          f"{sum(per_rule.values())} changes, {len(warnings)} warnings, {len(errors)} errors", file=file)
    for rule, count in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {rule:<14} {count}", file=file)
    if warnings:
        print("needs a human:", file=file)
        for path, w in warnings:
            print(f"  {path}:{w.line}: {w.message}", file=file)
    for r in errors:
        print(f"  {r.path}: error: {r.error}", file=file)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
