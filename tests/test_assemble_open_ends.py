"""Open ends whose paragraph lost its ending, on blocks written by hand: a text that breaks off
inside a word the next block does not complete ends its paragraph there; a column break inside a
word, completed below, joins."""

from __future__ import annotations

import pytest

from zjnews.assemble import lay_out, link_open_ends
from zjnews.assemble.links import Scoring
from zjnews.chinese import breaks_inside_word, first_word_tag, word_runs_across
from zjnews.lexicon import frequency, prefix_frequency
from zjnews.model import Block, Role
from zjnews.options import Options

T, B = Role.TITLE, Role.BODY
TITLE = (T, "新一代火箭整装待发")
OPENING = "航天科技集团今年将迎来发射任务的高峰。据介绍，研制团队已经完成了各项准备工作，年内将分别发射新一代"


def _links(*items: tuple[Role, str]) -> list[tuple[int, int, bool, tuple[str, ...]]]:
    blocks = tuple(Block(n, 2 * n + 1, text, role=role) for n, (role, text) in enumerate(items))
    return [
        (link.source, link.target, link.join, tuple(name for name, value in link.evidence if value))
        for link in link_open_ends(lay_out(blocks), Options()).links
    ]


def test_a_word_cut_that_the_next_block_does_not_complete_ends_the_paragraph() -> None:
    links = _links(TITLE, (B, OPENING + "运载火"), (B, "科研人员常年坚守在发射场，每一次发射都凝聚着他们的心血。"))
    assert [(source, target, join) for source, target, join, _ in links] == [(0, 1, False)]
    assert "paragraph_end:word_cut" in links[0][3]


def test_a_word_cut_that_the_next_block_completes_is_one_paragraph() -> None:
    links = _links(TITLE, (B, OPENING + "运载火"), (B, "箭和两颗通信卫星，科研人员常年坚守在发射场。"))
    assert [(source, target, join) for source, target, join, _ in links] == [(0, 1, True)]
    assert "paragraph_end:word_cut" not in links[0][3]


def test_a_break_after_a_whole_word_reads_no_word_cut() -> None:
    links = _links(TITLE, (B, OPENING + "运载"), (B, "科研人员常年坚守在发射场，每一次发射都凝聚着他们的心血。"))
    assert [(source, target, join) for source, target, join, _ in links] == [(0, 1, True)]
    assert "paragraph_end:word_cut" not in links[0][3]


@pytest.mark.parametrize(
    ("right", "signal"),
    [
        ("目前正在进行最后的测试。", "opens_with_time_word"),
        ("在发射场，科研人员常年坚守。", "opens_with_preposition"),
        ("他们常年坚守在发射场。", "opens_with_pronoun"),
        ("总设计师表示，各项准备工作已经完成。", "opens_with_attribution"),
    ],
)
def test_how_the_text_below_a_break_opens(right: str, signal: str) -> None:
    assert Scoring.cut_features(OPENING + "运载", right)[signal] == 1.0


def test_prefix_frequency_sums_the_longer_words_a_prefix_begins() -> None:
    assert prefix_frequency("运载火") >= frequency("运载火箭") > 0
    assert prefix_frequency("设") > prefix_frequency("设计") >= 0
    assert prefix_frequency("") == 0
    assert prefix_frequency("发射火箭") == 0  # four units: no longer word is kept in the tables read


def test_breaks_inside_word_reads_a_word_cut_at_the_end() -> None:
    assert breaks_inside_word("年内将分别发射新一代运载火") > 0
    assert breaks_inside_word("推动经济社会持续健康发展") < 0
    assert breaks_inside_word("推动经济社会持续健康发展。") == 0.0
    assert breaks_inside_word("") == 0.0


def test_word_runs_across_a_break() -> None:
    assert word_runs_across("发射新一代运载火", "箭和两颗卫星")
    assert not word_runs_across("持续健康发展", "科研人员")
    assert not word_runs_across("发展，", "科研人员")


def test_first_word_tag() -> None:
    assert first_word_tag("目前正在进行测试") == "t"
    assert first_word_tag("“目前") == ""
