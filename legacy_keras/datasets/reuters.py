"""``keras.datasets.reuters`` with the Keras 1 arguments and results (Python lists).

Raw newswires come from Keras 3's ``reuters.npz`` download; shuffling, indexing,
filtering and the ``test_split`` cut follow Keras 1.2.2.
"""
from __future__ import annotations

import numpy as np

from legacy_keras.datasets import _check_path, _keras1_sequences, _keras3_file
from legacy_keras.datasets._safe import load_npz


def load_data(path: str = "reuters.pkl", nb_words: int | None = None, skip_top: int = 0,
              maxlen: int | None = None, test_split: float = 0.2, seed: int = 113,
              start_char: int | None = 1, oov_char: int | None = 2, index_from: int = 3):
    _check_path(path, "reuters.pkl", "reuters")
    f = load_npz(_keras3_file("reuters"))  # rebuilds numpy arrays only, never other pickled objects
    xs, labels = [list(x) for x in f["x"]], list(f["y"])
    np.random.seed(seed)
    np.random.shuffle(xs)
    np.random.seed(seed)
    np.random.shuffle(labels)
    xs, labels = _keras1_sequences(xs, labels, nb_words, skip_top, maxlen, start_char, oov_char,
                                   index_from)
    cut = int(len(xs) * (1 - test_split))
    return (xs[:cut], labels[:cut]), (xs[cut:], labels[cut:])


def get_word_index(path: str = "reuters_word_index.pkl") -> dict:
    import keras
    return keras.datasets.reuters.get_word_index()
