"""A Chinese word-frequency lexicon (jieba's dictionary), loaded once on first use.

Used wherever a pass needs to know whether a string is a word: the OCR-confusion pass
(is the repaired form a common word?) and reconstruction (does a word run across the join
of two fragments?).
"""

from __future__ import annotations

import functools
import importlib.resources

__all__ = ["frequency", "is_word", "lexicon"]


@functools.cache
def lexicon() -> dict[str, int]:
    """Every word of jieba's dictionary with its corpus frequency."""
    words: dict[str, int] = {}
    path = importlib.resources.files("jieba") / "dict.txt"
    with path.open("r", encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ", 2)
            if len(parts) >= 2 and parts[1].isdigit():
                words[parts[0]] = int(parts[1])
    return words


def frequency(word: str) -> int:
    """The corpus frequency of ``word`` (0 when it is not in the lexicon)."""
    return lexicon().get(word, 0)


def is_word(word: str) -> bool:
    """True when ``word`` is in the lexicon."""
    return word in lexicon()
