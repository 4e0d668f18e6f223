"""The shim and the codemod translate every Keras 1 layer call the same way.

Both read ``legacy_keras/spec/layers.py``, but each applies it with its own
code (``legacy_keras/layers/_adapt.py`` at run time, ``migrate/rules/layers.py``
on source).  For every class of ``spec.SIGNATURES`` that Keras 3 still has,
and for the same Keras 1 call (required arguments only, then each optional
Keras 1 keyword set to a non-default value), this test builds

* the shim's layer: ``legacy_keras.layers.<Class>(...)``, and
* the codemod's layer: the migrated source line, run on plain Keras 3,

and compares their Keras 3 class and ``get_config()``: that is what the two
paths hand to Keras 3.  Disagreements known today are listed in
``KNOWN_DIFFERENCES`` with the reason; the list may only shrink (an entry that
no longer differs fails the test, so it gets removed).
"""
from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

from legacy_keras.spec import layers as spec
from migrate.transform import migrate_source

#: Positional Keras 1 arguments used for the required parameters.
REQUIRED_SAMPLES: dict[str, str] = {
    "nb_filter": "4", "nb_row": "3", "nb_col": "3", "filter_length": "3", "kernel_dim1": "2",
    "kernel_dim2": "2", "kernel_dim3": "2", "output_dim": "5", "activation": "'relu'", "p": "0.5",
    "sigma": "0.1", "dims": "(2, 1)", "n": "3", "target_shape": "(2, 3)", "input_dim": "10",
    "output_shape": "(None, 9, 9, 4)", "layer": "Dense(3)", "function": "lambda x: x",
}

#: Input shapes (batch excluded) per class; others get (6, 6, 2).
INPUT_SHAPES: dict[str, tuple[int, ...] | None] = {
    **dict.fromkeys(("Conv1D", "Convolution1D", "AtrousConvolution1D", "AtrousConv1D", "MaxPooling1D",
                     "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D", "UpSampling1D",
                     "ZeroPadding1D", "Cropping1D", "SpatialDropout1D"), (8, 3)),
    **dict.fromkeys(("Convolution3D", "Conv3D", "MaxPooling3D", "AveragePooling3D", "GlobalMaxPooling3D",
                     "GlobalAveragePooling3D", "UpSampling3D", "ZeroPadding3D", "Cropping3D",
                     "SpatialDropout3D"), (4, 4, 4, 2)),
    **dict.fromkeys(("LSTM", "GRU", "SimpleRNN", "TimeDistributed", "Bidirectional",
                     "TimeDistributedDense"), (3, 4)),
    **dict.fromkeys(("Dense", "RepeatVector"), (4,)),
    "Deconvolution2D": (7, 7, 2), "Deconv2D": (7, 7, 2), "ConvLSTM2D": (3, 6, 6, 2), "Embedding": None,
    "Reshape": (6,), "Permute": (2, 3),
}

#: Non-default Keras 1 values for optional keywords, by name (others derived from the default).
OPTIONAL_SAMPLES: dict[str, str] = {
    "init": "'he_uniform'", "inner_init": "'glorot_uniform'", "activation": "'relu'",
    "inner_activation": "'sigmoid'", "border_mode": "'same'", "dim_ordering": "'th'",
    "forget_bias_init": "'zero'", "consume_less": "'mem'", "beta_init": "'one'", "gamma_init": "'zero'",
    "merge_mode": "'sum'", "shared_axes": "[1]", "seed": "1", "stride": "1",
}
#: Keywords not walked: they need objects or states a one-line call cannot give,
#: or are covered by their own tests (weights: test_layers_*; stateful needs a
#: batch size; Lambda's output_shape/arguments; Embedding dropout is refused).
NOT_WALKED = frozenset({"weights", "W_regularizer", "b_regularizer", "U_regularizer", "activity_regularizer",
                        "gamma_regularizer", "beta_regularizer", "depthwise_regularizer",
                        "pointwise_regularizer", "W_constraint", "b_constraint", "depthwise_constraint",
                        "pointwise_constraint", "output_shape", "arguments", "noise_shape", "mode",
                        "dropout", "stateful", "input_dim", "output_mask", "node_indices",
                        "tensor_indices", "layers", "input_tensor", "input_dtype", "sparse",
                        "batch_input_shape", "input_shape", "name"})

#: (class, keyword or None for the required-only call) -> why the two paths differ today.
#: Each entry is a bug or a decision to revisit; remove it when the paths agree.
_FANS = ("the shim draws Keras 1's fans for this kernel layout (spec.training.INITIALIZER_FAN_AXES); "
         "the codemod writes Keras 3's plain initializer")
_GAIN = ("Keras 1's default inner_init 'orthogonal' has gain 1.1 (KERAS1_INITIALIZER_EXPLICIT); the "
         "codemod writes Orthogonal(gain=1.1) only when inner_init is given")
