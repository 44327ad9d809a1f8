"""Reconstruction on synthetic pages composed from parts: each mechanism alone, then all at once."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import zjnews
from synthetic import ARTICLES, ArticleSpec, SyntheticPage, render, synthetic_pages


def spec(source: int, **changes: object) -> ArticleSpec:
    base: dict[str, object] = {
        "source": source,
        "heading_marks": 0,
        "kicker": None,
        "subtitle": None,
        "authors": ("林晓峰",),
        "byline_form": "dateline",
        "break_paragraph": None,
        "break_at": 0.5,
        "dropped": "",
        "duplicate": "",
        "headshot": False,
    }
    base.update(changes)
    return ArticleSpec(**base)  # type: ignore[arg-type]


def check(page: SyntheticPage) -> zjnews.Page:
    parsed = zjnews.parse_text(page.text)
    assert [a.title for a in parsed] == [a.title for a in page.articles]
    for got, want in zip(parsed, page.articles, strict=False):
        assert got.paragraphs == want.paragraphs, got.title
        assert got.authors == want.authors, got.title
        assert got.kicker == want.kicker, got.title
        assert got.subtitle == want.subtitle, got.title
        assert sorted(str(c) for c in got.captions) == sorted(want.captions), got.title
    removed = sorted(d.text for d in parsed.duplicates)
    assert removed == sorted(page.duplicates)
    return parsed


@pytest.mark.parametrize("marks", [0, 1, 2, 4])
def test_headings_with_and_without_marks(marks: int) -> None:
    check(render((spec(0, heading_marks=marks), spec(1, heading_marks=marks), spec(2, heading_marks=marks))))


def test_headline_group_kicker_title_subtitle() -> None:
    check(render((spec(0, kicker="文化惠民进乡村", subtitle="——来自基层一线的报道"), spec(3))))


@pytest.mark.parametrize("form", ["dateline", "line", "names", "trailing", "inline", "none"])
def test_every_byline_placement(form: str) -> None:
    authors = ("沈佳怡", "何志远") if form != "dateline" else ("林晓峰",)
    parsed = check(render((spec(0, byline_form=form, authors=authors), spec(4))))
    if form != "none":
        assert parsed[0].byline is not None
        assert "沈佳怡" not in "".join(parsed[0].paragraphs)


def test_names_with_inner_space_lose_it() -> None:
    parsed = check(render((spec(1, byline_form="names", authors=("钱 瑶",)), spec(2))))
    assert parsed[0].authors == ("钱瑶",)


@pytest.mark.parametrize("where", [0.3, 0.5, 0.7])
@pytest.mark.parametrize("dropped", ["", "caption", "credit", "headshot"])
def test_paragraph_broken_at_a_column_break(where: float, dropped: str) -> None:
    check(render((spec(5, break_paragraph=0, break_at=where, dropped=dropped), spec(6, break_paragraph=1))))


def test_exact_repeat_is_removed_once() -> None:
    page = render((spec(0, duplicate="exact"), spec(2)))
    parsed = check(page)
    assert [d.reason for d in parsed.duplicates] == ["exact"]


def test_overlapping_repeat_is_removed() -> None:
    page = render((spec(3, duplicate="overlap"), spec(4)))
    parsed = check(page)
    assert [d.reason for d in parsed.duplicates] == ["overlap"]


def test_headshot_lines_after_the_article() -> None:
    check(render((spec(7, byline_form="line", authors=("沈佳怡", "何志远"), headshot=True), spec(1))))


def test_fragment_moved_before_its_heading() -> None:
    page = render(
        (spec(0, byline_form="line", headshot=True), spec(3, byline_form="line", authors=("方雨",)), spec(5)),
        moved_fragment=True,
    )
    check(page)


@pytest.mark.parametrize("count", [2, 3])
def test_interleaved_continuations_at_the_end_of_the_page(count: int) -> None:
    specs = (spec(0, byline_form="line"), spec(3, byline_form="names"), spec(4), spec(7, byline_form="line"))
    check(render(specs, interleave=count))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(synthetic_pages())
def test_composed_pages_parse_as_built(page: SyntheticPage) -> None:
    check(page)


def test_jump_lines_to_other_pages_are_removed_with_a_reason() -> None:
    page = render((spec(0), spec(2)))
    text = page.text.replace("\n\n# ", "\n\n（下转第三版）\n\n# ", 1) if "# " in page.text else page.text
    text = text + "\n（上接第1版）\n"
    parsed = zjnews.parse_text(text)
    assert [a.paragraphs for a in parsed] == [a.paragraphs for a in page.articles]
    assert "jump line to another page" in {r.reason for r in parsed.removed}


def test_bracketed_credits_are_captions() -> None:
    page = render((spec(0), spec(2)))
    paragraphs = ARTICLES[0]["paragraphs"]
    first = str(paragraphs[0])  # type: ignore[index]
    text = page.text.replace(first, first + "\n\n村民在图书驿站阅读。（本报记者 郑志强 摄）\n\n（图片由受访者提供）", 1)
    parsed = zjnews.parse_text(text)
    assert [a.paragraphs for a in parsed] == [a.paragraphs for a in page.articles]
    assert [str(c) for c in parsed[0].captions] == [
        "村民在图书驿站阅读。 （本报记者 郑志强 摄）",
        "（图片由受访者提供）",
    ]


STRANDED_TAILS = """# 社区图书室扩建完成

