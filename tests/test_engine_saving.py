"""``model.save`` -> ``load_model`` of compiled legacy models, against Keras 1.2.2.

Fixtures: ``fixtures/oracle/engine/saving.{npz,json}`` made by
``fixtures/oracle/make_engine_saving.py``: the genuine Keras 1 trains a model,
saves and reloads it mid-way and trains on; Keras 1 restored the optimizer
state, so the numbers after the reload continue the same trajectory.  Here the
same run is replayed with a save/load through HDF5 (any name) and ``.keras``.
"""
from __future__ import annotations

import json
import pathlib
import warnings

import numpy as np
import pytest

from legacy_keras import metrics, objectives, optimizers
from legacy_keras.layers import Dense, Input, TimeDistributed
from legacy_keras.models import Model, Sequential, load_model

ORACLE = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "oracle" / "engine"
ARRAYS = np.load(ORACLE / "saving.npz")
CASES = json.loads((ORACLE / "saving.json").read_text())


def _weights(case: str, prefix: str) -> list[np.ndarray]:
    keys = sorted((k for k in ARRAYS.files if k.startswith(f"{case}/{prefix}w")),
                  key=lambda k: int(k.rsplit("w", 1)[1]))
    return [ARRAYS[k] for k in keys]


def _temporal():
    model = Sequential()
    model.add(TimeDistributed(Dense(2), input_shape=(5, 3)))
    model.compile(optimizer=optimizers.RMSprop(lr=0.0001), loss=objectives.MSE,
                  metrics=[metrics.categorical_accuracy], sample_weight_mode="temporal")
    a = "temporal/"
    return model, ARRAYS[a + "x"], ARRAYS[a + "y"], ARRAYS[a + "sw"]


def _sgd():
    model = Sequential([Dense(3, input_dim=4)])
    model.compile(optimizer=optimizers.SGD(lr=0.05, momentum=0.9, decay=0.3, nesterov=True),
                  loss="mse")
    return model, ARRAYS["sgd/x"], ARRAYS["sgd/y"], None


def _sgd_mid():
    model = Sequential([Dense(3, input_dim=4)])
    model.compile(optimizer=optimizers.SGD(lr=0.05, momentum=0.9, decay=0.3),
                  loss=objectives.mean_absolute_error)
    return model, ARRAYS["sgd_mid/x"], ARRAYS["sgd_mid/y"], None


def _functional():
    inp = Input(shape=(4,))
    hidden = Dense(5, activation="tanh")(inp)
    out_a = Dense(3, activation="softmax", name="a")(hidden)
    out_b = Dense(2, name="b")(hidden)
    model = Model(inp, [out_a, out_b])
    model.compile(optimizer=optimizers.Adam(lr=0.01),
                  loss=[objectives.categorical_crossentropy, objectives.MSE],
                  metrics=["accuracy"], loss_weights=[1.0, 0.5])
    f = "functional/"
    return model, ARRAYS[f + "x"], [ARRAYS[f + "ya"], ARRAYS[f + "yb"]], None


BUILDERS = {"temporal": _temporal, "sgd": _sgd, "sgd_mid": _sgd_mid, "functional": _functional}


@pytest.mark.parametrize("suffix", ["m.h5", "m.keras", "model.hdf5"])
@pytest.mark.parametrize("case", sorted(BUILDERS))
def test_save_load_resumes_keras1_trajectory(case, suffix, tmp_path):
    """Outputs and weights after the reload follow Keras 1's uninterrupted run."""
    meta = CASES[case]
    model, x, y, sw = BUILDERS[case]()
    model.set_weights(_weights(case, ""))
    expected_out = ARRAYS[f"{case}/out"]
    for step in range(meta["steps"]):
        if step == meta["save_at"]:
            before = model.predict(x)
            path = tmp_path / suffix
            with warnings.catch_warnings():
                warnings.filterwarnings("error", message=".*optimizer state not restored")
                warnings.filterwarnings("error", message="Skipping variable loading")
                model.save(str(path))
                model = load_model(str(path))
            after = model.predict(x)
            for i, (b, a) in enumerate(zip(before if isinstance(before, list) else [before],
                                           after if isinstance(after, list) else [after])):
                np.testing.assert_array_equal(a, b)
                np.testing.assert_allclose(a, ARRAYS[f"{case}/pred{i}"], rtol=1e-5, atol=1e-6)
            assert model.metrics_names == meta["metrics_names"]
            assert model.sample_weight_mode == meta["sample_weight_mode"]
        out = model.train_on_batch(x, y, sample_weight=sw)
        np.testing.assert_allclose(np.atleast_1d(out), expected_out[step], rtol=1e-4, atol=1e-6)
        for got, want in zip(model.get_weights(), _weights(case, f"after{step}/")):
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


