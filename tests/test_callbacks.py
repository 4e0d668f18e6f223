"""Keras 1 callbacks vs genuine Keras 1.2.2 (fixed log sequences, and through ``fit``)."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from conftest import FIXTURES

J = json.loads((FIXTURES / "oracle" / "ecosystem" / "callbacks.json").read_text())


class Dummy:
    pass


def _model_with_lr(lr=0.1):
    from legacy_keras import backend as K
    m = Dummy()
    m.optimizer = Dummy()
    m.optimizer.lr = K.variable(lr)
    m.stop_training = False
    return m


@pytest.mark.parametrize("key", sorted(k for k in J["early_stopping"] if not k.startswith("val_acc")))
def test_early_stopping_stop_epoch_matches_keras1(key):
    from legacy_keras.callbacks import EarlyStopping
    name, patience, min_delta = key.split("/")
    cb = EarlyStopping(monitor="val_loss", patience=int(patience), min_delta=float(min_delta))
    m = Dummy()
    m.stop_training = False
    cb.set_model(m)
    cb.on_train_begin({})
    stop = None
    for epoch, v in enumerate(J["early_stopping_seqs"][name]):
        cb.on_epoch_end(epoch, {"val_loss": v})
        if m.stop_training:
            stop = epoch
            break
    assert stop == J["early_stopping"][key]


def test_early_stopping_auto_mode_maximises_acc():
    from legacy_keras.callbacks import EarlyStopping
    cb = EarlyStopping(monitor="val_acc", patience=1)
    m = Dummy()
    m.stop_training = False
    cb.set_model(m)
    cb.on_train_begin({})
    stop = None
    for epoch, v in enumerate([0.5, 0.6, 0.55, 0.58, 0.7]):
        cb.on_epoch_end(epoch, {"val_acc": v})
        if m.stop_training:
            stop = epoch
            break
    assert stop == J["early_stopping"]["val_acc/1"]


CKPT = {"plain": {}, "best": {"save_best_only": True},
        "best_acc": {"save_best_only": True, "monitor": "val_acc"}, "period2": {"period": 2},
        "weights": {"save_weights_only": True}, "best_max_loss": {"save_best_only": True, "mode": "max"}}


@pytest.mark.parametrize("label", sorted(CKPT))
def test_model_checkpoint_file_names_match_keras1(label):
    from legacy_keras.callbacks import ModelCheckpoint
    saved = []
    m = Dummy()
    m.save = lambda path, overwrite=True: saved.append(["model", path])
    m.save_weights = lambda path, overwrite=True: saved.append(["weights", path])
    cb = ModelCheckpoint("w.{epoch:02d}-{val_loss:.2f}.hdf5", **CKPT[label])
    cb.set_model(m)
    for epoch, logs in enumerate(J["checkpoint_logs"]):
        cb.on_epoch_end(epoch, dict(logs))
    assert saved == J["checkpoint"][label]


REDUCE = {"p1": {"patience": 1}, "p2_cool1": {"patience": 2, "cooldown": 1},
          "p0_min": {"patience": 0, "min_lr": 0.004, "factor": 0.5}, "eps_big": {"patience": 1, "epsilon": 0.2}}


@pytest.mark.parametrize("label", sorted(REDUCE))
def test_reduce_lr_on_plateau_matches_keras1(label):
    from legacy_keras import backend as K
    from legacy_keras.callbacks import ReduceLROnPlateau
    m = _model_with_lr()
    cb = ReduceLROnPlateau(monitor="val_loss", **REDUCE[label])
    cb.set_model(m)
    cb.on_train_begin({})
    lrs = []
    for epoch, v in enumerate(J["reduce_lr_seq"]):
        logs = {"val_loss": v}
        cb.on_epoch_end(epoch, logs)
        assert "lr" in logs
        lrs.append(float(K.get_value(m.optimizer.lr)))
    np.testing.assert_allclose(lrs, J["reduce_lr"][label], rtol=1e-5)


def test_learning_rate_scheduler_matches_keras1():
    from legacy_keras import backend as K
    from legacy_keras.callbacks import LearningRateScheduler
    m = _model_with_lr()
    cb = LearningRateScheduler(lambda epoch: 0.1 / (1.0 + epoch))
    cb.set_model(m)
    lrs = []
    for epoch in range(3):
        cb.on_epoch_begin(epoch, {})
        lrs.append(float(K.get_value(m.optimizer.lr)))
    np.testing.assert_allclose(lrs, J["scheduler"], rtol=1e-6)
    bad = LearningRateScheduler(lambda epoch: 1)
    bad.set_model(m)
    with pytest.raises(ValueError, match="should be float"):
        bad.on_epoch_begin(0, {})


def test_csv_logger_text_matches_keras1(tmp_path):
    from legacy_keras.callbacks import CSVLogger
    path = str(tmp_path / "log.csv")
    for append in (False, True):
        cb = CSVLogger(path, separator=";", append=append)
        cb.on_train_begin({})
        for epoch, logs in enumerate(J["checkpoint_logs"][:2]):
            cb.on_epoch_end(epoch, dict(logs))
        cb.on_train_end({})
    assert open(path).read().replace("\r\n", "\n") == J["csv"].replace("\r\n", "\n")


def test_base_logger_and_history():
    from legacy_keras.callbacks import BaseLogger, History
    bl = BaseLogger()
    bl.set_params({"metrics": ["loss", "acc"]})
    bl.on_epoch_begin(0)
    for i, (loss, acc, size) in enumerate([(1.0, 0.5, 4), (0.5, 1.0, 4), (0.2, 0.0, 2)]):
        bl.on_batch_end(i, {"batch": i, "size": size, "loss": loss, "acc": acc})
    logs = {}
    bl.on_epoch_end(0, logs)
    assert logs == pytest.approx(J["base_logger"])
    h = History()
    h.on_train_begin()
    h.on_epoch_end(0, {"loss": 1.0})
    h.on_epoch_end(1, {"loss": 0.5})
    assert h.epoch == [0, 1] and h.history == {"loss": [1.0, 0.5]}


def test_lambda_callback_and_callback_list():
    from legacy_keras.callbacks import CallbackList, LambdaCallback
    seen = []
    cb = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append((epoch, logs["loss"])))
    cl = CallbackList([cb])
    cl.set_params({})
    cl.set_model(None)
    cl.on_train_begin()
    cl.on_epoch_begin(0)
    cl.on_batch_begin(0)
    cl.on_batch_end(0)
    cl.on_epoch_end(0, {"loss": 2.0})
    cl.on_train_end()
    assert seen == [(0, 2.0)]


def _data():
    np.random.seed(0)
    X = np.random.rand(10, 3).astype("float32")
    Y = (np.random.rand(10, 1) > 0.5).astype("float32")
    return X, Y


def _model():
    from legacy_keras.layers import Dense
    from legacy_keras.models import Sequential
    model = Sequential([Dense(1, input_dim=3, activation="sigmoid")])
    model.compile("sgd", "binary_crossentropy", metrics=["accuracy"])
    return model


class Recorder:
    """Built on our Callback: records what fit hands to a Keras 1 callback."""

    def __new__(cls):
        from legacy_keras.callbacks import Callback

        class _Recorder(Callback):
            def on_train_begin(self, logs=None):
                self.seen = {"params": dict(self.params), "batch_logs": []}

            def on_batch_end(self, batch, logs=None):
                self.seen["batch_keys"] = sorted(logs.keys())
                self.seen["batch_logs"].append({"batch": int(logs["batch"]), "size": int(logs["size"])})

            def on_epoch_end(self, epoch, logs=None):
                self.seen["epoch_keys"] = sorted(logs.keys())
        return _Recorder()


def test_fit_hands_keras1_params_and_logs_to_callbacks():
    X, Y = _data()
    rec = Recorder()
    _model().fit(X, Y, batch_size=4, nb_epoch=2, verbose=0, validation_split=0.2, callbacks=[rec])
    for key in ("params", "batch_keys", "epoch_keys", "batch_logs"):
        assert rec.seen[key] == J["fit"][key], key


def test_fit_generator_hands_keras1_params_to_callbacks():
    X, Y = _data()
    rec = Recorder()

    def gen():
        while True:
            yield X[:4], Y[:4]
    _model().fit_generator(gen(), samples_per_epoch=8, nb_epoch=1, verbose=0, callbacks=[rec])
    assert rec.seen["params"] == J["fit_generator"]["params"]


def test_checkpoint_and_csv_through_fit_then_reload(tmp_path):
    from legacy_keras.callbacks import CSVLogger, EarlyStopping, ModelCheckpoint
    from legacy_keras.models import load_model
    X, Y = _data()
    model = _model()
    ck = ModelCheckpoint(str(tmp_path / "w.{epoch:02d}.hdf5"))
    wk = ModelCheckpoint(str(tmp_path / "weights.{epoch:02d}.hdf5"), save_weights_only=True, period=2)
    csv_path = tmp_path / "log.csv"
    model.fit(X, Y, batch_size=4, nb_epoch=3, verbose=0, validation_split=0.2,
              callbacks=[ck, wk, CSVLogger(str(csv_path)), EarlyStopping(patience=5)])
    names = sorted(os.listdir(tmp_path))
    assert names == ["log.csv", "w.00.hdf5", "w.01.hdf5", "w.02.hdf5", "weights.01.hdf5"]
    header, *rows = csv_path.read_text().splitlines()
    assert header == "epoch,acc,loss,val_acc,val_loss" and len(rows) == 3
    reloaded = load_model(str(tmp_path / "w.02.hdf5"))
    np.testing.assert_allclose(reloaded.predict(X), model.predict(X), rtol=1e-5)
    fresh = _model()
    fresh.load_weights(str(tmp_path / "weights.01.hdf5"))
    assert fresh.predict(X).shape == (10, 1)


def test_tensorboard_writes_event_files(tmp_path):
    import tensorboard  # noqa: F401  (a dependency: never skipped)
    from legacy_keras.callbacks import TensorBoard
    X, Y = _data()
    _model().fit(X, Y, batch_size=4, nb_epoch=1, verbose=0,
                 callbacks=[TensorBoard(log_dir=str(tmp_path), histogram_freq=0)])
    events = [f for _, _, files in os.walk(tmp_path) for f in files if "tfevents" in f]
    assert events, list(os.walk(tmp_path))


def test_tensorboard_without_package_says_what_to_install(monkeypatch):
    import builtins
    from legacy_keras.callbacks import TensorBoard
    real_import = builtins.__import__

    def no_tb(name, *args, **kwargs):
        if name == "tensorboard":
            raise ImportError("no tensorboard")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_tb)
    with pytest.raises(ImportError, match="pip install tensorboard"):
        TensorBoard(log_dir="./logs")
