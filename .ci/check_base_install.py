"""Run inside a fresh virtual environment holding only ``pip install .`` (no extras).

Imports every Keras 1.2.2 module (the list generated from the genuine Keras 1.2.2 in
``legacy_keras/spec/keras1_names.py``) through ``legacy-run``'s redirect, so a module-level
import of an optional dependency (scipy, Pillow, scikit-learn, pydot) fails CI instead of a
user's first ``from keras.preprocessing.text import Tokenizer``.  Modules Keras 3 has no
counterpart for must fail with an ImportError that says what to use instead.
"""
from __future__ import annotations

import importlib
import sys

from legacy_keras.spec.keras1_names import KERAS1_NAMES
from legacy_keras.spec.keras1_names import UNIMPORTABLE  # noqa: F401  (documented only)

#: Keras 1 modules that legacy_keras deliberately replaces by an ImportError with advice.
ADVISED = {"keras.backend.theano_backend", "keras.applications.audio_conv_utils",
           "keras.applications.music_tagger_crnn"}


def main() -> int:
    failures = []
    for module in sorted(KERAS1_NAMES):
        target = "legacy_keras" + module[len("keras"):]
        try:
            importlib.import_module(target)
        except ImportError as error:
            if module not in ADVISED:
                failures.append(f"{module}: {type(error).__name__}: {error}")
    for line in failures:
        print("base install: cannot import", line, file=sys.stderr)
    print(f"base install: {len(KERAS1_NAMES) - len(failures)}/{len(KERAS1_NAMES)} Keras 1 modules import")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
