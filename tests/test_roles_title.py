"""Which line of a headline group is the title; one article around a subhead; role words
(text written for these tests)."""

from __future__ import annotations

import pytest

import zjnews
from zjnews.blocks import split_blocks
from zjnews.chinese import ROLE_END, join_strength
from zjnews.model import Role
from zjnews.options import Options
from zjnews.roles import _lead_text, _lone_levels, _usual_level, role_weights, title_rows, title_signals

LEAD = "乡村书屋建设推进会昨天在县城召开，会议总结了一年来乡村书屋建设的经验，部署了下一步工作。"
ABOVE = "# 港区新开三条航线\n\n港区今年新开三条航线，货物进出更加便捷，企业物流成本明显下降。\n\n"


def test_a_title_with_a_subtitle_printed_without_a_dash() -> None:
    # the lower line names who attended; the text under the group repeats the upper line
    text = f"{ABOVE}乡村书屋建设推进会在县城召开\n\n王立新出席并讲话\n\n{LEAD}\n"
    (_, article) = zjnews.parse_text(text)
    want = (None, "乡村书屋建设推进会在县城召开", "王立新出席并讲话")
    assert (article.kicker, article.title, article.subtitle) == want
    (decision,) = [d for d in zjnews.parse_text(text).decisions if d.kind == "title"]
    assert decision.outcome == "upper line" and decision.lines == (5, 7)


def test_a_kicker_ending_in_a_dash_stays_a_kicker() -> None:
    text = "支教老师李明——\n\n把一箱箱图书送进大山深处\n\n开学第一天，教室里坐满了学生。新老师带来了一箱图书。\n"
    (article,) = zjnews.parse_text(text)
    assert (article.kicker, article.title, article.subtitle) == ("支教老师李明——", "把一箱箱图书送进大山深处", None)


def test_marks_that_single_out_the_upper_line_make_it_the_title() -> None:
    text = f"# 乡村书屋建设推进会在县城召开\n\n## 一年新建书屋两百多家\n\n{LEAD}\n"
    (article,) = zjnews.parse_text(text)
    assert (article.title, article.subtitle) == ("乡村书屋建设推进会在县城召开", "一年新建书屋两百多家")


def test_title_rows_have_every_fitted_signal() -> None:
    text = f"{ABOVE}乡村书屋建设推进会在县城召开\n\n王立新出席并讲话\n\n{LEAD}\n"
    ((pair, signals),) = title_rows(split_blocks(text), Options())
    assert pair == (2, 3)
    assert set(signals) == set(role_weights()["title"])


def test_a_subhead_inside_one_article_is_no_title() -> None:
    # the text above and below the short line is one article (it shares its vocabulary)
    text = (
        "# 乡村书屋开门迎客\n\n本报讯（记者 周海）村里的乡村书屋正式开门，第一批图书已经上架，"
        "村民们纷纷来到书屋借书看书。\n\n书屋藏书三千多册\n\n"
        "乡村书屋里的图书有三千多册，村民们在书屋借书看书，书屋成了村里最热闹的地方。\n"
    )
    titles = [a.title for a in zjnews.parse_text(text)]
    assert titles == ["乡村书屋开门迎客"]


@pytest.mark.parametrize("role", ["快递员", "监督员", "设计师", "院长", "董事长", "书记", "负责人"])
def test_role_words_are_read_by_their_make_not_a_list_of_nouns(role: str) -> None:
    assert ROLE_END.search(f"该公司{role}") is not None
    # a role word, then a name and a verb of saying: the sentence runs across the break
    assert join_strength(f"公司{role}", "孟晓燕介绍，今年订单增长了一成。") >= 1.5


@pytest.mark.parametrize("text", ["今年以来", "增长", "发展", "工作人"])
def test_other_words_are_no_role_words(text: str) -> None:
    assert ROLE_END.search(text) is None


def test_a_piece_opening_with_a_demonstrative_is_text() -> None:
    # the first piece of a paragraph broken at a column break points back at the text above
    text = (
        "白沙湾海滩垃圾清零行动启动\n\n周六清晨，两百余名志愿者来到白沙湾海滩，弯腰捡拾沙滩上的塑料瓶。"
        "一个上午，共清理海洋垃圾一点五吨。\n\n这次行动由市海洋渔业部门联合环保\n\n"
        "组织发起，今后每月将固定开展一次。活动现场还设置了垃圾分类科普展板，吸引不少游客驻足了解。\n"
    )
    (decision,) = [d for d in zjnews.parse_text(text).decisions if d.kind == "headline" and d.text.startswith("这次")]
    assert decision.outcome == "text"
    assert dict(decision.evidence).get("opens_referring_back", 0.0) < 0
    assert [a.title for a in zjnews.parse_text(text)] == ["白沙湾海滩垃圾清零行动启动"]


