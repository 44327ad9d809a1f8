"""The assembly's sub-stages one at a time, on blocks written by hand."""

from __future__ import annotations

import zjnews
from zjnews.assemble import (
    Link,
    chain_paragraphs,
    finish,
    interleaved_zone,
    lay_out,
    link_open_ends,
    place,
    reading_order,
)
from zjnews.bylines import settle_bylines
from zjnews.model import Block, Role
from zjnews.options import Options
from zjnews.pipeline import assemble_page

OPTIONS = Options()


def blocks(*items: tuple[Role, str]) -> tuple[Block, ...]:
    return tuple(Block(n, 2 * n + 1, text, role=role) for n, (role, text) in enumerate(items))


T, B, C, BY, H = Role.TITLE, Role.BODY, Role.CAPTION, Role.BYLINE, Role.HEADSHOT


def test_layout_groups_headlines_and_sets_asides_apart() -> None:
    layout = lay_out(
        blocks(
            (Role.KICKER, "山区学校迎来新校舍"),
            (T, "孩子们搬进了新教室"),
            (BY, "本报记者 林晓峰"),
            (B, "开学第一天，孩子们走进明亮的新教室。"),
            (C, "新教室里的孩子们。"),
            (B, "校长说，新校舍让老师们更安心。"),
        )
    )
    assert [s.title for s in layout.slots] == ["孩子们搬进了新教室"]
    assert layout.slots[0].kicker == "山区学校迎来新校舍"
    assert layout.slots[0].byline == "本报记者 林晓峰"
    assert [b.slot for b in layout.bodies] == [0, 0]
    assert layout.bodies[0].after_heading and not layout.bodies[1].after_heading
    assert [(position, block.text) for position, block in layout.asides] == [(1, "新教室里的孩子们。")]


def test_furniture_is_removed_with_its_line() -> None:
    layout = lay_out(blocks((T, "标题在此"), (Role.FURNITURE, "责任编辑 王某某"), (B, "正文在此结束。")))
    assert [(r.text, r.line) for r in layout.removed] == [("责任编辑 王某某", 3)]
    assert "furniture" in layout.removed[0].reason
    assert len(layout.bodies) == 1


def test_an_open_end_links_to_the_fragment_that_finishes_its_word() -> None:
    # the first article's sentence breaks inside 图书馆; its rest was dumped under the second article
    layout = lay_out(
        blocks(
            (T, "乡村书屋开门迎客"),
            (B, "村里新建的图书"),
            (T, "河道整治见成效"),
            (B, "河水重新变得清澈，岸边种满了柳树。"),
            (B, "馆每天开放到晚上九点，村民可以随时借书。"),
        )
    )
    linking = link_open_ends(layout, OPTIONS)
    assert [(link.source, link.target, link.join) for link in linking.links] == [(0, 2, True)]
    link = linking.links[0]
    assert link.score > 0 and dict(link.evidence)["join_word_far"] >= 2.0
    paragraphs = chain_paragraphs(layout, linking.links)
    assert paragraphs.owner_of() == {0: 0, 1: 1, 2: 0}
    assert reading_order(paragraphs) == {0: [0], 1: [1]}


def test_without_join_continuations_only_the_next_block_is_joined() -> None:
    layout = lay_out(blocks((T, "标题"), (B, "村里新建的图书"), (B, "馆每天开放到晚上九点。")))
    linking = link_open_ends(layout, Options(join_continuations=False))
    assert [(link.source, link.target, link.join) for link in linking.links] == [(0, 1, True)]


def test_interleaved_zone_starts_at_a_fragment_moved_across_a_headline() -> None:
    layout = lay_out(
        blocks((T, "甲"), (B, "一段话没有说"), (T, "乙"), (B, "乙的正文。"), (B, "完的部分在这里。"), (B, "又一段。"))
    )
    # body 0 continued by body 2 (printed under the second headline, not next to it)
    zone = interleaved_zone(layout, zjnews.assemble.Linking((Link(0, 2, True, 2.0, False),)))
    assert zone == frozenset({2, 3})


