"""Wrap spaces: spaces that a line wrap of the printed column left inside Chinese text.

Only body lines are touched (in a dump wrapped to a width, the block a line was wrapped from
stands for the line, :func:`zjnews.blocks.wrap_runs`): a line that carries sentence punctuation
(``。，；！？`` or their ASCII forms) or is long (:data:`BODY_LENGTH` characters or more), and does
not start with a markdown ``#`` mark. Headings, bylines (``本报记者 郑元丹``), name lines
(``谢 婷``) and credits (``影友 陈立群 摄``) are short lines without sentence punctuation and keep their spaces.

In a body line a run of spaces is removed when one side is Chinese (an ideograph or Chinese
punctuation) and the other side is Chinese, a digit or a Latin letter (``跟 上`` → ``跟上``,
``结对企业 105家`` → ``结对企业105家``), and so is a space inside a number or a short Latin token
that stands between Chinese characters (``约72 0万千瓦时`` → ``约720万千瓦时``, ``5 G`` → ``5G``:
Chinese text prints no space inside a number). Other spaces between Latin words or digits stay
(``Windows 11``). Spaces that the page printed on
purpose stay too:

* between the parallel parts of a slogan, all of one length and :data:`SLOGAN_PART` characters or
  more, in a phrase opened by a quote or title mark and closed by its mark, a dash or a colon
  (``“迎亚运 优服务 提形象”``, ``《携手同行 共护家园》``, ``“数字赋能 共创未来——…”``), unless a
  lexicon word runs across the cut (:data:`WORD_ACROSS`); a wrap inside ``“共富 工坊”`` or inside
  one part of a slogan is removed;
* inside short brackets that hold a byline (``（记者 李华 通讯员 马美兰）``, ``(马可远 金棋)``);
* in a photo credit at the end of a line (``…服务。 影友 陈立群 摄``).
"""

from __future__ import annotations

import heapq
import re

from ..blocks import wrap_runs
from ..lexicon import pair_frequency
from ..model import Repair
from ._chars import CJK_CHARS, CJK_PUNCT
from ._diff import RepairRuns

__all__ = ["BODY_LENGTH", "SLOGAN_PART", "WORD_ACROSS", "fix_wrap_spaces"]

BODY_LENGTH = 40
"""A line at least this long is a body line when it has any punctuation, even no sentence end."""
_ANY_PUNCT = re.compile("[，、；：“”‘’（）,;:()\"']")

_C = f"{CJK_CHARS}{CJK_PUNCT}"
_ROMAN = "\u2160-\u217f"
"""Roman numerals as one character each (``Ⅱ级``)."""
_SPACE = re.compile(
    f"(?<=[{_C}])[ \\t\\u00a0]+(?=[{_C}0-9A-Za-z{_ROMAN}/+])|(?<=[0-9A-Za-z{_ROMAN}%])[ \\t\\u00a0]+(?=[{_C}])"
)
"""A space with Chinese on one side and Chinese, a digit, a Latin or Roman-numeral letter on the
other, or a per-unit slash or plus after Chinese (``1000元 /人``, ``10万 +``)."""
_SPLIT_RUN = re.compile(f"(?<=[{_C}])[0-9A-Za-z.%/]+(?:[ \\t\\u00a0]+[0-9A-Za-z.%/]+)+(?=[{_C}]|$)")
"""Digits and Latin letters between Chinese characters, with spaces inside."""
_SPACED_TOKEN = re.compile("[0-9A-Za-z.%/][ \t\u00a0]+[0-9A-Za-z.%/]")
_NUMBER = re.compile("[0-9.%/]+")
"""A number as printed: digits, decimal point, percent, a fraction's slash (``1/4``)."""
_INNER_SPACE = re.compile("[ \t\u00a0]+")
_SHORT_RUN = 5
"""A run of letters and digits this long or shorter is one token (``5G``, ``AI``, ``APP``)."""


def _split_token_spaces(line: str) -> list[tuple[int, str]]:
    """Wraps inside one number or one short Latin token between Chinese characters
    (``约72 0万千瓦时``, ``增长9 .1%``, ``实施5 G全连接``); a run of several words keeps its spaces
    (``Windows 11``)."""
    out: list[tuple[int, str]] = []
    if _SPACED_TOKEN.search(line) is None:
        return out
    for match in _SPLIT_RUN.finditer(line):
        run = match.group()
        joined = _INNER_SPACE.sub("", run)
        if _NUMBER.fullmatch(joined) or len(joined) <= _SHORT_RUN:
            out += [(match.start() + m.start(), m.group()) for m in _INNER_SPACE.finditer(run)]
    return out
_SENTENCE = re.compile(f"[{CJK_CHARS}][。，；！？,;!?]")
_BRACKETED = re.compile(r"[(（]([^()（）\n]{1,30})[)）]")
_BYLINE_INSIDE = re.compile(f"记者|通讯员|编辑|摄|^(?:[{CJK_CHARS}]{{2,4}} )+[{CJK_CHARS}]{{2,4}}$")
"""A byline in brackets: a reporter's word, or names of ideographs only (``(马可远 金棋)``, never
``(北京时间 13时)`` or ``(以下简称 《纲要》)``)."""
_CREDIT = re.compile(r"[。！？.!?\s][^。！？.!?]{1,20}(?:摄|供图|制图)$")


