"""A Chinese word-frequency lexicon, loaded on first use from compact files in the package.

Used wherever a pass needs to know whether a string is a word: the OCR-confusion pass
(is the repaired form a common word?) and reconstruction (does a word run across the join
of two fragments?).

Source: the dictionary of jieba 0.42.1 (``dict.txt``: 349,045 distinct words, each with a
corpus frequency and a part-of-speech tag), MIT License, Copyright (c) 2013 Sun Junyi. The
package ships it re-encoded, every entry kept (``benchmarks/build_lexicon.py``): the words as a
MARISA trie (``zjnews/data/lexicon.marisa``, memory-mapped with marisa-trie), the frequencies and
tags as packed arrays in the trie's key order (``zjnews/data/lexicon.bin``). Loading takes about
a millisecond and builds no Python object per word.
"""

from __future__ import annotations

import functools
import struct
import sys
from array import array
from collections.abc import Callable, Iterator, Mapping, ValuesView

import marisa_trie

__all__ = ["Lexicon", "char_frequency", "frequency", "is_word", "lexicon", "pair_frequency", "part_of_speech"]

_MAGIC = b"ZJLEX2\n"
_PAIR_MAGIC = b"ZJPAIR1\n"


class Lexicon(Mapping[str, int]):
    """Read-only mapping of each word to its corpus frequency, over the packed files.

    ``get`` and ``in`` are one trie look-up each; :attr:`total` is the sum of all frequencies.
    """

    __slots__ = ("_freqs", "_ids", "_tag_names", "_tags", "_trie", "total")

    def __init__(self, trie: marisa_trie.Trie, freqs: array[int], tags: bytes, tag_names: list[str], total: int):
        self._trie = trie
        self._ids: Callable[[str], int | None] = trie.get
        self._freqs = freqs
        self._tags = tags
        self._tag_names = tag_names
        self.total = total

    def __getitem__(self, word: str) -> int:
        key = self._ids(word)
        if key is None:
            raise KeyError(word)
        return self._freqs[key]

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        """The frequency of ``word``, or ``default`` when it is not a word of the lexicon."""
        key = self._ids(word)
        return default if key is None else self._freqs[key]

    def frequency(self, word: str) -> int:
        """The frequency of ``word``, 0 when it is not a word of the lexicon."""
        key = self._ids(word)
        return 0 if key is None else self._freqs[key]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self._trie

    def __iter__(self) -> Iterator[str]:
        return map(self._trie.restore_key, range(len(self._freqs)))

    def values(self) -> ValuesView[int]:
        """The frequencies, in the order of the words (``sum(lexicon().values())`` is fast)."""
        return _Values(self)

    def __len__(self) -> int:
        return len(self._freqs)

    def tag(self, word: str) -> str:
        """The part-of-speech tag of ``word``, ``""`` when it has none or is no word."""
        key = self._ids(word)
        return "" if key is None else self._tag_names[self._tags[key]]

    def begins_word(self, prefix: str) -> bool:
        """True when some word of the lexicon begins with ``prefix`` (or is ``prefix``)."""
        return next(self._trie.iterkeys(prefix), None) is not None


class _Values(ValuesView[int]):
    """The frequencies straight from the packed array, in key order (the order of iteration)."""

    _mapping: Lexicon

    def __iter__(self) -> Iterator[int]:
        return iter(self._mapping._freqs)


@functools.cache
def _load() -> Lexicon:
    import importlib.resources  # on first use: it costs more than the rest of the import

    folder = importlib.resources.files("zjnews") / "data"
    data = (folder / "lexicon.bin").read_bytes()
    if not data.startswith(_MAGIC):
        raise RuntimeError("zjnews/data/lexicon.bin is not a zjnews lexicon file")
    offset = len(_MAGIC)
    count, tag_bytes, total = struct.unpack_from("<III", data, offset)
    offset += 12
    tag_names = data[offset : offset + tag_bytes].decode("ascii").split("\n")
    offset += tag_bytes
    freqs = array("I")
    freqs.frombytes(data[offset : offset + 4 * count])
    if sys.byteorder == "big":
        freqs.byteswap()
    tags = data[offset + 4 * count : offset + 5 * count]
    trie = marisa_trie.Trie()
    with importlib.resources.as_file(folder / "lexicon.marisa") as path:
        trie.load(str(path))
    if len(freqs) != count or len(tags) != count or len(trie) != count:
        raise RuntimeError("zjnews/data/lexicon.* are truncated or do not belong together")
    return Lexicon(trie, freqs, tags, tag_names, total)


def lexicon() -> Lexicon:
    """Every word of the lexicon with its corpus frequency (a read-only mapping)."""
    return _load()


def part_of_speech(word: str) -> str:
    """The word's part-of-speech tag in the lexicon (``t`` time word, ``c`` conjunction,
    ``n`` noun…), or ``""`` when it has none."""
    return _load().tag(word)


def frequency(word: str) -> int:
    """The corpus frequency of ``word`` (0 when it is not in the lexicon)."""
    return _load().frequency(word)


def is_word(word: str) -> bool:
    """True when ``word`` is in the lexicon."""
    return word in _load()


@functools.cache
def _pairs() -> tuple[Callable[[str], int | None], array[int]]:
    import importlib.resources  # on first use: it costs more than the rest of the import

    folder = importlib.resources.files("zjnews") / "data"
    data = (folder / "lexicon_pairs.bin").read_bytes()
    if not data.startswith(_PAIR_MAGIC):
        raise RuntimeError("zjnews/data/lexicon_pairs.bin is not a zjnews pair file")
    (count,) = struct.unpack_from("<I", data, len(_PAIR_MAGIC))
    freqs = array("I")
    freqs.frombytes(data[len(_PAIR_MAGIC) + 4 : len(_PAIR_MAGIC) + 4 + 4 * count])
    if sys.byteorder == "big":
        freqs.byteswap()
    trie = marisa_trie.Trie()
    with importlib.resources.as_file(folder / "lexicon_pairs.marisa") as path:
        trie.load(str(path))
    if len(freqs) != count or len(trie) != count:
        raise RuntimeError("zjnews/data/lexicon_pairs.* are truncated or do not belong together")
    return trie.get, freqs


def pair_frequency(pair: str) -> int:
    """How often the two characters ``pair`` stand side by side inside the lexicon's words: the
    summed frequency of the words that hold them (``两国`` in ``两国关系``…); 0 when none does."""
    ids, freqs = _pairs()
    key = ids(pair)
    return 0 if key is None else freqs[key]


@functools.cache
def _chars() -> dict[str, int]:
    import importlib.resources  # on first use: it costs more than the rest of the import

    text = (importlib.resources.files("zjnews") / "data" / "lexicon_chars.txt").read_text(encoding="utf-8")
    return {line[0]: int(line[1:]) for line in text.splitlines()}


def char_frequency(char: str) -> int:
    """How often ``char`` stands in the lexicon's words: the summed frequency of the words that
    hold it (each time it stands there); 0 for a character in none."""
    return _chars().get(char, 0)