def test_chain_paragraphs_breaks_a_cycle_of_joins() -> None:
    layout = lay_out(blocks((T, "标题"), (B, "第一块没有结束"), (B, "第二块也没有结束"), (B, "第三块。")))
    links = [Link(0, 1, True, 2.0, True), Link(1, 0, True, 2.0, False)]
    paragraphs = chain_paragraphs(layout, links)
    assert sorted(m for p in paragraphs.paragraphs.values() for m in p.blocks) == [0, 1, 2]
    assert len(paragraphs.used) == 1


def test_placement_and_bylines_give_each_article_its_parts() -> None:
    layout = lay_out(
        blocks(
            (T, "新校舍启用"),
            (B, "本报讯(记者 林晓峰)开学第一天，孩子们走进新教室。"),
            (C, "孩子们在新教室里上课。"),
            (B, "校长说，新校舍让老师们更安心。"),
            (BY, "(林晓峰 沈佳怡)"),
            (T, "河道整治见成效"),
            (B, "河水重新变得清澈。"),
        )
    )
    paragraphs = chain_paragraphs(layout, link_open_ends(layout, OPTIONS).links)
    draft = place(layout, paragraphs)
    first = draft.articles[1]
    assert first.trailing == "(林晓峰 沈佳怡)"
    assert [c.text for c in first.captions] == ["孩子们在新教室里上课。"]
    assert first.paragraph_lines == ((3,), (7,))
    settled = settle_bylines(draft)
    assert settled.articles[1].slot.byline == "(林晓峰 沈佳怡)"
    assert settled.articles[1].paragraphs[0] == "开学第一天，孩子们走进新教室。"
    assert [r.reason for r in settled.removed] == ["second byline of the article"]
    page = finish(settled)
    assert [a.title for a in page] == ["新校舍启用", "河道整治见成效"]
    assert page[0].authors == ("林晓峰", "沈佳怡")


def test_a_headshot_goes_to_the_article_its_person_signed() -> None:
    page = assemble_page(
        blocks(
            (T, "第一篇"),
            (BY, "本报记者 沈佳怡"),
            (B, "第一篇的正文到此结束。"),
            (T, "第二篇"),
            (B, "第二篇的正文到此结束。"),
            (H, "沈佳怡"),
        ),
        OPTIONS,
    )
    assert [str(c) for c in page[0].captions] == ["沈佳怡"]
    assert page[1].captions == ()


def test_decisions_record_joins_across_a_break_with_their_lines() -> None:
    layout = lay_out(
        blocks(
            (T, "乡村书屋开门迎客"),
            (B, "书屋开门那天，全村老少都来了，大家在书架前挑选自己喜欢的书。"),
            (B, "村民们都说，村里新建的图书"),
            (T, "河道整治见成效"),
            (B, "河水重新变得清澈，岸边种满了柳树，成了村民散步的好去处。"),
            (B, "馆每天开放到晚上九点，村民可以随时借书。"),
        )
    )
    paragraphs = chain_paragraphs(layout, link_open_ends(layout, OPTIONS).links)
    page = finish(settle_bylines(place(layout, paragraphs)))
    assert page[0].paragraphs[1] == "村民们都说，村里新建的图书馆每天开放到晚上九点，村民可以随时借书。"
    assert page[0].paragraph_lines == ((3,), (5, 11))  # blocks on lines 2n+1
    joins = [d for d in page.decisions if d.kind == "join"]
    assert len(joins) == 1 and joins[0].lines == (5, 11) and joins[0].score > 0
    assert "join_word_far" in dict(joins[0].evidence)


def test_a_fragment_hung_under_text_above_every_headline_does_not_crash() -> None:
    # found by fuzzing: a zone paragraph whose article is the text above every headline
    text = "香港香港立健全家安全的法律制度和行机\n,\n\n“技”\n\n推”\n\n正值雨季。\n\n全家安全的法律制提。"
    page = zjnews.parse_text(text)
    assert not page.unaccounted(text)


