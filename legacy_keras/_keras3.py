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
``_tracker``, ``_keras_mask``, layer nodes, optimizer slots, Keras 3 hook
methods...), each with its own docstring; ``FENCED_ATTRIBUTES`` lists the
attribute names, which no other module may access.

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
    "save_state": ("saving_lib", "_save_state"),
    "serialize_model_as_json": ("saving_lib", "_serialize_model_as_json"),
    "KERAS_METADATA_FILENAME": ("saving_lib", "_METADATA_FILENAME"),
    "KERAS_CONFIG_FILENAME": ("saving_lib", "_CONFIG_FILENAME"),
    "KERAS_VARS_FILENAME": ("saving_lib", "_VARS_FNAME_H5"),
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


# ---------------------------------------------------------------- private attributes
# Each accessor below reads or writes one private Keras 3 attribute; the name of
# the attribute is in its docstring, and ``FENCED_ATTRIBUTES`` lists them all for
# the fence test (tests/test_spec_keras3_fence.py).

_MISSING: Any = object()


def inbound_nodes(operation: Any, default: Any = _MISSING) -> Any:
    """``operation._inbound_nodes``: the calls of a layer (Keras 1 ``inbound_nodes``,
    ``get_input_at(i)``); Keras 3 has no public list of a layer's nodes.  Without
    ``default`` a missing attribute raises AttributeError, as reading it did."""
    if default is _MISSING:
        return operation._inbound_nodes
    return getattr(operation, "_inbound_nodes", default)


def outbound_nodes(operation: Any, default: Any = _MISSING) -> Any:
    """``operation._outbound_nodes``: the calls consuming a layer's output (Keras 1
    ``outbound_nodes``); not public in Keras 3."""
    if default is _MISSING:
        return operation._outbound_nodes
    return getattr(operation, "_outbound_nodes", default)


def keras_history(tensor: Any, default: Any = _MISSING) -> Any:
    """``tensor._keras_history``: (layer, node index, tensor index) of a symbolic
    tensor, the Keras 1 attribute of the same name; Keras 3 keeps it private."""
    if default is _MISSING:
        return tensor._keras_history
    return getattr(tensor, "_keras_history", default)


def function_nodes(model: Any) -> Any:
    """The node set of a functional model (``model._nodes``, or a Sequential's
    ``model._functional._nodes``), None if it has none: Keras 1 ``model.updates``
    keeps only the calls of a shared layer inside this model, and Keras 3 exposes
    no membership test for nodes."""
    return getattr(model, "_nodes", None) or getattr(getattr(model, "_functional", None),
                                                     "_nodes", None)


def compile_config(model: Any) -> Any:
    """The dict of ``model._compile_config`` (what ``compile`` was called with), None
    before ``compile``: Keras 3's ``get_compile_config()`` returns a serialized copy,
    and Keras 1's ``sample_weight_mode`` must be written into the original."""
    return getattr(getattr(model, "_compile_config", None), "config", None)


def call_has_training_arg(layer: Any) -> bool:
    """``layer._call_has_training_arg``: whether ``call`` takes ``training`` (Keras 1's
    ``uses_learning_phase``); Keras 3 computes it privately from the signature."""
    return bool(getattr(layer, "_call_has_training_arg", False))


def layers_list(obj: Any) -> list:
    """``obj._layers``, the list itself: a Keras 3 Sequential's layers (appending to
    it adds a layer without the checks of ``add``, which reject a leading Merge;
    ``model.layers`` is a copy), or a layer's tracked sub-layers (a Merge's
    branches); not public."""
    return obj._layers


def sequential_functional(model: Any, default: Any = _MISSING) -> Any:
    """``model._functional`` of a Keras 3 Sequential (None before it is built): the
    graph Keras 3 runs it as; no public attribute holds it.  With ``default``
    only the instance dict is read (safe inside ``__getattr__``)."""
    if default is _MISSING:
        return model._functional
    return model.__dict__.get("_functional", default)


def set_sequential_functional(model: Any, functional: Any) -> None:
    """Write ``model._functional``: a Sequential starting with Merge builds its own
    multi-input graph, which Keras 3's ``_maybe_rebuild`` cannot."""
    model._functional = functional


