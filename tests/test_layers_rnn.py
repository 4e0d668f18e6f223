"""Keras 1 recurrent layers against the genuine Keras 1.2.2 (fixtures/oracle/layers_rnn).

Each case was computed by ``fixtures/oracle/make_layers_rnn.py`` on Keras 1.2.2
(Theano): the layer is rebuilt here through ``legacy_keras.layers`` with the
same Keras 1 constructor arguments and ``weights=`` (the Keras 1
``get_weights()`` list), inside a plain Keras 3 functional model.
"""
from __future__ import annotations

import json

import keras
import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import legacy_keras.layers as L
from legacy_keras import weights as weight_rules

ORACLE = FIXTURES / "oracle" / "layers_rnn"
MANIFEST = json.loads((ORACLE / "cases.json").read_text())
CASES = MANIFEST["cases"]
ARRAYS = np.load(ORACLE / "cases.npz")


def arrays(name: str, prefix: str = "w") -> list[np.ndarray]:
    return [ARRAYS[f"{name}/{prefix}{i}"] for i in range(CASES[name]["n_weights"])]


def select(predicate) -> list[str]:
    return sorted(name for name, entry in CASES.items() if predicate(name, entry))


def build(name: str, weights: list | None = None, **overrides):
    """(model, layer) for the case: Keras 3 Input (+ Masking/Embedding) -> our layer."""
    entry = CASES[name]
    kwargs = dict(entry["kwargs"], **overrides)
    if weights is None:
        weights = arrays(name)
    if weights is not False:
        kwargs["weights"] = weights
    layer = getattr(L, entry["class"])(**kwargs)
    if layer.batch_input_shape is not None:
        inp = keras.Input(batch_shape=layer.batch_input_shape)
    elif entry["mask"] == "embedding":
        inp = keras.Input(shape=tuple(entry["input_shape"]), dtype="int32")
    else:
        inp = keras.Input(shape=tuple(entry["input_shape"]))
    x = inp
    if entry["mask"] == "masking":
        x = keras.layers.Masking(0.0)(x)
    elif entry["mask"] == "embedding":
        embedding = keras.layers.Embedding(6, 3, mask_zero=True)
        x = embedding(x)
        embedding.set_weights([ARRAYS[f"{name}/emb"]])
    return keras.Model(inp, layer(x)), layer


def predict(model, x):
    """Test-phase output (eager call: no graph tracing per tiny model)."""
    return keras.ops.convert_to_numpy(model(x, training=False))


RUNTIME = select(lambda n, e: e["class"] in ("SimpleRNN", "GRU", "LSTM")
                 and "out2" not in e["outputs"] and "losses" not in e["outputs"])


@pytest.mark.parametrize("name", RUNTIME)
def test_output_matches_keras1(name):
    model, layer = build(name)
    assert isinstance(layer, keras.layers.Layer)
    assert_keras1_close(predict(model, ARRAYS[f"{name}/x"]), ARRAYS[f"{name}/out"])


@pytest.mark.parametrize("name", ["lstm_cpu_seq", "gru_mem_mask", "lstm_gpu_seq", "simplernn"])
def test_set_weights_and_get_weights_speak_keras1(name):
    """get_weights() is Keras 1's per-gate list (issue 14.9); Keras 3's stays available."""
    model, layer = build(name, weights=False)
    keras1 = arrays(name)
    layer.set_weights(keras1)
    assert_keras1_close(predict(model, ARRAYS[f"{name}/x"]), ARRAYS[f"{name}/out"])
    ours = layer.get_weights()
    assert len(ours) == len(keras1) == (3 if name in ("lstm_gpu_seq", "simplernn") else {"l": 12, "g": 9}[name[0]])
    for got, theirs in zip(ours, keras1):
        np.testing.assert_array_equal(got, theirs)
    keras3 = layer.get_keras3_weights()
    assert len(keras3) == 3  # kernel, recurrent_kernel, bias
    # set_weights also takes the Keras 3 list; both round-trip
    layer.set_weights(keras3)
    layer.set_keras3_weights(keras3)
    for got, theirs in zip(layer.get_keras1_weights(), keras1):
        np.testing.assert_array_equal(got, theirs)


