"""The Keras 1 backend table (``legacy_keras.spec.backend``) covers every Keras 1.2.2 function.

The list of names and signatures is generated from the genuine Keras 1.2.2 oracle
(``fixtures/oracle/make_keras1_backend.py``); every entry is an exact rewrite whose
holes name real Keras 1 parameters and whose ``keras.*`` callables exist in the
installed Keras 3, a name plain ``keras.backend`` kept, or a reason for a human.
"""
from __future__ import annotations

import re

import pytest

from legacy_keras.spec import backend as spec
from legacy_keras.spec.keras1_backend_names import KERAS1_BACKEND_FUNCTIONS, KERAS1_BACKEND_SIGNATURES
from migrate.helpers import HELPERS
from migrate.transform import migrate_source


def test_every_keras1_backend_function_has_an_entry() -> None:
    assert len(KERAS1_BACKEND_FUNCTIONS) >= 140
    assert sorted(set(KERAS1_BACKEND_FUNCTIONS) - set(spec.KERAS1_BACKEND)) == []
    assert sorted(set(spec.KERAS1_BACKEND) - set(KERAS1_BACKEND_FUNCTIONS)) == []


@pytest.mark.parametrize("name", sorted(n for n, e in spec.KERAS1_BACKEND.items() if isinstance(e, spec.Rewrite)))
def test_template_holes_are_keras1_parameters_and_targets_exist(name: str) -> None:
    import keras
    entry = spec.KERAS1_BACKEND[name]
    params = {p for p, _ in KERAS1_BACKEND_SIGNATURES[name]}
    holes = set(re.findall(r"\{(\w+)\}", entry.template)) | {m[1] for m in re.findall(r"\{,(\w+)=(\w+)\}", entry.template)}
    assert holes <= params, (name, holes - params)
    for helper in entry.helpers:
        assert helper in HELPERS
    for target in re.findall(r"\bkeras\.[\w.]+", entry.template):
        obj = keras
        for part in target.split(".")[1:]:
            obj = getattr(obj, part)  # raises when Keras 3 lacks the name


def test_reasons_are_specific() -> None:
    for name, entry in spec.KERAS1_BACKEND.items():
        if isinstance(entry, spec.Human):
            assert len(entry.reason) > 20, name


def test_rewrites_run_on_keras3_and_match_keras1_meaning() -> None:
    """A few rewrites executed: values Keras 1.2.2 documents (shapes, defaults)."""
    import numpy as np
    import keras  # noqa: F401  (a dependency: never skipped)
    src = ("import numpy as np\nfrom keras import backend as K\n"
           "x = np.arange(6, dtype='float32').reshape(1, 2, 3)\n"
           "am = K.argmax(x)\nshape = K.int_shape(K.variable(x))\nflat = K.flatten(x)\n"
           "pad = K.spatial_2d_padding(np.zeros((1, 2, 2, 1), 'float32'), (1, 2))\n"
           "tp = K.temporal_padding(x, 1)\nc = K.concatenate([x, x])\nv = K.zeros((2, 3))\n"
           "K.set_value(v, np.ones((2, 3)))\ng = K.get_value(v)\nf = K.cast_to_floatx([1, 2])\n"
           "r = K.repeat(np.ones((2, 3), 'float32'), 4)\n")
    code = migrate_source(src).code
    assert not re.search(r"\bK\.\w+\(", code)
    namespace: dict = {}
    exec(compile(code, "<migrated>", "exec"), namespace)
    assert np.asarray(namespace["am"]).tolist() == [[2, 2]]
    assert namespace["shape"] == (1, 2, 3)
    assert np.asarray(namespace["flat"]).shape == (6,)
    assert np.asarray(namespace["pad"]).shape == (1, 4, 6, 1)  # rows +1+1, cols +2+2
    assert np.asarray(namespace["tp"]).shape == (1, 4, 3)
    assert np.asarray(namespace["c"]).shape == (1, 2, 6)
    assert namespace["g"].tolist() == [[1.0] * 3] * 2
    assert namespace["f"].dtype == np.float32
    assert np.asarray(namespace["r"]).shape == (2, 4, 3)


def test_function_with_learning_phase_becomes_model_call() -> None:
    import numpy as np
    import keras  # noqa: F401  (a dependency: never skipped)
    src = ("import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import Dense, Dropout\n"
           "from keras import backend as K\n"
           "model = Sequential([Dense(4, input_dim=3), Dropout(0.5), Dense(2)])\n"
           "f = K.function([model.layers[0].input, K.learning_phase()], [model.layers[1].output])\n"
           "x = np.ones((5, 3), 'float32')\ntest = f([x, 0])[0]\ntrain = f([x, 1])[0]\n")
    result = migrate_source(src)
    assert "learning_phase=True" in result.code and not result.warnings
    namespace: dict = {}
    exec(compile(result.code, "<migrated>", "exec"), namespace)
    assert namespace["test"].shape == (5, 4)
    assert not np.allclose(namespace["test"], namespace["train"])


