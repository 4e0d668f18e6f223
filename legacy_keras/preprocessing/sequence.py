"""``keras.preprocessing.sequence``: pad_sequences, skipgrams, make_sampling_table (Keras 1 signatures)."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import keras
from legacy_keras._keras3 import legacy_sequence as _legacy

__all__ = ["pad_sequences", "make_sampling_table", "skipgrams"]


def pad_sequences(sequences: Sequence[Sequence[Any]], maxlen: int | None = None, dtype: str = "int32",
                  padding: str = "pre", truncating: str = "pre", value: float = 0.0) -> np.ndarray:
    """Pad/truncate each sequence to ``maxlen`` (unchanged since Keras 1; delegated)."""
    return keras.utils.pad_sequences(sequences, maxlen=maxlen, dtype=dtype, padding=padding,
                                     truncating=truncating, value=value)


def make_sampling_table(size: int, sampling_factor: float = 1e-5) -> np.ndarray:
    """Word-rank sampling probabilities for ``skipgrams`` (Zipf approximation, as Keras 1)."""
    return _legacy.make_sampling_table(size, sampling_factor=sampling_factor)


def skipgrams(sequence: Sequence[int], vocabulary_size: int, window_size: int = 4,
              negative_samples: float = 1.0, shuffle: bool = True, categorical: bool = False,
              sampling_table: np.ndarray | None = None, seed: int | None = None):
    """(couples, labels) of skip-gram pairs; Keras 1 arguments (``seed`` is a Keras 2 extra)."""
    return _legacy.skipgrams(sequence, vocabulary_size, window_size=window_size,
                             negative_samples=negative_samples, shuffle=shuffle,
                             categorical=categorical, sampling_table=sampling_table, seed=seed)
