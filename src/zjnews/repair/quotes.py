"""Quotes: ASCII ``"`` and ``'`` in Chinese text to paired ``“ ”`` and ``‘ ’``.

Pairing is decided line by line (a line of the dump is a printed paragraph or a part of one):

* the double marks of a line (``"`` together with any ``“`` ``”`` already there) are paired in
  order; when their number is even and the curly ones already stand where the pairing puts
  them, each ASCII mark becomes ``“`` (opening) or ``”`` (closing);
* single marks ``'`` are paired the same way, apart from apostrophes between Latin letters
  (``don't``); they become ``‘ ’``, which nests inside ``“ ”`` as printed;
* a pair is converted only when its context is Chinese: Chinese inside it or right outside it;
* a line whose marks cannot be paired (an odd number, curly marks in the wrong places) is left
  as it is: a wrong guess would be worse than a straight mark.
"""

from __future__ import annotations

import re

from ..model import Repair
from ._chars import CJK_CHARS, is_chinese_context

__all__ = ["fix_quotes"]

_HAS_CJK = re.compile(f"[{CJK_CHARS}]")
_DOUBLE = re.compile("[\"“”]")
_SINGLE = re.compile("['‘’]")


_SKIPPED = frozenset(" \t\"'“”‘’")
"""Passed over when reading a pair's context: spaces, and marks whose own form this pass may change."""


def _neighbour(line: str, i: int, step: int) -> str:
    # the nearest character that is not a space or a quote mark: deciding by a mark would make the
    # result depend on whether that mark was converted already (the pass would not be idempotent)
    j = i + step
    while 0 <= j < len(line) and line[j] in _SKIPPED:
        j += step
    return line[j] if 0 <= j < len(line) else ""


def _pair_line(line: str, offset: int, pattern: re.Pattern[str], marks: str, out: list[Repair]) -> None:
    opening, closing = marks[0], marks[1]
    found = [m.start() for m in pattern.finditer(line)]
    if marks == "‘’":
        # an apostrophe inside a Latin word is not a quote mark
        found = [
            i
            for i in found
            if not (line[i] == "'" and line[i - 1 : i].isalpha() and line[i - 1 : i].isascii()
                    and line[i + 1 : i + 2].isalpha() and line[i + 1 : i + 2].isascii())
        ]
    if all(line[i] in marks for i in found):
        return  # nothing straight to pair
    if len(found) % 2:
        return
    for k, i in enumerate(found):
        want = opening if k % 2 == 0 else closing
        if line[i] in marks and line[i] != want:
            return  # a curly mark where the pairing says otherwise: leave the line alone
    for k in range(0, len(found), 2):
        i, j = found[k], found[k + 1]
        chinese = (
            _HAS_CJK.search(line, i + 1, j) is not None
            or is_chinese_context(_neighbour(line, i, -1))
            or is_chinese_context(_neighbour(line, j, 1))
        )
        if not chinese:
            continue
        if line[i] != opening:
            out.append(Repair("quotes", offset + i, line[i], opening))
        if line[j] != closing:
            out.append(Repair("quotes", offset + j, line[j], closing))


def fix_quotes(text: str) -> list[Repair]:
    """Repairs that turn ASCII quote marks into paired curly quotes in Chinese text."""
    out: list[Repair] = []
    if '"' not in text and "'" not in text:
        return out
    offset = 0
    for line in text.split("\n"):
        if '"' in line or "'" in line:
            found: list[Repair] = []
            _pair_line(line, offset, _DOUBLE, "“”", found)
            _pair_line(line, offset, _SINGLE, "‘’", found)
            out.extend(sorted(found, key=lambda r: r.position))
        offset += len(line) + 1
    return out