def hook(obj: Any, name: str) -> Any:
    """The Keras 3 hook method ``obj._<name>`` (``obj`` may be ``super()``), one of
    ``HOOKS``: legacy_keras overrides these private steps of build/train (no public
    hook exists) and calls the Keras 3 version from the override."""
    if name not in HOOKS:
        raise AttributeError(f"{name!r} is not a fenced Keras 3 hook")
    return getattr(obj, "_" + name)


#: Keras 3 private methods legacy_keras overrides or calls, and why (a ``def _<name>``
#: of a fenced name elsewhere must be one of these: tests/test_spec_keras3_fence.py).
HOOKS: dict[str, str] = {
    "maybe_rebuild": "Sequential rebuilds its graph here; one starting with Merge builds its own.",
    "post_build": "runs after build(): Keras 1 regularizers/constraints/weights= apply then.",
    "maybe_build": "builds a layer from its first call's shapes: Keras 1 RNNs build from the "
                   "batch-sized input spec (stateful).",
    "backend_update_step": "applies the gradients of one step: Keras 1 clipping and Nadam's "
                           "schedule wrap it.",
    "compute_loss": "the loss of one batch as fit() computes it; Keras 1 test_on_batch with "
                    "batch metrics reuses it.",
    "get_h5_file": "H5IOStore opens its file here; the converter's store adds a userblock.",
    "momentum_cache": "Keras 3 Nadam's schedule term; the Keras 1 Nadam computes Keras 1's "
                      "(see nadam_momentum_cache).",
}


def h5_entry_group(store: Any) -> Any:
    """The h5py group an ``H5IOStore`` is writing (``_h5_entry_group``), created on
    first use as ``__setitem__`` does (``_h5_entry_initialized``, ``_create_h5_group``):
    the converter creates datasets itself, to fill them layer by layer later."""
    if not store._h5_entry_initialized:
        store._create_h5_group(store._h5_entry_path)
    return store._h5_entry_group


def metric_wrapper_fn(metric: Any) -> tuple[Any, dict]:
    """``(metric._fn, metric._fn_kwargs)`` of a ``keras.metrics.MeanMetricWrapper``:
    the Keras 1 batch metric calls the function itself (no public attribute)."""
    return metric._fn, metric._fn_kwargs


def _slot_attribute(optimizer: Any, kind: str) -> str:
    private = "_" + kind
    return private if hasattr(optimizer, private) else kind


def optimizer_slots(optimizer: Any, kind: str) -> Any:
    """The slot variables of ``kind`` (``velocities`` reads ``optimizer._velocities``;
    SGD's public ``momentums`` is read as such), None if there are none: Keras 1
    files store optimizer weights by slot (``spec.training.OPTIMIZER_KERAS1_WEIGHTS``),
    and Keras 3 only exposes them all mixed in ``variables``."""
    return getattr(optimizer, _slot_attribute(optimizer, kind), None)


def optimizer_slot(optimizer: Any, kind: str, variable: Any) -> Any:
    """The slot of ``kind`` (see :func:`optimizer_slots`) belonging to ``variable``
    (``_get_variable_index``): Keras 1 update rules (RMSprop, Adagrad, Nadam) read
    their own slots."""
    slots = getattr(optimizer, _slot_attribute(optimizer, kind))
    return slots[optimizer._get_variable_index(variable)]


def iterations_variable(optimizer: Any) -> Any:
    """``optimizer._iterations``, the step counter variable itself (``iterations``
    may be a read-only view in a distribution strategy)."""
    return optimizer._iterations


def learning_rate_variable(optimizer: Any) -> Any:
    """``optimizer._learning_rate``: the stored learning rate (a variable or a
    schedule); the public ``learning_rate`` evaluates a schedule at the current step."""
    return optimizer._learning_rate


def nadam_u_product(optimizer: Any) -> Any:
    """Keras 3 Nadam's ``_u_product`` variable (the running product of momentum
    caches): Keras 1 files do not store it, it is rebuilt from ``iterations``."""
    return optimizer._u_product


