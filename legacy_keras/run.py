"""``legacy-run``: run a Keras 1 script or module unchanged on Keras 3.

The trick is an import redirect, not a copy of Keras in ``sys.modules``:
``builtins.__import__`` is wrapped so that an ``import keras...`` statement
executed by *user code* resolves to ``legacy_keras...``, while TensorFlow,
Keras 3 and every other installed library that imports ``keras`` keep getting
the real Keras 3 (they live in site-packages, user code does not).  Real
Keras 3 therefore stays at ``sys.modules['keras']`` and TensorFlow's internals
are untouched.

``sys.argv``, ``__main__``, the exit status and tracebacks behave as with
``python script.py``; ``-m`` runs a module like ``python -m`` (so
``legacy-run -m pytest tests/`` runs a Keras 1 project's own test suite).
"""
from __future__ import annotations

import builtins
import contextlib
import os
import runpy
import sys
import sysconfig
import traceback
from types import FrameType
from typing import Any, Callable, Sequence

USAGE = """usage: legacy-run [--strategy mirrored|multi-worker] SCRIPT [ARGS...]
       legacy-run [--strategy ...] -m MODULE [ARGS...]
       legacy-run [--strategy ...] NOTEBOOK.ipynb
       legacy-run --version

Run a Keras 1.x script, module or notebook unchanged on Keras 3: inside it,
'import keras' and 'from keras.layers.core import Dense' resolve to legacy_keras.

options:
  --strategy mirrored      build every model under tf.distribute.MirroredStrategy
                           (all GPUs; on CPU, LEGACY_KERAS_CPU_DEVICES=N logical CPUs)
  --strategy multi-worker  MultiWorkerMirroredStrategy over the cluster in TF_CONFIG
  --version                print the legacy-keras, Keras API, Keras 3 and TensorFlow versions

environment:
  LEGACY_KERAS_VERBOSE=1   show TensorFlow's C++ start-up lines (hidden by default)"""

#: Top-level packages that must always see the real Keras 3.
MODERN_PACKAGES = frozenset({
    "keras", "tensorflow", "tf_keras", "tensorboard", "legacy_keras", "migrate",
    "keras_nlp", "keras_hub", "keras_cv", "tensorflow_hub", "jax", "torch",
    "importlib", "pkgutil", "runpy",
})

_LIBRARY_DIRS = tuple(
    os.path.realpath(p) + os.sep
    for p in {sysconfig.get_paths()[key] for key in ("purelib", "platlib", "stdlib")}
)

_original_import: Callable[..., Any] | None = None


def _is_user_code(importer_globals: dict[str, Any] | None) -> bool:
    """True when the module executing an import statement is the user's own code."""
    if not importer_globals:
        return True
    module_name = importer_globals.get("__name__") or ""
    if module_name.split(".", 1)[0] in MODERN_PACKAGES:
        return False
    filename = importer_globals.get("__file__")
    if not filename:
        return True  # __main__ run from stdin, exec() in a REPL, notebooks
    real = os.path.realpath(filename)
    return not real.startswith(_LIBRARY_DIRS)


def _legacy_name(name: str) -> str | None:
    if name == "keras" or name.startswith("keras."):
        return "legacy_keras" + name[len("keras"):]
    return None


def _redirecting_import(name: str, globals: dict[str, Any] | None = None,
                        locals: Any = None, fromlist: Sequence[str] = (), level: int = 0):
    assert _original_import is not None
    if level == 0:
        target = _legacy_name(name)
        if target is not None and _is_user_code(globals):
            return _original_import(target, globals, locals, fromlist, level)
    return _original_import(name, globals, locals, fromlist, level)


def install_keras1_imports() -> None:
    """Make ``import keras`` in user code mean ``legacy_keras`` (idempotent)."""
    global _original_import
    if _original_import is not None:
        return
    _original_import = builtins.__import__
    builtins.__import__ = _redirecting_import


def uninstall_keras1_imports() -> None:
    """Undo :func:`install_keras1_imports` (used by tests)."""
    global _original_import
    if _original_import is not None:
        builtins.__import__ = _original_import
        _original_import = None