def _is_body(line: str) -> bool:
    stripped = line.lstrip()
    if not stripped or stripped.startswith("#"):
        return False
    if _SENTENCE.search(stripped) is not None:
        return True
    # a long line is body text when it has any punctuation; a headline line of 40 characters or
    # more (a kicker and title printed on one line) has none and keeps its spaces
    return len(stripped) >= BODY_LENGTH and _ANY_PUNCT.search(stripped) is not None


SLOGAN_PART = 3
"""The shortest part of a slogan whose parts the page prints apart (``迎亚运 优服务 提形象``)."""

WORD_ACROSS = 100
"""How often two characters must stand together inside the lexicon's words for a space between
them to be a wrap inside a word rather than a slogan's parting (fitted on the even development
pages)."""

_PHRASE = re.compile(
    f"[“\"‘'「『《]([ \\t\\u00a0]{{0,4}}[{CJK_CHARS}][{CJK_CHARS} \\t\\u00a0]{{2,40}}?"
    f"[{CJK_CHARS}][ \\t\\u00a0]{{0,4}})(?=[”\"’'」』》:：]|——)"
)
"""A phrase of ideographs and spaces opened by a quote or title mark and closed by the closing
mark, a dash or a colon (a slogan printed before its subtitle: ``“数字赋能 共创未来——…”``); a
wrap space right inside the marks belongs to no part."""


def _slogan_spaces(phrase: str, start: int) -> list[tuple[int, int]]:
    """The spaces of ``phrase`` (at ``start`` in the line) that part a slogan: the smallest part
    length of :data:`SLOGAN_PART` characters or more at every multiple of which (counted without
    spaces) a space stands; the other spaces are wraps (``与爱同行 守望 相助`` keeps the first)."""
    spaces: dict[int, tuple[int, int]] = {}  # ideographs before the space -> its span in the line
    skipped = 0
    for m in _INNER_SPACE.finditer(phrase):
        spaces[m.start() - skipped] = (start + m.start(), start + m.end())
        skipped += len(m.group())
    count = len(phrase) - skipped
    for part in range(SLOGAN_PART, count // 2 + 1):
        cuts = range(part, count, part)
        if count % part == 0 and all(cut in spaces for cut in cuts):
            kept = [spaces[cut] for cut in cuts]
            if any(_word_across(phrase, s - start, e - start) for s, e in kept):
                return []  # a word runs across a cut (``新型儿 童零食``): a wrap, no slogan
            return kept
    return []


def _word_across(phrase: str, space_start: int, space_end: int) -> bool:
    """True when the two characters around the space stand together in the lexicon's words at
    least :data:`WORD_ACROSS` times (``儿童``), as a wrap inside a word leaves them."""
    pair = phrase[space_start - 1 : space_start] + phrase[space_end : space_end + 1]
    return pair_frequency(pair) >= WORD_ACROSS


def _protected(line: str) -> list[tuple[int, int]]:
    spans = [span for m in _PHRASE.finditer(line) for span in _slogan_spaces(m.group(1), m.start(1))]
    spans += [m.span(1) for m in _BRACKETED.finditer(line) if _BYLINE_INSIDE.search(m.group(1))]
    credit = _CREDIT.search(line)
    if credit:
        spans.append(credit.span())
    return spans


def fix_wrap_spaces(text: str) -> list[Repair]:
    """Repairs that remove wrap spaces inside Chinese text of body lines (the lines of a block
    that a wrap to the dump's width broke apart are body lines when the block is one)."""
    if " " not in text and "\t" not in text and "\u00a0" not in text:
        return []
    out = RepairRuns("wrap_spaces")
    offset = 0
    units = text.split("\n")
    # the lines of a block wrapped to the dump's width are fragments: read them as the block,
    # their newlines kept (a newline is no space; a bracket or quotation may span them)
    for first, past in reversed(wrap_runs(units)):
        units[first:past] = ["\n".join(units[first:past])]
    for unit in units:
        # a line without a space has nothing to remove: no regex work on it
        if (" " in unit or "\t" in unit or "\u00a0" in unit) and _is_body(unit.replace("\n", "")):
            spaces = [(m.start(), m.group()) for m in _SPACE.finditer(unit)]
            found = list(heapq.merge(spaces, _split_token_spaces(unit)))  # both in order already
            if found:
                # spans and spaces both in order: one walk over the two (never every space
                # against every span)
                spans = iter(sorted(_protected(unit.replace("\n", " "))))
                span = next(spans, None)
                for start, space in found:
                    while span is not None and span[1] <= start:
                        span = next(spans, None)
                    if span is not None and span[0] <= start:
                        continue
                    out.add(offset + start, space, "")
        offset += len(unit) + 1
    return out.repairs()
