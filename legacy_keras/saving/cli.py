"""``legacy-convert``: Keras 1 HDF5 models and weights -> Keras 3 files.

Usage::

    legacy-convert OLD_MODEL.h5 NEW.keras                  # whole model (model.save file)
    legacy-convert OLD_WEIGHTS.h5 NEW.weights.h5 --arch ARCH.json   # or --arch OLD_MODEL.h5
    legacy-convert --info FILE                              # what is in it, what would happen
    legacy-convert MODELS_DIR/ -o CONVERTED_DIR/ [-j N]      # every Keras 1 .h5 of a tree
    legacy-convert OLD.h5 OUT_DIR --format saved_model       # or OUT.tflite --format tflite
    legacy-convert --version

Options: ``--source-backend theano|tensorflow`` (Keras 1 files do not record
it; default rule: ``dim_ordering='th'`` anywhere => Theano), ``--custom-objects
module:attr`` (a dict of classes/functions, or one class), ``--force``.

Layers plain Keras 3 lacks are rewritten into built-in Keras 3 layers with the
same numbers (``--keep-legacy-layers`` keeps them); the output is verified in a
fresh process with legacy_keras blocked (``--no-verify`` skips it).

Exit status: 0 converted; 2 the input cannot be converted (each reason is one
line on stderr, no traceback, no output file left); 3 verification failed (no
output left); 1 an unexpected internal error (one line;
``LEGACY_CONVERT_DEBUG=1`` shows the traceback).
TensorFlow is imported only when a conversion actually runs: ``--info`` and
every refusal found while reading the file are pure h5py.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from typing import Any, Sequence

PROG = "legacy-convert"
LARGE_FILE = 64 * 1024 * 1024


class UsageError(Exception):
    """Wrong arguments; reported on one line with exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Convert Keras 1 HDF5 models/weights to Keras 3 (.keras / .weights.h5).")
    parser.add_argument("source", nargs="?", help="Keras 1 HDF5 file (model.save or save_weights)")
    parser.add_argument("target", nargs="?", help="output: NEW.keras or NEW.weights.h5")
    parser.add_argument("--arch", help="architecture for a weights file: to_json/to_yaml text or a model.save file")
    parser.add_argument("--info", metavar="FILE", help="describe a Keras 1 file and what conversion would do")
    parser.add_argument("--json", action="store_true", help="with --info: print JSON")
    parser.add_argument("--source-backend", choices=("theano", "tensorflow"),
                        help="backend that trained the model (Keras 1 files do not record it)")
    parser.add_argument("--image-dim-ordering", choices=("th", "tf"),
                        help="dim_ordering of layers that saved none (default: from the file's Keras "
                             "version: 'th' without keras_version, i.e. Keras 1.0.x, else 'tf')")
    parser.add_argument("--custom-objects", action="append", default=[], metavar="MODULE:ATTR",
                        help="custom layer classes / Lambda functions (a dict, or one class); repeatable")
    parser.add_argument("--with-training-config", action="store_true",
                        help="compile the .keras model with the Keras 1 optimizer/loss (needs legacy_keras to load)")
    parser.add_argument("--verify", action=argparse.BooleanOptionalAction, default=True,
                        help="load the output in a fresh process with plain Keras (legacy_keras "
                             "blocked) and compare its predictions with the Keras 1 model's on "
                             "seeded random inputs; refuse beyond 1e-5 relative (default: on)")
    parser.add_argument("--keep-legacy-layers", action="store_true",
                        help="keep legacy_keras layers instead of rewriting them into built-in "
                             "Keras 3 layers (loading then needs legacy_keras)")
    parser.add_argument("--channels-last", action="store_true",
                        help="for a 'th' model: the .keras takes NHWC inputs (kernels and the Dense "
                             "after a Flatten adapted); predictions equal the original's on "
                             "transposed inputs")
    parser.add_argument("--format", choices=("keras", "saved_model", "tflite", "onnx"), default=None,
                        help="export through Keras 3's Model.export (TARGET: a SavedModel "
                             "directory, X.tflite or X.onnx), checked by loading the export and "
                             "comparing predictions with the Keras 1 model")
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")
    parser.add_argument("-o", "--output", metavar="OUT_DIR",
                        help="with a directory SOURCE: where the converted tree goes")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help="with a directory SOURCE: convert N files at a time (worker processes)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no notes, no progress bar")
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    return parser


