"""Weight surgery across Keras 1 -> Keras 3 layouts (issue 11): the spec table and the codemod rule.

``legacy_keras/spec/weights.py`` says, per Keras 1 layer class, which arrays
``get_weights()`` returned, when Keras 3's differ, and which Keras 3 attribute holds what a
Keras 1 attribute (``layer.W``, ``lstm.U``, ``bn.running_std``) held.  The table is checked
here against the genuine Keras 1.2.2 (``fixtures/oracle/make_weights_layouts.py``): weight
names, "nothing changes" exactly where the converted arrays are Keras 1's, and every exact
attribute path reading the array Keras 1's attribute gave (the LSTM/GRU concatenations
included).  The codemod's ``weights`` rule reads the same table: its reports and rewrites
are checked on small sources (the before/after pairs are in ``fixtures/migrate/weights/``).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from legacy_keras.spec import weights as spec_weights
from migrate.context import Options
from migrate.transform import migrate_source

ORACLE = Path(__file__).resolve().parents[1] / "fixtures" / "oracle" / "weights"
CASES = json.loads((ORACLE / "layouts.json").read_text())


def _oracle(case: str) -> tuple[list[np.ndarray], dict[str, np.ndarray]]:
    data = np.load(ORACLE / "layouts.npz")
    arrays = [data[f"{case}/w{i}"] for i in range(len(CASES[case]["names"]))]
    attrs = {k.rsplit("/", 1)[-1]: data[k] for k in data.files if k.startswith(f"{case}/attr/")}
    return arrays, attrs


def _variant(case: str) -> tuple[str, str, str]:
    config = CASES[case]["config"]
    return CASES[case]["class"], config.get("dim_ordering", "tf"), config.get("consume_less", "cpu")


# -- the table against Keras 1.2.2 -------------------------------------------------------
@pytest.mark.parametrize("case", sorted(CASES))
def test_keras1_weight_names_are_the_tables(case: str) -> None:
    cls, _, consume = _variant(case)
    layout = spec_weights.layout(cls)
    assert layout is not None
    if consume == "gpu":
        assert CASES[case]["names"] == ["W", "U", "b"]  # fused: Keras 3's arrays
    else:
        assert tuple(CASES[case]["names"]) == layout.keras1


def _keras3_layer(case: str):  # type: ignore[no-untyped-def]
    import keras
    cls, ordering, _ = _variant(case)
    data_format = "channels_first" if ordering == "th" else "channels_last"
    make = {
        "Dense": lambda: keras.layers.Dense(3),
        "Embedding": lambda: keras.layers.Embedding(6, 3),
        "Convolution1D": lambda: keras.layers.Conv1D(3, 2),
        "Convolution2D": lambda: keras.layers.Conv2D(3, (2, 2), data_format=data_format),
        "Convolution3D": lambda: keras.layers.Conv3D(2, (2, 2, 2), data_format=data_format),
        "SimpleRNN": lambda: keras.layers.SimpleRNN(3),
        "GRU": lambda: keras.layers.GRU(3, reset_after=False),  # as legacy-migrate writes it
        "LSTM": lambda: keras.layers.LSTM(3),
        "BatchNormalization": lambda: keras.layers.BatchNormalization(),
        "PReLU": lambda: keras.layers.PReLU(),
    }[cls]
    shapes = {"Dense": (4,), "Embedding": (2,), "Convolution1D": (5, 2), "SimpleRNN": (4, 2), "GRU": (4, 2),
              "LSTM": (4, 2), "BatchNormalization": (3,), "PReLU": (3,),
              "Convolution2D": (2, 4, 4) if ordering == "th" else (4, 4, 2), "Convolution3D": (3, 3, 3, 2)}
    layer = make()
    layer.build((None, *shapes[cls]))
    return layer


def _converted(case: str):  # type: ignore[no-untyped-def]
    from legacy_keras.weights import to_keras3
    cls, ordering, consume = _variant(case)
    arrays, _ = _oracle(case)
    layer = _keras3_layer(case)
    layer.set_weights(to_keras3(cls, {"dim_ordering": ordering, "consume_less": consume}, arrays))
    return layer


@pytest.mark.parametrize("case", sorted(CASES))
def test_nothing_reported_exactly_where_keras3_arrays_are_keras1s(case: str) -> None:
    cls, ordering, consume = _variant(case)
    arrays, _ = _oracle(case)
    keras3 = _converted(case).get_weights()
    same = len(keras3) == len(arrays) and all(
        a.shape == b.shape and np.array_equal(a, b) for a, b in zip(arrays, keras3))
    assert (spec_weights.weights_change(cls, ordering, consume) is None) == same


@pytest.mark.parametrize("case", sorted(CASES))
def test_attribute_paths_hold_what_the_keras1_attribute_held(case: str) -> None:
    cls, ordering, _ = _variant(case)
    _, attrs = _oracle(case)
    layer = _converted(case)
    units = getattr(layer, "units", None)
    for attr, keras1_value in sorted(attrs.items()):
        path, why = spec_weights.attribute(cls, attr, ordering)
        if path is not None:
            value = layer
            for part in path.split("."):
                value = getattr(value, part)
            np.testing.assert_array_equal(np.asarray(value), keras1_value, err_msg=f"{case}.{attr} -> {path}")
            continue
        assert why, (case, attr)
        if attr[-2:-1] == "_":  # a per-gate array: the slice the message names, in Keras 3's gate order
            gate, variable = attr[-1], {"W": "kernel", "U": "recurrent_kernel", "b": "bias"}[attr[0]]
            k = spec_weights.KERAS3_GATE_ORDER[cls].index(gate)
            fused = np.asarray(getattr(layer.cell, variable))
            assert f"cell.{variable}[..., " in why
            np.testing.assert_array_equal(fused[..., k * units:(k + 1) * units], keras1_value)
        else:  # a kernel whose layout differs: no Keras 3 attribute holds Keras 1's array
            assert np.asarray(layer.kernel).shape != keras1_value.shape or ordering == "th", (case, attr)


def test_the_runtime_reads_the_same_tables() -> None:
    from legacy_keras.weights import convolutional, recurrent
    assert recurrent.KERAS1_GATE_ORDER is spec_weights.KERAS1_GATE_ORDER
    assert recurrent.KERAS3_GATE_ORDER is spec_weights.KERAS3_GATE_ORDER
    assert convolutional.TH_TO_KERAS3 is spec_weights.TH_TO_KERAS3
    assert convolutional.TF_TO_KERAS3 is spec_weights.TF_TO_KERAS3


# -- the codemod rule ------------------------------------------------------------------------
def _weights_warnings(source: str, options: Options | None = None) -> list[tuple[int, str]]:
    result = migrate_source(source, options)
    return [(w.line, w.message) for w in result.warnings if w.rule == "weights"]


LSTM_FILE = """from keras.models import Sequential
from keras.layers import Dense, LSTM

