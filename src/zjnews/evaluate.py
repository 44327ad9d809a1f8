"""Evaluation: score parsed pages against gold annotations.

A gold file describes one page as a careful reader sees it (the format is described in
``docs/evaluation.md``): its articles with their headline group, authors, paragraphs and
captions, the page's own captions and the OCR errors found on it. This module compares what
a parser produced with that gold and reports the metrics below. They are the metrics of the
project's reference scorer and agree with it to three decimals.

Body text is compared through *k-grams*: runs of :data:`K` characters of the normalised body
(:func:`normalize`: NFKC width folding, traditional → simplified, no quote marks, no spaces). A
gold k-gram that occurs once in all the page's gold bodies pins one position of one gold article;
a k-gram that occurs more than once says nothing about where it belongs and is left out on both
sides.

Metrics (summed over pages before dividing, unless said otherwise):

``bcubed_f1``
    character-level B-cubed F1 of the partition of body text into articles (per page, then
    averaged weighted by the page's gold body k-grams);
``continuity``
    share of adjacent gold body k-gram pairs that stay adjacent in the output;
``body_prec``
    share of output body k-grams that are gold body text (not captions, titles or noise);
``body_recall``
    share of gold body k-grams found in some output body;
``dup_residue``
    share of gold body k-grams emitted more than once (lower is better);
``cap_leak``
    share of gold caption k-grams that leak into output bodies (lower is better);
``title_acc``
    share of gold articles whose matched output article has the right title;
``author_f1``
    micro F1 of author names over matched articles;
``count_err``
    mean over pages of ``|#output - #gold| / #gold`` articles (lower is better);
``para_exact``
    share of gold paragraphs that the matched output article holds as one paragraph, equal
    after normalisation;
``ocr_fixed``
    share of the gold's recorded OCR errors that the output repairs (the right form occurs in
    some output text, the wrong form in none);
``text_exact`` and ``text_cer``
    only for gold whose paragraphs are the clean printed text (``"clean_text": true``): the
    share of gold paragraphs reproduced character for character, and the character error rate
    (edit distance / gold characters) of output paragraphs paired with gold paragraphs by
    content; an unmatched gold paragraph counts as all wrong, and no paragraph counts as more than
    all wrong (its edit distance is capped at its length). On a page whose gold says
    ``"quotes_stripped": true`` both ignore quote marks.

An output article is *matched* to the gold article when it holds the largest share of that gold
article's body k-grams, at least 30 % of them.

Use it from Python::

    import zjnews.evaluate
    report = zjnews.evaluate.evaluate_dir("seeds", "seeds/gold")
    print(report.summary_line())

or from a shell: ``python -m zjnews.evaluate --pages seeds --gold seeds/gold``.
"""

from __future__ import annotations

import bisect
import collections
import difflib
import functools
import itertools
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import attrs
import opencc

from .model import Decision

__all__ = [
    "ERROR_KINDS",
    "HIGHER_IS_BETTER",
    "LOWER_IS_BETTER",
    "ArticleLike",
    "ErrorSummary",
    "K",
    "Metrics",
    "PageError",
    "PageScore",
    "Report",
    "describe_decision",
    "edit_distance",
    "evaluate_dir",
    "evaluate_page",
    "kgrams",
    "main",
    "normalize",
    "normalize_body",
    "page_errors",
    "page_line",
    "summarize_errors",
]

K = 6
"""Length of the character k-grams through which body text is compared."""

MATCH_SHARE = 0.3
"""An output article matches a gold article when it holds at least this share of its k-grams."""

HIGHER_IS_BETTER: tuple[str, ...] = (
    "bcubed_f1",
    "continuity",
    "body_prec",
    "body_recall",
    "title_acc",
    "author_f1",
    "para_exact",
    "ocr_fixed",
    "text_exact",
)
"""Metrics for which a higher value is better."""

LOWER_IS_BETTER: tuple[str, ...] = ("dup_residue", "cap_leak", "count_err", "text_cer")
"""Metrics for which a lower value is better."""

_QUOTES = re.compile(r"[\"'“”‘’「」『』〝〞＂＇]")
_SPACES = re.compile(r"\s+")
_LEADING_DATELINE = re.compile(r"^本报讯[(（][^)）]{0,40}[)）]")
_TRAILING_BYLINE = re.compile(r"[(（][^()（）]{1,30}[)）]$")
_TRAILING_BYLINE_MAX = 24

_to_simplified: Callable[[str], str] = opencc.OpenCC("t2s").convert


class ArticleLike(Protocol):
    """What scoring reads from an output article; :class:`zjnews.Article` is one."""

    @property
    def title(self) -> str | None: ...

    @property
    def kicker(self) -> str | None: ...

    @property
    def authors(self) -> Sequence[str]: ...

    @property
    def paragraphs(self) -> Sequence[str]: ...


# ------------------------------------------------------------------ text normalisation


def normalize(text: str | None) -> str:
    """Fold ``text`` for comparison: NFKC, simplified script, no quotes, no spaces, no leading ``#``."""
    if not text:
        return ""
    return _normalize(text)


@functools.lru_cache(maxsize=1 << 16)
def _normalize(text: str) -> str:
    # scoring folds the same paragraphs many times over: each is folded once
    text = unicodedata.normalize("NFKC", text)
    text = _to_simplified(text)
    text = _QUOTES.sub("", text)
    text = _SPACES.sub("", text)
    return text.lstrip("#")


def normalize_body(paragraphs: Iterable[str]) -> str:
    """An article's body as one normalised string, without a leading dateline or trailing byline.

    Bylines are scored on their own (``author_f1``), so ``本报讯(记者 X)`` at the start and a
    short ``(X Y)`` at the end are left out of the body whether or not a parser removed them.
    """
    text = "".join(normalize(p) for p in paragraphs)
    lead = _LEADING_DATELINE.match(text)
    if lead:
        text = text[lead.end() :]
    trail = _TRAILING_BYLINE.search(text)
    if trail and len(trail.group(0)) <= _TRAILING_BYLINE_MAX:
        text = text[: trail.start()]
    return text