def _print_user_traceback(exc: BaseException) -> None:
    """Print a traceback without legacy-run's own frames on top, like python does."""
    tb = exc.__traceback__
    here = os.path.realpath(__file__)
    while tb is not None and _frame_is_runner(tb.tb_frame, here):
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, tb)


def _frame_is_runner(frame: FrameType, here: str) -> bool:
    filename = frame.f_code.co_filename
    if filename.startswith("<frozen runpy"):
        return True
    filename = os.path.realpath(filename)
    runner_files = (here, os.path.realpath(runpy.__file__),
                    os.path.join(os.path.dirname(here), "_notebook.py"))
    return filename in runner_files


def version_text() -> str:
    """``legacy-run --version``: this package, the Keras API it speaks, and what runs it.

    Keras 3 and TensorFlow versions come from package metadata, so ``--version`` answers
    at once, without importing TensorFlow.
    """
    from importlib import metadata

    import legacy_keras

    def installed(distribution: str) -> str:
        try:
            return metadata.version(distribution)
        except metadata.PackageNotFoundError:
            return "not installed"

    return (f"legacy-run (legacy-keras {legacy_keras.package_version}): Keras {legacy_keras.__version__} "
            f"API on Keras {installed('keras')}, TensorFlow {installed('tensorflow')}, "
            f"Python {sys.version.split()[0]}")


def _parse_options(args: list[str]) -> tuple[dict[str, str], list[str]] | int:
    """legacy-run's own options come before the script; everything after belongs to it."""
    options: dict[str, str] = {}
    while args and args[0].startswith("--"):
        option = args.pop(0)
        if option == "--version":
            print(version_text())
            return 0
        if option in ("--help",):
            print(USAGE)
            return 0
        name, _, value = option.partition("=")
        if name == "--strategy":
            if not value:
                if not args:
                    print("legacy-run: --strategy needs a value: mirrored or multi-worker", file=sys.stderr)
                    return 2
                value = args.pop(0)
            options["strategy"] = value
            continue
        print(f"legacy-run: unknown option {option!r} (see legacy-run --help)", file=sys.stderr)
        return 2
    return options, args


def _run_target(args: list[str]) -> int | None:
    """Run the script, module or notebook named by ``args``; an int is an early exit status."""
    if args[0] == "-m":
        if len(args) < 2:
            print("legacy-run: -m needs a module name", file=sys.stderr)
            return 2
        module, rest = args[1], args[2:]
        sys.argv = [module] + rest
        sys.path.insert(0, os.getcwd())
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return None
    script, rest = args[0], args[1:]
    if not os.path.exists(script):
        print(f"legacy-run: can't open file {script!r}: no such file", file=sys.stderr)
        return 2
    sys.argv = [script] + rest
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    if script.endswith(".ipynb"):
        from legacy_keras import _notebook
        return _notebook.run_notebook(script)
    runpy.run_path(script, run_name="__main__")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``legacy-run`` and ``python -m legacy_keras``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr if not args else sys.stdout)
        return 2 if not args else 0
    parsed = _parse_options(args)
    if isinstance(parsed, int):
        return parsed
    options, args = parsed
    if not args:
        print("legacy-run: no script, -m MODULE or notebook given", file=sys.stderr)
        return 2
    if args[0] != "-m" and not os.path.exists(args[0]):
        print(f"legacy-run: can't open file {args[0]!r}: no such file", file=sys.stderr)
        return 2
    from legacy_keras import _config, _ecosystem, _startup
    _config.keep_keras3_importable()  # a Keras 1 keras.json says "backend": "theano"
    _startup.quiet_tensorflow_start()
    _config.sync_keras3_data_format()  # keras.json's Keras 1 image_dim_ordering rules both
    scope = contextlib.nullcontext()
    if "strategy" in options:
        from legacy_keras import _distribute
        try:
            scope = _distribute.make_strategy(options["strategy"]).scope()
        except _distribute.StrategyError as error:
            print(f"legacy-run: {error}", file=sys.stderr)
            return 2
    install_keras1_imports()
    _ecosystem.install()
    try:
        with scope:
            status = _run_target(args)
        if status is not None:
            return status
    except SystemExit as exit_request:
        code = exit_request.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BaseException as error:  # noqa: BLE001 - mirror the interpreter
        _print_user_traceback(error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
