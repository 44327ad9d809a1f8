"""Assemble articles from role-labelled blocks: headline groups, paragraph joins, continuations, captions.

How it decides (see docs/reconstruction.md):

1. **Layout walk.** Each title opens an article; the column label, kicker, subtitle and byline
   line around it form its headline group. Body blocks belong by default to the article whose
   heading precedes them. Captions, credits and headshot name lines are set aside.
2. **Links.** A body block that stops mid-sentence (an *open end*) is continued by exactly one
   other block. Candidates are the next body block and every block that cannot be the start of
   a paragraph where it stands (it opens with punctuation or a particle, it follows a headshot,
   or its neighbour above is itself open). Each pair is scored from the evidence in the text:
   a word running across the join, adjacency, and shared vocabulary with the open end's
   article. All pairs of the page are then solved as **one assignment** (maximum total score),
   not greedily.
3. **Paragraphs and owners.** Linked blocks form one paragraph (joined with nothing between
   Chinese text). A paragraph that starts a new paragraph follows the paragraph its block
   followed in the dump, so a run of fragments moved away from its article (even before the
   article's heading) travels with the fragment that was linked to the article.
4. **Captions and bylines.** Captions go to the article whose text surrounds them; headshot
   name lines to the article whose byline names that person; long photo-news items between
   articles to the page. Bylines are read from every placement (see :mod:`zjnews.bylines`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import attrs

from .assignment import best_assignment
from .bylines import authors_of, is_trailing_byline, split_leading_dateline, split_trailing_byline
from .chinese import (
    Vocabulary,
    ends_closed,
    ends_mid_clause,
    ends_open,
    join_fragments,
    join_strength,
    opens_sentence,
    short_first_sentence,
    starts_dangling,
)
from .model import Article, Block, Caption, Page, Removal, Role
from .options import Options
from .roles import removal_reason, split_credit

__all__ = ["assemble_page"]

_WINDOW = 40
"""How far (in body blocks) a continuation is looked for from its open end."""
_THRESHOLD = 1.9
"""Score a link needs; lowered for an open end with nothing to continue it below."""
_MAX_STRENGTH = 2.5
"""The largest evidence :func:`zjnews.chinese.join_strength` gives."""
_PHOTO_NEWS = 80
"""A caption longer than this between two articles is a photo-news item of the page."""


@attrs.define
class _Slot:
    """An article being assembled (mutable scratch inside this stage only)."""

    title: str = ""
    kicker: str | None = None
    subtitle: str | None = None
    column: str | None = None
    byline: str | None = None
    column_printed: bool = False
    """The column label was printed above this article (not carried over from the article above)."""


@attrs.define
class _Body:
    """A body block with its place in the layout."""

    block: Block
    slot: int
    """Article whose heading precedes it (-1: before any heading)."""
    prev: int | None = None
    """Index (in the body list) of the body block right above it with no heading between."""
    after_boundary: bool = False
    """A headshot or trailing byline stands between it and ``prev``."""
    after_heading: bool = False
    """It is the first body block under a headline group."""


@attrs.define
class _Layout:
    slots: list[_Slot]
    bodies: list[_Body]
    asides: list[tuple[int, Block]]
    """(number of body blocks before it, block) for captions, credits, headshots, trailing bylines."""
    removed: list[Removal]


def _has_text(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _layout(blocks: Sequence[Block]) -> _Layout:
    slots: list[_Slot] = []
    bodies: list[_Body] = []
    asides: list[tuple[int, Block]] = []
    removed: list[Removal] = []
    column: str | None = None
    column_level = -1
    kicker: str | None = None
    pending_column: str | None = None
    last_body: int | None = None
    boundary = False
    signed_off = False  # the article above printed its closing byline: what follows is stranded
    after_heading = False
    previous_role = Role.UNKNOWN
    for block in blocks:
        role = block.role
        if role is Role.COLUMN:
            if pending_column is not None:
                removed.append(Removal(pending_column, "column label replaced by the next one"))
            pending_column = block.text
        elif role is Role.KICKER:
            if kicker is not None:
                removed.append(Removal(kicker, "kicker with no title under it"))
            kicker = block.text
        elif role is Role.TITLE:
            printed = pending_column is not None
            if pending_column is not None:
                column, column_level = pending_column, block.heading_level
                pending_column = None
            elif column is not None and (block.heading_level != column_level or column_level == 0):
                column = None
            slot_column = column
            if column is not None and column_level == 0:
                column = None  # on an unmarked page a column label covers the article under it
            slots.append(
                _Slot(
                    title=block.text,
                    kicker=kicker,
                    column=slot_column,
                    column_printed=printed,
                )
            )
            kicker = None
            last_body = None
            boundary = signed_off = False
            after_heading = True
        elif role is Role.SUBTITLE and previous_role in (Role.TITLE, Role.SUBTITLE) and slots:
            slot = slots[-1]
            slot.subtitle = block.text if slot.subtitle is None else f"{slot.subtitle} {block.text}"
        elif role is Role.BYLINE and not is_trailing_byline(block.text) and slots and after_heading:
            if slots[-1].byline is not None:
                removed.append(Removal(slots[-1].byline, "byline replaced by the next byline line"))
            slots[-1].byline = block.text
        elif role in (Role.BYLINE, Role.HEADSHOT, Role.CAPTION, Role.CREDIT):
            asides.append((len(bodies), block))
            if role in (Role.BYLINE, Role.HEADSHOT):
                boundary = True
            if role is Role.BYLINE and (last_body is None or not ends_open(bodies[last_body].block.text)):
                signed_off = True
        elif role in (Role.NOISE, Role.FURNITURE):
            removed.append(Removal(block.text, removal_reason(block), block.line))
        else:  # body, and subtitles that do not stand under a title
            # a headshot or byline after a finished sentence ends the article above; after an
            # open sentence it was only dropped into the middle of it
            closed_above = last_body is None or not ends_open(bodies[last_body].block.text)
            bodies.append(
                _Body(
                    block,
                    len(slots) - 1,
                    prev=last_body,
                    after_boundary=(boundary or signed_off) and closed_above,
                    after_heading=after_heading,
                )
            )
            last_body = len(bodies) - 1
            # a byline after the last sentence closes the article too
            boundary = split_trailing_byline(block.text) is not None
            # everything printed after an article's closing byline, until the next headline, was
            # stranded there (several articles' tails dumped under the last one)
            signed_off = signed_off or boundary
            after_heading = False
        if role not in (Role.NOISE, Role.FURNITURE):
            previous_role = role
    if pending_column is not None or kicker is not None:
        for text in (pending_column, kicker):
            if text is not None:
                removed.append(Removal(text, "heading with no article under it"))
    return _Layout(slots, bodies, asides, removed)


@attrs.frozen
class _Link:
    source: int
    target: int
    join: bool
    """Join the two blocks into one paragraph (else the target starts a paragraph after it)."""
    strength: float
    adjacent: bool


def _links(layout: _Layout, options: Options) -> tuple[list[_Link], frozenset[int]]:
    """Match every open end of the page to its continuation (see the module docstring).

    A first round scores the pairs with the layout as dumped. Where it moves a fragment into
    another article, the blocks printed after that fragment (until the next headline) form an
    *interleaved zone*: several articles' continuations dumped together, where being next to
    a block says little and a block's place under a headline says nothing. A second round
    re-scores the pairs with that knowledge.
    """
    bodies = layout.bodies
    nxt: dict[int, int] = {body.prev: index for index, body in enumerate(bodies) if body.prev is not None}
    opens = [i for i, b in enumerate(bodies) if ends_open(b.block.text)]
    if not opens:
        return [], frozenset()
    if not options.join_continuations:
        return [
            _Link(i, nxt[i], True, join_strength(bodies[i].block.text, bodies[nxt[i]].block.text), True)
            for i in opens
            if i in nxt
        ], frozenset()
    candidates = [
        j
        for j, b in enumerate(bodies)
        if not b.after_heading
        and (
            b.prev is None
            or b.after_boundary
            or starts_dangling(b.block.text) > 0
            or ends_open(bodies[b.prev].block.text)
        )
    ]
    def about(owners: dict[int, int]) -> dict[int, Vocabulary]:
        # what an open end is about: its own block and the one above it, with its article's title
        vectors: dict[int, Vocabulary] = {}
        for i in opens:
            body = bodies[i]
            text = body.block.text
            if body.prev is not None:
                text = bodies[body.prev].block.text + "\n" + text
            owner = owners.get(i, body.slot)
            if 0 <= owner < len(layout.slots):
                text = layout.slots[owner].title + "\n" + text
            vectors[i] = Vocabulary.of(text)
        return vectors

    scoring = _Scoring(bodies, nxt, opens, frozenset(candidates), about({}), {})
    links = scoring.solve(frozenset())
    zone = _interleaved_zone(bodies, links)
    if not zone:
        return links, zone
    # in the zone an open end is about the article the first round gave it to
    paragraphs, _ = _paragraphs(layout, links)
    owners = {member: p.owner for p in paragraphs.values() for member in p.blocks}
    return attrs.evolve(scoring, source_vectors=about(owners)).solve(zone), zone


def _interleaved_zone(bodies: list[_Body], links: list[_Link]) -> frozenset[int]:
    """The body blocks printed after a fragment that a link moved into another article."""
    zone: set[int] = set()
    for link in links:
        source, target = bodies[link.source], bodies[link.target]
        if link.adjacent or source.slot == target.slot or target.prev is None or target.after_boundary:
            continue
        j = link.target
        while j < len(bodies) and bodies[j].slot == target.slot and not bodies[j].after_heading:
            zone.add(j)
            j += 1
    return frozenset(zone)


_COMPONENT = 40
"""Open ends solved together at most; a larger tangle of competing pairs is solved in windows."""


def _assign(gains: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The maximum-gain assignment of open ends to continuations, solved per group of competing pairs.

    Open ends that share no candidate cannot affect each other, so each connected group of pairs is
    solved on its own (exactly, with the Hungarian method). A group of more than :data:`_COMPONENT`
    open ends (only adversarial pages have one) is solved in consecutive windows of that many open
    ends, each taking what the windows before it left, which keeps the cost linear in the page.
    """
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for i, j in gains:
        parent[find(("open", i))] = find(("target", j))
    groups: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for pair in gains:
        groups.setdefault(find(("open", pair[0])), []).append(pair)
    chosen: list[tuple[int, int]] = []
    for pairs in groups.values():
        rows = sorted({i for i, _ in pairs})
        taken: set[int] = set()
        for start in range(0, len(rows), _COMPONENT):
            window = set(rows[start : start + _COMPONENT])
            sub = [(i, j) for i, j in pairs if i in window and j not in taken]
            row_ids = sorted({i for i, _ in sub})
            col_ids = sorted({j for _, j in sub})
            if not sub:
                continue
            row_of = {i: r for r, i in enumerate(row_ids)}
            col_of = {j: c for c, j in enumerate(col_ids)}
            matrix = [[0.0] * len(col_ids) for _ in row_ids]
            for i, j in sub:
                matrix[row_of[i]][col_of[j]] = gains[(i, j)]
            for r, c in best_assignment(matrix):
                chosen.append((row_ids[r], col_ids[c]))
                taken.add(col_ids[c])
    return sorted(chosen)


