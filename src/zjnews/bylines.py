"""Byline forms and author names.

A byline stands in one of four places: a dateline opening the first paragraph
(``本报讯(记者 X 通讯员 Y)``), a line under the title (``本报记者 X …`` or a bare name line),
a line of its own after the article (``(X Y)``), or inline after the last sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from .chinese import SURNAMES, is_cjk, is_person_name, name_tokens
from .model import Removal

if TYPE_CHECKING:
    from .assemble.types import Draft, DraftArticle

__all__ = [
    "authors_of",
    "is_byline_line",
    "is_trailing_byline",
    "settle_bylines",
    "split_leading_dateline",
    "split_trailing_byline",
]

_ROLE_RE = re.compile(
    r"(?:本报|本台|本刊)?(?:特约|首席|见习|实习|驻[\u4e00-\u9fff]{1,4}|全媒体|融媒体|摄影|视频|新媒体)*"
    r"(?:记者|通讯员|实习生|摄影|编辑)|本报讯|本报|文/|图/"
)
"""A reporter's role in a byline, composed the way papers compose them: an optional owner
(``本报``), any qualifiers (``特约``, ``见习``, ``驻京``, ``融媒体``…) and a role noun (``记者``,
``通讯员``…); or the dateline word ``本报讯``."""


_DATELINE = re.compile(
    r"^\s*((?:本报讯|本报[\u4e00-\u9fff0-9０-９]{1,14}讯|新华社[^（(]{0,24}电|[\u4e00-\u9fff]{2,8}讯)"
    r"\s*[（(]([^（）()]{1,60})[）)])"
)
_TRAILING = re.compile(r"[（(]([^（）()]{2,40})[）)]\s*$")
_BYLINE_LINE = re.compile(
    r"^(?:(?:本报讯|[\u4e00-\u9fff]{2,8}讯)\s*)?(?:本报|本台|本刊)?"
    r"(?:特约|首席|见习|实习|驻[\u4e00-\u9fff]{1,4}|全媒体|融媒体|摄影|视频|新媒体)*(?:记者|通讯员)\s*[\u4e00-\u9fff]"
)


def authors_of(byline: str) -> tuple[str, ...]:
    """The person names in ``byline``, in order, without roles and inner spaces.

    Reading stops at a token that is not a name after roles are removed (``蹲点地点:…``).
    """
    text = byline.strip()
    text = text.strip("（）()")
    match = _DATELINE.match(byline)
    if match:
        text = match.group(2)
    names: list[str] = []
    for piece in _name_tokens(_ROLE_RE.sub(" ", text)):
        if _ROLE_RE.fullmatch(piece):
            continue  # a role word a wrap space had broken (通讯 员), put back together
        if _byline_name(piece):
            names.append(piece)
        elif names:
            break
    return tuple(names)


def _name_tokens(text: str) -> list[str]:
    """The tokens of a byline with the damage of wrap spaces undone.

    A name broken by a space (``童 立新``, ``谢 婷``) is put back together, and a run of names
    whose separating spaces were lost (``方雨童立新叶蓓``) is split into surname-led names.
    """
    merged: list[str] = []
    for listed in re.split(r"[、，,;；]+", text):
        # names listed with 、 are whole; a space may be a wrap inside a name
        start = len(merged)
        tokens = listed.split()
        for index, token in enumerate(tokens):
            follows = index + 1 < len(tokens) and len(tokens[index + 1]) <= 2
            if len(merged) > start and len(merged[-1]) == 1 and len(merged[-1]) + len(token) <= 3:
                merged[-1] += token  # a surname broken off its given name
            elif (
                len(merged) > start and len(token) == 1 and not (token in SURNAMES and follows) and len(merged[-1]) <= 2
            ):
                merged[-1] += token  # a given name's last character broken off
            else:
                merged.append(token)
    out: list[str] = []
    for token in merged:
        if 5 <= len(token) <= 12 and not _byline_name(token):
            split = _split_names(token)
            out.extend(split if split else [token])
        else:
            out.append(token)
    return out


def _split_names(run: str) -> list[str] | None:
    """Split a run of ideographs into 2–3 character names that each start with a surname."""
    if not run:
        return []
    if not all(is_cjk(c) for c in run):
        return None
    for size in (3, 2):
        head = run[:size]
        if len(head) == size and (head[0] in SURNAMES or head[:2] in SURNAMES):
            rest = _split_names(run[size:])
            if rest is not None:
                return [head, *rest]
    return None


def _byline_name(token: str) -> bool:
    """Inside a byline any 2–4 ideographs are a name (the surname list is not needed there)."""
    return (2 <= len(token) <= 4 and all(is_cjk(c) for c in token)) or is_person_name(token)


def split_leading_dateline(paragraph: str) -> tuple[str, str] | None:
    """``(byline, rest)`` when ``paragraph`` opens with a dateline such as ``本报讯(记者 X)``."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    inner = match.group(2)
    if not authors_of(match.group(1)) and not _ROLE_RE.search(inner):
        return None
    return match.group(1).strip(), paragraph[match.end() :].lstrip()


