"""``legacy-convert DIR -o OUT [-j N]``: every Keras 1 ``.h5`` of a tree, one line per file.

Pairing (Keras 1 projects saved ``model.to_json()`` beside ``save_weights``):
a weights-only file finds its architecture by stem -- ``net_weights.h5`` or
``net.h5`` next to ``net.json`` / ``net.yaml`` / ``net.yml``.  Every input
``REL/NAME.h5`` becomes ``OUT/REL/NAME.keras``.

Per file: ``converted``, ``skipped`` (not a Keras 1 file, a Keras 2/3 file, an
output that exists without ``--force``) or ``FAILED`` (one-line reason).  Each
output is written atomically by :func:`legacy_keras.saving.writer.convert`, so a
failure never leaves a partial file.  ``-j N`` runs N worker processes (each
imports TensorFlow once); the listing is printed in input order.
"""
from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

ARCH_SUFFIXES = (".json", ".yaml", ".yml")
WEIGHT_STEM_SUFFIXES = ("_weights", "-weights", ".weights")


@dataclass
class Job:
    """One input file and where its output goes."""
    source: str
    target: str
    arch: str | None = None
    skip: str | None = None          # a reason to skip, decided without converting


@dataclass
class Outcome:
    source: str
    status: str                      # "converted" | "skipped" | "FAILED"
    message: str


@dataclass
class Options:
    """What every conversion of the run shares (the CLI's flags)."""
    source_backend: str | None = None
    image_dim_ordering: str | None = None
    custom_objects: Sequence[str] = ()
    training_config: bool = False
    builtin: bool = True
    verify: bool = True
    force: bool = False
    extra: dict = field(default_factory=dict)


def _stems(name: str) -> list[str]:
    """``net_weights.h5`` -> ``['net_weights', 'net']`` (the last is tried first)."""
    stem = os.path.splitext(name)[0]
    return [stem] + [stem[:-len(suffix)] for suffix in WEIGHT_STEM_SUFFIXES if stem.endswith(suffix)]


def _architecture_for(path: str) -> str | None:
    """``net.json`` (or .yaml/.yml) for ``net_weights.h5`` or ``net.h5``."""
    directory, name = os.path.split(path)
    for candidate in _stems(name)[::-1]:
        for suffix in ARCH_SUFFIXES:
            arch = os.path.join(directory, candidate + suffix)
            if os.path.isfile(arch):
                return arch
    return None


def find_jobs(root: str, out_root: str, force: bool = False) -> list[Job]:
    """Every ``.h5``/``.hdf5`` under ``root`` (sorted), paired and classified by h5py only."""
    from legacy_keras.saving.hdf5 import Keras1FileError, Keras1H5, NeedsNoConversion
    root = os.path.abspath(root)
    out_root = os.path.abspath(out_root)
    jobs: list[Job] = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs
                            if os.path.abspath(os.path.join(directory, d)) != out_root)
        for name in sorted(files):
            if not name.endswith((".h5", ".hdf5")) or name.startswith("."):
                continue
            source = os.path.join(directory, name)
            rel = os.path.relpath(source, root)
            target = os.path.join(out_root, os.path.splitext(rel)[0] + ".keras")
            job = Job(source, target)
            try:
                with Keras1H5(source) as k1:
                    if k1.model_config is None:
                        job.arch = _architecture_for(source)
                        if job.arch is None:
                            stem = _stems(name)[-1]
                            job.skip = (f"FAILED:a weights-only file and no architecture beside it "
                                        f"({stem}.json / .yaml)")
            except NeedsNoConversion as error:
                job.skip = f"needs no conversion ({str(error).split(': ', 1)[-1][:80]})"
            except Keras1FileError as error:
                job.skip = f"not a Keras 1 file ({str(error).split(': ', 1)[-1][:80]})"
            if job.skip is None and os.path.exists(target) and not force:
                job.skip = "output exists (--force overwrites)"
            jobs.append(job)
    return jobs


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300] or type(error).__name__


def convert_one(job: Job, options: Options) -> Outcome:
    """Convert one file; every error becomes a one-line FAILED outcome."""
    if job.skip is not None:
        if job.skip.startswith("FAILED:"):
            return Outcome(job.source, "FAILED", job.skip[len("FAILED:"):])
        return Outcome(job.source, "skipped", job.skip)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        from legacy_keras.saving.cli import load_custom_objects
        from legacy_keras.saving.writer import convert
        os.makedirs(os.path.dirname(job.target), exist_ok=True)
        report = convert(job.source, job.target, arch=job.arch,
                         custom_objects=load_custom_objects(options.custom_objects),
                         source_backend=options.source_backend,
                         image_dim_ordering=options.image_dim_ordering,
                         training_config=options.training_config, builtin=options.builtin,
                         verify=options.verify, verify_custom_objects=list(options.custom_objects))
    except Exception as error:  # one file's failure never stops the run
        return Outcome(job.source, "FAILED", _one_line(error))
    details = [f"{report.layers} Keras 1 layers"]
    if report.rewritten:
        details.append(f"{len(report.rewritten)} rewritten into built-in layers")
    if report.kept:
        details.append("kept: " + ", ".join(f"{name} ({cls})" for name, cls, _ in report.kept))
    if report.verification is not None:
        details.append(f"verified, max rel error {report.verification.max_rel:.2g}")
    return Outcome(job.source, "converted", f"-> {job.target} ({'; '.join(details)})")


def _worker_init() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)   # TensorFlow's start-up chatter; outcomes come back as values


def run(root: str, out_root: str, options: Options, workers: int = 1,
        emit: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Convert a tree; ``emit`` is called with each outcome in input order."""
    jobs = find_jobs(root, out_root, options.force)
    outcomes: list[Outcome] = []
    todo = [job for job in jobs if job.skip is None]
    if workers > 1 and len(todo) > 1:
        import multiprocessing
        context = multiprocessing.get_context("spawn")   # never fork a process holding TensorFlow
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=_worker_init) as pool:
            futures = [pool.submit(convert_one, job, options) for job in jobs]
            for future in futures:
                outcome = future.result()
                outcomes.append(outcome)
                if emit:
                    emit(outcome)
        return outcomes
    for job in jobs:
        outcome = convert_one(job, options)
        outcomes.append(outcome)
        if emit:
            emit(outcome)
    return outcomes


def print_outcome(outcome: Outcome, stream: Any = None) -> None:
    stream = stream or sys.stdout
    print(f"{outcome.status:<9} {outcome.source} {outcome.message}", file=stream, flush=True)


def summary(outcomes: Sequence[Outcome]) -> str:
    counts = {status: sum(1 for o in outcomes if o.status == status)
              for status in ("converted", "skipped", "FAILED")}
    return (f"{len(outcomes)} file(s): {counts['converted']} converted, {counts['skipped']} skipped, "
            f"{counts['FAILED']} failed")