@attrs.frozen
class _Scoring:
    """The pair scores of one page's open ends and candidate continuations."""

    bodies: list[_Body]
    nxt: dict[int, int]
    opens: list[int]
    candidates: frozenset[int]
    """Blocks that may continue an open end elsewhere; in an interleaved zone every block may."""
    source_vectors: dict[int, Vocabulary]
    block_vectors: dict[int, Vocabulary]
    """Each candidate block's vocabulary, filled in as the pairs are scored."""

    strengths: dict[tuple[int, int], float] = attrs.field(factory=dict)
    """The join evidence of each scored pair, computed once for both rounds."""
    orphans: dict[int, bool] = attrs.field(factory=dict)
    """:meth:`orphan` of each block looked at, computed once."""
    danglings: dict[int, float] = attrs.field(factory=dict)
    """:meth:`dangling` of each block looked at, computed once."""

    def strength(self, i: int, j: int) -> float:
        """:func:`zjnews.chinese.join_strength` of open end ``i`` and candidate ``j`` (computed once)."""
        value = self.strengths.get((i, j))
        if value is None:
            value = self.strengths[(i, j)] = join_strength(self.bodies[i].block.text, self.bodies[j].block.text)
        return value

    def orphan(self, j: int) -> bool:
        """True when body block ``j`` has nothing to continue above it in its own flow: it is the
        first of its slot, stands after a closing byline, or is the rest of a sentence printed
        under a finished one (computed once)."""
        value = self.orphans.get(j)
        if value is None:
            body = self.bodies[j]
            value = self.orphans[j] = (
                body.prev is None
                or body.after_boundary
                or (
                    self.dangling(j) >= 1.0
                    and not short_first_sentence(body.block.text)
                    and not ends_open(self.bodies[body.prev].block.text)
                )
            )
        return value

    def dangling(self, j: int) -> float:
        """:func:`zjnews.chinese.starts_dangling` of body block ``j`` (computed once)."""
        value = self.danglings.get(j)
        if value is None:
            value = self.danglings[j] = starts_dangling(self.bodies[j].block.text)
        return value

    def vocabulary(self, j: int) -> Vocabulary:
        """The vocabulary of body block ``j`` (computed once)."""
        vector = self.block_vectors.get(j)
        if vector is None:
            vector = self.block_vectors[j] = Vocabulary.of(self.bodies[j].block.text)
        return vector

    def solve(self, zone: frozenset[int]) -> list[_Link]:
        """The best assignment of open ends to continuations, with ``zone`` blocks scored as interleaved."""
        bodies = self.bodies
        candidates = [j for j, b in enumerate(bodies) if not b.after_heading]
        gains: dict[tuple[int, int], float] = {}
        detail: dict[tuple[int, int], tuple[float, bool]] = {}

        def target_in_flow(j: int, i: int) -> bool:
            return bodies[j].slot == bodies[i].slot and not (bodies[j].prev is None or bodies[j].after_boundary)

        for i in self.opens:
            source = bodies[i]
            widow = i not in self.nxt or self.nxt[i] in zone
            low, high = bisect.bisect_left(candidates, i - _WINDOW), bisect.bisect_right(candidates, i + _WINDOW)
            nearby = candidates[low:high]
            for j in nearby:
                if j == i:
                    continue
                if j not in self.candidates and j not in zone and (not widow or (j < i and target_in_flow(j, i))):
                    # only an open end with nothing below it looks for its continuation anywhere,
                    # and never among the paragraphs above it in its own article
                    continue
                target = bodies[j]
                interleaved = j in zone
                adjacent = self.nxt.get(i) == j
                score = 0.0
                if adjacent:
                    # a next block that opens like a new sentence (此外，…) is a new paragraph more often,
                    # unless a word runs across the join (…三 + 年前，…)
                    new_sentence = opens_sentence(target.block.text) and self.strength(i, j) < 2.0
                    score += 0.5 if interleaved or new_sentence else 2.0
                elif target.slot == source.slot and j > i:
                    score += 0.3
                orphan = self.orphan(j)
                if target.after_boundary:
                    # text printed after an article's closing byline or headshot belongs elsewhere
                    score += 1.0
                if j < i:
                    # a continuation printed before its open end: usual for a fragment stranded
                    # between articles, rare for a block inside an article's own flow
                    score -= 0.5 if orphan else 1.5
                if target.slot != source.slot and not orphan and not interleaved:
                    # taking a block out of another article's flow, across a headline: worse when
                    # the open end right above it is left without its continuation
                    assert target.prev is not None
                    score -= 1.0 if ends_open(bodies[target.prev].block.text) else 0.5
                limit = _THRESHOLD
                if widow:
                    # an open end with nothing to continue it below must continue somewhere
                    limit -= 1.3 if interleaved else 1.0
                if not adjacent and orphan and self.dangling(j):
                    limit -= 0.5
                if score + 3.0 + _MAX_STRENGTH <= limit:
                    continue  # cannot reach the limit whatever the text says
                score += 3.0 * self.source_vectors[i].similarity(self.vocabulary(j))
                if score + _MAX_STRENGTH <= limit:
                    continue
                strength = self.strength(i, j)
                if interleaved and strength < 1.0:
                    continue  # in a zone only the text can link; ownership is settled by vocabulary after
                score += strength
                if score > limit:
                    gains[(i, j)] = score - limit
                    detail[(i, j)] = (strength, adjacent)
        links = []
        for i, j in _assign(gains):
            strength, adjacent = detail[(i, j)]
            weak = strength < 2.0 and short_first_sentence(bodies[j].block.text)
            # a chosen continuation of a sentence broken inside a clause joins it, unless it opens
            # with a short sentence of its own and no word runs across the join
            evidence = strength >= 1.0 or ends_mid_clause(bodies[i].block.text)
            join = (adjacent and j not in zone) or (evidence and not weak)
            links.append(_Link(i, j, join, strength, adjacent))
        return links


