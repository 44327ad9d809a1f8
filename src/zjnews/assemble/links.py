"""Links: every open end of the page matched to the block that continues it.

A body block that stops mid-sentence (an *open end*) is continued by exactly one other block.
Candidates are the next body block and every block that cannot be the start of a paragraph
where it stands (it opens with punctuation or a particle, it follows a headshot, or its
neighbour above is itself open). Each pair is scored by weighing the evidence the page gives
(a word running across the join, adjacency, shared vocabulary with the open end's article, the
pair's places relative to headlines and closing bylines) with the weights of the ``link`` table
(:mod:`zjnews.assemble.weights`). All pairs of the page are then solved as **one assignment**
(maximum total score), not greedily.

Two rounds, each a function the pipeline calls: :func:`link_open_ends` scores the pairs with
the layout as dumped; where it moves a fragment into another article, the blocks printed after
that fragment (until the next headline) form an *interleaved zone* (:func:`interleaved_zone`):
several articles' continuations dumped together, where being next to a block says little and
a block's place under a headline says nothing. :func:`relink_zone` re-scores the open ends
whose candidates lie in the zone, knowing which article each open end now belongs to.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

import attrs

from ..assignment import best_assignment
from ..chinese import (
    Vocabulary,
    ends_mid_clause,
    ends_open,
    join_strength,
    opens_sentence,
    short_first_sentence,
    starts_dangling,
)
from ..options import Options
from .types import Body, Layout, Link, Linking
from .weights import weights

__all__ = ["WINDOW", "assign", "interleaved_zone", "link_open_ends", "relink_zone"]

WINDOW = 40
"""How far (in body blocks) a continuation is looked for from its open end."""
_MAX_STRENGTH = 2.5
"""The largest evidence :func:`zjnews.chinese.join_strength` gives."""


def _next_of(bodies: Sequence[Body]) -> dict[int, int]:
    return {body.prev: index for index, body in enumerate(bodies) if body.prev is not None}


def _about(layout: Layout, opens: Sequence[int], owners: Mapping[int, int]) -> dict[int, Vocabulary]:
    """What each open end is about: its own block and the one above it, with its article's title."""
    bodies = layout.bodies
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


@attrs.frozen
class Scoring:
    """The pair scores of one page's open ends and candidate continuations.

    Holds caches (join evidence, vocabularies) shared by both rounds; a value of the links
    sub-stage only, passed from :func:`link_open_ends` to :func:`relink_zone` in a :class:`Linking`.
    """

    bodies: Sequence[Body]
    nxt: dict[int, int]
    opens: list[int]
    candidates: frozenset[int]
    """Blocks that may continue an open end elsewhere; in an interleaved zone every block may."""
    source_vectors: dict[int, Vocabulary]
    block_vectors: dict[int, Vocabulary] = attrs.field(factory=dict)
    """Each candidate block's vocabulary, filled in as the pairs are scored."""
    strengths: dict[tuple[int, int], float] = attrs.field(factory=dict)
    orphans: dict[int, bool] = attrs.field(factory=dict)
    danglings: dict[int, float] = attrs.field(factory=dict)

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

    def pair(
        self, i: int, j: int, zone: frozenset[int], w: Mapping[str, float]
    ) -> tuple[float, list[tuple[str, float]]] | None:
        """The gain of linking open end ``i`` to block ``j`` over the threshold, with its evidence
        (None when it cannot pass the threshold)."""
        bodies = self.bodies
        source, target = bodies[i], bodies[j]
        widow = i not in self.nxt or self.nxt[i] in zone
        interleaved = j in zone
        adjacent = self.nxt.get(i) == j
        evidence: list[tuple[str, float]] = []
        score = 0.0
        if adjacent:
            # a next block that opens like a new sentence (此外，…) is a new paragraph more often,
            # unless a word runs across the join (…三 + 年前，…)
            new_sentence = opens_sentence(target.block.text) and self.strength(i, j) < 2.0
            name = "adjacent_in_zone" if interleaved else "adjacent_new_sentence" if new_sentence else "adjacent"
            score += w[name]
            evidence.append((name, w[name]))
        elif target.slot == source.slot and j > i:
            score += w["same_article_below"]
            evidence.append(("same_article_below", w["same_article_below"]))
        orphan = self.orphan(j)
        if target.after_boundary:
            # text printed after an article's closing byline or headshot belongs elsewhere
            score += w["after_boundary"]
            evidence.append(("after_boundary", w["after_boundary"]))
        if j < i:
            # a continuation printed before its open end: usual for a fragment stranded
            # between articles, rare for a block inside an article's own flow
            name = "before_stranded" if orphan else "before_in_flow"
            score += w[name]
            evidence.append((name, w[name]))
        if target.slot != source.slot and not orphan and not interleaved:
            # taking a block out of another article's flow, across a headline: worse when
            # the open end right above it is left without its continuation
            assert target.prev is not None
            name = "across_headline_open_above" if ends_open(bodies[target.prev].block.text) else "across_headline"
            score += w[name]
            evidence.append((name, w[name]))
        limit = w["threshold"]
        if widow:
            # an open end with nothing to continue it below must continue somewhere
            name = "widow_in_zone" if interleaved else "widow"
            limit -= w[name]
            evidence.append((name, w[name]))
        if not adjacent and orphan and self.dangling(j):
            limit -= w["stranded_dangling"]
            evidence.append(("stranded_dangling", w["stranded_dangling"]))
        if score + w["vocabulary"] + w["join_word"] * _MAX_STRENGTH <= limit:
            return None  # cannot reach the limit whatever the text says
        similarity = self.source_vectors[i].similarity(self.vocabulary(j))
        score += w["vocabulary"] * similarity
        if score + w["join_word"] * _MAX_STRENGTH <= limit:
            return None
        strength = self.strength(i, j)
        if interleaved and strength < 1.0:
            return None  # in a zone only the text can link; ownership is settled by vocabulary after
        score += w["join_word"] * strength
        if score <= limit:
            return None
        evidence.append(("vocabulary", w["vocabulary"] * similarity))
        evidence.append(("join_word", w["join_word"] * strength))
        evidence.append(("threshold", -w["threshold"]))
        return score - limit, evidence

    def solve(self, zone: frozenset[int]) -> list[Link]:
        """The best assignment of open ends to continuations, with ``zone`` blocks scored as interleaved."""
        bodies = self.bodies
        w = weights("link")
        candidates = [j for j, b in enumerate(bodies) if not b.after_heading]
        gains: dict[tuple[int, int], float] = {}
        detail: dict[tuple[int, int], list[tuple[str, float]]] = {}

        def target_in_flow(j: int, i: int) -> bool:
            return bodies[j].slot == bodies[i].slot and not (bodies[j].prev is None or bodies[j].after_boundary)

        for i in self.opens:
            widow = i not in self.nxt or self.nxt[i] in zone
            low, high = bisect.bisect_left(candidates, i - WINDOW), bisect.bisect_right(candidates, i + WINDOW)
            for j in candidates[low:high]:
                if j == i:
                    continue
                if j not in self.candidates and j not in zone and (not widow or (j < i and target_in_flow(j, i))):
                    # only an open end with nothing below it looks for its continuation anywhere,
                    # and never among the paragraphs above it in its own article
                    continue
                scored = self.pair(i, j, zone, w)
                if scored is not None:
                    gains[(i, j)], detail[(i, j)] = scored
        links = []
        for i, j in assign(gains):
            strength = self.strength(i, j)
            adjacent = self.nxt.get(i) == j
            weak = strength < 2.0 and short_first_sentence(bodies[j].block.text)
            # a chosen continuation of a sentence broken inside a clause joins it, unless it opens
            # with a short sentence of its own and no word runs across the join
            evidence = strength >= 1.0 or ends_mid_clause(bodies[i].block.text)
            join = (adjacent and j not in zone) or (evidence and not weak)
            links.append(Link(i, j, join, strength, adjacent, gains[(i, j)], tuple(detail[(i, j)])))
        return links