def test_a_first_paragraph_broken_after_its_dateline_is_joined() -> None:
    # a short piece of a sentence under the headline is no in-body subhead
    assert _links_of(
        (T, "城东医院上线智慧病房"),
        (B, "本报讯（记者 林晓峰）在城东医院心"),
        (B, "内科病房，护士只需轻点平板电脑，就能查看每位患者的心率和血压。"),
    ) == [(0, 1, True)]


def _links_of(*items: tuple[Role, str]) -> list[tuple[int, int, bool]]:
    layout = lay_out(blocks(*items))
    return [(link.source, link.target, link.join) for link in link_open_ends(layout, OPTIONS).links]


def test_a_line_ending_in_a_colon_ends_its_paragraph() -> None:
    assert _links_of(
        (T, "代表们的建议"),
        (B, "会上，代表们围绕乡村教育提出如下建议："),
        (B, "“要让每个孩子都能在家门口上好学。”一位代表说。"),
    ) == [(0, 1, False)]


def test_a_word_broken_at_the_break_joins_the_next_block() -> None:
    assert _links_of(
        (T, "乡村书屋开门迎客"),
        (B, "村民们都说，村里新建的图书"),
        (B, "馆每天开放到晚上九点，村民可以随时借书。"),
    ) == [(0, 1, True)]


def test_a_number_broken_at_its_decimal_point_joins_the_next_block() -> None:
    assert _links_of(
        (T, "小镇经济稳中有进"),
        (B, "今年前三季度，全镇工业产值同比增长12."),
        (B, "7%，增速比上半年加快1.5个百分点。"),
    ) == [(0, 1, True)]


def test_fresh_paragraphs_stranded_after_a_closing_byline_go_to_the_article_they_are_about() -> None:
    page = assemble_page(
        blocks(
            (T, "乡村书屋开门迎客"),
            (B, "村里的乡村书屋开门了，书屋里摆满了新书，村民可以随时来书屋借书。"),
            (B, "书屋管理员说，书屋每天开放到晚上九点，村里还准备再建一座图书"),
            (T, "河道整治见成效"),
            (B, "经过一年整治，河水重新变得清澈，岸边种满了柳树，河道成了散步的好去处。"),
            (BY, "(沈佳怡)"),
            (B, "如今，村民们吃过晚饭就来书屋读书看报，书屋成了村里最热闹的地方。"),
            (B, "馆，书屋的新书每个月都会更新一次。"),
        ),
        OPTIONS,
    )
    assert "如今，村民们吃过晚饭就来书屋读书看报，书屋成了村里最热闹的地方。" in page[0].paragraphs
    assert page[1].paragraphs == ("经过一年整治，河水重新变得清澈，岸边种满了柳树，河道成了散步的好去处。",)


def test_continuations_are_looked_for_within_a_fixed_reach() -> None:
    from zjnews.assemble import links

    items: list[tuple[Role, str]] = [(T, "标题")]
    for n in range(120):
        items.append((B, f"第{n}段没有说完的话是关于村里的事" if n % 3 == 0 else f"第{n}段说完了。"))
    layout = lay_out(blocks(*items))
    scoring = links._scoring(layout)
    candidates = [j for j, b in enumerate(layout.bodies) if not b.after_heading]
    pairs = scoring.pairs(frozenset(), candidates)
    assert pairs and max(abs(i - j) for i, j in pairs) <= links.window()


def test_removals_and_duplicates_are_decisions_with_their_lines() -> None:
    line = "社区食堂由街道统一规划、社会企业运营，针对高龄老人推出助餐补贴。"
    page = zjnews.parse_text(f"# 标题\n\n{line}\n\n※※※\n\n{line}\n\n下一段的文字在这里结束。")
    kinds = {(d.kind, d.lines) for d in page.decisions}
    assert ("remove", (5,)) in kinds
    assert ("duplicate", (7,)) in kinds


