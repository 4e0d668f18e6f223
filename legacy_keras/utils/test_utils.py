"""``keras.utils.test_utils``: ``get_test_data``, ``layer_test``, ``keras_test`` (Keras 1 test helpers).

Keras 1 projects' own test suites import these; ``layer_test`` follows Keras 1's
routine (build, functional model, predict, compare, Sequential, re-create from config).
"""
from __future__ import annotations

import functools

from typing import Any, Callable

import numpy as np
from numpy.testing import assert_allclose


def get_test_data(nb_train: int = 1000, nb_test: int = 500, input_shape=(10,), output_shape=(2,),
                  classification: bool = True, nb_class: int = 2):
    nb_sample = nb_train + nb_test
    if classification:
        y = np.random.randint(0, nb_class, size=(nb_sample,))
        X = np.zeros((nb_sample,) + tuple(input_shape))
        for i in range(nb_sample):
            X[i] = np.random.normal(loc=y[i], scale=0.7, size=input_shape)
    else:
        y_loc = np.random.random((nb_sample,))
        X = np.zeros((nb_sample,) + tuple(input_shape))
        y = np.zeros((nb_sample,) + tuple(output_shape))
        for i in range(nb_sample):
            X[i] = np.random.normal(loc=y_loc[i], scale=0.7, size=input_shape)
            y[i] = np.random.normal(loc=y_loc[i], scale=0.7, size=output_shape)
    return (X[:nb_train], y[:nb_train]), (X[nb_train:], y[nb_train:])


def layer_test(layer_cls: Any, kwargs: dict | None = None, input_shape=None, input_dtype=None,
               input_data=None, expected_output=None, expected_output_dtype=None,
               fixed_batch_size: bool = False) -> np.ndarray:
    """Keras 1 layer test routine for a single-input, single-output layer."""
    from legacy_keras import backend as K
    from legacy_keras.engine.topology import Input
    from legacy_keras.models import Model, Sequential

    kwargs = dict(kwargs or {})
    if input_data is None:
        assert input_shape
        input_dtype = input_dtype or K.floatx()
        shape = [np.random.randint(1, 4) if e is None else e for e in input_shape]
        input_data = (10 * np.random.random(shape)).astype(input_dtype)
    elif input_shape is None:
        input_shape = input_data.shape
    input_dtype = input_dtype or str(input_data.dtype)
    if expected_output_dtype is None:
        expected_output_dtype = input_dtype

    layer = layer_cls(**kwargs)
    if fixed_batch_size:
        x = Input(batch_shape=input_shape, dtype=input_dtype)
    else:
        x = Input(shape=input_shape[1:], dtype=input_dtype)
    y = layer(x)
    assert K.dtype(y) == expected_output_dtype, (K.dtype(y), expected_output_dtype)
    layer.set_weights(layer.get_weights())
    model = Model(input=x, output=y)
    model.compile("rmsprop", "mse")
    actual_output = model.predict(input_data)
    expected_shape = tuple(y.shape)
    for expected_dim, actual_dim in zip(expected_shape, actual_output.shape):
        if expected_dim is not None:
            assert expected_dim == actual_dim
    if expected_output is not None:
        assert_allclose(actual_output, expected_output, rtol=1e-3)

    layer.__class__.from_config(layer.get_config())
    batch_shape = tuple(input_shape) if fixed_batch_size else (None,) + tuple(input_shape[1:])
    model2 = Sequential()
    model2.add(layer_cls(**dict(kwargs, batch_input_shape=batch_shape)))
    model2.compile("rmsprop", "mse")
    model2.predict(input_data)
    return actual_output


def keras_test(func: Callable) -> Callable:
    """Run a test, then clear the Keras session (as Keras 1 did on TensorFlow)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from legacy_keras import backend as K
        output = func(*args, **kwargs)
        K.clear_session()
        return output
    return wrapper
