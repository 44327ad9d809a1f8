"""Wrap spaces: spaces that a line wrap of the printed column left inside Chinese text.

Only body lines are touched: a line that carries sentence punctuation (``。，；！？`` or their ASCII
forms) or is long (:data:`BODY_LENGTH` characters or more), and does not start with a markdown
``#`` mark. Headings, bylines (``本报记者 郑元丹``), name lines (``谢 婷``) and credits
(``拍友 丁启哲 摄``) are short lines without sentence punctuation and keep their spaces.

In a body line a run of spaces is removed when one side is Chinese (an ideograph or Chinese
punctuation) and the other side is Chinese, a digit or a Latin letter (``跟 上`` → ``跟上``,
``结对企业 105家`` → ``结对企业105家``), and so is a space inside a number or a short Latin token
that stands between Chinese characters (``约72 0万千瓦时`` → ``约720万千瓦时``, ``5 G`` → ``5G``:
Chinese text prints no space inside a number). Other spaces between Latin words or digits stay
(``Windows 11``). Spaces that the page printed on
purpose stay too:

* inside a short quoted phrase made of parallel parts, all of one length and three characters
  or more (``“迎亚运 优服务 提形象”``, ``“最杭州 新上城”``); a wrap inside ``“共富 工坊”`` is removed;
* inside short brackets that hold a byline (``（记者 李华 通讯员 马美兰）``, ``(马可远 金棋)``);
* in a photo credit at the end of a line (``…服务。 拍友 丁启哲 摄``).
"""

from __future__ import annotations

import heapq
import re

from ..model import Repair
from ._chars import CJK_CHARS, CJK_PUNCT

__all__ = ["BODY_LENGTH", "fix_wrap_spaces"]

BODY_LENGTH = 40
"""A line at least this long is a body line when it has any punctuation, even no sentence end."""
_ANY_PUNCT = re.compile("[，、；：“”‘’（）,;:()\"']")

_C = f"{CJK_CHARS}{CJK_PUNCT}"
_SPACE = re.compile(f"(?<=[{_C}])[ \\t\\u00a0]+(?=[{_C}0-9A-Za-z])|(?<=[0-9A-Za-z%])[ \\t\\u00a0]+(?=[{_C}])")
_SPLIT_RUN = re.compile(f"(?<=[{_C}])[0-9A-Za-z.%]+(?:[ \\t\\u00a0]+[0-9A-Za-z.%]+)+(?=[{_C}]|$)")
"""Digits and Latin letters between Chinese characters, with spaces inside."""
_SPACED_TOKEN = re.compile("[0-9A-Za-z.%][ \t\u00a0]+[0-9A-Za-z.%]")
_NUMBER = re.compile("[0-9.%]+")
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
_QUOTED = re.compile("[“\"‘'「『]([^“”\"‘’'「」『』。，、；！？,;!?\\n]{1,30})[”\"’'」』]")
_BRACKETED = re.compile(r"[(（]([^()（）\n]{1,30})[)）]")
_BYLINE_INSIDE = re.compile(r"记者|通讯员|编辑|摄|^(?:\S{2,4} )+\S{2,4}$")
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


def _is_slogan(phrase: str) -> bool:
    """True for parallel parts of equal length, three characters or more (``迎亚运 优服务 提形象``)."""
    parts = phrase.split()
    return len(parts) >= 2 and len({len(p) for p in parts}) == 1 and len(parts[0]) >= 3


def _protected(line: str) -> list[tuple[int, int]]:
    spans = [m.span(1) for m in _QUOTED.finditer(line) if _is_slogan(m.group(1))]
    spans += [m.span(1) for m in _BRACKETED.finditer(line) if _BYLINE_INSIDE.search(m.group(1))]
    credit = _CREDIT.search(line)
    if credit:
        spans.append(credit.span())
    return spans


def fix_wrap_spaces(text: str) -> list[Repair]:
    """Repairs that remove wrap spaces inside Chinese text of body lines."""
    out: list[Repair] = []
    if " " not in text and "\t" not in text and "\u00a0" not in text:
        return out
    offset = 0
    for line in text.split("\n"):
        if _is_body(line):
            spaces = [(m.start(), m.group()) for m in _SPACE.finditer(line)]
            found = list(heapq.merge(spaces, _split_token_spaces(line)))  # both in order already
            if found:
                # spans and spaces both in order: one walk over the two (never every space
                # against every span)
                spans = iter(sorted(_protected(line)))
                span = next(spans, None)
                for start, space in found:
                    while span is not None and span[1] <= start:
                        span = next(spans, None)
                    if span is not None and span[0] <= start:
                        continue
                    out.append(Repair("wrap_spaces", offset + start, space, ""))
        offset += len(line) + 1
    return out
