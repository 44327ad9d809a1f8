"""A Chinese word-frequency lexicon, loaded on first use from compact files in the package.

Used wherever a pass needs to know whether a string is a word: the OCR-confusion pass
(is the repaired form a common word?) and reconstruction (does a word run across the join
of two fragments?).

Source: the dictionary of jieba 0.42.1 (``dict.txt``: 349,045 distinct words, each with a
corpus frequency and a part-of-speech tag), MIT License, Copyright (c) 2013 Sun Junyi. The
package ships it re-encoded, every entry kept (``benchmarks/build_lexicon.py``), as sorted
tables of integers: each word of one to four UTF-16 code units is the number its UTF-16-BE
bytes spell, the words of each length in one sorted array (a look-up is a binary search done
by :mod:`bisect` in C); the few longer words (about 7,000) are read into a dictionary on the
first look-up of a word that long. The frequencies and tags are packed arrays in the same
order (``zjnews/data/lexicon.bin``); the character pairs the same way
(``zjnews/data/lexicon_pairs.bin``). Loading memory-maps the two files and builds no Python
object per word: about a millisecond.
"""

from __future__ import annotations

import functools
import mmap
import struct
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence, ValuesView
from typing import Literal

__all__ = ["Lexicon", "char_frequency", "frequency", "is_word", "lexicon", "pair_frequency", "part_of_speech"]

_Buffer = bytes | mmap.mmap
_MAGIC = b"ZJLEX3\n"
_PAIR_MAGIC = b"ZJPAIR2\n"
_SHORT = 4
"""The longest word (in UTF-16 code units) kept in an integer table; longer ones are few."""
_UNITS = 65537
"""The length of a table of places by first code unit (every unit, and the end)."""


def _key(word: str) -> tuple[bytes, int]:
    """The UTF-16-BE bytes of ``word`` (lone surrogates kept, so that any string has a key) and
    their length in code units."""
    data = word.encode("utf-16-be", "surrogatepass")
    return data, len(data) >> 1


_LAST_BMP = "\uffff"
"""The last character of one UTF-16 code unit (its unit is its code point, lone surrogates too)."""


def _bmp_key(word: str, n: int) -> int:
    """The key of ``word`` (:func:`_key`'s bytes as one number) for a word of ``n`` characters
    (1 to 4) each of one UTF-16 code unit, read from the code points without encoding."""
    if n == 1:
        return ord(word)
    if n == 2:
        return ord(word[0]) << 16 | ord(word[1])
    if n == 3:
        return ord(word[0]) << 32 | ord(word[1]) << 16 | ord(word[2])
    return ord(word[0]) << 48 | ord(word[1]) << 32 | ord(word[2]) << 16 | ord(word[3])


def _table(data: _Buffer, offset: int, count: int, code: Literal["I", "Q"]) -> Sequence[int]:
    """``count`` little-endian integers of array type ``code`` at ``offset`` in ``data``: a view
    without a copy on a little-endian machine, else a byte-swapped array."""
    size = array(code).itemsize
    if sys.byteorder == "little":
        return memoryview(data)[offset : offset + size * count].cast(code)
    values = array(code)
    values.frombytes(data[offset : offset + size * count])
    values.byteswap()
    return values


def _aligned(offset: int) -> int:
    return (offset + 7) & ~7


