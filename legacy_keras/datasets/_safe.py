"""Dataset files read without running code: only numpy arrays and plain containers are rebuilt.

Keras 3's ``imdb.npz`` / ``reuters.npz`` hold ragged sequences as ``dtype=object`` arrays,
which numpy stores as pickle streams; ``np.load(..., allow_pickle=True)`` would run whatever a
tampered cache file's pickle names (``os.system``, ``builtins.eval``...), and anyone who can
write ``~/.keras/datasets`` could then run code in the user's process.  This loader reads
numeric members with pickling off and object members with an unpickler that can only build
numpy arrays (the three globals numpy's own array pickles use); anything else is refused
with a one-line :class:`UnsafeDatasetFile` naming the file and the global.  CIFAR batches
(pickled dicts of arrays) are read the same way.
"""
from __future__ import annotations

import io
import pickle
import zipfile
from typing import Any, BinaryIO

import numpy as np

#: The globals a numpy array's pickle needs (numpy < 2 and >= 2 spellings).
ALLOWED_GLOBALS = frozenset({
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
})


class UnsafeDatasetFile(ValueError):
    """A dataset cache file that asks to rebuild something other than numpy arrays."""


class _ArraysOnlyUnpickler(pickle.Unpickler):
    def __init__(self, file: BinaryIO, source: str, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        self._source = source

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise UnsafeDatasetFile(
            f"{self._source}: refused to load: it asks to rebuild `{module}.{name}`, not numpy "
            "arrays (a corrupted or tampered dataset cache file; delete it to download it again)")


def _read_member(raw: BinaryIO, source: str) -> np.ndarray:
    buffer = io.BytesIO(raw.read())
    version = np.lib.format.read_magic(buffer)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(buffer)
    else:  # 2.0 and 3.0 share the header layout
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(buffer)
    if not dtype.hasobject:
        buffer.seek(0)
        return np.lib.format.read_array(buffer, allow_pickle=False)
    return _ArraysOnlyUnpickler(buffer, source, encoding="latin1").load()


def load_npz(path: str) -> dict[str, np.ndarray]:
    """Every ``.npy`` member of the ``.npz`` at ``path``; object arrays rebuilt safely."""
    arrays: dict[str, np.ndarray] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(".npy"):
                    with archive.open(member) as raw:
                        arrays[member[:-4]] = _read_member(raw, f"{path}:{member}")
    except (zipfile.BadZipFile, pickle.UnpicklingError, EOFError) as error:
        raise UnsafeDatasetFile(f"{path}: not a readable .npz dataset file ({error})") from None
    return arrays


def load_pickle(path: str, encoding: str = "bytes") -> Any:
    """A pickle file holding only containers and numpy arrays (CIFAR batches)."""
    with open(path, "rb") as handle:
        return _ArraysOnlyUnpickler(handle, path, encoding=encoding).load()
