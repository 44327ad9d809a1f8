"""Jump marks (``（下转第二版）``) set apart from the text they were run into, and the
single-newline convention read on the dump's own lines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import zjnews
from strategies import paragraphs
from zjnews.blocks import split_blocks
from zjnews.jumps import JUMP_LINE, jump_pieces
from zjnews.prepare import prepare_text

_MARKS = ("（下转第二版）", "(下转第3版)", "（上接第一版）", "（转第12版）", "（紧接第1版）")


def _ink(text: str) -> str:
    return "".join(text.split())


def test_mark_after_the_last_sentence_is_cut_off() -> None:
    assert jump_pieces("各地还将加大补贴力度。（下转第二版）") == ["各地还将加大补贴力度。", "（下转第二版）"]
    assert jump_pieces("他说：“就这么办。” (下转第3版)") == ["他说：“就这么办。”", "(下转第3版)"]


def test_mark_before_the_first_sentence_is_cut_off() -> None:
    assert jump_pieces("（上接第一版）据了解，今年的计划不变。") == ["（上接第一版）", "据了解，今年的计划不变。"]


def test_marks_at_both_ends() -> None:
    assert jump_pieces("（上接第一版）计划不变。（下转第四版）") == ["（上接第一版）", "计划不变。", "（下转第四版）"]


def test_text_that_only_names_a_page_is_left_whole() -> None:
    for line in (
        "他说，转第三版的事以后再谈。",
        "报纸第二版刊登了这条消息（下转第二版",  # no closing bracket: not a mark
        "（下转第二版）",  # a whole line is a mark on its own: nothing to cut
        "本报在第3版（要闻版）刊发了评论。",
    ):
        assert jump_pieces(line) == [line]


def test_every_mark_is_a_jump_line() -> None:
    for mark in _MARKS:
        assert JUMP_LINE.match(mark)


@given(paragraphs(), st.sampled_from(_MARKS), st.booleans())
def test_pieces_keep_every_character(text: str, mark: str, at_end: bool) -> None:
    line = text + mark if at_end else mark + text
    pieces = jump_pieces(line)
    assert _ink("".join(pieces)) == _ink(line)
    assert mark in pieces


@given(paragraphs())
def test_clean_text_is_one_piece(text: str) -> None:
    assert jump_pieces(text) == [text]


def test_a_mark_in_a_line_is_a_block_of_its_own() -> None:
    blocks = split_blocks("第一段的文字。\n\n补贴力度将继续加大。（下转第二版）\n\n# 下一篇的标题")
    assert [b.text for b in blocks] == ["第一段的文字。", "补贴力度将继续加大。", "（下转第二版）", "下一篇的标题"]
    assert blocks[2].line == blocks[1].line == 3


def test_single_newline_dump_stays_one_block_per_line_after_a_hidden_break() -> None:
    # The credit after the caption's sentence end makes a hidden paragraph break inside line 4;
    # the footer on line 5 must still be a block of its own, not run into line 4's text.
    text = (
        "**新线路开通运营**\n"
        "\u3000\u3000昨天上午，一条新线路正式开通运营，沿线市民出行更加便捷。\n"
        "\u3000\u3000新线路全长二十余公里，共设车站十六座。\n"
        "首班列车驶出车站。 本报记者 张伟 摄\n"
        "责任编辑 赵亮\n"
    )
    lines = [b.text for b in split_blocks(prepare_text(text))]
    assert lines[-1] == "责任编辑 赵亮"


def test_jump_marks_and_footer_are_kept_out_of_articles() -> None:
    text = (
        "**全省春耕备耕工作全面展开**\n"
        "本报讯 记者 王明\n"
        "\u3000\u3000连日来，全省各地抢抓农时，组织农户开展春耕备耕，田间地头一片繁忙。\n"
        "\u3000\u3000据了解，今年全省计划粮食播种面积保持稳定，各地还将加大补贴力度。（下转第二版）\n"
        "**新线路开通运营**\n"
        "\u3000\u3000本报记者 张伟\n"
        "\u3000\u3000（上接第一版）昨天上午，一条新线路正式开通运营，沿线市民出行更加便捷。\n"
        "\u3000\u3000市民陈女士说：“以前上班要换乘两次，现在一趟就到了。”\n"
        "责任编辑 赵亮\n"
    )
    page = zjnews.parse_text(text)
    bodies = "".join(p for a in page.articles for p in a.paragraphs)
    assert "版）" not in bodies and "责任编辑" not in bodies
    assert page.articles[0].paragraphs[-1].endswith("补贴力度。")
    assert page.articles[1].paragraphs[0].startswith("昨天上午")
    reasons = {r.text: r.reason for r in page.removed}
    assert reasons["（下转第二版）"] == reasons["（上接第一版）"] == "jump line to another page"
    assert "责任编辑 赵亮" in reasons