class Lexicon(Mapping[str, int]):
    """Read-only mapping of each word to its corpus frequency, over the packed files.

    ``get`` and ``in`` are one binary search each; :attr:`total` is the sum of all frequencies.
    The words iterate by length (UTF-16 code units), then in code-unit order.
    """

    __slots__ = ("_bases", "_freqs", "_groups", "_keys", "_long", "_records", "_starts", "_tag_names", "_tags", "total")

    def __init__(
        self,
        keys: list[Sequence[int]],
        starts: list[Sequence[int]],
        records: dict[int, bytes],
        freqs: Sequence[int],
        tags: bytes,
        tag_names: list[str],
        total: int,
    ):
        self._keys = keys
        """Index ``n`` (1 to :data:`_SHORT`): the sorted keys of the words of ``n`` code units."""
        self._starts = starts
        """Index ``n``: for each first code unit, where the keys of ``n`` units beginning with it begin."""
        self._records = records
        """Length ``n`` → the UTF-16-BE bytes of the longer words of that length, sorted, concatenated."""
        bases = [0]
        for n in range(1, max([_SHORT, *records]) + 1):
            size = len(keys[n]) if n <= _SHORT else len(records.get(n, b"")) // (2 * n)
            bases.append(bases[-1] + size)
        self._bases = bases
        """Index ``n``: the number of the first word of ``n + 1`` code units (the words before it)."""
        self._groups = [(keys[n], starts[n], 16 * n - 16, bases[n - 1] if n else 0) for n in range(_SHORT + 1)]
        """Index ``n``: what a look-up of a word of ``n`` code units reads (keys, places by first
        unit, the shift that gives a key's first unit, the number of the group's first word)."""
        self._long: dict[bytes, int] | None = None
        self._freqs = freqs
        self._tags = tags
        self._tag_names = tag_names
        self.total = total

    def _number(self, word: str) -> int | None:
        """The word's number (its place in the order of iteration), None for no word."""
        n = len(word)
        if 0 < n <= _SHORT and max(word) <= _LAST_BMP:
            key = _bmp_key(word, n)  # one code unit a character: no encoding
        else:
            data = word.encode("utf-16-be", "surrogatepass")
            n = len(data) >> 1
            if n > _SHORT:
                return self._long_numbers().get(data)
            if not n:
                return None
            key = int.from_bytes(data, "big")
        keys, starts, shift, base = self._groups[n]
        first = key >> shift
        end = starts[first + 1]
        i = bisect_left(keys, key, starts[first], end)
        return base + i if i < end and keys[i] == key else None

    def _long_numbers(self) -> dict[bytes, int]:
        if self._long is None:
            self._long = {
                records[k : k + 2 * n]: self._bases[n - 1] + k // (2 * n)
                for n, records in self._records.items()
                for k in range(0, len(records), 2 * n)
            }
        return self._long

    def __getitem__(self, word: str) -> int:
        number = self._number(word)
        if number is None:
            raise KeyError(word)
        return self._freqs[number]

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        """The frequency of ``word``, or ``default`` when it is not a word of the lexicon."""
        number = self._number(word)
        return default if number is None else self._freqs[number]

    def frequency(self, word: str) -> int:
        """The frequency of ``word``, 0 when it is not a word of the lexicon."""
        n = len(word)
        if 0 < n <= _SHORT and max(word) <= _LAST_BMP:
            # one code unit a character: no encoding (the commonest lengths without a call)
            key = ord(word[0]) << 16 | ord(word[1]) if n == 2 else ord(word) if n == 1 else _bmp_key(word, n)
        else:
            data = word.encode("utf-16-be", "surrogatepass")
            n = len(data) >> 1
            if n > _SHORT:
                number = self._long_numbers().get(data)
                return 0 if number is None else self._freqs[number]
            if not n:
                return 0
            key = int.from_bytes(data, "big")
        keys, starts, shift, base = self._groups[n]
        first = key >> shift
        end = starts[first + 1]
        i = bisect_left(keys, key, starts[first], end)
        return self._freqs[base + i] if i < end and keys[i] == key else 0

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._number(word) is not None

    def __iter__(self) -> Iterator[str]:
        for n in range(1, len(self._bases)):
            if n <= _SHORT:
                for key in self._keys[n]:
                    yield key.to_bytes(2 * n, "big").decode("utf-16-be", "surrogatepass")
            else:
                records = self._records.get(n, b"")
                for k in range(0, len(records), 2 * n):
                    yield records[k : k + 2 * n].decode("utf-16-be", "surrogatepass")

    def values(self) -> ValuesView[int]:
        """The frequencies, in the order of the words (``sum(lexicon().values())`` is fast)."""
        return _Values(self)

    def __len__(self) -> int:
        return len(self._freqs)

    def tag(self, word: str) -> str:
        """The part-of-speech tag of ``word``, ``""`` when it has none or is no word."""
        number = self._number(word)
        return "" if number is None else self._tag_names[self._tags[number]]

    def begins_word(self, prefix: str) -> bool:
        """True when some word of the lexicon begins with ``prefix`` (or is ``prefix``)."""
        data, k = _key(prefix)
        if not k:
            return len(self) > 0
        start = int.from_bytes(data, "big")
        for n in range(k, _SHORT + 1):
            keys = self._keys[n]
            shift = 16 * (n - k)
            i = bisect_left(keys, start << shift)
            if i < len(keys) and keys[i] < (start + 1) << shift:
                return True
        return any(record.startswith(data) for record in self._long_numbers())


