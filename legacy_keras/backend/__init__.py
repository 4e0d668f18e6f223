"""Keras 1.2.2 backend (``from keras import backend as K``) on Keras 3 / TensorFlow.

Keras 3's ``keras.backend`` kept 14 names and ``tf.keras.backend`` (Keras 3's
Keras 3's legacy backend, via ``legacy_keras._keras3``) keeps the Keras 2 tensor functions; neither has
``function``, ``learning_phase``, ``placeholder`` or the Keras 1 argument orders.
This module speaks Keras 1 and delegates the arithmetic to the Keras 2 legacy
backend (TensorFlow ops).

Symbolic use.  Keras 1 code applies ``K.*`` to layer outputs outside any layer
(``loss = K.mean(model.output[:, 0])``) and then compiles the expression with
``K.function``.  In Keras 3 layer outputs are ``KerasTensor``s and the functional
graph already records *operations* applied to them.  So every ``K`` function
here, when given a ``KerasTensor``, is recorded as a small Keras ``Operation``
(:class:`_BackendOp`) in that graph; :func:`function` then builds a functional
``keras.Model`` from the inputs to the outputs and runs it eagerly.
:func:`gradients` records a :class:`_GradientsOp` whose ``call`` replays the
sub-graph from its sources to the loss under a ``tf.GradientTape`` -- that is
how Keras 1's "gradient of a symbolic loss w.r.t. the input image" loops work.
"""
from __future__ import annotations

import builtins as _b
import functools
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import tensorflow as tf
import keras
from legacy_keras._keras3 import Operation as _Operation
from legacy_keras._keras3 import backend as _kb
from legacy_keras._keras3 import global_state as _global_state
from legacy_keras._keras3 import legacy_backend as _LB

from legacy_keras import _config

_BACKEND = "tensorflow"
KerasTensor = keras.KerasTensor


def backend() -> str:
    """Name of the running backend: always 'tensorflow' (Theano is gone)."""
    return _BACKEND


# ---------------------------------------------------------------------------
# Symbolic recording
# ---------------------------------------------------------------------------
class _BackendOp(_Operation):
    """One Keras 1 backend call recorded on KerasTensors (replayed by K.function)."""

    def __init__(self, fn: Callable, fn_name: str):
        super().__init__(name=None)
        self.fn = fn
        self.fn_name = fn_name

    def call(self, *args, **kwargs):
        return self.fn(*args, **kwargs)


def _symbolic(fn: Callable) -> Callable:
    """Make ``fn`` (written for real tensors) also accept KerasTensors by recording it."""

    def run(*args, **kwargs):
        return fn(*[_tensorize(a) for a in args], **{k: _tensorize(v) for k, v in kwargs.items()})

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if _kb.any_symbolic_tensors(args, kwargs):
            return _BackendOp(run, fn.__name__)(*args, **kwargs)
        return run(*args, **kwargs)

    return wrapper


def _tensorize(value: Any) -> Any:
    """Keras 3 variables -> their tf.Variable (what the TF-level code expects), read live."""
    if isinstance(value, keras.Variable):
        return value.value
    if isinstance(value, (list, tuple)):
        return type(value)(_tensorize(v) for v in value)
    return value


def is_keras_tensor(x: Any) -> bool:
    """True for a symbolic Keras tensor (a layer/Input output)."""
    return isinstance(x, KerasTensor)


# ---------------------------------------------------------------------------
# Settings (keras.json) -- delegated to legacy_keras._config
# ---------------------------------------------------------------------------
def epsilon() -> float:
    """Fuzz factor used by Keras 1 losses and metrics (1e-7 unless keras.json says otherwise)."""
    return float(_config.setting("epsilon"))


def set_epsilon(value: float) -> None:
    _config._load()
    _config._state["epsilon"] = float(value)
    keras.config.set_epsilon(float(value))


def floatx() -> str:
    return str(_config.setting("floatx"))


def set_floatx(value: str) -> None:
    if value not in ("float16", "float32", "float64"):
        raise ValueError(f"Unknown floatx type: {value!r}")
    _config._load()
    _config._state["floatx"] = value
    keras.config.set_floatx(value)


def cast_to_floatx(x: Any) -> np.ndarray:
    """Numpy array of ``x`` in ``floatx()`` (Keras 1 returns numpy, not a tensor)."""
    return np.asarray(x, dtype=floatx())


