"""Links: every open end of the page matched to the block that continues it.

A body block that stops mid-sentence (an *open end*) is continued by exactly one other block.
Candidates are the next body block and every block that cannot be the start of a paragraph
where it stands (it opens with punctuation or a particle, it follows a headshot, or its
neighbour above is itself open). Each pair is scored by weighing the evidence the page gives
(a word running across the join, adjacency, shared vocabulary with the open end's article and,
away from the open end, how much more the block shares with it than with the text above it
where it stands, the pair's places relative to headlines and closing bylines) with the weights
of the ``link`` table
(:mod:`zjnews.assemble.weights`). All pairs of the page are then solved as **one assignment**
(maximum total score), not greedily. Where the chosen continuation is the next block, a second
score (``paragraph_end``) says whether a paragraph ends at the break all the same; a block that
ends a sentence and is left without a link joins the next block where a third score
(``sentence_end``) says its paragraph goes on (a quote's speaker printed after the break). The
same table reads a short line without final punctuation as a complete line (a summary line, a
subhead printed in the text: :func:`complete_lines`) or a paragraph's first words cut off by a
column break; a complete line continued by the next block ends its paragraph there.

Two rounds, each a function the pipeline calls: :func:`link_open_ends` scores the pairs with
the layout as dumped; where it moves a fragment into another article, the blocks printed after
that fragment (until the next headline) form an *interleaved zone* (:func:`interleaved_zone`):
several articles' continuations dumped together, where being next to a block says little and
a block's place under a headline says nothing. :func:`relink_zone` re-scores the open ends
whose candidates lie in the zone, knowing which article each open end now belongs to.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping, Sequence

import attrs

from ..assignment import best_assignment
from ..bylines import split_leading_dateline
from ..chinese import (
    Vocabulary,
    breaks_inside_word,
    ends_mid_clause,
    ends_open,
    first_word_tag,
    join_strength,
    last_word_tag,
    opens_sentence,
    opens_with_speaker,
    short_first_sentence,
    starts_dangling,
    word_runs_across,
)
from ..options import Options
from .types import Body, Layout, Link, Linking, Slot
from .weights import weights

__all__ = ["assign", "interleaved_zone", "link_open_ends", "paragraph_end", "relink_zone", "stranded", "window"]


def window() -> int:
    """How far (in body blocks) a continuation is looked for from its open end: the ``reach`` of the
    weights table, the farthest any continuation stood from its open end on the pages it was read
    from, plus a margin. A constant, so the cost of a page stays linear in its length."""
    return int(weights("reach")["window"])
_MAX_STRENGTH = 2.5
"""The largest evidence :func:`zjnews.chinese.join_strength` gives."""


_DATE_OPENING = re.compile(r"^(?:\d{1,4}|[一二三四五六七八九十]{1,3})[年月日](?:\d{1,2}[月日])?(?:\d{1,2}日)?[，,]?")
"""A date opening a sentence (``2019年，``, ``2月1日，``): how paragraphs of news open."""


_SENTENCE_INSIDE = re.compile("[。！？!?]")
_SHORT_LINE = 24
_DOUBLE_MARKS = frozenset("…—")
"""Marks printed as two characters (``……``, ``——``)."""
_ATTRIBUTION = re.compile(
    r"^[^，。！？；：“”\"「」,!?;:]{1,16}?(?:说|表示|介绍|指出|认为|强调|坦言|透露|告诉记者)[。，：,:]"
)
"""A clause naming who spoke, the way a paragraph goes on after a quote (``李明说。``, ``他表示，``)."""
_AFTER_ENUMERATION = re.compile("、[^，、。！？；：,;:!?]*$")
"""The text breaks off in a list of items (``统一规划、社会企业``): its clause is not over."""
"""A line this short that stands alone reads like a heading or a summary line, not a column's text."""
_LINE_LENGTH = 40
"""The longest block that may be a complete line printed without final punctuation (a summary
line, an in-body subhead) rather than the start of a paragraph broken off by a column break."""
_VERY_SHORT_LINE = 12
_CLAUSE_ENDS = frozenset("，、；：,;:")
_LONG_BLOCK = 60


