"""Build the compact lexicon shipped in the package (``src/zjnews/data/lexicon*``).

Run from the repository root (needs jieba installed only for its ``dict.txt``)::

    python benchmarks/build_lexicon.py [--dict PATH]

Source: jieba 0.42.1's dictionary ``dict.txt`` (349,046 words with a corpus frequency and a
part-of-speech tag), MIT License (Copyright (c) 2013 Sun Junyi). Every entry is kept as it is:
the file is a faithful re-encoding, not a selection.

Four files, read by :mod:`zjnews.lexicon` in about a millisecond; every integer little-endian,
every table starting at a multiple of 8 bytes (zero bytes pad the gaps):

* ``lexicon.bin``: ``ZJLEX3\\n``, then four ``uint32`` (number of words ``n``, byte length of
  the tag block, the sum of all frequencies, number of length groups ``g``), ``g`` pairs of
  ``uint32`` (a length in UTF-16 code units, the number of words of that length; shortest
  first), the distinct part-of-speech tags in ASCII joined by ``\\n``; then each group's
  words, sorted: for one or two code units the ``uint32``, for three or four the ``uint64``
  that the word's UTF-16-BE bytes spell, followed by 65,537 ``uint32``: for each first code
  unit ``u``, the place of the group's first word whose first unit is ``u`` or more (a look-up
  searches only the words that begin like it); for longer words their UTF-16-BE bytes; then ``n``
  ``uint32`` frequencies and ``n`` ``uint8`` tag numbers (0 = no tag) in the order of the words;
* ``lexicon_pairs.bin``: every pair of adjacent ideographs inside a word of the lexicon, with
  the summed frequency of the words it stands in (a character-pair model of the lexicon:
  ``两国`` stands in ``两国关系``…): ``ZJPAIR2\\n``, a ``uint32`` count, then the pairs as sorted
  ``uint32`` (as above), their ``uint32`` frequencies and the 65,537 places by first unit;
* ``lexicon_chars.txt``: each ideograph of the lexicon and the summed frequency of the words it
  stands in (one ``<char><frequency>`` a line, most frequent first);
* ``common_bigrams.txt``: the OCR pass's quick tests. Line 1: every two-ideograph word of
  frequency ≥ 20, concatenated (does a character form a word with a neighbour?). Lines 2 and 3:
  the words of frequency ≥ 50 grouped by their first character (``<char><the characters that
  follow it>``, space-separated) and by their second (does a look-alike form a frequent word?).
"""

from __future__ import annotations

import argparse
import importlib.util
import struct
from array import array
from bisect import bisect_left
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "zjnews" / "data"
MAGIC = b"ZJLEX3\n"
PAIR_MAGIC = b"ZJPAIR2\n"
SHORT = 4
"""Words of up to this many UTF-16 code units are stored as integers."""
COMMON = 20
"""``common_bigrams.txt``: every two-ideograph word of at least this frequency, concatenated."""
FREQUENT = 50
"""``common_bigrams.txt`` groups the words of at least this frequency by first and by second character."""


