"""Quiet TensorFlow start-up for ``legacy-run``.

TensorFlow 2.21 writes its C++ start-up lines (the oneDNN notice, "Could not find cuda
drivers", the CPU-instructions notice, ``failed call to cuInit``) through absl logging
*before* absl is initialised, straight to file descriptor 2: ``TF_CPP_MIN_LOG_LEVEL`` no
longer reaches them, and Python's ``sys.stderr`` is not involved.  So ``legacy-run``
imports TensorFlow and lists its devices (which is when ``cuInit`` runs) once, up front,
with fd 2 pointed into a pipe, and afterwards writes back every captured line that is not
one of those known start-up notices: Python warnings, real errors and any other C++
message still show.  ``LEGACY_KERAS_VERBOSE=1`` skips the filter altogether.
"""
from __future__ import annotations

import os
import re
import sys
import threading
from typing import Callable

VERBOSE_ENV = "LEGACY_KERAS_VERBOSE"

#: absl's line prefix: ``I0000 00:00:1796134270.002216   19527 port.cc:153] ``.
_ABSL = re.compile(r"^[IWEF]\d{4} [\d:.]+\s+\d+ (?P<source>[\w.]+):\d+\] (?P<text>.*)$")

#: (source file, text fragment) of absl lines that are start-up notices, not errors.
_STARTUP_NOTICES: tuple[tuple[str, str], ...] = (
    ("port.cc", "oneDNN custom operations are on"),
    ("cudart_stub.cc", "Could not find cuda drivers"),
    ("cpu_feature_guard.cc", "This TensorFlow binary is optimized"),
    ("cuda_platform.cc", "failed call to cuInit"),
    ("cuda_dnn.cc", "Unable to register cuDNN factory"),
    ("cuda_fft.cc", "Unable to register cuFFT factory"),
    ("cuda_blas.cc", "Unable to register cuBLAS factory"),
    ("computation_placer.cc", "computation placer already registered"),
    ("gpu_device.cc", "Cannot dlopen some GPU libraries"),
)

#: Lines without an absl prefix that belong to the notices above.
_STARTUP_PLAIN = (
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "To enable the following instructions:",
    "TF-TRT Warning: Could not find TensorRT",
)


def verbose() -> bool:
    """True when the user asked to see TensorFlow's start-up output (``LEGACY_KERAS_VERBOSE=1``)."""
    return os.environ.get(VERBOSE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def is_startup_notice(line: str) -> bool:
    """Whether one captured stderr line is a TensorFlow C++ start-up notice."""
    stripped = line.rstrip("\r\n")
    if any(stripped.startswith(plain) for plain in _STARTUP_PLAIN):
        return True
    match = _ABSL.match(stripped)
    if not match:
        return False
    return any(match["source"] == source and fragment in match["text"]
               for source, fragment in _STARTUP_NOTICES)


def filtered_stderr(action: Callable[[], object]) -> object:
    """Run ``action`` with fd 2 captured; re-emit what is not a start-up notice, then return."""
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # stderr closed (`2>&-`): nothing to filter
        return action()
    read_end, write_end = os.pipe()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            data = os.read(read_end, 65536)
            if not data:
                break
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    os.dup2(write_end, 2)
    os.close(write_end)
    try:
        return action()
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)  # closes the pipe's last write end held by fd 2
        os.close(saved)
        reader.join()
        os.close(read_end)
        text = b"".join(chunks).decode("utf-8", "replace")
        kept = "".join(line for line in text.splitlines(keepends=True) if not is_startup_notice(line))
        if kept:
            sys.stderr.write(kept)
            sys.stderr.flush()


def _start_tensorflow() -> None:
    import tensorflow as tf
    tf.config.list_physical_devices()  # cuInit happens here, inside the filter


def quiet_tensorflow_start() -> None:
    """Import TensorFlow without its C++ start-up lines (unless ``LEGACY_KERAS_VERBOSE``)."""
    if verbose():
        _start_tensorflow()
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    filtered_stderr(_start_tensorflow)
