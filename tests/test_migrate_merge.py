"""legacy-migrate's Merge rewrites (issue 11.4 ``Merge`` of models, 11.7 ``concat_axis=1`` evidence).

* ``Merge([models], mode=...)`` anywhere -> the inserted ``keras1_merge_models``; a
  Sequential that starts with it -> a functional Model (rule fixtures in
  ``fixtures/migrate/merge_models/``); what cannot be rewritten is reported with its line.
* The migrated code computes what Keras 1.2.2 computed: the Keras 1 script
  ``fixtures/migrate/merge_scripts/merge_models.py`` (every mode, list/add/return forms,
  nested and reused models, ``fit`` on a list of inputs) is migrated, run on plain
  Keras 3 with legacy_keras blocked, and compared with the oracle's predictions, input
  counts and ``get_weights()`` order (``fixtures/oracle/make_migrate_merge.py``).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from migrate.context import Options
from migrate.helpers import HELPERS
from migrate.transform import migrate_source

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "migrate" / "merge_models"
SCRIPT = ROOT / "fixtures" / "migrate" / "merge_scripts" / "merge_models.py"
ORACLE = ROOT / "fixtures" / "oracle" / "migrate" / "merge_models.npz"
HINT = "--image-dim-ordering th"


def _merge_warnings(src: str, options: Options | None = None) -> list[tuple[int, str]]:
    return [(w.line, w.rule) for w in migrate_source(src, options).warnings
            if w.rule in ("merge", "sequential_merge")]


def test_forms_that_cannot_be_rewritten_are_reported_with_their_line() -> None:
    src = (FIXTURES / "reported_before.py").read_text()
    assert _merge_warnings(src) == [(9, "sequential_merge"), (14, "sequential_merge"), (17, "merge"),
                                    (24, "sequential_merge"), (28, "sequential_merge")]


def test_every_rewritten_form_leaves_no_merge_and_no_report() -> None:
    result = migrate_source((FIXTURES / "anywhere_before.py").read_text())
    assert not result.warnings
    user_code = result.code[result.code.index("\nleft = Sequential()"):]  # after the inserted helpers
    assert "Merge" not in user_code.replace("keras1_merge_models", "").replace("Keras1CosineMerge", "")
    assert "Sequential([keras1_merge_models" not in result.code and ".add(keras1_merge_models" not in result.code


def test_readme_idiom_becomes_a_functional_model_over_the_merged_inputs() -> None:
    src = ("from keras.models import Sequential\nfrom keras.layers import Dense, Merge\n"
           "merged = Merge([left, right], mode='concat')\n"
           "final = Sequential()\nfinal.add(merged)\nfinal.add(Dense(10))\n")
    code = migrate_source(src).code
    assert code.endswith("merged = keras1_merge_models([left, right], Concatenate())\n"
                         "final_out = merged.outputs[0]\nfinal_out = Dense(10)(final_out)\n"
                         "final = Model(inputs=merged.inputs, outputs=final_out)\n")
    assert "from keras.models import Sequential, Model\n" in code
    assert "from keras.layers import Dense, Concatenate\n" in code
    assert "def keras1_merge_models(models, layer):" in code and "legacy_keras" not in code


def test_a_mode_held_by_a_variable_is_picked_at_run_time() -> None:
    src = ("from keras.layers import Merge, merge\n\ndef diff(t):\n    return t[0] - t[1]\n\n"
           "a = Merge([l, r], mode=mode, concat_axis=2)\nb = merge([x, y], mode=MODES[0])\n"
           "c = merge([x, y], mode=diff, output_shape=(3,))\n")
    result = migrate_source(src)
    assert "a = keras1_merge_models([l, r], keras1_merge_layer(mode, concat_axis=2))\n" in result.code
    assert "b = keras1_merge_layer(MODES[0])([x, y])\n" in result.code
    assert "c = Lambda(diff, output_shape=(3,))([x, y])\n" in result.code  # a def of the module: a function
    assert not result.warnings


# -- concat_axis=1 as 'th' evidence (issue 11.7) ------------------------------------------------

_HEAD = ("from keras.models import Sequential\n"
         "from keras.layers import Activation, Convolution2D, Dense, Flatten, Input, Merge, merge\n"
         "x = Input(shape=(28, 28, 3))\n")
_CONVS = "a = Convolution2D(8, 3, 3)(x)\nb = Activation('relu')(Convolution2D(8, 3, 3)(x))\n"
_BRANCHES = ("left = Sequential()\nleft.add(Convolution2D(8, 3, 3, input_shape=(28, 28, 3)))\n"
             "right = Sequential()\nright.add(Convolution2D(8, 3, 3, input_shape=(28, 28, 3)))\n")


@pytest.mark.parametrize("body, what", [
    (_CONVS + "m = merge([a, b], mode='concat', concat_axis=1)\n", "merge(concat_axis=1)"),
    (_CONVS + "m = merge([a, b], 'concat', 1)\n", "merge(concat_axis=1)"),
    (_CONVS + "m = Merge(mode='concat', concat_axis=1)([a, b])\n", "Merge(concat_axis=1)"),
    ("\n\nm = merge([Convolution2D(4, 3, 3)(x) for i in range(2)], mode='concat', concat_axis=1)\n",
     "merge(concat_axis=1)"),
    (_BRANCHES + "m = Merge([left, right], mode='concat', concat_axis=1)\n", "Merge(concat_axis=1)"),
])
def test_concat_axis_1_on_image_tensors_gives_the_th_hint(body: str, what: str) -> None:
    src = _HEAD + body
    line = src.count("\n")
    warnings = [w for w in migrate_source(src).warnings if HINT in w.message]
    assert [(w.line, w.rule) for w in warnings] == [(line, "layers")]
    assert warnings[0].message.startswith(what)


@pytest.mark.parametrize("src", [
    # no 2D image layers at all
    "from keras.layers import Dense, merge\nd = Dense(3)(x)\nm = merge([d, e], mode='concat', concat_axis=1)\n",
    "from keras.layers import Dense, Merge\nm = Merge([left, right], mode='concat', concat_axis=1)\n",
    # convolutions in the file, but axis 1 of flattened / Dense / unknown features is the last axis
    _HEAD + _CONVS + "f = Flatten()(a)\ng = Dense(4)(b)\nm = merge([f, g], mode='concat', concat_axis=1)\n",
    _HEAD + _CONVS + "m = merge([net['a_flat'], net['b_flat']], mode='concat', concat_axis=1)\n",
    _HEAD + _BRANCHES + "left.add(Flatten())\nright.add(Flatten())\n"
                        "m = Merge([left, right], mode='concat', concat_axis=1)\n",
    # channels last
    _HEAD + _CONVS + "m = merge([a, b], mode='concat', concat_axis=-1)\n",
    _HEAD + _CONVS + "m = merge([a, b], mode='concat')\n",
    # an explicit ordering is converted exactly
    "from keras.layers import Convolution2D, merge\na = Convolution2D(8, 3, 3, dim_ordering='th')(x)\n"
    "m = merge([a, a], mode='concat', concat_axis=1)\n",
])
def test_no_th_hint_without_the_evidence(src: str) -> None:
    assert not [w for w in migrate_source(src).warnings if HINT in w.message]


@pytest.mark.parametrize("evidence", ["m = merge([Convolution2D(4, 3, 3)(x), x], mode='concat', concat_axis=1)",
                                      "r = Reshape((1, 28, 28), input_shape=(784,))"])
def test_th_hint_when_the_2d_layers_come_after_the_evidence(evidence: str) -> None:
    src = ("from keras.layers import Convolution2D, Reshape, merge\n" + evidence +
           "\nc = Convolution2D(8, 3, 3)\n")
    assert [(w.line, w.rule) for w in migrate_source(src).warnings if HINT in w.message] == [(2, "layers")]


def test_no_th_hint_in_a_th_run() -> None:
    src = _HEAD + _CONVS + "m = merge([a, b], mode='concat', concat_axis=1)\n"
    assert not [w for w in migrate_source(src, Options(image_dim_ordering="th")).warnings if HINT in w.message]


def test_an_image_shape_is_named_rather_than_concat_axis() -> None:
    src = (_HEAD + _CONVS + "m = merge([a, b], mode='concat', concat_axis=1)\n"
           "i = Convolution2D(4, 3, 3, input_shape=(3, 32, 32))\n")
    warnings = [w for w in migrate_source(src).warnings if HINT in w.message]
    assert [(w.line, w.rule) for w in warnings] == [(7, "layers")]  # the clearer sign, once
    assert warnings[0].message.startswith("Convolution2D(input_shape=(3, 32, 32))")


# -- the inserted helpers -------------------------------------------------------------------

def _namespace(*names: str) -> dict:
    import keras
    namespace: dict = {"keras": keras}
    for name in names:
        exec(compile(HELPERS[name], name, "exec"), namespace)
    return namespace


def test_runtime_merge_layer_picks_the_keras3_layer_of_each_mode() -> None:
    import keras
    ns = _namespace("Keras1CosineMerge", "keras1_merge_layer")
    pick = ns["keras1_merge_layer"]
    assert isinstance(pick("sum"), keras.layers.Add) and isinstance(pick("mul"), keras.layers.Multiply)
    assert isinstance(pick("ave"), keras.layers.Average) and isinstance(pick("max"), keras.layers.Maximum)
    assert pick("concat", concat_axis=1).axis == 1 and pick("dot", dot_axes=2).axes == 2
    assert isinstance(pick("cos"), ns["Keras1CosineMerge"])
    assert isinstance(pick(lambda t: t[0], output_shape=(3,)), keras.layers.Lambda)
    with pytest.raises(ValueError, match="Invalid merge mode"):
        pick("median")


def test_merged_models_take_each_input_once_and_save_and_load(tmp_path: Path) -> None:
    import keras
    ns = _namespace("Keras1CosineMerge", "keras1_merge_models")
    a = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4)])
    b = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4)])
    assert len(ns["keras1_merge_models"]([a, a], keras.layers.Add()).inputs) == 1
    merged = ns["keras1_merge_models"]([a, b], ns["Keras1CosineMerge"](axes=1))
    model = keras.Model(merged.inputs, keras.layers.Dense(2)(merged.outputs[0]))
    x = [np.ones((2, 3), "float32"), np.arange(4, dtype="float32").reshape(2, 2)]
    model.save(tmp_path / "m.keras")
    again = keras.saving.load_model(tmp_path / "m.keras")
    assert model.predict(x, verbose=0).shape == (2, 1, 2)  # Keras 1's (batch, 1, 1) cosine, then Dense
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0))


# -- equivalence with Keras 1.2.2 ------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("keras_module", ["keras", "tensorflow.keras"])
def test_migrated_merges_compute_what_keras1_computed(keras_module: str, tmp_path: Path) -> None:
    result = migrate_source(SCRIPT.read_text(), Options(keras_module=keras_module))
    assert ("from tensorflow.keras.layers import" in result.code) == (keras_module == "tensorflow.keras")
    assert not [w for w in result.warnings if w.rule in ("merge", "sequential_merge")]
    assert "legacy_keras" not in result.code
    assert not any(f"{before}Merge(" in result.code for before in ("= ", "add(", "[", "import "))
    migrated = tmp_path / SCRIPT.name
    migrated.write_text(result.code)
    out = tmp_path / "k3.npz"
    env = dict(os.environ, OUT_NPZ=str(out), TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    block = ("import sys, runpy; sys.modules['legacy_keras'] = None; "
             "runpy.run_path(sys.argv[1], run_name='__main__')")
    proc = subprocess.run([sys.executable, "-c", block, str(migrated)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    _assert_matches_oracle(out)


@pytest.mark.slow
def test_legacy_run_merges_compute_what_keras1_computed(tmp_path: Path) -> None:
    """The same script unchanged under ``legacy-run``: a merge of merges that share their
    source models takes each source's input once (Keras 1's get_source_inputs), 2 arrays."""
    out = tmp_path / "k1.npz"
    env = dict(os.environ, OUT_NPZ=str(out), TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    proc = subprocess.run([sys.executable, "-m", "legacy_keras", str(SCRIPT)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    _assert_matches_oracle(out)


def _assert_matches_oracle(out: Path) -> None:
    with np.load(ORACLE) as oracle, np.load(out) as ours:
        assert sorted(ours.files) == sorted(oracle.files)
        for case in oracle.files:
            assert ours[case].shape == oracle[case].shape, case
            if case.endswith("/weights"):  # get_weights() lists the same shapes in the same order
                assert ours[case].tolist() == oracle[case].tolist(), case
            else:
                np.testing.assert_allclose(ours[case], oracle[case], rtol=1e-5, atol=1e-6, err_msg=case)


def test_attribute_spellings_are_rewritten_without_a_stale_removal_warning() -> None:
    src = ("import keras\nfrom keras import layers\n"
           "m = keras.layers.Merge([a, b], mode='concat')\ns = layers.merge([x, y], mode='sum')\n"
           "kind = layers.Merge\n")
    result = migrate_source(src)
    assert "m = keras1_merge_models([a, b], Concatenate())\n" in result.code
    assert "s = add([x, y])\n" in result.code
    assert [(w.line, w.rule) for w in result.warnings] == [(5, "imports")]  # not a call: still reported


def test_indexing_the_rewritten_models_layers_is_reported() -> None:
    src = ("from keras.models import Sequential\nfrom keras.layers import Dense, Merge\n"
           "m = Sequential()\nm.add(Merge([a, b]))\nm.add(Dense(2))\nfirst = m.layers[0]\nlast = m.layers[-1]\n"
           "s = Sequential([Merge([a, b]), Dense(2)])\nw = s.layers[1].get_weights()\n")
    warnings = migrate_source(src).warnings
    assert [(w.line, w.rule) for w in warnings] == [(4, "sequential_merge"), (8, "sequential_merge")]
    assert warnings[0].message.startswith("m.layers[0]: ") and warnings[1].message.startswith("s.layers[1]: ")
