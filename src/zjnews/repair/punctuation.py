"""Punctuation width: ASCII ``, : ; ( ) ? !`` to full width where the context is Chinese.

The decision looks only at the characters around each mark (its nearest neighbours that are not
spaces, quote marks or other marks of this set), never at word lists:

* ``,`` ``;`` ``:`` become full width when a neighbour is Chinese, except between two digits
  (``1,000``, ``10:30``) and after Latin letters or digits when the next neighbour is not Chinese
  (``http://``, ``a;b``);
* ``?`` ``!`` become full width when the preceding neighbour is Chinese;
* ``(`` ``)`` are judged as a pair by their contents: ``(滨江)`` → ``（滨江）`` but ``(AIGC)`` stays;
  a mark without a partner on its line follows its inner neighbour.

The full stop ``.`` is never touched (``3.5``, ``www.``, abbreviations).
"""

from __future__ import annotations

import re

from ..model import Repair
from ._chars import CJK_CHARS, is_chinese_context

__all__ = ["fix_punctuation"]

_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_MARKS = re.compile(r"[,:;()?!]")
_SKIP = frozenset(" \t\u00a0\"'" + ",:;()?!" + "，：；（）？！")
_HAS_CJK = re.compile(f"[{CJK_CHARS}]")


_NOT_SKIPPED = re.compile("[^" + re.escape("".join(sorted(_SKIP))) + "]")


def _nearest(line: str, positions: list[int]) -> tuple[dict[int, str], dict[int, str]]:
    """The nearest character that is not in ``_SKIP`` left and right of each of ``positions``
    (ascending), ``""`` at the line's ends.

    Linear in the line: marks inside one run of skipped characters share their neighbours, so
    each stretch of the line is searched once (a search per mark would be quadratic in a run of
    marks such as ``,,,,,,``). The left neighbours are searched in the reversed line.
    """
    n = len(line)
    right: dict[int, str] = {}
    found = -1
    for i in positions:
        if found <= i:
            match = _NOT_SKIPPED.search(line, i + 1)
            found = match.start() if match else n
        right[i] = line[found] if found < n else ""
    left: dict[int, str] = {}
    reverse = line[::-1]
    found = -1
    for i in reversed(positions):
        at = n - 1 - i  # the position of i in the reversed line
        if found <= at:
            match = _NOT_SKIPPED.search(reverse, at + 1)
            found = match.start() if match else n
        left[i] = reverse[found] if found < n else ""
    return left, right


def _is_digit(char: str) -> bool:
    return char.isascii() and char.isdigit()


def _separator_is_chinese(line: str, i: int, left: str, right: str) -> bool:
    if _is_digit(left) and _is_digit(right) and line[i - 1 : i] != " " and line[i + 1 : i + 2] != " ":
        return False  # 1,000  10:30
    if is_chinese_context(left) or is_chinese_context(right):
        # after Latin/digits, a colon is only Chinese when Chinese text follows (not http://)
        return not (line[i] == ":" and not is_chinese_context(right) and left.isascii())
    return False


def _paren_pairs(line: str, positions: list[int]) -> dict[int, int]:
    """Match ``(`` with ``)`` on one line; returns position → partner position."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    for i in positions:
        if line[i] == "(":
            stack.append(i)
        elif stack:
            j = stack.pop()
            partner[i] = j
            partner[j] = i
    return partner


def _pairs_with_chinese(line: str, partner: dict[int, int]) -> set[int]:
    """The brackets (both of each pair) whose pair holds a Chinese character.

    The pairs are taken by their opening position, ascending; the first ideograph at or after a
    position is searched once per stretch of the line (nested pairs share it), so the cost stays
    linear however deep the nesting.
    """
    chinese: set[int] = set()
    found = -1
    for start in sorted(i for i, j in partner.items() if i < j):
        if found <= start:
            match = _HAS_CJK.search(line, start + 1)
            found = match.start() if match else len(line)
        if found < partner[start]:
            chinese.update((start, partner[start]))
    return chinese


def _fix_line(line: str, offset: int, out: list[Repair]) -> None:
    positions = [m.start() for m in _MARKS.finditer(line)]
    if not positions:
        return
    partner = _paren_pairs(line, [i for i in positions if line[i] in "()"])
    chinese_pairs = _pairs_with_chinese(line, partner) if partner else set()
    left, right = _nearest(line, positions)
    for i in positions:
        mark = line[i]
        if mark in ",;:":
            convert = _separator_is_chinese(line, i, left[i], right[i])
        elif mark in "?!":
            convert = is_chinese_context(left[i])
        else:
            j = partner.get(i)
            if j is not None:
                convert = i in chinese_pairs
            elif mark == "(":
                convert = is_chinese_context(right[i])
            else:
                convert = is_chinese_context(left[i])
        if convert:
            out.append(Repair("punctuation", offset + i, mark, _FULL[mark]))


def fix_punctuation(text: str) -> list[Repair]:
    """Repairs that turn half-width ``, : ; ( ) ? !`` into full width in Chinese context."""
    out: list[Repair] = []
    if _MARKS.search(text) is None:
        return out
    offset = 0
    for line in text.split("\n"):
        _fix_line(line, offset, out)
        offset += len(line) + 1
    return out
