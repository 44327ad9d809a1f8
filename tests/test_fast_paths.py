"""The fast paths of hot helpers give the same answers as the plain ones."""

from __future__ import annotations

import pytest

from zjnews.assemble import layout
from zjnews.dedup import _normalise

_TEXTS = [
    "让城市书房成为居民的精神家园",
    "今年以来，我们坚持让城市书房成为居民的精神家园，每个街道都建起了阅读点",
    "让城市书房成为居民的精神家园",
    "河边的步道修好了，傍晚散步的人多了起来",
    "傍晚散步的人多了起来",
    "河边的步道修好了，傍晚散步的人多了起来，孩子们在草地上奔跑",
    "短行",
]


def test_quoted_lines_by_find_and_by_scan_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    found = layout.quoted_lines(_TEXTS)
    monkeypatch.setattr(layout, "_FIND_PROBES", 0)  # the one-pass scan
    assert layout.quoted_lines(_TEXTS) == found
    assert 0 in found and 4 in found


def test_quoted_lines_place_not_across_texts() -> None:
    # the first characters of the line span the end of one text and the start of the next
    texts = ["说起那条小路让城市", "书房成为居民的家园", "让城市书房成为居民"]
    assert layout.quoted_lines(texts) == frozenset()


def test_normalise_offsets_without_and_with_spaces() -> None:
    plain = _normalise("＂新区＂建设")
    assert plain.chars == '"新区"建设'
    assert list(plain.offsets) == [0, 1, 2, 3, 4, 5]
    spaced = _normalise("新 区\u3000建设")
    assert spaced.chars == "新区建设"
    assert list(spaced.offsets) == [0, 2, 4, 5]


def test_vocabulary_dot_over_shared_pairs_equals_the_full_sum() -> None:
    from zjnews.chinese import Vocabulary, _pair_counts

    first = Vocabulary.once("城市书房成为居民的精神家园，书房里有书")
    second = Vocabulary.once("居民的书房，城市的家园")
    full = sum(count * second.table.get(code, 0) for code, count in first.table.items())
    assert first.dot(second.table) == full > 0
    assert first.dot(dict(_pair_counts("完全不同的文字"))) == 0
    # a mapping that is no dict takes the plain path
    from types import MappingProxyType

    assert first.dot(MappingProxyType(second.table)) == full


def test_pair_counts_counts_each_run() -> None:
    from zjnews.chinese import _pair_counts, decode_pair

    counts = _pair_counts("书房书房，书房 a 书")
    assert {decode_pair(code): n for code, n in counts.items()} == {"书房": 3, "房书": 1}


def test_fold_is_the_translation() -> None:
    from zjnews.dedup import _FOLD, _fold

    for text in ("“新区”建设，（一）ＡＢＣ１２３！", "「引」『号』‘单’＇＂", "没有要换的字", ""):
        assert _fold(text) == text.translate(_FOLD)
