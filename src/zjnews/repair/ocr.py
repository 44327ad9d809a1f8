"""OCR confusions: visually similar characters misread by the recogniser (``太``/``大``, ``入``/``人``).

Precision first. The pass is a noisy-channel decision: a printed character is replaced by a
look-alike only when the text with the look-alike is much more probable than the text as
printed, by more than the cost of assuming a misreading at all.

**Candidates** (``data/confusions.json``): every character's look-alikes, from three sources:

* ``ocr``: pairs an OCR engine is known to confuse (Tesseract's ambiguity table for Simplified
  Chinese, the classic groups ``千/干``, ``己/已/巳``, ``未/末``…);
* ``glyph``: each GB 2312 character's nearest glyphs in a Song face (Noto Serif CJK SC), by the
  similarity of blurred glyph images, common characters included
  (``benchmarks/build_glyph_confusions.py``); the rank of a neighbour (0 = nearest) is kept;
* ``shape``: the pairs of a published similar-shape confusion set (pycorrector's
  ``same_stroke.txt``).

Each candidate pair has a **rank**: 0 for an ``ocr`` pair, else the better of the two glyph
ranks (``b`` among ``a``'s nearest glyphs or ``a`` among ``b``'s), :attr:`Model.shape_rank` for
a pair only the shape set has; and the **similarity** of the two glyphs (the cosine the glyph
source records). A pair ranked beyond :attr:`Model.max_rank` is not tried
(:attr:`Model.rare_max_rank` for a printed character outside the 3,755 common ones of GB 2312),
nor one beyond rank 0 whose glyphs are less alike than :attr:`Model.min_similarity`.

**Where to look**: a character is a suspect only when it forms no common two-character word
(:data:`COMMON_BIGRAMS`, lexicon frequency ≥ 20) with either neighbour, and a candidate only
when it forms a frequent one (frequency ≥ 50; a longer word for a rare printed character).
Arabic numerals count as the numeral ``一`` in every test, so a date or a quantity is context
like any word (``7月6曰`` reads as ``一月一曰``: ``一日`` is a word, ``一曰`` is not). Never
replaced: a character that stands again two places away (``入脑入心``), and one printed
elsewhere with the same two neighbours (a misreading seldom repeats; a rare term does).

**The decision** weighs the evidence of :class:`Candidate` (:data:`FEATURES`): the
segmentation gain (how much more probable the best segmentation of the few characters around
the position becomes under a unigram word model over the lexicon, :mod:`zjnews.lexicon`), the
character-pair plausibility of both characters, the words each forms, the page's own
vocabulary (a word printed correctly elsewhere is strong evidence), numeral context, glyph rank
and similarity. Two fitted stages (``data/ocr_model.json``, ``benchmarks/bench_ocr.py --fit``):
the weighted sum must reach :attr:`Model.threshold` (a screen), then the boosted trees'
score must reach :attr:`Model.tree_threshold`.

**Names stay protected**: lines that look like name or byline lines are skipped, and so is a
character right after a role word (``记者``, ``通讯员``…) or second or third in a name opening
with a surname right after one (``书记李声琨``), a surname opening a name before a verb of
saying (``曹慧表示``), or a character ending a name before one (``阿卜杜说``).

Speed: the suspects come from one pass of C-level set look-ups over the text's character
pairs; the segmentation model runs only for the few candidates that form a common word and whose
bounded evidence can still pass the screen.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import operator
import re

import attrs

from ..chinese import _SPEAKER_VERB, ROLE_END, SURNAMES, opens_with_speaker
from ..lexicon import Lexicon, char_frequency, lexicon, pair_frequency
from ..model import Repair
from ._chars import is_common_char

__all__ = [
    "FEATURES",
    "Candidate",
    "Model",
    "Tree",
    "candidates",
    "confusions",
    "decide",
    "fix_ocr",
    "model",
    "score_candidates",
    "table",
]

_MAX_WORD = 4
MIN_FORMED = 100
"""The least lexicon frequency of the word a look-alike must form to be weighed."""
_REACH = 4
_PAGE_REACH = 5000
"""The page's vocabulary is counted within this many characters each side (a page or so; on a
long text the counts stay local and the pass linear)."""
"""Characters of context on each side of a position for the segmentation model."""

_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_IDEOGRAPH_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*")
_IDEOGRAPHS = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{3}")
_SENTENCE = re.compile("[。，；！？,;!?]")
_NUMERALS = frozenset("一二三四五六七八九十百千万亿两几数零")
_MEASURE_TAGS = frozenset("mq")
_ANY_DIGIT = re.compile("[0-9０-９]")
"""Arabic numerals, read as the numeral 一 by every test (same length: positions do not move)."""


FEATURES = (
    "gain", "page_fixed", "page_printed", "after_numeral", "printed_pairs", "fixed_pairs", "association",
    "rank", "nearest", "known", "rare", "similarity", "side_pairs", "formed_word", "printed_word",
    "printed_alone", "fixed_alone", "ratio", "page_expected",
)
"""The names of the evidence a decision weighs (:meth:`Candidate.features`), in a fixed order."""


@attrs.frozen
class Tree:
    """One regression tree of the boosted decision, as flat arrays (node 0 the root; a node whose
    ``left`` is −1 is a leaf; a feature at most the node's threshold goes left)."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]
    """Each leaf's contribution (log odds, the learning rate applied)."""

    def value_of(self, features: tuple[float, ...]) -> float:
        """The leaf value ``features`` reach."""
        node = 0
        left, right, feature, threshold = self.left, self.right, self.feature, self.threshold
        while left[node] >= 0:
            node = left[node] if features[feature[node]] <= threshold[node] else right[node]
        return self.value[node]


@attrs.frozen
class Model:
    """The fitted decision (``data/ocr_model.json``): a weight for each piece of evidence
    (:data:`FEATURES`), the threshold their weighted sum must reach, and which pairs are tried."""

    threshold: float
    """Least weighted evidence for a replacement."""
    weights: dict[str, float]
    """Each feature's weight (a logistic regression on the fitting pages; natural log units)."""
    max_rank: int
    """Pairs ranked beyond this are not tried."""
    rare_max_rank: int
    """The same for a printed character outside the common ones (level 1 of GB 2312)."""
    min_ratio: float
    """A look-alike is tried only when it stands in the lexicon's words at least this many times
    as often as the printed character (a misreading is worth correcting towards the commoner
    character; the rarer direction is seldom clear, and skipping it keeps the pass fast)."""
    shape_rank: int
    """The rank given to a pair that only the shape set has."""
    min_similarity: float = 0.0
    """A pair beyond rank 0 of a common printed character is tried only when the glyphs are at
    least this similar (each look-alike tried costs time on every page)."""
    trees: tuple[Tree, ...] = ()
    """The boosted trees that make the decision among the candidates whose weighted sum reaches
    :attr:`threshold` (that sum is then only a cheap first screen); none: the sum decides."""
    tree_bias: float = 0.0
    """The trees' starting score (log odds)."""
    tree_threshold: float = 0.0
    """Least score of the trees (log odds) for a replacement."""
    note: str = ""
    """Where the figures come from."""
    vector: tuple[float, ...] = attrs.field(init=False)
    """:attr:`weights` in the order of :data:`FEATURES`."""

    @vector.default
    def _vector(self) -> tuple[float, ...]:
        return tuple(self.weights[name] for name in FEATURES)

    def rank_limit(self, rare: bool) -> int:
        """The highest glyph rank tried for a printed character (``rare``: not a common one)."""
        return self.rare_max_rank if rare else self.max_rank

    def accepts(self, candidate: Candidate) -> float | None:
        """The candidate's decisive score when it is enough for a replacement, else ``None``
        (the limits, the weighted sum's screen, then the trees')."""
        if (
            candidate.protected
            or candidate.page_repeated > 1
            or candidate.rank > self.rank_limit(candidate.rare)
            or (candidate.ratio < self.min_ratio and not candidate.known)
        ):
            return None
        score = candidate.score(self)
        if score < self.threshold:
            return None
        if not self.trees:
            return score
        features = candidate.features()
        boosted = self.tree_bias + math.fsum(tree.value_of(features) for tree in self.trees)
        return boosted if boosted >= self.tree_threshold else None


@functools.cache
def model() -> Model:
    """The decision's weights, as fitted (``data/ocr_model.json``)."""
    import importlib.resources  # on first use: it costs more than the rest of the import

    path = importlib.resources.files("zjnews.repair") / "data" / "ocr_model.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = {name: float(data["weights"].get(name, 0.0)) for name in FEATURES}
    fields = {field.name: data[field.name] for field in attrs.fields(Model) if field.name in data}
    trees = tuple(
        Tree(*(tuple(tree[key]) for key in ("feature", "threshold", "left", "right", "value")))
        for tree in data.get("trees", ())
    )
    return Model(**{**fields, "weights": weights, "trees": trees})


def _ranked_from_sources() -> tuple[dict[str, dict[str, int]], dict[str, float]]:
    """Each character → its look-alikes with their rank, from ``confusions.json`` (all pairs of
    every source); and each pair (its two characters in code-point order) → the similarity of
    the two glyphs (cosine, as the ``glyph`` source records it)."""
    import importlib.resources  # on first use: it costs more than the rest of the import

    path = importlib.resources.files("zjnews.repair") / "data" / "confusions.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    shape_rank = model().shape_rank
    table: dict[str, dict[str, int]] = {}
    similarity: dict[str, float] = {}

    def add(a: str, b: str, rank: int) -> None:
        for x, y in ((a, b), (b, a)):
            near = table.setdefault(x, {})
            if rank < near.get(y, 1 << 30):
                near[y] = rank

    for source in data["sources"]:
        kind = source["kind"]
        for group in source.get("groups", ()):
            for a, b in itertools.combinations(group, 2):
                add(a, b, 0 if kind == "ocr" else shape_rank)
        for char, near in source.get("neighbours", {}).items():
            for rank, other in enumerate(near):
                add(char, other, rank)
        for char, values in source.get("similarity", {}).items():
            for other, value in zip(source["neighbours"][char], values, strict=True):
                similarity[min(char, other) + max(char, other)] = value
        similarity.update(source.get("pair_similarity", {}))
    return table, similarity


def _ocr_pairs_from_sources() -> frozenset[tuple[str, str]]:
    """The pairs of the ``ocr`` sources of ``confusions.json`` (both directions)."""
    import importlib.resources  # on first use: it costs more than the rest of the import

    path = importlib.resources.files("zjnews.repair") / "data" / "confusions.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(
        pair
        for source in data["sources"]
        if source["kind"] == "ocr"
        for group in source["groups"]
        for pair in itertools.permutations(group, 2)
    )


