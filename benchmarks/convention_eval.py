"""The development pages re-rendered in other exporters' conventions, scored against the same gold.

    python benchmarks/convention_eval.py [--dev ../shared/dev] [--limit N] [--variants a,b]

The development pages (read at run time from ``../shared/dev``, never copied into the
repository) are written in one convention: blocks separated by a blank line, a wider gap (three
blank lines) where an image stood, headings marked with ``#`` on some pages, LF line ends. Each
variant below re-renders every page in another exporter's way, writes it under the same file
name to a temporary folder, and scores it with :func:`zjnews.evaluate.evaluate_dir` against the
same gold. The gold does not depend on the page's line numbers (``GOLD_FORMAT.md``: articles,
paragraphs, titles, bylines, captions are text), so it holds for every variant unchanged.

Variants (each alone, then ``combined``):

``single-newline``
    every gap between blocks (a wide image gap too) becomes one newline; each block is one line
    (the development pages' blocks already are; a wrapped block would be joined to one line);
``newline-indent``
    one newline between blocks, and each body line opens with ``U+3000`` as such exporters print
    a paragraph start; a wide image gap stays one blank line;
``bold``
    each ``#`` heading line becomes a ``**bold**`` line;
``hash-some``
    ``#`` marks kept on every other heading line only;
``hash-none``
    ``#`` marks dropped everywhere;
``crlf``
    CRLF line ends;
``indent``
    ``U+3000`` at each body line's start, blank lines kept;
``furniture``
    a running head (paper name, date, page number, section) on the first line and an editors'
    footer (``责任编辑 X``) on the last, both written here, the same on every page;
``image-link``
    each wide image gap becomes ``![](image.jpg)`` between single blank lines;
``wrapped``
    each block wrapped to lines of 20 characters (a ``#`` heading stays on one line, as markdown
    has it), blank lines kept (a text extractor's columns);
``wrapped-indent``
    each block wrapped to 20 characters, ``U+3000`` indents at paragraph starts (taking their
    place in the first line's width), no blank line anywhere (a paragraph's lines are told apart
    only by the indent of its first);
``combined``
    ``single-newline`` + ``bold`` + ``crlf`` + ``furniture`` + ``image-link`` (an image link on
    a line of its own, no blank line anywhere).

The wrapped variants wrap as an exporter does: a Latin word or a number (``APP``, ``6197.8``)
moves whole to the next line rather than being cut inside (unless it alone is wider than a line),
and a space where a line breaks is dropped.

The indents go where the printed page starts a paragraph: on a line whose opening (after a
leading dateline, within its first 30 characters) is the opening of one of the page's gold
paragraphs, read at run time; a line that continues a paragraph after a column break, a
heading or a byline keeps no indent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]

from zjnews.evaluate import Report, evaluate_dir, normalize  # noqa: E402

METRICS = ("bcubed_f1", "para_exact", "title_acc", "author_f1", "text_exact", "text_cer", "count_err")
"""The columns of the table."""

RUNNING_HEAD = "示例日报　2024年3月8日　星期五　第4版　要闻"
"""A generic running head: paper name, date, weekday, page number, section."""
FOOTER = "责任编辑　王明"
"""A generic editors' footer."""
IMAGE_LINK = "![](image.jpg)"

_GAP = re.compile(r"\n(?:[ \t\u3000]*\n)+")
_HASH = re.compile(r"^(#+)\s*(.*)$")
_OPENING = 8
"""Characters (normalised) of a gold paragraph's opening that mark a line as a paragraph start."""


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """``(blank lines above, lines)`` for each block of ``text`` (LF line ends)."""
    out: list[tuple[int, list[str]]] = []
    pos = 0
    blank = 0
    for match in _GAP.finditer(text):
        chunk = text[pos : match.start()]
        if chunk.strip():
            out.append((blank, [line for line in chunk.split("\n") if line.strip()]))
        blank = match.group(0).count("\n") - 1
        pos = match.end()
    chunk = text[pos:]
    if chunk.strip():
        out.append((blank, [line for line in chunk.split("\n") if line.strip()]))
    return out


