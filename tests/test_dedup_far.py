"""Overlaps between body blocks that are not neighbours: an open ending that repeats the head of
an earlier block (its continuation, printed further up) is a re-read line and goes; text
printed twice on purpose stays. Texts written for these tests."""

from __future__ import annotations

from collections import Counter

from hypothesis import given

from strategies import clean_pages, reread_pages
from zjnews.blocks import split_blocks
from zjnews.dedup import remove_duplicates
from zjnews.model import Block
from zjnews.options import Options
from zjnews.roles import assign_roles

OPTIONS = Options()

CONTINUATION = (
    "作，让居民在家门口就能享受绿色空间。去年秋天开始，全市二十个街道陆续试点，"
    "新建的口袋公园受到附近居民的欢迎，周末常常坐满了人。"
)
BETWEEN = "公园的日常维护由社区志愿者承担，每周轮流清扫落叶、修剪花木。"
BEGINNING = "园林部门负责人介绍，下一步将继续推进口袋公园建设工"


def _blocks(text: str) -> tuple[Block, ...]:
    return assign_roles(split_blocks(text), OPTIONS).blocks


def _dedup(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    result = remove_duplicates(_blocks(text), OPTIONS)
    return [b.text for b in result.blocks], [(d.text, d.reason) for d in result.duplicates]


def test_an_open_ending_that_repeats_an_earlier_head_is_removed_and_recorded() -> None:
    reread = CONTINUATION[:22]  # 作，让居民…去年秋天开: breaks off inside a clause
    kept, removed = _dedup(f"# 口袋公园\n\n{CONTINUATION}\n\n{BETWEEN}\n\n{BEGINNING}{reread}")
    assert kept[-1] == BEGINNING
    assert CONTINUATION in kept
    assert removed == [(reread, "overlap")]


def test_an_ocr_variant_inside_the_reread_is_allowed() -> None:
    reread = CONTINUATION[:22].replace("享", "亨")
    kept, removed = _dedup(f"# 口袋公园\n\n{CONTINUATION}\n\n{BETWEEN}\n\n{BEGINNING}{reread}")
    assert kept[-1] == BEGINNING
    assert removed == [(reread, "overlap")]


def test_a_repeat_that_starts_a_clause_is_kept() -> None:
    # the same words after a full stop: a quote or a stock phrase printed twice
    ending = "园林部门负责人介绍了今年的计划。" + CONTINUATION[2:22]
    head = CONTINUATION[2:]
    kept, removed = _dedup(f"# 口袋公园\n\n{head}\n\n{BETWEEN}\n\n{ending}")
    assert removed == []
    assert kept[-1] == ending


def test_a_repeat_where_the_earlier_copy_ends_a_sentence_is_kept() -> None:
    # a summary line printed without its stop, repeated by the text
    summary_head = "作，让居民在家门口就能享受绿色空间。去年秋天开始全市试点口袋公园"
    earlier = summary_head + "。全市二十个街道陆续试点，新建的口袋公园受到附近居民的欢迎，周末常常坐满了人。"
    kept, removed = _dedup(f"# 口袋公园\n\n{earlier}\n\n{BETWEEN}\n\n{BEGINNING}{summary_head}")
    assert removed == []
    assert kept[-1] == BEGINNING + summary_head


def test_a_short_repeat_is_kept() -> None:
    reread = CONTINUATION[:12]
    kept, removed = _dedup(f"# 口袋公园\n\n{CONTINUATION}\n\n{BETWEEN}\n\n{BEGINNING}{reread}")
    assert removed == []
    assert kept[-1] == BEGINNING + reread


def _chars(texts: list[str]) -> Counter[str]:
    return Counter("".join(texts))


@given(reread_pages())
def test_reread_pages_keep_the_paragraph_whole_and_record_every_removal(
    case: tuple[str, str, str, str],
) -> None:
    page, beginning, continuation, _ = case
    blocks = _blocks(page)
    result = remove_duplicates(blocks, OPTIONS)
    kept = [b.text for b in result.blocks]
    # nothing printed once is lost, and every removed character is recorded
    assert continuation in kept
    assert any(text.startswith(beginning) for text in kept)
    assert _chars([b.text for b in blocks]) == _chars(kept) + _chars([d.text for d in result.duplicates])


@given(reread_pages())
def test_removing_duplicates_is_idempotent_on_reread_pages(case: tuple[str, str, str, str]) -> None:
    first = remove_duplicates(_blocks(case[0]), OPTIONS)
    again = remove_duplicates(first.blocks, OPTIONS)
    assert again.duplicates == ()
    assert again.blocks == first.blocks


@given(clean_pages())
def test_clean_pages_lose_nothing_that_is_not_recorded(page: str) -> None:
    blocks = _blocks(page)
    result = remove_duplicates(blocks, OPTIONS)
    assert _chars([b.text for b in blocks]) == _chars([b.text for b in result.blocks]) + _chars(
        [d.text for d in result.duplicates]
    )


def test_a_reread_ending_after_an_opening_bracket_is_removed() -> None:
    # a line that breaks off after "(" is open like one that breaks off after a character
    upper = "社区食堂的套餐售价为每份十五元("
    lower = "含一荤两素),食堂的套餐售价为每份十五元("
    kept, removed = _dedup(f"# 社区食堂\n\n{upper}\n\n{lower}\n\n老人凭卡就餐还可以再减三元。")
    assert removed == [("食堂的套餐售价为每份十五元(", "overlap")]
    assert kept[2] == "含一荤两素),"