def derived_tables() -> dict[str, str]:
    """The text of the two tables derived from ``confusions.json``, the lexicon and the model,
    which the pass reads at start-up instead of deriving them (``benchmarks/bench_ocr.py
    --tables`` writes them; a test checks that they are current):

    * ``look_alikes.txt``: a line per character: the character, then for each look-alike the
      look-alike, its rank (one digit), ``k`` for a known OCR pair (else ``-``) and the glyph
      similarity in hundredths (two digits; ``00`` when unknown);
    * ``ocr_candidates.txt``: a line per character: the character, then the look-alikes the
      pass tries (:func:`table` under the fitted model).
    """
    ranked, similarity = _ranked_from_sources()
    known = _ocr_pairs_from_sources()
    lines = []
    for char in sorted(ranked):
        near = sorted(ranked[char].items(), key=lambda item: (item[1], item[0]))
        if any(rank > 9 for _, rank in near):
            raise ValueError("a rank above 9 does not fit the one-digit format")
        lines.append(
            char
            + "".join(
                f"{o}{rank}{'k' if (char, o) in known else '-'}"
                f"{min(99, max(0, int(similarity.get(min(char, o) + max(char, o), 0.0) * 100))):02d}"
                for o, rank in near
            )
        )
    look_alikes = "\n".join(lines) + "\n"
    weights = model()
    alike = {char: {o: similarity.get(min(char, o) + max(char, o), 0.0) for o in near} for char, near in ranked.items()}
    tried = _table(
        ranked, known, weights.max_rank, weights.min_ratio, weights.rare_max_rank, alike, weights.min_similarity
    )
    candidates_text = "\n".join(char + "".join(sorted(tried[char])) for char in sorted(tried)) + "\n"
    return {"look_alikes.txt": look_alikes, "ocr_candidates.txt": candidates_text}