def _names_only(inner: str) -> bool:
    """True when ``inner`` holds only names (roles allowed): 2–4 ideographs each, at most six."""
    tokens = _name_tokens(_ROLE_RE.sub(" ", inner))
    return 0 < len(tokens) <= 6 and all(_byline_name(t) for t in tokens)


def is_trailing_byline(text: str) -> bool:
    """True for a line that is only a parenthesised list of names: ``(薛杨杨 甘凌峰)``."""
    stripped = text.strip()
    match = _TRAILING.fullmatch(stripped) if stripped[:1] in "（(" else None
    return bool(match) and _names_only(match.group(1))  # type: ignore[union-attr]


_CUT_ENDS = frozenset("，,、；;：:）)")
"""Marks a text cut off mid-sentence may end with before an inline byline."""


def split_trailing_byline(paragraph: str) -> tuple[str, str] | None:
    """``(rest, byline)`` when ``paragraph`` ends with a parenthesised list of names after its last
    sentence, or after text cut off mid-sentence when every name in it reads as a person name."""
    match = _TRAILING.search(paragraph)
    if not match or not _names_only(match.group(1)):
        return None
    rest = paragraph[: match.start()].rstrip()
    if not rest:
        return None
    if rest[-1] not in "。！？!?…”’\"'":
        # after text cut off mid-sentence (its end lost in the dump: after a word, a number, a
        # comma, or a bracketed note) only a bracket of person names is a byline (…张春(雷博静),
        # …盈利150(X Y)); a bracketed place or alias is not (…公司(北京))
        tokens = _name_tokens(_ROLE_RE.sub(" ", match.group(1)))
        cut = is_cjk(rest[-1]) or rest[-1].isdigit() or rest[-1] in _CUT_ENDS
        if not cut or not tokens or not all(is_person_name(t) for t in tokens):
            return None
    return rest, match.group(0).strip()


def is_byline_line(text: str) -> bool:
    """True for a byline printed on its own line under a title: ``本报记者 X …`` or a bare name line."""
    stripped = text.strip()
    if len(stripped) > 60 or "。" in stripped or "，" in stripped or "," in stripped:
        return False  # a sentence (记者从市统计局获悉，…), not a byline
    if _BYLINE_LINE.match(stripped) and authors_of(stripped):
        return True
    return name_tokens(stripped) is not None


def _settle(article: DraftArticle, removed: list[Removal]) -> DraftArticle:
    """One article's byline from every placement, removed from its text (see :func:`settle_bylines`)."""
    byline = article.slot.byline
    byline_line = article.slot.byline_line
    if article.trailing is not None:
        if byline is None:
            byline, byline_line = article.trailing, article.trailing_line
        else:
            removed.append(Removal(article.trailing, "byline with no article", article.trailing_line))
    paragraphs = list(article.paragraphs)
    if paragraphs:
        dateline = split_leading_dateline(paragraphs[0])
        if dateline is not None:
            if byline is None:
                byline = dateline[0]
                byline_line = min(article.paragraph_lines[0], default=0) if article.paragraph_lines else 0
            else:
                first_lines = article.paragraph_lines[0] if article.paragraph_lines else ()
                removed.append(Removal(dateline[0], "second byline of the article", min(first_lines, default=0)))
            paragraphs[0] = dateline[1]
        # the closing byline ends the last paragraph, or the last one before text stranded under it
        for k in range(len(paragraphs) - 1, -1, -1):
            trailing = split_trailing_byline(paragraphs[k])
            if trailing is None:
                continue
            paragraphs[k] = trailing[0]
            if byline is None:
                byline = trailing[1]
                byline_line = max(article.paragraph_lines[k], default=0) if k < len(article.paragraph_lines) else 0
            else:
                lines_k = article.paragraph_lines[k] if k < len(article.paragraph_lines) else ()
                removed.append(Removal(trailing[1], "second byline of the article", max(lines_k, default=0)))
            break
    kept = [k for k, text in enumerate(paragraphs) if text.strip()]
    lines = article.paragraph_lines
    return attrs.evolve(
        article,
        slot=attrs.evolve(article.slot, byline=byline, byline_line=byline_line),
        paragraphs=tuple(paragraphs[k] for k in kept),
        paragraph_lines=tuple(lines[k] for k in kept) if len(lines) == len(paragraphs) else lines,
        trailing=None,
    )


def settle_bylines(draft: Draft) -> Draft:
    """The bylines stage: each article's byline read from every placement (a line under the
    title, a line after the article, a dateline opening the first paragraph, an inline ``(X Y)``
    after the last sentence) and removed from the body; a second byline is recorded as removed."""
    removed = list(draft.removed)
    articles = tuple(_settle(article, removed) for article in draft.articles)
    return attrs.evolve(draft, articles=articles, removed=tuple(removed))
