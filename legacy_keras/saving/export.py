"""``legacy-convert OLD.h5 OUT --format saved_model|tflite|onnx``: export through Keras 3's ``Model.export``.

The Keras 1 file is first converted to a (built-in layers only) ``.keras`` model
in a scratch directory, loaded back, and exported with Keras 3's own
``Model.export`` (``tf_saved_model``, ``litert`` for TFLite, ``onnx``).  The
export is then loaded (``tf.saved_model.load``, the TFLite interpreter,
onnxruntime) and run on seeded random inputs; its predictions must equal the
Keras 1 model's (run by legacy_keras) within ``verify.RTOL``, else nothing is
left at the target.  ONNX needs packages TensorFlow does not bring
(``onnx``, ``tf2onnx``, ``onnxruntime``): without them the refusal is one line.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from typing import Any, Sequence

import numpy as np

FORMATS = {"saved_model": "tf_saved_model", "tflite": "litert", "onnx": "onnx"}
_ONNX_PACKAGES = ("onnx", "tf2onnx", "onnxruntime")


class ExportError(Exception):
    """The export is unavailable or does not reproduce the predictions (one line)."""


def check_available(fmt: str) -> None:
    """Refuse early (before any conversion) a format this installation cannot write."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (saved_model, tflite, onnx)")
    if fmt == "onnx":
        missing = [name for name in _ONNX_PACKAGES if importlib.util.find_spec(name) is None]
        if missing:
            raise ExportError("--format onnx needs the packages " + ", ".join(missing)
                              + " (pip install " + " ".join(missing) + "); Keras 3 exports ONNX "
                              "through them")


def check_target(fmt: str, target: str, force: bool) -> None:
    if fmt == "tflite" and not target.endswith(".tflite"):
        raise ExportError(f"{target}: a TFLite export is one file ending in '.tflite'")
    if fmt == "onnx" and not target.endswith(".onnx"):
        raise ExportError(f"{target}: an ONNX export is one file ending in '.onnx'")
    if os.path.exists(target) and not force:
        raise ExportError(f"{target}: exists; pass --force to overwrite")
    parent = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(parent):
        raise ExportError(f"{target}: directory {parent} does not exist")


def _run_export(fmt: str, path: str, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Load an export and predict (each format with its own runtime)."""
    if fmt == "saved_model":
        import tensorflow as tf
        loaded = tf.saved_model.load(path)
        out = loaded.serve(*[tf.constant(x) for x in inputs])
    elif fmt == "tflite":
        import tensorflow as tf
        interpreter = tf.lite.Interpreter(model_path=path)
        details = interpreter.get_input_details()
        for detail, x in zip(details, inputs):
            interpreter.resize_tensor_input(detail["index"], x.shape)
        interpreter.allocate_tensors()
        for detail, x in zip(interpreter.get_input_details(), inputs):
            interpreter.set_tensor(detail["index"], x)
        interpreter.invoke()
        out = [interpreter.get_tensor(d["index"]) for d in interpreter.get_output_details()]
    else:
        import onnxruntime
        session = onnxruntime.InferenceSession(path)
        feeds = {i.name: x for i, x in zip(session.get_inputs(), inputs)}
        out = session.run(None, feeds)
    if isinstance(out, dict):
        out = [out[key] for key in sorted(out)]
    out = out if isinstance(out, (list, tuple)) else [out]
    return [np.asarray(y) for y in out]


def export(keras_path: str, fmt: str, target: str, reference: Any, force: bool = False,
           inputs_nhwc: Sequence[bool] = (), outputs_nhwc: Sequence[bool] = ()) -> tuple[float, float]:
    """Export the converted ``keras_path`` to ``target``; check against ``reference``; return errors."""
    import keras

    from legacy_keras.saving import verify as verification
    model = keras.models.load_model(keras_path, compile=False)
    parent = os.path.dirname(os.path.abspath(target))
    scratch = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(target)}.")
    try:
        staged = os.path.join(scratch, os.path.basename(target.rstrip(os.sep)) or "export")
        try:
            model.export(staged, format=FORMATS[fmt], verbose=False)
        except Exception as error:
            message = " ".join(str(error).split())[:300] or type(error).__name__
            raise ExportError(f"Keras 3 cannot export this model as {fmt}: {message}") from None
        inputs = verification.random_inputs(reference)
        expected = verification.predict(reference, inputs)
        fed = [x.transpose(0, 2, 3, 1) if i < len(inputs_nhwc) and inputs_nhwc[i] else x
               for i, x in enumerate(inputs)]
        actual = _run_export(fmt, staged, [np.ascontiguousarray(x) for x in fed])
        actual = [y.transpose(0, 3, 1, 2) if i < len(outputs_nhwc) and outputs_nhwc[i] else y
                  for i, y in enumerate(actual)]
        max_abs, max_rel = verification.compare(actual, expected)
        if not max_rel <= verification.RTOL:
            raise ExportError(f"the {fmt} export predicts differently from the Keras 1 model: max abs "
                              f"error {max_abs:.3g}, max rel error {max_rel:.3g}")
        if os.path.exists(target):
            shutil.rmtree(target) if os.path.isdir(target) else os.remove(target)
        os.replace(staged, target)
        return max_abs, max_rel
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def reference_model(source: str, arch: str | None, custom_objects: dict | None,
                    source_backend: str | None, image_dim_ordering: str | None = None) -> Any:
    """The Keras 1 model run by legacy_keras (what an export is compared with), decided and
    rebuilt exactly as the conversion did (:func:`~legacy_keras.saving.writer.open_source`,
    :func:`~legacy_keras.saving.writer.rebuild`)."""
    import warnings

    from legacy_keras.saving.loader import SetWeightsSink, transfer
    from legacy_keras.saving.writer import open_source, rebuild
    k1, config, (theano, _, _) = open_source(source, arch, source_backend)
    with k1, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        built = rebuild(config, custom_objects, theano, k1, arch, image_dim_ordering)
        transfer(k1, built.records, theano, SetWeightsSink())
    return built.model