def _data(name: str) -> str:
    import importlib.resources  # on first use: it costs more than the rest of the import

    return (importlib.resources.files("zjnews.repair") / "data" / name).read_text(encoding="utf-8")


@functools.cache
def _look_alike_lines() -> dict[str, str]:
    """Each character → its encoded look-alikes (``look_alikes.txt``), decoded on use."""
    return {line[0]: line[1:] for line in _data("look_alikes.txt").splitlines() if line}


class _Ranks(dict[str, dict[str, int]]):
    """Each character → its look-alikes with their rank, decoded on first use of the character."""

    def __missing__(self, char: str) -> dict[str, int]:
        code = _look_alike_lines().get(char, "")
        value = {code[i]: int(code[i + 1]) for i in range(0, len(code) - 4, _ENTRY)}
        self[char] = value
        return value


class _Similarity(dict[str, dict[str, float]]):
    """Each character → its look-alikes with the similarity of the glyphs (0 to 0.99)."""

    def __missing__(self, char: str) -> dict[str, float]:
        code = _look_alike_lines().get(char, "")
        value = {code[i]: int(code[i + 3 : i + 5]) / 100 for i in range(0, len(code) - 4, _ENTRY)}
        self[char] = value
        return value


_ENTRY = 5
"""Characters per look-alike in ``look_alikes.txt``."""
_RANKS = _Ranks()
_SIMILARITY = _Similarity()


