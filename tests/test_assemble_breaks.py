"""Paragraph ends at the page's breaks, on blocks written by hand: a summary line or subhead that
ends without punctuation, a quote's speaker printed on the next block after a sentence end, and
the caches the two link rounds share."""

from __future__ import annotations

import zjnews
from zjnews.assemble import (
    Linking,
    chain_paragraphs,
    interleaved_zone,
    lay_out,
    link_open_ends,
    relink_zone,
)
from zjnews.assemble import links as links_module
from zjnews.model import Block, Role
from zjnews.options import Options
from zjnews.pipeline import assemble_page

OPTIONS = Options()
T, B, BY = Role.TITLE, Role.BODY, Role.BYLINE


def blocks(*items: tuple[Role, str]) -> tuple[Block, ...]:
    return tuple(Block(n, 2 * n + 1, text, role=role) for n, (role, text) in enumerate(items))


def _links_of(*items: tuple[Role, str]) -> list[tuple[int, int, bool]]:
    layout = lay_out(blocks(*items))
    return [(link.source, link.target, link.join) for link in link_open_ends(layout, OPTIONS).links]


def test_a_quote_and_its_speaker_on_the_next_block_stay_one_paragraph() -> None:
    items = (
        (T, "老旧小区换新颜"),
        (B, "改造完成后，小区里新修了步道和凉亭。“过去下雨天出门一脚泥，现在走路干干净净。”"),
        (B, "居民王秀英说。"),
        (B, "据了解，全区今年共改造老旧小区四十二个，惠及居民一万余户。"),
    )
    assert _links_of(*items) == [(0, 1, True)]
    page = assemble_page(blocks(*items), OPTIONS)
    assert page[0].paragraphs == (items[1][1] + items[2][1], items[3][1])
    joins = [d for d in page.decisions if d.kind == "join"]
    assert len(joins) == 1 and joins[0].lines == (3, 5) and "sentence end" in joins[0].outcome
    assert any(name == "sentence_end:quote_attributed" for name, _ in joins[0].evidence)


def test_an_ellipsis_cut_in_two_by_the_break_is_one_paragraph() -> None:
    assert _links_of(
        (T, "非遗作品亮相展会"),
        (B, "剪纸、刺绣、泥塑、木雕…"),
        (B, "…每件作品都在讲述一段故事，吸引了不少观众驻足。"),
    ) == [(0, 1, True)]


def test_a_sentence_end_before_a_fresh_paragraph_stays_a_paragraph_end() -> None:
    assert _links_of(
        (T, "老旧小区换新颜"),
        (B, "改造完成后，小区里新修了步道和凉亭。“过去下雨天出门一脚泥，现在走路干干净净。”"),
        (B, "据了解，全区今年共改造老旧小区四十二个，惠及居民一万余户。"),
    ) == []


def test_a_speaker_without_a_quote_above_opens_a_paragraph() -> None:
    # the speaker's words stand after the verb: nothing closes above, so nothing joins
    assert _links_of(
        (T, "老旧小区换新颜"),
        (B, "改造完成后，小区里新修了步道和凉亭，居民出行方便多了。"),
        (B, "社区主任李明说，下一步还将加装电梯。"),
    ) == []


def test_a_short_line_under_the_headline_that_ends_without_punctuation_ends_its_paragraph() -> None:
    # a summary line: one sentence, no full stop, then a paragraph opening with a date
    assert _links_of(
        (T, "乡村书屋开门迎客"),
        (B, "让群众在家门口享受阅读的乐趣"),
        (B, "3月1日，城南村的乡村书屋正式开放，首批上架图书两千余册。"),
    ) == [(0, 1, False)]


def test_a_list_broken_off_under_the_headline_is_joined() -> None:
    assert _links_of(
        (T, "社区食堂开张"),
        (B, "社区食堂由街道统一规划、社会企业"),
        (B, "运营，针对高龄、独居老人推出助餐补贴。"),
    ) == [(0, 1, True)]