class _Values(ValuesView[int]):
    """The frequencies straight from the packed array, in key order (the order of iteration)."""

    _mapping: Lexicon

    def __iter__(self) -> Iterator[int]:
        return iter(self._mapping._freqs)


def _read(name: str, magic: bytes) -> _Buffer:
    """The packed file ``name`` of the package's data, memory-mapped where it is a file (its
    pages are read when a look-up first needs them, and shared by the processes that map it)."""
    import importlib.resources  # on first use: it costs more than the rest of the import

    resource = importlib.resources.files("zjnews") / "data" / name
    data: _Buffer
    try:
        with importlib.resources.as_file(resource) as path, open(path, "rb") as file:
            data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        data = resource.read_bytes()
    if data[: len(magic)] != magic:
        raise RuntimeError(f"zjnews/data/{name} is not a zjnews lexicon file of this version")
    return data


@functools.cache
def _load() -> Lexicon:
    data = _read("lexicon.bin", _MAGIC)
    try:
        offset = len(_MAGIC)
        count, tag_bytes, total, groups = struct.unpack_from("<IIII", data, offset)
        offset += 16
        sizes = [struct.unpack_from("<II", data, offset + 8 * g) for g in range(groups)]
        offset += 8 * groups
        tag_names = data[offset : offset + tag_bytes].decode("ascii").split("\n")
        offset = _aligned(offset + tag_bytes)
        keys: list[Sequence[int]] = [array("I") for _ in range(_SHORT + 1)]
        starts: list[Sequence[int]] = [array("I", bytes(4 * _UNITS)) for _ in range(_SHORT + 1)]
        records: dict[int, bytes] = {}
        for n, size in sizes:
            if n <= _SHORT:
                code: Literal["I", "Q"] = "I" if n <= 2 else "Q"
                keys[n] = _table(data, offset, size, code)
                offset = _aligned(offset + array(code).itemsize * size)
                starts[n] = _table(data, offset, _UNITS, "I")
                offset = _aligned(offset + 4 * _UNITS)
            else:
                records[n] = data[offset : offset + 2 * n * size]
                offset = _aligned(offset + 2 * n * size)
        freqs = _table(data, offset, count, "I")
        tags = data[offset + 4 * count : offset + 5 * count]
    except (struct.error, ValueError, TypeError) as error:
        raise RuntimeError("zjnews/data/lexicon.bin is truncated") from error
    if len(freqs) != count or len(tags) != count or sum(size for _, size in sizes) != count:
        raise RuntimeError("zjnews/data/lexicon.bin is truncated")
    if any(len(table) != _UNITS for table in starts):
        raise RuntimeError("zjnews/data/lexicon.bin is truncated")
    return Lexicon(keys, starts, records, freqs, tags, tag_names, total)


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
def _pairs() -> tuple[Sequence[int], Sequence[int], Sequence[int]]:
    """The sorted keys of the character pairs (as :meth:`Lexicon._number` reads a word of two
    code units), their frequencies in the same order, and the places by first code unit."""
    data = _read("lexicon_pairs.bin", _PAIR_MAGIC)
    try:
        (count,) = struct.unpack_from("<I", data, len(_PAIR_MAGIC))
        offset = _aligned(len(_PAIR_MAGIC) + 4)
        keys = _table(data, offset, count, "I")
        freqs = _table(data, offset + 4 * count, count, "I")
        starts = _table(data, offset + 8 * count, _UNITS, "I")
    except (struct.error, ValueError, TypeError) as error:
        raise RuntimeError("zjnews/data/lexicon_pairs.bin is truncated") from error
    if len(keys) != count or len(freqs) != count or len(starts) != _UNITS:
        raise RuntimeError("zjnews/data/lexicon_pairs.bin is truncated")
    return keys, freqs, starts


