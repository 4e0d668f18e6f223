"""``keras.datasets``: Keras 1 loaders on top of Keras 3's downloads.

Every file comes through Keras 3's own loader code path (same URL, cache file and
checksum, see :func:`_keras3_file`), never a second download path.  Keras 1 used
Python 2 pickles (``imdb_full.pkl``, ``reuters.pkl``, ``mnist.pkl.gz``) that hold
the same data as Keras 3's ``.npz`` files; the Keras 1 post-processing
(shuffling with ``seed``/``seed*2``, ``start_char``/``index_from``, ``maxlen``,
``nb_words``/``skip_top`` with ``oov_char``, split points) is re-applied to the raw
arrays, and images come back in the Keras 1 ``image_dim_ordering``.
"""
from __future__ import annotations

import importlib
from typing import Any

import numpy as np

from legacy_keras._keras3 import dataset_module


class _Found(Exception):
    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


def _keras3_file(name: str) -> str:
    """Local path of the file Keras 3's ``keras.datasets.<name>.load_data`` downloads.

    Runs Keras 3's loader with its ``get_file`` observed, and stops it once the file is
    there: the URL, cache location and hash stay Keras 3's.
    """
    module = dataset_module(name)
    original = module.get_file

    def observe(*args: Any, **kwargs: Any) -> str:
        raise _Found(original(*args, **kwargs))

    module.get_file = observe
    try:
        module.load_data()
    except _Found as found:
        return found.path
    finally:
        module.get_file = original
    raise RuntimeError(f"keras.datasets.{name}: could not locate the data file")


def _check_path(path: str, keras1_default: str, module: str) -> None:
    if path not in (keras1_default, None) and path.endswith((".pkl", ".pkl.gz")):
        import warnings
        warnings.warn(f"keras.datasets.{module}: the Keras 1 pickle {path!r} (a Python 2 pickle) is "
                      f"not used; the data comes from Keras 3's {module} download instead.")


def _keras1_sequences(xs: list, labels: list, nb_words, skip_top, maxlen, start_char, oov_char,
                      index_from) -> tuple[list, list]:
    """Keras 1 word-index post-processing shared by imdb and reuters."""
    if start_char is not None:
        xs = [[start_char] + [w + index_from for w in x] for x in xs]
    elif index_from:
        xs = [[w + index_from for w in x] for x in xs]
    if maxlen:
        kept = [(x, y) for x, y in zip(xs, labels) if len(x) < maxlen]
        xs = [x for x, _ in kept]
        labels = [y for _, y in kept]
    if not xs:
        raise ValueError(f"After filtering for sequences shorter than maxlen={maxlen}, "
                         "no sequence was kept. Increase maxlen.")
    if not nb_words:
        nb_words = max(max(x) for x in xs)
    if oov_char is not None:
        xs = [[oov_char if (w >= nb_words or w < skip_top) else w for w in x] for x in xs]
    else:
        # Keras 1.2.2 kept the *out-of-range* words here (an inverted test, fixed in
        # Keras 2); we keep the in-range ones, which is what its docstring promised.
        xs = [[w for w in x if skip_top <= w < nb_words] for x in xs]
    return xs, labels
