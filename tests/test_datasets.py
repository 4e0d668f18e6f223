"""keras.datasets (imdb, reuters, mnist, cifar) vs genuine Keras 1.2.2, without network.

Keras 3's ``get_file`` is replaced by one returning small files written here; the raw
corpus is the one the oracle fed to Keras 1's loaders (as its pickle).
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES

J = json.loads((FIXTURES / "oracle" / "ecosystem" / "datasets.json").read_text())


def _ragged(rows):
    out = np.empty(len(rows), dtype=object)
    out[:] = [list(r) for r in rows]
    return out


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    import keras.src.datasets.imdb as k3imdb
    import keras.src.datasets.reuters as k3reuters
    (xtr, ytr), (xte, yte) = J["imdb_raw"]
    ipath = tmp_path / "imdb.npz"
    np.savez(ipath, x_train=_ragged(xtr), y_train=np.array(ytr), x_test=_ragged(xte), y_test=np.array(yte))
    rx, ry = J["reuters_raw"]
    rpath = tmp_path / "reuters.npz"
    np.savez(rpath, x=_ragged(rx), y=np.array(ry))
    calls = []
    monkeypatch.setattr(k3imdb, "get_file", lambda *a, **k: calls.append(k.get("origin")) or str(ipath))
    monkeypatch.setattr(k3reuters, "get_file", lambda *a, **k: calls.append(k.get("origin")) or str(rpath))
    return calls


@pytest.mark.parametrize("label", sorted(J["arg_sets"]))
def test_imdb_matches_keras1(corpus, label):
    from legacy_keras.datasets import imdb
    (a, b), (c, d) = imdb.load_data(**J["arg_sets"][label])
    (ea, eb), (ec, ed) = J[f"imdb/{label}"]
    assert [list(map(int, x)) for x in a] == ea and list(map(int, b)) == eb
    assert [list(map(int, x)) for x in c] == ec and list(map(int, d)) == ed
    assert corpus and corpus[0].endswith("imdb.npz")  # Keras 3's own download origin


@pytest.mark.parametrize("label", sorted(J["arg_sets"]))
def test_reuters_matches_keras1(corpus, label):
    from legacy_keras.datasets import reuters
    kwargs = dict(J["arg_sets"][label])
    if label == "default":
        kwargs["test_split"] = 0.3
    (a, b), (c, d) = reuters.load_data(**kwargs)
    (ea, eb), (ec, ed) = J[f"reuters/{label}"]
    assert [list(map(int, x)) for x in a] == ea and list(map(int, b)) == eb
    assert [list(map(int, x)) for x in c] == ec and list(map(int, d)) == ed


def test_imdb_maxlen_too_small_raises(corpus):
    from legacy_keras.datasets import imdb
    with pytest.raises(ValueError, match="Increase maxlen"):
        imdb.load_data(maxlen=1)


@pytest.mark.parametrize("ordering,shape", [("th", (4, 3, 32, 32)), ("tf", (4, 32, 32, 3))])
def test_cifar10_follows_keras1_dim_ordering(monkeypatch, ordering, shape):
    import keras
    from legacy_keras import _config
    from legacy_keras.datasets import cifar10
    x = np.arange(4 * 32 * 32 * 3, dtype="uint8").reshape(4, 32, 32, 3)
    y = np.array([[1], [2], [3], [4]], dtype="uint8")
    monkeypatch.setattr(keras.datasets.cifar10, "load_data", lambda: ((x, y), (x[:2], y[:2])))
    previous = _config.image_dim_ordering()
    _config.set_image_dim_ordering(ordering)
    try:
        (xt, yt), (xs, ys) = cifar10.load_data()
    finally:
        _config.set_image_dim_ordering(previous)
    assert xt.shape == shape and yt.shape == (4, 1) and xt.dtype == np.uint8
    if ordering == "th":
        np.testing.assert_array_equal(xt.transpose(0, 2, 3, 1), x)


def test_mnist_delegates_and_warns_on_keras1_pickle_name(monkeypatch):
    import keras
    from legacy_keras.datasets import mnist
    data = ((np.zeros((2, 28, 28), "uint8"), np.zeros(2, "uint8")), (np.zeros((1, 28, 28), "uint8"), np.zeros(1, "uint8")))
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: data)
    assert mnist.load_data() is data
    with pytest.warns(UserWarning, match="Python 2 pickle"):
        mnist.load_data("my_mnist.pkl.gz")


class _RunsCodeWhenUnpickled:
    """What a tampered cache file would carry: unpickling it calls ``exec``."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))


@pytest.mark.parametrize("dataset", ["imdb", "reuters"])
def test_cache_file_with_a_pickled_callable_is_refused_without_running_it(tmp_path, monkeypatch, dataset):
    import importlib
    k3 = importlib.import_module(f"keras.src.datasets.{dataset}")
    from legacy_keras.datasets import _safe
    loader = importlib.import_module(f"legacy_keras.datasets.{dataset}")
    marker = tmp_path / "code_ran"
    evil = np.empty(2, dtype=object)
    evil[:] = [[1, 2], _RunsCodeWhenUnpickled(marker)]
    path = tmp_path / f"{dataset}.npz"
    if dataset == "imdb":
        np.savez(path, x_train=evil, y_train=np.array([0, 1]), x_test=evil, y_test=np.array([0, 1]))
    else:
        np.savez(path, x=evil, y=np.array([0, 1]))
    monkeypatch.setattr(k3, "get_file", lambda *a, **k: str(path))
    with pytest.raises(_safe.UnsafeDatasetFile) as caught:
        loader.load_data()
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message and "builtins.exec" in message
    assert not marker.exists()  # nothing in the file was executed


def test_cifar_load_batch_reads_arrays_and_refuses_callables(tmp_path):
    import pickle

    from legacy_keras.datasets import _safe
    from legacy_keras.datasets.cifar import load_batch
    data = np.arange(2 * 3072, dtype=np.uint8).reshape(2, 3072)
    good = tmp_path / "data_batch_1"
    good.write_bytes(pickle.dumps({b"data": data, b"labels": [3, 7]}, protocol=3))  # as numpy .npy uses
    x, labels = load_batch(str(good))
    assert x.shape == (2, 3, 32, 32) and labels == [3, 7]
    np.testing.assert_array_equal(x.reshape(2, 3072), data)
    bad = tmp_path / "data_batch_2"
    marker = tmp_path / "code_ran"
    bad.write_bytes(pickle.dumps({b"data": _RunsCodeWhenUnpickled(marker), b"labels": []}))
    with pytest.raises(_safe.UnsafeDatasetFile, match="refused"):
        load_batch(str(bad))
    assert not marker.exists()