def pair_frequency(pair: str) -> int:
    """How often the two characters ``pair`` stand side by side inside the lexicon's words: the
    summed frequency of the words that hold them (``两国`` in ``两国关系``…); 0 when none does."""
    keys, freqs, starts = _pairs()
    if len(pair) == 2 and max(pair) <= _LAST_BMP:
        key = ord(pair[0]) << 16 | ord(pair[1])  # one code unit a character: no encoding
    else:
        data = pair.encode("utf-16-be", "surrogatepass")
        if len(data) != 4:
            return 0
        key = int.from_bytes(data, "big")
    first = key >> 16
    end = starts[first + 1]
    i = bisect_left(keys, key, starts[first], end)
    return freqs[i] if i < end and keys[i] == key else 0


@functools.cache
def _chars() -> dict[str, int]:
    import importlib.resources  # on first use: it costs more than the rest of the import

    text = (importlib.resources.files("zjnews") / "data" / "lexicon_chars.txt").read_text(encoding="utf-8")
    return {line[0]: int(line[1:]) for line in text.splitlines()}


def char_frequency(char: str) -> int:
    """How often ``char`` stands in the lexicon's words: the summed frequency of the words that
    hold it (each time it stands there); 0 for a character in none."""
    return _chars().get(char, 0)


@functools.cache
def _running_totals() -> list[Sequence[int]]:
    """Index ``n`` (1 to :data:`_SHORT`): the running totals of the frequencies of the words of
    ``n`` code units, in key order, with a leading 0 (the frequencies of the keys ``lo`` to
    ``hi - 1`` sum to ``totals[hi] - totals[lo]``). Built on first use, about 350,000 additions."""
    from itertools import accumulate

    lexicon_ = _load()
    totals: list[Sequence[int]] = [array("Q", [0])]
    for n in range(1, _SHORT + 1):
        base, size = lexicon_._bases[n - 1], len(lexicon_._keys[n])
        running = array("Q", [0])
        running.extend(accumulate(lexicon_._freqs[base : base + size]))
        totals.append(running)
    return totals


def prefix_frequency(prefix: str) -> int:
    """The summed corpus frequency of the words longer than ``prefix`` that begin with it (``运载火``
    → ``运载火箭``; ``设`` → ``设计``, ``设置``…), words of up to four UTF-16 code units: how often
    the text goes on inside a word after ``prefix``. 0 for an empty prefix or none."""
    data, k = _key(prefix)
    if not k or k >= _SHORT:
        return 0
    lexicon_ = _load()
    totals = _running_totals()
    start = int.from_bytes(data, "big")
    summed = 0
    for n in range(k + 1, _SHORT + 1):
        keys = lexicon_._keys[n]
        shift = 16 * (n - k)
        low = bisect_left(keys, start << shift)
        high = bisect_left(keys, (start + 1) << shift, low)
        summed += totals[n][high] - totals[n][low]
    return summed