def test_keras1_weight_file_order_is_the_rules_gate_order():
    """Keras 1's own weight names fix the per-gate order the conversion assumes."""
    from legacy_keras.weights.recurrent import KERAS1_GATE_ORDER
    for name, class_name in (("lstm_cpu_seq", "LSTM"), ("gru_cpu_seq", "GRU"),
                             ("convlstm_th_valid_seq", "ConvLSTM2D")):
        names = [n.split("_", 2)[-1] for n in CASES[name]["weight_names"]]
        expected = [f"{kind}_{gate}" for gate in KERAS1_GATE_ORDER[class_name] for kind in "WUb"]
        assert names == expected, (name, names)
    assert [n.split("_")[-1] for n in CASES["lstm_gpu_seq"]["weight_names"]] == ["W", "U", "b"]


def test_weight_rule_shapes_and_wrong_count():
    w = arrays("lstm_mem")
    kernel, recurrent, bias = weight_rules.to_keras3("LSTM", {"consume_less": "mem"}, w)
    assert kernel.shape == (3, 16) and recurrent.shape == (4, 16) and bias.shape == (16,)
    # forget gate (second Keras 3 block) is Keras 1's b_f = 9th array
    np.testing.assert_array_equal(bias[4:8], w[8])
    with pytest.raises(ValueError, match="LSTM weights: expected 12 or 3 arrays"):
        weight_rules.to_keras3("LSTM", {}, w[:5])
    with pytest.raises(ValueError, match="GRU"):
        weight_rules.to_keras3("GRU", {}, w[:4])


# --- stateful -----------------------------------------------------------------

STATEFUL = select(lambda n, e: "out2" in e["outputs"])


@pytest.mark.parametrize("name", STATEFUL)
def test_stateful_carries_and_resets_like_keras1(name):
    model, layer = build(name)
    assert layer.stateful and layer.batch_input_shape[0] == 3
    x, x2 = ARRAYS[f"{name}/x"], ARRAYS[f"{name}/x2"]

    def run(x):  # Model.predict (compiled graph): states must still carry over
        return model.predict(x, batch_size=3, verbose=0)

    assert_keras1_close(run(x), ARRAYS[f"{name}/out"])
    assert_keras1_close(run(x2), ARRAYS[f"{name}/out2"])  # state carried over
    layer.reset_states()
    assert_keras1_close(run(x), ARRAYS[f"{name}/out3"])
    assert all(np.all(keras.ops.convert_to_numpy(s) != 0) for s in layer.states)


def test_reset_states_requires_stateful():
    model, layer = build("lstm_cpu_seq")
    with pytest.raises(AssertionError, match="must be stateful"):
        layer.reset_states()


# --- regularization (Keras 1.2.2 cpu/mem applies W_regularizer to U) ------------

LOSSES = select(lambda n, e: "losses" in e["outputs"])


@pytest.mark.parametrize("name", LOSSES)
def test_regularization_losses_match_keras1(name):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model, layer = build(name)
    assert_keras1_close(predict(model, ARRAYS[f"{name}/x"]), ARRAYS[f"{name}/out"])
    total = sum(float(keras.ops.convert_to_numpy(loss)) for loss in model.losses)
    assert_keras1_close(total, ARRAYS[f"{name}/losses"], rtol=1e-5)
    # one term per Keras 1 weight array (cpu/mem GRU 9, LSTM 12), in Keras 1's order
    assert len(layer.losses) == len(model.losses) == CASES[name]["n_losses"]
    for i, loss in enumerate(model.losses):
        assert_keras1_close(keras.ops.convert_to_numpy(loss), ARRAYS[f"{name}/loss{i}"], rtol=1e-5)


