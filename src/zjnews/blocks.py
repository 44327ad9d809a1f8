"""Split decoded text into blocks: runs of non-blank lines, with markdown heading marks read off."""

from __future__ import annotations

import collections
import itertools
import re

from .chinese import join_fragments
from .jumps import jump_pieces
from .model import Block
from .prepare import PARAGRAPH_BREAK

__all__ = ["PARAGRAPH_BREAK", "join_lines", "split_blocks", "wrap_runs"]

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


_CUT = PARAGRAPH_BREAK
"""The line :func:`_lines` puts where a paragraph break or a jump mark cuts a line: blank, but no
blank line of the dump's own."""


def _lines(text: str) -> list[tuple[int, str]]:
    """``(line number, line)`` pairs, with a paragraph break inside a line read as a blank line
    (:data:`_CUT`), and a jump mark run into a line's text (``…力度。（下转第二版）``) set apart
    the same way."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        pieces = raw.split(PARAGRAPH_BREAK)
        for index, piece in enumerate(pieces):
            if index:
                out.append((number, _CUT))
                if not piece.strip():
                    continue  # the line ended at the break: no blank line of the dump's
            for cut, part in enumerate(jump_pieces(piece)):
                if cut:
                    out.append((number, _CUT))
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
_OPENING_MARKS = frozenset("“‘（《〈「『【〔([")
"""Marks that may not end a line: a wrapper moves them down to open the next."""
_CLOSING_MARKS = frozenset("。，、；：？！”’）》〉」』】〕),.;:?!")
"""Marks that may not open a line: a wrapper moves the character before them down too."""
_WRAP_SLACK = 1
"""Characters by which a wrapped line may miss the width: a line-break rule that keeps a stop off
the start of a line leaves its line one character short or long."""


_WORD_START = re.compile(r"[0-9A-Za-z]+(?:[.,:/%-][0-9A-Za-z]+)*%?")
"""A Latin word or a number opening a line (``APP``, ``6197.8``, ``2.6%``): a wrapper moves it
whole to the next line when it does not fit at the end of the line before."""


def _cells(line: str, indent: bool) -> int:
    """The width of a line in characters, its ideographic-space indent counted when ``indent``
    (an exporter that sets the indent inside the column's width), other surrounding whitespace
    never."""
    return len(line.strip(" \t\r\f\v\u00a0") if indent else line.strip())


def _held_over(above: int, line: str, width: int) -> bool:
    """True when ``line`` opens with a Latin word or a number that would not have fitted at the
    end of a line ``above`` characters wide (a space before it counted): the line above is short
    because the wrapper moved the word down whole, not because its block ended there."""
    word = _WORD_START.match(line)
    return word is not None and above + 1 + len(word.group()) > width


def _wrap_width(widths: list[int]) -> tuple[int, int]:
    """The width to which lines of these widths (the lines that another line follows directly)
    are wrapped, or 0 when they cluster at no width: whole paragraphs, one to a line; with the
    number of lines at that width. A width is counted in characters: in a printed column each
    character takes a cell (OCR makes some full-width punctuation half-width without moving it),
    and a line of digits or Latin letters holds more characters, never fewer."""
    if len(widths) < _MIN_ADJACENT:
        return 0, 0
    counts = collections.Counter(widths)

    def near(width: int) -> int:
        return sum(counts[width + d] for d in range(-_WRAP_SLACK, _WRAP_SLACK + 1))

    width = max(counts, key=lambda n: (counts[n], n))  # the commonest width; near it, the others
    return (width, near(width)) if near(width) >= _WRAP_SHARE * len(widths) else (0, 0)


def _layout(lines: list[str]) -> tuple[bool, int, bool]:
    """How a dump separates its blocks, read on its own lines (the blank lines :func:`_lines`
    puts at a paragraph break or a jump mark are not the dump's): whether by single newlines, the
    width its lines are wrapped to (0 if none), and whether an indent takes its place in that
    width (the reading, indent counted or not, under which more lines have the width). Single
    newlines: no blank line stands between any two of its (at least three) text lines; or blank
    lines are rare beside lines that follow each other directly (at least :data:`_MIN_ADJACENT`
    of those, :data:`_SPARSE_BLANKS` times as many as the blank gaps), as where an exporter leaves
    a blank line only where an image stood, unless its lines are wrapped to a width: then its
    blank lines part its blocks."""
    filled = [i for i, raw in enumerate(lines) if raw.strip()]
    if len(filled) < 3:
        return False, 0, False
    adjacent = [a for a, b in itertools.pairwise(filled) if b == a + 1]
    gaps = len(filled) - 1 - len(adjacent)
    if gaps and (len(adjacent) < _MIN_ADJACENT or len(adjacent) < _SPARSE_BLANKS * gaps):
        return False, 0, False
    outside = _wrap_width([_cells(lines[i], False) for i in adjacent])
    inside = _wrap_width([_cells(lines[i], True) for i in adjacent])
    counted = inside[1] > outside[1]
    width = inside[0] if counted else outside[0]
    if gaps and width:
        return False, 0, False  # lines wrapped to a width, blocks parted by blank lines
    return True, width, counted


def wrap_runs(lines: list[str]) -> list[tuple[int, int]]:
    """The runs of ``lines`` (``(first, past last)`` indexes, two lines or more) that a wrap to
    the dump's width broke apart from one block: a line at the width (or short of it only
    because the word opening the next did not fit) runs on into the next, unless that one is
    blank, indented or a heading. Empty when the lines are wrapped to no common width (whether
    or not blank lines part the blocks), as on a dump with one block to a line. The repairs read
    a wrapped block whole, as its lines alone are fragments."""
    filled = [i for i, raw in enumerate(lines) if raw.strip()]
    adjacent = [a for a, b in itertools.pairwise(filled) if b == a + 1]
    outside = _wrap_width([_cells(lines[i], False) for i in adjacent])
    inside = _wrap_width([_cells(lines[i], True) for i in adjacent])
    counted = inside[1] > outside[1]
    width = inside[0] if counted else outside[0]
    if not width:
        return []
    runs: list[tuple[int, int]] = []
    first = 0
    for index in range(1, len(lines) + 1):
        above = lines[index - 1]
        line = lines[index].strip() if index < len(lines) else ""
        if (
            line
            and above.strip()
            and not lines[index].startswith(_INDENT)
            and _HEADING.match(line) is None
            and _HEADING.match(above.strip()) is None
            and not _ends_block(_cells(above, counted), line, width)
        ):
            continue
        if index - first > 1:
            runs.append((first, index))
        first = index
    return runs


def _ends_block(above: int, line: str, width: int) -> bool:
    """True when a line ``above`` characters wide, in a dump wrapped to ``width``, ends its block
    before ``line``: it is short of the width, and not only because the word opening ``line``
    did not fit on it, nor (one character short) because a line-break rule moved a mark down
    (:data:`_OPENING_MARKS`, :data:`_CLOSING_MARKS`)."""
    if above >= width or _held_over(above, line, width):
        return False
    # a line-break rule leaves a line one short: an opening mark moved down to the next line, or
    # a character moved down with the closing mark that may not open a line
    return above < width - _WRAP_SLACK or not (line[:1] in _OPENING_MARKS or line[1:2] in _CLOSING_MARKS)


def split_blocks(text: str, layout: str | None = None) -> tuple[Block, ...]:
    """The blocks of ``text`` in dump order.

    A block is a run of non-blank lines. ``#`` marks are removed and counted in
    ``heading_level``; the blank lines above a block are counted in ``gap_before`` (a wider gap
    than the page's usual one is where an image stood), and its last line is ``end_line``.
    Other exporters' conventions are read the same way (:func:`_layout`): a dump that separates
    its blocks by single newlines has one block per line, unless its lines are wrapped to a
    common width; then a line shorter than that width (an indent counted in it when the dump's
    exporter sets indents inside the width) ends its block,
    unless the Latin word or number opening the next line would not have fitted on it (a wrapper
    moves such a word down whole). A line opening with an
    indent (``U+3000``, two spaces, a tab) starts a block; a ``**bold**`` line is a heading
    (level 1 unless marked otherwise); a markdown image link is a block of its own (its role says
    where an image stood).

    ``layout`` is the same text as the dump laid it out, when repairs have changed ``text``
    (a removed wrap space makes a line shorter): the layout and the lines' widths are read on it.
    """
    lines = _lines(text)
    source = text.split("\n")
    if layout is not None and layout.count("\n") == len(source) - 1:
        source = layout.split("\n")  # the widths the dump gave its lines, before repairs changed them
    single, width, counted = _layout(source)
    per_line = single and not width
    above = -1  # in a wrapped dump without blank lines, the width of the line above (-1: none)
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
            # a cut inside a line parts its blocks as the dump's usual gap does: no blank line
            # where the dump parts its blocks by single newlines (never a wide image gap)
            blank += raw != _CUT or not single
            continue
        match = _HEADING.match(line)
        bold = _BOLD_LINE.match(line[match.end() :] if match else line)
        alone = match is not None or bold is not None or _IMAGE_LINK.match(line) is not None
        # in a wrapped dump without blank lines a line short of the width ends its block, unless
        # it is short only because the word opening this line did not fit on it
        short = above >= 0 and _ends_block(above, line, width)
        if current and (alone or per_line or short or raw.startswith(_INDENT)):
            close()  # a heading, an image or an indented line always starts a block of its own
        above = _cells(source[number - 1], counted) if single and width else -1
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
