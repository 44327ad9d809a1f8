"""Split decoded text into blocks: runs of non-blank lines, with markdown heading marks read off."""

from __future__ import annotations

import collections
import itertools
import re
import unicodedata

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
(where an image stood), unless its lines are wrapped to a common width."""
_MIN_ADJACENT = 8
"""Lines following each other directly needed before the share of blank lines is weighed."""
_WRAP_SHARE = 0.3
"""The share of the lines followed directly by another that have the page's most common width
(give or take one wide character) above which the dump is read as wrapped to a width."""
_WRAP_SLACK = 2
"""Half-width cells by which a wrapped line may miss the width: one wide character (a line-break
rule that keeps a stop off the start of a line leaves its line one character short or long)."""


def _width(line: str) -> int:
    """The printed width of ``line`` in half-width cells: two for a wide character (an ideograph,
    full-width punctuation), one for any other, so that a column wrapped to one width measures
    the same whether its lines hold digits and Latin letters or not."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _wrapped(widths: list[int]) -> bool:
    """True when the widths of the lines that another line follows directly cluster at one width:
    the lines of a block wrapped by the exporter, not whole paragraphs one to a line."""
    counts = collections.Counter(widths)

    def near(width: int) -> int:
        return sum(counts[width + d] for d in range(-_WRAP_SLACK, _WRAP_SLACK + 1))

    return near(max(counts, key=lambda n: (near(n), n))) >= _WRAP_SHARE * len(widths)


def _line_per_block(lines: list[str]) -> bool:
    """True for a dump that separates its blocks by single newlines. Each line is then a block of
    its own. That is so when no blank line stands between any two of its (at least three) text
    lines; and when blank lines are rare beside lines that follow each other directly (at least
    :data:`_MIN_ADJACENT` of those, :data:`_SPARSE_BLANKS` times as many as the blank gaps) and
    the lines are not wrapped to a common width (:func:`_wrapped`): an exporter that writes one
    paragraph to a line and leaves a blank line only where an image stood. Read on the dump's own
    lines: the blank lines :func:`_lines` puts at a paragraph break or a jump mark are not the
    dump's."""
    filled = [i for i, raw in enumerate(lines) if raw.strip()]
    if len(filled) < 3:
        return False
    adjacent = [a for a, b in itertools.pairwise(filled) if b == a + 1]
    gaps = len(filled) - 1 - len(adjacent)
    if not gaps:
        return True
    if len(adjacent) < _MIN_ADJACENT or len(adjacent) < _SPARSE_BLANKS * gaps:
        return False
    return not _wrapped([_width(lines[i].strip()) for i in adjacent])


def split_blocks(text: str) -> tuple[Block, ...]:
    """The blocks of ``text`` in dump order.

    A block is a run of non-blank lines. ``#`` marks are removed and counted in
    ``heading_level``; the blank lines above a block are counted in ``gap_before`` (a wider gap
    than the page's usual one is where an image stood), and its last line is ``end_line``.
    Other exporters' conventions are read the same way: a dump with no blank lines at all has one
    block per line; a line opening with an indent (``U+3000``, two spaces, a tab) starts a block;
    a ``**bold**`` line is a heading (level 1 unless marked otherwise); a markdown image link is a
    block of its own (its role says where an image stood).
    """
    lines = _lines(text)
    per_line = _line_per_block(text.split("\n"))
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
        if current and (alone or per_line or raw.startswith(_INDENT)):
            close()  # a heading, an image or an indented line always starts a block of its own
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
