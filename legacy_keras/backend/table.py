"""The shim's ``K`` functions built from the one backend table, ``legacy_keras.spec.backend``.

``KERAS1_BACKEND`` says, for every public function of Keras 1.2.2's ``keras.backend``,
what it means in Keras 3; the codemod writes that meaning into migrated code.  The shim
reads the same entries, so a wrong default or a swapped argument lives in one place and
both tools show it (and the oracle tests of ``tests/test_backend.py`` catch it):

* a ``Rewrite`` entry becomes a Python function with the Keras 1 signature (parameter
  names and Keras 1 defaults from ``keras1_backend_names``, read from the oracle) whose
  body is the template: ``{p}`` is the parameter, ``{,kw=p}`` passes ``kw=p`` (the Keras 1
  default equals Keras 3's, checked by ``tests/test_backend_table.py``, so passing it is
  the same as leaving it out), ``{dim_ordering}`` is resolved at call time ('default':
  ``K.image_dim_ordering()``).  Inserted ``keras1_*`` helpers come from
  ``migrate.helpers`` (plain Keras 3 source; only the shim executes it, so the codemod
  stays TensorFlow-free).  Functions returning tensors are recorded on KerasTensors like
  the hand-written ones (``_symbolic``); those answering Python values are not
  (``NOT_RECORDED``).
* a ``Human`` entry the shim does not implement becomes a function that raises one line:
  the table's reason, i.e. what to use instead.
* ``OVERRIDES`` names the functions the shim writes by hand, each with the reason the
  table's Keras 3 expression is not enough under ``legacy-run`` (live symbolic variables,
  the learning phase, Keras 1 kernel views, Keras 1 settings, Theano-era behaviour).
  ``tests/test_backend_table.py`` runs every hand-written ``Rewrite`` against its template
  on small inputs, so the two cannot drift apart silently.

Each function is compiled once, when ``legacy_keras.backend`` is imported (about 3 ms for
all of them; ``python -X importtime -c "import legacy_keras.backend"``).
"""
from __future__ import annotations

import functools
import re
from typing import Any, Callable

from legacy_keras.spec import backend as spec
from legacy_keras.spec.keras1_backend_names import KERAS1_BACKEND_SIGNATURES

_SAME_AS_KERAS1 = "the Keras 1 setting lives in keras.json's Keras 1 keys (legacy_keras._config)"
_LIVE = ("Keras 1 variables stay live inside recorded symbolic expressions (_Keras1Variable) and a "
         "variable made in a layer's call() is made once per call site, as Keras 1 built its graph once")
_VIEWS = ("accepts Keras 1 kernel views (layer.W in Keras 1 layout) and refuses a symbolic tensor "
          "with a one-line error naming K.function")
_SHIM_MORE = "the shim implements it on TensorFlow (the table's Human reason is for plain Keras 3)"