def _ranked() -> dict[str, dict[str, int]]:
    """Each character → its look-alikes with their rank (every character of the sources)."""
    return {char: _RANKS[char] for char in _look_alike_lines()}


@functools.cache
def _ocr_pairs() -> frozenset[tuple[str, str]]:
    """The known OCR pairs (the ``ocr`` sources), both directions."""
    return frozenset(
        (char, code[i])
        for char, code in _look_alike_lines().items()
        for i in range(0, len(code) - 4, _ENTRY)
        if code[i + 2] == "k"
    )


def _table(
    ranked: dict[str, dict[str, int]],
    known: frozenset[tuple[str, str]],
    max_rank: int,
    min_ratio: float,
    rare_max_rank: int | None,
    similarity: dict[str, dict[str, float]],
    min_similarity: float,
) -> dict[str, frozenset[str]]:
    out = {}
    for char, near in ranked.items():
        common = is_common_char(char)
        limit = max_rank if rare_max_rank is None or common else rare_max_rank
        floor = min_ratio * char_frequency(char)
        alike = similarity.get(char, {})
        tried = frozenset(
            o
            for o, rank in near.items()
            if rank <= limit
            and (char_frequency(o) >= floor or (char, o) in known)
            and (rank == 0 or not common or alike.get(o, 0.0) >= min_similarity)
        )
        if tried:
            out[char] = tried
    return out


def table(
    max_rank: int, min_ratio: float, rare_max_rank: int | None = None, min_similarity: float = 0.0
) -> dict[str, frozenset[str]]:
    """Each character → its look-alikes ranked within ``max_rank`` (``rare_max_rank`` for a
    character outside the common ones) that stand in the lexicon's words at least ``min_ratio``
    times as often as it does (a known OCR pair always); beyond rank 0, for a common character,
    only glyphs at least ``min_similarity`` alike."""
    ranked = _ranked()
    similarity = {char: _SIMILARITY[char] for char in ranked}
    return _table(ranked, _ocr_pairs(), max_rank, min_ratio, rare_max_rank, similarity, min_similarity)


@functools.cache
def candidates() -> dict[str, frozenset[str]]:
    """Each character → the look-alikes the pass tries under the fitted model
    (``ocr_candidates.txt``, the same as :func:`table` with :attr:`Model.max_rank`,
    :attr:`Model.min_ratio`, :attr:`Model.rare_max_rank` and :attr:`Model.min_similarity`)."""
    return {line[0]: frozenset(line[1:]) for line in _data("ocr_candidates.txt").splitlines() if line}


def confusions() -> dict[str, str]:
    """Each character of the confusion sources → every character that looks like it (all
    sources and ranks; the pass tries the subset :func:`candidates`)."""
    return {char: "".join(sorted(near)) for char, near in _ranked().items()}


@functools.cache
def _bigrams() -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
    """The common two-character words (lexicon frequency ≥ 20); each character → the characters
    that follow it in a frequent one (frequency ≥ 50), and → the characters that precede it."""
    import importlib.resources  # on first use: it costs more than the rest of the import

    text = (importlib.resources.files("zjnews") / "data" / "common_bigrams.txt").read_text(encoding="utf-8")
    common, follow, precede = text.split("\n")[:3]
    words = frozenset(common[i : i + 2] for i in range(0, len(common) - 1, 2))
    after = {group[0]: group[1:] for group in follow.split(" ")}
    before = {group[0]: group[1:] for group in precede.split(" ")}
    return words, after, before


