"""HTML views: one page beside its input (``zjnews show``) and a summary report of a batch (``--report``).

Both are single self-contained HTML files (inline CSS and SVG, no script, no external resource),
so they can be mailed, attached to an issue or opened from an archive.

:func:`page_html` shows the input dump line by line, each line coloured by the article it went to
(from :attr:`~zjnews.Article.paragraph_lines` where the page has them, else by finding the line's
repaired text in the articles), duplicates struck through, captions, furniture and removed lines
marked with their reason, the characters a repair pass changed highlighted (before → after on
hover), and the parsed articles beside it. :class:`BatchSummary` gathers a batch run's counts in
bounded memory and :func:`report_html` draws them (pages, articles, failures, uncertain pages,
repairs per pass, articles per page and article length as small inline SVG charts).
"""

from __future__ import annotations

import difflib
import html
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from .model import Article, Page
from .options import Options
from .output import PageOutcome

__all__ = ["BatchSummary", "LineView", "load_page", "page_html", "place_lines", "report_html", "write_report"]

PALETTE = (
    "#fde2b8", "#c9e7f5", "#d4f0c4", "#f3cfe6", "#fff3a6", "#d9d2f5",
    "#c4efe4", "#f8d0c4", "#e2e8c0", "#cfdcf7", "#f5e0d0", "#dcefd8",
)  # fmt: skip
"""Background colours of the articles, in turn (light enough for black text)."""

_SPACE = re.compile(r"[\s\u3000\u2029]+")
_HEADING = re.compile(r"^\s*#+\s*")
_SHORT = 4
"""A line this short is placed with the article of the line above it when that article holds it."""


def _key(text: str) -> str:
    return _SPACE.sub("", _HEADING.sub("", text))


@attrs.frozen
class LineView:
    """Where one input line went.

    ``kind`` is ``article`` (its body or headline group), ``caption`` (a caption of ``article``,
    or of the page when ``article`` is ``None``), ``duplicate``, ``removed``, ``blank`` or
    ``unplaced`` (found nowhere in the output); ``reason`` says why for the last kinds.
    """

    number: int
    text: str
    repaired: str
    kind: str
    article: int | None = None
    reason: str = ""


def _haystacks(page: Page) -> list[tuple[str, int | None, str, str]]:
    """Every place a line can go, as ``(kind, article, reason, text without spaces)``, in page order."""
    places: list[tuple[str, int | None, str, str]] = []
    for i, article in enumerate(page):
        head = [article.column, article.kicker, article.title, article.subtitle, article.byline]
        # the byline once more after the body: a closing byline is printed at the end of the last paragraph
        body = (*head, *article.paragraphs, article.byline)
        places.append(("article", i, "", _key("".join(p for p in body if p))))
        for caption in article.captions:
            places.append(("caption", i, "caption", _key(str(caption))))
    for caption in page.captions:
        places.append(("caption", None, "caption of the page", _key(str(caption))))
    for removal in page.removed:
        places.append(("removed", None, removal.reason, _key(removal.text)))
    for duplicate in page.duplicates:
        places.append(("duplicate", None, f"duplicate ({duplicate.reason})", _key(duplicate.text)))
    return places


def _repaired_lines(text: str, options: Options | None) -> list[str]:
    """The input lines after the repair passes (the input lines themselves when the count differs)."""
    from .prepare import prepare_text
    from .repair import repair_text

    lines = text.split("\n")
    repaired = repair_text(prepare_text(text), options or Options()).text.split("\n")
    return repaired if len(repaired) == len(lines) else lines