#: name -> why the shim's hand-written function is used instead of the table's entry.
OVERRIDES: dict[str, str] = {
    # -- Rewrite entries the shim must do more for ------------------------------------------
    "variable": _LIVE, "zeros": _LIVE, "ones": _LIVE, "eye": _LIVE,
    "random_normal_variable": _LIVE + "; values drawn with numpy's RandomState(seed)",
    "random_uniform_variable": _LIVE + "; values drawn with numpy's RandomState(seed)",
    "get_value": _VIEWS, "eval": _VIEWS, "batch_get_value": _VIEWS,
    "set_value": ("casts the value to the variable's dtype first, returns None as Keras 1 did, and "
                  "raises one line for a non-variable"),
    "batch_set_value": "each pair through K.set_value (the dtype cast, the one-line error)",
    **{name: ("Keras 1's seed seeded a stream (each evaluation, each training step, drew new numbers); "
              "a Keras 3 integer seed returns the same numbers on every call, so seeded noise would "
              "freeze: the shim uses TensorFlow's op-level seed")
       for name in ("random_normal", "random_uniform", "random_binomial", "dropout")},
    "clip": ("Keras 1 clip(x, min, None) has no upper bound; keras.ops.clip needs a number (the "
             "swapped case min > max agrees: both give min)"),
    "shape": ("Keras 1 K.shape is a tensor (tf.shape): on a KerasTensor it is recorded with the dynamic "
              "batch size, where keras.ops.shape answers a tuple holding None"),
    "placeholder": ("Keras 1 placeholder(ndim=n) without shape= is (None,) * n; the table's "
                    "keras.Input(batch_shape={shape}) needs shape="),
    "function": ("Keras 1 K.function takes updates= and the K.learning_phase() placeholder anywhere "
                 "in its inputs; the table's keras1_function only a trailing flag"),
    # -- InLayerCall: the shim knows the global learning phase ----------------------------
    "in_train_phase": "reads K.set_learning_phase() and the running layer call's training flag",
    "in_test_phase": "reads K.set_learning_phase() and the running layer call's training flag",
    # -- Keep: Keras 1 settings and names ---------------------------------------------------
    "backend": "Keras 1 code compares K.backend() with 'tensorflow'/'theano'; the shim answers 'tensorflow'",
    "epsilon": _SAME_AS_KERAS1, "set_epsilon": _SAME_AS_KERAS1 + " (Keras 3's is set too)",
    "floatx": _SAME_AS_KERAS1, "set_floatx": _SAME_AS_KERAS1 + " (Keras 3's is set too)",
    "image_dim_ordering": "answers Keras 1's 'th'/'tf' (keras.json image_dim_ordering), not a data_format",
    "set_image_dim_ordering": "takes 'th'/'tf' and sets Keras 3's image_data_format to match",
    "get_uid": "Keras 1 uids per prefix, reset by K.clear_session (layer names count from 1)",
    "is_keras_tensor": "a Keras 1 'Keras tensor' is a Keras 3 KerasTensor",
    # -- Human entries the shim can still run on TensorFlow --------------------------------
    **{name: _SHIM_MORE for name in (
        "learning_phase", "set_learning_phase", "gradients", "rnn", "foldl", "foldr", "update",
        "update_add", "update_sub", "moving_average_update", "print_tensor", "conv1d", "conv2d",
        "conv3d", "deconv2d", "atrous_conv2d", "pool2d", "pool3d", "resize_images", "resize_volumes",
        "batch_dot", "batch_normalization", "ctc_batch_cost", "to_dense")},
    "legacy_weight_ordering": "Keras 1 code reads it: False (Keras 1.2's weight order is the only one)",
    "set_legacy_weight_ordering": "accepts False; True (Keras 0.x weight order) raises one line",
}

#: generated functions that answer Python values (shapes, dtypes, numpy arrays, new inputs),
#: never recorded as graph operations on a KerasTensor.
NOT_RECORDED: frozenset[str] = frozenset({
    "int_shape", "get_variable_shape", "ndim", "dtype", "count_params", "placeholder",
    "cast_to_floatx"})

_OPTIONAL = re.compile(r"\{,(\w+)=(\w+)\}")
_HOLE = re.compile(r"\{(\w+)\}")
_REGISTER = re.compile(r"^@keras\.(?:saving|utils)\.register_keras_serializable\(.*\)\n", re.M)


def generated_names() -> tuple[str, ...]:
    """Table names whose shim function is built here (everything not in OVERRIDES)."""
    return tuple(n for n, e in spec.KERAS1_BACKEND.items()
                 if n not in OVERRIDES and isinstance(e, (spec.Rewrite, spec.Human)))