def image_dim_ordering() -> str:
    """Keras 1 default dim ordering: 'th' (channels first) or 'tf' (channels last)."""
    return _config.image_dim_ordering()


def set_image_dim_ordering(dim_ordering: str) -> None:
    """Set the Keras 1 dim ordering; Keras 3's ``image_data_format`` follows it so that
    delegated pieces (applications, preprocessing) agree."""
    _config.set_image_dim_ordering(dim_ordering)
    keras.config.set_image_data_format("channels_first" if dim_ordering == "th" else "channels_last")


_UIDS: dict[str, int] = {}


def get_uid(prefix: str = "") -> int:
    _UIDS[prefix] = _UIDS.get(prefix, 0) + 1
    return _UIDS[prefix]


def reset_uids() -> None:
    _UIDS.clear()


def clear_session() -> None:
    """Reset Keras 3 state (names, graph); also resets the Keras 1 learning phase."""
    keras.backend.clear_session()
    reset_uids()
    _global_state.set_global_attribute("legacy_keras_learning_phase", None)


def manual_variable_initialization(value: bool) -> None:
    """No-op: TensorFlow 2 variables are initialised when created."""


def legacy_weight_ordering() -> bool:
    return False


def set_legacy_weight_ordering(value: bool) -> None:
    if value:
        raise NotImplementedError("legacy_weight_ordering (Keras 0.x weight order) is not supported.")


# ---------------------------------------------------------------------------
# Learning phase
# ---------------------------------------------------------------------------
class _LearningPhase:
    """The Keras 1 learning-phase placeholder.

    Put it in a :func:`function`'s input list and feed 0 (test) or 1 (train); it
    selects ``training=False/True`` for the layers the function runs.
    """

    _instance: "_LearningPhase | None" = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<keras_learning_phase placeholder>"


def learning_phase() -> Any:
    """The learning-phase placeholder, or the fixed 0/1 set by :func:`set_learning_phase`."""
    fixed = _global_state.get_global_attribute("legacy_keras_learning_phase")
    return _LearningPhase() if fixed is None else fixed


def set_learning_phase(value: int) -> None:
    if value not in (0, 1):
        raise ValueError("Expected learning phase to be 0 or 1.")
    _global_state.set_global_attribute("legacy_keras_learning_phase", int(value))


def _current_training() -> bool | None:
    fixed = _global_state.get_global_attribute("legacy_keras_learning_phase")
    if fixed is not None:
        return bool(fixed)
    ctx = _global_state.get_global_attribute("current_call_ctx")
    training = getattr(ctx, "training", None) if ctx is not None else None
    if training is None:
        return None
    if isinstance(training, bool):
        return training
    return training  # a tensor: handled by switch


def in_train_phase(x: Any, alt: Any, training: Any = None) -> Any:
    """``x`` in the training phase, ``alt`` otherwise (Keras 1: switch on learning_phase()).

    Outside a training call (``predict``, ``evaluate``) Keras 3 passes no training
    flag; that is the test phase, as in Keras 1.
    """
    if training is None:
        training = _current_training()
    if training is None or training is False or training == 0:
        return alt() if callable(alt) else alt
    if training is True or training == 1:
        return x() if callable(x) else x
    x = x() if callable(x) else x
    alt = alt() if callable(alt) else alt
    return switch(training, x, alt)


def in_test_phase(x: Any, alt: Any, training: Any = None) -> Any:
    return in_train_phase(alt, x, training=training)


# ---------------------------------------------------------------------------
# Variables and placeholders
# ---------------------------------------------------------------------------
import operator as _operator


class _Keras1Variable(keras.Variable):
    """A Keras 3 variable that stays *live* inside recorded symbolic expressions.

    Keras 3 turns a variable combined with a KerasTensor (``acc + x``) into a
    constant snapshot; Keras 1 graphs read the variable's current value each time
    (``K.function(..., updates=[(acc, acc + x)])`` accumulates).  Arithmetic with a
    KerasTensor is therefore recorded as a :class:`_BackendOp` holding the variable.
    """