def unpunctuated_line(text: str) -> bool:
    """True when ``text`` is a short block that stops without final punctuation and not inside a
    clause (no comma, semicolon or colon at its end): a complete line of its own (a summary line,
    a subhead printed in the text: ``茶山披新装，村民笑开颜``) or a paragraph's first words cut off by a
    column break (``2020年3月，他从省城来``); the ``sentence_end`` evidence tells which."""
    stripped = text.rstrip()
    return bool(stripped) and len(stripped) <= _LINE_LENGTH and ends_open(stripped) and stripped[-1] not in _CLAUSE_ENDS


def _parallel_halves(text: str) -> bool:
    """Two clauses of the same length around one comma (``渔港焕新貌，船家有盼头``): how summary lines
    and subheads are written, seldom how a sentence breaks off."""
    halves = re.split("[，,]", text.strip())
    return len(halves) == 2 and all(halves) and abs(len(halves[0]) - len(halves[1])) <= 1


def _dot(a: Vocabulary, b: Vocabulary) -> int:
    """The dot product of two vocabularies (the smaller one looked up in the larger)."""
    return a.dot(b.table) if len(a) <= len(b) else b.dot(a.table)


def _next_of(bodies: Sequence[Body]) -> dict[int, int]:
    return {body.prev: index for index, body in enumerate(bodies) if body.prev is not None}