def kgrams(text: str, k: int = K) -> list[str]:
    """Every run of ``k`` consecutive characters of ``text``, in order (none if it is shorter)."""
    return [text[i : i + k] for i in range(len(text) - k + 1)]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions) of two strings.

    The exact distance, computed with the bit-parallel algorithm of Myers (1999) in Hyyrö's
    formulation (2001): one column of the edit matrix is two integers used as bit vectors, so the
    cost is ``len(b)`` steps of a few operations on ``len(a)``-bit integers. It equals the
    Levenshtein distance of rapidfuzz (which the reference scorer uses when it is installed).

    >>> edit_distance("kitten", "sitting")
    3
    >>> edit_distance("一二三", "一三")
    1
    """
    if len(a) < len(b):
        a, b = b, a  # the longer string as the bit vectors: fewer steps
    if not b:
        return len(a)
    match: dict[str, int] = {}
    for i, char in enumerate(a):
        match[char] = match.get(char, 0) | (1 << i)
    full = (1 << len(a)) - 1
    last = 1 << (len(a) - 1)
    plus, minus, distance = full, 0, len(a)  # vertical deltas of the column: all +1
    for char in b:
        eq = match.get(char, 0)
        xv = eq | minus
        xh = (((eq & plus) + plus) ^ plus) | eq
        hplus = minus | (~(xh | plus) & full)
        hminus = plus & xh
        if hplus & last:
            distance += 1
        elif hminus & last:
            distance -= 1
        hplus = ((hplus << 1) | 1) & full
        hminus = (hminus << 1) & full
        plus = hminus | (~(xv | hplus) & full)
        minus = hplus & xv
    return distance


# ------------------------------------------------------------------ the gold side


@attrs.frozen
class _GoldArticle:
    title: str | None
    title_alternates: tuple[str, ...]
    kicker: str | None
    authors: tuple[str, ...]
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...]
    subtitle: str | None = None
    column: str | None = None
    byline: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> _GoldArticle:
        return cls(
            title=data.get("title"),
            title_alternates=tuple(data.get("title_alternates") or ()),
            kicker=data.get("kicker"),
            authors=tuple(data.get("authors") or ()),
            paragraphs=tuple(data.get("paragraphs") or ()),
            captions=tuple(data.get("captions") or ()),
            subtitle=data.get("subtitle"),
            column=data.get("column"),
            byline=data.get("byline"),
        )


@attrs.frozen
class _GoldPage:
    source: str
    articles: tuple[_GoldArticle, ...]
    page_captions: tuple[str, ...]
    ocr_errors: tuple[tuple[str, str], ...]
    """(wrong, right) pairs."""
    clean_text: bool
    quotes_stripped: bool
    duplicates: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> _GoldPage:
        return cls(
            source=str(data.get("source", "")),
            articles=tuple(_GoldArticle.from_mapping(a) for a in data.get("articles") or ()),
            page_captions=tuple(data.get("page_captions") or ()),
            ocr_errors=tuple((e["wrong"], e["right"]) for e in data.get("ocr_errors") or ()),
            clean_text=bool(data.get("clean_text")),
            quotes_stripped=bool(data.get("quotes_stripped")),
            duplicates=tuple(str(d) for d in data.get("duplicates") or ()),
        )


Location = tuple[int, int]
"""(gold article index, k-gram position in its normalised body)."""


@attrs.frozen
class _GoldIndex:
    """Where each gold body k-gram stands, and the sizes scoring divides by."""

    locations: Mapping[str, Location | None]
    """k-gram → its location, or ``None`` when it occurs more than once in the gold bodies."""
    caption_grams: frozenset[str]
    """Caption k-grams that are not body k-grams."""
    article_sizes: tuple[int, ...]
    """Number of unique (located) k-grams of each gold article."""
    adjacent_pairs: int
    """Number of adjacent pairs of located k-grams in the gold bodies."""

    @property
    def total(self) -> int:
        return sum(self.article_sizes)


def _index_gold(gold: _GoldPage) -> _GoldIndex:
    bodies = [normalize_body(a.paragraphs) for a in gold.articles]
    locations: dict[str, Location | None] = {}
    for gi, body in enumerate(bodies):
        for pos, gram in enumerate(kgrams(body)):
            locations[gram] = None if gram in locations else (gi, pos)
    captions = [c for a in gold.articles for c in a.captions] + list(gold.page_captions)
    caption_grams = {g for c in captions for g in kgrams(normalize(c))} - locations.keys()
    sizes: list[int] = []
    pairs = 0
    for body in bodies:
        located = [locations[g] is not None for g in kgrams(body)]
        sizes.append(sum(located))
        pairs += sum(1 for a, b in itertools.pairwise(located) if a and b)
    return _GoldIndex(locations, frozenset(caption_grams), tuple(sizes), pairs)


# ------------------------------------------------------------------ the output side


@attrs.frozen
class _BodyTally:
    """What the output bodies' k-grams say against the gold index."""

    emitted: int
    """Output k-grams counted (all but those ambiguous in the gold)."""
    gold_hits: int
    """Output k-grams that are gold body k-grams."""
    adjacent_kept: int
    """Output k-gram pairs that continue the same gold article at the next position."""
    times_seen: Mapping[Location, int]
    """How often each gold location was emitted."""
    first_owner: Mapping[Location, int]
    """The output article that first emitted each gold location."""
    caption_hits: frozenset[str]
    """Gold caption k-grams found in output bodies."""


def _tally_bodies(index: _GoldIndex, bodies: Sequence[str]) -> _BodyTally:
    emitted = gold_hits = adjacent = 0
    seen: collections.Counter[Location] = collections.Counter()
    owner: dict[Location, int] = {}
    caption_hits: set[str] = set()
    for pi, body in enumerate(bodies):
        previous: Location | None = None
        for gram in kgrams(body):
            if gram in index.locations and index.locations[gram] is None:
                previous = None
                continue
            emitted += 1
            loc = index.locations.get(gram)
            if loc is not None:
                gold_hits += 1
                seen[loc] += 1
                owner.setdefault(loc, pi)
                if previous is not None and previous[0] == loc[0] and previous[1] + 1 == loc[1]:
                    adjacent += 1
            elif gram in index.caption_grams:
                caption_hits.add(gram)
            previous = loc
    return _BodyTally(emitted, gold_hits, adjacent, seen, owner, frozenset(caption_hits))


def _overlaps(tally: _BodyTally) -> collections.Counter[tuple[int, int]]:
    """(gold article, output article) → number of gold locations first emitted by that output."""
    return collections.Counter((loc[0], pi) for loc, pi in tally.first_owner.items())


def _bcubed(index: _GoldIndex, tally: _BodyTally) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over gold locations; a lost location is its own cluster."""
    total = index.total
    if not total:
        return 1.0, 1.0, 1.0
    cluster_sizes = collections.Counter(tally.first_owner.values())
    precision_sum = recall_sum = 0.0
    for (gi, pi), n in _overlaps(tally).items():
        precision_sum += n * n / cluster_sizes[pi]
        recall_sum += n * n / index.article_sizes[gi]
    precision_sum += total - len(tally.first_owner)
    precision, recall = precision_sum / total, recall_sum / total
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _match_articles(index: _GoldIndex, tally: _BodyTally) -> dict[int, int]:
    """Gold article → the output article holding most of its k-grams (ties: the later one)."""
    best: dict[int, tuple[int, int]] = {}
    for (gi, pi), n in _overlaps(tally).items():
        best[gi] = max(best.get(gi, (n, pi)), (n, pi))
    return {gi: pi for gi, (n, pi) in best.items() if n >= MATCH_SHARE * index.article_sizes[gi]}


def _title_ok(gold: _GoldArticle, out: ArticleLike) -> bool:
    wanted = {normalize(gold.title), *(normalize(t) for t in gold.title_alternates)}
    if gold.kicker:
        wanted.add(normalize(gold.kicker) + normalize(gold.title))
    title = normalize(out.title)
    return title in wanted or normalize(out.kicker) + title in wanted


def _author_counts(gold: _GoldArticle, out: ArticleLike | None) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of author names."""
    wanted = collections.Counter(normalize(a) for a in gold.authors)
    got = collections.Counter(normalize(a) for a in (out.authors or ())) if out is not None else None
    if got is None:
        return 0, 0, len(gold.authors)
    common = sum((wanted & got).values())
    return common, sum(got.values()) - common, sum(wanted.values()) - common


def _nonblank(paragraphs: Iterable[str]) -> list[str]:
    return [p for p in paragraphs if normalize(p)]


@attrs.frozen
class _ParagraphTally:
    exact: int = 0
    total: int = 0
    text_exact: int = 0
    cer_edits: int = 0
    cer_chars: int = 0

    def __add__(self, other: _ParagraphTally) -> _ParagraphTally:
        pairs = zip(attrs.astuple(self), attrs.astuple(other), strict=True)
        return _ParagraphTally(*(a + b for a, b in pairs))


def _clean_text_tally(gold_paras: list[str], out_paras: list[str], strip_quotes: bool) -> _ParagraphTally:
    """text_exact and text_cer counts for one matched article of a clean-text gold page."""

    def plain(text: str) -> str:
        return _QUOTES.sub("", text) if strip_quotes else text

    out_plain = [plain(p) for p in out_paras]
    out_grams = [set(kgrams(normalize(p))) for p in out_paras]
    exact = edits = chars = 0
    for paragraph in gold_paras:
        want = plain(paragraph)
        exact += want in out_plain
        grams = set(kgrams(normalize(paragraph)))
        best, best_j = 0, -1
        for j, candidate in enumerate(out_grams):
            shared = len(grams & candidate)
            if shared > best:
                best, best_j = shared, j
        chars += len(want)
        # no paragraph counts as more than all wrong
        edits += min(len(want), edit_distance(out_plain[best_j], want)) if best_j >= 0 else len(want)
    return _ParagraphTally(text_exact=exact, cer_edits=edits, cer_chars=chars)


