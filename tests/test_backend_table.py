"""The shim's ``K`` reads the backend table (``legacy_keras.spec.backend``) the codemod reads.

Every Keras 1.2.2 backend function is in ``K``: built from its table entry, or written by
hand with the reason in ``legacy_keras.backend.table.OVERRIDES``.  Each hand-written
function whose entry is a ``Rewrite`` is run against the table's template on small inputs
(the differential cases below), so the shim and migrated code cannot drift apart
silently; expected Keras 1 numbers come from the oracle
(``fixtures/oracle/make_backend_table.py`` -> ``fixtures/oracle/backend_table/``).
"""
from __future__ import annotations

import ast
import inspect
import json
import re
import subprocess
import sys

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close
from legacy_keras.spec import backend as spec
from legacy_keras.spec.keras1_backend_names import KERAS1_BACKEND_FUNCTIONS, KERAS1_BACKEND_SIGNATURES

ORACLE = json.loads((FIXTURES / "oracle" / "backend_table" / "backend_table.json").read_text())


@pytest.fixture(scope="module")
def K():
    from legacy_keras import backend
    return backend


@pytest.fixture(scope="module")
def table():
    from legacy_keras.backend import table
    return table


def _array(item: dict) -> np.ndarray:
    return np.asarray(item["value"], dtype=item["dtype"])


# ---------------------------------------------------------------------------
# Coverage: one place knows each function
# ---------------------------------------------------------------------------
def test_every_table_name_is_generated_or_overridden_with_a_reason(table) -> None:
    generated = set(table.generated_names())
    overridden = set(table.OVERRIDES)
    assert overridden <= set(spec.KERAS1_BACKEND), sorted(overridden - set(spec.KERAS1_BACKEND))
    assert not generated & overridden
    assert sorted(set(spec.KERAS1_BACKEND) - generated - overridden) == []
    for name, reason in table.OVERRIDES.items():
        assert len(reason) > 20, name


@pytest.mark.parametrize("name", KERAS1_BACKEND_FUNCTIONS)
def test_every_keras1_backend_function_is_in_K(K, table, name) -> None:
    fn = getattr(K, name)
    assert callable(fn)
    # generated ones are the table's (nobody wrote a function over them), overrides are not
    assert table.is_generated(fn) == (name not in table.OVERRIDES), name
    from legacy_keras.backend import tensorflow_backend
    assert getattr(tensorflow_backend, name) is fn


@pytest.mark.parametrize("name", sorted(n for n in KERAS1_BACKEND_FUNCTIONS
                                        if isinstance(spec.KERAS1_BACKEND[n], spec.Human)))
def test_human_entries_run_or_raise_one_line_naming_the_replacement(K, table, name) -> None:
    if name in table.OVERRIDES:
        return  # the shim implements it on TensorFlow (tests/test_backend.py)
    args = [None for _, default in KERAS1_BACKEND_SIGNATURES[name] if default is None]
    with pytest.raises(NotImplementedError) as info:
        getattr(K, name)(*args)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"K.{name} ")
    assert spec.KERAS1_BACKEND[name].reason in message


@pytest.mark.parametrize("name", sorted(n for n, e in spec.KERAS1_BACKEND.items()
                                        if isinstance(e, (spec.Rewrite, spec.Human))))
def test_signatures_are_keras1(K, name) -> None:
    """Generated: exactly the Keras 1.2.2 parameters and defaults.  Hand-written: the Keras 1
    parameters first, same defaults (extra trailing ones allowed)."""
    params = list(inspect.signature(getattr(K, name)).parameters.values())
    keras1 = KERAS1_BACKEND_SIGNATURES[name]
    names = [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.POSITIONAL_ONLY)]
    assert names[:len(keras1)] == [p for p, _ in keras1], name
    for param, (_, default) in zip(params, keras1):
        if default is None:
            assert param.default is inspect.Parameter.empty, (name, param.name)
        elif default != "<object>":
            assert param.default == ast.literal_eval(default), (name, param.name, param.default, default)


