"""``keras.datasets.imdb`` with the Keras 1 arguments (``nb_words``: Keras 3 silently ignores it).

Raw reviews come from Keras 3's ``imdb.npz`` download; shuffling, indexing and
filtering follow Keras 1.2.2 exactly, including its split quirk: after ``maxlen``
filtering the train/test boundary is still the *original* train size.
"""
from __future__ import annotations

import numpy as np

from legacy_keras.datasets import _check_path, _keras1_sequences, _keras3_file
from legacy_keras.datasets._safe import load_npz


def load_data(path: str = "imdb_full.pkl", nb_words: int | None = None, skip_top: int = 0,
              maxlen: int | None = None, seed: int = 113, start_char: int | None = 1,
              oov_char: int | None = 2, index_from: int = 3):
    _check_path(path, "imdb_full.pkl", "imdb")
    f = load_npz(_keras3_file("imdb"))  # rebuilds numpy arrays only, never other pickled objects
    x_train, labels_train = list(f["x_train"]), list(f["y_train"])
    x_test, labels_test = list(f["x_test"]), list(f["y_test"])
    x_train = [list(x) for x in x_train]
    x_test = [list(x) for x in x_test]
    np.random.seed(seed)
    np.random.shuffle(x_train)
    np.random.seed(seed)
    np.random.shuffle(labels_train)
    np.random.seed(seed * 2)
    np.random.shuffle(x_test)
    np.random.seed(seed * 2)
    np.random.shuffle(labels_test)
    n_train = len(x_train)
    xs, labels = _keras1_sequences(x_train + x_test, labels_train + labels_test, nb_words,
                                   skip_top, maxlen, start_char, oov_char, index_from)
    return ((_object_array(xs[:n_train]), np.array(labels[:n_train])),
            (_object_array(xs[n_train:]), np.array(labels[n_train:])))


def _object_array(rows: list) -> np.ndarray:
    out = np.empty(len(rows), dtype=object)
    out[:] = rows
    return out


def get_word_index(path: str = "imdb_word_index.pkl") -> dict:
    import keras
    return keras.datasets.imdb.get_word_index()
