"""Split decoded text into blocks: runs of non-blank lines, with markdown heading marks read off."""

from __future__ import annotations

import collections
import itertools
import re

from .chinese import join_fragments
from .jumps import jump_pieces
from .model import Block
from .prepare import PARAGRAPH_BREAK

__all__ = ["PARAGRAPH_BREAK", "join_lines", "split_blocks"]

_HEADING = re.compile(r"^(#+)\s*")


def join_lines(lines: list[str]) -> str:
    """Join the wrapped lines of one block: nothing between Chinese, one space between Latin words."""
    return join_fragments(lines)


_INDENT = ("\u3000", "  ", "\t")
"""A line opening with an ideographic space, two spaces or a tab: an indented paragraph start."""
_IMAGE_LINK = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
"""A markdown image link (``![](…)``) standing alone on a line: where an image stood."""
_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*$")
"""A line that is all bold (``**…**``): another exporter's way of marking a heading."""


def _lines(text: str) -> list[tuple[int, str]]:
    """``(line number, line)`` pairs, with a paragraph break inside a line read as a blank line,
    and a jump mark run into a line's text (``…力度。（下转第二版）``) set apart by blank lines."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        pieces = raw.split(PARAGRAPH_BREAK)
        for index, piece in enumerate(pieces):
            if index:
                out.append((number, ""))
            for cut, part in enumerate(jump_pieces(piece)):
                if cut:
                    out.append((number, ""))
                out.append((number, part))
    return out


_SPARSE_BLANKS = 4
"""A dump whose lines follow each other directly at least this many times as often as a blank
line parts them separates its blocks by single newlines, its few blank lines being wider gaps
(where an image stood)."""
_MIN_ADJACENT = 8
"""Lines following each other directly needed before the share of blank lines, or the lines'
widths, are weighed."""
_WRAP_SHARE = 0.3
"""The share of the lines followed directly by another that have the page's most common width
(give or take :data:`_WRAP_SLACK`) above which the dump is read as wrapped to that width."""
_WRAP_SLACK = 1
"""Characters by which a wrapped line may miss the width: a line-break rule that keeps a stop off
the start of a line leaves its line one character short or long."""


def _wrap_width(widths: list[int]) -> int:
    """The width to which lines of these widths (the lines that another line follows directly)
    are wrapped, or 0 when they cluster at no width: whole paragraphs, one to a line. A width is
    counted in characters: in a printed column each character takes a cell (OCR makes some
    full-width punctuation half-width without moving it), and a line of digits or Latin letters
    holds more characters, never fewer."""
    if len(widths) < _MIN_ADJACENT:
        return 0
    counts = collections.Counter(widths)

    def near(width: int) -> int:
        return sum(counts[width + d] for d in range(-_WRAP_SLACK, _WRAP_SLACK + 1))

    width = max(counts, key=lambda n: (near(n), n))
    return width if near(width) >= _WRAP_SHARE * len(widths) else 0


def _layout(lines: list[str]) -> tuple[bool, int]:
    """How a dump separates its blocks, read on its own lines (the blank lines :func:`_lines`
    puts at a paragraph break or a jump mark are not the dump's): whether by single newlines, and
    the width its lines are wrapped to (0 if none). Single newlines: no blank line stands between
    any two of its (at least three) text lines; or blank lines are rare beside lines that follow
    each other directly (at least :data:`_MIN_ADJACENT` of those, :data:`_SPARSE_BLANKS` times
    as many as the blank gaps), as where an exporter leaves a blank line only where an image
    stood, unless its lines are wrapped to a width: then its blank lines part its blocks."""
    filled = [i for i, raw in enumerate(lines) if raw.strip()]
    if len(filled) < 3:
        return False, 0
    adjacent = [a for a, b in itertools.pairwise(filled) if b == a + 1]
    gaps = len(filled) - 1 - len(adjacent)
    if gaps and (len(adjacent) < _MIN_ADJACENT or len(adjacent) < _SPARSE_BLANKS * gaps):
        return False, 0
    width = _wrap_width([len(lines[i].strip()) for i in adjacent])
    if gaps and width:
        return False, 0  # lines wrapped to a width, blocks parted by blank lines
    return True, width


def split_blocks(text: str) -> tuple[Block, ...]:
    """The blocks of ``text`` in dump order.

    A block is a run of non-blank lines. ``#`` marks are removed and counted in
    ``heading_level``; the blank lines above a block are counted in ``gap_before`` (a wider gap
    than the page's usual one is where an image stood), and its last line is ``end_line``.
    Other exporters' conventions are read the same way (:func:`_layout`): a dump that separates
    its blocks by single newlines has one block per line, unless its lines are wrapped to a
    common width; then a line shorter than that width ends its block. A line opening with an
    indent (``U+3000``, two spaces, a tab) starts a block; a ``**bold**`` line is a heading
    (level 1 unless marked otherwise); a markdown image link is a block of its own (its role says
    where an image stood).
    """
    lines = _lines(text)
    single, width = _layout(text.split("\n"))
    per_line = single and not width
    short = False  # in a wrapped dump without blank lines, the previous line was short: its block ended
    blocks: list[Block] = []
    current: list[str] = []
    start_line = end_line = 0
    level = 0
    gap = blank = 0

    def close() -> None:
        nonlocal current
        if current:
            blocks.append(Block(len(blocks), start_line, join_lines(current), level, gap_before=gap, end_line=end_line))
            current = []

    for number, raw in lines:
        line = raw.strip()
        if not line:
            close()
            blank += 1
            continue
        match = _HEADING.match(line)
        bold = _BOLD_LINE.match(line[match.end() :] if match else line)
        alone = match is not None or bold is not None or _IMAGE_LINK.match(line) is not None
        if current and (alone or per_line or short or raw.startswith(_INDENT)):
            close()  # a heading, an image or an indented line always starts a block of its own
        short = single and bool(width) and len(line) < width - _WRAP_SLACK
        if not current:
            start_line = number
            level = len(match.group(1)) if match else (1 if bold else 0)
            gap = blank if blocks else 0
            blank = 0
        if match:
            line = line[match.end() :].strip()
            if not line:
                continue
        if bold:
            line = bold.group(1).strip()
        current.append(line)
        end_line = number
        if alone:
            close()
    close()
    return tuple(blocks)
