"""``keras.preprocessing.text``: Keras 1 Tokenizer and helpers.

``Tokenizer`` subclasses Keras 3's legacy Tokenizer (same algorithm: word index
by descending count, ``nb_words`` keeps indices < nb_words, tfidf formula) and
only restores the Keras 1 constructor (``nb_words``) and attribute name.
``one_hot`` keeps Keras 1's ``abs(hash(w)) % (n - 1) + 1`` (Keras 2+ dropped the
``abs``); like in Keras 1, Python's string hashing is randomised per process.
"""
from __future__ import annotations

import string
from typing import Any

from legacy_keras._keras3 import legacy_text as _legacy

__all__ = ["base_filter", "text_to_word_sequence", "one_hot", "Tokenizer"]


def base_filter() -> str:
    """Keras 1 default filters: punctuation except the apostrophe, plus tab and newline."""
    f = string.punctuation
    f = f.replace("'", "")
    f += "\t\n"
    return f


def text_to_word_sequence(text: str, filters: str = base_filter(), lower: bool = True,
                          split: str = " ") -> list[str]:
    """Lowercase, replace every filter character by ``split`` and split (empty words dropped)."""
    if lower:
        text = text.lower()
    text = text.translate(str.maketrans(filters, split * len(filters)))
    return [w for w in text.split(split) if w]


def one_hot(text: str, n: int, filters: str = base_filter(), lower: bool = True,
            split: str = " ") -> list[int]:
    """Hash each word to an index in [1, n - 1] (Keras 1 formula)."""
    seq = text_to_word_sequence(text, filters=filters, lower=lower, split=split)
    return [(abs(hash(w)) % (n - 1) + 1) for w in seq]


class Tokenizer(_legacy.Tokenizer):
    """Keras 1 ``Tokenizer(nb_words=None, filters=base_filter(), lower=True, split=' ', char_level=False)``."""

    def __init__(self, nb_words: int | None = None, filters: str = base_filter(), lower: bool = True,
                 split: str = " ", char_level: bool = False, **kwargs: Any):
        if "num_words" in kwargs:
            nb_words = kwargs.pop("num_words")
        # Keras 1 never lowercased in char_level mode (Keras 2+ does when lower=True).
        super().__init__(num_words=nb_words, filters=filters, lower=lower and not char_level,
                         split=split, char_level=char_level, **kwargs)

    @property
    def nb_words(self) -> int | None:
        return self.num_words

    @nb_words.setter
    def nb_words(self, value: int | None) -> None:
        self.num_words = value
