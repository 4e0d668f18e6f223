"""The one door to Keras 3 internals: every ``keras.src`` import and private attribute.

Keras 3 promises nothing about ``keras.src`` or underscore attributes; they
change between minor releases.  So legacy_keras reaches them only here, each
with the reason the public API does not serve, and refuses to start on a
Keras/TensorFlow outside the range this was tested with (see
``TESTED_KERAS``/``TESTED_TENSORFLOW``): one clear line instead of an
AttributeError deep inside a layer.  Upgrading Keras means reading this file,
checking each item, and widening the range.

Modules are loaded lazily (``from legacy_keras._keras3 import global_state``
imports ``keras.src.backend.common.global_state`` then); the tables in
``INTERNAL_MODULES`` and ``INTERNAL_NAMES`` say what each is and why.
Functions below wrap private *attributes* (``REGISTERED_OBJS_TO_NAMES``,
``_tracker``, ``_keras_mask``), each with its own docstring.

The rule for contributors: a new ``keras.src`` import or private Keras/TF
attribute goes here, with its reason, never into another module.
"""
from __future__ import annotations

import importlib
import os
from typing import Any

#: Keras / TensorFlow versions this release is tested with: ``(min, max_exclusive)``.
#: The pins of pyproject.toml say the same.
TESTED_KERAS = ((3, 15), (3, 16))
TESTED_TENSORFLOW = ((2, 21), (2, 22))
#: Set to 1 to run on an untested Keras/TensorFlow anyway (at your own risk).
SKIP_CHECK_ENV = "LEGACY_KERAS_SKIP_VERSION_CHECK"


class UnsupportedKerasVersion(ImportError):
    """Keras or TensorFlow is outside the tested range (the internals may differ)."""


def _version(text: str) -> tuple[int, int]:
    parts = text.split(".")
    return int(parts[0]), int("".join(ch for ch in parts[1] if ch.isdigit()) or 0)


def check_versions(keras_version: str, tensorflow_version: str | None) -> None:
    """Raise :class:`UnsupportedKerasVersion` (one line) outside the tested range."""
    if os.environ.get(SKIP_CHECK_ENV) == "1":
        return
    problems = []
    low, high = TESTED_KERAS
    if not low <= _version(keras_version) < high:
        problems.append(f"Keras {keras_version}")
    if tensorflow_version is not None:
        low_tf, high_tf = TESTED_TENSORFLOW
        if not low_tf <= _version(tensorflow_version) < high_tf:
            problems.append(f"TensorFlow {tensorflow_version}")
    if problems:
        raise UnsupportedKerasVersion(
            f"legacy_keras is tested with Keras {low[0]}.{low[1]}.x and TensorFlow "
            f"{TESTED_TENSORFLOW[0][0]}.{TESTED_TENSORFLOW[0][1]}.x, found {' and '.join(problems)}: "
            f"pip install 'keras>={low[0]}.{low[1]},<{high[0]}.{high[1]}' "
            f"'tensorflow>={TESTED_TENSORFLOW[0][0]}.{TESTED_TENSORFLOW[0][1]},"
            f"<{TESTED_TENSORFLOW[1][0]}.{TESTED_TENSORFLOW[1][1]}' (or set {SKIP_CHECK_ENV}=1)")


def _check_installed() -> None:
    import sys

    import keras  # imports TensorFlow too (the backend legacy_keras runs on)
    tensorflow = sys.modules.get("tensorflow")
    check_versions(keras.__version__, getattr(tensorflow, "__version__", None))


_check_installed()