def _live_binary(op: Callable, reflected: bool = False) -> Callable:
    def method(self, other):
        if isinstance(other, KerasTensor):
            fn = (lambda a, b: op(b, a)) if reflected else op
            return _BackendOp(lambda a, b: fn(tf.convert_to_tensor(a), b), op.__name__)(self, other)
        base = getattr(keras.Variable, f"__{'r' if reflected else ''}{op.__name__.strip('_')}__")
        return base(self, other)
    return method


for _op in (_operator.add, _operator.sub, _operator.mul, _operator.truediv, _operator.pow):
    setattr(_Keras1Variable, f"__{_op.__name__.strip('_')}__", _live_binary(_op))
    setattr(_Keras1Variable, f"__r{_op.__name__.strip('_')}__", _live_binary(_op, reflected=True))
del _op


def variable(value: Any, dtype: str | None = None, name: str | None = None) -> Any:
    """A variable holding ``value`` (numpy array or number), as Keras 1 ``K.variable``."""
    value = np.asarray(value) if not hasattr(value, "shape") else value
    return _Keras1Variable(value, dtype=dtype or floatx(), name=name)


def placeholder(shape: Sequence[int | None] | None = None, ndim: int | None = None,
                dtype: str | None = None, sparse: bool = False, name: str | None = None) -> KerasTensor:
    """A symbolic input: a Keras 3 ``Input`` with the full (batch) shape."""
    if shape is None:
        if ndim is None:
            raise ValueError("placeholder needs `shape` or `ndim`.")
        shape = (None,) * ndim
    return keras.Input(batch_shape=tuple(shape), dtype=dtype or floatx(), sparse=sparse, name=name)


def _to_numpy(x: Any) -> Any:
    if isinstance(x, KerasTensor):
        raise ValueError("Cannot evaluate a symbolic tensor without inputs: use K.function([inputs], [x]).")
    if isinstance(x, (np.ndarray, np.generic, int, float)):
        return np.asarray(x)
    return keras.ops.convert_to_numpy(x)


def eval(x: Any) -> np.ndarray:  # noqa: A001 - Keras 1 name
    return _to_numpy(x)


def get_value(x: Any) -> Any:
    return _to_numpy(x)


def batch_get_value(xs: Iterable[Any]) -> list:
    return [get_value(x) for x in xs]


def set_value(x: Any, value: Any) -> None:
    if not hasattr(x, "assign"):
        raise TypeError(f"K.set_value needs a variable, got {type(x).__name__}")
    x.assign(np.asarray(value, dtype=keras.backend.standardize_dtype(x.dtype)))


def batch_set_value(tuples: Iterable[tuple[Any, Any]]) -> None:
    for x, value in tuples:
        set_value(x, value)


def zeros(shape, dtype=None, name=None):
    return variable(np.zeros(shape), dtype, name)


def ones(shape, dtype=None, name=None):
    return variable(np.ones(shape), dtype, name)