def test_human_entries_are_reported_with_the_reason() -> None:
    result = migrate_source("from keras import backend as K\ng = K.gradients(loss, [w])\n")
    assert result.code.endswith("g = K.gradients(loss, [w])\n")
    assert [(w.line, w.rule) for w in result.warnings] == [(2, "backend")]
    assert "GradientTape" in result.warnings[0].message


def test_in_layer_call_entries_name_keras1_parameters_and_helpers() -> None:
    entries = {n: e for n, e in spec.KERAS1_BACKEND.items() if isinstance(e, spec.InLayerCall)}
    assert set(entries) == {"in_train_phase", "in_test_phase"}
    for name, entry in entries.items():
        params = {p for p, _ in KERAS1_BACKEND_SIGNATURES[name]} | {"training"}
        assert set(re.findall(r"\{(\w+)\}", entry.template)) <= params
        assert all(h in HELPERS for h in entry.helpers) and len(entry.outside) > 20


def test_in_train_phase_follows_the_layer_call_training_flag() -> None:
    """K.in_train_phase/in_test_phase in a layer's call() and in a Lambda's function run on
    Keras 3 with Keras 1's meaning: x in fit (training=True), alt in predict and plain calls."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("keras")
    src = ("from keras import backend as K\nfrom keras.engine.topology import Layer\n"
           "from keras.layers import Lambda, Input\nfrom keras.models import Model\n\n\n"
           "class Scale(Layer):\n    def call(self, x, mask=None):\n"
           "        return K.in_train_phase(x * 0.0, x)\n\n\n"
           "class Shift(Layer):\n    def call(self, x, mask=None):\n"
           "        return K.in_test_phase(x + 1.0, x)\n\n\n"
           "inp = Input(shape=(3,))\n"
           "model = Model(inp, [Scale()(inp), Shift()(inp), Lambda(lambda t: K.in_train_phase(t * 0.0, t))(inp)])\n")
    result = migrate_source(src)
    assert not re.search(r"\bK\.in_\w+\(", result.code) and not result.warnings
    assert "def call(self, x, mask=None, training=None):" in result.code
    namespace: dict = {}
    exec(compile(result.code, "<migrated>", "exec"), namespace)
    model, x = namespace["model"], np.ones((2, 3), "float32")
    test = [np.asarray(v)[0, 0] for v in model.predict(x, verbose=0)]
    train = [np.asarray(v)[0, 0] for v in model(x, training=True)]
    assert test == [1.0, 2.0, 1.0] and train == [0.0, 1.0, 0.0]
    assert [np.asarray(v)[0, 0] for v in model(x)] == test


def test_in_train_phase_outside_a_layer_call_is_reported() -> None:
    src = ("from keras import backend as K\n\n\ndef noisy(x):\n    return K.in_train_phase(x * 2, x)\n")
    result = migrate_source(src)
    assert "K.in_train_phase(x * 2, x)" in result.code
    assert [(w.line, w.rule) for w in result.warnings] == [(5, "backend")]
    assert "training argument of a layer's call()" in result.warnings[0].message


def test_seeded_noise_inside_a_layer_call_is_reported() -> None:
    """Keras 3's integer seed repeats the same numbers on every call: in a layer's call() the
    noise would freeze.  Reported there only (an unseeded call or a one-off draw is exact)."""
    from pathlib import Path

    from migrate.transform import migrate_source

    src = (Path(__file__).resolve().parents[1] / "fixtures" / "migrate" / "backend" / "seeded_noise_before.py")
    warnings = migrate_source(src.read_text()).warnings
    assert [(w.line, w.rule) for w in warnings] == [(8, "backend")]
    assert "SeedGenerator" in warnings[0].message


def test_clip_without_upper_bound() -> None:
    """Keras 1 ``K.clip(x, 0, None)`` had no upper bound; ``keras.ops.clip`` raises on None."""
    from migrate.transform import migrate_source

    code = migrate_source("from keras import backend as K\ny = K.clip(x, 0.0, None)\nz = K.clip(x, 0.0, 1.0)\n").code
    assert "y = keras.ops.maximum(x, 0.0)\n" in code and "z = keras.ops.clip(x, 0.0, 1.0)\n" in code
