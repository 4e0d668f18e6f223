"""The spec's shared arithmetic, checked against genuine Keras 1.2.2 numbers.

``spec.deconv2d_output_padding`` is the one translation of Keras 1's
``Deconvolution2D(output_shape=...)`` into Keras 3's ``output_padding``; the
shim (``legacy_keras.layers.Deconvolution2D``) and the codemod (rule
``layers``) both call it.  The expected output shapes are what Keras 1.2.2
produced (``fixtures/oracle/make_spec_deconv.py``): the shim's layer and the
codemod's Keras 3 line must both give them.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from legacy_keras.spec import layers as spec
from migrate.transform import migrate_source

CASES = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "oracle" / "spec" /
                    "deconv.json").read_text())["cases"]


def _id(case: dict) -> str:
    kw = case["kwargs"]
    return f"{case['args'][1]}x{case['args'][2]}-s{kw['subsample'][0]}-{kw['border_mode']}-" \
           f"{kw['dim_ordering']}-{'x'.join(map(str, kw['output_shape'][1:]))}"


def _call(case: dict) -> str:
    args = ", ".join(map(str, case["args"]))
    kwargs = ", ".join(f"{k}={tuple(v) if isinstance(v, list) else v!r}" for k, v in case["kwargs"].items())
    return f"Deconvolution2D({args}, {kwargs}, input_shape={tuple(case['input_shape'])})"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_shim_deconvolution2d_gives_keras1_output_shape(case: dict) -> None:
    import keras

    from legacy_keras.layers import Deconvolution2D
    layer = eval(_call(case), {"Deconvolution2D": Deconvolution2D})
    out = layer(keras.Input(tuple(case["input_shape"])))
    assert tuple(out.shape[1:]) == tuple(case["keras1_output_shape"])


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_codemod_deconvolution2d_gives_keras1_output_shape(case: dict) -> None:
    import keras

    source = f"from keras.layers import Deconvolution2D\nlayer = {_call(case)}\n"
    result = migrate_source(source)
    assert "Deconvolution2D" not in result.code and "output_shape" not in result.code
    namespace: dict = {}
    exec(compile(result.code, "<migrated>", "exec"), namespace)
    out = namespace["layer"](keras.Input(tuple(case["input_shape"])))
    assert tuple(out.shape[1:]) == tuple(case["keras1_output_shape"])


def test_output_padding_none_only_when_keras3_default_matches() -> None:
    """The case the two copies used to disagree on (issue 8): 13x13 needs (0, 0)."""
    case = CASES[0]
    kw = case["kwargs"]
    padding = spec.deconv2d_output_padding(kw["output_shape"], (None, *case["input_shape"]),
                                           case["args"][1:], kw["subsample"], kw["border_mode"],
                                           "channels_last")
    assert padding == (0, 0)
    assert spec.deconv2d_output_padding((None, 14, 14, 3), (None, 7, 7, 2), (1, 1), (2, 2), "valid",
                                        "channels_last") is None


def test_output_padding_refuses_impossible_sizes() -> None:
    with pytest.raises(ValueError, match="output_shape size 18 cannot be produced from input size 7"):
        spec.deconv2d_output_padding((None, 16, 18, 2), (None, 7, 7, 2), (4, 4), (2, 2), "valid",
                                     "channels_last")

