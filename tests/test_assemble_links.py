"""The links sub-stage's vocabulary evidence, on blocks written by hand."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from strategies import paragraphs
from zjnews.assemble import chain_paragraphs, lay_out, link_open_ends, reading_order, zone_owners
from zjnews.assemble import links as links_module
from zjnews.model import Block, Role
from zjnews.options import Options
from zjnews.pipeline import assemble_paragraphs

OPTIONS = Options()
T, B = Role.TITLE, Role.BODY


def blocks(*items: tuple[Role, str]) -> tuple[Block, ...]:
    return tuple(Block(n, 2 * n + 1, text, role=role) for n, (role, text) in enumerate(items))


# The library's article breaks off after its first block (no word runs across into its rest); its
# rest was dumped under the river article, after a finished paragraph of that article.
LIBRARY_REST = "村民在图书馆借书还书，图书馆还为村民开设读书课，借书的村民越来越多。"
PAGE = blocks(
    (T, "乡村图书馆开门迎客"),
    (B, "村里新建的乡村图书馆开门迎客，村民借书读书有了好去处，图书馆每天开放，"),
    (T, "河道整治见成效"),
    (B, "河道整治工程完工后，河水重新变得清澈，河道两岸种满了柳树。"),
    (B, LIBRARY_REST),
)


def test_contrast_is_what_a_block_shares_with_the_open_end_beyond_its_own_flow() -> None:
    layout = lay_out(PAGE)
    scoring = links_module._scoring(layout)
    similarity = scoring.similarity(0, 2)
    assert similarity > 0.2
    # the river paragraph above it shares nothing with the library's rest
    assert scoring.flow_similarity(2) == 0.0
    assert scoring.contrast(0, 2, similarity) == similarity
    # the block right after the open end is measured against the open end itself: no contrast
    assert scoring.contrast(1, 2, scoring.similarity(1, 2)) == 0.0
    # a block that shares more with its own flow than with the open end has none either
    assert scoring.contrast(0, 2, scoring.flow_similarity(2) / 2) == 0.0


def test_a_block_out_of_place_in_its_flow_is_linked_to_the_open_end_it_shares_its_vocabulary_with() -> None:
    layout = lay_out(PAGE)
    linking = link_open_ends(layout, OPTIONS)
    assert [(link.source, link.target) for link in linking.links] == [(0, 2)]
    evidence = dict(linking.links[0].evidence)
    assert evidence["vocabulary_contrast_far"] > 0
    # without the contrast the text alone would not have linked it
    assert linking.links[0].score - evidence["vocabulary_contrast_far"] <= 0
    assert chain_paragraphs(layout, linking.links).owner_of() == {0: 0, 1: 1, 2: 0}


def test_zone_paragraphs_go_to_the_article_they_share_their_vocabulary_with_after_earlier_moves() -> None:
    # the library's sentence breaks inside 图书馆 and goes on under the orchard article; after it,
    # the orchard's next paragraph, then the library's
    layout = lay_out(
        blocks(
            (T, "乡村图书馆开门迎客"),
            (B, "村里新建的乡村图书馆开门迎客，村民借书读书有了好去处，图书"),
            (T, "果园喜获丰收"),
            (B, "果园里的苹果今年喜获丰收，果农们忙着采摘苹果，装箱运往城里。"),
            (B, "馆每天开放到晚上九点，村民可以在图书馆随时借书还书。"),
            (B, "果农们说，今年果园的苹果又大又甜，果园的苹果供不应求。"),
            (B, "图书馆还为村民开设读书课，借书读书的村民越来越多。"),
        )
    )
    paragraphs, zone = assemble_paragraphs(layout, OPTIONS)
    assert zone == frozenset({2, 3, 4})
    # the library paragraph is placed after the library's text, not after the orchard paragraph
    # moved out from under it
    assert paragraphs.owner_of() == {0: 0, 1: 1, 2: 0, 3: 1, 4: 0}
    assert reading_order(paragraphs) == {0: [0, 4], 1: [1, 3]}


def test_zone_owners_join_a_block_into_one_paragraph_only() -> None:
    # two runs of a zone, each with a paragraph that would continue the library's open end
    layout = lay_out(
        blocks(
            (T, "乡村图书馆开门迎客"),
            (B, "村里新建的乡村图书馆开门迎客，图书馆每天开放，村民借书读书有了好去处，"),
            (T, "果园喜获丰收"),
            (B, "果园里的苹果今年喜获丰收，果农们忙着采摘苹果，装箱运往城里。"),
            (B, "，乡村图书馆开门迎客以来，每天开放到晚上九点。"),
            (B, "果农们说，今年果园的苹果又大又甜。"),
            (B, "，村民借书读书有了好去处，借书读书成了新风尚。"),
        )
    )
    paragraphs = chain_paragraphs(layout, ())
    moves = zone_owners(layout, (), frozenset({2, 4}), paragraphs)
    assert sorted((move.source, move.target) for move in moves) == [(0, 2), (0, 4)]
    assert [move.join for move in sorted(moves, key=lambda move: move.target)] == [True, False]
    chained = chain_paragraphs(layout, moves)
    assert sorted(m for p in chained.paragraphs.values() for m in p.blocks) == [0, 1, 2, 3, 4]
    owners = chained.owner_of()
    assert (owners[0], owners[1], owners[2], owners[4]) == (0, 1, 0, 0)


def test_an_article_s_end_printed_before_its_own_headline_is_linked_back() -> None:
    # the library's sentence breaks inside 图书馆; its end was printed after the river article,
    # before the library's own headline
    layout = lay_out(
        blocks(
            (T, "河道整治见成效"),
            (B, "河道整治工程完工后，河水重新变得清澈，河道两岸种满了柳树。"),
            (B, "馆每天开放到晚上九点，村民借书很方便。"),
            (T, "乡村图书馆开门迎客"),
            (B, "村里新建的乡村图书馆开门迎客，村民读书有了好去处，乡村图书"),
        )
    )
    linking = link_open_ends(layout, OPTIONS)
    assert [(link.source, link.target, link.join) for link in linking.links] == [(2, 1, True)]
    evidence = dict(linking.links[0].evidence)
    assert evidence["before_own_heading"] > 0
    # printed anywhere else before the open end, the same evidence would not have linked it
    assert linking.links[0].score - evidence["before_own_heading"] <= 0
    assert chain_paragraphs(layout, linking.links).owner_of() == {0: 0, 1: 1, 2: 1}


# The library's first paragraph breaks off at its end; after a paragraph about a new road, the
# volunteers' paragraph breaks off too, and the block right below it finishes that sentence. It
# shares more words with the library's open end than with the volunteers' text, but it is the
# volunteers' open end right above it that it continues.
VOLUNTEERS = blocks(
    (T, "乡村图书馆开门迎客"),
    (B, "村里新建的乡村图书馆每天开放到晚上九点，村民可以在图书馆借书还书，"),
    (B, "此外，村里还修了一条新路，路边种满了柳树。"),
    (B, "志愿者们每天来到村里，帮村民整理图书，为借书的村民"),
    (B, "讲解图书馆借书还书的方法，村民在图书馆借书读书越来越方便。"),
)


def test_the_claim_of_the_open_end_right_above_a_block_weighs_against_taking_it_away() -> None:
    layout = lay_out(VOLUNTEERS)
    scoring = links_module._scoring(layout)
    similarity = scoring.similarity(0, 3)
    # the far open end shares more with the block than the block's own flow does
    assert scoring.contrast(0, 3, similarity) > 0
    features = scoring.vocabulary_features(0, 3, "_far", similarity)
    assert features["vocabulary_open_above_far"] == scoring.flow_similarity(3) > 0
    # the claim is that of an open end: a block whose flow above it is finished has none
    assert "vocabulary_open_above_far" not in scoring.vocabulary_features(0, 1, "_far", scoring.similarity(0, 1))
    linking = link_open_ends(layout, OPTIONS)
    assert [(link.source, link.target) for link in linking.links] == [(2, 3)]
    # the volunteers' sentence is read whole, in one paragraph
    assert [p.blocks for p in chain_paragraphs(layout, linking.links).paragraphs.values()] == [(0,), (1,), (2, 3)]


@given(st.lists(paragraphs(), min_size=2, max_size=6))
def test_the_similarity_with_the_text_above_a_block_is_read_from_its_parts_exactly(texts: list[str]) -> None:
    # the flow similarity sums the parts' vocabularies instead of building the merged vector: the
    # same integers, so the very same floats
    layout = lay_out(blocks((T, "乡村图书馆开门迎客"), *((B, text) for text in texts)))
    scoring = links_module._scoring(layout)
    for i in range(len(layout.bodies)):
        assert scoring.source_norm(i) == scoring.source_vector(i).norm
        assert scoring.source_norm(i, own=True) == scoring.own_vector(i).norm
        for j in range(len(layout.bodies)):
            vector = scoring.vocabulary(j)
            assert scoring.source_similarity(i, vector) == scoring.source_vector(i).similarity(vector)
            assert scoring.source_similarity(i, vector, own=True) == scoring.own_vector(i).similarity(vector)


LIBRARY_BROKEN = "村里新建的乡村图书馆开门迎客，村民借书读书有了好去处，图书馆每天"


def _library_rest_moved(rest: str, left: str = LIBRARY_BROKEN) -> tuple[bool, ...]:
    """Where the library's sentence breaks off, its rest printed under the orchard article: the
    zone move's join for each paragraph placed after the library's text."""
    layout = lay_out(
        blocks(
            (T, "乡村图书馆开门迎客"),
            (B, left),
            (T, "果园喜获丰收"),
            (B, "果园里的苹果今年喜获丰收，果农们忙着采摘苹果，装箱运往城里。"),
            (B, rest),
        )
    )
    moves = zone_owners(layout, (), frozenset({2}), chain_paragraphs(layout, ()))
    assert [(move.source, move.target) for move in moves] == [(0, 2)]
    return tuple(move.join for move in moves)


def test_a_zone_paragraph_placed_after_a_clause_broken_off_continues_it() -> None:
    # no lexicon word runs across 每天|开放: the broken clause alone says the paragraph goes on
    assert _library_rest_moved("开放到晚上九点，村民可以在图书馆随时借书还书。") == (True,)


def test_a_zone_paragraph_that_opens_like_a_paragraph_starts_its_own() -> None:
    assert _library_rest_moved("今年以来，图书馆开放到晚上九点，村民随时借书还书。") == (False,)


def test_a_zone_paragraph_closing_a_quotation_the_text_above_never_opened_starts_its_own() -> None:
    rest = "开放到晚上九点，村民可以在图书馆随时借书还书，越来越方便。”馆长说。"
    assert _library_rest_moved(rest) == (False,)
    # the same text continues a quotation the text above leaves open
    assert _library_rest_moved(rest, "馆长介绍说：“" + LIBRARY_BROKEN) == (True,)
