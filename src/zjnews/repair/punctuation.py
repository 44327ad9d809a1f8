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


def _left(line: str, i: int) -> str:
    j = i - 1
    while j >= 0 and line[j] in _SKIP:
        j -= 1
    return line[j] if j >= 0 else ""


def _right(line: str, i: int) -> str:
    j = i + 1
    n = len(line)
    while j < n and line[j] in _SKIP:
        j += 1
    return line[j] if j < n else ""


def _is_digit(char: str) -> bool:
    return char.isascii() and char.isdigit()


def _separator_is_chinese(line: str, i: int) -> bool:
    left, right = _left(line, i), _right(line, i)
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


def _fix_line(line: str, offset: int, out: list[Repair]) -> None:
    positions = [m.start() for m in _MARKS.finditer(line)]
    if not positions:
        return
    partner = _paren_pairs(line, [i for i in positions if line[i] in "()"])
    for i in positions:
        mark = line[i]
        if mark in ",;:":
            convert = _separator_is_chinese(line, i)
        elif mark in "?!":
            convert = is_chinese_context(_left(line, i))
        else:
            j = partner.get(i)
            if j is not None:
                start, end = min(i, j), max(i, j)
                convert = _HAS_CJK.search(line, start + 1, end) is not None
            elif mark == "(":
                convert = is_chinese_context(_right(line, i))
            else:
                convert = is_chinese_context(_left(line, i))
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