COMMON_BIGRAMS = "zjnews/data/common_bigrams.txt"
"""Where the common two-character words are stored (every one with a lexicon frequency ≥ 20)."""


@attrs.frozen
class Candidate:
    """One look-alike considered for one position, with the evidence for it."""

    position: int
    before: str
    after: str
    gain: float
    """Natural log of how much more probable the segmented context becomes."""
    page_fixed: int
    """How often the word the look-alike forms is printed in the text."""
    page_printed: int
    """How often the printed character's pair with a neighbour is printed in the text (this one
    included; the more frequent side)."""
    rank: int
    """How alike the glyphs are (0 = nearest, or a known OCR pair)."""
    ratio: float
    """How many times as often the look-alike stands in the lexicon's words as the printed one."""
    rare: bool
    """The printed character is outside the 3,755 common characters of GB 2312."""
    known: bool
    """The pair is a known OCR confusion (an ``ocr`` source): tried whatever the ratio."""
    fixed_pairs: float
    """The same for the look-alike beside the printed neighbours."""
    association: float
    """How much better the look-alike keeps company with the neighbours than the printed
    character does: (its pairs' log frequency − 2 × its own log frequency in the lexicon's
    words), look-alike minus printed (a pointwise mutual information)."""
    after_numeral: bool
    """A numeral stands before the position, and the look-alike is a measure or time word
    (lexicon tag ``m``/``q``: ``日``, ``年``, ``万``, ``名``) where the printed character is none."""
    printed_pairs: float
    """How plausible the printed character is beside its neighbours: log(1 + f) summed over its
    two pairs, ``f`` the pair's frequency inside the lexicon's words (:func:`pair_frequency`)."""
    protected: bool
    """The position is part of a name (never replaced)."""
    similarity: float = 0.0
    """How alike the two glyphs are drawn (cosine of the blurred images, 0 when unknown)."""
    side_pairs: float = 0.0
    """The look-alike's better pair with a neighbour against the printed character's better pair:
    log(1 + f) of each, ``f`` as for :attr:`printed_pairs`."""
    formed_word: float = -1.0
    """Log lexicon frequency of the more frequent two-character word the look-alike forms with a
    neighbour (−1 when none)."""
    printed_word: float = -1.0
    """The same for the printed character (−1 when it forms none)."""
    printed_alone: float = -1.0
    """Log lexicon frequency of the printed character as a word of its own (−1 when it is none:
    a character that is no word alone must belong to a word with a neighbour)."""
    fixed_alone: float = -1.0
    """The same for the look-alike."""
    page_repeated: int = 1
    """How often the printed character stands with the same two characters before it, or after
    it, in the text (three ideographs). Above 1 the character is kept: a misreading seldom
    repeats with the same neighbours, a rare term or a name printed twice does."""
    page_expected: float = 0.0
    """log(1 + how often the word of :attr:`page_fixed` would be printed in as much text at its
    lexicon frequency): a common word printed often is weaker evidence than a rare one."""

    def features(self) -> tuple[float, ...]:
        """The evidence as numbers, in the order of :data:`FEATURES`."""
        return (
            self.gain,
            math.log1p(self.page_fixed),
            math.log(self.page_printed),
            float(self.after_numeral),
            self.printed_pairs,
            self.fixed_pairs,
            self.association,
            float(self.rank),
            float(self.rank == 0),
            float(self.known),
            float(self.rare),
            self.similarity,
            self.side_pairs,
            self.formed_word,
            self.printed_word,
            self.printed_alone,
            self.fixed_alone,
            math.log(max(self.ratio, 1e-3)),
            self.page_expected,
        )

    def score(self, weights: Model) -> float:
        """The total evidence under ``weights``: each feature times its weight, summed."""
        return float(sum(map(operator.mul, weights.vector, self.features())))


def _log_probability(text: str, log_frequency: dict[str, float], log_total: float) -> float:
    """Log probability of the best segmentation of ``text`` under a unigram word model.

    ``log_frequency`` holds the log frequency of every piece of up to four characters of
    ``text`` (``-inf`` for a piece of two or more that is no word, 0 for an unknown character).
    """
    best = [0.0]
    for end in range(1, len(text) + 1):
        best.append(
            max(best[start] + log_frequency[text[start:end]] for start in range(max(0, end - _MAX_WORD), end))
            - log_total
        )
    return best[-1]