def _version() -> str:
    """The installed distribution's version (the source tree's pyproject when not installed)."""
    try:
        from importlib.metadata import PackageNotFoundError, version
        try:
            return version("legacy-keras")
        except PackageNotFoundError:
            pass
    except ImportError:
        pass
    import re
    pyproject = os.path.join(os.path.dirname(__file__), "..", "..", "pyproject.toml")
    try:
        with open(pyproject, encoding="utf8") as handle:
            found = re.search(r'^version\s*=\s*"([^"]+)"', handle.read(), re.M)
        return found.group(1) if found else "unknown"
    except OSError:
        return "unknown"


def load_custom_objects(specs: Sequence[str]) -> dict[str, Any]:
    """``module:attr`` -> dict (a dict attr is merged; a class/function is keyed by its name)."""
    objects: dict[str, Any] = {}
    for spec in specs:
        module_name, _, attr = spec.partition(":")
        if not module_name or not attr:
            raise UsageError(f"--custom-objects expects MODULE:ATTR, got {spec!r}")
        sys.path.insert(0, os.getcwd())
        try:
            module = importlib.import_module(module_name)
        except Exception as error:
            raise UsageError(f"--custom-objects {spec}: cannot import {module_name!r} ({error})") from None
        finally:
            sys.path.pop(0)
        try:
            value = getattr(module, attr)
        except AttributeError:
            raise UsageError(f"--custom-objects {spec}: module {module_name!r} has no {attr!r}") from None
        if isinstance(value, dict):
            objects.update(value)
        else:
            objects[getattr(value, "__name__", attr)] = value
    return objects


_KINDS = {"model": "full model (model.save)", "weights": "weights only (save_weights)",
          "architecture": "architecture only (to_json/to_yaml)"}


def _print_info(path: str, source_backend: str | None, as_json: bool,
                image_dim_ordering: str | None = None) -> None:
    from legacy_keras.saving import inspect_file
    info = inspect_file(path, source_backend, image_dim_ordering)
    if as_json:
        print(json.dumps(info, indent=1, default=str))
        return
    print(f"file:            {info['path']}")
    print(f"kind:            {_KINDS.get(info['kind'], info['kind'])}")
    print(f"Keras version:   {info['keras_version']}")
    if info["model_class"]:
        print(f"model class:     {info['model_class']}")
    print(f"dim ordering:    {', '.join(info['dim_ordering']) or 'none recorded'}")
    if info.get("dim_ordering_note"):
        print(f"assumed:         {info['dim_ordering_note']}")
    if info.get("assumed_backend"):
        matters = "" if info.get("backend_matters") else " (no layer depends on it)"
        print(f"backend:         {info['assumed_backend']}{matters}: {info['backend_reason']}")
    else:
        print(f"backend:         {info['backend_reason']}")
    print(f"weights:         {info['weight_bytes'] / 1e6:.2f} MB")
    if info["training_config"]:
        opt = info["training_config"].get("optimizer_config", {}).get("class_name")
        print(f"training config: optimizer {opt}, loss {info['training_config'].get('loss')!r}"
              " (restored when the optimizer/loss exist in legacy_keras)")
    if info["optimizer_weights"]:
        print(f"optimizer state: {info['optimizer_weights']} arrays (dropped on conversion)")
    print("layers:")
    for layer in info["layers"]:
        shapes = ", ".join(f"{w['name']} {tuple(w['shape'])}" for w in layer["weights"]) or "-"
        print(f"  {layer['name']:<28} {layer['class_name'] or '':<22} {shapes}")
    from legacy_keras.saving.builtin_plan import config_plan
    rewrites, kept = [], []
    if info.get("assumed_backend") and info["kind"] == "architecture":
        from legacy_keras.saving.hdf5 import read_architecture
        rewrites, kept = config_plan(read_architecture(path), info["assumed_backend"] == "theano")
    elif info.get("assumed_backend"):
        from legacy_keras.saving.hdf5 import Keras1H5
        with Keras1H5(path) as k1:
            rewrites, kept = config_plan(k1.model_config, info["assumed_backend"] == "theano")
    for step in info.get("plan", []):
        if step.startswith("layers without a Keras 3 class"):
            continue  # superseded by the built-in rewrite lines below
        print(f"would:           {step}")
    for line in rewrites:
        print(f"built-in:        {line}")
    for line in kept:
        print(f"kept:            {line}")
    if info["kind"] == "model":
        print("conversion:      legacy-convert FILE NEW.keras (whole model) or NEW.weights.h5")
    elif info["kind"] == "architecture":
        print("conversion:      legacy-convert WEIGHTS.h5 NEW.keras --arch FILE")
    else:
        print("conversion:      legacy-convert FILE NEW.weights.h5 --arch ARCH.json")