def _optional_targets(template: str) -> list[tuple[str, str, str]]:
    """``(callable, keyword, keras1 parameter)`` for each ``{,kw=p}`` hole of a template: the
    ``keras.*`` call whose parentheses hold the hole."""
    out = []
    for match in re.finditer(r"\{,(\w+)=(\w+)\}", template):
        depth, pos = 0, match.start()
        while pos > 0:
            pos -= 1
            if template[pos] == ")":
                depth += 1
            elif template[pos] == "(":
                if depth == 0:
                    break
                depth -= 1
        callee = re.search(r"([\w.]+)$", template[:pos])
        out.append((callee.group(1) if callee else "", match.group(1), match.group(2)))
    return out


#: ``{,kw=p}`` holes where Keras 3's default is not Keras 1's value but means the same.
EQUIVALENT_DEFAULTS = {("keras.Input", "sparse"): "None is not sparse, as Keras 1's False",
                       ("keras.ops.arange", "step"): "None is a step of 1, as Keras 1's 1"}


@pytest.mark.parametrize("name", sorted(n for n, e in spec.KERAS1_BACKEND.items()
                                        if isinstance(e, spec.Rewrite) and "{," in e.template))
def test_optional_holes_have_the_keras1_default_in_keras3(name) -> None:
    """The codemod leaves out a ``{,kw=p}`` the caller did not pass; the shim passes the Keras 1
    default.  Both mean the same only if Keras 3's default is Keras 1's: checked here."""
    import keras
    keras1 = dict(KERAS1_BACKEND_SIGNATURES[name])
    for callee, keyword, param in _optional_targets(spec.KERAS1_BACKEND[name].template):
        if not callee.startswith("keras."):
            continue
        target = keras
        for part in callee.split(".")[1:]:
            target = getattr(target, part)
        keras3 = inspect.signature(target).parameters[keyword].default
        if (callee, keyword) in EQUIVALENT_DEFAULTS:
            continue
        assert keras3 == ast.literal_eval(keras1[param]), (name, callee, keyword, keras3, keras1[param])


def test_every_keras1_parameter_a_template_leaves_out_is_listed_with_a_reason() -> None:
    """A parameter missing from a template is dropped by the codemod: harmless ones say why
    (``KERAS1_PARAMS_DROPPED``), the others are for a human (``KERAS1_PARAMS_UNSUPPORTED``)."""
    left_out = set()
    for name, entry in spec.KERAS1_BACKEND.items():
        if isinstance(entry, (spec.Rewrite, spec.InLayerCall)):
            used = set(re.findall(r"\{(\w+)\}", entry.template)) | \
                {m[1] for m in re.findall(r"\{,(\w+)=(\w+)\}", entry.template)}
            left_out |= {(name, p) for p, _ in KERAS1_BACKEND_SIGNATURES[name] if p not in used}
    dropped, unsupported = set(spec.KERAS1_PARAMS_DROPPED), set(spec.KERAS1_PARAMS_UNSUPPORTED)
    assert not dropped & unsupported
    assert left_out == dropped | unsupported
    assert all(len(r) > 10 for r in (*spec.KERAS1_PARAMS_DROPPED.values(), *spec.KERAS1_PARAMS_UNSUPPORTED.values()))


def test_codemod_reports_a_keras1_argument_the_template_cannot_write() -> None:
    from migrate.transform import migrate_source
    result = migrate_source("from keras import backend as K\nx = K.placeholder(ndim=2)\n"
                            "y = K.placeholder(shape=(None, 3))\n")
    assert "x = K.placeholder(ndim=2)\n" in result.code
    assert "y = keras.Input(batch_shape=(None, 3))" in result.code
    assert [(w.line, w.rule) for w in result.warnings] == [(2, "backend")]
    assert "keras.Input(batch_shape=(None,) * n)" in result.warnings[0].message


def test_generated_functions_are_the_table_template(table) -> None:
    assert table.source("sqrt") == "def sqrt(x):\n    return keras.ops.sqrt(keras.ops.maximum(x, 0.0))\n"
    assert table.source("relu") == ("def relu(x, alpha=0.0, max_value=None):\n    return keras.activations."
                                    "relu(x, negative_slope=alpha, max_value=max_value)\n")
    assert "_data_format(dim_ordering)" in table.source("spatial_2d_padding")