本报讯（记者 林晓峰）社区图书室今年扩建完成，藏书增加到一万多册，阅览座位也翻了一番。

常来看书的居民刘芳说，她

# 港区新开三条航线

港区今年新开三条航线，货物进出更加便捷，企业物流成本明显下降。

今年以来，港区货物吞吐量同比增长百分之九，新

# 湖边步道全线贯通

沿湖步道全线贯通后，每天清晨都有不少市民来这里散步、跑步。

步道沿线还增设了休息座椅和直饮水点，方便市民歇脚。（方雨）

增设泊位二十个，成为带动全区外贸增长的重要力量。

每个周末都会带着孩子来这里借书，孩子越来越喜欢读书了。
"""


def test_tails_stranded_after_a_closing_byline_find_their_sentences() -> None:
    # every block under a closing byline is stranded there, not only the first; a sentence broken
    # inside a clause (…她 / …，新) joins its continuation even with no word across the join
    parsed = zjnews.parse_text(STRANDED_TAILS)
    assert [a.paragraphs[-1] for a in parsed] == [
        "常来看书的居民刘芳说，她每个周末都会带着孩子来这里借书，孩子越来越喜欢读书了。",
        "今年以来，港区货物吞吐量同比增长百分之九，新增设泊位二十个，成为带动全区外贸增长的重要力量。",
        "步道沿线还增设了休息座椅和直饮水点，方便市民歇脚。",
    ]
    assert parsed[2].authors == ("方雨",)


MOVED_TAIL = """# 老街改造留住记忆

改造后的老街重新热闹起来，不少年轻人专程前来打卡拍照。

一次。活动现场还设置了科普展板，吸引不少游客驻足了解。

# 海滩清洁行动启动

周六清晨，两百余名志愿者来到海滩，捡拾塑料瓶和渔网碎片。

这次行动由环保组织发起，今后每月将固定开展
"""


def test_a_tail_printed_under_a_finished_paragraph_of_another_article() -> None:
    # 一次。 cannot open a sentence and the paragraph above it is finished: it continues an open end
    # elsewhere, here one printed below the next heading
    parsed = zjnews.parse_text(MOVED_TAIL)
    assert parsed[0].paragraphs == ("改造后的老街重新热闹起来，不少年轻人专程前来打卡拍照。",)
    assert parsed[1].paragraphs[-1] == (
        "这次行动由环保组织发起，今后每月将固定开展一次。活动现场还设置了科普展板，吸引不少游客驻足了解。"
    )


def test_the_same_short_dateline_under_two_headlines_is_no_repeat() -> None:
    # two articles by the same reporters, both datelines broken at the same place: the second
    # copy is that article's own byline, not a re-read line to remove
    broken = "本报讯（记者 沈佳怡 通讯员 何\n\n"
    text = (
        "# 社区食堂试点开张\n\n" + broken + "志远）每天上午，社区食堂里飘出阵阵饭菜香，老人们结伴而来。\n\n"
        "# 港口开通夜间快线\n\n" + broken + "夜间快线首班货轮离港\n\n港口集团供图\n\n"
        "志远）近日，港口正式开通夜间集装箱快线，首班货轮满载驶离码头。\n"
    )
    parsed = zjnews.parse_text(text)
    assert [a.authors for a in parsed] == [("沈佳怡", "何志远"), ("沈佳怡", "何志远")]
    assert parsed[1].paragraphs == ("近日，港口正式开通夜间集装箱快线，首班货轮满载驶离码头。",)
    assert [str(c) for c in parsed[1].captions] == ["夜间快线首班货轮离港 港口集团供图"]
    assert not parsed.duplicates


def test_closing_byline_found_before_text_stranded_under_it() -> None:
    # nothing on the page continues with the stranded paragraph, so it stays where it was
    # printed; the byline above it still closes the article
    text = (
        "# 银发志愿队服务暖邻里\n\n每周三上午，社区服务站门口总会排起长队，志愿者为居民提供免费服务。\n\n"
        "今年以来，志愿队已累计服务居民两千余人次。（钱 瑶）\n\n"
        "园区还将新增孵化空间八万平方米，重点引进集成电路项目。\n"
    )
    (article,) = zjnews.parse_text(text)
    assert article.authors == ("钱瑶",)
    assert article.paragraphs[1] == "今年以来，志愿队已累计服务居民两千余人次。"
    assert not any("钱" in p for p in article.paragraphs)