def _zone_owners(
    layout: _Layout, links: list[_Link], zone: frozenset[int], paragraphs: dict[int, _Paragraph]
) -> list[_Link]:
    """In an interleaved zone, a paragraph that starts a new sentence goes to the article whose
    text it shares most vocabulary with, among the articles continued in the zone or left
    unfinished above it.

    Returns links that place each such paragraph after that article's latest paragraph above it.
    """
    bodies = layout.bodies
    owner_of = {member: p.owner for p in paragraphs.values() for member in p.blocks}
    targets = {link.target for link in links}
    joined = {link.source for link in links if link.join}
    linked = {link.source for link in links}
    owners = {owner_of[link.source] for link in links if link.target in zone}
    owners |= {bodies[j].slot for j in zone}
    # and the articles whose text breaks off with no continuation found
    first = min(zone)
    owners |= {
        owner_of[j]
        for j in range(max(0, first - _WINDOW), first)
        if ends_open(bodies[j].block.text) and j not in linked
    }
    anchors: dict[int, Vocabulary] = {}
    for owner in owners:
        texts = [layout.slots[owner].title] if 0 <= owner < len(layout.slots) else []
        texts += [b.block.text for j, b in enumerate(bodies) if owner_of[j] == owner and j not in zone]
        anchors[owner] = Vocabulary.of("\n".join(texts))
    moves = []
    for head in sorted(zone & paragraphs.keys()):
        if head in targets:
            continue
        vector = Vocabulary.of(bodies[head].block.text)
        current = paragraphs[head].owner
        best = max(owners, key=lambda o: (anchors[o].similarity(vector), o == current))
        if best == current or anchors[best].similarity(vector) <= anchors[current].similarity(vector) + 0.02:
            continue
        above = [j for j in range(head) if owner_of[j] == best]
        if above:
            source = max(above)
            strength = join_strength(bodies[source].block.text, bodies[head].block.text)
            join = ends_open(bodies[source].block.text) and strength >= 1.0 and source not in joined
            moves.append(_Link(source, head, join, strength, False))
    return moves