def eye(size, dtype=None, name=None):
    return variable(np.eye(size), dtype, name)


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    rng = np.random.RandomState(seed)
    return variable(rng.uniform(low, high, size=shape), dtype, name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    rng = np.random.RandomState(seed)
    return variable(rng.normal(mean, scale, size=shape), dtype, name)


def count_params(x) -> int:
    return int(np.prod(int_shape(x)))


def int_shape(x) -> tuple:
    if hasattr(x, "shape"):
        return tuple(None if d is None else int(d) for d in x.shape)
    return np.asarray(x).shape


get_variable_shape = int_shape


def ndim(x) -> int:
    return len(x.shape)


def dtype(x) -> str:
    return keras.backend.standardize_dtype(x.dtype)


@_symbolic
def shape(x):
    return tf.shape(x)


# ---------------------------------------------------------------------------
# Element-wise and reduction ops (Keras 2 legacy backend has Keras 1 signatures)
# ---------------------------------------------------------------------------
def _wrap(name: str) -> Callable:
    return _symbolic(getattr(_LB, name))


for _name in ("abs", "exp", "log", "square", "sign", "round", "sigmoid", "softplus", "softsign",
              "tanh", "softmax", "mean", "sum", "max", "min", "prod", "std", "var", "any", "all",
              "argmax", "argmin", "maximum", "minimum", "equal", "not_equal", "greater",
              "greater_equal", "dot", "batch_dot", "transpose", "gather", "reshape",
              "permute_dimensions", "repeat", "repeat_elements", "squeeze", "flatten",
              "batch_flatten", "tile", "ones_like", "zeros_like", "cast", "stop_gradient",
              "cos", "sin", "cumsum", "cumprod", "reverse", "switch", "pow", "sqrt",
              "bias_add", "to_dense", "in_top_k"):
    if hasattr(_LB, _name):
        globals()[_name] = _wrap(_name)
del _name


@_symbolic
def lesser(x, y):
    return _LB.less(x, y)


@_symbolic
def lesser_equal(x, y):
    return _LB.less_equal(x, y)


@_symbolic
def clip(x, min_value, max_value):
    """Keras 1 clip: a max below min is raised to min."""
    if max_value is not None and min_value is not None and max_value < min_value:
        max_value = min_value
    return _LB.clip(x, min_value, max_value)


@_symbolic
def concatenate(tensors, axis=-1):
    return _LB.concatenate(list(tensors), axis=axis)


@_symbolic
def expand_dims(x, dim=-1):
    return _LB.expand_dims(x, axis=dim)


@_symbolic
def pack(x):
    return tf.stack(list(x))


@_symbolic
def stack(x, axis=0):
    return tf.stack(list(x), axis=axis)


@_symbolic
def l2_normalize(x, axis):
    return tf.math.l2_normalize(x, axis=axis)


@_symbolic
def one_hot(indices, nb_classes):
    return tf.one_hot(indices, depth=nb_classes, axis=-1)


@_symbolic
def relu(x, alpha=0.0, max_value=None):
    """Keras 1 relu with leaky slope ``alpha`` and cap ``max_value``."""
    return _LB.relu(x, alpha=alpha, max_value=max_value)


@_symbolic
def elu(x, alpha=1.0):
    return _LB.elu(x, alpha)


@_symbolic
def hard_sigmoid(x):
    """Keras 1 formula clip(0.2 x + 0.5, 0, 1) (Keras 3's differs)."""
    from legacy_keras.activations import hard_sigmoid as _hs
    return _hs(x)


@_symbolic
def dropout(x, level, noise_shape=None, seed=None):
    return _LB.dropout(x, level, noise_shape=noise_shape, seed=seed)


# Losses: Keras 1 order is (output, target)
@_symbolic
def categorical_crossentropy(output, target, from_logits=False):
    """Keras 1 order ``(output, target)`` (Keras 2+ swapped it)."""
    return _LB.categorical_crossentropy(target, output, from_logits=from_logits)


@_symbolic
def sparse_categorical_crossentropy(output, target, from_logits=False):
    return _LB.sparse_categorical_crossentropy(target, output, from_logits=from_logits)


@_symbolic
def binary_crossentropy(output, target, from_logits=False):
    """-(t log o + (1-t) log(1-o)) with ``o`` clipped to [eps, 1-eps] (Keras 1 order)."""
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.cast(target, output.dtype), logits=output)
    eps = epsilon()
    output = tf.clip_by_value(output, eps, 1.0 - eps)
    target = tf.cast(target, output.dtype)
    return -(target * tf.math.log(output) + (1.0 - target) * tf.math.log(1.0 - output))


# Random tensors: Keras 1 argument names
@_symbolic
def random_normal(shape, mean=0.0, std=1.0, dtype=None, seed=None):
    return _LB.random_normal(shape, mean=mean, stddev=std, dtype=dtype or floatx(), seed=seed)


@_symbolic
def random_uniform(shape, low=0.0, high=1.0, dtype=None, seed=None):
    return _LB.random_uniform(shape, minval=low, maxval=high, dtype=dtype or floatx(), seed=seed)


@_symbolic
def random_binomial(shape, p=0.0, dtype=None, seed=None):
    dtype = dtype or floatx()
    return tf.cast(tf.less(tf.random.uniform(shape, seed=seed), p), dtype)


# Padding / resizing with Keras 1 dim_ordering
from legacy_keras.spec.modules import DIM_ORDERING_VALUES as _DATA_FORMAT  # noqa: E402


def _data_format(dim_ordering: str) -> str:
    if dim_ordering == "default":
        dim_ordering = image_dim_ordering()
    if dim_ordering not in _DATA_FORMAT:
        raise ValueError(f"Unknown dim_ordering: {dim_ordering!r}")
    return _DATA_FORMAT[dim_ordering]


