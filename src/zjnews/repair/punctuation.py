"""Punctuation width: ASCII ``, : ; ( ) ? !`` to full width where the context is Chinese.

The decision looks only at the characters around each mark (its nearest neighbours that are not
spaces, quote marks or other marks of this set; at a line's start or end, the nearest character
on the nearest line above or below that has one), never at word lists:

* ``,`` ``;`` ``:`` become full width when a neighbour is Chinese, except between two digits
  (``1,000``, ``3:1``) and after Latin letters or digits when the next neighbour is not Chinese
  (``http://``, ``a;b``); ``,`` ``;`` after a percentage separate clauses in a Chinese line
  (``36%,6月份``); the colon of a clock time that Chinese text touches is printed full width
  (``下午1:30`` → ``下午1：30``);
* ``?`` ``!`` become full width when the preceding neighbour is Chinese;
* ``(`` ``)`` are judged as a pair: a pair in Chinese text is printed full width whatever it
  holds, so it converts when it holds Chinese or Chinese stands right outside it
  (``(滨江)`` → ``（滨江）``, ``内容(AIGC)正在`` → ``内容（AIGC）正在``), and stays in Latin or
  formula text (``f(x)``); a mark without a partner on its line follows its neighbours.

The full stop ``.`` is never touched (``3.5``, ``www.``, abbreviations), and neither is markup
that another exporter leaves in the text: a markdown image link (``![](img/01.jpg)``) or a URL.
"""

from __future__ import annotations

import re

from ..model import Repair
from ._chars import CJK_CHARS, is_chinese_context
from ._diff import RepairRuns

__all__ = ["fix_punctuation"]

_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_MARKS = re.compile(r"[,:;()?!]")
_SKIP = frozenset(" \t\u00a0\"'" + ",:;()?!" + "，：；（）？！")
_HAS_CJK = re.compile(f"[{CJK_CHARS}]")
_MARKUP = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|https?://[^\s{CJK}]+".replace("{CJK}", CJK_CHARS))
"""Markup, not text: a markdown image link or a URL (its marks keep their width)."""


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


def _separator_is_chinese(line: str, i: int, left: str, right: str, chinese_line: bool) -> bool:
    if left == "%" and line[i] in ",;" and chinese_line:
        return True  # 36%,6月份: a percentage ends a quantity, so the mark separates clauses
    if _is_digit(left) and _is_digit(right) and line[i - 1 : i] != " " and line[i + 1 : i + 2] != " ":
        return False  # 1,000  10:30 (a clock time in Chinese text is judged by _chinese_times)
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


def _outside(i: int, j: int, left: dict[int, str], right: dict[int, str]) -> tuple[str, str]:
    """The neighbours outside the bracket pair at ``i`` and ``j``: left of ``(``, right of ``)``."""
    opening, closing = min(i, j), max(i, j)
    return left[opening], right[closing]


_TIME = re.compile(r"(?<![0-9.])(?<![0-9]:)[0-9]{1,2}:[0-9]{2}(?![0-9]|:[0-9])")
"""A clock time (``9:30``, ``24:00``); ``3:1`` and ``10:30:15`` are no clock time of this form."""


def _chinese_times(line: str, around: tuple[str, str]) -> set[int]:
    """The colons of clock times that Chinese text touches (``下午1:30，``, ``至24:00。``): the
    printed Chinese text sets them full width; a time among Latin words stays (``at 10:30 am``)."""
    colons: set[int] = set()
    reverse = line[::-1]
    n = len(line)
    for match in _TIME.finditer(line):
        after = _NOT_SKIPPED.search(line, match.end())
        before = _NOT_SKIPPED.search(reverse, n - match.start())
        right = line[after.start()] if after else around[1]
        left = reverse[before.start()] if before else around[0]
        if is_chinese_context(left) or is_chinese_context(right):
            colons.add(match.start() + match.group().index(":"))
    return colons


def _outside_markup(line: str, positions: list[int]) -> list[int]:
    """The ``positions`` (ascending) that lie outside every markup span of ``line`` (one walk)."""
    kept: list[int] = []
    k = 0
    for match in _MARKUP.finditer(line):
        start, end = match.span()
        while k < len(positions) and positions[k] < start:
            kept.append(positions[k])
            k += 1
        while k < len(positions) and positions[k] < end:
            k += 1
    kept.extend(positions[k:])
    return kept


def _fix_line(line: str, offset: int, around: tuple[str, str], out: RepairRuns) -> None:
    """Repairs of one line; ``around`` holds the nearest characters on the lines before and after
    (a dump breaks lines inside a sentence, so a mark at a line end has its neighbour there)."""
    positions = [m.start() for m in _MARKS.finditer(line)]
    if not positions:
        return
    if "!" in line or "://" in line:
        positions = _outside_markup(line, positions)
        if not positions:
            return
    partner = _paren_pairs(line, [i for i in positions if line[i] in "()"])
    chinese_pairs = _pairs_with_chinese(line, partner) if partner else set()
    left, right = _nearest(line, positions)
    for i in positions:
        left[i] = left[i] or around[0]
        right[i] = right[i] or around[1]
    chinese_line = _HAS_CJK.search(line) is not None
    times = _chinese_times(line, around) if chinese_line and ":" in line else set()
    for i in positions:
        mark = line[i]
        if mark in ",;:":
            convert = i in times or _separator_is_chinese(line, i, left[i], right[i], chinese_line)
        elif mark in "?!":
            convert = is_chinese_context(left[i])
        else:
            j = partner.get(i)
            if j is not None:
                # a pair in Chinese text is printed full width whatever it holds: （滨江）, （GDP）,
                # （2019）; a pair with only Latin or digits inside and around stays (f(x))
                convert = i in chinese_pairs or any(map(is_chinese_context, _outside(i, j, left, right)))
            else:
                convert = is_chinese_context(left[i]) or is_chinese_context(right[i])
        if convert:
            out.add(offset + i, mark, _FULL[mark])


def fix_punctuation(text: str) -> list[Repair]:
    """Repairs that turn half-width ``, : ; ( ) ? !`` into full width in Chinese context."""
    if _MARKS.search(text) is None:
        return []
    out = RepairRuns("punctuation")
    lines = text.split("\n")
    heads = [_first_kept(line) for line in lines]
    tails = [_first_kept(line[::-1]) for line in lines]
    before = [""] * len(lines)  # the last kept character of the nearest line above that has one
    after = [""] * len(lines)
    for k in range(1, len(lines)):
        before[k] = tails[k - 1] or before[k - 1]
    for k in range(len(lines) - 2, -1, -1):
        after[k] = heads[k + 1] or after[k + 1]
    offset = 0
    for k, line in enumerate(lines):
        _fix_line(line, offset, (before[k], after[k]), out)
        offset += len(line) + 1
    return out.repairs()


def _first_kept(line: str) -> str:
    """The first character of ``line`` that is not in ``_SKIP`` (``""`` when there is none)."""
    match = _NOT_SKIPPED.search(line)
    return match.group() if match else ""