@attrs.define
class _Paragraph:
    blocks: list[int]
    parent: int | None = None
    """Paragraph (by its first block) this one follows; None under the headline."""
    owner: int = -1


def _paragraphs(layout: _Layout, links: list[_Link]) -> tuple[dict[int, _Paragraph], list[_Link]]:
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
    paragraphs: dict[int, _Paragraph] = {}
    for index in range(len(bodies)):
        if index in joined_from:
            continue
        chain = [index]
        while chain[-1] in joined_to:
            chain.append(joined_to[chain[-1]])
        for member in chain:
            head_of[member] = index
        paragraphs[index] = _Paragraph(chain)
    for head, paragraph in paragraphs.items():
        if head in follows:
            paragraph.parent = head_of[follows[head]]
        elif (above := bodies[head].prev) is not None:
            paragraph.parent = head_of[above]
    # a parent cycle (fragments that each follow another of the cycle) is cut at its first block
    seen: dict[int, int] = {}
    for head in sorted(paragraphs):
        path: list[int] = []
        node: int | None = head
        while node is not None and node not in seen:
            seen[node] = head
            path.append(node)
            node = paragraphs[node].parent
        if node is not None and seen[node] == head:
            paragraphs[min(path[path.index(node) :])].parent = None
    # owners: the article of the headline a paragraph hangs under, following parents upwards
    owner_of: dict[int, int] = {}
    for head in paragraphs:
        path = []
        node = head
        while node is not None and node not in owner_of:
            path.append(node)
            node = paragraphs[node].parent
        owner = owner_of[node] if node is not None else bodies[path[-1]].slot
        for member in path:
            owner_of[member] = owner
    for head, paragraph in paragraphs.items():
        paragraph.owner = owner_of[head]
    return paragraphs, [link for link in links if link.source in joined_to or link.target in follows]