@_symbolic
def spatial_2d_padding(x, padding=(1, 1), dim_ordering="default"):
    return _LB.spatial_2d_padding(x, ((padding[0],) * 2, (padding[1],) * 2), _data_format(dim_ordering))


@_symbolic
def resize_images(X, height_factor, width_factor, dim_ordering):
    return _LB.resize_images(X, height_factor, width_factor, _data_format(dim_ordering))


_PADDING = {"same": "same", "valid": "valid"}


@_symbolic
def conv2d(x, kernel, strides=(1, 1), border_mode="valid", dim_ordering="default",
           image_shape=None, filter_shape=None, filter_dilation=(1, 1)):
    """Keras 1 conv2d: kernel laid out (rows, cols, in, out) as on the Keras 1 TF backend."""
    return _LB.conv2d(x, kernel, strides=strides, padding=_PADDING[border_mode],
                      data_format=_data_format(dim_ordering), dilation_rate=filter_dilation)


@_symbolic
def pool2d(x, pool_size, strides=(1, 1), border_mode="valid", dim_ordering="default", pool_mode="max"):
    return _LB.pool2d(x, pool_size, strides=strides, padding=_PADDING[border_mode],
                      data_format=_data_format(dim_ordering), pool_mode=pool_mode)


@_symbolic
def temporal_padding(x, padding=1):
    """Pad ``padding`` steps on both sides of axis 1 (Keras 1 took an int)."""
    return _LB.temporal_padding(x, (padding, padding))


@_symbolic
def asymmetric_temporal_padding(x, left_pad=1, right_pad=1):
    return _LB.temporal_padding(x, (left_pad, right_pad))


@_symbolic
def asymmetric_spatial_2d_padding(x, top_pad=1, bottom_pad=1, left_pad=1, right_pad=1,
                                  dim_ordering="default"):
    return _LB.spatial_2d_padding(x, ((top_pad, bottom_pad), (left_pad, right_pad)),
                                  _data_format(dim_ordering))


@_symbolic
def spatial_3d_padding(x, padding=(1, 1, 1), dim_ordering="default"):
    return _LB.spatial_3d_padding(x, tuple((p, p) for p in padding), _data_format(dim_ordering))


@_symbolic
def resize_volumes(X, depth_factor, height_factor, width_factor, dim_ordering):
    return _LB.resize_volumes(X, depth_factor, height_factor, width_factor, _data_format(dim_ordering))


@_symbolic
def batch_normalization(x, mean, var, beta, gamma, epsilon=1e-3):
    """Keras 1 positional order (no ``axis``): ``(x - mean) / sqrt(var + epsilon) * gamma + beta``."""
    return _LB.batch_normalization(x, mean, var, beta, gamma, epsilon=epsilon)


@_symbolic
def conv1d(x, kernel, stride=1, border_mode="valid", image_shape=None, filter_shape=None):
    return _LB.conv1d(x, kernel, strides=stride, padding=_PADDING[border_mode],
                      data_format="channels_last")


@_symbolic
def conv3d(x, kernel, strides=(1, 1, 1), border_mode="valid", dim_ordering="default",
           volume_shape=None, filter_shape=None, filter_dilation=(1, 1, 1)):
    return _LB.conv3d(x, kernel, strides=strides, padding=_PADDING[border_mode],
                      data_format=_data_format(dim_ordering), dilation_rate=filter_dilation)


@_symbolic
def deconv2d(x, kernel, output_shape, strides=(1, 1), border_mode="valid", dim_ordering="default",
             image_shape=None, filter_shape=None):
    return _LB.conv2d_transpose(x, kernel, output_shape, strides=strides,
                                padding=_PADDING[border_mode], data_format=_data_format(dim_ordering))


@_symbolic
def atrous_conv2d(x, kernel, rate=1, border_mode="valid", dim_ordering="default", image_shape=None,
                  filter_shape=None):
    return _LB.conv2d(x, kernel, padding=_PADDING[border_mode],
                      data_format=_data_format(dim_ordering), dilation_rate=(rate, rate))


