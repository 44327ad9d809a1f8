"""Build the compact lexicon shipped in the package (``src/zjnews/data/lexicon.*``).

Run from the repository root (needs marisa-trie, and jieba installed only for its ``dict.txt``)::

    python benchmarks/build_lexicon.py [--dict PATH]

Source: jieba 0.42.1's dictionary ``dict.txt`` (349,046 words with a corpus frequency and a
part-of-speech tag), MIT License (Copyright (c) 2013 Sun Junyi). Every entry is kept as it is:
the file is a faithful re-encoding, not a selection.

Six files, read by :mod:`zjnews.lexicon` in about a millisecond:

* ``lexicon.marisa``: a MARISA trie of the words (marisa-trie), memory-mapped on load; each word
  has a key number 0…n-1;
* ``lexicon.bin``: ``ZJLEX2\\n``, then three little-endian ``uint32`` (number of words ``n``,
  byte length of the tag block, the sum of all frequencies), the distinct part-of-speech tags in
  ASCII joined by ``\\n``, then ``n`` ``uint32`` frequencies and ``n`` ``uint8`` tag numbers
  (0 = no tag), both in key-number order;
* ``lexicon_pairs.marisa`` and ``lexicon_pairs.bin``: every pair of adjacent ideographs inside a
  word of the lexicon, with the summed frequency of the words it stands in (a character-pair
  model of the lexicon: ``两国`` stands in ``两国关系``…), a trie and ``ZJPAIR1\\n`` + ``uint32``
  count + ``uint32`` frequencies in key order;
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
from pathlib import Path

import marisa_trie

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "zjnews" / "data"
MAGIC = b"ZJLEX2\n"
PAIR_MAGIC = b"ZJPAIR1\n"
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


def build(entries: dict[str, tuple[int, str]]) -> tuple[marisa_trie.Trie, bytes]:
    """The trie of the words and the packed frequencies and tags in its key order."""
    trie = marisa_trie.Trie(list(entries))
    count = len(trie)
    freqs = array("I", [0]) * count
    tags = array("B", [0]) * count
    tag_names = ["", *sorted({tag for _, tag in entries.values() if tag})]
    number = {tag: i for i, tag in enumerate(tag_names)}
    for word, (freq, tag) in entries.items():
        key = trie[word]
        freqs[key] = freq
        tags[key] = number[tag]
    if freqs.itemsize != 4:
        raise SystemExit("array('I') is not 32 bits here")
    tag_block = "\n".join(tag_names).encode("ascii")
    header = MAGIC + struct.pack("<III", count, len(tag_block), sum(freqs))
    return trie, header + tag_block + freqs.tobytes() + tags.tobytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dict", type=Path, default=None)
    args = parser.parse_args()
    entries = read(args.dict or jieba_dict())
    trie, table = build(entries)
    trie.save(str(DATA / "lexicon.marisa"))
    (DATA / "lexicon.bin").write_bytes(table)
    pairs: dict[str, int] = {}
    for word, (freq, _) in entries.items():
        if len(word) >= 2 and all(map(is_ideograph, word)):
            for i in range(len(word) - 1):
                pairs[word[i : i + 2]] = pairs.get(word[i : i + 2], 0) + freq
    pair_trie = marisa_trie.Trie(list(pairs))
    pair_freqs = array("I", [0]) * len(pair_trie)
    for pair, freq in pairs.items():
        pair_freqs[pair_trie[pair]] = min(freq, 2**32 - 1)
    pair_trie.save(str(DATA / "lexicon_pairs.marisa"))
    (DATA / "lexicon_pairs.bin").write_bytes(PAIR_MAGIC + struct.pack("<I", len(pair_trie)) + pair_freqs.tobytes())
    print(f"{len(pair_trie)} character pairs")
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
    print(f"{len(trie)} words; lexicon.marisa {(DATA / 'lexicon.marisa').stat().st_size / 1e6:.2f} MB, "
          f"lexicon.bin {len(table) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