def test_save_load_right_after_compile_has_same_updates(tmp_path):
    """A model saved untrained resumes exactly like the original (same first update)."""
    model, x, y, sw = _temporal()
    model.save(str(tmp_path / "m.h5"))
    loaded = load_model(str(tmp_path / "m.h5"))
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(loaded.train_on_batch(x, y, sample_weight=sw),
                               model.train_on_batch(x, y, sample_weight=sw), rtol=1e-6)
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_sequential_has_keras1_inner_model_after_compile():
    assert CASES["temporal"]["sequential_has_model"]
    model, x, _, _ = _temporal()
    assert model.model.optimizer is model.optimizer
    np.testing.assert_array_equal(model.model.predict(x), model.predict(x))


def test_sequential_model_attribute_needs_a_built_model():
    with pytest.raises(AttributeError):
        Sequential().model


@pytest.mark.parametrize("suffix", ["m.h5", "m.keras"])
def test_uncompiled_model_round_trip(suffix, tmp_path):
    model = Sequential([Dense(3, input_dim=4, activation="tanh")])
    model.set_weights(_weights("uncompiled", ""))
    model.save(str(tmp_path / suffix))
    loaded = load_model(str(tmp_path / suffix))
    np.testing.assert_allclose(loaded.predict(ARRAYS["uncompiled/x"]),
                               ARRAYS["uncompiled/pred0"], rtol=1e-5, atol=1e-6)
    assert (getattr(loaded, "optimizer", None) is not None) == CASES["uncompiled"]["has_optimizer"]


def test_keras1_optimizer_config_is_read_by_legacy_optimizers():
    """HDF5 training configs name ``legacy_keras>RMSprop`` with Keras 1 keys."""
    opt = optimizers.get({"class_name": "legacy_keras>RMSprop",
                          "config": {"lr": 0.0001, "rho": 0.9, "epsilon": 1e-8, "decay": 0.0}})
    assert isinstance(opt, optimizers.RMSprop)
    assert opt.get_config()["lr"] == pytest.approx(0.0001)


def _keras1_file_state(path: pathlib.Path) -> tuple[dict, list[np.ndarray]]:
    import h5py
    with h5py.File(path, "r") as handle:
        config = handle.attrs["training_config"]
        group = handle["optimizer_weights"]
        names = [n.decode() if isinstance(n, bytes) else n for n in group.attrs["weight_names"]]
        return json.loads(config), [np.asarray(group[n]) for n in names]


@pytest.mark.parametrize("case", ["temporal", "sgd_mid", "functional"])
def test_keras1_file_optimizer_state_is_restored(case):
    """A Keras 1 file saved mid-training: compile from its training_config with its
    optimizer_weights, and training continues on Keras 1's trajectory."""
    from legacy_keras.saving import restore_training_config
    path = ORACLE / f"saving_{case}.h5"
    meta = CASES[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = load_model(str(path), compile=False)
    training_config, optimizer_weights = _keras1_file_state(path)
    assert restore_training_config(model, training_config, optimizer_weights) is None
    assert model.metrics_names == meta["metrics_names"]
    assert model.sample_weight_mode == meta["sample_weight_mode"]
    _, x, y, sw = BUILDERS[case]()
    for step in range(meta["save_at"], meta["steps"]):
        out = model.train_on_batch(x, y, sample_weight=sw)
        np.testing.assert_allclose(np.atleast_1d(out), ARRAYS[f"{case}/out"][step],
                                   rtol=1e-4, atol=1e-6)
        for got, want in zip(model.get_weights(), _weights(case, f"after{step}/")):
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