@_symbolic
def pool3d(x, pool_size, strides=(1, 1, 1), border_mode="valid", dim_ordering="default",
           pool_mode="max"):
    return _LB.pool3d(x, pool_size, strides=strides, padding=_PADDING[border_mode],
                      data_format=_data_format(dim_ordering), pool_mode=pool_mode)


def get_session():
    """Keras 1 returned the TF1 session; TensorFlow 2 runs eagerly (a compat.v1 session is returned)."""
    return tf.compat.v1.keras.backend.get_session() if hasattr(tf.compat.v1, "keras") else None


def set_session(session) -> None:
    """Accepted and ignored: TensorFlow 2 has no global session to install."""


# Updates
def update(x, new_x):
    return x.assign(new_x)


def update_add(x, increment):
    return x.assign_add(increment)


def update_sub(x, decrement):
    return x.assign_sub(decrement)


def moving_average_update(variable, value, momentum):
    return variable.assign(variable * momentum + value * (1.0 - momentum))


def print_tensor(x, message=""):
    tf.print(message, x)
    return x


@_symbolic
def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None):
    """Iterate ``step_function(input_t, states) -> (output, new_states)`` over time (axis 1)."""
    return _LB.rnn(step_function, inputs, initial_states, go_backwards=go_backwards, mask=mask,
                   constants=constants, unroll=unroll, input_length=input_length)


# ---------------------------------------------------------------------------
# Gradients and function
# ---------------------------------------------------------------------------
def _graph_sources(tensor: KerasTensor, cut: dict[int, KerasTensor]) -> list[KerasTensor]:
    """The KerasTensors (graph inputs, or ``cut`` tensors) that ``tensor`` is computed from."""
    found: dict[int, KerasTensor] = {}
    stack_ = [tensor]
    seen: set[int] = set()
    while stack_:
        t = stack_.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        if id(t) in cut:
            found[id(t)] = t
            continue
        history = getattr(t, "_keras_history", None)
        if history is None:
            found[id(t)] = t
            continue
        operation, node_index, _ = history
        node = operation._inbound_nodes[node_index]
        inputs = list(node.input_tensors)
        if not inputs:
            found[id(t)] = t
            continue
        stack_.extend(inputs)
    return list(found.values())


class _GradientsOp(_Operation):
    """Gradient of a symbolic scalar loss w.r.t. symbolic tensors or variables.

    Keras 3 cannot differentiate its functional graph symbolically, so ``call``
    re-runs the sub-graph (sources -> loss) under a ``tf.GradientTape``.
    """

    def __init__(self, loss: KerasTensor, wrt: list[Any]):
        super().__init__(name=None)
        cut = {id(w): w for w in wrt if isinstance(w, KerasTensor)}
        self.sources = _graph_sources(loss, cut)
        self.wrt = wrt
        self.inner = keras.Model(self.sources, loss)

    def call(self, *values):
        values = [tf.convert_to_tensor(v) for v in values]
        by_id = {id(s): v for s, v in zip(self.sources, values)}
        targets = []
        with tf.GradientTape() as tape:
            for w in self.wrt:
                if isinstance(w, KerasTensor):
                    if id(w) not in by_id:
                        raise ValueError("K.gradients: the loss does not depend on this tensor")
                    tape.watch(by_id[id(w)])
                    targets.append(by_id[id(w)])
                else:
                    targets.append(w.value if hasattr(w, "value") else w)
            loss = self.inner(values)
            loss = tf.reduce_sum(loss)
        grads = tape.gradient(loss, targets)
        return [tf.zeros_like(t) if g is None else g for g, t in zip(grads, targets)]

    def compute_output_spec(self, *values):
        return [KerasTensor(tuple(w.shape), dtype=keras.backend.standardize_dtype(w.dtype))
                for w in self.wrt]


def gradients(loss: Any, variables: Any) -> list:
    """Gradients of ``loss`` w.r.t. ``variables`` (list, like Keras 1 / tf.gradients).

    On symbolic tensors the result is symbolic: evaluate it through :func:`function`.
    """
    wrt = list(variables) if isinstance(variables, (list, tuple)) else [variables]
    if isinstance(loss, KerasTensor):
        op = _GradientsOp(loss, wrt)
        out = op(*op.sources)
        return list(out)
    if tf.executing_eagerly():
        raise RuntimeError("K.gradients needs a symbolic loss (a Keras tensor) or a tf.function graph; "
                           "in eager code use tf.GradientTape.")
    return tf.gradients(loss, wrt)


