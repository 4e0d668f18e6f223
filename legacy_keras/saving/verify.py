"""``legacy-convert --verify``: prove that the written file predicts like the Keras 1 model.

The output is loaded in a *fresh* Python process with plain Keras, where
importing ``legacy_keras`` raises (so a file that secretly needs legacy_keras
fails here, as it would for the user), and run on seeded random inputs of the
model's input shapes.  The same inputs go through the Keras 1 model run by
legacy_keras in this process.  Files that keep legacy objects by design
(a Lambda, a custom layer, ``--keep-legacy-layers``, ``--with-training-config``)
are loaded with ``import legacy_keras.saving.objects`` instead, and the
``--custom-objects`` modules imported.

Error measure, per output: ``max |converted - keras1|`` (absolute) and that
divided by ``max |keras1|`` (relative, to the output's scale: elementwise
relative error is meaningless near zero).  Beyond :data:`RTOL` relative the
conversion is refused.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

#: Refuse a conversion whose outputs differ from Keras 1's by more than this (relative).
RTOL = 1e-5
#: Batch size of the random inputs, and the length used for unknown (None) axes.
BATCH, FREE_LENGTH = 4, 5

#: Run in the fresh process: block legacy_keras (unless allowed), load, predict.
_CHILD = r"""
import importlib, json, os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
jobs = json.loads(sys.argv[1])

class _Block:
    def find_spec(self, name, path=None, target=None):
        if name == "legacy_keras" or name.startswith("legacy_keras."):
            raise ImportError("legacy_keras is blocked: the converted file must load with plain Keras")
        return None

if not any(job["allow_legacy"] for job in jobs):
    sys.meta_path.insert(0, _Block())
import numpy as np
import keras
for job in jobs:
    custom = {}
    try:
        if job["allow_legacy"]:
            import legacy_keras.saving.objects  # noqa: F401
        sys.path.insert(0, job["cwd"])
        for spec in job["custom_objects"]:
            module, _, attr = spec.partition(":")
            value = getattr(importlib.import_module(module), attr)
            custom.update(value if isinstance(value, dict) else {getattr(value, "__name__", attr): value})
        if job["path"].endswith(".keras"):
            model = keras.models.load_model(job["path"], custom_objects=custom or None,
                                            safe_mode=not job["unsafe"], compile=False)
        else:
            from legacy_keras.saving.config import build_model
            from legacy_keras.saving.hdf5 import read_architecture
            model = build_model(read_architecture(job["arch"]), custom, job["theano"]).model
            model.load_weights(job["path"])
        data = np.load(job["inputs"])
        xs = [data[f"x{i}"] for i in range(len(data.files))]
        out = model.predict(xs if len(xs) > 1 else xs[0], verbose=0, batch_size=len(xs[0]))
        out = out if isinstance(out, (list, tuple)) else [out]
        np.savez(job["outputs"], **{f"y{i}": np.asarray(y) for i, y in enumerate(out)})
        print(json.dumps({"ok": True}))
    except Exception as error:
        message = " ".join(str(error).split())
        for marker in ("Exception encountered:", "Could not locate"):
            if marker in message:  # Keras nests the cause at the end of a long config dump
                message = message[message.rindex(marker):].replace("Exception encountered: ", "")
        message = message[:400] or type(error).__name__
        print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {message}"}))
