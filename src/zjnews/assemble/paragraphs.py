"""Paragraphs: linked blocks chained into paragraphs, each with the paragraph it follows and its article.

Linked blocks form one paragraph (joined with nothing between Chinese text). A paragraph that
starts a new paragraph follows the paragraph its block followed in the dump, so a run of
fragments moved away from its article (even before the article's heading) travels with the
fragment that was linked to the article. In an interleaved zone, a paragraph that starts a new
sentence goes to the article it shares most vocabulary with (:func:`zone_owners`).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..chinese import Vocabulary, ends_mid_clause, ends_open, join_strength
from .links import paragraph_end, window
from .types import Layout, Link, Paragraph, Paragraphs

__all__ = ["chain_paragraphs", "reading_order", "zone_owners"]

_MARGIN = 0.02
"""How much more vocabulary (cosine of character pairs) a paragraph must share with another article
than with its own before it is moved there."""


_OPENING = frozenset(
    (
        "opens_sentence",
        "short_first_sentence",
        "opens_with_quote",
        "opens_with_date",
        "opens_with_speaker",
        "opens_with_time_word",
        "opens_with_preposition",
        "opens_with_pronoun",
        "opens_with_name",
        "opens_with_attribution",
    )
)
"""The ``paragraph_end`` evidence read off the text below a break: how the block opens."""


def _quotes_agree(left: str, right: str) -> bool:
    """False when ``right`` closes a quotation (its first quotation mark is a closing one) that
    ``left`` does not leave open (its last quotation mark is not an opening one): the two cannot be
    one sentence."""
    first = next((char for char in right if char in "“”"), "")
    if first != "”":
        return True
    last = next((char for char in reversed(left) if char in "“”"), "")
    return last == "“"


def chain_paragraphs(layout: Layout, links: Sequence[Link]) -> Paragraphs:
    """Chains of joined blocks, each with the paragraph it follows and its article."""
    bodies = layout.bodies
    joined_to: dict[int, int] = {}
    joined_from: dict[int, int] = {}
    follows: dict[int, int] = {}
    for link in links:
        if link.join:
            joined_to[link.source] = link.target
            joined_from[link.target] = link.source
        else:
            follows[link.target] = link.source
    # break cycles of joins (a chain that leads back to itself); each block is walked once
    walked: dict[int, int] = {}
    for start in list(joined_to):
        current = start
        while current in joined_to and current not in walked:
            walked[current] = start
            current = joined_to[current]
        if walked.get(current) == start:
            source = joined_from.pop(current)
            del joined_to[source]
    head_of: dict[int, int] = {}
    chains: dict[int, tuple[int, ...]] = {}
    for index in range(len(bodies)):
        if index in joined_from:
            continue
        chain = [index]
        while chain[-1] in joined_to:
            chain.append(joined_to[chain[-1]])
        for member in chain:
            head_of[member] = index
        chains[index] = tuple(chain)
    parents: dict[int, int | None] = {}
    for head in chains:
        if head in follows:
            parents[head] = head_of[follows[head]]
        elif (above := bodies[head].prev) is not None:
            parents[head] = head_of[above]
        else:
            parents[head] = None
    # a parent cycle (fragments that each follow another of the cycle) is cut at its first block
    seen: dict[int, int] = {}
    for head in sorted(chains):
        path: list[int] = []
        node: int | None = head
        while node is not None and node not in seen:
            seen[node] = head
            path.append(node)
            node = parents[node]
        if node is not None and seen[node] == head:
            parents[min(path[path.index(node) :])] = None
    # owners: the article of the headline a paragraph hangs under, following parents upwards
    owner_of: dict[int, int] = {}
    for head in chains:
        path = []
        node = head
        while node is not None and node not in owner_of:
            path.append(node)
            node = parents[node]
        owner = owner_of[node] if node is not None else bodies[path[-1]].slot
        for member in path:
            owner_of[member] = owner
    paragraphs = {head: Paragraph(chain, parents[head], owner_of[head]) for head, chain in chains.items()}
    used = tuple(link for link in links if link.source in joined_to or link.target in follows)
    return Paragraphs(paragraphs, used)


def reading_order(paragraphs: Paragraphs) -> dict[int, list[int]]:
    """Each article's paragraphs (by first block) in reading order: down the chain of parents,
    siblings in dump order."""
    children: dict[tuple[int, int | None], list[int]] = {}
    for head in sorted(paragraphs.paragraphs):
        paragraph = paragraphs.paragraphs[head]
        children.setdefault((paragraph.owner, paragraph.parent), []).append(head)
    order: dict[int, list[int]] = {}
    for (owner, parent), heads in children.items():
        if parent is not None:
            continue
        stack = list(reversed(heads))
        out = order.setdefault(owner, [])
        while stack:
            head = stack.pop()
            out.append(head)
            stack.extend(reversed(children.get((owner, head), [])))
    return order


def zone_owners(layout: Layout, links: Sequence[Link], zone: frozenset[int], paragraphs: Paragraphs) -> list[Link]:
    """In an interleaved zone, a paragraph that starts a new sentence goes to the article whose
    text it shares most vocabulary with, among the articles continued in the zone or left
    unfinished above it.

    Returns links that place each such paragraph after that article's latest paragraph above it.
    The paragraph continues that one (a join) where a word runs across the break, or where the
    text above breaks off inside a clause and the paragraph neither opens the way paragraphs do
    (the ``paragraph_end`` table's evidence on how the text below a break opens) nor closes a
    quotation the text above does not leave open.
    """
    if not zone:
        return []
    moves: list[Link] = []
    # each run of the zone on its own, reading only the blocks within reach of it
    runs: list[list[int]] = []
    for j in sorted(zone):
        if runs and j == runs[-1][-1] + 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    facts = _LinkFacts.of(links, paragraphs)
    # a block continues in one paragraph only: joined once (by a link or a move of any run),
    # followed after
    joined = set(facts.joined)
    for run in runs:
        moves.extend(_run_owners(layout, frozenset(run), paragraphs, facts, joined))
    return moves


@attrs.frozen
class _LinkFacts:
    """What :func:`zone_owners` reads of the page's links, gathered once for every run."""

    owner_of: dict[int, int]
    into: dict[int, list[int]]
    """Block -> sources of the links into it."""
    targets: frozenset[int]
    joined: frozenset[int]
    linked: frozenset[int]

    @classmethod
    def of(cls, links: Sequence[Link], paragraphs: Paragraphs) -> _LinkFacts:
        into: dict[int, list[int]] = {}
        for link in links:
            into.setdefault(link.target, []).append(link.source)
        return cls(
            paragraphs.owner_of(),
            into,
            frozenset(link.target for link in links),
            frozenset(link.source for link in links if link.join),
            frozenset(link.source for link in links),
        )


def _run_owners(
    layout: Layout, zone: frozenset[int], paragraphs: Paragraphs, facts: _LinkFacts, joined: set[int]
) -> list[Link]:
    bodies = layout.bodies
    reach = window()
    first, last = min(zone), max(zone)
    low, high = max(0, first - 4 * reach), min(len(bodies), last + reach + 1)
    owner_of, targets, linked = facts.owner_of, facts.targets, facts.linked
    owners = {owner_of[source] for j in zone for source in facts.into.get(j, ())}
    owners |= {bodies[j].slot for j in zone}
    # and the articles whose text breaks off with no continuation found
    owners |= {
        owner_of[j] for j in range(max(0, first - reach), first) if ends_open(bodies[j].block.text) and j not in linked
    }
    heads = sorted(zone & paragraphs.paragraphs.keys())
    # every paragraph's present article is a candidate too (a zone paragraph may hang under a
    # fragment moved from above every headline)
    owners |= {paragraphs.paragraphs[head].owner for head in heads}
    owners |= {owner_of[p] for head in heads if (p := paragraphs.paragraphs[head].parent) is not None}
    texts: dict[int, list[str]] = {owner: [] for owner in owners}
    for owner in owners:
        if 0 <= owner < len(layout.slots):
            texts[owner].append(layout.slots[owner].title)
    for j in range(low, high):
        if owner_of[j] in texts and j not in zone:
            texts[owner_of[j]].append(bodies[j].block.text)
    anchors = {owner: Vocabulary.of("\n".join(parts)) for owner, parts in texts.items()}
    moves = []
    # each block's article as the moves made so far leave it: a paragraph follows its parent, so
    # a paragraph under one moved away goes with it unless it is moved itself, and a paragraph is
    # placed after a block that stays in the article it is moved to
    owner_now = dict(owner_of)
    for head in heads:
        paragraph = paragraphs.paragraphs[head]
        current = paragraph.owner if paragraph.parent is None else owner_now[paragraph.parent]
        owner_now.update(dict.fromkeys(paragraph.blocks, current))
        if head in targets:
            continue
        vector = Vocabulary.of(bodies[head].block.text)
        best = max(owners, key=lambda o: (anchors[o].similarity(vector), o == current))
        gain = anchors[best].similarity(vector) - anchors[current].similarity(vector) - _MARGIN
        if best == current or gain <= 0:
            continue
        source = next((j for j in range(head - 1, low - 1, -1) if owner_now[j] == best), None)
        if source is not None:
            owner_now.update(dict.fromkeys(paragraph.blocks, best))
            strength = join_strength(bodies[source].block.text, bodies[head].block.text)
            left, right = bodies[source].block.text, bodies[head].block.text
            # a sentence broken inside a clause goes on in the paragraph placed after it, unless
            # that paragraph opens the way paragraphs do (the ``paragraph_end`` table's evidence on
            # the text below a break)
            _, end_evidence = paragraph_end(layout, source, head)
            opening = sum(value for name, value in end_evidence if name in _OPENING)
            join = (
                ends_open(left)
                and (strength >= 1.0 or (ends_mid_clause(left) and opening <= 0 and _quotes_agree(left, right)))
                and source not in joined
            )
            if join:
                joined.add(source)
            evidence = (
                ("vocabulary_shared_with_new_article", anchors[best].similarity(vector)),
                ("vocabulary_shared_with_old_article", -anchors[current].similarity(vector)),
                ("margin", -_MARGIN),
                *((f"paragraph_end:{name}", value) for name, value in end_evidence if name in _OPENING and value),
            )
            moves.append(Link(source, head, join, strength, False, gain, evidence))
    return moves
