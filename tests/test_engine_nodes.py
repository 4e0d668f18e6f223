"""The Keras 1 tensor and node API, against Keras 1.2.2 (``fixtures/oracle/engine/nodes.*``,
made by ``fixtures/oracle/make_engine_nodes.py``)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES

import legacy_keras.engine.training as training
from legacy_keras import backend as K
from legacy_keras.engine.topology import Layer
from legacy_keras.layers import LSTM, BatchNormalization, Dense, Dropout, Input
from legacy_keras.models import Model

ORACLE = FIXTURES / "oracle" / "engine"
EXPECTED = json.loads((ORACLE / "nodes.json").read_text())
ARRAYS = np.load(ORACLE / "nodes.npz")


class PenalizedIdentity(Layer):
    def call(self, x, mask=None):
        self.add_loss(K.sum(x), inputs=x)
        return x


@pytest.fixture
def graph():
    a = Input(shape=(3,), name="in_a")
    b = Input(shape=(3,), name="in_b")
    d = Dense(2, name="d")
    bn = BatchNormalization(name="bn")
    ya = bn(d(a))
    yb = bn(d(b))
    dropped = Dropout(0.5, name="drop")(ya)
    pen = PenalizedIdentity(name="pen")
    pa = pen(ya)
    return dict(a=a, b=b, d=d, bn=bn, ya=ya, yb=yb, dropped=dropped, pen=pen, pa=pa)


def _listed(value):
    return [list(v) if isinstance(v, tuple) else v for v in value]


def test_keras_shape_of_symbolic_tensors(graph):
    expected = EXPECTED["keras_shape"]
    assert list(graph["a"]._keras_shape) == expected["a"]
    assert list(graph["ya"]._keras_shape) == expected["ya"]


def test_nodes_name_their_layers_and_indices(graph):
    expected = EXPECTED["node"]
    d, bn = graph["d"], graph["bn"]
    node = d.inbound_nodes[1]
    assert [l.name for l in node.inbound_layers] == expected["inbound_layers"]
    assert node.node_indices == expected["node_indices"]
    assert node.tensor_indices == expected["tensor_indices"]
    assert node.outbound_layer.name == expected["outbound_layer"]
    assert [n.outbound_layer.name for n in d.outbound_nodes] == expected["d_outbound"]
    assert [l.name for l in bn.inbound_nodes[1].inbound_layers] == expected["bn_inbound_layers_1"]
    assert _listed(node.input_shapes) == expected["input_shapes"]
    assert _listed(node.output_shapes) == expected["output_shapes"]
    assert list(d.get_input_shape_at(1)) == expected["input_shape_at_1"]
    assert list(bn.get_output_shape_at(0)) == expected["output_shape_at_0"]


def test_uses_learning_phase_of_layers_and_tensors(graph):
    expected = EXPECTED["uses_learning_phase"]
    got = {"d": graph["d"].uses_learning_phase, "bn": graph["bn"].uses_learning_phase,
           "drop": graph["dropped"]._keras_history[0].uses_learning_phase,
           "lstm": LSTM(2).uses_learning_phase,
           "lstm_dropout": LSTM(2, dropout_W=0.2).uses_learning_phase,
           "tensor_d": graph["d"].get_output_at(0)._uses_learning_phase,
           "tensor_ya": graph["ya"]._uses_learning_phase,
           "tensor_dropped": graph["dropped"]._uses_learning_phase}
    assert got == expected


def test_updates_of_a_shared_batchnormalization(graph):
    expected = EXPECTED["updates"]
    a, b, d, bn = graph["a"], graph["b"], graph["d"], graph["bn"]
    both = Model([a, b], [graph["ya"], graph["yb"]])
    only_a = Model(a, graph["ya"])
    got = {"bn": len(bn.updates), "both": len(both.updates), "only_a": len(only_a.updates),
           "bn_for_a": len(bn.get_updates_for(d.get_output_at(0))),
           "bn_for_none": len(bn.get_updates_for(None))}
    assert got == expected


def test_model_updates_run_in_a_backend_function_like_keras1(graph):
    a, d = graph["a"], graph["d"]
    only_a = Model(a, graph["ya"])
    d.set_weights([ARRAYS["d/w0"], ARRAYS["d/w1"]])
    fn = K.function([a], [d.get_output_at(0)], updates=only_a.updates)
    fn([ARRAYS["x"]])
    bn = graph["bn"]
    np.testing.assert_allclose(np.asarray(bn.moving_mean), ARRAYS["bn/running_mean"], rtol=1e-5)
    # Keras 1 on Theano moved the variance towards var + epsilon (its batch-norm op returns
    # 1/stdinv**2); on TensorFlow towards var, as here: a (1 - momentum) * epsilon = 1e-5 gap.
    np.testing.assert_allclose(np.asarray(bn.moving_variance), ARRAYS["bn/running_var"],
                               rtol=0, atol=1.5e-5)


def test_losses_conditional_on_inputs(graph):
    expected = EXPECTED["losses"]
    pen = graph["pen"]
    assert len(pen.get_losses_for(graph["ya"])) == expected["pen_for_ya"]
    assert len(pen.get_losses_for(None)) == expected["pen_for_none"]


def test_keras1_training_module_names_exist():
    missing = [n for n in EXPECTED["training_names"] if not hasattr(training, n)]
    assert not missing


def test_training_helpers_behave_like_keras1():
    x = np.arange(6.)
    assert training.standardize_input_data(x, ["in"])[0].shape == (6, 1)
    assert training.standardize_input_data([1, 0, 1], ["out"])[0].shape == (3, 1)
    with pytest.raises(ValueError, match="expected in to have shape"):
        training.standardize_input_data(np.ones((2, 3)), ["in"], [(None, 4)])
    assert training.standardize_sample_weights(None, ["a", "b"]) == [None, None]
    assert training.collect_metrics(["acc"], ["a", "b"]) == [["acc"], ["acc"]]
    with pytest.raises(ValueError):
        training.check_array_lengths([np.ones(3)], [np.ones(4)], [None])
    with pytest.raises(ValueError, match="categorical_crossentropy"):
        training.check_loss_and_target_compatibility(
            [np.ones((4, 1))], [training._get_objective("categorical_crossentropy")], [(None, 3)])
    np.testing.assert_array_equal(
        training.standardize_weights(np.eye(3), class_weight={0: 1., 1: 2., 2: 3.}), [1., 2., 3.])
    shuffled = training.batch_shuffle(np.arange(10), 3)
    assert sorted(shuffled.tolist()) == list(range(10)) and shuffled[-1] == 9
    weighted = training.weighted_objective(training._get_objective("mse"))
    value = weighted(np.zeros((4, 1), "float32"), np.ones((4, 1), "float32"),
                     np.array([1., 0., 1., 0.], "float32"))
    assert float(value) == pytest.approx(1.0)


def test_generator_enqueuer_reads_ahead():
    enqueuer = training.GeneratorEnqueuer(iter(range(100)))
    enqueuer.start(nb_worker=1, max_q_size=5)
    first = enqueuer.queue.get(timeout=5)
    enqueuer.stop()
    assert first == 0


def test_custom_layer_may_assign_updates_like_keras1(graph):
    class Counter(Layer):
        def build(self, input_shape):
            self.count = K.variable(0.)
            self.updates = [(self.count, self.count + 1.)]
            super().build(input_shape)

        def call(self, x, mask=None):
            return x
    layer = Counter()
    out = layer(graph["a"])
    assert len(layer.updates) == 1 and len(Model(graph["a"], out).updates) == 1