def test_last_word_tag_reads_the_last_word_of_a_broken_sentence() -> None:
    from zjnews.chinese import last_word_tag

    assert last_word_tag("在出版纸质书的").startswith("u")  # 的: no paragraph ends on it
    assert last_word_tag("顺应时代潮流") == "n"
    assert last_word_tag("总量为1/") == ""


def test_a_dated_sentence_below_speaks_for_a_paragraph_end() -> None:
    from zjnews.assemble import links

    end = "这是减轻企业负担，激发市场主体活力的重大举措"
    rest = "全县新增市场主体一万两千户，同比增长百分之十五。"
    scores = []
    for below in ("2019年，" + rest, rest):
        layout = lay_out(blocks((T, "标题"), (B, "第一段的文字到这里结束。"), (B, end), (B, below)))
        scores.append(links._scoring(layout).paragraph_end(1, 2)[0])
    assert scores[0] > scores[1]


def test_a_second_closing_byline_goes_to_the_unsigned_article_it_closes() -> None:
    # the end of the first article's paragraph is printed under the second article, just before
    # the second article's byline; both byline lines then follow text assembled into the first
    page = assemble_page(
        blocks(
            (T, "乡村书屋开门迎客"),
            (B, "村里的乡村书屋开门了，书屋里摆满了新书，书屋管理员说，村里还准备再建一座图"),
            (T, "河道整治见成效"),
            (B, "经过一年整治，河水重新变得清澈，岸边种满了柳树，河道成了散步的好去处。"),
            (B, "书馆，书屋的新书每个月都会更新一次。"),
            (BY, "(沈佳怡)"),
            (BY, "(林晓峰)"),
        ),
        OPTIONS,
    )
    assert [a.title for a in page] == ["乡村书屋开门迎客", "河道整治见成效"]
    assert page[0].paragraphs[-1].endswith("图书馆，书屋的新书每个月都会更新一次。")
    assert page[0].authors == ("林晓峰",)
    assert page[1].authors == ("沈佳怡",)
    assert not any("byline" in r.reason for r in page.removed)
    given = [d for d in page.decisions if d.kind == "byline"]
    assert [d.lines for d in given] == [(11,)]


def test_a_byline_line_under_a_signed_article_goes_to_the_unsigned_one_above() -> None:
    # the second article is signed by its dateline; the byline line after it closes the first
    page = assemble_page(
        blocks(
            (T, "乡村书屋开门迎客"),
            (B, "村里的乡村书屋开门了，书屋里摆满了新书，村民可以随时来书屋借书。"),
            (T, "河道整治见成效"),
            (B, "本报讯(记者 林晓峰)经过一年整治，河水重新变得清澈，河道成了散步的好去处。"),
            (BY, "(沈佳怡)"),
        ),
        OPTIONS,
    )
    assert page[0].authors == ("沈佳怡",)
    assert page[1].authors == ("林晓峰",)
    assert not any("byline" in r.reason for r in page.removed)


def test_an_article_keeps_its_first_byline_line_when_no_other_article_takes_it() -> None:
    # a second signed item printed under the same headline (its own headline lost): no unsigned
    # article stands above either byline line, so the article keeps the one closing its text
    page = assemble_page(
        blocks(
            (T, "乡村书屋开门迎客"),
            (B, "村里的乡村书屋开门了，书屋里摆满了新书，村民可以随时来书屋借书。"),
            (BY, "(林晓峰)"),
            (B, "经过一年整治，河水重新变得清澈，岸边种满了柳树，河道成了散步的好去处。"),
            (BY, "(沈佳怡)"),
        ),
        OPTIONS,
    )
    assert page[0].authors == ("林晓峰",)
    assert [(r.text, r.reason) for r in page.removed] == [("(沈佳怡)", "second byline of the article")]
    assert not [d for d in page.decisions if d.kind == "byline"]
