"""The one text preparation: line ends, control characters and hidden paragraph breaks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zjnews
from strategies import any_text, clean_pages, wrap_spaces
from zjnews.blocks import split_blocks
from zjnews.conservation import replay_repairs
from zjnews.prepare import PARAGRAPH_BREAK, normalize_newlines, prepare_text, split_hidden_paragraph_breaks
from zjnews.repair import PASSES, apply_repairs


def test_a_short_printed_line_ending_a_sentence_is_a_paragraph_end() -> None:
    # printed lines of ~17 characters; "充裕。" is a short last line
    line = (
        "过去，由于地处山间，溪流湍 急，且缺乏自然水塘水库，回山 镇双彩片区饮用水源不足，水资 "
        "源相对充裕。 二〇二〇年两镇合并后，呼声最高"
    )
    marked = split_hidden_paragraph_breaks(line)
    assert marked.count(PARAGRAPH_BREAK) == 1
    assert [b.text for b in split_blocks(marked)][1].startswith("二〇二〇年")


def test_a_sentence_end_that_fills_its_printed_line_is_only_a_wrap() -> None:
    line = (
        "为推动年轻党员干部成长 成才，今年以来，天台县三 合镇着力优化年轻干部管育 "
        "链条，扎实推进清廉机关。 同时积极开展家访行动，进"
    )
    assert split_hidden_paragraph_breaks(line) == line


def test_without_wrap_spaces_a_space_after_a_sentence_end_is_a_paragraph_end() -> None:
    assert split_hidden_paragraph_breaks("目前已确定结对师徒二十六对。 年轻干部不仅需要完整的培养") == (
        "目前已确定结对师徒二十六对。" + PARAGRAPH_BREAK + "年轻干部不仅需要完整的培养"
    )


def test_no_break_before_a_comma_or_in_latin_text() -> None:
    for text in ("Version 3.0. It works", "数字化改革。 ，仍需努力", "好。 ）"):
        assert split_hidden_paragraph_breaks(text) == text


def test_the_break_comes_after_a_closing_quote() -> None:
    # printed lines of 12 characters; "好。”" ends a short line and the next line is indented
    line = (
        "我们村里的路修好以后，大 家出门方便多了，老人和孩 子都很高兴，他笑着说：“ 好。” "
        "现在村民们都很愿意留 下来发展产业，日子越过越 红火，收入也是一年比一年 高了"
    )
    assert [len(piece) for piece in line.split(" ")] == [12, 12, 12, 3, 10, 12, 12, 2]
    assert split_hidden_paragraph_breaks(line) == line.replace("好。” ", "好。”" + PARAGRAPH_BREAK, 1)


def test_without_a_printed_width_a_closing_quote_is_most_often_followed_by_its_speaker() -> None:
    text = "“我们一定会把路修好，让大家出门更方便。” 村党支部书记李明说。"
    assert split_hidden_paragraph_breaks(text) == text


def test_the_break_keeps_every_position() -> None:
    text = "目前已确定结对师徒二十六对。   年轻干部己经开始培养,效果好。\n"
    prepared = prepare_text(text)
    assert len(prepared) == len(text)
    assert prepared == text.replace("。 ", "。" + PARAGRAPH_BREAK, 1)


def test_the_repair_log_replays_on_the_decoded_text_after_a_hidden_break() -> None:
    text = "目前已确定结对师徒二十六对。   年轻干部己经开始培养,效果好。\n"
    page = zjnews.parse_text(text)
    assert page.repairs
    repaired = zjnews.repair_text(prepare_text(text)).text
    assert replay_repairs(text, page.repairs) == repaired  # from the decoded text
    assert replay_repairs(prepare_text(text), page.repairs) == repaired  # on the prepared text
    # and pass by pass with apply_repairs on the decoded text itself, as docs/model.md says
    replayed = text
    for registered in PASSES:
        replayed = apply_repairs(replayed, [r for r in page.repairs if r.pass_name == registered.name])
    assert prepare_text(replayed) == repaired


def test_crlf_and_cr_line_ends_are_prepared_once() -> None:
    text = "近日，梅山港正式开通夜间集装箱快线。 据介绍,企业可以查询。\r\n\r\n第二段,内容。\r"
    page = zjnews.parse_text(text)
    assert not page.unaccounted(text)
    assert replay_repairs(text, page.repairs) == zjnews.repair_text(prepare_text(text)).text
    assert zjnews.parse_text(text.replace("\r\n", "\n").replace("\r", "\n")) == page


@pytest.mark.parametrize(
    "text",
    ["好。 #1号选手出场，表现出色。", "活动圆满结束。 #杭州亚运会# 话题阅读量破亿。"],
)
def test_a_hash_after_a_sentence_end_is_text(text: str) -> None:
    assert PARAGRAPH_BREAK not in prepare_text(text)
    page = zjnews.parse_text(text + "\n")
    assert not page.unaccounted(text)
    assert "".join(page[0].paragraphs).replace(" ", "") == text.replace(" ", "")
    assert not page.removed


def test_a_run_much_longer_than_the_printed_line_does_not_hide_a_paragraph_end() -> None:
    # printed lines of 12 characters, then a run of 40 characters that ends a paragraph
    wrapped = " ".join(["这是一行十二个字的正文内容"[:12]] * 5)
    long_run = "第二段文字很长" * 5 + "到此结束了。"
    line = f"{wrapped} {long_run} 第三段从这里开始，继续叙述。"
    marked = split_hidden_paragraph_breaks(line)
    assert marked.count(PARAGRAPH_BREAK) == 1
    assert marked.index(PARAGRAPH_BREAK) == line.index("。 第三段") + 1


def test_a_run_of_the_printed_width_stays_a_wrap() -> None:
    wrapped = " ".join(["这是一行十二个字的正文内容"[:12]] * 5)
    line = f"{wrapped} 这一行正好十二个字结束了。 下一行继续叙述同一段"
    assert split_hidden_paragraph_breaks(line) == line


def test_control_characters_alone_are_an_empty_input_everywhere() -> None:
    for text in ("\x00", "\x00\x07\n", "\x0c \r\n"):
        with pytest.raises(zjnews.EmptyInputError):
            zjnews.parse_text(text)
        with pytest.raises(zjnews.EmptyInputError):
            zjnews.parse_bytes(text.encode("utf-8"))


def test_newlines() -> None:
    assert normalize_newlines("a\r\nb\rc\td\x00") == "a\nb\nc\td"


@given(st.one_of(any_text(), clean_pages().map(lambda t: wrap_spaces(t, 7)), st.text(max_size=60)))
def test_preparation_is_idempotent_and_changes_only_breaks_and_line_ends(text: str) -> None:
    normalised = normalize_newlines(text)
    once = prepare_text(text)
    assert prepare_text(once) == once
    assert len(once) == len(normalised)
    assert all(a == b or (a == PARAGRAPH_BREAK and b in " \t\u3000") for a, b in zip(once, normalised, strict=True))


def test_the_log_replays_on_the_decoded_text_when_mojibake_stands_on_both_sides_of_a_break() -> None:
    def garbled(text: str) -> str:
        return text.encode("utf-8").decode("cp1252", errors="replace")

    text = garbled("今年以来，全区新建社区食堂") + "。 " + garbled("每天为两千多位老人供餐") + "。\n"
    page = zjnews.parse_text(text)
    assert any(r.pass_name == "mojibake" for r in page.repairs)
    replayed = text
    for registered in PASSES:
        replayed = apply_repairs(replayed, [r for r in page.repairs if r.pass_name == registered.name])
    assert replayed.replace(" ", "") == zjnews.repair_text(prepare_text(text)).text.replace(PARAGRAPH_BREAK, "")