def _reading_order(paragraphs: dict[int, _Paragraph]) -> dict[int, list[int]]:
    """Each article's paragraphs (by first block) in reading order: down the chain of parents,
    siblings in dump order."""
    children: dict[tuple[int, int | None], list[int]] = {}
    for head in sorted(paragraphs):
        paragraph = paragraphs[head]
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


def _article(
    slot: _Slot, paragraphs: list[str], captions: list[Caption], reasons: list[str], removed: list[Removal]
) -> Article:
    byline = slot.byline
    if paragraphs:
        dateline = split_leading_dateline(paragraphs[0])
        if dateline is not None:
            if byline is None:
                byline = dateline[0]
            else:
                removed.append(Removal(dateline[0], "second byline of the article"))
            paragraphs[0] = dateline[1]
        # the closing byline ends the last paragraph, or the last one before text stranded under it
        for k in range(len(paragraphs) - 1, -1, -1):
            trailing = split_trailing_byline(paragraphs[k])
            if trailing is None:
                continue
            paragraphs[k] = trailing[0]
            if byline is None:
                byline = trailing[1]
            else:
                removed.append(Removal(trailing[1], "second byline of the article"))
            break
    paragraphs = [p for p in paragraphs if p.strip()]
    return Article(
        title=slot.title,
        kicker=slot.kicker,
        subtitle=slot.subtitle,
        column=slot.column,
        byline=byline,
        authors=authors_of(byline) if byline else (),
        paragraphs=tuple(paragraphs),
        captions=tuple(captions),
        uncertain=bool(reasons),
        uncertain_reason="; ".join(reasons) if reasons else None,
    )


