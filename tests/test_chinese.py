"""Facts about Chinese text read by reconstruction: sentence ends, names, joins, sentence openers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import paragraphs
from zjnews.chinese import (
    Vocabulary,
    ends_closed,
    ends_mid_clause,
    ends_open,
    is_person_name,
    join_fragments,
    join_strength,
    name_tokens,
    opens_sentence,
    short_first_sentence,
    starts_dangling,
)


def test_sentence_ends() -> None:
    assert ends_closed("活动现场气氛热烈。")
    assert ends_closed("“欢迎大家再来。”")
    assert ends_open("村民们或坐或")
    assert not ends_open("县（市、区）") and not ends_closed("县（市、区）")


@pytest.mark.parametrize(
    ("text", "mid_clause"),
    [
        ("居民刘芳说，她", True),
        ("同比增长百分之九，", True),
        ("新增泊位20", True),
        ("采购了茶叶、", True),
        ("他说：", False),  # a quote may follow as its own paragraph
        ("一是加强监管；", False),  # a list item may end a paragraph
        ("活动现场气氛热烈。", False),
        ("县（市、区）", False),
        ("", False),
    ],
)
def test_ends_mid_clause(text: str, mid_clause: bool) -> None:
    assert ends_mid_clause(text) is mid_clause


@pytest.mark.parametrize(
    ("left", "right", "at_least"),
    [
        ("走在寂静的小", "岛。他们与便民服务站", 2.0),  # 小岛
        ("无论是首创金", "融服务信用信息平台", 2.0),  # 金融
        ("组织议案建议294", "件，选民留言", 1.0),  # a number before its unit
        ("带来可观收益", "的同时，两位乡贤", 1.0),  # a particle cannot open a sentence
        ("深入开展", "“千名干部助千企”精准服务活动", 1.0),  # a quoted name goes on
        ("积极开展企业实地走访“上门问", "诊”，今年共精准选派", 1.5),  # closing quote first
        ("全年粮食产量比上年增长3.", "5%，创下新高", 2.0),  # a number broken at its decimal point
        ("参加义诊的医生约占全院的1/", "3，其余留守病房", 2.0),  # at its fraction bar
        ("人均纯收入提高到１２．", "６万元", 2.0),  # full-width digits and point
    ],
)
def test_evidence_that_a_sentence_runs_across_a_join(left: str, right: str, at_least: float) -> None:
    assert join_strength(left, right) >= at_least


def test_a_word_formed_by_chance_across_a_join_is_no_evidence() -> None:
    # 有无|从产业看 forms 无从, 现场指|错时 forms 指错: both sides read as well apart
    assert join_strength("检查家中电线、插座有无", "从产业看，工业生产稳中有升") < 2.0
    assert join_strength("在投放高峰时段现场指", "错时共享车位缓解停车难") < 2.0
    assert join_strength("在辖区内再建", "设三家社区食堂") >= 2.0  # 建设, split for real


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("这也成了周末里一道靓丽的风景。", "据了解，这里曾是一处制砂场。"),
        ("前丁水库的水，不", "过去，由于地处山间"),  # 不|过去 reads better than 不过|去
        ("详见附件A.", "3项条款另行公布"),  # no digit before the point: no number broken
        ("共有3家。", "5月1日起，新规施行。"),  # a sentence end before a date
    ],
)
def test_no_evidence_across_a_sentence_boundary(left: str, right: str) -> None:
    assert join_strength(left, right) == 0.0


def test_dangling_starts() -> None:
    assert starts_dangling("，今年以来") == 2.0
    assert starts_dangling("一次。活动现场还设置了展板") == 1.5
    assert starts_dangling("相关负责人说。今年以来，全区") == 1.5
    assert short_first_sentence("相关负责人说。今年以来，全区")
    assert not short_first_sentence("一次。活动现场")  # three characters or fewer: joined outright
    assert not short_first_sentence("8月15日，首个全国生态日。")  # a comma: a real sentence
    assert not short_first_sentence("“好。”他说")  # a quotation opens paragraphs
    assert starts_dangling("的同时，两位乡贤") == 1.0
    assert starts_dangling("今年以来，苍南县") == 0.0


def test_sentence_openers() -> None:
    assert opens_sentence("此外，该区还积极开展")
    assert opens_sentence("过去，由于地处山间")
    assert not opens_sentence("体系，还离不开全方位管理")  # a noun: the rest of a sentence
    assert not opens_sentence("今年以来苍南县")  # no comma


def test_names() -> None:
    assert is_person_name("林晓峰") and is_person_name("钱 瑶") and is_person_name("欧阳晓明")
    assert not is_person_name("武莲海种") and not is_person_name("林")
    assert name_tokens("梅博涵 甘凌峰") == ["梅博涵", "甘凌峰"]
    assert name_tokens("谢 婷") == ["谢婷"]
    assert name_tokens("补齐短板 绘美乡村") is None


def test_join_fragments() -> None:
    assert join_fragments(["社区食堂由街道统一规划、社会", "企业运营。"]) == "社区食堂由街道统一规划、社会企业运营。"
    assert join_fragments(["升级成 3.0", "版本"]) == "升级成 3.0版本"
    assert join_fragments(["the AIGC", "tools"]) == "the AIGC tools"
    assert join_fragments(["这所小学全校只有2", "60名学生。"]) == "这所小学全校只有260名学生。"


def test_vocabulary_similarity() -> None:
    a = Vocabulary.of("社区食堂为老人提供助餐服务")
    b = Vocabulary.of("老人在社区食堂用餐")
    c = Vocabulary.of("港口开通夜间集装箱快线")
    assert a.similarity(b) > 0.2
    assert a.similarity(c) == 0.0
    assert Vocabulary.of("").similarity(a) == 0.0


@given(paragraphs(), st.integers(min_value=1, max_value=200))
def test_a_join_no_lexicon_word_runs_across_is_a_cut_of_the_segmentation(text: str, at: int) -> None:
    # join_strength reads the segmentation of tail + head only when a word may run across the join
    from zjnews.chinese import _cjk_run_end, _cjk_run_start, _segmentation, _word_across

    at = at % len(text) or 1
    tail, head = _cjk_run_end(text[:at], 4), _cjk_run_start(text[at:], 4)
    if tail and head and not _word_across(tail, head):
        assert len(tail) in _segmentation(tail + head)[0]
