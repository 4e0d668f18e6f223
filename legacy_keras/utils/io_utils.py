"""``keras.utils.io_utils``: ``HDF5Matrix`` and friends.

Keras 3 dropped ``HDF5Matrix``; it is reimplemented here with h5py
(opened through ``legacy_keras.saving.hdf5.open_hdf5``) (Keras 1
semantics: a row slice ``[start:end]`` of a dataset, optional normalizer).  Pass
it to ``fit`` with ``shuffle='batch'`` as in Keras 1, or convert with ``np.asarray``.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable

import numpy as np

from legacy_keras.saving.hdf5 import open_hdf5


class HDF5Matrix:
    """An array-like view of rows ``start:end`` of an HDF5 dataset."""

    refs: dict = defaultdict(int)

    def __init__(self, datapath: str, dataset: str, start: int = 0, end: int | None = None,
                 normalizer: Callable | None = None):
        if datapath not in self.refs:
            self.refs[datapath] = open_hdf5(datapath, "r")
        self.data = self.refs[datapath][dataset]
        self.start = start
        self.end = self.data.shape[0] if end is None else end
        self.normalizer = normalizer

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, key: Any) -> np.ndarray:
        if isinstance(key, slice):
            start = 0 if key.start is None else key.start
            stop = len(self) if key.stop is None else key.stop
            if stop + self.start > self.end:
                raise IndexError
            idx: Any = slice(start + self.start, stop + self.start)
        elif isinstance(key, (int, np.integer)):
            if key + self.start >= self.end:
                raise IndexError
            idx = int(key) + self.start
        elif isinstance(key, (np.ndarray, list)):
            key = np.asarray(key)
            if np.max(key) + self.start >= self.end:
                raise IndexError
            idx = (self.start + key).tolist()
        else:
            raise TypeError(f"HDF5Matrix cannot be indexed with {type(key).__name__}")
        data = self.data[idx]
        return self.normalizer(data) if self.normalizer is not None else data

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        data = self[0:len(self)]
        return np.asarray(data, dtype=dtype)

    @property
    def shape(self) -> tuple:
        return (self.end - self.start,) + tuple(self.data.shape[1:])

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def ndim(self) -> int:
        return len(self.shape)


def save_array(array, name):
    raise NotImplementedError("save_array needed PyTables; use numpy.save or h5py instead.")


def load_array(name):
    raise NotImplementedError("load_array needed PyTables; use numpy.load or h5py instead.")


def ask_to_proceed_with_overwrite(filepath: str) -> bool:
    answer = input(f"[WARNING] {filepath} already exists - overwrite? [y/n]")
    while answer not in ("y", "n"):
        answer = input('Enter "y" (overwrite) or "n" (cancel).')
    return answer == "y"