def nadam_momentum_cache(optimizer: Any, step: Any, dtype: Any) -> Any:
    """Keras 3 Nadam's ``_momentum_cache(step, dtype)``, Keras 1's schedule term;
    not public."""
    return optimizer._momentum_cache(step, dtype)


def trainable_variables_list(obj: Any) -> list:
    """``obj._trainable_variables`` of a layer or optimizer, the tracked list itself
    (the public ``trainable_variables`` of a layer adds its sub-layers' and copies)."""
    return obj._trainable_variables


def non_trainable_variables_list(layer: Any) -> list:
    """``layer._non_trainable_variables``, the layer's own tracked list (not public)."""
    return layer._non_trainable_variables


def track_variable(layer: Any, variable: Any) -> None:
    """``layer._track_variable``: adopt a variable made outside ``add_weight``
    (Keras 1 layers assigned ``self.W = K.variable(...)``); no public method exists."""
    layer._track_variable(variable)


def untrack_variable(layer: Any, variable: Any) -> None:
    """``layer._untrack_variable``: the inverse of :func:`track_variable` (moving a
    weight between trainable and non-trainable, as Keras 1 lists allowed)."""
    layer._untrack_variable(variable)


def variable_is_deferred(value: Any) -> bool:
    """True for a Keras 3 variable created in a StatelessScope (``_value`` None, an
    ``_initializer`` waiting): the converter writes it from the initializer later."""
    return getattr(value, "_value", "") is None and hasattr(value, "_initializer")


def variable_initializer(variable: Any) -> Any:
    """``variable._initializer`` (a callable or a value) of a deferred variable;
    Keras 3 has no public accessor."""
    return variable._initializer


def lambda_function_to_config(fn: Any) -> Any:
    """``keras.layers.Lambda._serialize_function_to_config``: a function as Keras 3's
    Lambda writes it into a config; no public function serializer exists."""
    import keras
    return keras.layers.Lambda._serialize_function_to_config(None, fn)


def lambda_function_serializer(lambda_cls: Any) -> Any:
    """The Lambda class's ``_serialize_function_to_config`` (to be wrapped: no
    public hook lets legacy_keras remember the function behind a config)."""
    return lambda_cls._serialize_function_to_config


def set_lambda_function_serializer(lambda_cls: Any, serializer: Any) -> None:
    """Install a wrapper as ``_serialize_function_to_config`` (see
    :func:`lambda_function_serializer`)."""
    lambda_cls._serialize_function_to_config = serializer


def check_lambda_deserialization(safe_mode: bool) -> None:
    """``keras.layers.Lambda._raise_for_lambda_deserialization``: Keras 3's safe-mode
    refusal to load bytecode, with its message; Keras 1 Merge functions obey it too."""
    import keras
    keras.layers.Lambda._raise_for_lambda_deserialization(safe_mode)


#: The private Keras 3 / TensorFlow attribute names reached through this module only;
#: the fence test fails if another module accesses one as ``.name``.
FENCED_ATTRIBUTES: tuple[str, ...] = (
    "_tracker", "_keras_mask", "_inbound_nodes", "_outbound_nodes", "_keras_history", "_nodes",
    "_compile_config", "_call_has_training_arg", "_layers", "_functional",
    "_momentums", "_velocities", "_accumulators", "_accumulated_grads",
    "_accumulated_delta_vars", "_m", "_u", "_get_variable_index", "_iterations", "_learning_rate",
    "_u_product", "_momentum_cache", "_trainable_variables", "_non_trainable_variables",
    "_track_variable", "_untrack_variable", "_initializer", "_serialize_function_to_config",
    "_raise_for_lambda_deserialization", "_build_shapes_dict",
    "_maybe_rebuild", "_post_build", "_maybe_build", "_backend_update_step", "_compute_loss",
    "_get_h5_file", "_h5_entry_group", "_h5_entry_initialized", "_h5_entry_path",
    "_create_h5_group", "_save_state", "_serialize_model_as_json", "_fn_kwargs",
    "_METADATA_FILENAME", "_CONFIG_FILENAME", "_VARS_FNAME_H5",
)
