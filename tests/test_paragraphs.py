"""Paragraph boundaries: a hidden paragraph end inside a wrapped line weighed on its evidence, and
a subhead or summary line that quotes the text below it (texts written for the tests)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zjnews
from zjnews.assemble import lay_out
from zjnews.assemble import links as links_module
from zjnews.assemble.layout import QUOTED_LENGTH, quoted_lines
from zjnews.assemble.weights import weights
from zjnews.model import Block, Role
from zjnews.paragraph_weights import paragraph_weights
from zjnews.prepare import (
    PARAGRAPH_BREAK,
    hidden_break_candidates,
    hidden_break_evidence,
    hidden_break_score,
    prepare_page,
    prepare_text,
    split_hidden_paragraph_breaks,
)

T, B = Role.TITLE, Role.BODY
_LINE = "这是一行十二个字的正文内容"[:12]


def blocks(*items: tuple[Role, str]) -> tuple[Block, ...]:
    return tuple(Block(n, 2 * n + 1, text, role=role) for n, (role, text) in enumerate(items))


# hidden paragraph breaks inside a wrapped line


def test_the_weights_table_holds_every_signal_the_evidence_gives() -> None:
    weights = paragraph_weights("hidden_break")
    signals = hidden_break_evidence(12, 12, 10, False, True)
    assert set(signals) <= set(weights)
    assert "threshold" in weights


def test_a_full_printed_line_before_an_indented_one_is_a_paragraph_end() -> None:
    # lines of 12 characters; the sentence end fills its line, the next line is 2 shorter
    line = f"{_LINE} {_LINE} 这一行正好十二字结束了。 新的一段就从这里开始 {_LINE} {_LINE} 尾"
    assert [len(piece) for piece in line.split(" ")] == [12, 12, 12, 10, 12, 12, 1]
    assert split_hidden_paragraph_breaks(line) == line.replace("了。 ", "了。" + PARAGRAPH_BREAK, 1)


def test_a_full_printed_line_before_a_full_one_is_a_wrap() -> None:
    line = f"{_LINE} {_LINE} 这一行正好十二字结束了。 同一段在下一行里继续地说 {_LINE} {_LINE} 尾"
    assert [len(piece) for piece in line.split(" ")] == [12, 12, 12, 12, 12, 12, 1]
    assert split_hidden_paragraph_breaks(line) == line


def test_runs_that_agree_on_no_width_leave_a_space_after_a_sentence_end_a_break() -> None:
    # two long runs split by stray spaces show no printed width: the median of 300 and 500
    # characters is no line, so a sentence end at the end of a run of that length is no wrap
    first = "第一段文字" * 59 + "到此结束。"
    second = "第二段文字" * 99 + "也结束了。"
    line = f"{first} {second} 短句 再短"
    assert split_hidden_paragraph_breaks(line).count(PARAGRAPH_BREAK) == 2


def test_an_ascii_quote_after_the_space_opens_a_paragraph_when_the_quotes_before_are_paired() -> None:
    text = '他说:"我们会做好。"随后离开了现场。 "明年还要再来。"村民说'
    marked = split_hidden_paragraph_breaks(text)
    assert marked == text.replace('现场。 "', "现场。" + PARAGRAPH_BREAK + '"', 1)


def test_an_ascii_quote_after_the_space_that_closes_the_open_quote_is_no_break() -> None:
    text = '他说:"我们会做好。 "随后离开了现场,大家都很满意'
    assert split_hidden_paragraph_breaks(text) == text
    assert list(hidden_break_candidates(text)) == []


def test_candidates_give_the_positions_the_break_keeps() -> None:
    line = "目前已确定结对师徒二十六对。   年轻干部已经开始培养"
    ((end, start, signals),) = hidden_break_candidates(line)
    assert line[end - 1] == "。" and line[start] == "年"
    assert signals["no_width"] == 1.0
    assert hidden_break_score(signals) > 0


@given(st.integers(8, 30), st.integers(4, 9), st.booleans())
def test_a_sentence_end_filling_its_line_scores_lower_than_one_ending_short(
    width: int, pieces: int, quote: bool
) -> None:
    full = hidden_break_evidence(width, width, None, False, quote)
    short = hidden_break_evidence(width, width // 2, None, False, quote)
    assert hidden_break_score(full) < hidden_break_score(short)
    indented = hidden_break_evidence(width, width, width - 2, False, quote)
    continued = hidden_break_evidence(width, width, width, False, quote)
    assert hidden_break_score(indented) > hidden_break_score(continued)


# a subhead or summary line quoting the text below it


def test_a_short_line_printed_again_inside_a_longer_block_is_quoted() -> None:
    texts = [
        "村里的书屋去年建成，藏书三千册。",
        "让乡村书屋成为村民的精神家园",
        "书屋每天开放到晚上九点，志愿者说，要让乡村书屋成为村民的精神家园。",
    ]
    assert quoted_lines(texts) == frozenset({1})


def test_an_exact_repeat_a_sentence_or_a_very_short_line_is_not_quoted() -> None:
    line = "让乡村书屋成为村民的精神家园"
    assert quoted_lines([line, line]) == frozenset()  # a duplicated block
    assert quoted_lines(["书屋建成了。", "村民说书屋建成了。真好"]) == frozenset()
    assert quoted_lines(["书屋", "村里的书屋建成了"]) == frozenset()
    assert quoted_lines(["短" * (QUOTED_LENGTH[1] + 1), "长" + "短" * (QUOTED_LENGTH[1] + 1)]) == frozenset()


@pytest.mark.parametrize("quoted", [True, False])
def test_the_layout_marks_the_quoting_line(quoted: bool) -> None:
    subhead = "让乡村书屋成为村民的精神家园"
    below = "书屋每天开放到晚上九点，志愿者说，要" + (subhead if quoted else "办好书屋") + "。"
    layout = lay_out(blocks((T, "乡村书屋开门迎客"), (B, "村里的书屋去年建成，藏书三千册。"), (B, subhead), (B, below)))
    assert [body.quoted for body in layout.bodies] == [False, quoted, False]


def test_a_subhead_quoting_the_text_below_ends_its_paragraph() -> None:
    subhead = "让乡村书屋成为村民的精神家园"
    items = (
        (T, "乡村书屋开门迎客"),
        (B, "城南村新建的乡村书屋上周正式开放，上架图书两千余册，村民们纷纷前来借阅。"),
        (B, subhead),
        (B, "书屋每天开放到晚上九点，志愿者轮流值守，村民说，要" + subhead + "。"),
    )
    layout = lay_out(blocks(*items))
    scoring = links_module._scoring(layout)
    score, evidence = scoring.paragraph_end(1, 2)
    assert ("quoted_below", weights("paragraph_end")["quoted_below"]) in evidence
    # without the quote below, the same line reads as the start of a paragraph broken off
    plain = lay_out(blocks(*items[:3], (B, "书屋每天开放到晚上九点，志愿者轮流值守，村民都很满意。")))
    plain_score, _ = links_module._scoring(plain).paragraph_end(1, 2)
    assert score > 0 >= plain_score
    page = zjnews.parse_text("\n\n".join(("# " + items[0][1], *(text for _, text in items[1:]))))
    assert subhead in page.articles[0].paragraphs


# decisions


@given(st.text(alphabet='这是一行文字。！？” \n"', max_size=80))
def test_the_page_preparation_marks_the_same_breaks_as_the_text_preparation(text: str) -> None:
    prepared, decisions = prepare_page(text)
    assert prepared == prepare_text(text)
    assert sum(d.score > 0 for d in decisions) == prepared.count(PARAGRAPH_BREAK)


def test_each_weighed_sentence_end_is_a_decision_on_the_page() -> None:
    wrap = f"{_LINE} {_LINE} 这一行正好十二字结束了。 同一段在下一行里继续地说 {_LINE} {_LINE} 尾"
    text = "# 乡村书屋开门迎客\n\n" + wrap + "\n\n目前已确定结对师徒二十六对。 年轻干部已经开始培养。\n"
    page = zjnews.parse_text(text)
    breaks = [d for d in page.decisions if d.kind == "paragraph_break"]
    assert [(d.lines, d.score > 0) for d in breaks] == [((3,), False), ((5,), True)]
    assert dict(breaks[0].evidence)["left_full"] < 0
    assert dict(breaks[1].evidence)["no_width"] < 0
