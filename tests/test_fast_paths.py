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
