"""Blocks: splitting the dump, heading marks, wrapped lines, paragraph ends hidden in wrap spaces."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import given

from strategies import any_text, clean_pages
from zjnews.blocks import PARAGRAPH_BREAK, join_lines, split_blocks


def test_blocks_are_runs_of_lines_and_keep_their_line_numbers() -> None:
    text = "## 青溪镇建起乡村图书驿站\n\n走进青溪镇云岭村的文化礼堂，\n一排排书架整齐摆放。\n\n\n#\n\n（林晓峰）\n"
    blocks = split_blocks(text)
    assert [(b.line, b.text, b.heading_level) for b in blocks] == [
        (1, "青溪镇建起乡村图书驿站", 2),
        (3, "走进青溪镇云岭村的文化礼堂，一排排书架整齐摆放。", 0),
        (9, "（林晓峰）", 0),
    ]


def test_a_heading_line_is_a_block_of_its_own() -> None:
    blocks = split_blocks("正文的最后一句。\n# 下一篇的标题\n下一篇的正文。")
    assert [b.text for b in blocks] == ["正文的最后一句。", "下一篇的标题", "下一篇的正文。"]


def test_latin_words_keep_a_space_across_a_wrap() -> None:
    assert join_lines(["使用 ChatGPT", "and AIGC 工具"]) == "使用 ChatGPT and AIGC 工具"
    assert join_lines(["社区", "食堂"]) == "社区食堂"



def test_blocks_keep_the_blank_gap_above_them_and_their_last_line() -> None:
    text = "第一段文字写在这里。\n\n第二段文字接着写。\n\n\n\n图片说明文字\n\n第三段文字。\n"
    blocks = split_blocks(text)
    assert [(b.line, b.end_line, b.gap_before) for b in blocks] == [(1, 1, 0), (3, 3, 1), (7, 7, 3), (9, 9, 1)]


def test_a_dump_without_blank_lines_has_one_block_per_line() -> None:
    text = "# 山村小学来了新老师\n本报记者 林晓峰\n开学第一天，教室里坐满了学生。\n新老师带来了一箱图书。\n"
    blocks = split_blocks(text)
    assert [b.text for b in blocks] == [
        "山村小学来了新老师",
        "本报记者 林晓峰",
        "开学第一天，教室里坐满了学生。",
        "新老师带来了一箱图书。",
    ]
    assert blocks[0].heading_level == 1


def test_an_indented_line_starts_a_paragraph() -> None:
    text = "\u3000\u3000开学第一天，教室里坐满了\n学生。\n\u3000\u3000新老师带来了一箱图书。\n\n结尾一段。"
    assert [b.text for b in split_blocks(text)] == [
        "开学第一天，教室里坐满了学生。",
        "新老师带来了一箱图书。",
        "结尾一段。",
    ]


def test_bold_lines_are_headings_and_image_links_blocks_of_their_own() -> None:
    text = "**山村小学来了新老师**\n\n开学第一天，教室里坐满了学生。\n![](images/p1.jpg)\n学生们在操场上做游戏\n"
    blocks = split_blocks(text)
    assert [(b.text, b.heading_level) for b in blocks] == [
        ("山村小学来了新老师", 1),
        ("开学第一天，教室里坐满了学生。", 0),
        ("![](images/p1.jpg)", 0),
        ("学生们在操场上做游戏", 0),
    ]


@given(any_text())
def test_splitting_loses_and_invents_no_character(text: str) -> None:
    # every non-space character of the input is in some block, except heading markup (# marks
    # opening a line, the four * of an all-bold line)
    blocks = split_blocks(text)
    kept = Counter("".join(b.text for b in blocks).replace(" ", ""))
    given_chars = Counter(c for c in text if not c.isspace() and c != PARAGRAPH_BREAK)
    markup = Counter({"#": given_chars["#"] - kept["#"], "*": given_chars["*"] - kept["*"]})
    assert kept == given_chars - markup
    assert markup["#"] >= 0 and markup["*"] >= 0


@given(clean_pages())
def test_blocks_of_a_clean_page_keep_their_order_and_lines(text: str) -> None:
    blocks = split_blocks(text)
    assert [b.index for b in blocks] == list(range(len(blocks)))
    assert all(b.line <= b.end_line for b in blocks)
    assert all(a.end_line < b.line for a, b in itertools.pairwise(blocks))
    assert all(b.gap_before == (1 if k else 0) for k, b in enumerate(blocks))