def assemble_page(blocks: tuple[Block, ...], options: Options) -> Page:
    """The page's articles, page-level captions and removed text, from role-labelled blocks."""
    layout = _layout(blocks)
    bodies = layout.bodies
    links, zone = _links(layout, options)
    paragraphs, used = _paragraphs(layout, links)
    if zone:
        moves = _zone_owners(layout, links, zone, paragraphs)
        if moves:
            paragraphs, used = _paragraphs(layout, links + moves)
    slots = layout.slots
    preamble = _Slot()
    slot_of = {index: slots[index] if index >= 0 else preamble for index in range(-1, len(slots))}

    owner_of_body = {member: p.owner for p in paragraphs.values() for member in p.blocks}
    reasons: dict[int, list[str]] = {index: [] for index in slot_of}
    for link in used:
        owner = owner_of_body[link.target]
        if not link.adjacent:
            what = "joined" if link.join else "placed after"
            sure = "a word runs across the join" if link.strength >= 2.0 else "shared vocabulary"
            reasons[owner].append(f"a fragment from line {bodies[link.target].block.line} was {what} "
                                  f"line {bodies[link.source].block.line} ({sure})")
    linked_sources = {link.source for link in used}
    for index, body in enumerate(bodies):
        if ends_open(body.block.text) and index not in linked_sources:
            reasons[owner_of_body[index]].append(
                f"the text of line {body.block.line} breaks off and no continuation was found"
            )
    for head, paragraph in paragraphs.items():
        body = bodies[head]
        if body.after_heading and starts_dangling(body.block.text) >= 1.0:
            reasons[paragraph.owner].append("the article's beginning seems lost from the dump")

    # paragraph texts, per article in reading order
    texts: dict[int, list[str]] = {}
    for owner, heads in _reading_order(paragraphs).items():
        for head in heads:
            text = join_fragments([bodies[member].block.text for member in paragraphs[head].blocks])
            texts.setdefault(owner, []).append(text)

    captions: dict[int, list[Caption]] = {}
    page_captions: list[Caption] = []
    removed = list(layout.removed)
    trailing: dict[int, str] = {}
    headshots: list[tuple[int, Block, bool]] = []
    index = 0
    asides = layout.asides
    while index < len(asides):
        position, block = asides[index]
        owner = owner_of_body.get(position - 1, len(slots) - 1 if position >= len(bodies) else -1)
        if position - 1 < 0:
            owner = -1 if not slots else owner
        if block.role is Role.BYLINE:
            if owner in trailing:
                removed.append(Removal(block.text, "second byline of the article", block.line))
            else:
                trailing[owner] = block.text
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
        if len(text) > _PHOTO_NEWS and between_articles and before_closed:
            page_captions.append(caption)
        else:
            captions.setdefault(owner, []).append(caption)
        index += 1

    articles: list[tuple[int, Article]] = []
    for owner, slot in slot_of.items():
        paragraphs_text = texts.get(owner, [])
        if not paragraphs_text and owner == -1:
            page_captions.extend(captions.get(owner, []))  # above every article: the page's
            continue
        if owner in trailing and slot.byline is None:
            slot.byline = trailing.pop(owner)
        article = _article(slot, list(paragraphs_text), captions.get(owner, []), reasons[owner], removed)
        articles.append((owner, article))
    removed.extend(Removal(text, "byline with no article") for text in trailing.values())
    # headshot name lines: to the article whose byline names the person
    by_author: dict[str, int] = {}
    for position, (_, article) in enumerate(articles):
        for author in article.authors:
            by_author.setdefault(author, position)
    extra: dict[int, list[Caption]] = {}
    for owner, block, inside in headshots:
        name = "".join(block.text.split())
        number: int | None = next((n for n, (o, _) in enumerate(articles) if o == owner), None)
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
    label_kept = False
    last_column: str | None = None
    for number, (owner, article) in enumerate(articles):
        if number in extra:
            article = attrs.evolve(article, captions=(*article.captions, *extra[number]))
        if article.column is None or slot_of[owner].column_printed:
            if label is not None and not label_kept:
                removed.append(Removal(label, "column label with no text under it"))
            label, label_kept = article.column, False
        if not article.paragraphs and not article.captions and article.title:
            removed.extend(
                Removal(text, "headline with no text under it")
                for text in (article.kicker, article.title, article.subtitle, article.byline)
                if text
            )
            continue
        if label is not None and not label_kept and last_column == label:
            removed.append(Removal(label, "column label printed again over the next article"))
        label_kept = True
        last_column = article.column
        final.append(article)
    if label is not None and not label_kept:
        removed.append(Removal(label, "column label with no text under it"))
    return Page(articles=final, captions=page_captions, removed=removed)
