"""``keras.datasets.cifar``: Keras 1's ``load_batch`` for a CIFAR batch file.

Read with the arrays-only unpickler (a CIFAR batch is a pickled dict of arrays and lists),
so a tampered batch file cannot run code.
"""
from __future__ import annotations

from legacy_keras.datasets._safe import load_pickle


def load_batch(fpath: str, label_key: str = "labels"):
    """``(data, labels)`` of one batch: data ``(N, 3, 32, 32)`` uint8, labels a list (Keras 1)."""
    batch = load_pickle(fpath, encoding="bytes")
    batch = {(k.decode("utf8") if isinstance(k, bytes) else k): v for k, v in batch.items()}
    data = batch["data"]
    return data.reshape(data.shape[0], 3, 32, 32), batch[label_key]
