"""Placement: paragraph texts per article, and the blocks set aside placed where they belong.

:func:`place` builds each article's paragraphs in reading order (with the input lines each came
from), gives captions to the article whose text surrounds them (long photo-news items between
articles to the page) and trailing byline lines to the article they close. After the bylines
stage, :func:`finish` places headshot name lines with the article whose byline names that person,
keeps a column label once over the articles it stands over, and records what is kept nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..bylines import authors_of, split_leading_dateline, split_trailing_byline
from ..chinese import ends_closed, ends_open, join_fragments, starts_dangling
from ..model import Article, Block, Caption, Decision, Page, Removal, Role
from ..roles import split_credit
from .links import window
from .paragraphs import reading_order
from .types import Draft, DraftArticle, Layout, Link, Paragraphs, Slot

__all__ = ["PHOTO_NEWS", "block_lines", "decisions_of", "finish", "place", "removal_decisions"]

PHOTO_NEWS = 80
"""A caption longer than this between two articles is a photo-news item of the page."""


def block_lines(block: Block) -> tuple[int, ...]:
    """The 1-based input lines a block was read from."""
    return tuple(range(block.line, max(block.line, block.end_line) + 1))


def _excerpt(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "…"


def decisions_of(layout: Layout, paragraphs: Paragraphs) -> list[Decision]:
    """A :class:`zjnews.model.Decision` for each link across a break in the dump (a join or a block
    placed after another, not the next block in the dump; a paragraph end after an open end; a join
    across a sentence end), with the evidence it weighed."""
    bodies = layout.bodies
    owner_of = paragraphs.owner_of()
    decisions = []
    for link in paragraphs.used:
        source, target = bodies[link.source], bodies[link.target]
        moved = target.slot != owner_of[link.target] or source.slot != target.slot
        across_sentence_end = not ends_open(source.block.text)
        if link.adjacent and link.join and not moved and not across_sentence_end:
            continue
        if link.adjacent and not link.join:
            kind, outcome = "paragraph_end", "a new paragraph starts although the text above breaks off"
        elif link.adjacent and link.join and across_sentence_end:
            kind, outcome = "join", "joined across a sentence end: the paragraph goes on"
        elif link.join:
            kind, outcome = "join", "joined to the text it continues"
        else:
            kind, outcome = "move", "placed after the paragraph it follows"
        if moved:
            outcome += " (moved to another article)"
        lines = sorted({*block_lines(source.block), *block_lines(target.block)})
        decisions.append(
            Decision(kind, outcome, lines, link.score, link.evidence, _excerpt(target.block.text))
        )
    return decisions


def _reasons(layout: Layout, paragraphs: Paragraphs) -> dict[int, list[str]]:
    bodies = layout.bodies
    owner_of = paragraphs.owner_of()
    reasons: dict[int, list[str]] = {index: [] for index in range(-1, len(layout.slots))}
    for link in paragraphs.used:
        owner = owner_of[link.target]
        if not link.adjacent:
            what = "joined" if link.join else "placed after"
            sure = "a word runs across the join" if link.strength >= 2.0 else "shared vocabulary"
            reasons[owner].append(
                f"a fragment from line {bodies[link.target].block.line} was {what} "
                f"line {bodies[link.source].block.line} ({sure})"
            )
    linked_sources = {link.source for link in paragraphs.used}
    for index, body in enumerate(bodies):
        if ends_open(body.block.text) and index not in linked_sources:
            reasons[owner_of[index]].append(
                f"the text of line {body.block.line} breaks off and no continuation was found"
            )
    for head, paragraph in paragraphs.paragraphs.items():
        body = bodies[head]
        if body.after_heading and starts_dangling(body.block.text) >= 1.0:
            reasons[paragraph.owner].append("the article's beginning seems lost from the dump")
    return reasons


def place(layout: Layout, paragraphs: Paragraphs, links: Sequence[Link] = ()) -> Draft:
    """Each article's paragraphs in reading order, its captions and closing byline line."""
    del links  # the links that made the paragraphs are on ``paragraphs.used``
    bodies = layout.bodies
    slots = layout.slots
    owner_of = paragraphs.owner_of()
    reasons = _reasons(layout, paragraphs)

    texts: dict[int, list[str]] = {}
    lines: dict[int, list[tuple[int, ...]]] = {}
    for owner, heads in reading_order(paragraphs).items():
        for head in heads:
            members = paragraphs.paragraphs[head].blocks
            texts.setdefault(owner, []).append(join_fragments([bodies[m].block.text for m in members]))
            lines.setdefault(owner, []).append(
                tuple(sorted({n for m in members for n in block_lines(bodies[m].block)}))
            )

    captions: dict[int, list[Caption]] = {}
    page_captions: list[Caption] = []
    removed = list(layout.removed)
    bylines: dict[int, list[tuple[int, Block]]] = {}
    headshots: list[tuple[int, Block, bool]] = []
    index = 0
    asides = layout.asides
    while index < len(asides):
        position, block = asides[index]
        owner = owner_of.get(position - 1, len(slots) - 1 if position >= len(bodies) else -1)
        if position - 1 < 0:
            owner = -1 if not slots else owner
        if block.role is Role.BYLINE:
            bylines.setdefault(owner, []).append((position, block))
            index += 1
            continue
        if block.role is Role.HEADSHOT:
            inside = 0 < position < len(bodies) and ends_open(bodies[position - 1].block.text)
            headshots.append((owner, block, inside))
            index += 1
            continue
        text, credit = block.text, None
        split = split_credit(block.text)
        if split is not None:
            text, credit = split
        if block.role is Role.CAPTION and split is None and index + 1 < len(asides):
            next_position, next_block = asides[index + 1]
            if next_position == position and next_block.role is Role.CREDIT:
                credit = next_block.text
                index += 1
        caption = Caption(text=text, credit=credit or None)
        between_articles = position >= len(bodies) or bodies[position].after_heading or position == 0
        before_closed = position == 0 or ends_closed(bodies[position - 1].block.text)
        if len(text) > PHOTO_NEWS and between_articles and before_closed:
            page_captions.append(caption)
        else:
            captions.setdefault(owner, []).append(caption)
        index += 1

    trailing, moved = _closing_bylines(layout, owner_of, texts, bylines, removed)

    articles = [
        DraftArticle(
            owner=owner,
            slot=slots[owner] if owner >= 0 else Slot(),
            paragraphs=tuple(texts.get(owner, ())),
            paragraph_lines=tuple(lines.get(owner, ())),
            captions=tuple(captions.get(owner, ())),
            reasons=tuple(reasons[owner]),
            trailing=trailing[owner].text if owner in trailing else None,
            trailing_line=trailing[owner].line if owner in trailing else 0,
        )
        for owner in range(-1, len(slots))
    ]
    return Draft(
        tuple(articles),
        tuple(page_captions),
        tuple(headshots),
        tuple(removed),
        (*decisions_of(layout, paragraphs), *moved),
    )


