"""A Chinese word-frequency lexicon (jieba's dictionary), loaded once on first use.

Used wherever a pass needs to know whether a string is a word: the OCR-confusion pass
(is the repaired form a common word?) and reconstruction (does a word run across the join
of two fragments?).
"""

from __future__ import annotations

import functools
import importlib.resources

__all__ = ["frequency", "is_word", "lexicon", "part_of_speech"]


@functools.cache
def _load() -> tuple[dict[str, int], dict[str, str]]:
    words: dict[str, int] = {}
    tags: dict[str, str] = {}
    path = importlib.resources.files("jieba") / "dict.txt"
    with path.open("r", encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                words[parts[0]] = int(parts[1])
                if len(parts) >= 3:
                    tags[parts[0]] = parts[2]
    return words, tags


def lexicon() -> dict[str, int]:
    """Every word of jieba's dictionary with its corpus frequency."""
    return _load()[0]


def part_of_speech(word: str) -> str:
    """The word's part-of-speech tag in jieba's dictionary (``t`` time word, ``c`` conjunction,
    ``n`` noun…), or ``""`` when it has none."""
    return _load()[1].get(word, "")


def frequency(word: str) -> int:
    """The corpus frequency of ``word`` (0 when it is not in the lexicon)."""
    return lexicon().get(word, 0)


def is_word(word: str) -> bool:
    """True when ``word`` is in the lexicon."""
    return word in lexicon()
