"""Block roles: photo credits and captions (text written for these tests)."""

from __future__ import annotations

import pytest

import zjnews
from zjnews.blocks import split_blocks
from zjnews.model import Role
from zjnews.options import Options
from zjnews.roles import (
    assign_roles,
    caption_rows,
    closes_unopened,
    headline_rows,
    is_furniture,
    is_self_contained,
    lead_repeats,
    paired,
    role_weights,
    split_credit,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本报记者 郑志强 摄", ("", "本报记者 郑志强 摄")),
        ("夜间快线首班货轮离港 港口集团供图", ("夜间快线首班货轮离港", "港口集团供图")),
        # a bare 供图 after a space: the organisation before it is the provider
        ("桑溪乡人民政府 供图", ("", "桑溪乡人民政府 供图")),
        ("修缮后的祠堂。 桑溪乡人民政府 供图", ("修缮后的祠堂。", "桑溪乡人民政府 供图")),
        ("（图片由受访者提供）", ("", "（图片由受访者提供）")),
    ],
)
def test_credits(text: str, expected: tuple[str, str]) -> None:
    assert split_credit(text) == expected


@pytest.mark.parametrize("text", ["村民们纷纷表示要积极参与。", "这项工作由街道统一提供。今后将继续推进。"])
def test_sentences_are_no_credits(text: str) -> None:
    assert split_credit(text) is None


def roles_of(text: str) -> list[tuple[Role, str]]:
    return [(b.role, b.text) for b in assign_roles(split_blocks(text), Options()).blocks]


def test_a_caption_without_credit_in_a_broken_sentence() -> None:
    text = (
        "# 祠堂修缮完工\n\n施工队伍请来当地老木匠，按照传统榫卯\n\n修缮后的祠堂。\n\n"
        "桑溪乡人民政府 供图\n\n工艺替换糟朽构件，旧瓦片清洗后又铺回屋顶。\n"
    )
    roles = roles_of(text)
    assert (Role.CAPTION, "修缮后的祠堂。") in roles
    assert (Role.CREDIT, "桑溪乡人民政府 供图") in roles


def test_a_block_repeating_the_broken_sentence_is_no_caption() -> None:
    # the tail of the first block is re-read at the head of the second: the second continues the
    # first (the repeat is removed later), it is no caption dropped into the sentence
    text = (
        "# 高中开设人工智能课\n\n学生们打开电脑分组行动起来。本学期起，该校面向高\n\n"
        "本学期起，该校面向高一、高二学生开设人工智能选修课，选课学生超过300人。\n\n"
        "高二学生郑晓说，自己动手做了一遍，才真正理解课上讲的内容。\n"
    )
    roles = roles_of(text)
    assert all(role is not Role.CAPTION for role, _ in roles)


def test_a_sentence_opening_with_reporter_is_no_byline() -> None:
    text = (
        "民生实事看落实\n\n一季度经济开局良好\n\n"
        "记者从市统计局获悉，今年一季度，全市实现地区生产总值（GDP）1286.4亿元，同比增长\n\n"
        "6.2%，增速高于全省平均水平。\n"
    )
    assert all(role is not Role.BYLINE for role, _ in roles_of(text))
    (article,) = zjnews.parse_text(text)
    assert article.authors == ()
    assert article.paragraphs == (
        "记者从市统计局获悉，今年一季度，全市实现地区生产总值（GDP）1286.4亿元，同比增长6.2%，增速高于全省平均水平。",
    )


def titles_of(text: str) -> list[str]:
    return [block for role, block in roles_of(text) if role is Role.TITLE]


@pytest.mark.parametrize(
    "text",
    [
        # the name line repeats the byline: a headshot dropped into a broken sentence, whose rest
        # starts with a particle (了消防车…) and cannot open an article
        "# 消防员走进幼儿园\n\n本报记者 沈佳怡\n\n近日，一堂消防安全课吸引了全园小朋友。\n\n"
        "县消防救援大队的消防员们带来\n\n沈佳怡\n\n了消防车、水枪等装备，讲解逃生自救的方法。\n",
        # a bracket left open: the line breaks off inside a sentence
        "# 消防员走进幼儿园\n\n本报记者 沈佳怡\n\n走进开发区的精密机械有限公司（以下\n\n"
        "简称“精密”），十几台数控机床整齐运转。\n",
    ],
    ids=["broken-piece-above-a-headshot", "bracket-left-open"],
)
def test_a_broken_piece_of_text_is_no_headline(text: str) -> None:
    assert titles_of(text) == ["消防员走进幼儿园"]


def test_a_two_character_word_across_by_chance_keeps_a_headline() -> None:
    # …现场指|错时… forms 指错, but the headline's words recur in the text under it
    text = (
        "# 垃圾分类积分兑出新风\n\n街道招募了督导员，在投放高峰时段现场指\n\n错时共享车位缓解停车难\n\n"
        "晚上7点，停车场空出了一大片车位，居民开车回家不再为找车位发愁。\n"
    )
    assert "错时共享车位缓解停车难" in titles_of(text)


