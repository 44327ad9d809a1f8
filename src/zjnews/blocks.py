"""Split decoded text into blocks: runs of non-blank lines, with markdown heading marks read off."""

from __future__ import annotations

import re

from .chinese import join_fragments
from .model import Block
from .prepare import PARAGRAPH_BREAK

__all__ = ["PARAGRAPH_BREAK", "join_lines", "split_blocks"]

_HEADING = re.compile(r"^(#+)\s*")


def join_lines(lines: list[str]) -> str:
    """Join the wrapped lines of one block: nothing between Chinese, one space between Latin words."""
    return join_fragments(lines)


def _lines(text: str) -> list[tuple[int, str]]:
    """``(line number, line)`` pairs, with a paragraph break inside a line read as a blank line."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        pieces = raw.split(PARAGRAPH_BREAK)
        for index, piece in enumerate(pieces):
            if index:
                out.append((number, ""))
            out.append((number, piece))
    out.append((len(out) + 1, ""))
    return out


def split_blocks(text: str) -> tuple[Block, ...]:
    """The blocks of ``text`` in dump order; ``#`` marks are removed and counted in ``heading_level``."""
    blocks: list[Block] = []
    current: list[str] = []
    start_line = 0
    level = 0
    for number, raw in _lines(text):
        line = raw.strip()
        match = _HEADING.match(line)
        if match and current:
            # a heading line always starts a block of its own
            blocks.append(Block(len(blocks), start_line, join_lines(current), level))
            current = []
        if not line:
            if current:
                blocks.append(Block(len(blocks), start_line, join_lines(current), level))
                current = []
            continue
        if not current:
            start_line = number
            level = len(match.group(1)) if match else 0
        if match:
            line = line[match.end() :].strip()
            if not line:
                continue
        current.append(line)
        if match:
            blocks.append(Block(len(blocks), start_line, join_lines(current), level))
            current = []
    return tuple(blocks)