class _Progress:
    """A one-line progress bar on stderr, only for a tty or a large file."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r{PROG}: [{'#' * filled}{'.' * (width - filled)}] "
                         f"{done / 1e6:8.1f}/{total / 1e6:.1f} MB")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _quiet_tensorflow_import() -> None:
    """Import TensorFlow/Keras with C++ start-up logging sent to /dev/null.

    TensorFlow's native code logs to file descriptor 2 on import; the CLI
    promises one line on stderr per error.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        import keras  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _convert(args: argparse.Namespace) -> int:
    from legacy_keras.saving.verify import VerificationError
    from legacy_keras.saving.writer import open_source, output_kind

    source, target = args.source, args.target
    if args.format not in (None, "keras"):
        return _export(args)
    output_kind(target)
    if os.path.exists(target) and not args.force:
        raise UsageError(f"{target}: exists; pass --force to overwrite")
    if not os.path.isdir(os.path.dirname(os.path.abspath(target))):
        raise UsageError(f"{target}: directory does not exist")
    custom_objects = load_custom_objects(args.custom_objects)
    # The input is opened and parsed once; every refusal that needs no
    # TensorFlow (bad file, missing or bad architecture) happens here.
    opened = open_source(source, args.arch, args.source_backend)
    try:
        size = os.path.getsize(source)
        _quiet_tensorflow_import()
        from legacy_keras.saving.writer import convert
    except BaseException:
        opened[0].close()
        raise
    progress = _Progress(not args.quiet and (sys.stderr.isatty() or size >= LARGE_FILE))
    try:
        report = convert(source, target, arch=args.arch, custom_objects=custom_objects,
                         source_backend=args.source_backend, progress=progress,
                         training_config=args.with_training_config, opened=opened,
                         image_dim_ordering=args.image_dim_ordering,
                         builtin=not args.keep_legacy_layers, verify=args.verify,
                         verify_custom_objects=args.custom_objects,
                         channels_last=args.channels_last)
    except VerificationError as error:
        print(f"{PROG}: error: verification failed, nothing written: {error}", file=sys.stderr)
        return 3
    notes = list(report.notes)
    for name, class_name, reason in report.kept:
        notes.append(f"layer {name!r} ({class_name}) stays a registered object, not a built-in "
                     f"Keras 3 layer: {reason}")
    if report.backend_matters and args.source_backend is None:
        notes.insert(0, report.backend_reason)
    if report.legacy_classes:
        notes.append("the model uses legacy_keras objects (" + ", ".join(sorted(report.legacy_classes))
                     + "): run `import legacy_keras.saving.objects` before "
                     "keras.models.load_model")
    if not args.quiet:
        for note in notes:
            print(f"{PROG}: note: {note}", file=sys.stderr)
    kind = "model" if target.endswith(".keras") else "weights"
    rewritten = f", {len(report.rewritten)} rewritten into built-in layers" if report.rewritten else ""
    print(f"{PROG}: wrote {target} ({kind}, {report.layers} Keras 1 layers{rewritten}, "
          f"{'Theano' if report.theano else 'TensorFlow'}-trained)")
    if report.channels_last is not None:
        nhwc = report.channels_last
        print(f"{PROG}: channels_last: {sum(nhwc.inputs_nhwc)} input(s) take NHWC, "
              f"{len(nhwc.transposed_layers)} layer(s) adapted"
              + (f", {sum(nhwc.outputs_nhwc)} output(s) are NHWC" if any(nhwc.outputs_nhwc) else ""))
    if report.verification is not None:
        print(f"{PROG}: {report.verification.line()}")
    return 0