@pytest.mark.parametrize(
    "line",
    [
        "（下转第三版）",
        "（上接第一版）",
        "责任编辑 王小明",
        "本版编辑：李华 张三",
        "山海日报 2023年5月8日 星期一 第6版",
        "第3版 要闻 2021年6月1日",
    ],
)
def test_page_furniture_is_kept_out_of_every_article(line: str) -> None:
    text = f"{line}\n\n# 山村小学来了新老师\n\n开学第一天，教室里坐满了学生。新老师带来了一箱图书。\n"
    page = zjnews.parse_text(text)
    assert [a.title for a in page] == ["山村小学来了新老师"]
    assert all(line not in p for a in page for p in a.paragraphs)
    assert [r.text for r in page.removed if "furniture" in r.reason or "jump line" in r.reason] == [line]
    assert any(d.kind == "furniture" and d.lines == (1,) for d in page.decisions)


@pytest.mark.parametrize("line", ["编辑部收到了很多来信，大家纷纷表示支持。", "2023年5月8日，全市举行了第6届读书节。"])
def test_sentences_are_no_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_a_label_before_the_photographers_name_belongs_to_the_credit() -> None:
    assert split_credit("网友 王小明 摄") == ("", "网友 王小明 摄")
    assert split_credit("孩子们在操场上做游戏。 志愿者 李华 摄") == ("孩子们在操场上做游戏。", "志愿者 李华 摄")


def test_headline_decisions_carry_their_evidence_and_lines() -> None:
    text = "山村小学来了新老师\n\n本报记者 林晓峰\n\n开学第一天，教室里坐满了学生。新老师带来了一箱图书。\n"
    result = assign_roles(split_blocks(text), Options())
    (decision,) = [d for d in result.decisions if d.kind == "headline"]
    assert decision.outcome == "heading" and decision.lines == (1,)
    assert dict(decision.evidence)["byline_below"] > 0
    assert zjnews.parse_text(text).decisions == result.decisions


def test_the_heading_marks_say_which_line_is_the_title() -> None:
    text = (
        "# 山村小学来了新老师\n\n## 一箱图书送进大山深处\n\n本报记者 林晓峰\n\n"
        "开学第一天，教室里坐满了学生。新老师带来了一箱图书。\n"
    )
    (article,) = zjnews.parse_text(text)
    assert (article.kicker, article.title, article.subtitle) == (None, "山村小学来了新老师", "一箱图书送进大山深处")
    kicked = "## 教育帮扶在行动——\n\n# 山村小学来了新老师\n\n开学第一天，教室里坐满了学生。\n"
    (article,) = zjnews.parse_text(kicked)
    assert (article.kicker, article.title) == ("教育帮扶在行动——", "山村小学来了新老师")


def test_a_short_line_where_an_image_stood_is_a_caption() -> None:
    text = (
        "# 山村小学来了新老师\n\n开学第一天，教室里坐满了学生。新老师带来了一箱图书，\n\n\n\n"
        "孩子们在操场上做游戏\n\n还教大家唱歌。\n"
    )
    (article,) = zjnews.parse_text(text)
    assert "孩子们在操场上做游戏" not in article.text
    assert any(d.kind == "caption" for d in zjnews.parse_text(text).decisions)


def test_an_image_link_is_removed_never_lost() -> None:
    text = "# 山村小学来了新老师\n\n开学第一天，教室里坐满了学生。\n\n![](img/01.jpg)\n\n新老师带来了一箱图书。\n"
    page = zjnews.parse_text(text)
    assert [r.reason for r in page.removed] == ["image link"]
    assert not page.unaccounted(text)


def test_a_byline_without_brackets_under_the_title() -> None:
    text = "# 山村小学来了新老师\n\n本报讯 记者 林晓峰 通讯员 王小明\n\n开学第一天，教室里坐满了学生。\n"
    (article,) = zjnews.parse_text(text)
    assert article.authors == ("林晓峰", "王小明")
    assert article.paragraphs == ("开学第一天，教室里坐满了学生。",)


def test_bold_headings_and_single_newlines() -> None:
    text = (
        "**山村小学来了新老师**\n本报记者 林晓峰\n开学第一天，教室里坐满了学生。\n"
        "**乡村书屋开门迎客**\n书屋里摆满了新书。\n"
    )
    page = zjnews.parse_text(text)
    assert [a.title for a in page] == ["山村小学来了新老师", "乡村书屋开门迎客"]
    assert not page.unaccounted(text)


def test_an_image_link_is_evidence_for_the_caption_under_it() -> None:
    text = (
        "# 山村小学来了新老师\n\n开学第一天，教室里坐满了学生。新老师带来了一箱图书，\n\n![](img/01.jpg)\n\n"
        "孩子们在操场上做游戏\n\n还教大家唱歌。\n"
    )
    page = zjnews.parse_text(text)
    (article,) = page
    assert "孩子们在操场上做游戏" not in article.text
    assert not page.unaccounted(text)


