"""Quotes: ASCII ``"`` and ``'`` in Chinese text to paired ``“ ”`` and ``‘ ’``.

Pairing is decided per line (a line of the dump is a printed paragraph or a part of one):

* the double marks of a line (``"`` together with any ``“`` ``”`` already there) are paired in
  order; when their number is even and the curly ones already stand where the pairing puts
  them, each ASCII mark becomes ``“`` (opening) or ``”`` (closing);
* single marks ``'`` are paired the same way, apart from apostrophes between Latin letters
  (``don't``); they become ``‘ ’``, which nests inside ``“ ”`` as printed;
* a pair is converted only when its context is Chinese: Chinese inside it or right outside it;
* a line with an odd number of marks that breaks off mid-sentence is a piece of a paragraph
  broken at a column break, with one half of a quotation on each piece: when one of the next
  few lines (past blank lines and a dropped caption) has an odd number of marks too, that is the
  other piece, and the marks of both are paired as one sequence;
* otherwise a line with an odd number of marks shows by its ends which mark has its partner
  elsewhere: the last mark opens a quotation
  on a line that breaks off mid-sentence (``…亲手修复"碎``), the first closes one when what
  follows can only follow a closing mark (``瓷片" 的体验环节。``); the others pair as above;
* when the ends do not tell, the marks' neighbours vote: a mark after a colon opens, a mark that
  punctuation follows closes, and the reading (first mark closes, or last mark opens) that more
  of them agree with is taken;
* a line whose marks cannot be paired (an odd number with no such sign, curly marks in the
  wrong places) is left as it is: a wrong guess would be worse than a straight mark.
"""

from __future__ import annotations

import bisect
import re

from ..blocks import wrap_runs
from ..model import Repair
from ._chars import CJK_CHARS, is_chinese_context
from ._diff import RepairRuns

__all__ = ["fix_quotes"]

_HAS_CJK = re.compile(f"[{CJK_CHARS}]")
_DOUBLE = re.compile("[\"“”]")
_SINGLE = re.compile("['‘’]")


_SKIPPED = frozenset(" \t\"'“”‘’")
"""Passed over when reading a pair's context: spaces, and marks whose own form this pass may change."""


_SKIPPED_RUN = re.compile("[" + re.escape("".join(sorted(_SKIPPED))) + "]+")