def _export(args: argparse.Namespace) -> int:
    """Convert to a scratch .keras, then export it with Model.export and check the export."""
    import shutil
    import tempfile

    from legacy_keras.saving import export
    from legacy_keras.saving.verify import VerificationError
    from legacy_keras.saving.writer import open_source
    try:
        export.check_available(args.format)
        export.check_target(args.format, args.target, args.force)
    except export.ExportError as error:
        raise UsageError(str(error)) from None
    custom_objects = load_custom_objects(args.custom_objects)
    opened = open_source(args.source, args.arch, args.source_backend)
    scratch = tempfile.mkdtemp(prefix="legacy_convert_export_")
    try:
        try:
            _quiet_tensorflow_import()
            from legacy_keras.saving.writer import convert
        except BaseException:
            opened[0].close()
            raise
        staged = os.path.join(scratch, "model.keras")
        try:
            report = convert(args.source, staged, arch=args.arch, custom_objects=custom_objects,
                             source_backend=args.source_backend, opened=opened,
                             image_dim_ordering=args.image_dim_ordering, verify=args.verify, verify_custom_objects=args.custom_objects,
                             channels_last=args.channels_last)
        except VerificationError as error:
            print(f"{PROG}: error: verification failed, nothing written: {error}", file=sys.stderr)
            return 3
        reference = export.reference_model(args.source, args.arch, custom_objects, args.source_backend,
                                           args.image_dim_ordering)
        nhwc = report.channels_last
        try:
            max_abs, max_rel = export.export(staged, args.format, args.target, reference, args.force,
                                             nhwc.inputs_nhwc if nhwc else (),
                                             nhwc.outputs_nhwc if nhwc else ())
        except export.ExportError as error:
            print(f"{PROG}: error: {error}; nothing written", file=sys.stderr)
            return 3
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{PROG}: wrote {args.target} ({args.format} export of {report.layers} Keras 1 layers); "
          f"export checked: max abs error {max_abs:.3g}, max rel error {max_rel:.3g}")
    return 0


def _convert_directory(args: argparse.Namespace) -> int:
    """``legacy-convert DIR -o OUT``: one line per file, a summary, exit 2 when any failed."""
    from legacy_keras.saving import directory
    out = args.output or args.target
    if not out:
        raise UsageError(f"{args.source}: a directory: give the output directory with -o OUT_DIR")
    if args.arch:
        raise UsageError("--arch is for one file; in a directory architectures are found by stem "
                         "(net.json beside net_weights.h5)")
    if args.jobs < 1:
        raise UsageError(f"-j expects a positive number, got {args.jobs}")
    if os.path.abspath(out) == os.path.abspath(args.source):
        raise UsageError("the output directory must differ from the input directory")
    load_custom_objects(args.custom_objects)   # refuse a bad spec before any work
    options = directory.Options(source_backend=args.source_backend,
                                image_dim_ordering=args.image_dim_ordering,
                                custom_objects=tuple(args.custom_objects),
                                training_config=args.with_training_config,
                                builtin=not args.keep_legacy_layers, verify=args.verify,
                                force=args.force)
    if args.jobs == 1:
        _quiet_tensorflow_import()
    outcomes = directory.run(args.source, out, options, workers=args.jobs,
                             emit=lambda outcome: directory.print_outcome(outcome))
    print(f"{PROG}: {directory.summary(outcomes)}")
    return 2 if any(outcome.status == "FAILED" for outcome in outcomes) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.info:
            if args.source or args.target:
                raise UsageError("--info takes one FILE and no output")
            _print_info(args.info, args.source_backend, args.json, args.image_dim_ordering)
            return 0
        if args.source and os.path.isdir(args.source):
            return _convert_directory(args)
        if args.output and not args.target:
            args.target = args.output
        if not args.source or not args.target:
            raise UsageError("usage: legacy-convert OLD.h5 NEW.keras | OLD_WEIGHTS.h5 NEW.weights.h5 "
                             "--arch ARCH.json | --info FILE")
        return _convert(args)
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except Exception as error:
        from legacy_keras.saving.hdf5 import Keras1FileError
        message = " ".join(str(error).split()) or type(error).__name__
        if isinstance(error, Keras1FileError):
            print(f"{PROG}: error: {message}", file=sys.stderr)
            return 2
        if os.environ.get("LEGACY_CONVERT_DEBUG"):
            raise
        print(f"{PROG}: internal error: {type(error).__name__}: {message[:300]} "
              "(LEGACY_CONVERT_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
