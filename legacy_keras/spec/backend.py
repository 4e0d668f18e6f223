"""Every public function of Keras 1.2.2's ``keras.backend`` -> its Keras 3 spelling, as data.

Plain Keras 3 ``keras.backend`` keeps a dozen names; the math lives in
``keras.ops``, random numbers in ``keras.random``, variables are
``keras.Variable``.  ``KERAS1_BACKEND`` has one entry per name of
``keras1_backend_names.KERAS1_BACKEND_FUNCTIONS`` (generated from the Keras 1.2.2
oracle; ``tests/test_migrate_backend.py`` checks the coverage):

* ``Rewrite(template)``: a Python expression with ``{param}`` holes, one per
  Keras 1 parameter name.  ``{param}`` is the code the caller passed, or the
  Keras 1 default when the call left it out (so a default that changed between
  Keras 1 and Keras 3, ``argmax(axis=-1)`` vs ``axis=None``, is written out);
  ``{,kw=param}`` is ``, kw=<code>`` only when the caller passed ``param``;
  ``{param} or <expr>`` is just ``<expr>`` when the caller left out a ``param`` whose
  Keras 1 default is None (``dtype={dtype} or keras.backend.floatx()``).
  ``{dim_ordering}`` holes are resolved to ``'channels_first'/'channels_last'``
  (the run's ``--image-dim-ordering`` for ``'default'``).  Templates name
  ``keras.`` (the root module) and inserted helpers (``keras1_*``, from
  ``migrate.helpers``) only.
* ``Keep(name)``: plain Keras 3 ``keras.backend`` still has it (maybe renamed).
* ``InLayerCall(template, outside)``: exact only inside a layer's ``call()``, where Keras 3
  passes the training flag: ``{training}`` is the call's ``training`` argument (added as
  ``training=None`` when the signature lacks it); elsewhere ``outside`` is reported.
* ``Human(reason)``: no exact mechanical rewrite; the report gives the reason.

No TensorFlow or Keras import here: the codemod reads this table.
"""
from __future__ import annotations

from dataclasses import dataclass

from legacy_keras.spec.keras1_backend_names import KERAS1_BACKEND_SIGNATURES


@dataclass(frozen=True)
class Rewrite:
    """An exact Keras 3 expression for the Keras 1 call."""

    template: str
    #: inserted helper functions the template calls (``migrate.helpers`` names).
    helpers: tuple[str, ...] = ()
    #: numeric caveat kept in the table (not reported: within float32 round-off).
    note: str = ""


@dataclass(frozen=True)
class Keep:
    """``keras.backend.<name>`` exists in Keras 3 with the Keras 1 meaning."""

    name: str


@dataclass(frozen=True)
class Human:
    """No mechanical rewrite keeps the meaning; ``reason`` says what to do instead."""

    reason: str


@dataclass(frozen=True)
class InLayerCall:
    """Keras 1 read the global learning phase; Keras 3 knows it only as ``call(..., training=)``."""

    #: like ``Rewrite.template``, plus ``{training}``: the enclosing call()'s training argument.
    template: str
    helpers: tuple[str, ...] = ()
    #: why a call site outside a layer's call() is left as it is (reported).
    outside: str = ""


Entry = Rewrite | Keep | Human | InLayerCall


def _ops(name: str, keras3: str | None = None, *, renames: dict[str, str] | None = None,
         explicit: tuple[str, ...] = (), swap: bool = False, module: str = "ops") -> Rewrite:
    """A ``keras.<module>.<keras3>`` call built from the Keras 1 signature.

    Required Keras 1 parameters are passed positionally (``swap`` exchanges the
    first two: Keras 1 losses took ``(output, target)``); optional ones as keywords
    when given, renamed by ``renames``; ``explicit`` optional parameters are always
    written (their Keras 1 default differs from Keras 3's).
    """
    renames = renames or {}
    params = KERAS1_BACKEND_SIGNATURES[name]
    required = [p for p, default in params if default is None]
    if swap:
        required[0], required[1] = required[1], required[0]
    parts = [f"{{{p}}}" for p in required]
    text = ", ".join(parts)
    for p, default in params:
        if default is None:
            continue
        kw = renames.get(p, p)
        if p in explicit:
            text += f", {kw}={{{p}}}"
        else:
            text += f"{{,{kw}={p}}}"
    return Rewrite(f"keras.{module}.{keras3 or name}({text})")