def test_the_usual_heading_level_is_the_one_most_lines_carry() -> None:
    page = "# 甲地新闻\n\n正文一。\n\n## 乙地新闻\n\n正文二。\n\n## 丙地新闻\n\n正文三。\n\n### 丁地新闻\n\n正文四。\n"
    assert _usual_level(split_blocks(page)) == 2
    # a tie goes to the line with fewer marks; a page with one marked line has no usual level
    assert _usual_level(split_blocks("# 甲地新闻\n\n正文一。\n\n## 乙地新闻\n\n正文二。\n")) == 1
    assert _usual_level(split_blocks("# 甲地新闻\n\n正文一。\n")) == 0
    assert _usual_level(split_blocks("甲地新闻\n\n正文一。\n")) == 0


def _marked_page(group: str) -> str:
    """A page printing its titles with one mark, three one-line groups and ``group`` among them."""
    items = [
        "# 港区新开三条航线\n\n港区今年新开三条航线，货物进出更加便捷，企业物流成本明显下降。\n\n",
        "# 城南公园改造完工\n\n城南公园改造完工，新建步道两公里，周边居民散步有了好去处。\n\n",
        group,
        "# 老街夜市重新开张\n\n老街夜市重新开张，八十多个摊位整齐排列，吸引市民前来品尝小吃。\n",
    ]
    return "".join(items)


# the text under the group repeats the lower line's words more than the upper line's: only the
# page's heading levels say that the upper line is the title
SUBTITLED = (
    "# 乡村书屋建设推进会召开\n\n## 一年新建书屋两百多家\n\n"
    "全县书屋建设推进会昨天召开，会上通报，今年新建书屋两百多家。\n\n"
)


def test_lone_titles_show_the_level_titles_are_printed_at() -> None:
    blocks = split_blocks(_marked_page(SUBTITLED))
    roles = [Role.TITLE if b.heading_level else Role.BODY for b in blocks]
    assert _lone_levels(blocks, roles) == frozenset({1})
    ((_, signals),) = title_rows(blocks, Options())
    assert signals["upper_at_title_level"] == 1.0 and signals["upper_at_usual_level"] == 1.0
    assert signals["lower_at_title_level"] == 0.0


def test_the_page_levels_make_the_upper_line_the_title() -> None:
    articles = zjnews.parse_text(_marked_page(SUBTITLED))
    found = [(a.kicker, a.title, a.subtitle) for a in articles if a.title and "书屋" in a.title]
    assert found == [(None, "乡村书屋建设推进会召开", "一年新建书屋两百多家")]


def test_a_page_whose_lone_titles_carry_the_lower_level_keeps_the_kicker() -> None:
    # the same marks on a page that prints its titles with two marks: the upper line is a kicker
    page = _marked_page(SUBTITLED)
    for lone in ("港区", "城南", "老街"):
        page = page.replace(f"# {lone}", f"## {lone}")
    blocks = split_blocks(page)
    ((_, signals),) = title_rows(blocks, Options())
    assert signals["upper_at_title_level"] == 0.0 and signals["lower_at_title_level"] == 1.0


def test_the_article_opening_read_for_the_title_spans_its_first_blocks() -> None:
    text = "# 甲\n\n## 乙\n\n第一段。\n\n第二段。\n\n# 丙\n\n第三段。\n"
    blocks = split_blocks(text)
    roles = [Role.TITLE if b.heading_level else Role.BODY for b in blocks]
    assert _lead_text(blocks, roles, 2) == "第一段。\n第二段。"


def test_how_surely_each_line_was_read_as_a_heading_is_weighed() -> None:
    blocks = split_blocks(f"# 乡村书屋建设推进会召开\n\n一年新建书屋两百多家\n\n{LEAD}\n")
    sure = title_signals(blocks, 0, 1, LEAD, sure=(6.0, 0.3))
    assert sure["lower_narrow"] == 1.0 and sure["upper_surer"] == 1.0
    even = title_signals(blocks, 0, 1, LEAD, sure=(2.0, 2.0))
    assert even["lower_narrow"] == 0.0 and even["upper_surer"] == 0.0
    unknown = title_signals(blocks, 0, 1, LEAD)
    assert unknown["lower_narrow"] == 0.0 and unknown["upper_surer"] == 0.0
    # the weights say a narrowly read lower line speaks for the upper line as the title
    weights = role_weights()["title"]
    assert weights["lower_narrow"] > 0 and weights["upper_surer"] > 0