def test_a_reporters_headshot_in_a_broken_sentence_is_no_byline_of_it() -> None:
    # the name line under the piece is a headshot: its name is the byline of another article
    text = (
        "# 山村小学来了新老师\n\n本报讯（记者 周海）开学第一天，教室里坐满了学生。\n\n"
        "# 乡村书屋开门迎客\n\n近日，村里的书屋正式开门，第一批图书已经上架。\n\n"
        "今年以来，前来借书的村民人数同比\n\n周海\n\n增长了三成，书屋成了村里最热闹的地方。\n"
    )
    assert titles_of(text) == ["山村小学来了新老师", "乡村书屋开门迎客"]


def test_every_signal_has_a_fitted_weight() -> None:
    # the weights table and the signals must not drift apart (refit with benchmarks/fit_role_weights.py)
    text = "# 山村小学来了新老师\n\n本报记者 林晓峰\n\n开学第一天，教室里坐满了学生。\n\n新老师带来图书\n\n结尾一段。\n"
    blocks = split_blocks(text)
    options = Options()
    weights = role_weights()
    (_, headline), *_ = headline_rows(blocks, options)
    assert set(headline) == set(weights["headline"])
    (_, caption), *_ = caption_rows(blocks, options)
    assert set(caption) == set(weights["caption"])


def test_the_headline_model_weighs_pairs_of_signals() -> None:
    # a marked line with a byline under it: the pair's product is a signal of its own
    text = "# 山村小学来了新老师\n\n本报记者 林晓峰\n\n开学第一天，教室里坐满了学生。\n"
    (index, signals), *_ = headline_rows(split_blocks(text), Options())
    assert index == 0
    assert signals["marked"] == 1.0 and signals["byline_below"] == 1.0
    assert signals["marked*byline_below"] == 1.0
    assert signals["commas*byline_below"] == 0.0
    # every pair weighed has its fitted weight, and the single signals keep their own
    assert set(paired(dict.fromkeys(signals, 0.0))) == set(signals)
    assert {name for name in role_weights()["headline"] if "*" in name} == {name for name in signals if "*" in name}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("孩子们在操场上做游戏。", True),
        ("1日，新馆向市民开放。", True),
        ("近日，新馆向市民开放。", True),
        # the short tail of a clause begun elsewhere, a closer without its opener, a leading comma
        ("馆工作，截至目前已接待游客三万人次。", False),
        ("图书借阅规则》，进一步方便了读者。", False),
        ("，让孩子们在家门口就能读到好书。", False),
        ("将让更多村民受益。”", False),
    ],
)
def test_a_text_that_stands_alone(text: str, expected: bool) -> None:
    assert is_self_contained(text) is expected


def test_closes_unopened_pairs_each_closer_with_its_opener() -> None:
    assert not closes_unopened("他说：“《读书》这本杂志（月刊）很好。”")
    assert closes_unopened("杂志（月刊）很好。”")
    assert closes_unopened("管理办法）")


def test_lead_repeats_reads_the_words_the_text_below_repeats() -> None:
    headline = "全县新建乡村书屋四十八家"
    lead = "记者从县文化局获悉，今年全县新建乡村书屋四十八家，覆盖所有行政村。"
    assert lead_repeats(headline, lead) == 1.0
    # a line of text continued below shares a word or two at most
    assert lead_repeats("新老师带来了一箱图书，还教孩子们", "唱歌和画画。下课后，孩子们围着老师问个不停。") < 0.3
    assert lead_repeats("书屋", lead) == 0.0


def test_the_rest_of_a_sentence_above_a_credit_is_no_caption() -> None:
    # a column break drops the tail of a sentence right above a photo credit: it is text
    tail = (
        "，让孩子们在家门口就能读到好书。书屋的藏书有一半来自城里学校的捐赠，另一半由县图书馆定期轮换，"
        "每季度更新一次。管理员说，来借书的老人也越来越多了。"
    )
    text = (
        "# 乡村书屋开门迎客\n\n村里的书屋每天开放八小时，管理员由村民轮流担任，书屋还组织读书会和\n\n"
        f"{tail}\n\n本报记者 林晓峰 摄\n\n"
        "周末的书屋里坐满了前来看书的村民。\n"
    )
    roles = roles_of(text)
    assert (Role.BODY, tail) in roles
    assert (Role.CREDIT, "本报记者 林晓峰 摄") in roles


def test_a_fragment_in_a_broken_sentence_is_no_caption() -> None:
    # a short closed block between the two halves of a broken sentence that opens with the tail
    # of another clause is a piece of text put out of place, not a caption
    text = (
        "# 乡村书屋开门迎客\n\n村里的书屋每天开放八小时，管理员由村民轮流担任。县里还组织开展志愿服\n\n"
        "站工作，截至目前已接待游客三万人次。\n\n务活动，吸引了四十多个家庭参加。\n"
    )
    roles = roles_of(text)
    assert all(role is not Role.CAPTION for role, _ in roles)