@attrs.frozen
class Scoring:
    """The pair scores of one page's open ends and candidate continuations.

    Holds caches (join evidence, vocabularies) shared by both rounds; a value of the links
    sub-stage only, passed from :func:`link_open_ends` to :func:`relink_zone` in a :class:`Linking`.
    What an open end is about depends on the article it is read as part of (``owners``), so those
    vectors are computed on first use and kept per round (:meth:`reading`).
    """

    bodies: Sequence[Body]
    slots: Sequence[Slot]
    nxt: dict[int, int]
    opens: list[int]
    candidates: frozenset[int]
    """Blocks that may continue an open end elsewhere; in an interleaved zone every block may."""
    owners: Mapping[int, int] = attrs.field(factory=dict)
    """The article each open end is read as part of, where it is not the one it stands under."""
    source_vectors: dict[int, Vocabulary] = attrs.field(factory=dict)
    """What each open end is about: its own block and the one above it, with its article's title."""
    block_vectors: dict[int, Vocabulary] = attrs.field(factory=dict)
    """Each candidate block's vocabulary, filled in as the pairs are scored."""
    strengths: dict[tuple[int, int], float] = attrs.field(factory=dict)
    orphans: dict[int, bool] = attrs.field(factory=dict)
    danglings: dict[int, float] = attrs.field(factory=dict)
    own_vectors: dict[int, Vocabulary] = attrs.field(factory=dict)
    flow_similarities: dict[int, float] = attrs.field(factory=dict)
    sources: dict[tuple[int, bool], tuple[float, tuple[Vocabulary, ...]]] = attrs.field(factory=dict)
    """The length of each block's :meth:`source_vector` (and :meth:`own_vector`), computed from its
    parts, with the parts' vocabularies (:meth:`source`)."""
    squares: dict[str, int] = attrs.field(factory=dict)
    """The squared length of each text's vocabulary, by text."""
    series_lines: dict[int, frozenset[int]] = attrs.field(factory=dict)
    """The short lines without final punctuation and no word across the break below them, by the
    slot they stand in (:meth:`sibling_lines`; found once per page, not once per line)."""
    complete: frozenset[int] = frozenset()
    """Short lines without final punctuation read as complete lines (:func:`complete_lines`)."""

    def reading(self, owners: Mapping[int, int]) -> Scoring:
        """The same scoring with each open end read as part of the article ``owners`` gives it
        (the caches that do not depend on it are shared)."""
        return attrs.evolve(
            self, owners=owners, source_vectors={}, own_vectors={}, flow_similarities={}, sources={}
        )

    def title(self, i: int) -> str:
        """The title of the article open end ``i`` is read as part of ("" above every headline)."""
        owner = self.owners.get(i, self.bodies[i].slot)
        return self.slots[owner].title if 0 <= owner < len(self.slots) else ""

    def source_parts(self, i: int, own: bool = False) -> list[str]:
        """The texts :meth:`source_vector` reads for block ``i``: its article's title (when it has
        one), the block above it (when there is one and not ``own``: :meth:`own_vector`'s texts)
        and its own text."""
        body = self.bodies[i]
        title = self.title(i)
        parts = [title] if title else []
        if body.prev is not None and not own:
            parts.append(self.bodies[body.prev].block.text)
        parts.append(body.block.text)
        return parts

    def source_vector(self, i: int) -> Vocabulary:
        """What open end ``i`` is about: its block and the one above it, with its article's title."""
        vector = self.source_vectors.get(i)
        if vector is None:
            vector = self.source_vectors[i] = Vocabulary.of("\n".join(self.source_parts(i)))
        return vector

    def square(self, text: str) -> int:
        """The squared length of the vocabulary of ``text`` (an integer, computed once)."""
        value = self.squares.get(text)
        if value is None:
            vector = Vocabulary.of(text)
            value = self.squares[text] = vector.dot(vector.table)
        return value

    def source(self, i: int, own: bool = False) -> tuple[float, tuple[Vocabulary, ...]]:
        """The length of :meth:`source_vector` of block ``i`` (:meth:`own_vector` when ``own``) and
        the vocabularies of its parts (computed once a round). No character pair runs across the
        line breaks that join the parts, so the vector is their sum and its squared length the sum
        of theirs and of twice their dot products, all integers."""
        value = self.sources.get((i, own))
        if value is None:
            parts = self.source_parts(i, own)
            vectors = tuple(Vocabulary.of(part) for part in parts)
            square = sum(self.square(part) for part in parts)
            for k, vector in enumerate(vectors):
                for other in vectors[k + 1 :]:
                    square += 2 * _dot(vector, other)
            value = self.sources[(i, own)] = (math.sqrt(square), vectors)
        return value

    def source_norm(self, i: int, own: bool = False) -> float:
        """The length of :meth:`source_vector` of block ``i`` (:meth:`own_vector` when ``own``)."""
        return self.source(i, own)[0]

    def source_similarity(self, i: int, vector: Vocabulary, own: bool = False) -> float:
        """``self.source_vector(i).similarity(vector)`` (``own_vector`` when ``own``), computed from the
        vocabularies of the source's parts without building its vector: the same integers, so the
        same value, without a merged vocabulary kept per block."""
        norm, parts = self.source(i, own)
        if not norm or not vector.norm:
            return 0.0
        table = vector.table
        size = len(table)
        shared = 0
        for part in parts:
            shared += part.dot(table) if len(part.table) <= size else vector.dot(part.table)
        if not shared:
            return 0.0
        return shared / (norm * vector.norm)

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

    def own_vector(self, i: int) -> Vocabulary:
        """The vocabulary of open end ``i`` with its article's title, without the block above it."""
        vector = self.own_vectors.get(i)
        if vector is None:
            vector = self.own_vectors[i] = Vocabulary.of(self.title(i) + "\n" + self.bodies[i].block.text)
        return vector

    def layout_features(self, i: int, j: int, zone: frozenset[int]) -> dict[str, float]:
        """The evidence of the layout for linking open end ``i`` to block ``j`` (no text read)."""
        bodies = self.bodies
        source, target = bodies[i], bodies[j]
        widow = i not in self.nxt or self.nxt[i] in zone
        interleaved = j in zone
        adjacent = self.nxt.get(i) == j
        f: dict[str, float] = {}
        if adjacent:
            # a next block that opens like a new sentence (此外，…) is a new paragraph more often,
            # unless a word runs across the join (…三 + 年前，…)
            new_sentence = opens_sentence(target.block.text) and self.strength(i, j) < 2.0
            f["adjacent_in_zone" if interleaved else "adjacent_new_sentence" if new_sentence else "adjacent"] = 1.0
        elif target.slot == source.slot and j > i:
            f["same_article_below"] = 1.0
        orphan = self.orphan(j)
        if target.after_boundary:
            # text printed after an article's closing byline or headshot belongs elsewhere
            f["after_boundary"] = 1.0
        if j < i:
            # a continuation printed before its open end: usual for a fragment stranded
            # between articles, rare for a block inside an article's own flow
            f["before_stranded" if orphan else "before_in_flow"] = 1.0
            if target.slot == source.slot - 1 >= 0:
                # in the flow right above the open end's headline: the end of an article is often
                # printed before its own headline, after the article above it
                f["before_own_heading"] = 1.0
        if target.slot != source.slot and not orphan and not interleaved:
            # taking a block out of another article's flow, across a headline: worse when
            # the open end right above it is left without its continuation
            assert target.prev is not None
            f["across_headline_open_above" if ends_open(bodies[target.prev].block.text) else "across_headline"] = 1.0
        if widow:
            # an open end with nothing to continue it below must continue somewhere
            f["widow_in_zone" if interleaved else "widow"] = 1.0
        if not adjacent and orphan and self.dangling(j):
            f["stranded_dangling"] = 1.0
        if not ends_open(source.block.text):
            f["closed_end"] = 1.0  # a sentence end at the break: only a dangling next block continues it
        elif not ends_mid_clause(source.block.text):
            f["end_after_colon"] = 1.0  # ：；、 a list or a quote may follow in a new paragraph
        return f

    def similarity(self, i: int, j: int) -> float:
        """Shared vocabulary of open end ``i`` (what it is about) and block ``j``."""
        # what the open end is about includes the block above it: measured against that block
        # itself, only the open end's own text and title count
        return self.source_similarity(i, self.vocabulary(j), own=j == self.bodies[i].prev)

    def text_weighs_alone(self, i: int, j: int, zone: frozenset[int]) -> str:
        """``"_far"`` when the text is all there is to go by (``j`` is not the next block after ``i``,
        or stands in an interleaved zone, where being next to a block says little), else ``""``:
        the suffix of the text evidence's weights."""
        return "" if self.nxt.get(i) == j and j not in zone else "_far"

    def flow_similarity(self, j: int) -> float:
        """Shared vocabulary of block ``j`` and the text above it in its own flow (the block above, the
        one above that and their article's title; 0 for a block with nothing above it)."""
        value = self.flow_similarities.get(j)
        if value is None:
            above = self.bodies[j].prev
            value = self.flow_similarities[j] = (
                0.0 if above is None else self.source_similarity(above, self.vocabulary(j))
            )
        return value

    def contrast(self, i: int, j: int, similarity: float) -> float:
        """How much more vocabulary block ``j`` shares with open end ``i`` (``similarity``) than with
        the text above it where it stands: a block out of place in its flow and at home with the open
        end. 0 for the next block after ``i`` (the text above it is ``i`` itself)."""
        if self.bodies[j].prev == i:
            return 0.0
        return max(0.0, similarity - self.flow_similarity(j))

    def text_features(self, i: int, j: int, zone: frozenset[int] = frozenset()) -> dict[str, float]:
        """The evidence of the text: shared vocabulary and a word or sentence running across the join."""
        far = self.text_weighs_alone(i, j, zone)
        similarity = self.similarity(i, j)
        # away from the open end, the text is all there is to go by: its own weights
        return {
            "vocabulary" + far: similarity,
            **self.vocabulary_features(i, j, far, similarity),
            **self.join_features(i, j, far),
        }

    def vocabulary_features(self, i: int, j: int, far: str, similarity: float) -> dict[str, float]:
        """The vocabulary evidence beyond the similarity itself: away from the open end, how much more
        the block shares with the open end than with the text above it (``vocabulary_contrast_far``)
        and, where the block above it is itself an open end, how much it shares with that one
        (``vocabulary_open_above_far``): the claim of the open end it would be taken from."""
        if not far:
            return {}
        features = {"vocabulary_contrast_far": self.contrast(i, j, similarity)}
        above = self.bodies[j].prev
        if above is not None and above != i and ends_mid_clause(self.bodies[above].block.text):
            features["vocabulary_open_above_far"] = self.flow_similarity(j)
        return features

    def join_features(self, i: int, j: int, far: str) -> dict[str, float]:
        """The join evidence of open end ``i`` and block ``j``; away from the open end, a start that
        cannot open a sentence and nothing more (``，…``, ``的…``), on a block whose own flow above
        breaks off too, is its own signal: it says the block continues some sentence, not which."""
        strength = self.strength(i, j)
        if far and strength and strength <= self.dangling(j) and not self.orphan(j):
            # the block above it breaks off too: that start is as well explained by its own flow
            return {"dangling_far": strength}
        return {"join_word" + far: strength}

    def pair(
        self, i: int, j: int, zone: frozenset[int], w: Mapping[str, float]
    ) -> tuple[float, list[tuple[str, float]]] | None:
        """The gain of linking open end ``i`` to block ``j`` over the threshold, with its evidence
        (None when it cannot pass the threshold). The text is read only while it can still decide."""
        f = self.layout_features(i, j, zone)
        score = sum(w.get(name, 0.0) * value for name, value in f.items()) - w["threshold"]
        far = self.text_weighs_alone(i, j, zone)
        vocabulary = w["vocabulary" + far]
        join_word = max(w["join_word" + far], w.get("dangling_far", 0.0) if far else 0.0)
        # the most the vocabulary evidence can add (a similarity and a contrast are at most 1)
        most = max(0.0, vocabulary) + max(0.0, w.get("vocabulary_contrast_far", 0.0) if far else 0.0)
        if score + most + max(0.0, join_word) * _MAX_STRENGTH <= 0:
            return None  # cannot pass the threshold whatever the text says
        similarity = self.similarity(i, j)
        words = self.vocabulary_features(i, j, far, similarity)
        score += vocabulary * similarity + sum(w.get(name, 0.0) * value for name, value in words.items())
        if score + max(0.0, join_word) * _MAX_STRENGTH <= 0:
            return None
        strength = self.strength(i, j)
        if j in zone and strength < 1.0:
            return None  # in a zone only the text can link; ownership is settled by vocabulary after
        text = self.join_features(i, j, far)
        score += sum(w.get(name, 0.0) * value for name, value in text.items())
        if score <= 0:
            return None
        f["vocabulary" + far] = similarity
        f.update(words)
        f.update(text)
        evidence = [(name, w.get(name, 0.0) * value) for name, value in f.items()]
        evidence.append(("threshold", -w["threshold"]))
        return score, evidence

    def end_features(self, i: int, j: int) -> dict[str, float]:
        """The evidence on whether a paragraph ends at open end ``i`` when ``j`` follows it in the dump."""
        bodies = self.bodies
        left, right = bodies[i].block.text.rstrip(), bodies[j].block.text.lstrip()
        last = left[-1:]
        dateline = split_leading_dateline(left)
        # a dateline opens an article's first paragraph, never a summary line or a subhead
        own = dateline[1] if dateline is not None else left
        tag = last_word_tag(left)[:1] if ends_mid_clause(left) else ""
        above = bodies[i].prev
        return {
            "ends_function_word": float(tag in ("p", "c", "u", "d", "r")),
            "left_one_sentence": float(_SENTENCE_INSIDE.search(left[:-1]) is None),
            "left_short": float(len(own) <= _SHORT_LINE),
            "left_long": float(len(own) > 5 * _SHORT_LINE),
            "left_dateline": float(dateline is not None),
            "after_enumeration": float(_AFTER_ENUMERATION.search(left) is not None),
            "ends_noun": float(tag == "n"),
            "ends_verb": float(tag == "v"),
            "left_starts_paragraph": float(
                (above is None or bodies[i].after_heading or not ends_open(bodies[above].block.text))
                and not starts_dangling(left)
            ),
            "second_under_headline": float(above is not None and bodies[above].after_heading),
            "mid_clause": float(ends_mid_clause(left)),
            "after_colon": float(last in "：:"),
            "after_semicolon": float(last in "；;、"),
            "closed": float(not ends_open(left)),
            "join_word": self.strength(i, j),
            "opens_sentence": float(opens_sentence(right)),
            "short_first_sentence": float(short_first_sentence(right)),
            "first_under_headline": float(bodies[i].after_heading),
            "opens_with_quote": float(right[:1] in "“‘「『"),
            "opens_with_date": float(_DATE_OPENING.match(right) is not None),
            "opens_with_speaker": float(opens_with_speaker(right, comma=False)),
            "quoted_below": float(bodies[i].quoted),
            **self.cut_features(left, right),
        }

    @staticmethod
    def cut_features(left: str, right: str) -> dict[str, float]:
        """The evidence of the words at a break: how clearly the text above breaks off inside a word
        that the text below does not complete (``word_cut``: the log-odds of
        :func:`breaks_inside_word` above 0, where no word of the lexicon runs across the break: a
        paragraph that lost its ending, ``…新一代运载火`` over ``长征五号…``; a column break inside
        a word leaves the word's rest below it), and what the first word below is: a time word, a
        preposition, a pronoun, a name (``目前``, ``在``, ``这``, a person, place or organisation:
        how news sentences open) or a clause naming who spoke (``该校校长表示，``)."""
        tag = first_word_tag(right)
        return {
            "word_cut": 0.0 if word_runs_across(left, right) else max(0.0, breaks_inside_word(left)),
            "opens_with_time_word": float(tag[:1] == "t"),
            "opens_with_preposition": float(tag[:1] == "p"),
            "opens_with_pronoun": float(tag[:1] == "r"),
            "opens_with_name": float(tag[:2] in ("nr", "ns", "nt")),
            "opens_with_attribution": float(_ATTRIBUTION.match(right) is not None),
        }

    def break_features(self, i: int, j: int) -> dict[str, float]:
        """The evidence on whether a paragraph ends at block ``i``, which ends a sentence (or is a
        short line without final punctuation: :meth:`line_features`), when ``j`` follows it in the
        dump (a column break may fall exactly at a sentence's end)."""
        bodies = self.bodies
        left, right = bodies[i].block.text.rstrip(), bodies[j].block.text.lstrip()
        if ends_open(left):
            return self.line_features(i, j)
        dateline = split_leading_dateline(left)
        own = dateline[1] if dateline is not None else left
        attribution = _ATTRIBUTION.match(right)
        quoted = left[-1:] in "”」』’\""
        return {
            "dangling": self.dangling(j),
            # ``……`` or ``——`` cut in two by the break: no paragraph ends inside a mark
            "split_mark": float(left[-1:] in _DOUBLE_MARKS and right[:1] == left[-1:]),
            "attribution": float(attribution is not None),
            "left_closes_quote": float(quoted),
            # ``…。”`` then ``李明说。``: the quote's speaker closes the paragraph the quote opened
            "quote_attributed": float(quoted and attribution is not None and attribution.group(0)[-1] == "。"),
            "right_short": float(len(right) <= _SHORT_LINE // 2),
            "left_short": float(len(own) <= _SHORT_LINE),
            "opens_sentence": float(opens_sentence(right)),
            "opens_with_quote": float(right[:1] in "“‘「『"),
            "opens_with_date": float(_DATE_OPENING.match(right) is not None),
            "first_under_headline": float(bodies[i].after_heading),
        }

    def line_features(self, i: int, j: int) -> dict[str, float]:
        """The evidence on whether block ``i``, a short line without final punctuation
        (:func:`unpunctuated_line`), is a complete line (a summary line, a subhead printed in the
        text: a paragraph ends after it) or a paragraph's first words cut off by a column break,
        when ``j`` follows it: a word running across the break, a function word at its end, a
        sentence end inside it (the tail of a paragraph) say it breaks off; a very short line, two
        halves of one length around a comma, sibling lines of that shape in its article, and a long
        block below that itself runs on say it is a line of its own."""
        bodies = self.bodies
        left, right = bodies[i].block.text.rstrip(), bodies[j].block.text.strip()
        above = bodies[i].prev
        return {
            "unpunctuated": 1.0,
            "line_join_word": self.strength(i, j),
            "line_ends_function_word": float(last_word_tag(left)[:1] in ("p", "c", "u", "d", "r")),
            "line_sentence_inside": float(_SENTENCE_INSIDE.search(left) is not None),
            "line_very_short": float(len(left) <= _VERY_SHORT_LINE),
            "line_parallel": float(_parallel_halves(left)),
            "line_siblings": float(self.sibling_lines(i) >= 2),
            "line_after_open": float(
                above is not None and not bodies[i].after_heading and ends_open(bodies[above].block.text)
            ),
            "line_first_under_headline": float(bodies[i].after_heading),
            "line_long_below": float(len(right) > _LONG_BLOCK),
            "line_open_below": float(ends_open(right)),
        }

    def sibling_lines(self, i: int) -> int:
        """How many other short lines without final punctuation stand in block ``i``'s article with
        no word running across the break below them (subheads of one article come in series)."""
        bodies = self.bodies
        if not self.series_lines:
            by_slot: dict[int, set[int]] = {}
            for k, j in self.nxt.items():
                line = unpunctuated_line(bodies[k].block.text)
                if line and not bodies[j].after_heading and self.strength(k, j) < 1.0:
                    by_slot.setdefault(bodies[k].slot, set()).add(k)
            self.series_lines.update((slot, frozenset(lines)) for slot, lines in by_slot.items())
            self.series_lines.setdefault(-1, frozenset())  # found, even where there are none
        lines = self.series_lines.get(bodies[i].slot, frozenset())
        return len(lines) - (i in lines)

    def sentence_end(self, i: int, j: int) -> tuple[float, list[tuple[str, float]]]:
        """Score (> 0: a new paragraph starts) that the paragraph ends at ``i``, which ends a
        sentence, though ``j`` follows it in the dump."""
        w = weights("sentence_end")
        f = self.break_features(i, j)
        evidence = [(name, w.get(name, 0.0) * value) for name, value in f.items() if value]
        return sum(v for _, v in evidence) - w["threshold"], evidence

    def paragraph_end(self, i: int, j: int) -> tuple[float, list[tuple[str, float]]]:
        """Score (> 0: a new paragraph starts) that the paragraph ends at ``i`` though ``j`` follows it."""
        w = weights("paragraph_end")
        f = self.end_features(i, j)
        evidence = [(name, w.get(name, 0.0) * value) for name, value in f.items() if value]
        return sum(v for _, v in evidence) - w["threshold"], evidence

    def solve(
        self, zone: frozenset[int], only: frozenset[int] | None = None, taken: frozenset[int] = frozenset()
    ) -> list[Link]:
        """The best assignment of open ends to continuations, with ``zone`` blocks scored as interleaved
        (``only`` these open ends when given, never to a block in ``taken``)."""
        bodies = self.bodies
        w = weights("link")
        candidates = [j for j, b in enumerate(bodies) if not b.after_heading and j not in taken]
        gains: dict[tuple[int, int], float] = {}
        detail: dict[tuple[int, int], list[tuple[str, float]]] = {}
        for i, j in self.pairs(zone, candidates, only):
            scored = self.pair(i, j, zone, w)
            if scored is not None:
                gains[(i, j)], detail[(i, j)] = scored
        links = []
        for i, j in assign(gains):
            strength = self.strength(i, j)
            adjacent = self.nxt.get(i) == j
            evidence = detail[(i, j)]
            if adjacent:
                end, end_evidence = self.paragraph_end(i, j)
                join = end <= 0
                evidence = [*evidence, *((f"paragraph_end:{n}", v) for n, v in end_evidence)]
                if join and i in self.complete:
                    # a complete line without final punctuation (a summary line, a subhead): the
                    # paragraph ends after it
                    join = False
                    end, line_evidence = self.sentence_end(i, j)
                    evidence = [*evidence, *((f"sentence_end:{n}", v) for n, v in line_evidence)]
                    evidence.append(("sentence_end:threshold", -weights("sentence_end")["threshold"]))
            else:
                weak = strength < 2.0 and short_first_sentence(bodies[j].block.text)
                # a chosen continuation of a sentence broken inside a clause joins it, unless it opens
                # with a short sentence of its own and no word runs across the join
                join = (strength >= 1.0 or ends_mid_clause(bodies[i].block.text)) and not weak
            links.append(Link(i, j, join, strength, adjacent, gains[(i, j)], tuple(evidence)))
        return links + self.sentence_breaks(links, zone, only, taken)

    def sentence_breaks(
        self, links: Sequence[Link], zone: frozenset[int], only: frozenset[int] | None, taken: frozenset[int]
    ) -> list[Link]:
        """Joins across a break that falls exactly at a sentence's end, where the evidence says the
        paragraph goes on (``”`` then ``他说。``): blocks ending a sentence, left without a link,
        whose next block in the dump nothing else continues."""
        bodies = self.bodies
        sources = {link.source for link in links}
        targets = {link.target for link in links} | taken
        out = []
        for i, j in self.nxt.items():
            if (only is not None and i not in only) or i in sources or j in targets or j in zone:
                continue
            if bodies[j].after_heading or ends_open(bodies[i].block.text):
                continue
            end, evidence = self.sentence_end(i, j)
            if end <= 0:
                evidence = [(f"sentence_end:{name}", value) for name, value in evidence]
                evidence.append(("sentence_end:threshold", -weights("sentence_end")["threshold"]))
                out.append(Link(i, j, True, self.dangling(j), True, -end, tuple(evidence)))
        return out

    def pairs(
        self, zone: frozenset[int], candidates: Sequence[int], only: frozenset[int] | None = None
    ) -> list[tuple[int, int]]:
        """The (open end, candidate) pairs worth scoring: within :func:`window` body blocks."""
        bodies = self.bodies
        out = []

        def target_in_flow(j: int, i: int) -> bool:
            return bodies[j].slot == bodies[i].slot and not (bodies[j].prev is None or bodies[j].after_boundary)

        reach = window()
        for i in self.opens:
            if only is not None and i not in only:
                continue
            if not ends_open(bodies[i].block.text):
                # a sentence end at a break: only the next block, when it cannot open a paragraph
                j = self.nxt.get(i)
                if j is not None and not bodies[j].after_heading:
                    out.append((i, j))
                continue
            widow = i not in self.nxt or self.nxt[i] in zone
            low, high = bisect.bisect_left(candidates, i - reach), bisect.bisect_right(candidates, i + reach)
            for j in candidates[low:high]:
                if j == i:
                    continue
                if j not in self.candidates and j not in zone and (not widow or (j < i and target_in_flow(j, i))):
                    # only an open end with nothing below it looks for its continuation anywhere,
                    # and never among the paragraphs above it in its own article
                    continue
                out.append((i, j))
        return out


def paragraph_end(layout: Layout, i: int, j: int) -> tuple[float, list[tuple[str, float]]]:
    """Score (> 0: a new paragraph starts) that the paragraph ends at open end ``i`` though ``j`` is
    placed right after it, with its evidence (:meth:`Scoring.paragraph_end`, the ``paragraph_end``
    table): for a block placed after another by a step other than the links."""
    return Scoring(layout.bodies, layout.slots, {}, [], frozenset()).paragraph_end(i, j)


def _open_ends(layout: Layout) -> list[int]:
    """Blocks that break off mid-sentence, and blocks ending a sentence whose next block cannot open
    a paragraph (it opens with punctuation, a closing quote or a clipped sentence: ``”他说。``)."""
    bodies = layout.bodies
    nxt = _next_of(bodies)
    return [
        i
        for i, b in enumerate(bodies)
        if ends_open(b.block.text) or (i in nxt and starts_dangling(bodies[nxt[i]].block.text) >= 1.5)
    ]


def complete_lines(layout: Layout) -> frozenset[int]:
    """Short body blocks without final punctuation (:func:`unpunctuated_line`) that the
    ``sentence_end`` evidence reads as complete lines (a summary line, a subhead printed in the
    text) before the next block: a paragraph ends there when the next block is the one the links
    continue them with (their continuation may still be found elsewhere: they stay open ends)."""
    bodies = layout.bodies
    nxt = _next_of(bodies)
    lines = [i for i, j in nxt.items() if unpunctuated_line(bodies[i].block.text) and not bodies[j].after_heading]
    if not lines:
        return frozenset()
    scoring = Scoring(bodies, layout.slots, nxt, [], frozenset())
    return frozenset(i for i in lines if scoring.sentence_end(i, nxt[i])[0] > 0)


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
    return Scoring(bodies, layout.slots, _next_of(bodies), opens, candidates, complete=complete_lines(layout))


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
                if i in nxt and ends_open(bodies[i].block.text)
            )
        )
    scoring = _scoring(layout)
    return Linking(tuple(scoring.solve(frozenset())), scoring=scoring)


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