_CONV = ("Keras 1 kernels and dim_ordering differ from keras.ops.conv (Theano kernels are "
         "flipped and (out, in, rows, cols)); use a Conv layer or keras.ops.conv with "
         "data_format= and a transposed kernel")
_UPDATE = ("returns an update tuple for K.function(updates=)/Layer.updates; Keras 3 has no update "
           "lists: call variable.assign(...)/assign_add/assign_sub where the update happens")
_PHASE_OUTSIDE = ("Keras 3 has no global learning phase, only the training argument of a layer's "
                  "call(): move this into a layer's call(self, x, training=None) (where it is "
                  "rewritten to keras1_in_train_phase(x, alt, training)) or pass training yourself")
_CTC = "Theano-internal step of ctc_batch_cost, not public API; use keras.ops.ctc_loss"

KERAS1_BACKEND: dict[str, Entry] = {
    # -- math: keras.ops ---------------------------------------------------------------
    "abs": _ops("abs"), "all": _ops("all"), "any": _ops("any"),
    "arange": _ops("arange", explicit=("dtype",)),
    # Keras 1 answered int64 indices, keras.ops int32 (the same values)
    "argmax": _ops("argmax", explicit=("axis",)), "argmin": _ops("argmin", explicit=("axis",)),
    "cast": _ops("cast"), "clip": _ops("clip"),
    "concatenate": _ops("concatenate", explicit=("axis",)),
    "cos": _ops("cos"), "sin": _ops("sin"), "dot": _ops("dot"),
    "equal": _ops("equal"), "not_equal": _ops("not_equal"),
    "greater": _ops("greater"), "greater_equal": _ops("greater_equal"),
    "lesser": _ops("lesser", "less"), "lesser_equal": _ops("lesser_equal", "less_equal"),
    "maximum": _ops("maximum"), "minimum": _ops("minimum"),
    "exp": _ops("exp"), "log": _ops("log"), "round": _ops("round"), "sign": _ops("sign"),
    "square": _ops("square"),
    "sqrt": Rewrite("keras.ops.sqrt(keras.ops.maximum({x}, 0.0))"),  # Keras 1 clipped at 0
    "pow": _ops("pow", "power"),
    "max": _ops("max"), "min": _ops("min"), "mean": _ops("mean"), "sum": _ops("sum"),
    "prod": _ops("prod"), "std": _ops("std"), "var": _ops("var"),
    "expand_dims": _ops("expand_dims", renames={"dim": "axis"}, explicit=("dim",)),
    "squeeze": Rewrite("keras.ops.squeeze({x}, axis={axis})"),
    "reshape": _ops("reshape"),
    "transpose": _ops("transpose"),
    "permute_dimensions": Rewrite("keras.ops.transpose({x}, axes={pattern})"),
    "repeat_elements": Rewrite("keras.ops.repeat({x}, {rep}, axis={axis})"),
    "repeat": Rewrite("keras.ops.repeat(keras.ops.expand_dims({x}, 1), {n}, axis=1)"),
    "tile": _ops("tile"),
    "flatten": Rewrite("keras.ops.reshape({x}, (-1,))"),
    "batch_flatten": Rewrite("keras.ops.reshape({x}, (keras.ops.shape({x})[0], -1))"),
    "stack": Rewrite("keras.ops.stack({x}, axis=0)"),
    "gather": Rewrite("keras.ops.take({reference}, {indices}, axis=0)"),
    "one_hot": Rewrite("keras.ops.one_hot({indices}, {nb_classes})"),
    "reverse": Rewrite("keras.ops.flip({x}, axis={axes})"),
    "switch": Rewrite("keras.ops.where({condition}, {then_expression}, {else_expression})"),
    "stop_gradient": _ops("stop_gradient"),
    "in_top_k": _ops("in_top_k", swap=True),
    "map_fn": Rewrite("keras.ops.map({fn}, {elems})"),
    "l2_normalize": Rewrite("keras.ops.normalize({x}, axis={axis})",
                            note="Keras 1 divided by sqrt(max(sum(x**2), epsilon)): differs only "
                                 "for vectors of norm below 3e-4"),
    # Keras 1's name= was only a graph name; keras.ops.ones_like takes none (TypeError)
    "ones_like": Rewrite("keras.ops.ones_like({x}{,dtype=dtype})"),
    "zeros_like": Rewrite("keras.ops.zeros_like({x}{,dtype=dtype})"),
    # -- activations and losses -------------------------------------------------------
    "relu": Rewrite("keras.activations.relu({x}{,negative_slope=alpha}{,max_value=max_value})"),
    "elu": _ops("elu"), "softmax": _ops("softmax"), "softplus": _ops("softplus"),
    "softsign": _ops("softsign"), "sigmoid": _ops("sigmoid"), "tanh": _ops("tanh"),
    "hard_sigmoid": Rewrite("keras1_hard_sigmoid({x})", helpers=("keras1_hard_sigmoid",)),
    "categorical_crossentropy": _ops("categorical_crossentropy", swap=True),
    "sparse_categorical_crossentropy": _ops("sparse_categorical_crossentropy", swap=True),
    "binary_crossentropy": _ops("binary_crossentropy", swap=True),
    # -- shapes -----------------------------------------------------------------------
    "int_shape": Rewrite("tuple({x}.shape)"),
    "get_variable_shape": Rewrite("tuple({x}.shape)"),
    "shape": _ops("shape"),
    "ndim": Rewrite("len({x}.shape)"),  # Keras 1 answered an int; keras.ops.ndim of a KerasTensor is symbolic
    "dtype": Rewrite("keras.backend.standardize_dtype({x}.dtype)"),
    "count_params": Rewrite("int(keras.ops.size({x}))"),
    # -- variables and values ---------------------------------------------------------
    # Keras 1 made every variable floatx unless told (a float64 or int64 numpy array too)
    "variable": Rewrite("keras.Variable({value}, dtype={dtype} or keras.backend.floatx(){,name=name})"),
    "zeros": Rewrite("keras.Variable(keras.ops.zeros({shape}){,dtype=dtype}{,name=name})"),
    "ones": Rewrite("keras.Variable(keras.ops.ones({shape}){,dtype=dtype}{,name=name})"),
    "eye": Rewrite("keras.Variable(keras.ops.eye({size}){,dtype=dtype}{,name=name})"),
    "random_normal_variable": Rewrite(
        "keras.Variable(keras.random.normal({shape}, mean={mean}, stddev={scale}){,dtype=dtype}"
        "{,name=name})"),
    "random_uniform_variable": Rewrite(
        "keras.Variable(keras.random.uniform({shape}, minval={low}, maxval={high}){,dtype=dtype}"
        "{,name=name})"),
    "get_value": Rewrite("keras.ops.convert_to_numpy({x})"),
    "eval": Rewrite("keras.ops.convert_to_numpy({x})"),
    "batch_get_value": Rewrite("[keras.ops.convert_to_numpy(v) for v in {xs}]"),
    "set_value": Rewrite("{x}.assign({value})"),
    "batch_set_value": Rewrite("[x.assign(v) for x, v in {tuples}]"),
    "cast_to_floatx": Rewrite("keras1_cast_to_floatx({x})", helpers=("keras1_cast_to_floatx",)),
    "placeholder": Rewrite("keras.Input(batch_shape={shape}{,dtype=dtype}{,sparse=sparse}{,name=name})"),
    # -- random -----------------------------------------------------------------------
    "random_normal": _ops("random_normal", "normal", module="random", renames={"std": "stddev"}),
    "random_uniform": _ops("random_uniform", "uniform", module="random",
                           renames={"low": "minval", "high": "maxval"}),
    "random_binomial": Rewrite("keras.ops.cast(keras.random.uniform({shape}{,seed=seed}) <= {p}, "
                               "{dtype} or keras.backend.floatx())"),
    "dropout": Rewrite("keras.random.dropout({x}, {level}{,noise_shape=noise_shape}{,seed=seed})"),
    # -- padding ------------------------------------------------------------------------
    "temporal_padding": Rewrite("keras1_temporal_padding({x}, {padding}, {padding})",
                                helpers=("keras1_temporal_padding",)),
    "asymmetric_temporal_padding": Rewrite("keras1_temporal_padding({x}, {left_pad}, {right_pad})",
                                           helpers=("keras1_temporal_padding",)),
    "spatial_2d_padding": Rewrite("keras1_spatial_padding({x}, {padding}, {dim_ordering})",
                                  helpers=("keras1_spatial_padding",)),
    "spatial_3d_padding": Rewrite("keras1_spatial_padding({x}, {padding}, {dim_ordering})",
                                  helpers=("keras1_spatial_padding",)),
    "asymmetric_spatial_2d_padding": Rewrite(
        "keras1_spatial_padding({x}, (({top_pad}, {bottom_pad}), ({left_pad}, {right_pad})), {dim_ordering})",
        helpers=("keras1_spatial_padding",)),
    # -- training-phase and graph functions ---------------------------------------------
    "function": Rewrite("keras1_function({inputs}, {outputs})", helpers=("keras1_function",)),
    "in_train_phase": InLayerCall("keras1_in_train_phase({x}, {alt}, {training})",
                                  helpers=("keras1_in_train_phase",), outside=_PHASE_OUTSIDE),
    "in_test_phase": InLayerCall("keras1_in_train_phase({alt}, {x}, {training})",
                                 helpers=("keras1_in_train_phase",), outside=_PHASE_OUTSIDE),
    "learning_phase": Human("K.learning_phase() is gone: pass training=True/False to the layer or "
                            "model call (a K.function input list ending in it is rewritten)"),
    "set_learning_phase": Human("K.set_learning_phase is gone: pass training= to calls"),
    "gradients": Human("Keras 3 has no symbolic gradients: use tf.GradientTape (TensorFlow), "
                       "jax.grad or torch.autograd for the backend you run"),
    "rnn": Human("K.rnn's step-function protocol has no keras.ops equivalent: write a keras.layers.RNN "
                 "cell or use keras.ops.scan"),
    "foldl": Human("use keras.ops.scan (carries the accumulator) or a Python loop"),
    "foldr": Human("use keras.ops.scan over keras.ops.flip(elems, 0) or a Python loop"),
    "update": Human(f"K.update {_UPDATE}"),
    "update_add": Human(f"K.update_add {_UPDATE}"),
    "update_sub": Human(f"K.update_sub {_UPDATE}"),
    "moving_average_update": Human(f"K.moving_average_update {_UPDATE}"),
    "print_tensor": Human("Keras 3 has no print op: use tf.print (TensorFlow) or jax.debug.print (JAX)"),
    # -- convolutions and pooling ---------------------------------------------------------
    "conv1d": Human(_CONV), "conv2d": Human(_CONV), "conv3d": Human(_CONV),
    "deconv2d": Human(_CONV.replace("keras.ops.conv", "keras.ops.conv_transpose")),
    "atrous_conv2d": Human(_CONV + " (dilation_rate=)"),
    "separable_conv2d": Human(_CONV.replace("keras.ops.conv", "keras.ops.separable_conv")),
    "pool2d": Human("use keras.ops.max_pool/average_pool with data_format= (Keras 1 'th' is channels_first)"),
    "pool3d": Human("use keras.ops.max_pool/average_pool with data_format= (Keras 1 'th' is channels_first)"),
    "resize_images": Human("use keras.layers.UpSampling2D(size, data_format=) (Keras 1 repeated rows/cols)"),
    "resize_volumes": Human("use keras.layers.UpSampling3D(size, data_format=)"),
    "batch_dot": Human("Keras 3 has no batch_dot: use keras.ops.einsum or keras.layers.Dot(axes=)"),
    "batch_normalization": Human("keras.ops.batch_normalization needs axis= and takes (mean, variance, "
                                 "axis, offset, scale): bind the Keras 1 (beta, gamma) by keyword"),
    "normalize_batch_in_training": Human("use a keras.layers.BatchNormalization layer"),
    # -- losses that need labels as sequences -----------------------------------------------
    "ctc_batch_cost": Human("use keras.ops.ctc_loss(target, output, target_length, output_length) "
                            "(lengths as vectors, not (samples, 1))"),
    "ctc_cost": Human(_CTC), "ctc_create_skip_idxs": Human(_CTC), "ctc_interleave_blanks": Human(_CTC),
    "ctc_path_probs": Human(_CTC), "ctc_update_log_p": Human(_CTC),
    # -- configuration: plain keras.backend keeps these ----------------------------------------
    "backend": Keep("backend"), "epsilon": Keep("epsilon"), "set_epsilon": Keep("set_epsilon"),
    "floatx": Keep("floatx"), "set_floatx": Keep("set_floatx"), "get_uid": Keep("get_uid"),
    "is_keras_tensor": Keep("is_keras_tensor"),
    "image_dim_ordering": Keep("image_data_format"),
    "set_image_dim_ordering": Keep("set_image_data_format"),
    # -- Theano-era switches ---------------------------------------------------------------
    "is_explicit_shape": Human("Theano-backend internal (shape tuples with symbolic entries); not needed "
                               "in Keras 3"),
    "is_sparse": Human("Keras 3 has no public sparse test: isinstance(x, tf.SparseTensor) on TensorFlow"),
    "to_dense": Human("Keras 3 has no public to_dense: tf.sparse.to_dense on TensorFlow"),
    "legacy_weight_ordering": Human("Theano-era weight-ordering switch: delete the call"),
    "set_legacy_weight_ordering": Human("Theano-era weight-ordering switch: delete the call"),
    "pattern_broadcast": Human("Theano-only broadcast pattern: delete the call, Keras 3 broadcasts"),
}

