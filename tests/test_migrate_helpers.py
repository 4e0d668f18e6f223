"""Inserted helpers compute what Keras 1 computed (checked against legacy_keras's oracle-tested layers)."""
from __future__ import annotations

import pytest

from migrate.helpers import HELPERS


def _helper_namespace(*names: str) -> dict:
    keras = pytest.importorskip("keras")
    namespace: dict = {"keras": keras}
    for name in names:
        exec(compile(HELPERS[name], name, "exec"), namespace)
    return namespace


@pytest.mark.parametrize("activation", ["linear", "relu"])
def test_keras1_highway_matches_the_keras1_layer(activation: str) -> None:
    np = pytest.importorskip("numpy")
    keras = pytest.importorskip("keras")
    from legacy_keras.layers import Highway

    ns = _helper_namespace("Keras1Highway")
    rng = np.random.RandomState(0)
    x = rng.rand(4, 5).astype("float32")
    weights = [rng.uniform(-0.5, 0.5, s).astype("float32") for s in ((5, 5), (5, 5), (5,), (5,))]
    ours = ns["Keras1Highway"](activation=activation)
    ours.build((None, 5))
    ours.set_weights(weights)
    theirs = Highway(activation=activation, input_dim=5)
    model = keras.Sequential([keras.Input((5,)), theirs])
    theirs.set_weights(weights)
    np.testing.assert_allclose(np.asarray(ours(x)), model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


def test_keras1_highway_round_trips_through_a_keras_file(tmp_path) -> None:
    np = pytest.importorskip("numpy")
    keras = pytest.importorskip("keras")
    ns = _helper_namespace("Keras1Highway")
    model = keras.Sequential([keras.Input((3,)), ns["Keras1Highway"](activation="relu")])
    x = np.ones((2, 3), "float32")
    model.save(tmp_path / "m.keras")
    again = keras.saving.load_model(tmp_path / "m.keras")
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0))