def test_the_second_round_reads_the_first_rounds_caches_and_finds_the_same_links() -> None:
    # an interleaved package: two articles' continuations dumped under the second headline
    layout = lay_out(
        blocks(
            (T, "山村小学来了新老师"),
            (B, "今年秋季开学，山村小学迎来了三位刚毕业的师范生，他们主动申请到偏远的山"),
            (T, "乡村书屋开门迎客"),
            (B, "城南村新建的乡村书屋上架图书两千余册，村民们都说，村里新建的图"),
            (B, "区任教，给孩子们开设了音乐和美术课程。"),
            (B, "书馆每天开放到晚上九点，村民可以随时借书。"),
        )
    )
    linking = link_open_ends(layout, OPTIONS)
    zone = interleaved_zone(layout, linking)
    assert zone
    owners = chain_paragraphs(layout, linking.links).owner_of()
    shared = relink_zone(layout, linking, zone, owners)
    fresh = relink_zone(layout, Linking(linking.links), zone, owners)
    assert shared.links == fresh.links
    assert {(link.source, link.target) for link in shared.links} >= {(0, 2), (1, 3)}


def test_a_page_made_of_pages_parses_each_as_it_does_alone() -> None:
    one = (
        "# 老旧小区换新颜\n\n改造完成后，小区里新修了步道和凉亭。"
        "“过去下雨天出门一脚泥，现在走路干干净净。”\n\n居民王秀英说。\n"
    )
    two = (
        "# 乡村书屋开门迎客\n\n城南村新建的乡村书屋上架图书两千余册，村民们都说，"
        "村里新建的图\n\n书馆每天开放到晚上九点。\n"
    )
    alone = [a.paragraphs for text in (one, two) for a in zjnews.parse_text(text)]
    together = [a.paragraphs for a in zjnews.parse_text(one + "\n" + two)]
    assert together == alone


# short lines without final punctuation: complete lines (summary lines, subheads) or cut-off starts


def test_a_short_line_without_punctuation_is_told_from_a_clause_broken_off() -> None:
    assert links_module.unpunctuated_line("茶山披新装，村民笑开颜")
    assert links_module.unpunctuated_line("去年秋天，他从省城来到")
    assert not links_module.unpunctuated_line("去年秋天，他从省城来到这里。")
    assert not links_module.unpunctuated_line("统筹推进以下三项工作：")
    assert not links_module.unpunctuated_line("去年秋天，他从省城来到，")
    assert not links_module.unpunctuated_line("他" * 41)


def test_two_halves_of_one_length_around_a_comma_read_as_a_line_of_its_own() -> None:
    assert links_module._parallel_halves("渔港焕新貌，船家有盼头")
    assert links_module._parallel_halves("茶山披新装，村民笑开颜")
    assert not links_module._parallel_halves("去年秋天，他从省城来到")
    assert not links_module._parallel_halves("果园添新绿农家收益多")


_SUBHEADED = (
    (T, "山村变了模样"),
    (B, "这几年，青山村靠着特色产业和乡村旅游走出了一条新路，村民的日子越过越红火。"),
    (B, "产业兴旺，收入涨上来"),
    (B, "走进村里的茶园，采茶工正忙着采摘新茶。合作社负责人介绍，今年茶叶销路很好，订单排到了下个月。"),
    (B, "环境整治，村庄美起来"),
    (B, "村道两旁种上了花草，房前屋后干干净净。每到周末，城里的游客开车进村，村里的民宿也住满了客人。"),
    (B, "乡风文明，日子甜起来"),
    (B, "村里的文化广场每晚都很热闹，老人们跳广场舞，孩子们在一旁玩耍，大家都说生活越来越有奔头。"),
)


def test_a_series_of_subheads_without_punctuation_each_ends_its_paragraph() -> None:
    layout = lay_out(blocks(*_SUBHEADED))
    assert links_module.complete_lines(layout) == frozenset({1, 3, 5})
    page = assemble_page(blocks(*_SUBHEADED), OPTIONS)
    assert page[0].paragraphs == tuple(text for _, text in _SUBHEADED[1:])
    ends = [d for d in page.decisions if d.kind == "paragraph_end"]
    assert ends and all(any(name == "sentence_end:unpunctuated" for name, _ in d.evidence) for d in ends)


def test_the_first_words_of_a_paragraph_cut_off_by_a_column_break_join_the_rest() -> None:
    items = (
        (T, "山村变了模样"),
        (B, "这几年，青山村靠着特色产业和乡村旅游走出了一条新路，村民的日子越过越红火。"),
        (B, "去年秋天，返乡创业的大学生李明在村"),
        (B, "里办起了电商服务站，把茶叶、竹笋和土鸡蛋卖到了全国各地，带动二十多户村民增收。"),
    )
    assert links_module.complete_lines(lay_out(blocks(*items))) == frozenset()
    page = assemble_page(blocks(*items), OPTIONS)
    assert page[0].paragraphs == (items[1][1], items[2][1] + items[3][1])
