"""Blocks: splitting the dump, heading marks, wrapped lines, paragraph ends hidden in wrap spaces."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import given

from strategies import any_text, clean_pages
from zjnews.blocks import PARAGRAPH_BREAK, join_lines, split_blocks, wrap_runs


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


def _wrapped(paragraphs: list[str], width: int, *, indent: str = "\u3000\u3000") -> list[str]:
    """Each paragraph wrapped to ``width`` characters, ``indent`` opening its first line inside
    the width (as an exporter sets it)."""
    lines: list[str] = []
    for paragraph in paragraphs:
        text = indent + paragraph
        lines += [text[i : i + width] for i in range(0, len(text), width)]
    return lines


_BODY = [
    "开学第一天，山村小学的教室里坐满了学生，大家都在等新老师的到来，校长也早早来到学校。",
    "新老师带来了一箱图书，还有一台投影仪，孩子们围在讲台边一本一本地翻看新书，舍不得放下。",
    "校长说，明年还要再建一间图书室，让每个孩子都能读到自己喜欢的书，村里的家长都很高兴。",
]


def test_an_indent_inside_the_width_keeps_a_short_first_line_a_full_one() -> None:
    # the first line holds two indent cells and 10 characters: at the width, not a block end
    lines = ["山村小学来了新老师", *_wrapped(_BODY, 12)]
    blocks = split_blocks("\n".join(lines))
    assert [b.text for b in blocks] == ["山村小学来了新老师", *_BODY]


def test_a_heading_one_short_of_the_width_ends_its_block() -> None:
    heading = "山村小学秋天迎来了新老师"
    assert len(heading) == 12  # the width less one
    lines = [*_wrapped(_BODY[:2], 13), heading, "本报记者 林晓峰", *_wrapped(_BODY[2:], 13)]
    blocks = split_blocks("\n".join(lines))
    assert [b.text for b in blocks] == [*_BODY[:2], heading, "本报记者 林晓峰", *_BODY[2:]]


def test_a_line_one_short_because_a_mark_moved_down_runs_on() -> None:
    # an opening quote may not end a line: the wrapper moves it down, its line one short
    first = "\u3000\u3000校长在开学典礼上说："
    paragraph = first.strip() + "“明年还要再建一间图书室。”大家鼓掌。"
    lines = [*_wrapped(_BODY[:2], 13), first, "“明年还要再建一间图书室。", "”大家鼓掌。", *_wrapped(_BODY[2:], 13)]
    assert len(first) == 12
    blocks = split_blocks("\n".join(lines))
    assert [b.text for b in blocks] == [*_BODY[:2], paragraph, *_BODY[2:]]


def test_a_latin_word_moved_down_whole_is_no_block_end() -> None:
    first = "今年秋天，村里的孩子们都会在课堂"
    above = "上第一次用上了一款新的学习"  # 13 characters of 16: "APP" did not fit
    paragraph = first + above + "APP学习英语。"
    lines = [*_wrapped(_BODY, 16, indent=""), first, above, "APP学习英语。", *_wrapped(_BODY, 16, indent="")]
    blocks = split_blocks("\n".join(lines))
    assert [b.text for b in blocks] == [*_BODY, paragraph, *_BODY]


def test_a_paragraph_break_inside_a_line_is_no_image_gap_between_single_newlines() -> None:
    text = "\n".join(["标题一行", f"第一段结束。{PARAGRAPH_BREAK}第二段开始。", "第三段。", "第四段。"])
    blocks = split_blocks(text)
    assert [b.text for b in blocks] == ["标题一行", "第一段结束。", "第二段开始。", "第三段。", "第四段。"]
    assert [b.gap_before for b in blocks] == [0, 0, 0, 0, 0]


def test_the_layout_is_read_on_the_lines_as_the_dump_gave_them() -> None:
    lines = ["山村小学来了新老师", *_wrapped(_BODY, 12)]
    text = "\n".join(lines)
    repaired = text.replace("坐满了学生", "坐满学生")  # a repair made one line shorter
    assert len(split_blocks(repaired)) > len(split_blocks(repaired, layout=text)) == 4


def test_wrap_runs_are_the_wrapped_blocks_of_a_wrapped_dump() -> None:
    lines = ["山村小学来了新老师", *_wrapped(_BODY, 12)]
    runs = wrap_runs(lines)
    assert ["".join(lines[a:b]).strip() for a, b in runs] == _BODY
    assert wrap_runs(["第一段文字。", "", "第二段文字。", "", "第三段文字。"]) == []