def _paragraph_tally(
    gold: _GoldPage, articles: Sequence[ArticleLike], match: Mapping[int, int]
) -> _ParagraphTally:
    tally = _ParagraphTally()
    for gi, gold_article in enumerate(gold.articles):
        gold_paras = _nonblank(gold_article.paragraphs)
        pi = match.get(gi)
        if pi is None:
            lost = sum(len(p) for p in gold_paras) if gold.clean_text else 0
            tally += _ParagraphTally(total=len(gold_paras), cer_edits=lost, cer_chars=lost)
            continue
        out_paras = _nonblank(articles[pi].paragraphs or ())
        out_norm = {normalize(p) for p in out_paras}
        exact = sum(normalize(p) in out_norm for p in gold_paras)
        tally += _ParagraphTally(exact=exact, total=len(gold_paras))
        if gold.clean_text:
            tally += _clean_text_tally(gold_paras, out_paras, gold.quotes_stripped)
    return tally


def _ocr_fixed(gold: _GoldPage, articles: Sequence[ArticleLike]) -> int:
    texts = "\n".join(
        normalize(text) for a in articles for text in (a.title or "", *(a.paragraphs or ()))
    )
    return sum(
        1 for wrong, right in gold.ocr_errors if normalize(right) in texts and normalize(wrong) not in texts
    )


# ------------------------------------------------------------------ results


@attrs.frozen
class Metrics:
    """The metric values of one page or of a whole set (see the module docstring for each)."""

    bcubed_f1: float
    continuity: float
    body_prec: float
    body_recall: float
    dup_residue: float
    cap_leak: float
    title_acc: float
    author_f1: float
    count_err: float
    para_exact: float
    ocr_fixed: float
    text_exact: float | None = None
    """``None`` unless some gold page has ``"clean_text": true``."""
    text_cer: float | None = None
    """``None`` unless some gold page has ``"clean_text": true``."""

    def to_dict(self) -> dict[str, float]:
        """The metrics by name, in the scorer's order, leaving out those that do not apply."""
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}

    def __iter__(self) -> Iterator[tuple[str, float]]:
        return iter(self.to_dict().items())


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / max(1, denominator)


def _f1(tp: int, fp: int, fn: int) -> float:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _error_tuple(errors: Iterable[PageError]) -> tuple[PageError, ...]:
    return tuple(errors)


@attrs.frozen
class PageScore:
    """The counts behind the metrics of one page; :attr:`metrics` gives the page's own values."""

    source: str
    gold_articles: int
    out_articles: int
    gold_chars: int
    """Located gold body k-grams (the body size every share is taken of)."""
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    adjacent_kept: int
    adjacent_pairs: int
    body_emitted: int
    body_gold: int
    body_found: int
    duplicated: int
    caption_leaked: int
    caption_grams: int
    titles_ok: int
    author_tp: int
    author_fp: int
    author_fn: int
    paragraphs_exact: int
    paragraphs_total: int
    text_exact: int
    cer_edits: int
    cer_chars: int
    ocr_fixed: int
    ocr_total: int
    error: str | None = None
    """Why the page has no output: the exception the parser raised (then it is scored as if empty)."""
    page_errors: tuple[PageError, ...] = attrs.field(default=(), converter=_error_tuple)
    """The page's errors (:func:`page_errors`), when :func:`evaluate_dir` was asked for them."""

    @property
    def count_err(self) -> float:
        """|#output - #gold| / #gold articles."""
        return abs(self.out_articles - self.gold_articles) / max(1, self.gold_articles)

    @property
    def metrics(self) -> Metrics:
        """This page's metrics on its own."""
        return _aggregate([self])

    def to_dict(self) -> dict[str, Any]:
        """The counts and the page's metrics as a JSON-ready dict."""
        return {**attrs.asdict(self), "count_err": self.count_err, "metrics": self.metrics.to_dict()}


def _aggregate(pages: Sequence[PageScore]) -> Metrics:
    def total(name: str) -> int:
        return sum(getattr(p, name) for p in pages)

    gold_chars = total("gold_chars")
    cer_chars = total("cer_chars")
    return Metrics(
        bcubed_f1=_ratio(sum(p.bcubed_f1 * p.gold_chars for p in pages), gold_chars),
        continuity=_ratio(total("adjacent_kept"), total("adjacent_pairs")),
        body_prec=_ratio(total("body_gold"), total("body_emitted")),
        body_recall=_ratio(total("body_found"), gold_chars),
        dup_residue=_ratio(total("duplicated"), gold_chars),
        cap_leak=_ratio(total("caption_leaked"), total("caption_grams")),
        title_acc=_ratio(total("titles_ok"), total("gold_articles")),
        author_f1=_f1(total("author_tp"), total("author_fp"), total("author_fn")),
        count_err=_ratio(sum(p.count_err for p in pages), len(pages)),
        para_exact=_ratio(total("paragraphs_exact"), total("paragraphs_total")),
        ocr_fixed=_ratio(total("ocr_fixed"), total("ocr_total")),
        text_exact=_ratio(total("text_exact"), total("paragraphs_total")) if cer_chars else None,
        text_cer=_ratio(total("cer_edits"), cer_chars) if cer_chars else None,
    )


def _score_tuple(scores: Iterable[PageScore]) -> tuple[PageScore, ...]:
    return tuple(scores)


@attrs.frozen
class Report:
    """Scores of a set of pages: the aggregate :attr:`metrics` and each page's :class:`PageScore`."""

    pages: tuple[PageScore, ...] = attrs.field(converter=_score_tuple)
    seconds: float = 0.0
    """Wall time spent parsing and scoring."""

    @property
    def metrics(self) -> Metrics:
        """The metrics over all pages (counts summed before dividing, as the reference scorer)."""
        return _aggregate(self.pages)

    @property
    def errors(self) -> int:
        """Number of pages on which the parser raised an exception."""
        return sum(p.error is not None for p in self.pages)

    @property
    def failed(self) -> tuple[PageScore, ...]:
        """The pages that failed to parse, or gave no article where the gold has some."""
        return tuple(p for p in self.pages if p.error is not None or (p.out_articles == 0 < p.gold_articles))

    def error_summary(self) -> ErrorSummary:
        """The pages' errors counted by kind (empty unless :func:`evaluate_dir` was asked for them)."""
        return summarize_errors((e for p in self.pages for e in p.page_errors), pages=len(self.pages))

    def summary(self) -> dict[str, Any]:
        """The scorer's one-line summary as a dict: page and article counts, metrics, errors, time."""
        return {
            "pages": len(self.pages),
            "gold_articles": sum(p.gold_articles for p in self.pages),
            "out_articles": sum(p.out_articles for p in self.pages),
            **self.metrics.to_dict(),
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
        }

    def summary_line(self) -> str:
        """``name=value`` pairs on one line, floats with three decimals, like the reference scorer."""
        return " ".join(
            f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in self.summary().items()
        )

    def to_dict(self) -> dict[str, Any]:
        """``{"aggregate": summary, "pages": [page counts and metrics…]}``, ready for JSON."""
        return {"aggregate": self.summary(), "pages": [p.to_dict() for p in self.pages]}


# ------------------------------------------------------------------ errors you can read

ERROR_KINDS: tuple[str, ...] = (
    "no_output",
    "merged",
    "split",
    "misplaced",
    "extra_article",
    "title",
    "authors_missed",
    "authors_extra",
    "paragraph_split",
    "paragraphs_joined",
    "caption_leak",
    "byline_in_body",
    "extra_text",
    "lost",
    "duplicated",
    "chars",
)
"""The kinds of :class:`PageError`, in the order they are listed (see ``docs/evaluation.md``)."""

MIN_PIECE = 2
"""A piece of a gold article found in another output article counts from this many k-grams."""
MIN_RUN = 4
"""Body text lost, or foreign text in a body, counts as such from this many characters (shorter
runs are character differences)."""
SMALL_EDIT = 3
"""A difference of at most this many characters on each side, between runs of equal text, is a
character difference (``chars``); a larger one is lost or extra text."""
_ANCHOR = 4
"""Equal characters needed on each side of a small difference for it to count as ``chars``."""
_EXCERPT = 24
_MAX_PLACES = 3
"""A k-gram standing in more places of the dump than this says nothing about which lines are meant."""


