"""Keras 1.2.2 weight layouts per layer class, against Keras 3's: what weight surgery meets.

Keras 1 code that reads or writes weights (``layer.get_weights()``, ``set_weights``,
``K.get_value(layer.W)``, ``layer.trainable_weights``) assumes Keras 1 layouts and
attribute names.  This table says, per Keras 1 layer class, which arrays ``get_weights()``
returned, which Keras 3 returns, when the two differ (always, for 'th' dim ordering only,
or for the per-gate ``consume_less='cpu'/'mem'`` lists of the recurrent layers), and which
Keras 1 attribute holds the same array as which Keras 3 attribute.

Read by the runtime (``legacy_keras.weights``: gate orders and kernel axes) and by the
codemod's ``weights`` rule (``migrate/rules/weights.py``).  Facts from Keras 1.2.2's
``build`` methods (``keras/layers/*.py`` of the oracle): e.g. a cpu/mem LSTM's
``trainable_weights`` are ``W_i, U_i, b_i, W_c, U_c, b_c, W_f, U_f, b_f, W_o, U_o, b_o`` and
its ``W``/``U``/``b`` attributes the concatenations in i, f, c, o order (which is Keras 3's
fused ``cell.kernel`` layout); ``Convolution1D.W`` is ``(filter_length, 1, input_dim,
nb_filter)``.  The converter's arithmetic on them is checked against genuine Keras 1 files
by ``tests/test_convert_*.py``.  Pure data: no TensorFlow or Keras import, ever.
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: Keras 1 per-gate array order (as ``get_weights()`` and HDF5 files list them, each gate
#: contributing W, U, b) and the fused gate order of Keras 3 (and of Keras 1's
#: ``consume_less='gpu'`` and of its ``W``/``U``/``b`` concatenations).
KERAS1_GATE_ORDER: dict[str, tuple[str, ...]] = {
    "GRU": ("z", "r", "h"),
    "LSTM": ("i", "c", "f", "o"),
    "ConvLSTM2D": ("i", "c", "f", "o"),
}
KERAS3_GATE_ORDER: dict[str, tuple[str, ...]] = {
    "GRU": ("z", "r", "h"),  # Keras 3 GRU(reset_after=False), what the migration writes
    "LSTM": ("i", "f", "c", "o"),
    "ConvLSTM2D": ("i", "f", "c", "o"),
}

#: Keras 1 'th' kernel axes -> Keras 3 kernel axes (``np.transpose`` argument).
TH_TO_KERAS3: dict[str, tuple[int, ...]] = {
    "conv2d": (2, 3, 1, 0),
    "conv3d": (2, 3, 4, 1, 0),
    "deconv2d": (2, 3, 0, 1),
}
#: Keras 1 'tf' kernel axes -> Keras 3 kernel axes (``None``: identical).
TF_TO_KERAS3: dict[str, tuple[int, ...] | None] = {
    "conv2d": None,
    "conv3d": None,
    "deconv2d": (0, 1, 3, 2),
}

#: When a class's Keras 1 arrays differ from Keras 3's.
ALWAYS, TH, PER_GATE = "always", "th", "per_gate"


@dataclass(frozen=True)
class Layout:
    """The weights of one Keras 1 layer class, Keras 1 against Keras 3."""

    keras1: tuple[str, ...]  # get_weights(), Keras 1 order (recurrent: consume_less='cpu', the default)
    keras3: tuple[str, ...]  # get_weights(), Keras 3 order
    differs: frozenset[str]  # ALWAYS / TH / PER_GATE; empty: the same arrays in the same layout
    note: str  # what changes, one line ("" when nothing does)
    #: Keras 1 attribute -> the Keras 3 attribute path holding the same array in the same layout
    attributes: dict[str, str] = field(default_factory=dict)
    #: attributes of ``attributes`` whose layout differs under 'th' dim ordering (kernels)
    th_kernels: frozenset[str] = frozenset()
    #: Keras 1 attributes with no Keras 3 counterpart -> what to use instead
    gone: dict[str, str] = field(default_factory=dict)


def _gates(cls: str, variable: str, attr: str) -> dict[str, str]:
    """Per-gate attributes (``W_i``) -> the slice of the fused Keras 3 variable."""
    out = {}
    gates = KERAS3_GATE_ORDER[cls]
    for k, gate in enumerate(gates):
        start = "" if k == 0 else "units" if k == 1 else f"{k} * units"
        stop = "" if k == len(gates) - 1 else "units" if k == 0 else f"{k + 1} * units"
        out[f"{attr}_{gate}"] = (f"the slice {variable}[..., {start}:{stop}] (units = layer.units; gates "
                                 f"{', '.join(gates)}), not a variable of its own: read it, assign the whole "
                                 f"{variable.split('.')[-1]}")
    return out


def _recurrent(cls: str, n: int) -> Layout:
    k1 = tuple(f"{w}_{g}" for g in KERAS1_GATE_ORDER[cls] for w in ("W", "U", "b"))
    gone = {**_gates(cls, "cell.kernel", "W"), **_gates(cls, "cell.recurrent_kernel", "U"),
            **_gates(cls, "cell.bias", "b")}
    return Layout(
        keras1=k1, keras3=("kernel", "recurrent_kernel", "bias"), differs=frozenset({PER_GATE}),
        note=(f"{cls} weights: Keras 3 fuses the {n} Keras 1 arrays ({', '.join(k1[:3])}, ...) into "
              f"kernel/recurrent_kernel/bias, gates {', '.join(KERAS3_GATE_ORDER[cls])} (Keras 1 listed "
              f"{', '.join(KERAS1_GATE_ORDER[cls])}); convert saved files with legacy-convert, concatenate "
              f"per-gate arrays in Keras 3's order by hand"),
        attributes={"W": "cell.kernel", "U": "cell.recurrent_kernel", "b": "cell.bias"}, gone=gone)


_DENSE = Layout(("W", "b"), ("kernel", "bias"), frozenset(), "", {"W": "kernel", "b": "bias"})
_CONV2D = Layout(
    ("W", "b"), ("kernel", "bias"), frozenset({TH}),
    "Convolution2D weights: a 'th' kernel was (nb_filter, stack, rows, cols), Keras 3's is (rows, cols, "
    "stack, nb_filter) in either data_format: np.transpose(W, (2, 3, 1, 0)) (legacy-convert does it for files)",
    {"W": "kernel", "b": "bias"}, frozenset({"W"}))
_CONV3D = Layout(
    ("W", "b"), ("kernel", "bias"), frozenset({TH}),
    "Convolution3D weights: a 'th' kernel was (nb_filter, stack, d1, d2, d3), Keras 3's is (d1, d2, d3, "
    "stack, nb_filter): np.transpose(W, (2, 3, 4, 1, 0))", {"W": "kernel", "b": "bias"}, frozenset({"W"}))
_CONV1D = Layout(
    ("W", "b"), ("kernel", "bias"), frozenset({ALWAYS}),
    "Convolution1D weights: Keras 1's kernel was (filter_length, 1, input_dim, nb_filter), Keras 3's is "
    "(filter_length, input_dim, nb_filter): W[:, 0] (and W[:, None] back)",
    {"b": "bias"}, gone={"W": "kernel, shaped (filter_length, input_dim, nb_filter): Keras 1's W[:, 0]"})
_DECONV2D = Layout(
    ("W", "b"), ("kernel", "bias"), frozenset({ALWAYS}),
    "Deconvolution2D weights: Keras 3's Conv2DTranspose kernel is (rows, cols, nb_filter, stack): "
    "np.transpose(W, (0, 1, 3, 2)) from a 'tf' kernel, (2, 3, 0, 1) from a 'th' one",
    {"b": "bias"}, gone={"W": "kernel, (rows, cols, nb_filter, stack): transpose Keras 1's W"})
_SEPARABLE = Layout(
    ("depthwise_kernel", "pointwise_kernel", "b"), ("depthwise_kernel", "pointwise_kernel", "bias"),
    frozenset({TH}),
    "SeparableConvolution2D weights: 'th' kernels were (depth_multiplier, stack, rows, cols) and (nb_filter, "
    "stack * depth_multiplier, 1, 1); Keras 3's are np.transpose(k, (2, 3, 1, 0)) of each",
    {"depthwise_kernel": "depthwise_kernel", "pointwise_kernel": "pointwise_kernel", "b": "bias"},
    frozenset({"depthwise_kernel", "pointwise_kernel"}))
_SAME_NAMES = Layout(("W", "b"), ("W", "b"), frozenset(), "")  # the codemod's helper layers keep Keras 1's
_LOCAL2D = Layout(
    ("W", "b"), ("W", "b"), frozenset({TH}),
    "LocallyConnected2D weights: with 'th' ordering Keras 1's patch features were (stack, rows, cols) and the "
    "bias memory (nb_filter, rows, cols); the migrated layer keeps the 'tf' layout (legacy-convert converts)",
    {"W": "W", "b": "b"}, frozenset({"W", "b"}))

#: Keras 1 layer class -> its weight layout.  Classes without weights, or whose Keras 1 and
#: Keras 3 arrays and attribute names are the same, may be absent.
LAYOUTS: dict[str, Layout] = {
    "Dense": _DENSE,
    "TimeDistributedDense": _DENSE,  # becomes Dense (applied to every step)
    "Embedding": Layout(("W",), ("embeddings",), frozenset(), "", {"W": "embeddings"}),
    "Convolution1D": _CONV1D,
    "AtrousConvolution1D": _CONV1D,
    "Convolution2D": _CONV2D,
    "AtrousConvolution2D": _CONV2D,
    "Convolution3D": _CONV3D,
    "Deconvolution2D": _DECONV2D,
    "SeparableConvolution2D": _SEPARABLE,
    "SimpleRNN": Layout(("W", "U", "b"), ("kernel", "recurrent_kernel", "bias"), frozenset(), "",
                        {"W": "cell.kernel", "U": "cell.recurrent_kernel", "b": "cell.bias"}),
    "GRU": _recurrent("GRU", 9),
    "LSTM": _recurrent("LSTM", 12),
    "ConvLSTM2D": Layout(
        tuple(f"{w}_{g}" for g in KERAS1_GATE_ORDER["ConvLSTM2D"] for w in ("W", "U", "b")),
        ("kernel", "recurrent_kernel", "bias"), frozenset({PER_GATE, TH}),
        "ConvLSTM2D weights: Keras 3 fuses the 12 Keras 1 arrays into kernel/recurrent_kernel/bias, gates i, f, "
        "c, o (Keras 1 listed i, c, f, o), kernels (rows, cols, in, 4 * nb_filter) also for 'th'; "
        "convert with legacy-convert",
        {"W": "cell.kernel", "U": "cell.recurrent_kernel", "b": "cell.bias"}, frozenset({"W", "U"}),
        gone={**_gates("ConvLSTM2D", "cell.kernel", "W"), **_gates("ConvLSTM2D", "cell.recurrent_kernel", "U"),
              **_gates("ConvLSTM2D", "cell.bias", "b")}),
    "BatchNormalization": Layout(
        ("gamma", "beta", "running_mean", "running_std"), ("gamma", "beta", "moving_mean", "moving_variance"),
        frozenset(), "",  # running_std held the variance since Keras 1.0.7
        {"gamma": "gamma", "beta": "beta", "running_mean": "moving_mean", "running_std": "moving_variance"}),
    "PReLU": Layout(("alphas",), ("alpha",), frozenset(), "", {"alphas": "alpha"}),
    "Highway": Layout(("W", "W_carry", "b", "b_carry"), ("W", "W_carry", "b", "b_carry"), frozenset(), ""),
    "MaxoutDense": _SAME_NAMES,
    "LocallyConnected1D": _SAME_NAMES,
    "LocallyConnected2D": _LOCAL2D,
}

#: Keras 1.2.2's alias names of layer classes (``keras/layers/convolutional.py``).
ALIASES: dict[str, str] = {
    "Conv1D": "Convolution1D", "Conv2D": "Convolution2D", "Conv3D": "Convolution3D",
    "Deconv2D": "Deconvolution2D", "AtrousConv1D": "AtrousConvolution1D",
    "AtrousConv2D": "AtrousConvolution2D", "SeparableConv2D": "SeparableConvolution2D",
}

#: Every Keras 1 weight attribute name of the table (a codemod's cheap first test).
KERAS1_ATTRIBUTES: frozenset[str] = frozenset(
    a for layout in LAYOUTS.values() for a in (*layout.attributes, *layout.gone, *layout.keras1))


def layout(class_name: str) -> Layout | None:
    """The layout of a Keras 1 class (or alias); None for classes without weights of note."""
    return LAYOUTS.get(ALIASES.get(class_name, class_name))


def weights_change(class_name: str, dim_ordering: str = "tf", consume_less: str = "cpu") -> str | None:
    """What changes between Keras 1's and Keras 3's ``get_weights()`` of this class, or None."""
    entry = layout(class_name)
    if entry is None or not entry.differs:
        return None
    if ALWAYS in entry.differs or (TH in entry.differs and dim_ordering == "th") or \
            (PER_GATE in entry.differs and consume_less != "gpu"):
        return entry.note
    return None


def attribute(class_name: str, attr: str, dim_ordering: str = "tf") -> tuple[str | None, str | None]:
    """(Keras 3 attribute path holding the same array in the same layout, None) or (None, why not).

    (None, None): the class has no such Keras 1 attribute (not a weight of this class).
    """
    entry = layout(class_name)
    if entry is None:
        return None, None
    if attr in entry.attributes:
        if attr in entry.th_kernels and dim_ordering == "th":
            return None, entry.note
        return entry.attributes[attr], None
    if attr in entry.gone:
        return None, f"{class_name}.{attr} is gone in Keras 3: {entry.gone[attr]}"
    return None, None