#: Keras 1 parameters a ``Rewrite`` template does not write, and why dropping them keeps the meaning.
KERAS1_PARAMS_DROPPED: dict[tuple[str, str], str] = {
    ("map_fn", "name"): "only a graph name",
    ("ones_like", "name"): "only a graph name (keras.ops.ones_like takes none)",
    ("zeros_like", "name"): "only a graph name (keras.ops.zeros_like takes none)",
}

#: Random functions whose Keras 1 ``seed=`` started a stream (each call of the compiled graph
#: drew new numbers), where Keras 3's integer seed gives the same numbers on every call: inside
#: a layer's call() that freezes the noise of every training step (checked with the oracle by
#: ``tests/test_backend_table.py``).  Keras 3 needs a ``keras.random.SeedGenerator`` made once,
#: in ``__init__``: the codemod reports such calls.
SEEDED_STREAMS: frozenset[str] = frozenset({"random_normal", "random_uniform", "random_binomial", "dropout"})

#: (function, parameter) -> the template for a call passing a literal ``None`` there, where the
#: main template would fail on Keras 3: Keras 1 ``K.clip(x, 0, None)`` had no upper bound,
#: ``keras.ops.clip`` needs a number.
NONE_ARGUMENT_TEMPLATES: dict[tuple[str, str], str] = {
    ("clip", "max_value"): "keras.ops.maximum({x}, {min_value})",
}