#: name -> (module, why the public API does not serve).
INTERNAL_MODULES: dict[str, tuple[str, str]] = {
    "global_state": ("keras.src.backend.common.global_state",
                     "Keras 3's per-session registry, emptied by keras.backend.clear_session(). Keras 1 "
                     "default layer names (dense_1) and the Keras 1 learning phase live there so that "
                     "clear_session() resets them as in Keras 1; the public API has no clear_session hook, "
                     "and the current call context (training flag) is only readable there."),
    "python_utils": ("keras.src.utils.python_utils",
                     "func_dump/func_load read and write the marshal format Keras 1 (and Keras 3's Lambda) "
                     "used for functions in configs, and @default marks Keras 3 hook methods as "
                     "overridable; no public function serializer exists."),
    "node": ("keras.src.ops.node", "Keras 1 exported Node from keras.engine.topology; Keras 3 keeps "
                                   "the class private."),
    "operation": ("keras.src.ops.operation",
                  "Operation is the base of symbolic ops: Keras 1 backend functions must trace on "
                  "KerasTensors, and layers without a Keras 1 shape method fall back to its "
                  "compute_output_spec; keras.ops exposes no base class."),
    "functional": ("keras.src.models.functional",
                   "Functional is the class keras.Model(inputs, outputs) really builds; a Sequential "
                   "starting with Merge needs a graph object without Model.__new__'s dispatch."),
    "serialization_lib": ("keras.src.saving.serialization_lib",
                          "in_safe_mode() (is lambda deserialization allowed right now) is not public; "
                          "deserialize_keras_object is used from the same module for consistency."),
    "saving_lib": ("keras.src.saving.saving_lib",
                   "The .keras writer's pieces (_save_state, _serialize_model_as_json, file names): the "
                   "converter streams weights layer by layer instead of keras.saving.save_model, which "
                   "needs the whole model in memory."),
    "stateless_scope": ("keras.src.backend.common.stateless_scope",
                        "StatelessScope builds a model without allocating its variables, so the "
                        "converter's memory stays at the largest tensor."),
    "tracking": ("keras.src.utils.tracking",
                 "no_automatic_dependency_tracking and DotNotTrackScope stop Keras 3 from tracking the "
                 "Keras 1 attributes (branches of Merge, user lists of weights) as sub-layers."),
    "backend": ("keras.src.backend",
                "compute_output_spec, any_symbolic_tensors and the RNN loop are backend functions that "
                "keras.ops does not re-export."),
    "legacy_backend": ("keras.src.legacy.backend",
                       "Keras 2's tensor functions (conv2d/pool2d with data_format, padding helpers); "
                       "tf.keras.backend serves the same module, but only through TensorFlow's lazy "
                       "loader."),
    "dot": ("keras.src.layers.merging.dot",
            "batch_dot with Keras 1's axes semantics; keras.ops has no batch_dot."),
    "legacy_h5_format": ("keras.src.legacy.saving.legacy_h5_format",
                         "Keras 2's HDF5 reader/writer per group (load_weights_from_hdf5_group ...): "
                         "keras.saving only offers whole-file load/save."),
    "saving_utils": ("keras.src.legacy.saving.saving_utils",
                     "model_metadata/compile_args_from_training_config of Keras 2's HDF5 format; "
                     "not public."),
    "legacy_image": ("keras.src.legacy.preprocessing.image",
                     "Keras 2's ImageDataGenerator (Keras 1 semantics); public only as "
                     "tf.keras.preprocessing.image."),
    "legacy_text": ("keras.src.legacy.preprocessing.text",
                    "Keras 2's Tokenizer; public only as tf.keras.preprocessing.text."),
    "legacy_sequence": ("keras.src.legacy.preprocessing.sequence",
                        "Keras 2's pad_sequences/skipgrams/make_sampling_table; public only as "
                        "tf.keras.preprocessing.sequence."),
    "file_utils": ("keras.src.utils.file_utils",
                   "validate_file (md5/sha256 check of a download, Keras 1 get_file's md5_hash); "
                   "keras.utils.get_file validates only while downloading."),
    "loss": ("keras.src.losses.loss",
             "scale_loss_for_distribution: tf.distribute sums replica gradients and Keras 3 scales "
             "its own losses by 1/replicas; Keras 1 losses (and add_loss terms of a traced loss) "
             "must do the same, and no public function does it."),
}

#: name -> (module of INTERNAL_MODULES, attribute): classes and functions re-exported by name.
INTERNAL_NAMES: dict[str, tuple[str, str]] = {
    "Node": ("node", "Node"),
    "Operation": ("operation", "Operation"),
    "Functional": ("functional", "Functional"),
    "H5IOStore": ("saving_lib", "H5IOStore"),
    "StatelessScope": ("stateless_scope", "StatelessScope"),
    "batch_dot": ("dot", "batch_dot"),
    "func_dump": ("python_utils", "func_dump"),
    "func_load": ("python_utils", "func_load"),
    "validate_file": ("file_utils", "validate_file"),
    "scale_loss_for_distribution": ("loss", "scale_loss_for_distribution"),
}


def __getattr__(name: str) -> Any:
    if name in INTERNAL_MODULES:
        module = importlib.import_module(INTERNAL_MODULES[name][0])
        globals()[name] = module
        return module
    if name in INTERNAL_NAMES:
        module_name, attribute = INTERNAL_NAMES[name]
        value = getattr(__getattr__(module_name), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'legacy_keras._keras3' has no attribute {name!r}")


def dataset_module(name: str) -> Any:
    """``keras.src.datasets.<name>``: the loaders and their module-level helpers
    (``get_word_index``); ``keras.datasets.<name>`` re-exports only ``load_data``."""
    return importlib.import_module(f"keras.src.datasets.{name}")


def register_public_name(cls: type, public_name: str) -> type:
    """Make ``cls`` serialize under the public Keras 3 name ``public_name``.

    Writes ``keras.src.api_export.REGISTERED_OBJS_TO_NAMES``, the registry
    behind ``keras_export``.  The public ``register_keras_serializable`` only
    registers ``package>Name`` names, which plain Keras 3 cannot load; a
    legacy_keras subclass that adds no state must be saved as the plain Keras
    3 class (``keras.layers.Conv2D``) so the file loads without legacy_keras.
    """
    from keras.src import api_export
    api_export.REGISTERED_OBJS_TO_NAMES[cls] = public_name
    return cls


def public_name(cls: type) -> str:
    """The ``keras.*`` name ``cls`` is exported under ('' if none): read from
    ``REGISTERED_OBJS_TO_NAMES``, which no public function exposes."""
    from keras.src import api_export
    return api_export.REGISTERED_OBJS_TO_NAMES.get(cls, "")


def tracker(layer: Any) -> Any:
    """``layer._tracker``: Keras 3's attribute tracker, which must be unlocked to
    add variables or sub-layers after ``build`` (Keras 1 code did both freely).
    Its ``lock()``/``unlock()``/``locked`` have no public counterpart."""
    return layer._tracker


def keras_mask(tensor: Any) -> Any:
    """The Keras mask carried by a tensor (None without one).  Keras 1 losses
    applied the output mask; Keras 3 keeps it in the private ``_keras_mask``
    attribute read by ``keras.src.backend.get_keras_mask``."""
    if not hasattr(tensor, "_keras_mask"):
        return None
    return importlib.import_module("keras.src.backend").get_keras_mask(tensor)
