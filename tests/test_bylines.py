"""Bylines in every placement, and the author names read from them (expected values written by hand)."""

from __future__ import annotations

import pytest

from zjnews.bylines import (
    authors_of,
    is_byline_line,
    is_trailing_byline,
    split_leading_dateline,
    split_trailing_byline,
)


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("本报讯（记者 林晓峰）", ("林晓峰",)),
        ("本报讯（记者 沈佳怡 通讯员 何志远）", ("沈佳怡", "何志远")),
        ("本报讯(记者 方雨 童立新 通讯员 叶蓓)", ("方雨", "童立新", "叶蓓")),
        ("本报杭州11月22日讯（记者 林晓峰）", ("林晓峰",)),
        ("新华社杭州11月22日电（记者 林晓峰）", ("林晓峰",)),
        ("本报记者 钱瑶 蹲点地点：青溪镇", ("钱瑶",)),
        ("沈佳怡 何志远", ("沈佳怡", "何志远")),
        ("钱 瑶", ("钱瑶",)),
        ("（沈佳怡 何志远）", ("沈佳怡", "何志远")),
        ("(方雨 童 立新 叶蓓)", ("方雨", "童立新", "叶蓓")),  # a wrap space inside a name
        ("（方雨童立新叶蓓）", ("方雨", "童立新", "叶蓓")),  # the spaces between names lost
        ("（欧阳晓明）", ("欧阳晓明",)),
    ],
)
def test_authors_without_roles_or_inner_spaces(byline: str, authors: tuple[str, ...]) -> None:
    assert authors_of(byline) == authors


def test_a_leading_dateline_is_split_off_the_first_paragraph() -> None:
    assert split_leading_dateline("本报讯（记者 林晓峰）周六清晨，志愿者来到海滩。") == (
        "本报讯（记者 林晓峰）",
        "周六清晨，志愿者来到海滩。",
    )
    assert split_leading_dateline("周六清晨（上午八点），志愿者来到海滩。") is None


def test_an_inline_trailing_byline_follows_the_last_sentence() -> None:
    assert split_trailing_byline("助力优化营商环境。（沈佳怡 何志远）") == ("助力优化营商环境。", "（沈佳怡 何志远）")
    # a parenthesis that is not a list of names stays in the text
    assert split_trailing_byline("公布第四批示范县（市、区）") is None
    assert split_trailing_byline("公布了名单（试行）") is None
    # after text cut off mid-sentence, only person names: the end of the text was lost in the dump
    assert split_trailing_byline("成立了工作专班（林晓峰）") == ("成立了工作专班", "（林晓峰）")


def test_byline_lines() -> None:
    assert is_trailing_byline("（薛杨杨 甘凌峰）")
    assert not is_trailing_byline("（市、区）")
    assert is_byline_line("本报记者 林晓峰")
    assert is_byline_line("谢 婷")
    assert not is_byline_line("增值零距离 服务更圈粉")
    assert not is_byline_line("武莲海种 致富花开")


def test_a_byline_after_text_cut_off_mid_sentence() -> None:
    assert split_trailing_byline("新老师带来了一箱图书，还教大家唱(林晓峰 王小明)") == (
        "新老师带来了一箱图书，还教大家唱",
        "(林晓峰 王小明)",
    )
    # a bracketed place or alias after cut text is no byline
    assert split_trailing_byline("这家企业在当地注册成立了分公司(北京)") is None


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("今年全村集体经济收入达到120(林晓峰 王小明)", "今年全村集体经济收入达到120"),
        ("为保证教学的规范性和统一性，(林晓峰)", "为保证教学的规范性和统一性，"),
        ("图书驿站已经开放。（相关报道见第三版） （林晓峰）", "图书驿站已经开放。（相关报道见第三版）"),
    ],
)
def test_a_byline_after_text_cut_off_at_a_number_a_comma_or_a_note(text: str, rest: str) -> None:
    byline = split_trailing_byline(text)
    assert byline is not None and byline[0] == rest
    assert split_trailing_byline(text.replace("林晓峰", "北京")) is None  # no person's name


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("本报讯 记者 林晓峰 通讯员 王小明", ("林晓峰", "王小明")),
        ("本报特约摄影记者 周海", ("周海",)),
        ("驻京记者 陈思远", ("陈思远",)),
    ],
)
def test_byline_lines_with_composed_roles_and_no_brackets(line: str, authors: tuple[str, ...]) -> None:
    assert is_byline_line(line)
    assert authors_of(line) == authors


def test_a_role_word_broken_by_a_wrap_space_is_no_name() -> None:
    assert authors_of("本报讯（记者 林晓峰 通讯 员 王小明 周海）") == ("林晓峰", "王小明", "周海")