def _int_tuple(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(values)


def _decision_tuple(values: Iterable[Decision]) -> tuple[Decision, ...]:
    return tuple(values)


@attrs.frozen
class PageError:
    """One error of an output page against its gold, in words a reader can check.

    ``kind`` is one of :data:`ERROR_KINDS`; ``detail`` refines it (for ``title``: what was
    chosen instead, e.g. ``kicker``, ``subtitle``, ``byline``, ``caption``, ``body``; for
    ``caption_leak``: ``caption`` or ``credit``; for ``lost``: where the text went instead;
    for ``extra_text``: what the text is in the gold). ``gold_article`` and ``out_article``
    are 0-based indexes into the gold articles and the output articles. ``text`` is the gold
    text involved (normalised as for scoring; an excerpt when long) and ``got`` what the output
    has instead; ``lines`` are the 1-based lines of the page dump where that text stands (empty
    when the page text was not given or the text was not found in it).
    """

    kind: str
    source: str = ""
    detail: str = ""
    gold_article: int | None = None
    out_article: int | None = None
    text: str = ""
    got: str = ""
    lines: tuple[int, ...] = attrs.field(default=(), converter=_int_tuple)
    decisions: tuple[Decision, ...] = attrs.field(default=(), converter=_decision_tuple)
    """The parser's recorded decisions (:attr:`zjnews.Page.decisions`) on the same input lines,
    most lines shared first: where to look for the signal that misled it."""

    def describe(self) -> str:
        """One line: kind, detail, articles, the text involved and its input lines."""
        parts = [self.kind + (f" ({self.detail})" if self.detail else "")]
        if self.gold_article is not None:
            parts.append(f"gold[{self.gold_article}]")
        if self.out_article is not None:
            parts.append(f"out[{self.out_article}]")
        if self.text:
            parts.append(f"gold {_quote(self.text)}")
        if self.got:
            parts.append(f"got {_quote(self.got)}")
        if self.lines:
            parts.append(f"lines {_line_ranges(self.lines)}")
        return "  ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            **attrs.asdict(self, filter=lambda a, _: a.name != "decisions"),
            "lines": list(self.lines),
            "decisions": [d.to_dict() for d in self.decisions],
        }


def describe_decision(decision: Decision) -> str:
    """One line about a parser decision, as ``zjnews evaluate --errors`` prints it under an error."""
    evidence = ", ".join(f"{name} {value:+.2f}" for name, value in decision.evidence[:4])
    return (
        f"{decision.kind}: {decision.outcome} (score {decision.score:.2f}"
        + (f"; {evidence}" if evidence else "")
        + f") lines {_line_ranges(decision.lines)}"
    )


def _quote(text: str) -> str:
    return "“" + text + "”"


def _excerpt(text: str, limit: int = _EXCERPT) -> str:
    """``text``, or its beginning and end around an ellipsis when it is longer than ``limit``."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return text[:half] + "…" + text[-half:]


def _line_ranges(lines: Iterable[int]) -> str:
    """``[3, 4, 5, 9]`` → ``3-5,9``."""
    out: list[str] = []
    for _, group in itertools.groupby(enumerate(sorted(set(lines))), key=lambda pair: pair[1] - pair[0]):
        run = [n for _, n in group]
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return ",".join(out)


@attrs.frozen
class ErrorSummary:
    """How many errors of each kind (and of each kind and detail) a set of pages has."""

    kinds: Mapping[str, int]
    """kind → number of errors, in the order of :data:`ERROR_KINDS`."""
    pages: Mapping[str, int]
    """kind → number of pages with at least one error of that kind."""
    details: Mapping[tuple[str, str], int]
    """(kind, detail) → number of errors, for the kinds that have details."""
    page_count: int = 0
    """Pages looked at."""

    def lines(self) -> list[str]:
        """The summary as printed by ``zjnews evaluate --errors``: a line per kind, details below."""
        total = sum(self.kinds.values())
        out = [f"error kinds over {self.page_count} pages: {total} errors"]
        for kind, n in self.kinds.items():
            out.append(f"  {kind:<18} {n:>6}  on {self.pages[kind]} pages")
            details = sorted(
                ((d, m) for (k, d), m in self.details.items() if k == kind), key=lambda dm: (-dm[1], dm[0])
            )
            if details:
                out.append("      " + ", ".join(f"{d} {m}" for d, m in details))
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "pages": self.page_count,
            "kinds": dict(self.kinds),
            "pages_with_kind": dict(self.pages),
            "details": {f"{k}:{d}": n for (k, d), n in self.details.items()},
        }


def summarize_errors(errors: Iterable[PageError], *, pages: int | None = None) -> ErrorSummary:
    """Count ``errors`` by kind, by kind and detail, and the pages each kind occurs on.

    ``pages`` is the number of pages looked at (default: the pages that have an error).
    """
    kinds: collections.Counter[str] = collections.Counter()
    details: collections.Counter[tuple[str, str]] = collections.Counter()
    sources: dict[str, set[str]] = collections.defaultdict(set)
    for error in errors:
        kinds[error.kind] += 1
        sources[error.kind].add(error.source)
        if error.detail:
            details[error.kind, error.detail] += 1
    order = [k for k in ERROR_KINDS if k in kinds] + sorted(k for k in kinds if k not in ERROR_KINDS)
    all_sources = set().union(*sources.values()) if sources else set()
    return ErrorSummary(
        kinds={k: kinds[k] for k in order},
        pages={k: len(sources[k]) for k in order},
        details=dict(details),
        page_count=len(all_sources) if pages is None else pages,
    )


@attrs.frozen
class _InputIndex:
    """Where normalised text stands in the page dump: k-gram → offsets, offset → line."""

    text: str
    starts: tuple[int, ...]
    grams: Mapping[str, tuple[int, ...]]

    @classmethod
    def build(cls, page_text: str | None) -> _InputIndex:
        starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for line in (page_text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            starts.append(offset)
            folded = normalize(line)
            parts.append(folded)
            offset += len(folded)
        text = "".join(parts)
        grams: dict[str, list[int]] = collections.defaultdict(list)
        for i, gram in enumerate(kgrams(text)):
            grams[gram].append(i)
        return cls(text, tuple(starts), {g: tuple(v) for g, v in grams.items()})

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def lines(self, folded: str) -> tuple[int, ...]:
        """1-based lines holding the normalised text ``folded`` (its k-grams, or it whole if short)."""
        if not self.text or not folded:
            return ()
        found: set[int] = set()
        if len(folded) < K:
            at = self.text.find(folded)
            if at >= 0 and self.text.find(folded, at + 1) < 0:
                found.update((self.line_of(at), self.line_of(at + len(folded) - 1)))
            return tuple(sorted(found))
        for gram in kgrams(folded):
            offsets = self.grams.get(gram, ())
            if len(offsets) <= _MAX_PLACES:  # a duplicated line stands in two places, both shown
                for offset in offsets:
                    found.update((self.line_of(offset), self.line_of(offset + K - 1)))
        return tuple(sorted(found))


@attrs.frozen
class _Place:
    """Output text outside the bodies (a title, a caption, a removal…), to say where lost text went."""

    label: str
    article: int | None
    text: str
    grams: frozenset[str]


def _places(articles: Sequence[ArticleLike], page: object) -> list[_Place]:
    places: list[tuple[str, int | None, str]] = []
    for pi, article in enumerate(articles):
        for field in ("title", "kicker", "subtitle", "column", "byline"):
            value = getattr(article, field, None)
            if isinstance(value, str) and value:
                places.append((field, pi, value))
        for caption in getattr(article, "captions", ()) or ():
            places.append(("caption", pi, str(caption)))
    for caption in getattr(page, "captions", ()) or ():
        places.append(("page caption", None, str(caption)))
    for duplicate in getattr(page, "duplicates", ()) or ():
        places.append(("removed as duplicate", None, str(getattr(duplicate, "text", duplicate))))
    for removal in getattr(page, "removed", ()) or ():
        reason = getattr(removal, "reason", "")
        label = f"removed ({reason})" if reason else "removed"
        places.append((label, None, str(getattr(removal, "text", removal))))
    out = []
    for label, owner, text in places:
        folded = normalize(text)
        out.append(_Place(label, owner, folded, frozenset(kgrams(folded))))
    return out


def _went_to(folded: str, places: Sequence[_Place]) -> _Place | None:
    """The place outside the bodies holding most of the lost normalised text ``folded``, if any."""
    grams = set(kgrams(folded))
    best, found = 0.0, None
    for place in places:
        share = len(grams & place.grams) / len(grams) if grams else float(folded in place.text)
        if share > best:
            best, found = share, place
    return found if best >= 0.5 else None


def _runs(flags: Sequence[bool], value: bool) -> Iterator[tuple[int, int]]:
    """Maximal ``[start, end)`` runs of ``flags`` equal to ``value``."""
    start: int | None = None
    for i, flag in enumerate([*flags, not value]):
        if flag == value and start is None:
            start = i
        elif flag != value and start is not None:
            yield start, i
            start = None


def _position_runs(positions: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Runs of consecutive integers in the sorted ``positions``, as (first, last)."""
    for _, group in itertools.groupby(enumerate(positions), key=lambda pair: pair[1] - pair[0]):
        run = [p for _, p in group]
        yield run[0], run[-1]