"""


class VerificationError(Exception):
    """The written file does not load with plain Keras, or predicts differently (one line)."""


@dataclass
class Verification:
    """Errors of the converted file's predictions against the Keras 1 model's."""
    max_abs: float
    max_rel: float
    outputs: int
    plain: bool   # loaded with legacy_keras blocked

    def line(self) -> str:
        where = "plain Keras (legacy_keras blocked)" if self.plain else "Keras + legacy_keras objects"
        return (f"verified with {where}: {self.outputs} output(s), max abs error {self.max_abs:.3g}, "
                f"max rel error {self.max_rel:.3g} (limit {RTOL:g})")


def random_inputs(model: Any, seed: int = 0) -> list[np.ndarray]:
    """Seeded inputs of the model's input shapes (ints below every Embedding's input_dim)."""
    rng = np.random.default_rng(seed)
    vocab = [int(layer.input_dim) for layer in _all_layers(model) if hasattr(layer, "input_dim")
             and isinstance(getattr(layer, "input_dim", None), int)]
    high = max(2, min(vocab)) if vocab else 2
    arrays = []
    for tensor in model.inputs:
        shape = [BATCH] + [FREE_LENGTH if s is None else int(s) for s in tuple(tensor.shape)[1:]]
        dtype = np.dtype(str(tensor.dtype))
        if dtype.kind in "iu":
            arrays.append(rng.integers(0, high, size=shape).astype(dtype))
        elif dtype.kind == "b":
            arrays.append(rng.integers(0, 2, size=shape).astype(bool))
        else:
            arrays.append(rng.standard_normal(shape).astype(dtype))
    return arrays


def _all_layers(model: Any):
    for layer in getattr(model, "layers", []):
        yield layer
        yield from _all_layers(layer)
        if hasattr(layer, "layer"):
            yield layer.layer


def predict(model: Any, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
    out = model.predict(list(inputs) if len(inputs) > 1 else inputs[0], verbose=0, batch_size=len(inputs[0]))
    return [np.asarray(y) for y in (out if isinstance(out, (list, tuple)) else [out])]


def run_fresh(jobs: list[dict], timeout: float = 600) -> list[dict]:
    """Run load-and-predict jobs in one fresh Python process; one result dict per job."""
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    result = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(jobs)], capture_output=True,
                            text=True, env=env, timeout=timeout)
    answers = []
    for line in result.stdout.splitlines():
        line = line.strip()
        if line.startswith("{") and '"ok"' in line:
            answers.append(json.loads(line))
    if len(answers) != len(jobs):
        tail = " ".join(result.stderr.strip().splitlines()[-1:]) or f"exit status {result.returncode}"
        raise VerificationError(f"the verification process failed: {tail[:300]}")
    return answers


def job(path: str, inputs_path: str, outputs_path: str, *, allow_legacy: bool = False,
        custom_objects: Sequence[str] = (), unsafe: bool = False, arch: str | None = None,
        theano: bool = False) -> dict:
    """One load-and-predict job for :func:`run_fresh`."""
    return {"path": os.path.abspath(path), "inputs": inputs_path, "outputs": outputs_path,
            "allow_legacy": bool(allow_legacy), "custom_objects": list(custom_objects),
            "unsafe": bool(unsafe), "arch": arch, "theano": theano, "cwd": os.getcwd()}


def compare(actual: Sequence[np.ndarray], expected: Sequence[np.ndarray]) -> tuple[float, float]:
    """``(max abs, max rel)`` over outputs; rel is abs over the output's largest magnitude."""
    if len(actual) != len(expected):
        raise VerificationError(f"the converted model has {len(actual)} outputs, Keras 1's {len(expected)}")
    worst_abs = worst_rel = 0.0
    for index, (a, e) in enumerate(zip(actual, expected)):
        a, e = np.asarray(a, np.float64), np.asarray(e, np.float64)
        if a.shape != e.shape:
            raise VerificationError(f"output {index} has shape {a.shape}, Keras 1's {e.shape}")
        if not np.all(np.isfinite(a) == np.isfinite(e)):
            return float("inf"), float("inf")
        finite = np.isfinite(e)
        err = float(np.max(np.abs(a[finite] - e[finite]), initial=0.0))
        scale = float(np.max(np.abs(e[finite]), initial=0.0))
        worst_abs = max(worst_abs, err)
        worst_rel = max(worst_rel, err / scale if scale > 0 else err)
    return worst_abs, worst_rel


def verify(target: str, reference: Any, *, allow_legacy: bool = False,
           custom_objects: Sequence[str] = (), unsafe: bool = False, arch: str | None = None,
           theano: bool = False, seed: int = 0, inputs_nhwc: Sequence[bool] = (),
           outputs_nhwc: Sequence[bool] = ()) -> Verification:
    """Load ``target`` in a fresh process, compare its predictions with ``reference`` (a live model).

    Raises :class:`VerificationError` when loading fails or the relative
    error exceeds :data:`RTOL`.  ``inputs_nhwc``/``outputs_nhwc`` (``--channels-last``):
    which inputs the converted file takes, and which outputs it gives, transposed
    NCHW -> NHWC.
    """
    inputs = random_inputs(reference, seed)
    expected = predict(reference, inputs)
    fed = [np.ascontiguousarray(x.transpose(0, 2, 3, 1)) if i < len(inputs_nhwc) and inputs_nhwc[i] else x
           for i, x in enumerate(inputs)]
    with tempfile.TemporaryDirectory(prefix="legacy_convert_verify_") as scratch:
        inputs_path = os.path.join(scratch, "inputs.npz")
        outputs_path = os.path.join(scratch, "outputs.npz")
        np.savez(inputs_path, **{f"x{i}": x for i, x in enumerate(fed)})
        answer = run_fresh([job(target, inputs_path, outputs_path, allow_legacy=allow_legacy,
                                custom_objects=custom_objects, unsafe=unsafe, arch=arch,
                                theano=theano)])[0]
        if not answer["ok"]:
            raise VerificationError(f"{target}: does not load in a fresh process: {answer['error']}")
        data = np.load(outputs_path)
        actual = [data[f"y{i}"] for i in range(len(data.files))]
        actual = [y.transpose(0, 3, 1, 2) if i < len(outputs_nhwc) and outputs_nhwc[i] else y
                  for i, y in enumerate(actual)]
    max_abs, max_rel = compare(actual, expected)
    result = Verification(max_abs, max_rel, len(expected), not allow_legacy)
    if not max_rel <= RTOL:
        raise VerificationError(f"{target}: predictions differ from the Keras 1 model's: max abs error "
                                f"{max_abs:.3g}, max rel error {max_rel:.3g} > {RTOL:g}")
    return result


def summary_json(verification: Verification) -> str:
    return json.dumps(verification.__dict__)