def _signed(slot: Slot, texts: Sequence[str]) -> bool:
    """True when an article carries a byline of its own: under its title, as a dateline opening its
    first paragraph, or inline after one of its paragraphs."""
    if slot.byline is not None:
        return True
    if texts and split_leading_dateline(texts[0]) is not None:
        return True
    return any(split_trailing_byline(text) is not None for text in texts)


def _closing_bylines(
    layout: Layout,
    owner_of: dict[int, int],
    texts: dict[int, list[str]],
    bylines: dict[int, list[tuple[int, Block]]],
    removed: list[Removal],
) -> tuple[dict[int, Block], list[Decision]]:
    """Each article's closing byline line, and a decision for each byline given to another article.

    A byline line closes the text above it. Where the text above was assembled into an article that
    gets more than one closing byline (two articles' ends printed interleaved), the article keeps
    the first no other article takes (the last when every one could go), and each other byline
    goes to the nearest article above it within the continuation window that has no byline at all
    (it is the end of that signed item).
    An article already signed (under its title, by a dateline or inline) gives each of its byline
    lines away the same way. A byline line no such article takes stays with its article (the
    bylines stage records it as removed there) or, when the article has one already, is recorded
    as removed here."""
    bodies, slots = layout.bodies, layout.slots
    reach = window()
    trailing: dict[int, Block] = {}
    signed = {owner: owner >= 0 and _signed(slots[owner], texts.get(owner, ())) for owner in bylines}

    def taker_of(owner: int, position: int) -> tuple[int | None, int]:
        """The nearest unsigned article above ``position`` within reach, and how far above."""
        for j in range(min(position, len(bodies)) - 1, max(0, position - 1 - reach) - 1, -1):
            other = owner_of[j]
            if other == owner or other < 0 or other in trailing:
                continue
            if not _signed(slots[other], texts.get(other, ())):
                return other, position - j
        return None, 0

    # an unsigned article keeps the first of its byline lines no other article takes (the last
    # when every one could go), before any byline line is given away
    kept: dict[int, int] = {}
    for owner, blocks in bylines.items():
        if not signed[owner]:
            free = [n for n, (position, _) in enumerate(blocks) if taker_of(owner, position)[0] is None]
            kept[owner] = free[0] if free else len(blocks) - 1
            trailing[owner] = blocks[kept[owner]][1]
    decisions: list[Decision] = []
    for owner, blocks in sorted(bylines.items()):
        for number, (position, block) in enumerate(blocks):
            if kept.get(owner) == number:
                continue
            taker, above = taker_of(owner, position)
            if taker is None:
                if signed[owner] and owner not in trailing:
                    trailing[owner] = block  # settled with the article's own byline
                else:
                    removed.append(Removal(block.text, "second byline of the article", block.line))
                continue
            trailing[taker] = block
            decisions.append(
                Decision(
                    "byline",
                    "a second byline of the article, given to the unsigned article above it",
                    (block.line,),
                    0.0,
                    (
                        ("bylines_after_the_article", float(len(blocks))),
                        ("article_signed", float(signed[owner])),
                        ("unsigned_article_blocks_above", float(above)),
                    ),
                    _excerpt(block.text),
                )
            )
    return trailing, decisions


