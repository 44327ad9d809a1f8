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
a pair only the shape set has. A pair ranked beyond :attr:`Model.max_rank` is not tried.

**Where to look**: a character is a suspect only when it forms no common two-character word
(:data:`COMMON_BIGRAMS`, lexicon frequency ≥ 20) with either neighbour, and a candidate only
when it does form one. Arabic numerals count as the numeral ``一`` in every test, so a date or
a quantity is context like any word (``7月6曰`` reads as ``一月一曰``: ``一日`` is a word, ``一曰``
is not; ``5万入`` → ``一万入`` → ``万人``).

**The decision** for a candidate ``c'`` replacing the printed ``c``, with the evidence

* ``gain``: log of how much more probable the best segmentation of the few characters around
  the position (a unigram word model over the lexicon, :mod:`zjnews.lexicon`) becomes;
* ``page``: how often the word the candidate forms is printed elsewhere in the same text (the
  pass runs on a whole page: a word printed correctly elsewhere is strong evidence), against
  how often the printed form is;
* ``rank``: how alike the two glyphs are;

is ``gain + page_weight × (log(1 + n_fixed) − log(1 + n_printed − 1)) − rank_cost × rank ≥
threshold``. The weights and the threshold live in ``data/ocr_model.json`` and are fitted on
data (``benchmarks/bench_ocr.py --fit``), not set by hand.

**Names stay protected**: lines that look like name or byline lines are skipped, and so is a
character right after a role word (``记者``, ``通讯员``…), right after a surname where the two
form no word, a surname opening a name before a verb of saying (``曹慧表示``), or a character
right before a place suffix (``新宇村``).

Speed: the suspects come from one pass of C-level set look-ups over the text's character
pairs; the segmentation model runs only for the few candidates that form a common word.
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import json
import math
import operator
import re

import attrs

from ..chinese import _SPEAKER_VERB, ROLE_END, SURNAMES, opens_with_speaker
from ..lexicon import lexicon
from ..model import Repair

__all__ = ["Candidate", "Model", "candidates", "confusions", "decide", "fix_ocr", "model", "score_candidates"]

_MAX_WORD = 4
_REACH = 4
"""Characters of context on each side of a position for the segmentation model."""

_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE = re.compile("[。，；！？,;!?]")
_PLACE_SUFFIX = frozenset("村镇乡县市区省州街路巷弄桥山湖港湾岛园厂")
_NUMERALS = frozenset("一二三四五六七八九十百千万亿两几数零")
_MEASURE_TAGS = frozenset("mq")
_DIGITS = str.maketrans({c: "一" for c in "0123456789０１２３４５６７８９"})
"""Arabic numerals read as the numeral 一 by every test (same length: positions do not move)."""


@attrs.frozen
class Model:
    """The fitted weights of the decision (``data/ocr_model.json``)."""

    threshold: float
    """Least total evidence (natural log units) for a replacement."""
    page_weight: float
    """Weight of the page's own vocabulary: log(1 + times the word the look-alike forms is printed)."""
    printed_weight: float
    """Weight against: log(times the printed form is printed; a misreading is seldom repeated)."""
    numeral_weight: float
    """Weight for a measure or time word after a numeral (``7月6曰`` → ``日``)."""
    prefix_weight: float
    """Weight against each pair of the printed character with a neighbour that begins a lexicon word."""
    rank_cost: float
    """Cost of each step of glyph rank (0 = the nearest glyph or a known OCR pair)."""
    max_rank: int
    """Pairs ranked beyond this are not tried."""
    shape_rank: int
    """The rank given to a pair that only the shape set has."""
    note: str = ""
    """Where the figures come from."""


@functools.cache
def model() -> Model:
    """The decision's weights, as fitted (``data/ocr_model.json``)."""
    path = importlib.resources.files("zjnews.repair") / "data" / "ocr_model.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(**{field.name: data[field.name] for field in attrs.fields(Model) if field.name in data})


@functools.cache
def _ranked() -> dict[str, dict[str, int]]:
    """Each character → its look-alikes with their rank (all pairs of every source)."""
    path = importlib.resources.files("zjnews.repair") / "data" / "confusions.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    shape_rank = model().shape_rank
    table: dict[str, dict[str, int]] = {}

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
    return table


@functools.cache
def candidates() -> dict[str, frozenset[str]]:
    """Each character → the look-alikes the pass tries (rank within :attr:`Model.max_rank`)."""
    limit = model().max_rank
    out = {}
    for char, near in _ranked().items():
        tried = frozenset(other for other, rank in near.items() if rank <= limit)
        if tried:
            out[char] = tried
    return out