lstm = LSTM(8, input_shape=(5, 3))
model = Sequential([lstm, Dense(2)])
copy = Sequential([LSTM(8, input_shape=(5, 3)), Dense(2)])
copy.set_weights(model.get_weights())
arrays = model.get_weights()
copy.set_weights(arrays)
gates = lstm.get_weights()
lstm.set_weights(gates)
"""


def test_lstm_surgery_is_reported_round_trips_are_not() -> None:
    warnings = _weights_warnings(LSTM_FILE)
    assert [line for line, _ in warnings] == [8, 10]
    assert all("LSTM weights: Keras 3 fuses the 12 Keras 1 arrays" in m and "gates i, f, c, o" in m
               for _, m in warnings)


def test_consume_less_gpu_and_dense_only_files_are_not_reported() -> None:
    assert _weights_warnings(LSTM_FILE.replace("LSTM(8, input_shape=(5, 3))",
                                               "LSTM(8, input_shape=(5, 3), consume_less='gpu')")) == []
    dense = LSTM_FILE.replace("LSTM(8, input_shape=(5, 3))", "Dense(8, input_shape=(5, 3))").replace(", LSTM", "")
    assert _weights_warnings(dense) == []


def test_th_ordering_from_the_option_or_the_layer() -> None:
    src = ("from keras.layers import Convolution2D\nconv = Convolution2D(4, 3, 3{})\n"
           "kernel = conv.W\nbias = conv.b\nw = conv.get_weights()\n")
    tf = migrate_source(src.format(""))
    assert "kernel = conv.kernel\nbias = conv.bias\n" in tf.code
    assert not [w for w in tf.warnings if w.rule == "weights"]
    for source, options in ((src.format(", dim_ordering='th'"), None),
                            (src.format(""), Options(image_dim_ordering="th"))):
        result = migrate_source(source, options)
        assert "kernel = conv.W\nbias = conv.bias\n" in result.code
        assert [w.line for w in result.warnings if w.rule == "weights"] == [3, 5]
        assert all("np.transpose(W, (2, 3, 1, 0))" in w.message for w in result.warnings if w.rule == "weights")


def test_exact_attribute_rewrites() -> None:
    src = ("from keras import backend as K\nfrom keras.layers import Dense, LSTM, GRU, Embedding, "
           "BatchNormalization\nfrom keras.layers.advanced_activations import PReLU\n"
           "d = Dense(2)\nl = LSTM(3)\ng = GRU(3)\ne = Embedding(5, 2)\nn = BatchNormalization()\np = PReLU()\n"
           "x = [K.get_value(d.W), d.b, l.W, l.U, l.b, g.U, e.W, n.running_mean, n.running_std, n.gamma, p.alphas]\n")
    code = migrate_source(src).code
    assert ("x = [keras.ops.convert_to_numpy(d.kernel), d.bias, l.cell.kernel, l.cell.recurrent_kernel, "
            "l.cell.bias, g.cell.recurrent_kernel, e.embeddings, n.moving_mean, n.moving_variance, n.gamma, "
            "p.alpha]\n") in code


def test_layers_of_unknown_class_rewritten_only_when_the_file_agrees() -> None:
    dense_only = ("from keras.layers import Dense\nfrom keras.models import Sequential\n"
                  "m = Sequential([Dense(2, input_dim=3)])\nw = m.layers[0].W\nb = m.get_layer('d').b\n"
                  "for layer in m.layers:\n    print(layer.W)\n")
    result = migrate_source(dense_only)
    assert "w = m.layers[0].kernel\nb = m.get_layer('d').bias\n" in result.code
    assert "    print(layer.kernel)\n" in result.code
    assert not [w for w in result.warnings if w.rule == "weights"]
    mixed = dense_only.replace("import Dense\n", "import Dense, Embedding\n")
    result = migrate_source(mixed)
    assert "w = m.layers[0].W\n" in result.code and "b = m.get_layer('d').bias\n" in result.code
    lines = {w.line: w.message for w in result.warnings if w.rule == "weights"}
    assert sorted(lines) == [4, 7]
    assert lines[4] == "m.layers[...].W: Keras 3 layers have no .W; Dense: .kernel; Embedding: .embeddings"


def test_per_gate_and_assigned_attributes_are_reported() -> None:
    src = ("import numpy as np\nfrom keras.layers import LSTM, Dense\nl = LSTM(3)\nd = Dense(2)\n"
           "i = l.W_i\nd.W = np.zeros((3, 2))\nd.W, d.b = w, b\nd.b += 1\n")
    result = migrate_source(src)
    assert "i = l.W_i\nd.W = np.zeros((3, 2))\nd.W, d.b = w, b\nd.b += 1\n" in result.code
    lines = {w.line: w.message for w in result.warnings if w.rule == "weights"}
    assert "cell.kernel[..., :units]" in lines[5] and "gates i, f, c, o" in lines[5]
    assert "d.kernel.assign(array)" in lines[6]
    assert sorted(lines) == [5, 6, 7, 8] and "d.bias.assign(array)" in lines[8]


def test_an_aliased_class_counts() -> None:
    src = "from keras.layers import recurrent\nRNN = recurrent.LSTM\nr = RNN(4)\nw = r.get_weights()\n"
    assert [line for line, _ in _weights_warnings(src)] == [4]


def test_custom_layers_and_other_objects_are_not_touched() -> None:
    src = ("from keras.layers import Layer, Dense\nd = Dense(2)\n\n\nclass Scale(Layer):\n"
           "    def build(self, input_shape):\n        self.W = self.add_weight((3,), 'one')\n"
           "        w = self.W\n        return self.get_weights()\n\n\nparams = load()\nt = params.W + params.b\n")
    result = migrate_source(src)
    assert "        w = self.W\n" in result.code and "t = params.W + params.b\n" in result.code
    assert not [w for w in result.warnings if w.rule == "weights"]


def test_report_lines_are_the_statements_and_weight_lists_count_when_indexed() -> None:
    src = ("from keras.layers import LSTM\nfrom keras.models import Sequential\nm = Sequential([LSTM(4, input_dim=2)])\n"
           "for layer in m.layers:\n    orig_layer = layer\n    layer.set_weights(orig_layer.get_weights())\n"
           "    W = orig_layer.get_weights()\n    shape = layer.get_weights()[0].shape\n"
           "updates = opt.get_updates(m.trainable_weights, [], loss)\nfirst = m.trainable_weights[0]\n")
    assert [line for line, _ in _weights_warnings(src)] == [7, 8, 10]


def test_statements_are_walked_through_the_pre_filter() -> None:
    """A file mostly without Keras: the pre-filter skips statements, not these."""
    filler = "".join(f"def helper{i}(x):\n    return x + {i}\n\n\n" for i in range(40))
    src = ("from keras.layers import Dense, LSTM\nd = Dense(2)\nl = LSTM(3)\n" + filler
           + "k = d.W\nr = m.layers[0].U\nw = l.get_weights()\n")
    result = migrate_source(src)
    assert result.code.endswith("k = d.kernel\nr = m.layers[0].cell.recurrent_kernel\nw = l.get_weights()\n")
    assert [w.line for w in result.warnings if w.rule == "weights"] == [src.count("\n")]