def finish(draft: Draft) -> Page:
    """The page from a draft whose bylines are settled: headshots and column labels placed, empty
    headlines and text above every headline with no article recorded as removed."""
    page_captions = list(draft.captions)
    removed = list(draft.removed)
    articles: list[tuple[DraftArticle, Article]] = []
    for draft_article in draft.articles:
        slot = draft_article.slot
        if draft_article.owner == -1 and not draft_article.paragraphs:
            page_captions.extend(draft_article.captions)  # above every article: the page's
            if slot.byline is not None:
                removed.append(Removal(slot.byline, "byline with no article", slot.byline_line))
            continue
        reasons = draft_article.reasons
        article = Article(
            title=slot.title,
            kicker=slot.kicker,
            subtitle=slot.subtitle,
            column=slot.column,
            byline=slot.byline,
            authors=authors_of(slot.byline) if slot.byline else (),
            paragraphs=draft_article.paragraphs,
            captions=draft_article.captions,
            uncertain=bool(reasons),
            uncertain_reason="; ".join(reasons) if reasons else None,
            paragraph_lines=draft_article.paragraph_lines,
        )
        articles.append((draft_article, article))
    # headshot name lines: to the article whose byline names the person
    by_author: dict[str, int] = {}
    for position, (_, article) in enumerate(articles):
        for author in article.authors:
            by_author.setdefault(author, position)
    extra: dict[int, list[Caption]] = {}
    for owner, block, inside in draft.headshots:
        name = "".join(block.text.split())
        number: int | None = next((n for n, (d, _) in enumerate(articles) if d.owner == owner), None)
        if not inside and (number is None or name not in articles[number][1].authors):
            number = by_author.get(name, number)
        if number is None:
            page_captions.append(Caption(text=block.text))
        else:
            extra.setdefault(number, []).append(Caption(text=block.text))
    final: list[Article] = []
    # a column label is held once by the articles it stands over; a label whose articles are all
    # dropped, or printed again over the next kept article, is recorded as removed
    label: str | None = None
    label_line = 0
    label_kept = False
    last_column: str | None = None
    for number, (draft_article, article) in enumerate(articles):
        if number in extra:
            article = attrs.evolve(article, captions=(*article.captions, *extra[number]))
        if article.column is None or draft_article.slot.column_printed:
            if label is not None and not label_kept:
                removed.append(Removal(label, "column label with no text under it", label_line))
            label, label_line, label_kept = article.column, draft_article.slot.column_line, False
        if not article.paragraphs and not article.captions and article.title:
            slot = draft_article.slot
            removed.extend(
                Removal(text, "headline with no text under it", line)
                for text, line in (
                    (article.kicker, slot.kicker_line),
                    (article.title, slot.title_line),
                    (article.subtitle, slot.subtitle_line),
                    (article.byline, slot.byline_line),
                )
                if text
            )
            continue
        if label is not None and not label_kept and last_column == label:
            removed.append(Removal(label, "column label printed again over the next article", label_line))
        label_kept = True
        last_column = article.column
        final.append(article)
    if label is not None and not label_kept:
        removed.append(Removal(label, "column label with no text under it", label_line))
    decisions = (*draft.decisions, *removal_decisions(removed))
    return Page(articles=final, captions=page_captions, removed=removed, decisions=decisions)


def removal_decisions(removed: Sequence[Removal]) -> list[Decision]:
    """A ``remove`` decision for each text kept in no article, with its reason and line."""
    return [
        Decision("remove", removal.reason, (removal.line,) if removal.line else (), text=_excerpt(removal.text))
        for removal in removed
    ]