def stranded(layout: Layout) -> frozenset[int]:
    """Body blocks printed after an article's closing byline or headshot, under no new headline
    (several articles' tails are often dumped there)."""
    return frozenset(j for j, body in enumerate(layout.bodies) if body.after_boundary and not body.after_heading)


def relink_zone(layout: Layout, linking: Linking, zone: frozenset[int], owners: Mapping[int, int]) -> Linking:
    """The second round: the pairs re-scored with ``zone`` read as interleaved, each open end
    about the article ``owners`` (from the first round's paragraphs) gives it.

    Only the open ends within reach of the zone are scored again; the others keep their first
    round's links (and their continuations), so the round costs what the zone holds, not the page.
    """
    reach = window()
    near: set[int] = set()
    for j in sorted(zone):
        near.update(range(max(0, j - 2 * reach), j + reach + 1))
    first = linking.scoring if isinstance(linking.scoring, Scoring) else _scoring(layout)
    again = frozenset(i for i in first.opens if i in near)
    kept = tuple(link for link in linking.links if link.source not in again)
    scoring = first.reading(owners)
    relinked = scoring.solve(zone, only=again, taken=frozenset(link.target for link in kept))
    return Linking(tuple(sorted((*kept, *relinked), key=lambda link: link.source)), zone, scoring=scoring)


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