def _forming_long(text: str, pos: int, near: frozenset[str]) -> frozenset[str]:
    """The look-alikes of ``near`` that, in place of ``text[pos]``, form a common word of two to
    four characters (frequency ≥ :data:`MIN_FORMED`)."""
    words = lexicon()
    out = set()
    # Such a word holds the look-alike beside a neighbour. When the look-alike and the characters
    # around are all ideographs, so is every word tried, and the lexicon's character pairs count
    # every word of ideographs each pair stands in (pair_frequency ≥ the word's frequency): no
    # word with the neighbour before (after) is tried when that pair stands in words less often.
    ideographs = _IDEOGRAPH_RUN.fullmatch(text[max(0, pos - _MAX_WORD + 1) : pos]) is not None
    ideographs = ideographs and _IDEOGRAPH_RUN.fullmatch(text[pos + 1 : pos + _MAX_WORD]) is not None
    before, after = text[pos - 1 : pos], text[pos + 1 : pos + 2]
    for other in near:
        with_before = with_after = True
        if ideographs and _IDEOGRAPH.match(other) is not None:
            with_before = pair_frequency(before + other) >= MIN_FORMED
            with_after = pair_frequency(other + after) >= MIN_FORMED
        for start in range(pos - _MAX_WORD + 1 if with_before else pos, pos + 1):
            last = start + _MAX_WORD if with_after else min(start + _MAX_WORD, pos + 1)
            for end in range(max(pos + 1, start + 2), last + 1):
                if start >= 0 and end <= len(text):
                    word = text[start:pos] + other + text[pos + 1 : end]
                    if words.frequency(word) >= MIN_FORMED:
                        out.add(other)
    return frozenset(out)


def _word_log(words: Lexicon, piece: str) -> float:
    """Log lexicon frequency of ``piece`` as a word, −1 when it is none."""
    count = words.frequency(piece)
    return math.log(count) if count else -1.0


def _log_frequency(words: Lexicon, piece: str) -> float:
    """The log frequency of ``piece`` as a word: ``-inf`` when a piece of two or more characters
    is no word, 0 for a character the lexicon lacks (counted once)."""
    count = words.frequency(piece)
    if count:
        return math.log(count)
    return 0.0 if len(piece) == 1 else -math.inf


def _near_name(line: str, pos: int) -> bool:
    """True when the character at ``pos`` is surely part of a person's name (never replaced).

    That is: it follows a role word (``记者``, ``书记``, ``负责人``…), or stands second or third
    in a name that opens with a surname right after one (``书记李声琨``); it is a surname
    opening a name before a verb of saying (``曹慧表示``); or it ends a name before a verb of
    saying (``阿卜杜说``: the character forms no word with the one before it).
    """
    if ROLE_END.search(line[max(0, pos - 6) : pos]) is not None:
        return True
    for inside in (1, 2):
        opening = pos - inside
        if (
            opening > 0
            and line[opening] in SURNAMES
            and ROLE_END.search(line[max(0, opening - 6) : opening]) is not None
        ):
            return True
    if line[pos] in SURNAMES and opens_with_speaker(line[pos:], comma=False):
        return True  # the surname itself: 曹慧表示
    return bool(_SPEAKER_VERB.match(line[pos + 1 : pos + 3])) and line[pos - 1 : pos + 1] not in lexicon()


def _is_name_line(line: str) -> bool:
    stripped = line.strip().lstrip("#").strip()
    return len(stripped) <= 12 and _SENTENCE.search(stripped) is None


def _run(scored: str, pos: int) -> tuple[int, int]:
    """The ideographs around ``pos`` (at most :data:`_REACH` to each side) as ``(start, end)``."""
    start = pos
    while start > 0 and pos - start < _REACH and _IDEOGRAPH.match(scored, start - 1):
        start -= 1
    end = pos + 1
    while end < len(scored) and end - pos <= _REACH and _IDEOGRAPH.match(scored, end):
        end += 1
    return start, end


class _Reach(dict[str, str]):
    """Each character → the neighbours with which one of its look-alikes forms a frequent word,
    as one string of distinct characters (filled on first use of each character, and kept for
    the process: a string of a few dozen characters costs a fiftieth of a set of them, and
    ``in`` finds a character in it as fast)."""

    def __init__(self, table: dict[str, frozenset[str]], partners: dict[str, str]):
        super().__init__()
        self._table = table
        self._partners = partners

    def __missing__(self, char: str) -> str:
        partners = self._partners
        value = "".join(dict.fromkeys("".join(partners.get(other, "") for other in self._table.get(char, ()))))
        self[char] = value
        return value