def _usual_gap(blocks: Sequence[tuple[int, list[str]]]) -> int:
    gaps = sorted(gap for gap, _ in blocks[1:])
    return gaps[len(gaps) // 2] if gaps else 1


def _render(blocks: Sequence[tuple[int, list[str]]], *, usual: str, wide: str) -> str:
    norm = _usual_gap(blocks)
    parts: list[str] = []
    for index, (gap, lines) in enumerate(blocks):
        if index:
            parts.append(wide if gap > norm else usual)
        parts.append("\n".join(lines))
    return "".join(parts) + "\n"


def _one_line(lines: list[str]) -> list[str]:
    from zjnews.chinese import join_fragments

    return [join_fragments([line.strip() for line in lines])]


def openings(gold: dict[str, Any]) -> frozenset[str]:
    """The normalised openings of the gold paragraphs of one page."""
    out: set[str] = set()
    for article in gold.get("articles", []):
        for paragraph in article.get("paragraphs", []):
            opening = normalize(paragraph)[:_OPENING]
            if len(opening) == _OPENING:
                out.add(opening)
    return frozenset(out)


def _is_start(line: str, starts: frozenset[str]) -> bool:
    head = normalize(line.strip().lstrip("#"))[: 30 + _OPENING]
    return any(head.find(opening) in range(31) for opening in starts if opening in head)


def _indent(line: str, starts: frozenset[str]) -> str:
    if line.lstrip().startswith("#") or not _is_start(line, starts):
        return line
    return "\u3000\u3000" + line.strip()


def single_newline(text: str, starts: frozenset[str] = frozenset()) -> str:
    blocks = [(gap, _one_line(lines)) for gap, lines in _blocks(text)]
    return _render(blocks, usual="\n", wide="\n")


def newline_indent(text: str, starts: frozenset[str]) -> str:
    blocks = [(gap, [_indent(line, starts) for line in _one_line(lines)]) for gap, lines in _blocks(text)]
    return _render(blocks, usual="\n", wide="\n\n")


def bold(text: str, starts: frozenset[str] = frozenset()) -> str:
    def line(raw: str) -> str:
        match = _HASH.match(raw.strip())
        return f"**{match.group(2).strip()}**" if match and match.group(2).strip() else raw

    return "\n".join(line(raw) for raw in text.split("\n"))


def hash_some(text: str, starts: frozenset[str] = frozenset()) -> str:
    out: list[str] = []
    seen = 0
    for raw in text.split("\n"):
        match = _HASH.match(raw.strip())
        if match:
            seen += 1
            if seen % 2 == 0:
                raw = match.group(2)
        out.append(raw)
    return "\n".join(out)


def hash_none(text: str, starts: frozenset[str] = frozenset()) -> str:
    return "\n".join((m.group(2) if (m := _HASH.match(raw.strip())) else raw) for raw in text.split("\n"))


def crlf(text: str, starts: frozenset[str] = frozenset()) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def indent(text: str, starts: frozenset[str]) -> str:
    return "\n".join(_indent(raw, starts) if raw.strip() else raw for raw in text.split("\n"))


def furniture(text: str, starts: frozenset[str] = frozenset()) -> str:
    return f"{RUNNING_HEAD}\n\n{text.strip(chr(10))}\n\n{FOOTER}\n"


def image_link(text: str, starts: frozenset[str] = frozenset()) -> str:
    return _render(_blocks(text), usual="\n\n", wide=f"\n\n{IMAGE_LINK}\n\n")


WRAP = 20
"""Characters per line of the wrapped variants."""


_WORD = re.compile(r"[0-9A-Za-z]+(?:[.,:/%-][0-9A-Za-z]+)*%?")
"""A Latin word or a number (``APP``, ``6197.8``, ``2.6%``): a wrapper keeps it on one line."""


def _units(line: str) -> list[str]:
    """The pieces a wrapper will not cut: a Latin word or a number, else one character."""
    out: list[str] = []
    pos = 0
    for match in _WORD.finditer(line):
        out += line[pos : match.start()]
        out.append(match.group())
        pos = match.end()
    return out + list(line[pos:])


def _wrap(line: str, indent: str = "") -> list[str]:
    """``line`` wrapped to lines of :data:`WRAP` characters, ``indent`` opening the first and
    taking its place in the width, as an exporter wraps: a Latin word or a number moves whole to
    the next line (unless it alone is wider than a line), and a space where a line breaks is
    dropped."""
    if line.lstrip().startswith("#"):
        return [line]  # a markdown heading stays on one line
    lines: list[str] = []
    current = indent
    for unit in _units(line):
        if len(current) + len(unit) > WRAP and current.strip():
            lines.append(current.rstrip())
            current = ""
        if not current and unit.isspace():
            continue
        while len(unit) > WRAP:
            lines.append(current + unit[: WRAP - len(current)])
            unit = unit[WRAP - len(current) :]
            current = ""
        current += unit
    if current.strip():
        lines.append(current.rstrip())
    return lines or [line]


def wrapped(text: str, starts: frozenset[str] = frozenset()) -> str:
    blocks = [(gap, _wrap(_one_line(lines)[0])) for gap, lines in _blocks(text)]
    return _render(blocks, usual="\n\n", wide="\n\n\n\n")


def wrapped_indent(text: str, starts: frozenset[str]) -> str:
    blocks: list[tuple[int, list[str]]] = []
    for gap, lines in _blocks(text):
        line = _one_line(lines)[0]
        marked = _indent(line, starts)
        blocks.append((gap, _wrap(line.strip(), "\u3000\u3000" if marked != line else "")))
    return _render(blocks, usual="\n", wide="\n")


def combined(text: str, starts: frozenset[str] = frozenset()) -> str:
    blocks = [(gap, _one_line(lines)) for gap, lines in _blocks(bold(text, starts))]
    body = _render(blocks, usual="\n", wide=f"\n{IMAGE_LINK}\n").strip("\n")
    return crlf(f"{RUNNING_HEAD}\n{body}\n{FOOTER}\n")


VARIANTS: dict[str, Callable[[str, frozenset[str]], str]] = {
    "original": lambda text, starts: text,
    "single-newline": single_newline,
    "newline-indent": newline_indent,
    "bold": bold,
    "hash-some": hash_some,
    "hash-none": hash_none,
    "crlf": crlf,
    "indent": indent,
    "furniture": furniture,
    "image-link": image_link,
    "wrapped": wrapped,
    "wrapped-indent": wrapped_indent,
    "combined": combined,
}
"""Each variant's renderer: a page's text in the development convention and the openings of its
paragraphs (:func:`openings`) → the variant's text."""


def write_variant(name: str, pages: Sequence[Path], gold: Sequence[Path], out: Path) -> Path:
    """Write ``pages`` rendered by variant ``name`` to ``out/name/pages`` (same file names) and
    link their ``gold`` beside it in ``out/name/gold``; return ``out/name``."""
    render = VARIANTS[name]
    folder = out / name
    (folder / "pages").mkdir(parents=True)
    (folder / "gold").mkdir()
    for page, path in zip(pages, gold, strict=True):
        starts = openings(json.loads(path.read_text(encoding="utf-8")))
        text = page.read_text(encoding="utf-8").replace("\r\n", "\n")
        (folder / "pages" / page.name).write_bytes(render(text, starts).encode("utf-8"))
    for path in gold:
        (folder / "gold" / path.name).symlink_to(path.resolve())
    return folder


def score_variant(name: str, pages: Sequence[Path], gold: Sequence[Path], out: Path) -> Report:
    """Score variant ``name`` of ``pages`` against ``gold`` (files written under ``out``)."""
    folder = write_variant(name, pages, gold, out)
    return evaluate_dir(folder / "pages", folder / "gold")


def select(dev: Path, limit: int = 0, step: int = 1) -> tuple[list[Path], list[Path]]:
    """The development pages with gold (every ``step``-th, at most ``limit``) and their gold files."""
    gold = sorted((dev / "gold").glob("*.gold.json"))[::step]
    if limit:
        gold = gold[:limit]
    pages = [dev / "pages" / (path.name.removesuffix(".gold.json") + ".txt") for path in gold]
    return pages, gold


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", default=str(ROOT.parent / "shared" / "dev"))
    parser.add_argument("--limit", type=int, default=0, help="score at most this many pages")
    parser.add_argument("--step", type=int, default=1, help="every STEP-th page only")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated variant names")
    args = parser.parse_args(argv)
    dev = Path(args.dev)
    if not (dev / "gold").is_dir():
        print(f"no development pages at {dev}: nothing to measure", file=sys.stderr)
        return 2
    pages, gold = select(dev, args.limit, args.step)
    names = [name for name in args.variants.split(",") if name]
    print(f"{len(pages)} pages\n")
    print(f"{'variant':<16}" + "".join(f"{m:>11}" for m in METRICS) + f"{'failed':>8}")
    with tempfile.TemporaryDirectory(prefix="zjnews-conv-") as tmp:
        for name in names:
            report = score_variant(name, pages, gold, Path(tmp))
            values = report.metrics.to_dict()
            cells = "".join(f"{values.get(m, float('nan')):>11.3f}" for m in METRICS)
            print(f"{name:<16}{cells}{len(report.failed):>8}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