def is_ideograph(char: str) -> bool:
    """True for a CJK ideograph (Unified, Extension A, compatibility)."""
    return "\u3400" <= char <= "\u4dbf" or "\u4e00" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def jieba_dict() -> Path:
    """The ``dict.txt`` of the installed jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise SystemExit("jieba is not installed: pip install 'jieba==0.42.1', or pass --dict")
    return Path(spec.origin).parent / "dict.txt"


def read(source: Path) -> dict[str, tuple[int, str]]:
    """Each word of a jieba-format dictionary (``word freq [tag]`` a line) → (frequency, tag)."""
    entries: dict[str, tuple[int, str]] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            entries[parts[0]] = (int(parts[1]), parts[2] if len(parts) >= 3 else "")
    return entries


def _pad(data: bytearray) -> None:
    data.extend(bytes(-len(data) % 8))


def _little(values: array[int]) -> bytes:
    if array("I").itemsize != 4 or array("Q").itemsize != 8:
        raise SystemExit("array('I') / array('Q') are not 32 / 64 bits here")
    if struct.pack("=I", 1) != struct.pack("<I", 1):
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def units(word: str) -> int:
    """The length of ``word`` in UTF-16 code units."""
    return len(word.encode("utf-16-be", "surrogatepass")) // 2


def key(word: str) -> int:
    """The number the UTF-16-BE bytes of ``word`` spell."""
    return int.from_bytes(word.encode("utf-16-be", "surrogatepass"), "big")


def starts(keys: array[int], n: int) -> array[int]:
    """For each first code unit ``u`` (0 to 65,536), the place in the sorted ``keys`` of words
    of ``n`` code units of the first key whose first unit is ``u`` or more."""
    shift = 16 * (n - 1)
    return array("I", (bisect_left(keys, u << shift) for u in range(65537)))


def build(entries: dict[str, tuple[int, str]]) -> bytes:
    """``lexicon.bin``: the words by length and in code-unit order, their frequencies and tags."""
    words = sorted(entries, key=lambda w: (units(w), key(w)))
    tag_names = ["", *sorted({tag for _, tag in entries.values() if tag})]
    number = {tag: i for i, tag in enumerate(tag_names)}
    groups: dict[int, list[str]] = {}
    for word in words:
        groups.setdefault(units(word), []).append(word)
    freqs = array("I", [entries[w][0] for w in words])
    tags = array("B", [number[entries[w][1]] for w in words])
    tag_block = "\n".join(tag_names).encode("ascii")
    out = bytearray(MAGIC + struct.pack("<IIII", len(words), len(tag_block), sum(freqs), len(groups)))
    for n, group in groups.items():
        out += struct.pack("<II", n, len(group))
    out += tag_block
    _pad(out)
    for n, group in groups.items():
        if n <= SHORT:
            keys = array("I" if n <= 2 else "Q", map(key, group))
            out += _little(keys)
            _pad(out)
            out += _little(starts(keys, n))
        else:
            out += b"".join(w.encode("utf-16-be", "surrogatepass") for w in group)
        _pad(out)
    out += _little(freqs) + tags.tobytes()
    return bytes(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dict", type=Path, default=None)
    args = parser.parse_args()
    entries = read(args.dict or jieba_dict())
    table = build(entries)
    (DATA / "lexicon.bin").write_bytes(table)
    pairs: dict[str, int] = {}
    for word, (freq, _) in entries.items():
        if len(word) >= 2 and all(map(is_ideograph, word)):
            for i in range(len(word) - 1):
                pairs[word[i : i + 2]] = pairs.get(word[i : i + 2], 0) + freq
    ordered = sorted(pairs, key=key)
    if any(units(pair) != 2 for pair in ordered):
        raise SystemExit("a character pair outside the Basic Multilingual Plane")
    pair_table = bytearray(PAIR_MAGIC + struct.pack("<I", len(ordered)))
    _pad(pair_table)
    pair_keys = array("I", map(key, ordered))
    pair_table += _little(pair_keys)
    pair_table += _little(array("I", [min(pairs[p], 2**32 - 1) for p in ordered]))
    pair_table += _little(starts(pair_keys, 2))
    (DATA / "lexicon_pairs.bin").write_bytes(bytes(pair_table))
    print(f"{len(ordered)} character pairs")
    chars: dict[str, int] = {}
    for word, (freq, _) in entries.items():
        for char in word:
            if is_ideograph(char):
                chars[char] = chars.get(char, 0) + freq
    (DATA / "lexicon_chars.txt").write_text(
        "".join(f"{c}{f}\n" for c, f in sorted(chars.items(), key=lambda item: -item[1])), encoding="utf-8"
    )
    print(f"{len(chars)} characters")
    common = sorted(
        w for w, (f, _) in entries.items() if len(w) == 2 and f >= COMMON and all(map(is_ideograph, w))
    )
    frequent = [w for w in common if entries[w][0] >= FREQUENT]
    after: dict[str, str] = {}
    before: dict[str, str] = {}
    for word in frequent:
        after[word[0]] = after.get(word[0], "") + word[1]
        before[word[1]] = before.get(word[1], "") + word[0]
    (DATA / "common_bigrams.txt").write_text(
        "".join(common)
        + "\n"
        + " ".join(c + s for c, s in sorted(after.items()))
        + "\n"
        + " ".join(c + s for c, s in sorted(before.items()))
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(common)} common two-character words")
    print(f"{len(entries)} words; lexicon.bin {len(table) / 1e6:.2f} MB, "
          f"lexicon_pairs.bin {len(pair_table) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