_AVGPOOL = ("Keras 3 AveragePooling*D has no pool_size default; the codemod drops Keras 1's default "
            "pool_size and the migrated call fails")
_SPATIAL = "Keras 3 SpatialDropout*D take no input_shape; the codemod leaves it on the call"
_BIDIR = ("the codemod's keras1_hard_sigmoid helper is not registered serializable, so Keras 3 "
          "Bidirectional (which copies its layer through get_config) cannot rebuild it")
#: class -> (reason, keywords whose call does NOT differ); other walked calls of the class differ.
_KNOWN_BY_CLASS: dict[str, tuple[str, tuple[str, ...]]] = {
    **{cls: (_FANS, ()) for cls in ("Convolution1D", "Conv1D", "AtrousConvolution1D", "AtrousConv1D",
                                    "Deconvolution2D", "Deconv2D")},
    **{cls: (_GAIN, ("inner_init",)) for cls in ("SimpleRNN", "GRU", "LSTM", "ConvLSTM2D")},
    **{cls: (_AVGPOOL, ("pool_size", "pool_length"))
       for cls in ("AveragePooling1D", "AveragePooling2D", "AveragePooling3D")},
    **{cls: (_SPATIAL, ()) for cls in ("SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D")},
    "Bidirectional": (_BIDIR, ()),
}


#: Classes outside the walk: no Keras 3 class (legacy_keras implements them,
#: the codemod reports them), or not a layer call a user writes.
SKIPPED_CLASSES = frozenset(cls for cls, k3 in spec.KERAS3_CLASS.items() if k3 is None) | {"InputLayer"}


def _optional_sample(cls: str, name: str, default: Any) -> str | None:
    if name in NOT_WALKED:
        return None
    if name == "input_length":
        return "5" if cls in spec.INPUT_LENGTH_ONLY_LAYERS else None  # others: covered by input_shape
    if name == "strides":  # pooling: None by default, one 1 per pool axis
        pool = dict(spec.SIGNATURES[cls][1])["pool_size"]
        return repr(tuple(1 for _ in pool))
    if name in OPTIONAL_SAMPLES:
        if name == "dim_ordering" and cls in ("Deconvolution2D", "Deconv2D"):
            return None  # output_shape is written for 'tf'
        return OPTIONAL_SAMPLES[name]
    if isinstance(default, bool):
        return repr(not default)
    if isinstance(default, int):
        return repr(default + 1)
    if isinstance(default, float):
        return repr(default / 2 if default else 0.25)
    if isinstance(default, tuple) and all(isinstance(v, (int, tuple)) for v in default):
        def bump(value: Any) -> Any:
            return value + 1 if isinstance(value, int) else tuple(bump(v) for v in value)
        return repr(bump(default))
    return None


def _calls() -> list[tuple[str, str | None, str]]:
    cases = []
    for cls in sorted(spec.SIGNATURES):
        if cls in SKIPPED_CLASSES:
            continue
        params = spec.SIGNATURES[cls][1]
        args = [REQUIRED_SAMPLES[n] for n, d in params if d is spec.REQUIRED]
        if cls == "Bidirectional":
            args = ["LSTM(3)"]
        shape = INPUT_SHAPES.get(cls, (6, 6, 2))
        tail = [f"input_shape={shape!r}"] if shape else []
        cases.append((cls, None, f"{cls}({', '.join(args + tail)})"))
        for name, default in params:
            if default is spec.REQUIRED:
                continue
            value = _optional_sample(cls, name, default)
            if value is not None:
                cases.append((cls, name, f"{cls}({', '.join(args + [f'{name}={value}'] + tail)})"))
    return cases


CALLS = _calls()

#: (class, keyword or None for the required-only call) -> why the two paths differ today.
KNOWN_DIFFERENCES: dict[tuple[str, str | None], str] = {
    (cls, keyword): _KNOWN_BY_CLASS[cls][0] for cls, keyword, _ in CALLS
    if cls in _KNOWN_BY_CLASS and keyword not in _KNOWN_BY_CLASS[cls][1]}

_EQUIVALENT_INITIALIZERS = {
    "GlorotUniform": (1.0, "fan_avg", "uniform"), "GlorotNormal": (1.0, "fan_avg", "truncated_normal"),
    "HeUniform": (2.0, "fan_in", "uniform"), "HeNormal": (2.0, "fan_in", "truncated_normal"),
    "LecunUniform": (1.0, "fan_in", "uniform"), "LecunNormal": (1.0, "fan_in", "truncated_normal"),
}