def _gold_fields(article: _GoldArticle) -> list[tuple[str, str]]:
    fields = [
        ("kicker", article.kicker),
        ("subtitle", article.subtitle),
        ("column", article.column),
        ("byline", article.byline),
    ]
    return [(name, normalize(value)) for name, value in fields if normalize(value)]


def _classify_title(got: str, gold: _GoldPage, gi: int) -> str:
    """What the wrong (normalised) output title of gold article ``gi`` is in the gold."""
    if not got:
        return "none"
    article = gold.articles[gi]
    fields = _gold_fields(article)
    for name, value in fields:
        if value == got:
            return name
    title = normalize(article.title)
    if title and title in got:
        return "title with more text"
    if title and got in title:
        return "part of the title"
    for name, value in fields:
        if got in value or value in got:
            return name
    for gj, other in enumerate(gold.articles):
        headline = {normalize(other.title), normalize(other.kicker), normalize(other.subtitle)}
        if gj != gi and got in headline:
            return "another article's headline"
    if _caption_part(got, gold):
        return "caption"
    if any(got in normalize(p) for a in gold.articles for p in a.paragraphs):
        return "body"
    return "other"


def _what_extra(folded: str, gold: _GoldPage) -> str:
    """What ``folded`` (normalised text in an output body that is no gold body text) is in the gold."""
    for article in gold.articles:
        for name, value in [("title", normalize(article.title)), *_gold_fields(article)]:
            if folded in value or (len(value) >= MIN_RUN and value in folded):
                return name
    if any(folded in normalize(d) for d in gold.duplicates):
        return "duplicate"
    if any(folded in normalize(p) for a in gold.articles for p in a.paragraphs):
        return "body"  # gold body text kept where it is no body (a headline-only article)
    return "other"


def _caption_part(folded: str, gold: _GoldPage) -> str | None:
    """``caption`` or ``credit`` when ``folded`` is part of a gold caption, else ``None``.

    A gold caption is the caption line and its credit line joined with one space: text after
    the first space is the credit (a credit has spaces of its own: ``本报记者 X 摄``).
    """
    if not folded:
        return None
    for caption in [c for a in gold.articles for c in a.captions] + list(gold.page_captions):
        if folded in normalize(caption):
            tail = caption.strip().partition(" ")[2]
            return "credit" if tail and folded in normalize(tail) else "caption"
    return None


@attrs.frozen
class _Analysis:
    """What the error finders share about one page."""

    gold: _GoldPage
    articles: Sequence[ArticleLike]
    index: _GoldIndex
    gold_bodies: Sequence[str]
    out_bodies: Sequence[str]
    where: _InputIndex
    home: Mapping[int, int]
    """gold article → the output article holding most of its body k-grams."""
    owner: Mapping[int, int]
    """output article → the gold article whose title it carries (and some of its text), else the one
    most of its gold body k-grams come from."""
    pieces: Mapping[tuple[int, int], Sequence[int]]
    """(gold article, output article) → the gold positions first emitted by that output article."""
    emitters: Mapping[Location, Sequence[int]]
    """gold location → the output articles emitting it, once per emission."""

    def error(self, kind: str, **fields: Any) -> PageError:
        return PageError(kind, self.gold.source, **fields)

    @property
    def pairs(self) -> dict[int, int]:
        """gold article → output article, where each is the other's main counterpart."""
        return {gi: pi for gi, pi in self.home.items() if self.owner.get(pi) == gi}


def _analyse(gold: _GoldPage, articles: Sequence[ArticleLike], page_text: str | None) -> _Analysis:
    index = _index_gold(gold)
    gold_bodies = [normalize_body(a.paragraphs) for a in gold.articles]
    out_bodies = [normalize_body(a.paragraphs or ()) for a in articles]
    emitters: dict[Location, list[int]] = collections.defaultdict(list)
    first: dict[Location, int] = {}
    for pi, body in enumerate(out_bodies):
        for gram in kgrams(body):
            loc = index.locations.get(gram)
            if loc is not None:
                emitters[loc].append(pi)
                first.setdefault(loc, pi)
    pieces: dict[tuple[int, int], list[int]] = collections.defaultdict(list)
    for (gi, pos), pi in first.items():
        pieces[gi, pi].append(pos)
    best_home: dict[int, tuple[int, int]] = {}
    best_owner: dict[int, tuple[int, int]] = {}
    for (gi, pi), positions in pieces.items():
        n = len(positions)
        best_home[gi] = max(best_home.get(gi, (n, pi)), (n, pi))
        best_owner[pi] = max(best_owner.get(pi, (n, -gi)), (n, -gi))  # ties: the earlier gold article
    owner = {pi: -gi for pi, (n, gi) in best_owner.items() if n >= MIN_PIECE}
    # an output article that carries a gold article's title, and some of its text, is that article's
    for (gi, pi), positions in pieces.items():
        if len(positions) >= MIN_PIECE and _title_ok(gold.articles[gi], articles[pi]):
            held = len(pieces.get((owner.get(pi, -1), pi), ()))
            if not _title_ok(gold.articles[owner.get(pi, gi)], articles[pi]) or len(positions) > held:
                owner[pi] = gi
    return _Analysis(
        gold=gold,
        articles=articles,
        index=index,
        gold_bodies=gold_bodies,
        out_bodies=out_bodies,
        where=_InputIndex.build(page_text),
        home={gi: pi for gi, (_, pi) in best_home.items()},
        owner=owner,
        pieces={k: sorted(v) for k, v in pieces.items()},
        emitters=emitters,
    )


def _article_errors(an: _Analysis) -> Iterator[PageError]:
    """merged, split, misplaced and extra_article."""
    for (gi, pi), positions in sorted(an.pieces.items()):
        if len(positions) < MIN_PIECE or (an.home[gi] == pi and an.owner.get(pi) == gi):
            continue
        body = an.gold_bodies[gi]
        texts: list[str] = []
        lines: set[int] = set()
        for start, last in _position_runs(positions):
            piece = body[start : last + K]
            texts.append(_excerpt(piece))
            lines.update(an.where.lines(piece))
        text = " … ".join(texts[:3]) + (" …" if len(texts) > 3 else "")
        host = an.owner.get(pi)
        if an.home[gi] == pi:
            # the gold article's body went mostly into an output article that is another's
            title = normalize(an.gold.articles[gi].title)
            got = _excerpt(normalize(an.articles[pi].title) or an.out_bodies[pi])
            got = f"out[{pi}] {_quote(got)}, the article of gold[{host}]"
            yield an.error("merged", gold_article=gi, out_article=pi, text=_excerpt(title or body), got=got,
                           lines=tuple(sorted(lines)))
        elif host == gi:
            got = f"an article of its own, the rest in out[{an.home[gi]}]"
            yield an.error("split", gold_article=gi, out_article=pi, text=text, got=got,
                           lines=tuple(sorted(lines)))
        else:
            got = "in an article of no gold article" if host is None else f"inside the article of gold[{host}]"
            yield an.error("misplaced", gold_article=gi, out_article=pi, text=text, got=got,
                           lines=tuple(sorted(lines)))
    for pi, article in enumerate(an.articles):
        if pi in an.owner:
            continue
        folded = an.out_bodies[pi] or normalize(article.title)
        kind = _caption_part(folded, an.gold) if folded else None
        detail = kind or (_what_extra(folded, an.gold) if folded else "empty")
        if not an.out_bodies[pi] and folded:
            detail = f"headline only: {detail}"
        yield an.error("extra_article", out_article=pi, got=_excerpt(folded), detail=detail,
                       lines=an.where.lines(folded))