def test_import_is_quiet_and_compiles_the_table_quickly() -> None:
    code = ("import time, sys\nimport keras\nt = time.perf_counter()\nimport legacy_keras.backend as K\n"
            "sys.stdout.write('%.3f' % (time.perf_counter() - t))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    noise = [line for line in proc.stderr.splitlines() if "legacy_keras" in line or "migrate" in line]
    assert noise == []
    assert float(proc.stdout) < 2.0  # the table itself compiles in ~3 ms; the rest is imports


# ---------------------------------------------------------------------------
# Generated functions against genuine Keras 1.2.2
# ---------------------------------------------------------------------------
def _oracle_cases(K):
    v = {k: K.variable(_array(item), dtype=item["dtype"]) for k, item in ORACLE["inputs"].items()}
    a, b, c, halves, img, vol = v["a"], v["b"], v["c"], v["halves"], v["img"], v["vol"]
    return {
        "cos": lambda: K.cos(a), "sin": lambda: K.sin(a),
        "arange_stop": lambda: K.arange(5), "arange_float": lambda: K.arange(1, 7, 2, dtype="float32"),
        "greater_equal": lambda: K.greater_equal(a, K.round(a)),
        "lesser_equal": lambda: K.lesser_equal(a, K.round(a)),
        "reverse_int": lambda: K.reverse(c, 1), "reverse_list": lambda: K.reverse(c, [0, 2]),
        "in_top_k": lambda: K.in_top_k(a, v["targets"], 2),
        "round_halves": lambda: K.round(halves), "sqrt_negative": lambda: K.sqrt(halves),
        "clip_no_max": lambda: K.clip(a, -0.5, None), "clip_swapped": lambda: K.clip(a, 0.5, 0.1),
        "stop_gradient": lambda: K.stop_gradient(a), "exp": lambda: K.exp(a),
        "map_fn": lambda: K.map_fn(lambda row: row * 2.0, a),
        "argmax_last": lambda: K.argmax(c), "argmin_axis1": lambda: K.argmin(c, axis=1),
        "expand_dims_default": lambda: K.expand_dims(a), "concatenate_default": lambda: K.concatenate([c, c]),
        "mean_keepdims": lambda: K.mean(c, axis=[1, 2], keepdims=True), "sum_tuple": lambda: K.sum(c, axis=(0, 2)),
        "spatial_2d_padding_th": lambda: K.spatial_2d_padding(img, (1, 2), dim_ordering="th"),
        "spatial_3d_padding_th": lambda: K.spatial_3d_padding(vol, (1, 0, 2), dim_ordering="th"),
        "spatial_3d_padding_tf": lambda: K.spatial_3d_padding(vol, (0, 1, 1), dim_ordering="tf"),
        "asymmetric_spatial_2d_padding_th": lambda: K.asymmetric_spatial_2d_padding(img, 0, 1, 2, 3, dim_ordering="th"),
        "asymmetric_spatial_2d_padding_tf": lambda: K.asymmetric_spatial_2d_padding(img, 1, 0, 0, 2, dim_ordering="tf"),
        "ones_like_int": lambda: K.ones_like(a, dtype="int32"), "zeros_like": lambda: K.zeros_like(c),
        "relu_max_only": lambda: K.relu(a, max_value=1.0), "elu_default": lambda: K.elu(a),
        "batch_flatten_4d": lambda: K.batch_flatten(img),
        "repeat_elements_last": lambda: K.repeat_elements(c, 3, axis=-1),
        "binary_crossentropy_logits": lambda: K.binary_crossentropy(a, K.cast(K.greater(b, 0), "float32"),
                                                                    from_logits=True),
        "categorical_crossentropy_logits": lambda: K.categorical_crossentropy(a, K.softmax(b), from_logits=True),
    }


@pytest.mark.parametrize("name", sorted(ORACLE["cases"]))
def test_table_functions_match_keras1(K, name) -> None:
    cases = _oracle_cases(K)
    assert name in cases, f"no test for oracle case {name}"
    out, expected = np.asarray(K.eval(cases[name]())), _array(ORACLE["cases"][name])
    assert out.shape == expected.shape
    if expected.dtype == bool or np.issubdtype(expected.dtype, np.integer):
        np.testing.assert_array_equal(out.astype(expected.dtype), expected)
    else:
        assert_keras1_close(out, expected, rtol=1e-5, atol=1e-6)


def test_shape_and_dtype_answers_match_keras1(K) -> None:
    values = ORACLE["values"]
    c = K.variable(_array(ORACLE["inputs"]["c"]))
    assert K.int_shape(c) == tuple(values["int_shape_c"])
    assert K.get_variable_shape(c) == tuple(values["get_variable_shape_c"])
    assert K.ndim(c) == values["ndim_c"] and isinstance(K.ndim(c), int)
    assert K.ndim(K.placeholder(ndim=3)) == 3  # an int for a symbolic tensor too, as Keras 1
    assert K.count_params(c) == values["count_params_c"] and K.dtype(c) == values["dtype_c"]
    assert K.int_shape(K.placeholder(ndim=2)) == tuple(values["int_shape_placeholder_ndim2"])
    assert K.dtype(K.variable(np.zeros(3))) == values["dtype_variable_float64"]
    assert K.dtype(K.variable(np.array([1, 0, 3]))) == values["dtype_variable_int64"]
    assert K.dtype(K.zeros((2,))) == values["dtype_zeros"]
    assert K.dtype(K.eye(2, dtype="int32")) == values["dtype_eye_int32"]
    assert K.dtype(K.placeholder(shape=(None, 3))) == values["dtype_placeholder"]
    assert K.dtype(K.random_normal_variable((2,), 0.0, 1.0)) == values["dtype_random_normal_variable"]


# ---------------------------------------------------------------------------
# Differential: every hand-written Rewrite against the table's template
# ---------------------------------------------------------------------------
def _value(x):
    import keras
    if isinstance(x, (list, tuple)) and x and not isinstance(x[0], (int, np.integer)):
        return [_value(v) for v in x]
    if hasattr(x, "assign") or hasattr(x, "numpy") or hasattr(x, "dtype"):
        return np.asarray(keras.ops.convert_to_numpy(x))
    return np.asarray(x)


def _same(mine, theirs) -> None:
    mine, theirs = _value(mine), _value(theirs)
    if isinstance(mine, list):
        assert len(mine) == len(theirs)
        for m, t in zip(mine, theirs):
            _same(m, t)
        return
    assert mine.shape == theirs.shape and mine.dtype == theirs.dtype, (mine.dtype, theirs.dtype)
    np.testing.assert_allclose(mine.astype("float64"), theirs.astype("float64"), rtol=1e-6, atol=1e-7)


def _stats(x) -> tuple[float, float, float, float]:
    x = _value(x)
    return float(x.mean()), float(x.std()), float(x.min()), float(x.max())


def _same_distribution(mine, theirs, tol: float = 0.06) -> None:
    m, t = _stats(mine), _stats(theirs)
    assert _value(mine).shape == _value(theirs).shape and _value(mine).dtype == _value(theirs).dtype
    assert abs(m[0] - t[0]) < tol and abs(m[1] - t[1]) < tol, (m, t)


A = np.array([[-1.5, -0.5, 0.0, 0.5], [1.5, 2.5, -2.0, 3.0]], "float32")


def _diff_variable(K, T):
    for value in (A, np.zeros(3), np.array([1, 0, 3])):
        _same(K.variable(value), T("variable")(value))
    _same(K.variable(A, dtype="float64", name="v"), T("variable")(A, dtype="float64", name="v"))


def _diff_creators(K, T):
    for name, args in (("zeros", ((2, 3),)), ("ones", ((3,), "int32")), ("eye", (3,))):
        _same(getattr(K, name)(*args), T(name)(*args))


def _diff_random_variables(K, T):
    _same_distribution(K.random_normal_variable((4000,), 1.0, 0.5), T("random_normal_variable")((4000,), 1.0, 0.5))
    mine, theirs = K.random_uniform_variable((4000,), -1.0, 3.0), T("random_uniform_variable")((4000,), -1.0, 3.0)
    _same_distribution(mine, theirs, tol=0.1)
    assert _stats(mine)[2] >= -1.0 and _stats(mine)[3] <= 3.0


def _diff_values(K, T):
    v = K.variable(A)
    _same(K.get_value(v), T("get_value")(v))
    _same(K.eval(v), T("eval")(v))
    _same(K.batch_get_value([v, v]), T("batch_get_value")([v, v]))


def _diff_set_values(K, T):
    mine, theirs = K.variable(A), K.variable(A)
    K.set_value(mine, A * 2)
    T("set_value")(theirs, A * 2)
    _same(mine, theirs)
    K.batch_set_value([(mine, A * 3)])
    T("batch_set_value")([(theirs, A * 3)])
    _same(mine, theirs)


def _diff_shape(K, T):
    _same(K.eval(K.shape(K.variable(A))).astype("int64"), np.asarray(T("shape")(K.variable(A)), "int64"))


def _diff_placeholder(K, T):
    for kwargs in ({"shape": (None, 3)}, {"shape": (2, 3), "dtype": "int32", "name": "p"}):
        mine, theirs = K.placeholder(**kwargs), T("placeholder")(**kwargs)
        assert (mine.shape, mine.dtype, mine.sparse) == (theirs.shape, theirs.dtype, theirs.sparse)


def _diff_function(K, T):
    import keras
    inp = keras.Input((4,))
    dense = keras.layers.Dense(3, kernel_initializer="ones")
    out = dense(inp)
    _same(K.function([inp], [out])([A]), T("function")([inp], [out])([A]))


def _diff_clip(K, T):
    for lo, hi in ((-0.5, 0.7), (0.5, 0.1), (-1.0, -1.0)):
        _same(K.clip(A, lo, hi), T("clip")(A, lo, hi))


def _diff_random(K, T):
    _same_distribution(K.random_normal((4000,), mean=1.0, std=0.5), T("random_normal")((4000,), mean=1.0, std=0.5))
    _same_distribution(K.random_uniform((4000,), low=-1.0, high=3.0), T("random_uniform")((4000,), low=-1.0, high=3.0),
                       tol=0.1)
    mine, theirs = K.random_binomial((4000,), p=0.25), T("random_binomial")((4000,), p=0.25)
    _same_distribution(mine, theirs)
    assert set(np.unique(_value(mine))) == set(np.unique(_value(theirs))) == {0.0, 1.0}
    ones = np.ones((4000,), "float32")
    mine, theirs = K.dropout(ones, 0.3), T("dropout")(ones, 0.3)
    _same_distribution(mine, theirs)
    assert np.allclose(sorted(set(np.unique(_value(mine)))), sorted(set(np.unique(_value(theirs)))))


DIFFERENTIAL = {
    "variable": _diff_variable, "zeros": _diff_creators, "ones": _diff_creators, "eye": _diff_creators,
    "random_normal_variable": _diff_random_variables, "random_uniform_variable": _diff_random_variables,
    "get_value": _diff_values, "eval": _diff_values, "batch_get_value": _diff_values,
    "set_value": _diff_set_values, "batch_set_value": _diff_set_values, "shape": _diff_shape,
    "placeholder": _diff_placeholder, "function": _diff_function, "clip": _diff_clip,
    "random_normal": _diff_random, "random_uniform": _diff_random, "random_binomial": _diff_random,
    "dropout": _diff_random,
}


def test_every_hand_written_rewrite_has_a_differential_case(table) -> None:
    hand_written = {n for n in table.OVERRIDES if isinstance(spec.KERAS1_BACKEND[n], spec.Rewrite)}
    assert hand_written == set(DIFFERENTIAL)


@pytest.mark.parametrize("name", sorted(DIFFERENTIAL))
def test_hand_written_function_agrees_with_the_table(K, table, name) -> None:
    DIFFERENTIAL[name](K, table.table_function)


# ---------------------------------------------------------------------------
# Where the hand-written side is deliberately different (the OVERRIDES reasons, shown)
# ---------------------------------------------------------------------------
def test_clip_without_an_upper_bound_as_keras1(K, table) -> None:
    expected = _array(ORACLE["cases"]["clip_no_max"])
    a = _array(ORACLE["inputs"]["a"])
    assert_keras1_close(K.eval(K.clip(a, -0.5, None)), expected)
    with pytest.raises(Exception):
        table.table_function("clip")(a, -0.5, None)  # keras.ops.clip needs a number


#: the oracle's arguments (fixtures/oracle/make_backend_table.py)
RANDOM_ARGS = {"random_normal": {"mean": 1.0, "std": 0.5}, "random_uniform": {"low": -1.0, "high": 3.0},
               "random_binomial": {"p": 0.25}}


def _noise_model(fn, name, seed):
    import keras
    inp = keras.Input((2000,))
    noise = keras.layers.Lambda(lambda x: x + fn(keras.ops.shape(x), seed=seed, **RANDOM_ARGS[name]))
    return keras.Model(inp, noise(inp))


@pytest.mark.parametrize("name", ["random_normal", "random_uniform", "random_binomial"])
def test_seeded_random_draws_anew_on_each_evaluation_as_keras1(K, table, name) -> None:
    """Keras 1's seed seeded a stream: one compiled function evaluated twice drew new numbers
    (oracle).  So does the shim's K, in a model run twice; the table's Keras 3 integer seed
    freezes them (why these functions are hand-written)."""
    import keras
    oracle = ORACLE["random"][name]
    x = np.zeros((1, 2000), "float32")
    mine = _noise_model(getattr(K, name), name, 3)
    first, second = mine.predict(x, verbose=0), mine.predict(x, verbose=0)
    assert (not np.array_equal(first, second)) == oracle["evaluations_differ"] is True
    assert abs(first.mean() - oracle["first"]["mean"]) < 0.1 and abs(first.std() - oracle["first"]["std"]) < 0.1
    frozen = _noise_model(table.table_function(name), name, 3)
    assert np.array_equal(frozen.predict(x, verbose=0), frozen.predict(x, verbose=0))
    assert keras.ops.convert_to_numpy(K.eval(getattr(K, name)((3,), seed=3))).shape == (3,)


def test_seeded_dropout_draws_a_new_mask_on_each_evaluation_as_keras1(K) -> None:
    import keras
    oracle = ORACLE["random"]["dropout"]
    inp = keras.Input((2000,))
    model = keras.Model(inp, keras.layers.Lambda(lambda x: K.dropout(x, 0.3, seed=3))(inp))
    x = np.ones((1, 2000), "float32")
    first, second = model.predict(x, verbose=0), model.predict(x, verbose=0)
    assert (not np.array_equal(first, second)) == oracle["evaluations_differ"] is True
    assert np.allclose(sorted(set(np.round(first.ravel(), 5))), oracle["first"]["distinct"], atol=1e-5)


@pytest.mark.parametrize("name", ["in_train_phase", "in_test_phase"])
def test_learning_phase_functions_agree_with_the_table_in_a_layer_call(K, table, name) -> None:
    """The InLayerCall template (what the codemod writes inside call()) and the shim's
    hand-written function give the same tensor for each training flag a call can get."""
    import tensorflow as tf
    template = table.body_source(spec.KERAS1_BACKEND[name].template)
    for training in (True, False, 1, 0, tf.constant(True), tf.constant(False)):
        expected = eval(template, dict(table._helper_namespace()), {"x": A, "alt": -A, "training": training})
        _same(getattr(K, name)(A, -A, training=training), expected)


def test_generated_functions_record_on_symbolic_tensors_and_read_variables_live(K) -> None:
    """Keras 1 graphs (K.placeholder -> K.dot -> K.function) built from table functions read a
    variable's current value on each call and differentiate through it, as Keras 1's did."""
    x, w = K.placeholder(shape=(None, 3)), K.variable(np.ones((3, 2)))
    y = K.dot(x, w)
    f = K.function([x], [y, K.concatenate([K.mean(y, axis=1, keepdims=True), K.max(y, axis=1, keepdims=True)])])
    a = np.arange(6, dtype="float32").reshape(2, 3)
    first = f([a])
    np.testing.assert_allclose(first[0], a @ np.ones((3, 2)))
    np.testing.assert_allclose(first[1], np.stack([first[0].mean(1), first[0].max(1)], axis=1))
    K.set_value(w, 2 * np.ones((3, 2)))
    np.testing.assert_allclose(f([a])[0], 2 * first[0])
    assert (K.ndim(y), K.int_shape(y), K.dtype(y)) == (2, (None, 2), "float32")
    grad = K.function([x], K.gradients(K.sum(K.dot(x, w)), [w]))([a])[0]
    np.testing.assert_allclose(grad, np.repeat(a.sum(0)[:, None], 2, axis=1))