def confusions() -> dict[str, str]:
    """Each character → every character the pass may put in its place."""
    return {char: "".join(sorted(others)) for char, others in candidates().items()}


@functools.cache
def _bigrams() -> tuple[frozenset[str], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The common two-character words; each character → the characters that follow it in one,
    and → the characters that precede it in one."""
    text = (importlib.resources.files("zjnews") / "data" / "common_bigrams.txt").read_text(encoding="utf-8")
    words = frozenset(text[i : i + 2] for i in range(0, len(text) - 1, 2))
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for word in words:
        after.setdefault(word[0], set()).add(word[1])
        before.setdefault(word[1], set()).add(word[0])
    empty: frozenset[str] = frozenset()
    return (
        words,
        {c: frozenset(s) for c, s in after.items()} | {"": empty},
        {c: frozenset(s) for c, s in before.items()} | {"": empty},
    )


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
    after_numeral: bool
    """A numeral stands before the position, and the look-alike is a measure or time word
    (lexicon tag ``m``/``q``: ``日``, ``年``, ``万``, ``名``) where the printed character is none."""
    printed_prefixes: int
    """How many of the printed character's two pairs with its neighbours begin a lexicon word."""
    protected: bool
    """The position may be part of a name (never replaced)."""

    def score(self, weights: Model) -> float:
        """The total evidence under ``weights``."""
        return (
            self.gain
            + weights.page_weight * math.log1p(self.page_fixed)
            - weights.printed_weight * math.log(self.page_printed)
            - weights.rank_cost * self.rank
            - weights.prefix_weight * self.printed_prefixes
            + weights.numeral_weight * self.after_numeral
        )


def _log_probability(text: str, frequency: dict[str, int], log_total: float) -> float:
    """Log probability of the best segmentation of ``text`` under a unigram word model."""
    best = [0.0] + [-math.inf] * len(text)
    for end in range(1, len(text) + 1):
        top = -math.inf
        for start in range(max(0, end - _MAX_WORD), end):
            freq = frequency.get(text[start:end], 0)
            if freq == 0 and end - start > 1:
                continue
            score = best[start] + math.log(freq or 1)
            if score > top:
                top = score
        best[end] = top - log_total
    return best[-1]


def _near_name(line: str, pos: int) -> bool:
    """True when the character at ``pos`` may be part of a person's or a place's name.

    That is: it follows a role word (``记者``, ``书记``, ``负责人``…), or a surname that does not
    form a word with the character before it (``向`` in ``面向`` is no surname), as the second or
    third character of a name; it is a surname opening a name and a verb of saying
    (``曹慧表示``); it ends a name before a verb of saying (``瓦奇叻说``); or a place suffix
    (``村``, ``镇``, ``路``…) follows it within three characters.
    """
    words = lexicon()
    before = line[max(0, pos - 6) : pos]
    if ROLE_END.search(before) is not None:
        return True
    if line[pos] in SURNAMES and opens_with_speaker(line[pos:], comma=False):
        return True  # the surname itself: 曹慧表示
    if any(c in _PLACE_SUFFIX for c in line[pos + 1 : pos + 4]):
        return True  # a place name: 新宇村, 大民屯镇
    if _SPEAKER_VERB.match(line[pos + 1 : pos + 3]) and line[pos - 1 : pos + 1] not in words:
        return True  # the last character of a name before a verb of saying: 瓦奇叻说
    if pos >= 1 and line[pos - 1] in SURNAMES and (pos < 2 or line[pos - 2 : pos] not in words):
        return line[pos - 1 : pos + 1] not in words
    return (
        pos >= 2
        and line[pos - 2] in SURNAMES
        and line[max(0, pos - 3) : pos - 1] not in words
        and line[pos - 2 : pos] not in words
        and line[pos - 1 : pos + 1] not in words
    )


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


class _Reach(dict[str, frozenset[str]]):
    """Each character → the neighbours with which one of its look-alikes forms a common word
    (filled on first use of each character)."""

    def __init__(self, table: dict[str, frozenset[str]], partners: dict[str, frozenset[str]]):
        super().__init__()
        self._table = table
        self._partners = partners

    def __missing__(self, char: str) -> frozenset[str]:
        partners = self._partners
        value = frozenset().union(*(partners.get(other, ()) for other in self._table.get(char, ())))
        self[char] = value
        return value


@functools.cache
def _reach(table_id: int) -> tuple[_Reach, _Reach]:
    table = _TABLES[table_id]
    _, after, before = _bigrams()
    return _Reach(table, after), _Reach(table, before)


_TABLES: dict[int, dict[str, frozenset[str]]] = {}


def score_candidates(text: str, table: dict[str, frozenset[str]] | None = None) -> list[Candidate]:
    """Every look-alike worth weighing in ``text``, with its evidence (no decision taken).

    ``table`` gives each character's look-alikes to try (default :func:`candidates`).
    """
    table = candidates() if table is None else table
    _TABLES.setdefault(id(table), table)
    rights, lefts = _reach(id(table))
    words, after, before = _bigrams()
    scored = text.translate(_DIGITS)
    padded = "\n" + scored + "\n"
    in_word = list(map(words.__contains__, map(operator.add, padded, padded[1:])))
    # padded[k] is scored[k-1]: the pair ending at padded[k] is in_word[k-1], starting there in_word[k]
    open_ = map(operator.not_, map(operator.or_, in_word, in_word[1:]))
    known = map(table.__contains__, padded[1:-1])
    suspects = itertools.compress(range(1, len(padded) - 1), map(operator.and_, open_, known))
    freq = lexicon()
    frequency: dict[str, int] = {}
    log_total = math.log(freq.total)
    out: list[Candidate] = []
    for k in suspects:
        char, left, right = padded[k], padded[k - 1], padded[k + 1]
        if right not in rights[char] and left not in lefts[char]:
            continue
        near = table[char]
        forming = (near & after.get(left, after[""])) | (near & before.get(right, before[""]))
        pos = k - 1
        start, end = _run(scored, pos)
        window = scored[start:end]
        i = pos - start
        for a in range(len(window)):
            for b in range(a + 1, min(len(window), a + _MAX_WORD) + 1):
                piece = window[a:b]
                if piece not in frequency:
                    frequency[piece] = freq.frequency(piece)
        printed = _log_probability(window, frequency, log_total)
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        protected = _is_name_line(line) or _near_name(line, pos - line_start)
        ranks = _ranked()[char]
        prefixes = freq.begins_word(left + char) + freq.begins_word(char + right)
        numeral = left in _NUMERALS and freq.tag(char) not in _MEASURE_TAGS
        seen = max(scored.count(left + char) if left.strip() else 1, scored.count(char + right) if right.strip() else 1)
        for other in sorted(forming):
            fixed_window = window[:i] + other + window[i + 1 :]
            for a in range(max(0, i - _MAX_WORD + 1), i + 1):
                for b in range(i + 1, min(len(window), a + _MAX_WORD) + 1):
                    piece = fixed_window[a:b]
                    if piece not in frequency:
                        frequency[piece] = freq.frequency(piece)
            gain = _log_probability(fixed_window, frequency, log_total) - printed
            # the two-character word the look-alike forms (the more frequent side)
            word = max((w for w in (left + other, other + right) if w in words), key=lambda w: frequency.get(w, 0))
            out.append(
                Candidate(
                    position=pos,
                    before=text[pos],
                    after=other,
                    gain=gain,
                    page_fixed=scored.count(word),
                    page_printed=seen,
                    rank=ranks[other],
                    after_numeral=numeral and freq.tag(other) in _MEASURE_TAGS,
                    printed_prefixes=prefixes,
                    protected=protected,
                )
            )
    return out


def fix_ocr(text: str) -> list[Repair]:
    """Repairs of OCR confusions of similar-looking characters where the context is clear."""
    return decide(text, score_candidates(text), model())


def decide(text: str, found: list[Candidate], weights: Model) -> list[Repair]:
    """The repairs ``weights`` accept among the candidates ``found`` in ``text``."""
    best: dict[int, tuple[float, str]] = {}
    for candidate in found:
        if candidate.protected or candidate.rank > weights.max_rank:
            continue
        score = candidate.score(weights)
        if score >= weights.threshold and score > best.get(candidate.position, (-math.inf, ""))[0]:
            best[candidate.position] = (score, candidate.after)
    # of two neighbours both replaced, only the better: each was judged with the other as printed
    for pos in sorted(best):
        if pos in best and pos + 1 in best:
            del best[pos + 1 if best[pos][0] >= best[pos + 1][0] else pos]
    return [Repair("ocr", pos, text[pos], after) for pos, (_, after) in sorted(best.items())]