def place_lines(text: str, page: Page, options: Options | None = None) -> list[LineView]:
    """Where each line of ``text`` (the decoded input of ``page``) went, in input order.

    Line numbers the page records come first (:attr:`~zjnews.Article.paragraph_lines`, the lines of
    duplicates and removals); every other line is looked for, without its spaces and ``#`` marks,
    in the articles, captions, removals and duplicates, preferring the place of the line above.
    """
    lines = text.split("\n")
    repaired = _repaired_lines(text, options)
    known: dict[int, tuple[str, int | None, str]] = {}
    for i, article in enumerate(page):
        for group in article.paragraph_lines:
            for number in group:
                known.setdefault(number, ("article", i, ""))
    marked = [(d.line, f"duplicate ({d.reason})", "duplicate", _key(d.text)) for d in page.duplicates if d.line]
    marked += [(r.line, r.reason, "removed", _key(r.text)) for r in page.removed if r.line]
    for first, reason, kind, body in marked:
        number = first
        while 1 <= number <= len(lines) and (number == first or (_key(repaired[number - 1]) or "\0") in body):
            known[number] = (kind, None, reason)
            number += 1
    places = _haystacks(page)
    article_place = {place[1]: j for j, place in enumerate(places) if place[0] == "article"}
    views: list[LineView] = []
    previous: int | None = None
    for number, (line, fixed) in enumerate(zip(lines, repaired, strict=True), start=1):
        key = _key(fixed)
        if not key:
            views.append(LineView(number, line, fixed, "blank"))
            continue
        if number in known:
            kind, owner, reason = known[number]
            previous = article_place.get(owner) if kind == "article" else previous
        else:
            found = _find(key, places, previous)
            if found is None:
                kind, owner, reason = "unplaced", None, "not found in the output"
            else:
                kind, owner, reason, _ = places[found]
                previous = found
        views.append(LineView(number, line, fixed, kind, owner, reason))
    return views


def _find(key: str, places: Sequence[tuple[str, int | None, str, str]], previous: int | None) -> int | None:
    """The index of the place holding ``key`` (the place of the line above first), else of one holding
    its head or its tail; ``None`` when no place holds it."""
    probes = [key, key[:10], key[-10:]] if len(key) > 12 else [key]
    for probe in probes:
        if previous is not None and probe in places[previous][3]:
            return previous
        if len(probe) < _SHORT and probe is key:
            continue  # too short to place on its own text before the longer probes
        for j, place in enumerate(places):
            if probe in place[3]:
                return j
    if len(key) < _SHORT:  # a short line (a name under a headshot, a label) held by no place nearby
        return next((j for j, place in enumerate(places) if key in place[3]), None)
    return None