def signature_source(name: str) -> str:
    """``x, axis=None, keepdims=False``: the Keras 1.2.2 parameters and defaults.

    A default the oracle could not write as a literal (``<object>``: ``K.function``'s
    ``updates=[]``) is None when the entry does not use the parameter.
    """
    entry = spec.KERAS1_BACKEND[name]
    used = set(_HOLE.findall(entry.template)) | {m[1] for m in _OPTIONAL.findall(entry.template)} \
        if isinstance(entry, spec.Rewrite) else set()
    parts = []
    for param, default in KERAS1_BACKEND_SIGNATURES[name]:
        if default is None:
            parts.append(param)
        elif default == "<object>":
            if param in used:
                raise ValueError(f"K.{name}: default of {param} is not a literal; write it by hand")
            parts.append(f"{param}=None")
        else:
            parts.append(f"{param}={default}")
    return ", ".join(parts)


def body_source(template: str) -> str:
    """The template as Python over the parameters (``{p}`` -> ``p``, ``{,kw=p}`` -> ``, kw=p``)."""
    text = _OPTIONAL.sub(lambda m: f", {m.group(1)}={m.group(2)}", template)
    return _HOLE.sub(lambda m: "_data_format(dim_ordering)" if m.group(1) == "dim_ordering"
                     else m.group(1), text)


def source(name: str) -> str:
    """Python source of the shim function for a ``Rewrite`` or ``Human`` table entry."""
    entry = spec.KERAS1_BACKEND[name]
    if isinstance(entry, spec.Rewrite):
        body = f"return {body_source(entry.template)}"
    elif isinstance(entry, spec.Human):
        body = f"raise NotImplementedError({f'K.{name} is not available: {entry.reason}'!r})"
    else:
        raise TypeError(f"K.{name}: a {type(entry).__name__} entry has no generated function")
    return f"def {name}({signature_source(name)}):\n    {body}\n"


@functools.lru_cache(maxsize=None)
def _helper_namespace() -> dict[str, Any]:
    """``keras``, the dim-ordering resolver and every ``keras1_*`` helper the table names."""
    import keras
    from migrate.helpers import HELPERS
    from legacy_keras.backend.ops import _data_format

    namespace: dict[str, Any] = {"keras": keras, "_data_format": _data_format}
    needed = {h for e in spec.KERAS1_BACKEND.values() if isinstance(e, (spec.Rewrite, spec.InLayerCall))
              for h in e.helpers}
    for helper in sorted(needed):
        # a K function's result is a tensor, never saved: no registration in Keras 3's registry
        exec(compile(_REGISTER.sub("", HELPERS[helper]), f"<helper {helper}>", "exec"), namespace)
    return namespace


@functools.lru_cache(maxsize=None)
def table_function(name: str) -> Callable:
    """The table's meaning of ``K.<name>`` as a plain function (not recorded on KerasTensors)."""
    namespace = dict(_helper_namespace())
    exec(compile(source(name), f"<legacy_keras.spec.backend: {name}>", "exec"), namespace)
    fn = namespace[name]
    fn.__doc__ = f"Keras 1 ``K.{name}``, built from legacy_keras.spec.backend: {spec.KERAS1_BACKEND[name]!r}"
    fn.__module__ = __name__
    return fn


@functools.lru_cache(maxsize=None)
def shim_function(name: str) -> Callable:
    """``table_function(name)``, recorded on KerasTensors unless it answers a Python value."""
    from legacy_keras.backend._symbolic import _symbolic

    fn = table_function(name)
    if name in NOT_RECORDED or isinstance(spec.KERAS1_BACKEND[name], spec.Human):
        return fn
    return _symbolic(fn, tensorize=False)


def install(namespace: dict[str, Any]) -> None:
    """Put the generated functions into ``namespace`` (the ``legacy_keras.backend`` module).

    All of them are compiled here, at import: about 90 one-line functions take ~3 ms.
    """
    for name in generated_names():
        fn = shim_function(name)
        fn.keras1_table_entry = name  # type: ignore[attr-defined]
        namespace[name] = fn


def is_generated(fn: Any) -> bool:
    """True for a function :func:`install` put in place (not a hand-written one)."""
    return getattr(fn, "keras1_table_entry", None) is not None