def _headline_errors(an: _Analysis) -> Iterator[PageError]:
    """title, authors_missed and authors_extra, for each gold article and its output counterpart."""
    for gi, pi in sorted(an.pairs.items()):
        gold, out = an.gold.articles[gi], an.articles[pi]
        if not _title_ok(gold, out):
            got = normalize(out.title)
            want = normalize(gold.title)
            yield an.error("title", gold_article=gi, out_article=pi, detail=_classify_title(got, an.gold, gi),
                           text=want, got=(normalize(out.kicker) + " | " if out.kicker else "") + got,
                           lines=tuple(sorted({*an.where.lines(want), *an.where.lines(got)})))
        wanted = collections.Counter(normalize(a) for a in gold.authors)
        found = collections.Counter(normalize(a) for a in (out.authors or ()))
        missed, extra = wanted - found, found - wanted
        if missed:
            names = list(missed.elements())
            raw_body = "".join(normalize(p) for p in out.paragraphs or ())
            if not found and any(n in raw_body for n in names):
                detail = "byline left in body"
            elif not found:
                detail = "byline without names" if getattr(out, "byline", None) else "no author found"
            else:
                detail = "others found instead" if extra else "some found"
            lines = {n for name in names for n in an.where.lines(name)}
            yield an.error("authors_missed", gold_article=gi, out_article=pi, detail=detail,
                           text="、".join(names), lines=tuple(sorted(lines)))
        if extra:
            names = list(extra.elements())
            others = {normalize(a) for gj, g in enumerate(an.gold.articles) if gj != gi for a in g.authors}
            detail = "another article's author" if all(n in others for n in names) else "not a gold author"
            lines = {n for name in names for n in an.where.lines(name)}
            yield an.error("authors_extra", gold_article=gi, out_article=pi, detail=detail,
                           got="、".join(names), lines=tuple(sorted(lines)))


def _body_text_errors(an: _Analysis, places: Sequence[_Place]) -> Iterator[PageError]:
    """caption_leak, extra_text and byline_in_body in output bodies; lost and duplicated gold text.

    Output body characters in no gold body k-gram are foreign text; gold body characters in no
    output body k-gram are lost. A foreign run and a lost run that read nearly alike (in the
    same article, or anchored between the same gold text) are one misreading: ``chars``.
    """
    known = an.index.locations
    ocr = _ocr_pairs(an.gold)
    all_out: set[str] = set()
    substituted: dict[int, list[tuple[int, int]]] = collections.defaultdict(list)
    foreign: list[tuple[int, int, int]] = []  # (output article, start, end) of runs not yet explained
    for pi, body in enumerate(an.out_bodies):
        grams = kgrams(body)
        all_out.update(grams)
        covered = [False] * len(body)
        for j, gram in enumerate(grams):
            if gram in known:
                covered[j : j + K] = [True] * K
        for a, b in _runs(covered, False):
            run = body[a:b]
            part = _caption_part(run, an.gold) if b - a >= MIN_RUN or _whole_caption(run, an.gold) else None
            if part:
                yield an.error("caption_leak", out_article=pi, detail=part, got=_excerpt(run),
                               gold_article=an.owner.get(pi), lines=an.where.lines(run))
                continue
            left = known.get(grams[a - K]) if a >= K else None
            right = known.get(grams[b]) if b < len(grams) else None
            if left is not None and right is not None and left[0] == right[0] and left[1] + K <= right[1]:
                gap = an.gold_bodies[left[0]][left[1] + K : right[1]]
                if gap and abs(len(gap) - (b - a)) <= 2 and len(gap) <= 2 * MIN_RUN:
                    substituted[left[0]].append((left[1] + K, right[1]))
                    detail = _char_detail(an, gap, run, ocr, (gap, run))
                    # in an article and its counterpart, the aligned paragraphs report the characters
                    if b - a >= MIN_RUN and detail and an.pairs.get(left[0]) != pi:
                        yield an.error("chars", gold_article=left[0], out_article=pi, detail=detail,
                                       text=gap, got=run, lines=an.where.lines(run))
                    continue
            foreign.append((pi, a, b))
    lost: list[tuple[int, int, int]] = []
    for gi, body in enumerate(an.gold_bodies):
        if len(body) < K:
            continue
        covered = [False] * len(body)
        for j, gram in enumerate(kgrams(body)):
            if gram in all_out:
                covered[j : j + K] = [True] * K
        for start, end in substituted[gi]:
            covered[start:end] = [True] * (end - start)
        lost.extend((gi, a, b) for a, b in _runs(covered, False))
    paired_out: set[tuple[int, int, int]] = set()
    paired_gold: set[tuple[int, int, int]] = set()
    for out_run in foreign:
        pi, a, b = out_run
        got = an.out_bodies[pi][a:b]
        for gold_run in lost:
            gi, c, d = gold_run
            if gold_run in paired_gold or an.home.get(gi) != pi:
                continue
            want = an.gold_bodies[gi][c:d]
            if edit_distance(want, got) <= max(1, min(len(want), len(got)) // 3):
                paired_out.add(out_run)
                paired_gold.add(gold_run)
                detail = _char_detail(an, want, got, ocr, (want, got))
                if detail and max(d - c, b - a) >= MIN_RUN and an.pairs.get(gi) != pi:
                    yield an.error("chars", gold_article=gi, out_article=pi, detail=detail,
                                   text=want, got=got, lines=an.where.lines(got))
                break
    for out_run in foreign:
        pi, a, b = out_run
        if out_run not in paired_out and b - a >= MIN_RUN:
            run = an.out_bodies[pi][a:b]
            yield an.error("extra_text", out_article=pi, gold_article=an.owner.get(pi),
                           detail=_what_extra(run, an.gold), got=_excerpt(run), lines=an.where.lines(run))
    for gold_run in lost:
        gi, a, b = gold_run
        if gold_run in paired_gold or b - a < MIN_RUN:
            continue
        run = an.gold_bodies[gi][a:b]
        place = _went_to(run, places)
        detail = "nowhere" if place is None else place.label
        yield an.error("lost", gold_article=gi, detail=detail, text=_excerpt(run),
                       out_article=None if place is None else place.article, lines=an.where.lines(run))
    twice = sorted(loc for loc, who in an.emitters.items() if len(who) > 1)
    for gi, group in itertools.groupby(twice, key=lambda loc: loc[0]):
        positions = [pos for _, pos in group]
        for start, last in _position_runs(positions):
            run = an.gold_bodies[gi][start : last + K]
            who = sorted(set(an.emitters[gi, start]))
            yield an.error("duplicated", gold_article=gi, text=_excerpt(run),
                           got="in " + ", ".join(f"out[{pi}]" for pi in who), lines=an.where.lines(run))
    for gi, pi in sorted(an.pairs.items()):
        raw = "".join(normalize(p) for p in an.articles[pi].paragraphs or ())
        gold_raw = "".join(normalize(p) for p in an.gold.articles[gi].paragraphs)
        for match in (_LEADING_DATELINE.match(raw), _TRAILING_BYLINE.search(raw)):
            if match and match.group(0) not in gold_raw and len(match.group(0)) <= 2 * _TRAILING_BYLINE_MAX:
                yield an.error("byline_in_body", gold_article=gi, out_article=pi, got=match.group(0),
                               lines=an.where.lines(match.group(0)))


def _whole_caption(folded: str, gold: _GoldPage) -> bool:
    """Whether ``folded`` is a whole gold caption or credit (a short one: a headshot name, ``X摄``)."""
    for caption in [c for a in gold.articles for c in a.captions] + list(gold.page_captions):
        if folded == normalize(caption) or folded == normalize(caption.strip().partition(" ")[2]):
            return True
    return False


@attrs.frozen
class _Joined:
    """Paragraphs joined into one string, with where each paragraph starts."""

    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, paragraphs: Sequence[str]) -> _Joined:
        starts = list(itertools.accumulate((len(p) for p in paragraphs[:-1]), initial=0))
        return cls("".join(paragraphs), tuple(starts))

    def paragraph_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1