class Function:
    """Keras 1 ``K.function``: call with a list of input arrays, get a list of numpy outputs.

    Built as a functional ``keras.Model`` from ``inputs`` to ``outputs``; a
    ``K.learning_phase()`` entry among the inputs takes 0/1 and becomes
    ``training=False/True``.  ``updates`` (variable, new value) pairs are
    evaluated with the outputs and assigned afterwards.
    """

    def __init__(self, inputs: Sequence[Any], outputs: Sequence[Any], updates: Sequence[Any] = (),
                 **kwargs: Any):
        self.inputs = list(inputs)
        self.outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        self._single = not isinstance(outputs, (list, tuple))
        self._phase_pos = [i for i, x in enumerate(self.inputs) if isinstance(x, _LearningPhase)]
        self._sym_inputs = [x for x in self.inputs if not isinstance(x, _LearningPhase)]
        self._updates = []
        for item in updates or ():
            if isinstance(item, (list, tuple)) and len(item) == 2:
                self._updates.append(item)
        graph_outputs = self.outputs + [new for _, new in self._updates]
        self._sym_pos = [i for i, o in enumerate(graph_outputs) if isinstance(o, KerasTensor)]
        sym_outputs = [graph_outputs[i] for i in self._sym_pos]
        self._model = keras.Model(self._sym_inputs, sym_outputs) if sym_outputs else None

    def __call__(self, inputs: Sequence[Any]) -> list:
        inputs = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        if len(inputs) != len(self.inputs):
            raise ValueError(f"K.function expected {len(self.inputs)} inputs, got {len(inputs)}")
        training = None
        values = []
        for i, value in enumerate(inputs):
            if i in self._phase_pos:
                training = bool(int(np.asarray(value)))
            else:
                values.append(value)
        if training is None:
            fixed = _global_state.get_global_attribute("legacy_keras_learning_phase")
            training = bool(fixed) if fixed is not None else False
        graph_outputs = self.outputs + [new for _, new in self._updates]
        results: list[Any] = [None] * len(graph_outputs)
        if self._model is not None:
            feed = [np.asarray(v) if not tf.is_tensor(v) else v for v in values]
            out = self._model(feed, training=training)
            out = out if isinstance(out, (list, tuple)) else [out]
            for pos, value in zip(self._sym_pos, out):
                results[pos] = value
        for i, o in enumerate(graph_outputs):
            if i not in self._sym_pos:
                results[i] = o
        n = len(self.outputs)
        for (var, _), new_value in zip(self._updates, results[n:]):
            var.assign(new_value)
        return [_to_numpy(r) for r in results[:n]]


def function(inputs: Sequence[Any], outputs: Sequence[Any], updates: Sequence[Any] | None = None,
             **kwargs: Any) -> Function:
    """Compile a symbolic computation into a callable (Keras 1 ``K.function``)."""
    return Function(inputs, outputs, updates=updates or [], **kwargs)


def _unsupported(name: str, hint: str) -> Callable:
    def fail(*args, **kwargs):
        raise NotImplementedError(f"K.{name} is not available on TensorFlow 2 / Keras 3: {hint}")
    fail.__name__ = name
    return fail


pattern_broadcast = _unsupported("pattern_broadcast", "it was Theano-only; use K.reshape/K.expand_dims.")
ctc_interleave_blanks = _unsupported("ctc_interleave_blanks", "Theano-only; use K.ctc_batch_cost on TensorFlow.")
ctc_create_skip_idxs = _unsupported("ctc_create_skip_idxs", "Theano-only; use K.ctc_batch_cost on TensorFlow.")
ctc_update_log_p = _unsupported("ctc_update_log_p", "Theano-only; use K.ctc_batch_cost on TensorFlow.")
ctc_path_probs = _unsupported("ctc_path_probs", "Theano-only; use K.ctc_batch_cost on TensorFlow.")
ctc_cost = _unsupported("ctc_cost", "Theano-only; use K.ctc_batch_cost on TensorFlow.")
ctc_batch_cost = _symbolic(_LB.ctc_batch_cost)
ctc_decode = _LB.ctc_decode
map_fn = _LB.map_fn
foldl = _LB.foldl
foldr = _LB.foldr
