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

import argparse
import collections
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
from rapidfuzz.distance import Levenshtein

__all__ = [
    "HIGHER_IS_BETTER",
    "LOWER_IS_BETTER",
    "ArticleLike",
    "K",
    "Metrics",
    "PageScore",
    "Report",
    "edit_distance",
    "evaluate_dir",
    "evaluate_page",
    "kgrams",
    "main",
    "normalize",
    "normalize_body",
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
    """Levenshtein distance (insertions, deletions, substitutions) of two strings, by rapidfuzz."""
    return int(Levenshtein.distance(a, b))


# ------------------------------------------------------------------ the gold side


@attrs.frozen
class _GoldArticle:
    title: str | None
    title_alternates: tuple[str, ...]
    kicker: str | None
    authors: tuple[str, ...]
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> _GoldArticle:
        return cls(
            title=data.get("title"),
            title_alternates=tuple(data.get("title_alternates") or ()),
            kicker=data.get("kicker"),
            authors=tuple(data.get("authors") or ()),
            paragraphs=tuple(data.get("paragraphs") or ()),
            captions=tuple(data.get("captions") or ()),
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

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> _GoldPage:
        return cls(
            source=str(data.get("source", "")),
            articles=tuple(_GoldArticle.from_mapping(a) for a in data.get("articles") or ()),
            page_captions=tuple(data.get("page_captions") or ()),
            ocr_errors=tuple((e["wrong"], e["right"]) for e in data.get("ocr_errors") or ()),
            clean_text=bool(data.get("clean_text")),
            quotes_stripped=bool(data.get("quotes_stripped")),
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
    """The exception the parser raised on this page (then it is scored as if empty)."""

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
) -> Report:
    """Parse the page named by each ``*.gold.json`` in ``gold_dir`` (found in ``pages_dir``); score it.

    ``parse`` defaults to :func:`zjnews.parse_file`. A page on which ``parse`` raises is scored
    as an empty output and its exception recorded in :attr:`PageScore.error`.
    """
    started = time.perf_counter()
    scores: list[PageScore] = []
    for gold_path in sorted(Path(gold_dir).glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        page_path = Path(pages_dir) / gold["source"]
        error: str | None = None
        try:
            articles: Sequence[ArticleLike] = list(parse(page_path))
        except Exception as exc:  # a failing page counts as empty output, as in the reference scorer
            error = f"{type(exc).__name__}: {exc}"
            articles = []
        scores.append(evaluate_page(gold, articles, error=error))
    return Report(scores, seconds=time.perf_counter() - started)


def _page_line(score: PageScore) -> str:
    m = score.metrics
    return (
        f"{score.source}: f1={m.bcubed_f1:.3f} cont={m.continuity:.3f} "
        f"arts {score.out_articles}/{score.gold_articles} titles {score.titles_ok}/{score.gold_articles}"
        + (f" ERROR {score.error}" if score.error else "")
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m zjnews.evaluate --pages DIR --gold DIR [--json OUT] [--verbose]``.

    Prints the summary line (and with ``--verbose`` one line per page first); ``--json``
    writes :meth:`Report.to_dict` to a file. Returns 0, or 2 when ``--gold`` holds no gold file.
    """
    parser = argparse.ArgumentParser(
        prog="python -m zjnews.evaluate", description="Score zjnews on page dumps against gold annotations."
    )
    parser.add_argument("--pages", required=True, help="directory of the page dumps (*.txt)")
    parser.add_argument("--gold", required=True, help="directory of the gold files (*.gold.json)")
    parser.add_argument("--json", metavar="OUT", help="also write the full report as JSON to OUT")
    parser.add_argument("--verbose", action="store_true", help="print one line per page")
    args = parser.parse_args(argv)
    if not any(Path(args.gold).glob("*.gold.json")):
        print(f"error: no *.gold.json files in {args.gold}", file=sys.stderr)
        return 2
    report = evaluate_dir(args.pages, args.gold)
    for score in report.pages:
        if score.error:
            print(f"ERROR {score.source}: {score.error}", file=sys.stderr)
        if args.verbose:
            print(_page_line(score))
    if args.json:
        text = json.dumps(report.to_dict(), ensure_ascii=False, indent=1)
        Path(args.json).write_text(text, encoding="utf-8")
    print(report.summary_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