def test_per_gate_regularization_losses_keep_the_training_loss_and_gradients():
    """The per-gate terms are live (computed from the variables): training sees the
    same total as Keras 3's fused terms, and the regularizers reach the gradients."""
    import warnings
    name = "gru_cpu_regularized"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model, layer = build(name)
    x = ARRAYS[f"{name}/x"]
    y = np.zeros((len(x), 3), "float32")
    initial = [np.asarray(w) for w in layer.get_keras3_weights()]
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    data_loss = float(np.mean(np.square(predict(model, x) - y)))
    loss = float(model.train_on_batch(x, y))
    assert_keras1_close(loss, data_loss + float(ARRAYS[f"{name}/losses"]), rtol=1e-5)
    fused = keras.layers.GRU(3, reset_after=False, recurrent_activation=layer.cell.recurrent_activation,
                             kernel_regularizer=layer.cell.kernel_regularizer,
                             recurrent_regularizer=layer.cell.recurrent_regularizer,
                             bias_regularizer=layer.cell.bias_regularizer)
    inp = keras.Input(shape=tuple(CASES[name]["input_shape"]))
    reference = keras.Model(inp, fused(inp))
    assert len(reference.losses) == 3
    reference.set_weights(initial)
    reference.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    reference.train_on_batch(x, y)
    for ours, theirs in zip(layer.get_keras3_weights(), fused.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_cpu_u_regularizer_is_ignored_with_a_warning_as_keras1_did():
    with pytest.warns(UserWarning, match="ignores U_regularizer"):
        L.LSTM(3, U_regularizer="l1")


# --- constructor ------------------------------------------------------------------

def test_keras1_positionals_and_defaults():
    layer = L.LSTM(4, "uniform", "orthogonal", "zero")  # forget_bias_init positional
    assert layer.cell.unit_forget_bias is False
    from legacy_keras.activations import hard_sigmoid
    assert layer.cell.recurrent_activation is hard_sigmoid
    layer.build((None, 2, 5))
    assert tuple(layer.W.shape) == (5, 16) and tuple(layer.U.shape) == (4, 16)  # Keras 1 names
    assert tuple(layer.b.shape) == (16,)
    gru = L.GRU(3)
    assert gru.cell.reset_after is False
    assert gru.output_dim == 3 and gru.consume_less == "cpu"


def test_input_dim_and_input_length_become_the_input_shape():
    layer = L.SimpleRNN(2, input_dim=3, input_length=5)
    assert layer.batch_input_shape == (None, 5, 3)
    assert L.LSTM(2, input_dim=7).batch_input_shape == (None, None, 7)


@pytest.mark.parametrize("cls, kwargs, bad", [
    ("LSTM", {"output_dim": 3, "return_sequence": True}, "return_sequence"),
    ("GRU", {"output_dim": 3, "forget_bias_init": "one"}, "forget_bias_init"),
    ("SimpleRNN", {"output_dim": 3, "inner_activation": "sigmoid"}, "inner_activation"),
    ("ConvLSTM2D", {"nb_filter": 2, "nb_row": 3, "nb_col": 3, "consume_less": "gpu"}, "consume_less"),
    ("ConvLSTM2D", {"nb_filter": 2, "nb_row": 3, "nb_col": 3, "input_dim": 3}, "input_dim"),
])
def test_bad_kwargs_raise_naming_the_layer(cls, kwargs, bad):
    with pytest.raises(TypeError, match=rf"{cls}.*{bad}"):
        getattr(L, cls)(**kwargs)


def test_unknown_consume_less():
    with pytest.raises(ValueError, match="LSTM.*consume_less"):
        L.LSTM(3, consume_less="fast")


def test_keras1_initial_values_per_gate():
    """cpu/mem: each gate matrix drawn with its own glorot fans, U drawn with ``init``."""
    layer = L.LSTM(4, init="glorot_uniform")
    layer.build((None, 5, 3))
    kernel, recurrent, bias = layer.get_keras3_weights()
    per_gate_limit = np.sqrt(6.0 / (3 + 4))
    fused_limit = np.sqrt(6.0 / (3 + 16))
    assert np.abs(kernel).max() <= per_gate_limit and np.abs(kernel).max() > fused_limit
    # Keras 1.2.2 cpu/mem: U_* are glorot_uniform too (not orthogonal)
    assert np.abs(recurrent).max() <= np.sqrt(6.0 / 8)
    np.testing.assert_array_equal(bias, np.r_[np.zeros(4), np.ones(4), np.zeros(8)])
    gpu = L.LSTM(4, consume_less="gpu")
    gpu.build((None, 5, 3))
    u = gpu.get_weights()[1]  # fused for 'gpu' in Keras 1 too; orthogonal (gain 1.1 in Keras 1)
    np.testing.assert_allclose(u @ u.T, 1.21 * np.eye(4), atol=1e-5)


def test_forget_bias_init_other_initializer():
    layer = L.LSTM(3, forget_bias_init="uniform")
    layer.build((None, 2, 2))
    bias = layer.get_keras3_weights()[2]
    assert np.all(bias[:3] == 0) and np.all(bias[6:] == 0)
    assert np.all(np.abs(bias[3:6]) <= 0.05) and np.any(bias[3:6] != 0)


# --- save / load ------------------------------------------------------------------

def test_save_load_keras_format(tmp_path):
    model, layer = build("lstm_cpu_mask_back")
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    rnn = [lay for lay in loaded.layers if isinstance(lay, keras.layers.LSTM)][0]
    assert type(rnn) is keras.layers.LSTM  # plain Keras 3 class in the file
    from legacy_keras.activations import hard_sigmoid
    assert rnn.cell.recurrent_activation is hard_sigmoid  # the Keras 1 formula survives
    x = ARRAYS["lstm_cpu_mask_back/x"]
    assert_keras1_close(predict(loaded, x), ARRAYS["lstm_cpu_mask_back/out"])


def test_save_load_gru_weights_h5(tmp_path):
    model, layer = build("gru_mem_mask")
    assert layer.cell.reset_after is False
    path = tmp_path / "m.weights.h5"
    model.save_weights(path)
    fresh, _ = build("gru_mem_mask", weights=False)
    fresh.load_weights(path)
    assert_keras1_close(predict(fresh, ARRAYS["gru_mem_mask/x"]), ARRAYS["gru_mem_mask/out"])


@pytest.mark.parametrize("name", ["lstm_cpu_regularized", "gru_gpu_back", "convlstm_th_valid_seq"])
def test_from_config_round_trip_keeps_keras1_numerics(name):
    """Keras 3 configs (Bidirectional cloning, from_config) rebuild the same layer."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        entry = CASES[name]
        layer = getattr(L, entry["class"])(**entry["kwargs"])
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    inp = keras.Input(shape=tuple(entry["input_shape"]))
    model = keras.Model(inp, clone(inp))
    clone.set_weights(arrays(name))  # Keras 1 list on a clone built from a Keras 3 config
    assert_keras1_close(predict(model, ARRAYS[f"{name}/x"]), ARRAYS[f"{name}/out"])


def test_dropout_only_in_training():
    name = "lstm_options"  # dropout_W=0.3, dropout_U=0.2
    model, layer = build(name)
    x = ARRAYS[f"{name}/x"]
    assert_keras1_close(keras.ops.convert_to_numpy(model(x, training=False)), ARRAYS[f"{name}/out"])
    assert not np.allclose(keras.ops.convert_to_numpy(model(x, training=True)), ARRAYS[f"{name}/out"])


_LOAD_SCRIPT = """
import sys, numpy as np, keras
if sys.argv[2] == "with":
    import legacy_keras.activations
try:
    model = keras.models.load_model(sys.argv[1])
except Exception as error:
    print("FAILED", type(error).__name__)
else:
    out = model.predict(np.load(sys.argv[3]), verbose=0)
    print("MAXDIFF", float(np.abs(out - np.load(sys.argv[4])).max()))
"""


@pytest.mark.slow
def test_saved_models_in_plain_keras3(tmp_path):
    """Documented behaviour: standard activations load without legacy_keras; the Keras 1
    hard_sigmoid needs ``import legacy_keras.activations`` and never silently degrades."""
    import subprocess
    import sys
    script = tmp_path / "load.py"
    script.write_text(_LOAD_SCRIPT)
    x = np.random.RandomState(0).uniform(-3, 3, (2, 4, 3)).astype("float32")
    np.save(tmp_path / "x.npy", x)
    results = {}
    for label, make in (("sigmoid", lambda: L.GRU(3, inner_activation="sigmoid")),
                        ("hard_sigmoid", lambda: L.LSTM(3))):
        inp = keras.Input((4, 3))
        model = keras.Model(inp, make()(inp))
        model.save(tmp_path / f"{label}.keras")
        np.save(tmp_path / f"{label}.npy", predict(model, x))
        for mode in ("plain", "with"):
            run = subprocess.run([sys.executable, str(script), str(tmp_path / f"{label}.keras"), mode,
                                  str(tmp_path / "x.npy"), str(tmp_path / f"{label}.npy")],
                                 capture_output=True, text=True, timeout=300)
            results[label, mode] = run.stdout.strip().splitlines()[-1]
    assert results["sigmoid", "plain"].startswith("MAXDIFF") and float(results["sigmoid", "plain"].split()[1]) < 1e-6
    assert results["hard_sigmoid", "plain"].startswith("FAILED")
    assert float(results["hard_sigmoid", "with"].split()[1]) < 1e-6


def test_keras1_hard_sigmoid_runs_on_the_fused_relu6_op():
    """The Keras 1 formula clip(0.2x+0.5, 0, 1) is computed as relu6(1.2x+3)/6: clip's
    compare-and-select gradient made a legacy LSTM train ~1.2x slower than Keras 3's own
    hard_sigmoid (issue 14, bench/bench_runtime.py).  The values are checked against
    Keras 1.2.2 by the oracle cases above and in test_backend.py."""
    import tensorflow as tf
    from legacy_keras.activations import hard_sigmoid

    graph = tf.function(hard_sigmoid).get_concrete_function(tf.TensorSpec((None, 4), tf.float32)).graph
    kinds = {op.type for op in graph.get_operations()}
    assert "Relu6" in kinds
    assert not kinds & {"ClipByValue", "Minimum", "Maximum"}


@pytest.mark.parametrize("name", select(lambda n, e: not n.startswith("custom") and e["n_weights"]))
def test_get_weights_returns_keras1_lists(name):
    """Every recurrent case: get_weights() is the list Keras 1.2.2's get_weights() returned
    (12 per-gate LSTM arrays, 9 GRU, 'th' ConvLSTM kernels; fused for 'gpu'), issue 14.9."""
    _, layer = build(name)
    got = layer.get_weights()
    assert [w.shape for w in got] == [w.shape for w in arrays(name)]
    for ours, theirs in zip(got, arrays(name)):
        np.testing.assert_array_equal(ours, theirs)


def test_bidirectional_get_weights_is_keras1_forward_then_backward():
    name = "lstm_cpu_seq"
    keras1 = arrays(name)
    entry = CASES[name]
    backward = [w * 0.5 for w in keras1]
    layer = L.Bidirectional(L.LSTM(**entry["kwargs"]), weights=keras1 + backward)
    layer(keras.Input(shape=tuple(entry["input_shape"])))
    got = layer.get_weights()
    assert len(got) == 24 and len(layer.get_keras3_weights()) == 6
    for ours, theirs in zip(got, keras1 + backward):
        np.testing.assert_array_equal(ours, theirs)