def _open_ends(layout: Layout) -> list[int]:
    return [i for i, b in enumerate(layout.bodies) if ends_open(b.block.text)]


def _scoring(layout: Layout) -> Scoring:
    bodies = layout.bodies
    opens = _open_ends(layout)
    candidates = frozenset(
        j
        for j, b in enumerate(bodies)
        if not b.after_heading
        and (
            b.prev is None
            or b.after_boundary
            or starts_dangling(b.block.text) > 0
            or ends_open(bodies[b.prev].block.text)
        )
    )
    return Scoring(bodies, _next_of(bodies), opens, candidates, _about(layout, opens, {}))


def link_open_ends(layout: Layout, options: Options) -> Linking:
    """The first round: every open end of the page linked to its best continuation, the layout read as dumped."""
    bodies = layout.bodies
    opens = _open_ends(layout)
    if not opens:
        return Linking(())
    if not options.join_continuations:
        nxt = _next_of(bodies)
        return Linking(
            tuple(
                Link(i, nxt[i], True, join_strength(bodies[i].block.text, bodies[nxt[i]].block.text), True)
                for i in opens
                if i in nxt
            )
        )
    return Linking(tuple(_scoring(layout).solve(frozenset())))


def interleaved_zone(layout: Layout, linking: Linking) -> frozenset[int]:
    """The body blocks printed after a fragment that a link moved into another article."""
    bodies = layout.bodies
    zone: set[int] = set()
    for link in linking.links:
        source, target = bodies[link.source], bodies[link.target]
        if link.adjacent or source.slot == target.slot or target.prev is None or target.after_boundary:
            continue
        j = link.target
        while j < len(bodies) and bodies[j].slot == target.slot and not bodies[j].after_heading:
            zone.add(j)
            j += 1
    return frozenset(zone)


def relink_zone(layout: Layout, zone: frozenset[int], owners: Mapping[int, int]) -> Linking:
    """The second round: the pairs re-scored with ``zone`` read as interleaved, each open end
    about the article ``owners`` (from the first round's paragraphs) gives it."""
    scoring = _scoring(layout)
    scoring = attrs.evolve(scoring, source_vectors=_about(layout, scoring.opens, owners))
    return Linking(tuple(scoring.solve(zone)), zone)


_COMPONENT = 40
"""Open ends solved together at most; a larger tangle of competing pairs is solved in windows."""


def assign(gains: Mapping[tuple[int, int], float]) -> list[tuple[int, int]]:
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
