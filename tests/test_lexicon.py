"""The packed lexicon tables answer as the word list they encode."""

from __future__ import annotations

import functools
import importlib.util
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjnews import lexicon as lexicon_module
from zjnews.lexicon import char_frequency, frequency, is_word, lexicon, pair_frequency, part_of_speech


@pytest.fixture(scope="module")
def words() -> list[str]:
    return list(lexicon())


def test_every_word_is_found_with_its_frequency(words: list[str]) -> None:
    lx = lexicon()
    assert len(words) == len(lx) > 300_000
    frequencies = list(lx.values())
    assert sum(frequencies) == lx.total
    for word, count in zip(words, frequencies, strict=True):
        assert word in lx
        assert lx[word] == lx.get(word) == lx.frequency(word) == count


def test_the_order_is_by_length_then_code_units(words: list[str]) -> None:
    keys = [(len(w.encode("utf-16-be")), w.encode("utf-16-be")) for w in words]
    assert keys == sorted(keys)
    assert len(set(words)) == len(words)
    assert max(map(len, words)) > 4  # the longer words are found too
    assert all(w in lexicon() for w in words if len(w) > 4)


@functools.cache
def _word_set() -> frozenset[str]:
    return frozenset(lexicon())


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from("中国人民发展经济社会的一是了不在有华共和和平abc\ud800"), max_size=9))
def test_a_string_is_a_word_exactly_when_listed(text: str) -> None:
    listed = text in _word_set()
    assert is_word(text) is listed
    assert (lexicon().get(text) is None) is not listed
    if listed:
        assert frequency(text) == lexicon()[text]
    else:
        assert frequency(text) == 0
        assert part_of_speech(text) == ""
        with pytest.raises(KeyError):
            lexicon()[text]


def test_begins_word_agrees_with_the_list(words: list[str]) -> None:
    prefixes = {w[:k] for w in words for k in range(1, len(w) + 1)}
    rng = random.Random(7)
    sample = rng.sample(words, 300)
    for word in sample:
        for k in range(1, len(word) + 1):
            assert lexicon().begins_word(word[:k])
        assert lexicon().begins_word(word + "\ud800") is False
    for prefix in ("中华人民共和国中", "abc中", "的的的的的"):
        assert lexicon().begins_word(prefix) is (prefix in prefixes)


def test_pair_frequencies_sum_the_words_holding_them(words: list[str]) -> None:
    lx = lexicon()
    pairs = ["两国", "发展", "人民", "经济", "共和"]
    expected = dict.fromkeys(pairs, 0)
    for word, count in zip(words, lx.values(), strict=True):
        if len(word) >= 2 and all("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in word):
            for k in range(len(word) - 1):
                if word[k : k + 2] in expected:
                    expected[word[k : k + 2]] += count
    assert all(expected.values())
    assert {p: pair_frequency(p) for p in pairs} == expected
    assert pair_frequency("") == pair_frequency("中") == pair_frequency("中国人") == pair_frequency("ab") == 0
    assert char_frequency("中") > 0


def test_jieba_dictionary_when_installed() -> None:
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        pytest.skip("jieba is not installed (only the build script needs it)")
    source = Path(spec.origin).parent / "dict.txt"
    entries: dict[str, tuple[int, str]] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            entries[parts[0]] = (int(parts[1]), parts[2] if len(parts) >= 3 else "")  # the last entry stands
    lx = lexicon()
    assert len(lx) == len(entries)
    assert all((lx.get(word), lx.tag(word)) == entry for word, entry in entries.items())


def test_a_damaged_file_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon_module, "_read", lambda name, magic: magic + b"\x05\x00")
    lexicon_module._load.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="truncated"):
            lexicon_module._load()
    finally:
        monkeypatch.undo()
        lexicon_module._load.cache_clear()
    assert len(lexicon()) > 300_000