class _Neighbours:
    """The nearest character that is not a space or a quote mark on either side of a position.

    Deciding by a mark would make the result depend on whether that mark was converted already
    (the pass would not be idempotent). The runs of skipped characters are found once, so a
    query jumps over a run instead of walking it (walking would be quadratic in a long run of
    marks such as ``"" "" ""``).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        runs = [m.span() for m in _SKIPPED_RUN.finditer(text)]
        self.starts = [start for start, _ in runs]
        self.ends = [end for _, end in runs]

    def __call__(self, i: int, step: int) -> str:
        j = i + step
        k = bisect.bisect_right(self.starts, j) - 1
        if k >= 0 and j < self.ends[k]:  # j is in a run of skipped characters: jump over it
            j = self.ends[k] if step > 0 else self.starts[k] - 1
        return self.text[j] if 0 <= j < len(self.text) else ""


def _marks(text: str, pattern: re.Pattern[str], marks: str) -> list[int]:
    """Positions of the quote marks of one kind in ``text`` (apostrophes left out)."""
    found = [m.start() for m in pattern.finditer(text)]
    if marks == "‘’":
        # an apostrophe inside a Latin word is not a quote mark
        found = [
            i
            for i in found
            if not (text[i] == "'" and text[i - 1 : i].isalpha() and text[i - 1 : i].isascii()
                    and text[i + 1 : i + 2].isalpha() and text[i + 1 : i + 2].isascii())
        ]
    return found


def _pair(text: str, found: list[int], marks: str, wanted: dict[int, str], neighbour: _Neighbours) -> None:
    """Pair ``found`` in order (an even number of marks) into ``wanted``."""
    opening, closing = marks[0], marks[1]
    for k in range(0, len(found), 2):
        i, j = found[k], found[k + 1]
        chinese = (
            _HAS_CJK.search(text, i + 1, j) is not None
            or is_chinese_context(neighbour(i, -1))
            or is_chinese_context(neighbour(j, 1))
        )
        wanted[i], wanted[j] = (opening, closing) if chinese else (text[i], text[j])


def _emit(text: str, wanted: dict[int, str], marks: str, out: list[tuple[int, str, str]]) -> None:
    """The repairs of ``wanted``, unless a curly mark already stands where the pairing says otherwise."""
    if any(text[i] in marks and text[i] != want for i, want in wanted.items()):
        return  # leave these marks alone
    out.extend((i, text[i], want) for i, want in wanted.items() if text[i] != want)


_PARTNER_REACH = 6
"""Lines after a line with a quotation broken off where its other half is looked for (blank lines
and a dropped caption and credit between the two pieces of a paragraph)."""


def _fix_kind(
    text: str,
    lines: list[tuple[int, int]],
    pattern: re.Pattern[str],
    marks: str,
    out: list[tuple[int, str, str]],
    neighbour: _Neighbours,
) -> None:
    found: list[list[int]] = [[] for _ in lines]
    starts = [start for start, _ in lines]
    for position in _marks(text, pattern, marks):
        found[bisect.bisect_right(starts, position) - 1].append(position)
    done: set[int] = set()
    for n, here in enumerate(found):
        if not here or n in done:
            continue
        start, end = lines[n]
        wanted: dict[int, str] = {}
        if len(found[n]) % 2 and text[start:end].rstrip()[-1:] not in _SENTENCE_CLOSE:
            # a paragraph broken mid-sentence with a quotation open: pair it with the other piece,
            # whose first mark closes the quotation (a mark opening that line is no closing one:
            # the piece re-reads the quotation's start)
            partner = next((m for m in range(n + 1, min(len(lines), n + 1 + _PARTNER_REACH)) if found[m]), None)
            if (
                partner is not None
                and partner not in done
                and len(found[partner]) % 2
                and text[lines[partner][0] : found[partner][0]].strip()
            ):
                _pair(text, found[n] + found[partner], marks, wanted, neighbour)
                _emit(text, wanted, marks, out)
                done.add(partner)
                continue
        marks_here = found[n]
        if all(text[i] in marks for i in marks_here):
            continue  # nothing straight to pair
        if len(marks_here) % 2:
            lone = _lone_mark(text, start, end, marks_here, neighbour) or _vote(marks_here, neighbour)
            if lone is None:
                continue
            if lone == "opening":
                wanted[marks_here[-1]], marks_here = marks[0], marks_here[:-1]
            else:
                wanted[marks_here[0]], marks_here = marks[1], marks_here[1:]
        _pair(text, marks_here, marks, wanted, neighbour)
        _emit(text, wanted, marks, out)


_SENTENCE_CLOSE = frozenset("。！？!?…”’」』）)")
_AFTER_CLOSING = frozenset("，。、；：？！,.;:?!的了着们吗呢吧")
"""What follows a closing quote mark, never an opening one (``碎瓷片”的``, ``”，他说``)."""


def _lone_mark(text: str, start: int, end: int, found: list[int], neighbour: _Neighbours) -> str | None:
    """Which mark of an odd count has its partner on another line, ``"opening"`` (the last one) or
    ``"closing"`` (the first one): a paragraph broken at a column break carries one half of a
    quotation on each piece.

    The last mark opens a quotation when the line breaks off mid-sentence and the mark has text
    after it (``…亲手修复"碎``); the first mark closes one when what follows it can only follow a
    closing mark (``瓷片" 的体验环节。``). Otherwise (or when both hold) there is no telling.
    """
    stripped = text[start:end].rstrip()
    last, first = found[-1], found[0]
    # the nearest character beyond a line's end is its newline (never skipped): none on this line
    before_last = neighbour(last, -1).replace("\n", "")
    after_first = neighbour(first, 1).replace("\n", "")
    # after a sentence end a mark may close the sentence or open the next one: no telling
    opens = (
        bool(stripped)
        and stripped[-1] not in _SENTENCE_CLOSE
        and last - start < len(stripped) - 1
        and before_last not in _SENTENCE_CLOSE
    )
    closes = after_first in _AFTER_CLOSING or not after_first
    if opens == closes:
        return None
    return "opening" if opens else "closing"


_OPENS_AFTER = frozenset("：:")
"""What stands before an opening quote mark, never before a closing one (``他说：“``)."""


def _cue(i: int, neighbour: _Neighbours) -> int:
    """What the characters around the mark at ``i`` say of it: 1 opening, -1 closing, 0 nothing."""
    before, after = neighbour(i, -1), neighbour(i, 1)
    if before in _OPENS_AFTER:
        return 1
    if after in _AFTER_CLOSING and after not in "的了着们吗呢吧":
        return -1  # a mark that punctuation follows closes
    return 0


def _vote(found: list[int], neighbour: _Neighbours) -> str | None:
    """Which mark of an odd count has its partner on another line when the line's ends do not
    tell: each reading (the first mark closes a quotation from before, or the last one opens a
    quotation that goes on) gives every mark a role, and the reading that more marks' neighbours
    agree with wins (``…经验。"联合国…哈洛特说:"中国…``: the mark after the colon opens, so the
    first mark closes). A tie tells nothing."""
    cues = [_cue(i, neighbour) for i in found]
    # reading "closing": the first mark closes, then the marks pair open/close in order;
    # reading "opening": the marks pair open/close in order, the last one opens
    closing = -cues[0] + sum(c if k % 2 == 0 else -c for k, c in enumerate(cues[1:]))
    opening = cues[-1] + sum(c if k % 2 == 0 else -c for k, c in enumerate(cues[:-1]))
    if closing == opening:
        return None
    return "closing" if closing > opening else "opening"


def fix_quotes(text: str) -> list[Repair]:
    """Repairs that turn ASCII quote marks into paired curly quotes in Chinese text."""
    if '"' not in text and "'" not in text:
        return []
    out: list[tuple[int, str, str]] = []
    lines = []
    start = 0
    split = text.split("\n")
    for line in split:
        lines.append((start, start + len(line)))
        start += len(line) + 1
    # the lines of a block wrapped to the dump's width are read as the one line they were
    for first, past in reversed(wrap_runs(split)):
        lines[first:past] = [(lines[first][0], lines[past - 1][1])]
    neighbour = _Neighbours(text)
    _fix_kind(text, lines, _DOUBLE, "“”", out, neighbour)
    _fix_kind(text, lines, _SINGLE, "‘’", out, neighbour)
    runs = RepairRuns("quotes")
    for position, before, after in sorted(out):
        runs.add(position, before, after)
    return runs.repairs()