def _opcodes(a: str, b: str) -> Sequence[tuple[str, int, int, int, int]]:
    """How to turn ``a`` into ``b``: difflib's opcodes (tag, a start, a end, b start, b end),
    without its junk heuristic (which would treat common characters as noise)."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def _aligned(gold: str, out: str) -> tuple[list[int], list[int], list[tuple[int, int, int, int]]]:
    """Character maps gold → output and output → gold (-1: unmatched) and the non-equal spans."""
    to_out = [-1] * len(gold)
    to_gold = [-1] * len(out)
    spans: list[tuple[int, int, int, int]] = []
    for tag, src_start, src_end, dest_start, dest_end in _opcodes(gold, out):
        if tag == "equal":
            for k in range(src_end - src_start):
                to_out[src_start + k] = dest_start + k
                to_gold[dest_start + k] = src_start + k
        else:
            spans.append((src_start, src_end, dest_start, dest_end))
    _slide_left(to_out, to_gold, gold, out)
    _slide_left(to_gold, to_out, out, gold)
    return to_out, to_gold, spans


def _slide_left(forward: list[int], backward: list[int], a: str, b: str) -> None:
    """Move each match of ``a`` to ``b`` as far left as it can go across a gap of unmatched ``b``.

    Where text was inserted next to a character equal to its own last one (``来回。`` + an inserted
    block ending in ``。``), an edit-distance alignment may match either; matching the left one
    keeps the inserted block whole, so a paragraph break at its edge is not read as a cut.
    """
    for i in range(1, len(forward)):
        previous, current = forward[i - 1], forward[i]
        if previous >= 0 and current > previous + 1 and backward[previous + 1] < 0 and b[previous + 1] == a[i]:
            backward[current] = -1
            backward[previous + 1] = i
            forward[i] = previous + 1


def _lines_between(where: _InputIndex, text: str, start: int, end: int) -> tuple[int, ...]:
    return where.lines(normalize(text[max(0, start) : end]))


def _nearest(mapping: Sequence[int], start: int, stop: int, step: int) -> int:
    """The first index from ``start`` towards ``stop`` (exclusive) that is mapped, or -1."""
    for i in range(start, stop, step):
        if mapping[i] >= 0:
            return i
    return -1


def _paragraph_errors(an: _Analysis) -> Iterator[PageError]:
    """paragraph_split, paragraphs_joined and chars, from aligning each gold article with its output."""
    clean = an.gold.clean_text

    def form(text: str) -> str:
        if not clean:
            return normalize(text)
        return _QUOTES.sub("", text) if an.gold.quotes_stripped else text

    for gi, pi in sorted(an.pairs.items()):
        gold = _Joined.of([form(p) for p in _nonblank(an.gold.articles[gi].paragraphs)])
        out = _Joined.of([form(p) for p in _nonblank(an.articles[pi].paragraphs or ())])
        if not gold.text or not out.text:
            continue
        to_out, to_gold, spans = _aligned(gold.text, out.text)
        g, o = gold.text, out.text

        where = functools.partial(_lines_between, an.where, g)

        for x in gold.starts[1:]:
            left = _nearest(to_out, x - 1, gold.starts[gold.paragraph_at(x - 1)] - 1, -1)
            right = _nearest(to_out, x, min(len(g), x + 2 * K), 1)
            if left < 0 or right < 0 or to_out[left] >= to_out[right]:
                continue
            if out.paragraph_at(to_out[left]) == out.paragraph_at(to_out[right]):
                yield an.error("paragraphs_joined", gold_article=gi, out_article=pi,
                               text=g[max(0, x - 10) : x] + "‖" + g[x : x + 10], lines=where(x - 8, x + 8))
        seen: set[tuple[int, int]] = set()
        for y in out.starts[1:]:
            left = _nearest(to_gold, y - 1, -1, -1)
            right = _nearest(to_gold, y, len(o), 1)
            if left < 0 or right < 0:
                continue
            u, v = to_gold[left], to_gold[right]
            if u >= v or (u, v) in seen or gold.paragraph_at(u) != gold.paragraph_at(v):
                continue
            seen.add((u, v))
            yield an.error("paragraph_split", gold_article=gi, out_article=pi,
                           text=g[max(0, v - 10) : v] + "‖" + g[v : v + 10], lines=where(v - 8, v + 8))
        yield from _char_errors(an, gi, pi, g, o, spans, where)


def _ocr_pairs(gold: _GoldPage) -> set[tuple[str, str]]:
    """(right, wrong) character pairs of the gold's recorded OCR errors, normalised."""
    pairs: set[tuple[str, str]] = set()
    for wrong, right in gold.ocr_errors:
        w, r = normalize(wrong), normalize(right)
        for tag, src_start, src_end, dest_start, dest_end in _opcodes(r, w):
            if tag != "equal":
                pairs.add((r[src_start:src_end], w[dest_start:dest_end]))
    return pairs