# --------------------------------------------------------------------------- one page

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.55 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
color:#222;background:#fafafa}
header{padding:10px 18px;background:#263238;color:#fff}
header h1{font-size:17px;margin:0 0 4px}
header p{margin:0;font-size:13px;color:#cfd8dc}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;padding:8px 18px;background:#eceff1;font-size:12px}
.legend span{display:inline-flex;align-items:center;gap:4px}
.sw{display:inline-block;width:14px;height:14px;border:1px solid #999;border-radius:2px}
main{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:14px;padding:14px 18px}
h2{font-size:15px;margin:0 0 8px}
.dump{background:#fff;border:1px solid #ddd;border-radius:4px;padding:6px 0;font-size:13px}
.ln{display:grid;grid-template-columns:3.4em 2.2em minmax(0,1fr);padding:0 8px 0 0;white-space:pre-wrap;
word-break:break-all}
.ln:hover{outline:1px solid #607d8b}
.no{color:#90a4ae;text-align:right;padding-right:6px;user-select:none}
.tag{font-size:11px;color:#455a64;text-align:center;user-select:none}
.blank{min-height:.8em}
.dup .tx{text-decoration:line-through;color:#8d6e63}
.dup{background:repeating-linear-gradient(135deg,#fff,#fff 4px,#f1e4dc 4px,#f1e4dc 8px)}
.rem .tx,.unp .tx{color:#78909c}
.rem{background:#eceff1}
.unp{background:#ffebee}
.why{display:block;grid-column:3;font-size:11px;color:#607d8b}
.cap .tx{font-style:italic}
mark.fix{background:#ffcc80;border-bottom:2px solid #e65100;border-radius:2px;padding:0 1px}
mark.fix.del{background:#ffe0b2;color:#bf360c;text-decoration:line-through}
.articles article{background:#fff;border:1px solid #ddd;border-left:8px solid;border-radius:4px;
margin:0 0 12px;padding:8px 12px}
.articles .n{font-size:11px;color:#546e7a}
.articles h3{font-size:16px;margin:2px 0}
.articles .kicker,.articles .subtitle{font-size:13px;color:#37474f;margin:0}
.articles .col{font-size:11px;background:#eceff1;padding:0 4px;border-radius:2px}
.articles .by{font-size:12px;color:#455a64;margin:2px 0 6px}
.articles p{margin:0 0 6px;text-indent:2em}
.articles .caption{font-size:12px;color:#455a64;font-style:italic;text-indent:0}
.uncertain{font-size:12px;color:#b71c1c;margin:0 0 4px}
.aside{background:#fff;border:1px solid #ddd;border-radius:4px;padding:8px 12px;margin:0 0 12px;font-size:13px}
.aside li{margin:0 0 3px}
table{border-collapse:collapse;font-size:13px}
td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#eceff1}
a{color:#1565c0}
"""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _marked(line: str, fixed: str, names: Mapping[tuple[str, str], str]) -> str:
    """``fixed`` as HTML, the characters that differ from ``line`` highlighted with before → after on hover."""
    if line == fixed:
        return _esc(line)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        before, after = line[a0:a1], fixed[b0:b1]
        if op == "equal":
            out.append(_esc(after))
            continue
        shown = (before or "·").replace(" ", "␣") if not after.strip() else after
        name = names.get((before, after))
        tip = f"{before!r} → {after!r}" + (f" ({name})" if name else "")
        css = "fix del" if not after.strip() else "fix"
        out.append(f'<mark class="{css}" title="{_esc(tip)}">{_esc(shown)}</mark>')
    return "".join(out)


def _line_html(view: LineView, page: Page, names: Mapping[tuple[str, str], str]) -> str:
    number = view.number
    if view.kind == "blank":
        return f'<div class="ln blank" id="L{number}"><span class="no">{number}</span><span></span><span></span></div>'
    css, tag, style, tip = "ln", "", "", view.reason
    if view.kind in ("article", "caption") and view.article is not None:
        style = f' style="background:{_colour(view.article)}"'
        tag = str(view.article + 1)
        title = page[view.article].title or "(no title)"
        tip = f"article {view.article + 1}: {title}" + (" — caption" if view.kind == "caption" else "")
        if view.kind == "caption":
            css += " cap"
    elif view.kind == "caption":
        css += " cap rem"
        tag = "图"
    elif view.kind == "duplicate":
        css += " dup"
        tag = "重"
    elif view.kind == "removed":
        css += " rem"
        tag = "✕"
    elif view.kind == "unplaced":
        css += " unp"
        tag = "?"
    why = (
        f'<span class="why">{_esc(view.reason)}</span>'
        if view.kind in ("duplicate", "removed", "unplaced") or (view.kind == "caption" and view.article is None)
        else ""
    )
    text = _marked(view.text, view.repaired, names)
    return (
        f'<div class="{css}" id="L{number}"{style} title="{_esc(tip)}"><span class="no">{number}</span>'
        f'<span class="tag">{_esc(tag)}</span><span class="tx">{text}</span>{why}</div>'
    )


def _article_html(index: int, article: Article, first_line: int | None) -> str:
    colour = _colour(index)
    parts = [
        f'<article id="A{index + 1}" style="border-left-color:{colour};'
        f'background:linear-gradient(90deg,{colour}33,#fff 30%)">'
    ]
    link = f' · <a href="#L{first_line}">line {first_line}</a>' if first_line else ""
    parts.append(
        f'<div class="n">article {index + 1}{link}'
        + (f' <span class="col">{_esc(article.column)}</span>' if article.column else "")
        + "</div>"
    )
    if article.uncertain:
        parts.append(f'<p class="uncertain">uncertain: {_esc(article.uncertain_reason or "")}</p>')
    if article.kicker:
        parts.append(f'<p class="kicker">{_esc(article.kicker)}</p>')
    parts.append(f"<h3>{_esc(article.title or '(no title)')}</h3>")
    if article.subtitle:
        parts.append(f'<p class="subtitle">{_esc(article.subtitle)}</p>')
    if article.byline:
        authors = f" — authors: {_esc('、'.join(article.authors))}" if article.authors else ""
        parts.append(f'<div class="by">{_esc(article.byline)}{authors}</div>')
    parts.extend(f"<p>{_esc(p)}</p>" for p in article.paragraphs)
    parts.extend(f'<p class="caption">图：{_esc(c)}</p>' for c in article.captions)
    parts.append("</article>")
    return "".join(parts)


def _list(title: str, items: Iterable[str]) -> str:
    rows = [f"<li>{item}</li>" for item in items]
    if not rows:
        return ""
    return f'<div class="aside"><h2>{_esc(title)}</h2><ul>{"".join(rows)}</ul></div>'


def _line_link(number: int) -> str:
    return f'<a href="#L{number}">line {number}</a>' if number else "no line"


def _document(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def page_html(text: str, page: Page, *, options: Options | None = None, title: str | None = None) -> str:
    """One self-contained HTML page: the input dump ``text`` line by line beside the articles of ``page``.

    ``text`` is the decoded input of ``page`` (:func:`load_page` gives both); ``options`` the
    options it was parsed with (to show the repairs as they were made).
    """
    from . import __version__

    views = place_lines(text, page, options)
    names = {(r.before, r.after): r.pass_name for r in page.repairs}
    counts = Counter(v.kind for v in views)
    first: dict[int, int] = {}
    for view in views:
        if view.kind == "article" and view.article is not None:
            first.setdefault(view.article, view.number)
    name = title or page.source or "page"
    uncertain = sum(a.uncertain for a in page)
    summary = (
        f"{len(page)} articles{f' ({uncertain} uncertain)' if uncertain else ''} · {len(views)} input lines · "
        f"{len(page.repairs)} characters repaired · {len(page.duplicates)} duplicates · "
        f"{len(page.removed)} removed · {counts['unplaced']} lines not found in the output · zjnews {__version__}"
    )
    legend = "".join(
        f'<span><i class="sw" style="background:{_colour(i)}"></i>'
        f'<a href="#A{i + 1}">{i + 1} {_esc(a.title[:16] or "(no title)")}</a></span>'
        for i, a in enumerate(page)
    )
    legend += (
        '<span><i class="sw dup"></i>重 duplicate (struck through)</span>'
        '<span><i class="sw" style="background:#eceff1"></i>✕ removed / 图 page caption (reason below the line)</span>'
        '<span><i class="sw" style="background:#ffebee"></i>? not found in the output</span>'
        '<span><mark class="fix">字</mark> repaired character (hover: before → after)</span>'
    )
    dump = "".join(_line_html(v, page, names) for v in views)
    articles = "".join(_article_html(i, a, first.get(i)) for i, a in enumerate(page))
    asides = _list("Captions of the page", (_esc(c) for c in page.captions))
    asides += _list(
        "Duplicates", (f"{_line_link(d.line)} ({_esc(d.reason)}): {_esc(d.text[:80])}" for d in page.duplicates)
    )
    asides += _list("Removed", (f"{_line_link(r.line)} — {_esc(r.reason)}: {_esc(r.text[:80])}" for r in page.removed))
    asides += _list(
        "Decisions",
        (
            f"{_esc(d.kind)} → {_esc(d.outcome)} ({d.score:+.2f}) "
            + " ".join(_line_link(n) for n in d.lines[:6])
            + (f" <small>{_esc(', '.join(f'{s}={v:+.2f}' for s, v in d.evidence))}</small>" if d.evidence else "")
            for d in page.decisions
        ),
    )
    body = (
        f"<header><h1>{_esc(name)}</h1><p>{_esc(summary)}</p></header>\n"
        f'<nav class="legend">{legend}</nav>\n'
        f'<main><section><h2>Input, line by line</h2><div class="dump">{dump}</div></section>\n'
        f'<section class="articles"><h2>Articles</h2>{articles}{asides}</section></main>'
    )
    return _document(f"zjnews: {name}", body)


def load_page(path: str, *, options: Options | None = None, data: bytes | None = None) -> tuple[str, Page]:
    """Read, decode and parse the page at ``path`` (or its bytes ``data``): its decoded text and the page."""
    from . import parse_text
    from .decode import decode_bytes
    from .prepare import normalize_newlines
    from .sources import read_page_bytes

    limit = options.max_input_bytes if options is not None else None
    if data is None:
        data = read_page_bytes(path, max_bytes=limit)
    else:
        from .compression import decompress

        data = decompress(data, limit=limit, name=path)
    text = normalize_newlines(decode_bytes(data, max_bytes=limit))
    return text, parse_text(text, options=options, source=path)


# --------------------------------------------------------------------------- a batch

_LENGTH_BINS = (0, 100, 200, 400, 800, 1600, 3200, 6400)
"""Lower bounds of the article length classes (characters of body text)."""


@attrs.define
class BatchSummary:
    """The counts of a batch run, gathered page by page in bounded memory (for ``--report``)."""

    options: Options = attrs.field(factory=Options)
    limit: int = 1000
    """At most this many failed and uncertain pages are listed by name (all are counted)."""
    pages: int = 0
    articles: int = 0
    failed: int = 0
    uncertain_articles: int = 0
    per_page: Counter[int] = attrs.field(factory=Counter)
    lengths: Counter[int] = attrs.field(factory=Counter)
    repairs: Counter[str] = attrs.field(factory=Counter)
    errors: Counter[str] = attrs.field(factory=Counter)
    failures: list[tuple[str, str, str]] = attrs.field(factory=list)
    uncertain: list[tuple[str, int, int, tuple[str, ...]]] = attrs.field(factory=list)
    uncertain_pages: int = 0

    def add(self, outcome: PageOutcome) -> None:
        """Count one page."""
        self.pages += 1
        if outcome.failed:
            self.failed += 1
            record = outcome.records[0] if outcome.records else {}
            self.errors[str(record.get("error"))] += 1
            if len(self.failures) < self.limit:
                self.failures.append((outcome.source, str(record.get("error")), str(record.get("message"))))
            return
        self.articles += outcome.articles
        self.per_page[outcome.articles] += 1
        for length in outcome.lengths:
            self.lengths[max(b for b in _LENGTH_BINS if b <= length)] += 1
        self.repairs.update(dict(outcome.repairs))
        if outcome.uncertain:
            self.uncertain_articles += len(outcome.uncertain)
            self.uncertain_pages += 1
            if len(self.uncertain) < self.limit:
                self.uncertain.append((outcome.source, outcome.articles, len(outcome.uncertain), outcome.uncertain))


def bar_chart(labels: Sequence[str], values: Sequence[int], *, title: str, width: int = 420, height: int = 150) -> str:
    """A small inline SVG bar chart (each bar's value on hover and above it)."""
    count = max(len(values), 1)
    top = max(values, default=0) or 1
    left, bottom, head = 8, 22, 16
    step = (width - 2 * left) / count
    bar = max(step * 0.75, 1.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{_esc(title)}"><title>{_esc(title)}</title>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" stroke="#90a4ae"/>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = (height - bottom - head) * value / top
        x = left + i * step + (step - bar) / 2
        y = height - bottom - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#5c8db8">'
            f"<title>{_esc(label)}: {value}</title></rect>"
        )
        if value:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle" '
                f'fill="#37474f">{value}</text>'
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - 8}" font-size="10" text-anchor="middle" '
            f'fill="#546e7a">{_esc(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _page_link(source: str, links: Mapping[str, str]) -> str:
    target = links.get(source)
    if target is not None:
        return f'<a href="{_esc(target)}">{_esc(source)}</a>'
    return _esc(source)


def _reasons(reasons: Iterable[str]) -> str:
    """The kinds of reasons, line numbers left out, each with how often it occurs (``… ×3``)."""
    kinds = Counter(_NUMBER.sub("N", part.strip()) for reason in reasons for part in reason.split("; ") if part.strip())
    return "; ".join(kind + (f" ×{n}" if n > 1 else "") for kind, n in kinds.most_common())


_NUMBER = re.compile(r"\d+")


def report_html(summary: BatchSummary, *, links: Mapping[str, str] | None = None, elapsed: float | None = None) -> str:
    """The summary report of a batch as one self-contained HTML page; ``links`` maps sources to page views."""
    from . import __version__

    links = links or {}
    s = summary
    rate = f" in {elapsed:.1f} s ({s.pages / elapsed:.1f} pages/s)" if elapsed else ""
    off = ", ".join(k for k, v in s.options.to_dict().items() if v is False)
    head = (
        f"<header><h1>zjnews batch report</h1><p>{s.pages} pages{rate} · zjnews {__version__} · "
        f"passes switched off: {_esc(off or 'none')}</p></header>"
    )
    figures = [
        ("pages", s.pages),
        ("articles", s.articles),
        ("failed pages", s.failed),
        ("pages with uncertain articles", s.uncertain_pages),
        ("uncertain articles", s.uncertain_articles),
        ("characters repaired", sum(s.repairs.values())),
    ]
    table = "".join(f"<tr><th>{_esc(k)}</th><td>{v}</td></tr>" for k, v in figures)
    most = max(s.per_page, default=0)
    per_page_labels = [str(n) for n in range(most + 1)] if most <= 30 else []
    per_page_values = [s.per_page.get(n, 0) for n in range(most + 1)] if most <= 30 else []
    if most > 30:  # a long tail: classes of five
        for low in range(0, most + 1, 5):
            per_page_labels.append(f"{low}–{low + 4}")
            per_page_values.append(sum(s.per_page.get(n, 0) for n in range(low, low + 5)))
    bins = list(_LENGTH_BINS)
    length_labels = [f"≥{b}" if i == len(bins) - 1 else f"<{bins[i + 1]}" for i, b in enumerate(bins)]
    charts = (
        '<div class="aside"><h2>Articles per page</h2>'
        + bar_chart(per_page_labels, per_page_values, title="pages by number of articles")
        + '</div><div class="aside"><h2>Article length (characters of body text)</h2>'
        + bar_chart(length_labels, [s.lengths.get(b, 0) for b in bins], title="articles by length")
        + "</div>"
    )
    passes = sorted(s.repairs.items(), key=lambda kv: -kv[1])
    widest = max((v for _, v in passes), default=1)
    rows = "".join(
        f"<tr><th>{_esc(k)}</th><td>{v}</td><td>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="10" role="img" aria-label="{v}">'
        f'<rect width="{200 * v / widest:.1f}" height="10" fill="#5c8db8"/></svg></td></tr>'
        for k, v in passes
    )
    charts += (
        '<div class="aside"><h2>Repairs per pass</h2>'
        + (f"<table><tr><th>pass</th><th>characters</th><th></th></tr>{rows}</table>" if passes else "<p>none</p>")
        + "</div>"
    )
    failures = "".join(
        f"<tr><td>{_page_link(src, links)}</td><td>{_esc(err)}</td><td>{_esc(msg)}</td></tr>"
        for src, err, msg in s.failures
    )
    fail_block = (
        f'<div class="aside"><h2>Failed pages ({s.failed})</h2>'
        + (
            f"<table><tr><th>page</th><th>error</th><th>message</th></tr>{failures}</table>"
            if failures
            else "<p>none</p>"
        )
        + (f"<p>only the first {s.limit} are listed</p>" if s.failed > len(s.failures) else "")
        + "</div>"
    )
    uncertain = "".join(
        f"<tr><td>{_page_link(src, links)}</td><td>{n}</td><td>{u}</td><td>{_esc(_reasons(r))}</td></tr>"
        for src, n, u, r in s.uncertain
    )
    uncertain_block = (
        f'<div class="aside"><h2>Pages with uncertain articles ({s.uncertain_pages})</h2>'
        + (
            "<table><tr><th>page</th><th>articles</th><th>uncertain</th><th>reasons</th></tr>" + uncertain + "</table>"
            if uncertain
            else "<p>none</p>"
        )
        + "</div>"
    )
    body = (
        f'{head}\n<main><section><div class="aside"><h2>Totals</h2><table>{table}</table></div>{charts}</section>\n'
        f"<section>{uncertain_block}{fail_block}</section></main>"
    )
    return _document("zjnews batch report", body)


def write_report(
    summary: BatchSummary,
    path: str | os.PathLike[str],
    *,
    options: Options | None = None,
    elapsed: float | None = None,
    views: int = 50,
) -> int:
    """Write :func:`report_html` to ``path``, with page views of the first ``views`` uncertain pages read
    from files in the folder ``<path stem>-pages/`` beside it; the number of page views written."""
    out = Path(path)
    links: dict[str, str] = {}
    folder = out.with_name(out.stem + "-pages")
    for source, *_ in summary.uncertain[:views]:
        if not os.path.isfile(source):
            continue  # a row of a table, standard input: no file to show
        try:
            text, page = load_page(source, options=options)
        except Exception:  # the page parsed in the run; a file changed since is shown as text only
            continue
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{len(links) + 1:04d}.html"
        (folder / name).write_text(page_html(text, page, options=options), encoding="utf-8")
        links[source] = f"{folder.name}/{name}"
    out.write_text(report_html(summary, links=links, elapsed=elapsed), encoding="utf-8")
    return len(links)