#: Keras 1 parameters a ``Rewrite`` template cannot write: a call passing one needs a human.
KERAS1_PARAMS_UNSUPPORTED: dict[tuple[str, str], str] = {
    ("placeholder", "ndim"): "K.placeholder(ndim=n) has no keras.Input spelling here: write "
                             "keras.Input(batch_shape=(None,) * n) (or the real shape)",
    ("function", "updates"): "K.function(updates=) is a training step: Keras 3 has no update lists; "
                             "write a custom train_step or a GradientTape loop",
}

#: Keras 1 backend *attributes* (not functions) code reads.
KERAS1_BACKEND_ATTRIBUTES: dict[str, str] = {
    "_BACKEND": "keras.backend.backend()",
}


def entry(name: str) -> Entry | None:
    """The table entry of a Keras 1 backend function, or None when Keras 1 had no such name."""
    return KERAS1_BACKEND.get(name)


def keras1_params(name: str) -> tuple[tuple[str, str | None], ...]:
    """The Keras 1.2.2 signature of ``keras.backend.<name>`` (from the oracle)."""
    return KERAS1_BACKEND_SIGNATURES[name]


def ops_names() -> frozenset[str]:
    """Keras 1 backend names whose rewrite is a ``keras.ops`` call (the report says "use keras.ops")."""
    return frozenset(n for n, e in KERAS1_BACKEND.items()
                     if isinstance(e, Rewrite) and e.template.startswith("keras.ops."))
