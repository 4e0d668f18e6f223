"""``keras.utils.data_utils.get_file`` with the Keras 1 signature.

Delegates to ``keras.utils.get_file`` so there is a single download/cache path
(``~/.keras/datasets`` by default).
"""
from __future__ import annotations

import keras


def get_file(fname: str, origin: str, untar: bool = False, md5_hash: str | None = None,
             cache_subdir: str = "datasets") -> str:
    """Download ``origin`` into ``~/.keras/<cache_subdir>/<fname>`` unless cached; return the path.

    Keras 1 ``untar=True`` returned the extracted folder (path without ``.tar.gz``).
    """
    return keras.utils.get_file(fname, origin, untar=untar, md5_hash=md5_hash,
                                cache_subdir=cache_subdir)


def validate_file(fpath: str, md5_hash: str) -> bool:
    from legacy_keras._keras3 import validate_file as _validate
    return _validate(fpath, md5_hash, algorithm="md5")
