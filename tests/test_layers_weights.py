"""Weights as Keras 1 code sees them (issue 14.9).

Keras 1.2.2's ``mnist_net2net`` example widens a trained network by weight
surgery on ``get_weights()`` arrays, indexing 'th' kernels as
``(nb_filter, stack, rows, cols)`` and asserting
``teacher_w1.shape[0] == teacher_b1.shape[0]``.  This file reproduces that
pattern with its own small Net2WiderNet (function-preserving: the student
must predict exactly what the teacher predicts), plus the model-level
``get_weights``/``set_weights`` order and ``layer.W`` views.  Per-layer
layouts against the genuine Keras 1.2.2 are in test_layers_conv/core/rnn.py
(``test_get_weights_returns_keras1_*``).
"""
from __future__ import annotations

import numpy as np
import pytest

from legacy_keras import backend as K
from legacy_keras.layers import BatchNormalization, Convolution2D, Dense, Flatten, LSTM
from legacy_keras.models import Sequential


def conv_net(width: int, fc_width: int) -> Sequential:
    model = Sequential()
    model.add(Convolution2D(width, 3, 3, input_shape=(1, 8, 8), dim_ordering="th",
                            activation="relu", name="conv1"))
    model.add(Convolution2D(3, 3, 3, dim_ordering="th", activation="relu", name="conv2"))
    model.add(Flatten(name="flatten"))
    model.add(Dense(fc_width, activation="relu", name="fc1"))
    model.add(Dense(2, name="fc2"))
    model.compile("sgd", "mse")
    return model


def wider_conv(w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, new_width: int, rng) -> tuple:
    """Net2WiderNet for conv -> conv in Keras 1 'th' layout (our own code, after the paper)."""
    assert w1.shape[0] == w2.shape[1], "successive layers should have compatible shapes"
    assert w1.shape[0] == b1.shape[0], "weight and bias from same layer should have compatible shapes"
    index = rng.randint(w1.shape[0], size=new_width - w1.shape[0])
    counts = np.bincount(np.r_[np.arange(w1.shape[0]), index])
    student_w1 = np.concatenate([w1, w1[index]], axis=0)
    student_b1 = np.concatenate([b1, b1[index]], axis=0)
    mapping = np.r_[np.arange(w1.shape[0]), index]
    student_w2 = w2[:, mapping] / counts[mapping][None, :, None, None]
    return student_w1, student_b1, student_w2


def wider_fc(w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, new_width: int, rng) -> tuple:
    """Net2WiderNet for dense -> dense: Keras 1 Dense kernels are (input_dim, output_dim)."""
    assert w1.shape[1] == w2.shape[0] and w1.shape[1] == b1.shape[0]
    index = rng.randint(w1.shape[1], size=new_width - w1.shape[1])
    mapping = np.r_[np.arange(w1.shape[1]), index]
    counts = np.bincount(mapping)
    return w1[:, mapping], b1[mapping], w2[mapping] / counts[mapping][:, None]


def test_net2net_wider_conv_and_dense_preserve_the_function():
    rng = np.random.RandomState(0)
    teacher = conv_net(4, 5)
    x = rng.uniform(0, 1, (3, 1, 8, 8)).astype("float32")
    teacher.fit(x, rng.uniform(-1, 1, (3, 2)).astype("float32"), nb_epoch=1, verbose=0)
    w_conv1, b_conv1 = teacher.get_layer("conv1").get_weights()
    w_conv2, b_conv2 = teacher.get_layer("conv2").get_weights()
    assert w_conv1.shape == (4, 1, 3, 3) and w_conv2.shape == (3, 4, 3, 3)  # Keras 1 'th'
    new_w1, new_b1, new_w2 = wider_conv(w_conv1, b_conv1, w_conv2, 6, rng)
    w_fc1, b_fc1 = teacher.get_layer("fc1").get_weights()
    w_fc2, b_fc2 = teacher.get_layer("fc2").get_weights()
    new_fc1, new_fb1, new_fc2 = wider_fc(w_fc1, b_fc1, w_fc2, 8, rng)

    student = conv_net(6, 8)
    student.get_layer("conv1").set_weights([new_w1, new_b1])
    student.get_layer("conv2").set_weights([new_w2, b_conv2])
    student.get_layer("fc1").set_weights([new_fc1, new_fb1])
    student.get_layer("fc2").set_weights([new_fc2, b_fc2])
    np.testing.assert_allclose(student.predict(x), teacher.predict(x), rtol=1e-5, atol=1e-6)


def test_model_get_weights_is_keras1_order_and_layout():
    model = Sequential([Dense(4, input_dim=3), BatchNormalization(), Dense(2)])
    model.compile("sgd", "mse")
    arrays = model.get_weights()
    # Keras 1: each layer's weights in turn (BatchNormalization: gamma, beta, mean, std)
    assert [a.shape for a in arrays] == [(3, 4), (4,), (4,), (4,), (4,), (4,), (4, 2), (2,)]
    assert [a.shape for a in arrays] == [w.shape for layer in model.layers for w in layer.get_weights()]
    changed = [a + i for i, a in enumerate(arrays)]
    model.set_weights(changed)
    for got, want in zip(model.get_weights(), changed):
        np.testing.assert_array_equal(got, want)
    assert len(model.get_keras3_weights()) == len(arrays)
    with pytest.raises(ValueError):
        model.set_weights(changed + [np.zeros(1)])


def test_model_get_weights_lists_lstm_gates():
    model = Sequential([LSTM(3, input_shape=(4, 2)), Dense(1)])
    assert len(model.get_weights()) == 12 + 2
    assert len(model.get_keras3_weights()) == 3 + 2
    model.set_weights(model.get_weights())


def test_layer_W_speaks_keras1_layout():
    conv = Convolution2D(4, 3, 2, dim_ordering="th", input_shape=(2, 6, 6))
    Sequential([conv])
    assert K.int_shape(conv.W) == (4, 2, 3, 2)
    value = K.get_value(conv.W)
    np.testing.assert_array_equal(value, conv.get_weights()[0])
    K.set_value(conv.W, np.ones((4, 2, 3, 2)) * np.arange(4)[:, None, None, None])
    assert conv.get_keras3_weights()[0].shape == (3, 2, 2, 4)
    np.testing.assert_array_equal(conv.get_keras3_weights()[0][0, 0, 0], np.arange(4))
    assert conv.W.variable is conv.kernel
    assert K.get_value(conv.b).shape == (4,)
    dense = Dense(3, input_dim=2)
    Sequential([dense])
    assert dense.W is dense.kernel  # same layout: the variable itself
    tf_conv = Convolution2D(4, 3, 3, dim_ordering="tf", input_shape=(6, 6, 2))
    Sequential([tf_conv])
    assert tf_conv.W is tf_conv.kernel