def _char_detail(an: _Analysis, want: str, got: str, ocr: set[tuple[str, str]], context: tuple[str, str]) -> str | None:
    """What a small difference between gold text ``want`` and output text ``got`` is.

    ``spaces``; ``form`` (width, quote marks or script: equal once normalised); ``OCR error
    kept`` (one the gold records); ``dropped`` or ``inserted`` (characters missing from the
    output, or added to it); for another character, ``misreading kept`` when the dump has
    the output's form around it (``context``: gold and output text with a little on each side),
    ``introduced`` when the dump has the gold's (a repair made it), else ``text``. ``None`` when
    the gold keeps the dump's misreading and the output repaired it: no error.
    """
    if not want.strip() and not got.strip():
        return "spaces"
    w, o = normalize(want), normalize(got)
    differences = {
        (w[src_start:src_end], o[dest_start:dest_end])
        for tag, src_start, src_end, dest_start, dest_end in _opcodes(w, o)
        if tag != "equal"
    }
    if not differences:
        return "form"
    if differences <= ocr:
        return "OCR error kept"
    if {(b, a) for a, b in differences} <= ocr:
        return None
    if not o or not w:
        return "dropped" if not o else "inserted"
    dump = an.where.text
    around_gold, around_out = normalize(context[0]), normalize(context[1])
    # the widest context that is found in the dump in one form and not the other
    for trim in range(0, max(1, min(len(around_gold), len(around_out)) // 2)):
        gold_side = around_gold[trim : len(around_gold) - trim]
        out_side = around_out[trim : len(around_out) - trim]
        if not dump or gold_side == out_side or not gold_side or not out_side:
            break
        if out_side in dump and gold_side not in dump:
            return "misreading kept"
        if gold_side in dump and out_side not in dump:
            return "introduced"
    return "text"


def _char_errors(
    an: _Analysis,
    gi: int,
    pi: int,
    g: str,
    o: str,
    spans: Sequence[tuple[int, int, int, int]],
    where: Callable[[int, int], tuple[int, ...]],
) -> Iterator[PageError]:
    """Small differences between runs of equal text: characters that differ from the gold."""
    ocr = _ocr_pairs(an.gold)
    clusters: list[list[tuple[int, int, int, int]]] = []
    for span in spans:
        if clusters and span[0] - clusters[-1][-1][1] < _ANCHOR and span[2] - clusters[-1][-1][3] < _ANCHOR:
            clusters[-1].append(span)
        else:
            clusters.append([span])
    for cluster in clusters:
        g0, g1, o0, o1 = cluster[0][0], cluster[-1][1], cluster[0][2], cluster[-1][3]
        if g0 < _ANCHOR or o0 < _ANCHOR or len(g) - g1 < _ANCHOR or len(o) - o1 < _ANCHOR:
            continue  # an article's first or last characters: a byline or lost text, not a misreading
        if g1 - g0 > 2 * SMALL_EDIT or o1 - o0 > 2 * SMALL_EDIT:
            continue  # lost or extra text, reported from the k-grams
        want, got = g[g0:g1], o[o0:o1]
        if normalize(want) != normalize(got) and max(len(normalize(want)), len(normalize(got))) >= MIN_RUN:
            continue  # reported from the k-grams
        detail = _char_detail(an, want, got, ocr, (g[g0 - 3 : g1 + 3], o[o0 - 3 : o1 + 3]))
        if detail is None:
            continue  # the gold keeps the page's misreading; the output repaired it
        lines = {*where(g0 - 4, g1 + 4), *_lines_between(an.where, o, o0 - 4, o1 + 4)}
        yield an.error("chars", gold_article=gi, out_article=pi, detail=detail,
                       text=g[g0 - 3 : g0] + "[" + want + "]" + g[g1 : g1 + 3],
                       got=o[o0 - 3 : o0] + "[" + got + "]" + o[o1 : o1 + 3], lines=tuple(sorted(lines)))


def page_errors(
    gold: Mapping[str, Any],
    articles: Sequence[ArticleLike],
    *,
    page_text: str | None = None,
    error: str | None = None,
) -> list[PageError]:
    """The errors of the ``articles`` a parser produced for one page, against its ``gold`` dict.

    ``articles`` is a :class:`zjnews.Page` (its captions, duplicates and removals then tell
    where lost text went) or any sequence of article-like objects. ``page_text`` is the page
    dump; when given, each error carries the lines of the dump its text stands on. ``error``
    is the exception the parser raised, if any: the page then has one ``no_output`` error.
    The errors come grouped by kind in the order of :data:`ERROR_KINDS`.
    """
    page = _GoldPage.from_mapping(gold)
    articles = list(articles) if not hasattr(articles, "articles") else articles
    if error is not None or not len(articles):
        return [PageError("no_output", page.source, detail="parse failed" if error else "no article",
                          got=error or "")]
    an = _analyse(page, list(articles), page_text)
    found = [
        *_article_errors(an),
        *_headline_errors(an),
        *_paragraph_errors(an),
        *_body_text_errors(an, _places(an.articles, articles)),
    ]
    rank = {kind: i for i, kind in enumerate(ERROR_KINDS)}
    found = [_with_decisions(e, getattr(articles, "decisions", ()) or ()) for e in found]
    return sorted(found, key=lambda e: rank.get(e.kind, len(rank)))


_MAX_DECISIONS = 3


def _with_decisions(error: PageError, decisions: Sequence[Decision]) -> PageError:
    """``error`` with the (at most three) decisions that share the most input lines with it."""
    if not error.lines or not decisions:
        return error
    lines = set(error.lines)
    shared = [(len(lines.intersection(d.lines)), i) for i, d in enumerate(decisions)]
    best = sorted((pair for pair in shared if pair[0]), key=lambda pair: (-pair[0], pair[1]))[:_MAX_DECISIONS]
    return attrs.evolve(error, decisions=tuple(decisions[i] for _, i in best)) if best else error


# ------------------------------------------------------------------ entry points


def evaluate_page(
    gold: Mapping[str, Any], articles: Sequence[ArticleLike], *, error: str | None = None
) -> PageScore:
    """Score the ``articles`` a parser produced for one page against that page's ``gold`` dict.

    ``articles`` may be a :class:`zjnews.Page` or any sequence of objects with ``title``,
    ``kicker``, ``authors`` and ``paragraphs``. ``error`` records why the output is empty, if so.
    """
    page = _GoldPage.from_mapping(gold)
    articles = list(articles)
    index = _index_gold(page)
    tally = _tally_bodies(index, [normalize_body(a.paragraphs or ()) for a in articles])
    precision, recall, f1 = _bcubed(index, tally)
    match = _match_articles(index, tally)
    titles_ok = sum(_title_ok(g, articles[match[gi]]) for gi, g in enumerate(page.articles) if gi in match)
    tp = fp = fn = 0
    for gi, gold_article in enumerate(page.articles):
        a_tp, a_fp, a_fn = _author_counts(gold_article, articles[match[gi]] if gi in match else None)
        tp, fp, fn = tp + a_tp, fp + a_fp, fn + a_fn
    paragraphs = _paragraph_tally(page, articles, match)
    return PageScore(
        source=page.source,
        gold_articles=len(page.articles),
        out_articles=len(articles),
        gold_chars=index.total,
        bcubed_precision=precision,
        bcubed_recall=recall,
        bcubed_f1=f1,
        adjacent_kept=tally.adjacent_kept,
        adjacent_pairs=index.adjacent_pairs,
        body_emitted=tally.emitted,
        body_gold=tally.gold_hits,
        body_found=len(tally.first_owner),
        duplicated=sum(1 for n in tally.times_seen.values() if n > 1),
        caption_leaked=len(tally.caption_hits),
        caption_grams=len(index.caption_grams),
        titles_ok=titles_ok,
        author_tp=tp,
        author_fp=fp,
        author_fn=fn,
        paragraphs_exact=paragraphs.exact,
        paragraphs_total=paragraphs.total,
        text_exact=paragraphs.text_exact,
        cer_edits=paragraphs.cer_edits,
        cer_chars=paragraphs.cer_chars,
        ocr_fixed=_ocr_fixed(page, articles),
        ocr_total=len(page.ocr_errors),
        error=error,
    )


def _default_parse(path: Path) -> Sequence[ArticleLike]:
    from . import parse_file

    return parse_file(path)


def evaluate_dir(
    pages_dir: str | Path,
    gold_dir: str | Path,
    *,
    parse: Callable[[Path], Iterable[ArticleLike]] = _default_parse,
    errors: bool = False,
    on_page: Callable[[PageScore], None] | None = None,
) -> Report:
    """Parse the page named by each ``*.gold.json`` in ``gold_dir`` (found in ``pages_dir``); score it.

    ``parse`` defaults to :func:`zjnews.parse_file`. A page on which ``parse`` raises (a page
    file that is missing, too) is scored as an empty output and its exception recorded in
    :attr:`PageScore.error`. With ``errors``, each page's :func:`page_errors` are found too,
    with the lines of the page dump they stand on. ``on_page`` is called with each page's score
    as soon as it is ready.
    """
    started = time.perf_counter()
    scores: list[PageScore] = []
    for gold_path in sorted(Path(gold_dir).glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        page_path = Path(pages_dir) / gold["source"]
        error: str | None = None
        articles: Sequence[ArticleLike]
        try:
            result = parse(page_path)
            # a Page is kept as it is: its captions and removals say where lost text went
            articles = result if isinstance(result, Sequence) else list(result)
        except Exception as exc:  # a failing page counts as empty output, as in the reference scorer
            error = f"{type(exc).__name__}: {exc}"
            articles = []
        score = evaluate_page(gold, list(articles), error=error)
        if errors:
            found = page_errors(gold, articles, page_text=_read_page(page_path), error=error)
            score = attrs.evolve(score, page_errors=found)
        scores.append(score)
        if on_page is not None:
            on_page(score)
    return Report(scores, seconds=time.perf_counter() - started)


def _read_page(path: Path) -> str | None:
    from .decode import decode_bytes

    try:
        return decode_bytes(path.read_bytes())
    except Exception:  # the page's lines are a help for reading errors, not needed for them
        return None


def page_line(score: PageScore) -> str:
    """One line about a page's scores (``zjnews evaluate --verbose``)."""
    m = score.metrics
    return (
        f"{score.source}: f1={m.bcubed_f1:.3f} cont={m.continuity:.3f} "
        f"arts {score.out_articles}/{score.gold_articles} titles {score.titles_ok}/{score.gold_articles}"
        + (f" ERROR {score.error}" if score.error else "")
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m zjnews.evaluate …``: the same as ``zjnews evaluate …``; returns the exit status."""
    from .cli import main as cli_main

    return cli_main(["evaluate", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