class _Gate(dict[str, tuple[str, str, bool]]):
    """Each character → (the characters after it, the characters before it, with which one of
    its look-alikes forms a frequent word; whether it is a common character), filled on first use."""

    def __init__(self, rights: _Reach, lefts: _Reach):
        super().__init__()
        self._rights = rights
        self._lefts = lefts

    def __missing__(self, char: str) -> tuple[str, str, bool]:
        value = (self._rights[char], self._lefts[char], is_common_char(char))
        self[char] = value
        return value


@functools.cache
def _reach(table_id: int) -> _Gate:
    table = _TABLES[table_id]
    _, after, before = _bigrams()
    return _Gate(_Reach(table, after), _Reach(table, before))


_TABLES: dict[int, dict[str, frozenset[str]]] = {}


@functools.cache
def _suspect_class(table_id: int) -> re.Pattern[str]:
    """One character class of every character that has look-alikes to try."""
    return re.compile("[" + "".join(sorted(_TABLES[table_id])) + "]")


def score_candidates(
    text: str, table: dict[str, frozenset[str]] | None = None, weights: Model | None = None
) -> list[Candidate]:
    """The look-alikes worth weighing in ``text``, with their evidence.

    ``table`` gives each character's look-alikes to try (default :func:`candidates`). With
    ``weights``, only the candidates that reach the threshold are returned, and protected
    positions are skipped (the evidence that can only lower a score is not gathered for a
    candidate already below it); without, every candidate is (to fit the weights).
    """
    table = candidates() if table is None else table
    _TABLES.setdefault(id(table), table)
    gate = _reach(id(table))
    words, after, before = _bigrams()
    scored = _ANY_DIGIT.sub("一", text)
    padded = "\n" + scored + "\n"
    freq = lexicon()
    frequency: dict[str, float] = {}
    log_total = math.log(freq.total)
    ranked = _RANKS
    known_pairs = _ocr_pairs()
    out: list[Candidate] = []
    for match in _suspect_class(id(table)).finditer(padded):
        k = match.start()
        char = padded[k]
        rights, lefts, common = gate[char]
        right, left = padded[k + 1], padded[k - 1]
        reached = right in rights or left in lefts
        if not reached and common:
            continue  # the cheapest test first: most characters have no look-alike forming a word here
        if left + char in words or char + right in words:
            continue
        if padded[k - 2 : k - 1] == char or padded[k + 2 : k + 3] == char:
            continue  # the parallel halves of a four-character phrase (入脑入心, 自言自语)
        near = table[char]
        forming: frozenset[str] = frozenset()
        if reached:
            follows, precedes = after.get(left, ""), before.get(right, "")
            forming = frozenset(o for o in near if o in follows or o in precedes)
        if not common:
            # a rare character: a look-alike forming a longer word counts too (满意庋 → 满意度)
            forming |= _forming_long(padded, k, near)
        if not forming:
            continue
        pos = k - 1
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        protected = _is_name_line(line) or _near_name(line, pos - line_start)
        if protected and weights is not None:
            continue
        start, end = _run(scored, pos)
        window = scored[start:end]
        i = pos - start
        printed: float | None = None  # the printed window's log probability, computed when needed
        for piece in window:
            if piece not in frequency:
                frequency[piece] = _log_frequency(freq, piece)
        ranks = ranked[char]
        alike = _SIMILARITY[char]
        printed_left, printed_right = math.log1p(pair_frequency(left + char)), math.log1p(pair_frequency(char + right))
        plausible = printed_left + printed_right
        printed_word = max(_word_log(freq, left + char), _word_log(freq, char + right))
        printed_alone = _word_log(freq, char)
        printed_association = plausible - 2 * math.log1p(char_frequency(char))
        numeral = left in _NUMERALS and freq.tag(char) not in _MEASURE_TAGS
        seen = repeated = 0  # gathered when needed
        near_start, near_end = max(0, pos - _PAGE_REACH), pos + _PAGE_REACH
        for other in sorted(forming):
            if weights is not None and ranks[other] > weights.rank_limit(not is_common_char(char)):
                continue
            fixed_window = window[:i] + other + window[i + 1 :]
            # the gain cannot exceed, for some word w of the fixed window over the position,
            # w's log probability less that of its printed characters each alone
            bound = -math.inf
            for a in range(max(0, i - _MAX_WORD + 1), i + 1):
                for b in range(i + 1, min(len(window), a + _MAX_WORD) + 1):
                    piece = fixed_window[a:b]
                    if piece not in frequency:
                        frequency[piece] = _log_frequency(freq, piece)
                    if frequency[piece] > -math.inf:
                        alone = math.fsum(map(frequency.__getitem__, window[a:b]))
                        bound = max(bound, frequency[piece] + (b - a - 1) * log_total - alone)
            fixed_left = math.log1p(pair_frequency(left + other))
            fixed_right = math.log1p(pair_frequency(other + right))
            fixed_pairs = fixed_left + fixed_right
            # the two-character word the look-alike forms (the more frequent side)
            pieces = [w for w in (left + other, other + right) if w in words] or [fixed_window]
            word = max(pieces, key=freq.frequency)
            candidate = Candidate(
                position=pos,
                before=text[pos],
                after=other,
                gain=bound,
                page_fixed=scored.count(word, near_start, near_end),
                page_expected=math.log1p(
                    freq.frequency(word) / freq.total * (min(len(scored), near_end) - near_start)
                ),
                page_printed=1,
                rank=ranks[other],
                ratio=char_frequency(other) / max(1, char_frequency(char)),
                rare=not is_common_char(char),
                known=(char, other) in known_pairs,
                after_numeral=numeral and freq.tag(other) in _MEASURE_TAGS,
                printed_pairs=plausible,
                fixed_pairs=fixed_pairs,
                association=(fixed_pairs - 2 * math.log1p(char_frequency(other))) - printed_association,
                protected=protected,
                similarity=alike.get(other, 0.0),
                side_pairs=max(fixed_left, fixed_right) - max(printed_left, printed_right),
                formed_word=max(_word_log(freq, left + other), _word_log(freq, other + right)),
                printed_word=printed_word,
                printed_alone=printed_alone,
                fixed_alone=_word_log(freq, other),
            )
            if (
                weights is not None
                and weights.weights["page_printed"] <= 0
                and weights.weights["gain"] >= 0
                and candidate.score(weights) < weights.threshold
            ):
                continue  # the evidence still to gather can only lower the score
            if printed is None:
                for a in range(len(window)):
                    for b in range(a + 2, min(len(window), a + _MAX_WORD) + 1):
                        piece = window[a:b]
                        if piece not in frequency:
                            frequency[piece] = _log_frequency(freq, piece)
                printed = _log_probability(window, frequency, log_total)
            for a in range(len(fixed_window)):
                for b in range(a + 1, min(len(fixed_window), a + _MAX_WORD) + 1):
                    piece = fixed_window[a:b]
                    if piece not in frequency:
                        frequency[piece] = _log_frequency(freq, piece)
            gain = _log_probability(fixed_window, frequency, log_total) - printed
            if not seen:
                seen = max(
                    scored.count(left + char, near_start, near_end) if left.strip() else 1,
                    scored.count(char + right, near_start, near_end) if right.strip() else 1,
                )
                repeated = max(
                    text.count(piece, near_start, near_end) if _IDEOGRAPHS.fullmatch(piece) else 1
                    for piece in (text[max(0, pos - 2) : pos + 1], text[pos : pos + 3])
                )
            candidate = attrs.evolve(candidate, page_printed=seen, page_repeated=repeated, gain=gain)
            if weights is None or (repeated == 1 and candidate.score(weights) >= weights.threshold):
                out.append(candidate)
    return out


def fix_ocr(text: str) -> list[Repair]:
    """Repairs of OCR confusions of similar-looking characters where the context is clear."""
    weights = model()
    return decide(text, score_candidates(text, weights=weights), weights)


def decide(text: str, found: list[Candidate], weights: Model) -> list[Repair]:
    """The repairs ``weights`` accept among the candidates ``found`` in ``text``."""
    best: dict[int, tuple[float, str]] = {}
    for candidate in found:
        score = weights.accepts(candidate)
        if score is not None and score > best.get(candidate.position, (-math.inf, ""))[0]:
            best[candidate.position] = (score, candidate.after)
    # of two neighbours both replaced, only the better: each was judged with the other as printed
    for pos in sorted(best):
        if pos in best and pos + 1 in best:
            del best[pos + 1 if best[pos][0] >= best[pos + 1][0] else pos]
    return [Repair("ocr", pos, text[pos], after) for pos, (_, after) in sorted(best.items())]