def _normalise(value: Any) -> Any:
    """Configs compared by meaning: Keras 3 named initializers as the
    VarianceScaling they are, the Keras 1 hard_sigmoid under one name, and no
    layer names or input shapes (each path records those its own way), and no
    initializer seeds (the shim draws one from numpy, as Keras 1 did: a draw, not a meaning)."""
    if isinstance(value, dict):
        if value.get("module") == "keras.initializers" and isinstance(value.get("config"), dict):
            value = dict(value, config={k: v for k, v in value["config"].items() if k != "seed"})
        if value.get("class_name") in _EQUIVALENT_INITIALIZERS and value.get("module") == "keras.initializers":
            scale, mode, distribution = _EQUIVALENT_INITIALIZERS[value["class_name"]]
            config = dict(value["config"], scale=scale, mode=mode, distribution=distribution)
            value = dict(value, class_name="VarianceScaling", config=config)
        return {k: _normalise(v) for k, v in value.items() if k not in ("name", "input_shape", "batch_input_shape")}
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    if value in ("legacy_keras>hard_sigmoid", "keras1_hard_sigmoid", "keras1>keras1_hard_sigmoid"):
        return "keras1_hard_sigmoid"
    return value


def _build(source: str) -> Any:
    namespace: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(source, "<call>", "exec"), namespace)
    return namespace["layer"]


def _compare(cls: str, call: str) -> str | None:
    """None when both paths give the same Keras 3 layer, else what differs."""
    imports = "Dense, LSTM" if cls not in ("Dense", "LSTM") else ("LSTM" if cls == "Dense" else "Dense")
    try:
        shim = _build(f"from legacy_keras.layers import {cls}, {imports}\nlayer = {call}\n")
    except Exception as error:  # noqa: BLE001 - reported as the difference
        shim = f"shim raised {type(error).__name__}: {error}"
    migrated = migrate_source(f"from keras.layers import {cls}, {imports}\nlayer = {call}\n").code
    try:
        codemod = _build(migrated)
    except Exception as error:  # noqa: BLE001
        codemod = f"codemod output raised {type(error).__name__}: {str(error)[:200]}"
    if isinstance(shim, str) or isinstance(codemod, str):
        if isinstance(shim, str) and isinstance(codemod, str):
            return None  # both refuse the call
        return shim if isinstance(shim, str) else codemod
    if type(shim).__name__ != type(codemod).__name__:
        return f"class: shim {type(shim).__name__}, codemod {type(codemod).__name__}"
    one, other = _normalise(shim.get_config()), _normalise(codemod.get_config())
    diffs = sorted(k for k in set(one) | set(other) if one.get(k) != other.get(k))
    if diffs:
        return "; ".join(f"{k}: shim {json.dumps(one.get(k), default=str)[:150]} != "
                         f"codemod {json.dumps(other.get(k), default=str)[:150]}" for k in diffs)
    return None


@pytest.mark.parametrize("cls,keyword,call", CALLS, ids=[f"{c}-{k or 'required'}" for c, k, _ in CALLS])
def test_shim_and_codemod_agree(cls: str, keyword: str | None, call: str) -> None:
    difference = _compare(cls, call)
    known = KNOWN_DIFFERENCES.get((cls, keyword))
    if known is not None:
        assert difference is not None, (f"{call}: the paths agree now; remove ({cls!r}, {keyword!r}) "
                                        f"from KNOWN_DIFFERENCES")
        return
    assert difference is None, f"{call}\n{difference}"


def test_known_differences_name_walked_calls() -> None:
    walked = {(cls, keyword) for cls, keyword, _ in CALLS}
    assert set(KNOWN_DIFFERENCES) <= walked, set(KNOWN_DIFFERENCES) - walked


def test_every_class_is_walked_or_skipped_for_a_reason() -> None:
    assert {cls for cls, _, _ in CALLS} | SKIPPED_CLASSES == set(spec.SIGNATURES)


@pytest.mark.parametrize("cls", sorted(set(spec.SIGNATURES) - SKIPPED_CLASSES))
def test_both_refuse_a_keyword_keras1_did_not_know(cls: str) -> None:
    """The shim fails as Keras 1 did; the codemod takes the call for Keras 2/3 code and leaves it."""
    from legacy_keras.layers._adapt import Keras1ArgumentError
    call = next(c for k, kw, c in CALLS if k == cls and kw is None)
    call = call[:-1] + ", not_a_keras1_keyword=1)"
    imports = "Dense, LSTM" if cls not in ("Dense", "LSTM") else ("LSTM" if cls == "Dense" else "Dense")
    with pytest.raises(Keras1ArgumentError, match="not_a_keras1_keyword"):
        _build(f"from legacy_keras.layers import {cls}, {imports}\nlayer = {call}\n")
    source = f"from keras.layers import {cls}, {imports}\nlayer = {call}\n"
    arguments = call[call.index("("):]
    if cls in ("Bidirectional", "TimeDistributed"):  # the wrapped layer is a call of its own
        arguments = arguments[arguments.index("), ") + 1:]
    assert arguments in migrate_source(source).code  # arguments untouched (the class may be renamed)
