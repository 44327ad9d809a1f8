"""Decide each block's role from its own text and its neighbours.

Markdown ``#`` marks are one weak signal among length, punctuation, position and what
follows; a heading candidate is demoted to body when the text around shows it is the
middle of a sentence broken at a column break.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import operator
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any, SupportsIndex, overload

import attrs

from .bylines import is_byline_line, is_trailing_byline, split_leading_dateline, split_trailing_byline
from .chinese import (
    Vocabulary,
    ends_closed,
    ends_mid_clause,
    ends_open,
    is_cjk,
    is_person_name,
    join_strength,
    name_tokens,
    opens_sentence,
    starts_dangling,
    vocabulary,
)
from .dedup import overlap_length
from .jumps import JUMP_LINE
from .lexicon import lexicon, part_of_speech
from .model import Block, Decision, Role
from .options import Options
from .page_cache import page_cached, page_dict

__all__ = [
    "RoleResult",
    "assign_roles",
    "caption_rows",
    "caption_signals",
    "closes_unopened",
    "headline_rows",
    "headline_signals",
    "intrinsic_role",
    "is_furniture",
    "is_self_contained",
    "lead_repeats",
    "paired",
    "removal_reason",
    "role_weights",
    "split_credit",
    "title_rows",
    "title_signals",
]

_HEADING_ROLES = frozenset({Role.TITLE, Role.KICKER, Role.COLUMN, Role.SUBTITLE})
_ASIDE_ROLES = frozenset({Role.CAPTION, Role.CREDIT, Role.HEADSHOT, Role.NOISE, Role.FURNITURE})

_CAPTION_CUE = re.compile(
    r"[（(](?:左|右|中|前|后|上|下)[一二三四五六七八九十\d]?[）)]|^(?:图为|上图|下图|左图|右图|图[:：①②③④⑤\d])"
)
_CREDIT_END = ("摄", "供图", "制图", "摄影", "提供")
_BRACKETED_CREDIT = re.compile(r"[（(][^（）()]{0,30}(?:摄|供图|制图|提供|图片)[^（）()]{0,6}[）)]$")
_CREDIT_ROLE = re.compile(r"(本报|特约|记者|通讯员|摄影|见习|实习生|全媒体|融媒体|图/|文/|/)")
_SUBTITLE = re.compile(r"^\s*(?:——|—|─{1,2}|－－)")
_SENTENCE_PUNCT = re.compile(r"[。！？!?；;]")
_COMMA = re.compile(r"[，,]")
_MAX_HEADING = 48
_MAX_SHAPE = 96
"""The longest line weighed as a possible heading (a longer one is text)."""


def split_credit(text: str) -> tuple[str, str] | None:
    """``(caption, credit)`` when ``text`` ends with a photo credit (``网友 王晓东 摄``, ``…供图``).

    The caption part is empty for a line that is only a credit.
    """
    stripped = text.strip()
    bracketed = _BRACKETED_CREDIT.search(stripped)
    if bracketed is not None and bracketed.start() <= 100:
        # a credit in brackets after a caption, or alone: （图片由受访者提供） / （本报记者 林晓峰 摄）
        return stripped[: bracketed.start()].strip(), bracketed.group(0)
    if not stripped.endswith(_CREDIT_END) or len(stripped) > 200:
        return None
    tokens = stripped.split()
    cut = len(tokens)
    while cut > 0:
        token = tokens[cut - 1]
        if (
            token in _CREDIT_END
            or (token.endswith(_CREDIT_END) and len(token) <= 20 and not _SENTENCE_PUNCT.search(token))
            or (_CREDIT_ROLE.search(token) and len(token) <= 10)
            or name_tokens(token) is not None
        ):
            cut -= 1
            continue
        break
    if cut == len(tokens):
        return None
    if 0 < cut < len(tokens) and _credit_label(tokens, cut):
        cut -= 1  # a short label before the photographer's name (网友 X 摄, 志愿者 X 摄)
    if cut == len(tokens) - 1 and tokens[-1] in _CREDIT_END and cut > 0:
        # a bare 供图 / 提供 after a space: the token before it is the provider (桑溪乡人民政府 供图)
        provider = tokens[cut - 1]
        if len(provider) <= 20 and not _SENTENCE_PUNCT.search(provider) and not _COMMA.search(provider):
            cut -= 1
    credit = " ".join(tokens[cut:])
    caption = " ".join(tokens[:cut])
    if len(credit) > 40 or (cut == 0 and len(tokens) == 1 and len(credit) > 20):
        return None
    return caption, credit


def _credit_label(tokens: list[str], cut: int) -> bool:
    """True when the token before ``cut`` is a short label of the name after it: up to four
    ideographs, first in the line or after a finished caption sentence."""
    label = tokens[cut - 1]
    return (
        len(label) <= 4
        and all(is_cjk(c) for c in label)
        and name_tokens(tokens[cut]) is not None
        and (cut == 1 or tokens[cut - 2][-1:] in "。！？!?")
    )


_FOOTER = re.compile(r"^(?:本版)?(?:责任编辑|责编|编辑|美术编辑|美编|版式设计|版式|校对|组版|本版统筹)\s*[：:|丨/ ]")
"""A footer line crediting the page's editors (``责任编辑 X``, ``本版编辑：X Y``)."""
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2}")
_WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]")
_PAGE_NUMBER = re.compile(r"第\s*[一二三四五六七八九十百\d]+\s*版|[A-Z]?\d{1,3}\s*版|版次")


def is_furniture(text: str) -> bool:
    """True for page furniture: a jump line (``（下转第N版）``), an editors' footer line
    (``责任编辑 X``), or a running head that carries at least two of a date, a weekday and a
    page number and no sentence."""
    stripped = text.strip()
    if JUMP_LINE.match(stripped):
        return True
    if len(stripped) > 60 or _SENTENCE_PUNCT.search(stripped) or "，" in stripped:
        return False
    if _FOOTER.match(stripped) and len(stripped) <= 40:
        return True
    marks = sum(1 for pattern in (_DATE, _WEEKDAY, _PAGE_NUMBER) if pattern.search(stripped))
    return marks >= 2


def removal_reason(block: Block) -> str:
    """Why a block the roles stage set aside (furniture, noise) is kept in no article."""
    if block.role is Role.FURNITURE:
        if JUMP_LINE.match(block.text.strip()):
            return "jump line to another page"
        return "furniture: running head or footer"
    if _IMAGE.match(block.text.strip()):
        return "image link"
    return "noise: no letters or digits"


_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")


def _headline_shaped(block: Block) -> bool:
    """Short, with letters and no sentence inside: the shape of a heading line (the weighed
    evidence in :func:`assign_roles` decides whether it is one)."""
    text = block.text
    if len(text) > _MAX_SHAPE or not any(is_cjk(c) or c.isalnum() for c in text):
        return False
    if text.count("（") + text.count("(") > text.count("）") + text.count(")"):
        return False  # a bracket left open: the line breaks off inside a sentence
    if split_leading_dateline(text) is not None:
        return False  # a dateline opens the first paragraph of an article, never a heading
    return not _SENTENCE_PUNCT.search(text.rstrip("。！？!?”’\"'"))


def intrinsic_role(block: Block) -> Role:
    """The role ``block`` has on its own text alone (context refines it in :func:`assign_roles`).

    A heading-shaped line is :attr:`Role.TITLE` here: whether it is one is weighed in context.
    """
    text = block.text.strip()
    if _IMAGE.match(text):
        return Role.NOISE
    if not any(is_cjk(c) or c.isalnum() for c in text):
        return Role.NOISE
    if is_furniture(text):
        return Role.FURNITURE
    credit = split_credit(text)
    if credit is not None:
        return Role.CREDIT if not credit[0] else Role.CAPTION
    if is_trailing_byline(text):
        return Role.BYLINE
    if _SUBTITLE.match(text) and len(text) <= 60 and "。" not in text:
        return Role.SUBTITLE
    if name_tokens(text) is not None:
        return Role.HEADSHOT
    if block.heading_level == 0 and is_byline_line(text):
        return Role.BYLINE
    if _CAPTION_CUE.search(text) and len(text) <= 120:
        return Role.CAPTION
    if _headline_shaped(block):
        return Role.TITLE
    return Role.BODY


def _with_role(block: Block, role: Role) -> Block:
    return block if block.role is role else attrs.evolve(block, role=role)


def _next_index(roles: list[Role], start: int, wanted: frozenset[Role], skip: frozenset[Role]) -> int | None:
    for j in range(start, len(roles)):
        if roles[j] in wanted:
            return j
        if roles[j] not in skip:
            return None
    return None


def _prev_index(roles: list[Role], start: int, wanted: frozenset[Role], skip: frozenset[Role]) -> int | None:
    for j in range(start, -1, -1):
        if roles[j] in wanted:
            return j
        if roles[j] not in skip:
            return None
    return None


_BODY = frozenset({Role.BODY})


def _named_again(blocks: tuple[Block, ...], roles: list[Role], line: int) -> bool:
    """True when the names of the name line at ``line`` recur elsewhere in the same article.

    A name line under a headline is its byline, unless the article's byline elsewhere names the
    same people: then the line was a headshot dropped into the text, not a byline.
    """
    names = "".join(blocks[line].text.split())
    for step in (-1, 1):
        j = line + step
        while 0 <= j < len(blocks) and (roles[j] not in _HEADING_ROLES or j == line - 1):
            if names in "".join(blocks[j].text.split()) and j != line - 1:
                return True
            j += step
    return False


def _named_on_page(blocks: tuple[Block, ...], line: int) -> bool:
    """True when every name of the name line at ``line`` is printed elsewhere on the page too
    (a reporter's headshot, whose byline stands elsewhere)."""
    names = name_tokens(blocks[line].text) or []
    if not names:
        return False
    text = _page_text(blocks)
    return all(text.count(name) >= 2 for name in names)


_TEXTS: dict[int, tuple[tuple[Block, ...], str]] = page_dict()


def _page_text(blocks: tuple[Block, ...]) -> str:
    """The page's text without whitespace, blocks separated by a newline (made only for a page
    that asks, and once)."""
    found = _TEXTS.get(id(blocks))
    if found is None or found[0] is not blocks:
        _make_room(_TEXTS)
        found = _TEXTS[id(blocks)] = (blocks, "\n".join("".join(b.text.split()) for b in blocks))
    return found[1]


def _covered_below(text: str, blocks: tuple[Block, ...], roles: list[Role], start: int) -> bool:
    """True when some word pair of ``text`` recurs in the body text below it (up to the next headline)."""
    own = vocabulary(text).codes
    if not own:
        return False
    seen = 0
    for j in range(start, len(blocks)):
        if roles[j] in _HEADING_ROLES or seen > 800:
            break
        if roles[j] is Role.BODY:
            if not own.isdisjoint(vocabulary(blocks[j].text).codes):
                return True
            seen += len(blocks[j].text)
    return False


def _vocabulary(text: str) -> Vocabulary:
    return vocabulary(text)


class _Part:
    """A block's character pairs as the vocabulary comparisons between runs of blocks read
    them: the pairs it shares with another block of the page (codes and counts), and the sum of
    the squared counts of those it holds alone. A pair of one block alone adds nothing to the
    dot product of two runs that hold no block in common, and to a run's squared length only
    that constant of its block."""

    __slots__ = ("alone", "codes", "weights")

    def __init__(self, vector: Vocabulary, frequency: Counter[int]) -> None:
        codes: list[int] = []
        weights: list[int] = []
        alone = 0
        for code, value in vector.table.items():
            if frequency[code] > 1:
                codes.append(code)
                weights.append(value)
            else:
                alone += value * value
        self.codes, self.weights, self.alone = codes, weights, alone


_PARTS: dict[int, tuple[tuple[Block, ...], list[_Part]]] = page_dict()

_PAGES_KEPT = 4
"""How many pages' block lists the page dictionaries below hold at most: the pipeline empties
them after each page, but a caller that reads the signals of many pages without it (the fitting
script) must not keep every page alive."""


def _make_room(memo: dict[int, Any]) -> None:
    if len(memo) >= _PAGES_KEPT:
        memo.clear()


def _page_parts(blocks: tuple[Block, ...]) -> list[_Part]:
    """The :class:`_Part` of every block of the page (computed once per page)."""
    found = _PARTS.get(id(blocks))
    if found is None or found[0] is not blocks:
        _make_room(_PARTS)
        vectors = [vocabulary(block.text) for block in blocks]
        frequency = Counter(itertools.chain.from_iterable(vector.codes for vector in vectors))
        found = _PARTS[id(blocks)] = (blocks, [_Part(vector, frequency) for vector in vectors])
    return found[1]


def _run_similarity(own: _Part, norm: float, parts: list[_Part]) -> float:
    """Cosine similarity of a block's pairs (``own``, of length ``norm``) with the pairs of
    other blocks (``parts``) taken together."""
    total: dict[int, int] = {}
    get = total.get
    square = 0
    for part in parts:
        square += part.alone
        for code, count in zip(part.codes, part.weights, strict=False):  # equal lengths
            total[code] = get(code, 0) + count
    dot: int = sum(map(operator.mul, own.weights, map(get, own.codes, itertools.repeat(0))))
    if not dot:
        return 0.0
    return dot / (norm * math.sqrt(square + sum(map(operator.mul, total.values(), total.values()))))


_SHARED: dict[int, tuple[tuple[Block, ...], dict[tuple[int, int, int], float]]] = page_dict()
"""By page (the identity of its block list): (block, first block above, end of the blocks below)
→ :func:`_shared_with_article_above`."""


def _shared_with_article_above(blocks: tuple[Block, ...], roles: list[Role], i: int, reach: int = 800) -> float:
    """How much more of the vocabulary of block ``i`` the article above it holds (its text back
    to and including its heading) than the text below it (up to the next heading), in -1..1.

    Kept for the page by the blocks compared: asked again with other roles elsewhere on the
    page (a line found to be a caption), it is not computed again."""
    norm = vocabulary(blocks[i].text).norm
    if not norm:
        return 0.0
    top = i
    seen = 0
    for j in range(i - 1, -1, -1):
        top = j
        seen += len(blocks[j].text)
        if roles[j] in _HEADING_ROLES or seen > reach:
            break
    bottom = i + 1
    seen = 0
    for j in range(i + 1, len(blocks)):
        if roles[j] in _HEADING_ROLES or seen > reach:
            break
        seen += len(blocks[j].text)
        bottom = j + 1
    found = _SHARED.get(id(blocks))
    if found is None or found[0] is not blocks:
        _make_room(_SHARED)
        found = _SHARED[id(blocks)] = (blocks, {})
    key = (i, top, bottom)
    value = found[1].get(key)
    if value is None:
        parts = _page_parts(blocks)
        own = parts[i]
        difference = _run_similarity(own, norm, parts[top:i]) - _run_similarity(own, norm, parts[i + 1 : bottom])
        value = found[1][key] = max(-1.0, min(1.0, 4 * difference))
    return value


class _Window:
    """The summed character-pair counts of a run of blocks and the squared length of that sum,
    kept up to date as blocks come and go (with the dot product against another window).

    The counts are keyed by pair code (:class:`zjnews.chinese.Vocabulary`) and hold only the
    pairs that stand in more than one block of the page (:class:`_Part`): the squared counts
    of the others are added and taken away with their block (:attr:`square` is 0 exactly when
    the window holds no pair)."""

    __slots__ = ("bodies", "counts", "square")

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.square = 0
        self.bodies = 0

    def change(self, part: _Part, sign: int, other: _Window) -> int:
        """Add (``sign`` 1) or take away (-1) one block's pair counts; returns the change of the
        dot product with ``other``."""
        counts, others = self.counts, other.counts
        get, other_get = counts.get, others.get
        dot = 0
        square = sign * part.alone
        for code, value in zip(part.codes, part.weights, strict=False):  # equal lengths
            old = get(code, 0)
            new = old + sign * value
            counts[code] = new  # a pair whose count falls to 0 stays, at 0 (no deletion to pay)
            square += new * new - old * old
            dot += value * other_get(code, 0)
        self.square += square
        return sign * dot


def _window_spans(blocks: tuple[Block, ...], text: list[int], lengths: list[int], reach: int) -> list[tuple[int, ...]]:
    """For every block, ``(start, low, first, end)``: the text blocks ``text[start:low]`` just
    above it and ``text[first:end]`` just below it, nearest first, until ``reach`` characters
    are taken on each side (every bound only grows down the page)."""
    spans: list[tuple[int, ...]] = []
    start = low = first = end = 0
    seen_above = seen_below = 0
    for i in range(len(blocks)):
        while low < len(text) and text[low] < i:
            seen_above += lengths[low]
            low += 1
            while start < low - 1 and seen_above - lengths[start] >= reach:
                seen_above -= lengths[start]
                start += 1
        wanted = low + 1 if low < len(text) and text[low] == i else low
        while first < wanted:
            if first < end:
                seen_below -= lengths[first]
            first += 1
        end = max(end, first)
        while end < len(text) and seen_below < reach:
            seen_below += lengths[end]
            end += 1
        spans.append((start, low, first, end))
    return spans


def _cosine(above: _Window, below: _Window, dot: int) -> float:
    if not above.bodies or not below.bodies or not above.square or not below.square or not dot:
        return 0.0
    return dot / (math.sqrt(above.square) * math.sqrt(below.square))


_AROUND: dict[int, tuple[tuple[Block, ...], dict[tuple[object, ...], float]]] = page_dict()
"""By page (the identity of its block list): each pair of windows met so far → its similarity."""


def _around_similarities(blocks: tuple[Block, ...], roles: list[Role], reach: int = 400) -> list[float]:
    """For every block, how much the text just above it and the text just below it share their
    vocabulary: the cosine of the character-pair counts of the text blocks on each side, nearest
    first, until ``reach`` characters are taken. High when the line stands inside one article (a
    caption, a subhead), low between two articles; 0 when a side holds no sentence (only headline
    lines, as at the top of a page).

    One pass: each side's window only moves down the page, so every block enters and leaves each
    window once (linear in the page, where asking block by block costs a window at every block).
    Asked again on the same page with a few roles changed (a line found to be a caption), only
    the blocks whose windows changed are computed again: the answer of every pair of windows met
    is kept for the page."""
    text = [k for k in range(len(blocks)) if roles[k] in _TEXT]
    lengths = [len(blocks[k].text) for k in text]
    bodyish = [roles[k] is Role.BODY or ends_closed(blocks[k].text) or "，" in blocks[k].text for k in text]
    page_parts = _page_parts(blocks)
    parts = [page_parts[k] for k in text]
    spans = _window_spans(blocks, text, lengths, reach)
    keys = [
        (tuple(text[start:low]), tuple(text[first:end]), any(bodyish[start:low]), any(bodyish[first:end]))
        for start, low, first, end in spans
    ]
    found = _AROUND.get(id(blocks))
    if found is None or found[0] is not blocks:
        _make_room(_AROUND)
        found = _AROUND[id(blocks)] = (blocks, {})
    memo = found[1]
    missing = [i for i, key in enumerate(keys) if key not in memo]
    if len(missing) * 4 <= len(keys) and memo:
        for i in missing:  # a few: each computed on its own
            start, low, first, end = spans[i]
            above, below = _Window(), _Window()
            above.bodies, below.bodies = int(keys[i][2]), int(keys[i][3])
            dot = 0
            for n in range(start, low):
                dot += above.change(parts[n], 1, below)
            for n in range(first, end):
                dot += below.change(parts[n], 1, above)
            memo[keys[i]] = _cosine(above, below, dot)
        return [memo[key] for key in keys]
    above, below = _Window(), _Window()
    dot = 0

    def move(window: _Window, other: _Window, n: int, sign: int) -> int:
        window.bodies += sign * bodyish[n]
        return window.change(parts[n], sign, other)

    out: list[float] = []
    start = low = first = end = 0  # the windows' bounds now: text[start:low] and text[first:end]
    for (to_start, to_low, to_first, to_end), key in zip(spans, keys, strict=True):
        for n in range(low, to_low):
            dot += move(above, below, n, 1)
        for n in range(start, to_start):
            dot += move(above, below, n, -1)
        for n in range(first, min(to_first, end)):
            dot += move(below, above, n, -1)
        for n in range(max(end, to_first), to_end):
            dot += move(below, above, n, 1)
        start, low, first, end = to_start, to_low, to_first, to_end
        value = _cosine(above, below, dot)
        memo[key] = value
        out.append(value)
    return out


def _closer_to(text: str, above: str, below: str) -> bool:
    """True when ``text`` shares clearly more vocabulary with the text above than with the text below."""
    own = _vocabulary(text)
    return own.similarity(_vocabulary(above)) > 2 * own.similarity(_vocabulary(below)) + 0.05


def _captions_in_broken_sentences(blocks: tuple[Block, ...], roles: list[Role]) -> None:
    """A short closed sentence dropped between the two halves of a broken sentence is a caption."""
    for i, block in enumerate(blocks):
        if roles[i] is not Role.BODY or len(block.text) > 60 or not ends_closed(block.text):
            continue
        if len(_SENTENCE_PUNCT.findall(block.text)) > 1:
            continue  # a caption is one sentence
        if not is_self_contained(block.text):
            continue  # it opens or closes inside a sentence begun elsewhere: text, not a caption
        prev = _prev_index(roles, i - 1, _BODY, _ASIDE_ROLES)
        nxt = _next_index(roles, i + 1, _BODY, _ASIDE_ROLES)
        if prev is None or nxt is None or not ends_open(blocks[prev].text):
            continue
        if overlap_length(blocks[prev].text, block.text):
            continue  # the broken sentence is re-read at the head of this block: it continues it
        if join_strength(blocks[prev].text, blocks[nxt].text) >= 2.0 > join_strength(blocks[prev].text, block.text):
            roles[i] = Role.CAPTION


def _captions_before_credits(blocks: tuple[Block, ...], roles: list[Role]) -> None:
    """The text right above a credit line is its caption (or a photo-news item): when it ends a
    sentence, is a short heading-shaped line, or stands where an image stood (a wide gap or an
    image link above it) with nothing after the credit that continues it."""
    facts = _PageFacts.of(blocks)
    for i in range(1, len(blocks)):
        if roles[i] is not Role.CREDIT or blocks[i - 1].heading_level > 0:
            continue
        above = roles[i - 1]
        text = blocks[i - 1].text
        if not is_self_contained(text):
            continue  # the rest of a sentence begun elsewhere, a column break before the credit
        closed = above in (Role.BODY, Role.TITLE) and ends_closed(text)
        short_heading = above is Role.TITLE and len(text) <= 30
        where_image_stood = (
            above in (Role.BODY, Role.TITLE)
            and _image_gap(blocks, i - 1, facts)
            and not _continued(blocks, i + 1, text)
        )
        if closed or short_heading or where_image_stood:
            roles[i - 1] = Role.CAPTION


def _continued(blocks: tuple[Block, ...], start: int, text: str) -> bool:
    """True when the block at ``start`` may continue ``text`` (a word across the join, or an
    opening that cannot start a sentence)."""
    if start >= len(blocks) or blocks[start].heading_level > 0:
        return False
    following = blocks[start].text
    return _join(text, following) >= 1.0 or starts_dangling(following) > 0


def _marked_title(blocks: tuple[Block, ...], heads: list[int]) -> int | None:
    """The one line of a group marked more prominently (fewer ``#``) than every line under it,
    where the marks single one out."""
    marked = [k for k in heads if blocks[k].heading_level > 0]
    if len(marked) >= 2:
        top = min(blocks[k].heading_level for k in marked)
        tops = [k for k in marked if blocks[k].heading_level == top]
        if len(tops) == 1 and all(blocks[k].heading_level > top for k in heads if k > tops[0]):
            return tops[0]
    return None


_KICKER_END = ("——", "—", "－－", "--", "：", ":")
_LEAD_REACH = 4
"""How many blocks under a headline group are searched for the text that opens its article."""


_LEAD_CHARS = 300
"""How much of the text under a headline group is read as its article's opening."""


def _lead_text(blocks: tuple[Block, ...], roles: list[Role], end: int) -> str:
    """The text that opens the article under the headline group that ends before block
    ``end``: its first text blocks (asides skipped) up to about :data:`_LEAD_CHARS` characters."""
    taken: list[str] = []
    seen = 0
    for j in range(end, min(end + _LEAD_REACH, len(blocks))):
        if roles[j] in _HEADING_ROLES or seen >= _LEAD_CHARS:
            break
        if roles[j] is Role.BODY:
            taken.append(blocks[j].text)
            seen += len(blocks[j].text)
    return "\n".join(taken)


def _usual_level(blocks: tuple[Block, ...]) -> int:
    """The number of ``#`` marks most heading lines of the page carry (the fewer on a tie), 0 when
    fewer than two lines are marked. Every article has one title and only some a kicker or a
    subtitle, so on a page that marks its headings the usual level is the title's."""
    levels = Counter(b.heading_level for b in blocks if b.heading_level > 0)
    if sum(levels.values()) < 2:
        return 0
    return min(levels, key=lambda level: (-levels[level], level))


def _opens_with_name(text: str) -> bool:
    """True when ``text`` opens with what reads as a person's name that is no word of the
    lexicon (``尤权出席…``), the way a subtitle names who attended."""
    head = text.lstrip()
    return any(is_person_name(head[:k]) and head[:k] not in lexicon() for k in (2, 3))


def _lone_levels(blocks: tuple[Block, ...], roles: list[Role]) -> frozenset[int]:
    """The ``#`` levels that headline groups of a single line carry on the page: the levels the
    page prints its titles at, where no kicker or subtitle leaves a doubt which line is one."""
    return frozenset(
        blocks[heads[0]].heading_level
        for _, _, heads in _group_spans(roles)
        if len(heads) == 1 and blocks[heads[0]].heading_level > 0
    )


def title_signals(
    blocks: tuple[Block, ...],
    upper: int,
    lower: int,
    lead: str,
    usual_level: int | None = None,
    title_levels: frozenset[int] = frozenset(),
    sure: tuple[float | None, float | None] = (None, None),
) -> dict[str, float]:
    """The evidence that the upper of two heading lines printed one above the other is the title
    (and the lower its subtitle) rather than its kicker (and the lower the title). ``lead`` is
    the text that opens the article under them; ``usual_level`` the number of marks most heading
    lines of the page carry (:func:`_usual_level`, computed when not given); ``title_levels``
    the levels the page's one-line headline groups carry (:func:`_lone_levels`); ``sure`` the
    headline scores of the two lines (how surely each was read as a heading line), when known.
    The weights are fitted like the headline ones."""
    up, low = blocks[upper], blocks[lower]
    u, w = up.text.strip(), low.text.strip()
    both_marked = up.heading_level > 0 and low.heading_level > 0
    usual = _usual_level(blocks) if usual_level is None else usual_level
    own_lead = Vocabulary.once(lead)  # a text of its own, asked about once
    return {
        "bias": 1.0,
        "upper_more_prominent": float(both_marked and up.heading_level < low.heading_level),
        "lower_more_prominent": float(both_marked and low.heading_level < up.heading_level),
        "same_marks": float(both_marked and up.heading_level == low.heading_level),
        # the page's usual level is its titles' level: the line that carries it is the title
        "upper_at_usual_level": float(both_marked and up.heading_level == usual != low.heading_level),
        "lower_at_usual_level": float(both_marked and low.heading_level == usual != up.heading_level),
        # a level that lone titles carry elsewhere on the page, and the other line's level none
        "upper_at_title_level": float(
            both_marked and up.heading_level in title_levels and low.heading_level not in title_levels
        ),
        "lower_at_title_level": float(
            both_marked and low.heading_level in title_levels and up.heading_level not in title_levels
        ),
        "upper_kicker_end": float(u.endswith(_KICKER_END)),
        "upper_short": float(len(u) <= 6),
        "lower_short": float(len(w) <= 8),
        "length_difference": max(-1.0, min(1.0, (len(u) - len(w)) / 20)),
        "lower_opens_with_name": float(_opens_with_name(w)),
        "upper_opens_with_name": float(_opens_with_name(u)),
        "upper_spaced": float(_inner_spaced(u)),
        "lower_spaced": float(_inner_spaced(w)),
        "upper_comma": float(_COMMA.search(u) is not None),
        "lower_comma": float(_COMMA.search(w) is not None or "、" in w),
        "lower_quoted": float(w[:1] in "“\"'‘" and w[-1:] in "”\"'’"),
        # a lower line read as a heading line by a narrow margin under one read surely is more
        # often a line of text (a subhead, a broken sentence) than the title
        "upper_surer": _surer(sure),
        "lower_narrow": float(sure[1] is not None and sure[1] < _NARROW),
        "lead_closer_to_upper": max(
            -1.0, min(1.0, 4 * (_vocabulary(u).similarity(own_lead) - _vocabulary(w).similarity(own_lead)))
        ),
    }


_NARROW = 1.0
"""A headline score under which a line counts as read as a heading line by a narrow margin."""


def _surer(sure: tuple[float | None, float | None]) -> float:
    """How much more surely the upper of two lines was read as a heading line than the lower,
    in -1..1 (0 when a score is unknown)."""
    upper, lower = sure
    if upper is None or lower is None:
        return 0.0
    return max(-1.0, min(1.0, (upper - lower) / 4))


def _group_spans(roles: list[Role]) -> list[tuple[int, int, list[int]]]:
    """``(start, end, heads)`` of each run of heading lines; ``heads`` are its lines that are not
    subtitles by their own text."""
    spans: list[tuple[int, int, list[int]]] = []
    i = 0
    while i < len(roles):
        if roles[i] not in _HEADING_ROLES:
            i += 1
            continue
        j = i
        while j < len(roles) and roles[j] in _HEADING_ROLES:
            j += 1
        spans.append((i, j, [k for k in range(i, j) if roles[k] is not Role.SUBTITLE]))
        i = j
    return spans


def _title_pair(blocks: tuple[Block, ...], heads: list[int]) -> tuple[int, int] | None:
    """The two lines of a group between which the title model decides, or None when the group
    has one line or its marks single out a title above both."""
    if len(heads) < 2:
        return None
    marked = _marked_title(blocks, heads)
    if marked is not None and marked < heads[-2]:
        return None
    return heads[-2], heads[-1]


def _title_of(
    blocks: tuple[Block, ...],
    roles: list[Role],
    heads: list[int],
    end: int,
    decisions: list[Decision],
    levels: tuple[int, frozenset[int]] = (0, frozenset()),
    scores: Mapping[int, float] | None = None,
) -> int:
    """The title among a group's heading lines: of the last two, the one the weighed evidence
    (marks, shape, names, the text under them) says; a line above both when the marks single it out.
    ``levels`` are the page's usual heading level and the levels of its one-line groups,
    ``scores`` the headline scores of the page's heading-shaped lines."""
    pair = _title_pair(blocks, heads)
    weights = role_weights().get("title")
    if pair is None or not weights:
        marked = _marked_title(blocks, heads)
        return marked if marked is not None else heads[-1]
    upper, lower = pair
    sure = (scores.get(upper), scores.get(lower)) if scores is not None else (None, None)
    signals = title_signals(blocks, upper, lower, _lead_text(blocks, roles, end), *levels, sure)
    total, parts = _score(signals, weights)
    decisions.append(
        Decision(
            kind="title",
            outcome="upper line" if total > 0 else "lower line",
            lines=(*_lines_of(blocks[upper]), *_lines_of(blocks[lower])),
            score=round(total, 3),
            evidence=[(name, round(value, 3)) for name, value in parts[:6]],
            text=_excerpt(blocks[upper].text if total > 0 else blocks[lower].text),
        )
    )
    return upper if total > 0 else lower


def _headline_groups(
    blocks: tuple[Block, ...], roles: list[Role], decisions: list[Decision], scores: Mapping[int, float]
) -> None:
    """Inside each run of heading lines: the title (see :func:`_title_of`), a kicker right above
    it, columns above that, subtitles under it.

    A name line or byline line right under a headline group is the article's byline.
    """
    levels = (_usual_level(blocks), _lone_levels(blocks, roles))
    for _, j, heads in _group_spans(roles):
        if heads:
            title = _title_of(blocks, roles, heads, j, decisions, levels, scores)
            roles[title] = Role.TITLE
            above = [k for k in heads if k < title]
            for k in heads:
                if k > title:
                    roles[k] = Role.SUBTITLE  # printed under the title
            for k in above:
                roles[k] = Role.COLUMN
            if above:
                kicker = above[-1]
                column_like = blocks[kicker].heading_level == 0 and blocks[title].heading_level > 0
                roles[kicker] = Role.COLUMN if column_like else Role.KICKER
        if j < len(blocks) and roles[j] in (Role.HEADSHOT, Role.BYLINE) and not is_trailing_byline(blocks[j].text):
            roles[j] = Role.BYLINE


def title_rows(blocks: tuple[Block, ...], options: Options) -> list[tuple[tuple[int, int], dict[str, float]]]:
    """``((upper, lower), signals)`` for every pair of heading lines between which
    :func:`assign_roles` decides the title (the fitting script reads the same rows)."""
    roles, scores = _roles_before_groups(blocks, options, [])
    out: list[tuple[tuple[int, int], dict[str, float]]] = []
    usual, lone = _usual_level(blocks), _lone_levels(blocks, roles)
    for _, j, heads in _group_spans(roles):
        pair = _title_pair(blocks, heads)
        if pair is not None:
            lead = _lead_text(blocks, roles, j)
            sure = (scores.get(pair[0]), scores.get(pair[1]))
            out.append((pair, title_signals(blocks, pair[0], pair[1], lead, usual, lone, sure)))
    return out


# ---------------------------------------------------------------------------------------------
# Headlines as weighed evidence


@attrs.frozen
class _PageFacts:
    """What the whole page says about its heading marks and blank gaps."""

    marked: int
    """How many blocks carry ``#`` marks."""
    top_level: int
    """The fewest ``#`` marks any block carries (0 on an unmarked page)."""
    usual_gap: int
    """The most common number of blank lines between blocks."""
    _around: dict[int, tuple[list[Role], list[float]]] = attrs.field(factory=dict, eq=False)
    """:func:`_around_similarities` by the roles list they were computed for."""

    def around_similarity(self, blocks: tuple[Block, ...], roles: list[Role], i: int) -> float:
        """:func:`_around_similarities` of block ``i``, computed for every block at once (per list
        of roles: a weighing pass keeps its list unchanged while it reads the signals)."""
        found = self._around.get(id(roles))
        if found is None or found[0] is not roles or len(found[1]) != len(blocks):
            found = (roles, _around_similarities(blocks, roles))
            self._around[id(roles)] = found
        return found[1][i]

    @classmethod
    def of(cls, blocks: tuple[Block, ...]) -> _PageFacts:
        levels = [b.heading_level for b in blocks if b.heading_level > 0]
        gaps = Counter(b.gap_before for b in blocks[1:])
        usual = gaps.most_common(1)[0][0] if gaps else 1
        return cls(len(levels), min(levels) if levels else 0, usual)


_CAP = 4.0


def _capped(value: float) -> float:
    return min(value, _CAP) / _CAP


_INNER_SPACE = re.compile("[\u3400-\u9fff\uf900-\ufaff] +[\u3400-\u9fff\uf900-\ufaff]")


def _inner_spaced(text: str) -> bool:
    """True when a space stands between two ideographs (``线上办事 线下预约``)."""
    return _INNER_SPACE.search(text) is not None


@page_cached
def _join(left: str, right: str) -> float:
    """:func:`join_strength`, cached: the signals of neighbouring blocks ask for the same joins."""
    return join_strength(left, right)


def headline_signals(blocks: tuple[Block, ...], roles: list[Role], i: int, facts: _PageFacts) -> dict[str, float]:
    """The evidence for and against block ``i`` being a heading line, each signal a number
    (mostly 0/1). ``roles`` are the blocks' intrinsic roles. The weights that combine the signals
    are fitted on annotated pages (``benchmarks/fit_role_weights.py``) and stored in
    ``zjnews/data/role_weights.json``."""
    block = blocks[i]
    text = block.text.strip()
    n = len(text)
    last = text.rstrip("”’\"'」』")[-1:] or text[-1:]
    prev = _prev_index(roles, i - 1, _TEXT, _ASIDE_ROLES)
    nxt = _next_index(roles, i + 1, _TEXT, _ASIDE_ROLES)
    above = roles[i - 1] if i > 0 else Role.UNKNOWN
    below = roles[i + 1] if i + 1 < len(roles) else Role.UNKNOWN
    prev_text = blocks[prev].text if prev is not None else ""
    next_text = blocks[nxt].text if nxt is not None else ""
    level = block.heading_level
    neighbour_levels = [
        blocks[j].heading_level for j in (i - 1, i + 1) if 0 <= j < len(blocks) and blocks[j].heading_level > 0
    ]
    name_below = below is Role.HEADSHOT and not _named_again(blocks, roles, i + 1)
    byline_below = (
        below in (Role.BYLINE, Role.SUBTITLE)
        or name_below
        or (nxt == i + 1 and split_leading_dateline(next_text) is not None)
    )
    open_above = prev is not None and ends_open(prev_text)
    signals = {
        "bias": 1.0,
        "marked": float(level > 0),
        "marked_top_level": float(level > 0 and level == facts.top_level),
        "marked_below_neighbour": float(level > 0 and any(lv < level for lv in neighbour_levels)),
        "unmarked_on_marked_page": float(level == 0 and facts.marked >= 3),
        "length": min(n, 60) / 20,
        "very_short": float(n <= 3),
        "long": float(n > 30),
        "too_long": float(n > _MAX_HEADING),
        "very_long": float(n > 64),
        "ends_stop": float(last in "。；;"),
        "ends_exclaim": float(last in "！？!?"),
        "ends_comma": float(last in "，、,"),
        "ends_colon": float(last in "：:"),
        "ends_dash": float(last in "—－-"),
        "kicker_dash": float(text.endswith(("——", "--", "－－"))),
        "comma_and_dash": float(last in "—－-" and _COMMA.search(text) is not None),
        "ends_ellipsis": float(last == "…"),
        "quoted": float(text[:1] in "“\"'‘" and text[-1:] in "”\"'’"),
        "commas": min(len(_COMMA.findall(text)), 3) / 3,
        "enumeration": float("、" in text),
        "spaced": float(_inner_spaced(text)),
        "dangling_start": starts_dangling(text) / 2,
        "opens_like_sentence": float(opens_sentence(text)),
        "opens_referring_back": float(_refers_back(text)),
        "first_block": float(i == 0),
        "last_text": float(nxt is None),
        "wide_gap": float(_image_gap(blocks, i, facts)),
        "above_closed": float(prev is not None and not open_above),
        "above_open": float(open_above),
        "above_mid_clause": float(prev is not None and ends_mid_clause(prev_text)),
        "into_dangling": float(nxt is not None and ends_open(text) and starts_dangling(next_text) >= 1.0),
        "fragment_below": float(nxt is not None and _opens_with_fragment(next_text)),
        "fragment_after_aside": float(nxt is not None and nxt > i + 1 and _opens_with_fragment(next_text)),
        "aside_in_open_sentence": float(
            nxt is not None
            and nxt > i + 1
            and ends_open(text)
            and (starts_dangling(next_text) >= 1.0 or _join(text, next_text) >= 2.0)
            and below is Role.HEADSHOT
            and _named_again(blocks, roles, i + 1)
        ),
        "above_heading_shaped": float(above in _HEADING_ROLES),
        "above_signed": float(
            (above is Role.BYLINE and is_trailing_byline(blocks[i - 1].text))
            or (prev == i - 1 and split_trailing_byline(prev_text) is not None)
        ),
        "above_aside": float(above in (Role.CAPTION, Role.CREDIT, Role.HEADSHOT)),
        "under_headline_byline": float(
            above in (Role.BYLINE, Role.HEADSHOT)
            and not is_trailing_byline(blocks[i - 1].text)
            and i > 1
            and roles[i - 2] in (Role.TITLE, Role.SUBTITLE)
        ),
        "join_above": _capped(_join(prev_text, text)) if open_above else 0.0,
        "byline_below": float(byline_below),
        "name_below_elsewhere": float(below is Role.HEADSHOT and byline_below and _named_on_page(blocks, i + 1)),
        "below_heading_shaped": float(below in _HEADING_ROLES),
        "below_dangling": starts_dangling(next_text) / 2 if nxt is not None else 0.0,
        "join_below": _capped(_join(text, next_text)) if nxt is not None and ends_open(text) else 0.0,
        "covered_below": float(nxt is not None and _covered_below(text, blocks, roles, nxt)),
        "article_above_shares": _shared_with_article_above(blocks, roles, i),
        "closer_above": float(prev is not None and nxt is not None and _closer_to(text, prev_text, next_text)),
        "around_similar": _around_signal(blocks, roles, i, facts),
    }
    # a few pairs whose joint weight differs from the sum of their own (a linear model cannot
    # see that a short comma line in a headline's place reads otherwise than one inside text)
    comma = signals["commas"] > 0 or signals["enumeration"] > 0
    in_place = signals["first_block"] or signals["above_signed"] or signals["byline_below"] or signals["above_aside"]
    signals["short_comma"] = float(comma and n <= 16)
    signals["comma_in_place"] = float(comma and bool(in_place))
    signals["comma_after_closed"] = float(comma and signals["above_closed"] > 0 and not signals["join_above"])
    signals["exclaim_in_place"] = float(signals["ends_exclaim"] > 0 and bool(in_place))
    # a bare name line under a line with a clause inside: a headshot dropped into a sentence
    # broken at a column break reads the same way as a byline under a title
    signals["comma_over_name"] = float(comma and name_below)
    return signals


def _standing_signals(
    blocks: tuple[Block, ...], roles: list[Role], i: int, prev: int | None, nxt: int | None
) -> dict[str, float]:
    """The caption evidence of whether block ``i`` can stand alone, as a caption does, or holds
    part of a sentence run on from the text around it."""
    text = blocks[i].text.strip()
    prev_text = blocks[prev].text if prev is not None else ""
    next_text = blocks[nxt].text if nxt is not None else ""
    # the sentence above breaks off and the text below does not take it up: this line may be
    # the rest of it (a caption dropped into a broken sentence stands between its two halves)
    answered = nxt is not None and (_join(prev_text, next_text) >= 1.0 or starts_dangling(next_text) > 0)
    return {
        "opens_with_fragment": float(_opens_with_fragment(text)),
        "closes_unopened": float(closes_unopened(text)),
        "open_above_unanswered": float(prev is not None and ends_open(prev_text) and not answered),
        # the text under the line repeats its words (a headline whose lead says the same)
        "lead_repeats": lead_repeats(text, _text_below(blocks, roles, i)),
    }


def _around_signal(blocks: tuple[Block, ...], roles: list[Role], i: int, facts: _PageFacts) -> float:
    """The ``around_similar`` headline signal: the vocabulary shared by the text above and below
    block ``i``, read off the page-wide windows (computed once per list of roles, so a
    :class:`_ReadRoles` hands over the list it watches)."""
    whole = roles.source if isinstance(roles, _ReadRoles) else roles
    return min(1.0, 2 * facts.around_similarity(blocks, whole, i))


class _ReadRoles(list[Role]):
    """A copy of a weighing pass's roles that notes which blocks' roles were read by index
    (the only way the headline evidence reads them), so that the evidence of a line can be
    kept when no role it read has changed since. The page-wide vocabulary windows are read on
    ``source`` (see :func:`_around_signal`)."""

    __slots__ = ("read", "source")

    def __init__(self, source: list[Role]) -> None:
        super().__init__(source)
        self.source = source
        self.read: set[int] = set()

    @overload
    def __getitem__(self, index: SupportsIndex) -> Role: ...
    @overload
    def __getitem__(self, index: slice) -> list[Role]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> Role | list[Role]:
        if isinstance(index, slice):
            self.read.update(range(*index.indices(len(self))))
            return list.__getitem__(self, index)
        position = index.__index__()
        self.read.add(position if position >= 0 else position + len(self))
        return list.__getitem__(self, position)

    def __iter__(self) -> Iterator[Role]:
        self.read.update(range(len(self)))
        return list.__iter__(self)


def paired(signals: Mapping[str, float]) -> dict[str, float]:
    """``signals`` (of :func:`headline_signals`) with the products of the pairs of
    :data:`_JOINT`, as the headline model weighs them."""
    out = dict(signals)
    value = signals.__getitem__
    products = map(operator.mul, map(value, _PAIRED_FIRST), map(value, _PAIRED_SECOND))
    out.update(zip(_PAIRED_NAMES, products, strict=True))
    return out


_JOINT = (
    "marked",
    "unmarked_on_marked_page",
    "first_block",
    "length",
    "commas",
    "quoted",
    "spaced",
    "ends_exclaim",
    "above_closed",
    "above_heading_shaped",
    "above_signed",
    "byline_below",
    "below_heading_shaped",
    "covered_below",
    "article_above_shares",
    "around_similar",
)
"""The headline signals weighed in pairs too (their product is a signal of its own): the weight
of one may depend on another (vocabulary shared around a line says less where a byline stands
under it; a comma says less in a marked line), which a sum of single weights cannot express.
The weights of the pairs are fitted with the others."""
_PAIRED = tuple(itertools.combinations(_JOINT, 2))
_PAIRED_NAMES, _PAIRED_FIRST, _PAIRED_SECOND = (tuple(f"{a}*{b}" for a, b in _PAIRED), *zip(*_PAIRED, strict=True))


_DEMONSTRATIVES = frozenset("这那该此其")
"""The characters a pronoun pointing back at text already read opens with (``这次``, ``该``, ``此``)."""


def _refers_back(text: str) -> bool:
    """True when ``text`` opens with a demonstrative pronoun (``这次行动…``, ``该村…``): it points
    back at text read before, the way a sentence inside an article does and a headline rarely."""
    head = text.lstrip()
    return head[:1] in _DEMONSTRATIVES and (part_of_speech(head[:2]) == "r" or part_of_speech(head[:1]) == "r")


_FIRST_CLAUSE = re.compile(r"^([^，,、；;：:。！？!?]{1,4})[，,、；;]")


def _opens_with_fragment(text: str) -> bool:
    """True when ``text`` opens with a clause of at most four characters that is no sentence
    opener (``运营，针对…``, not ``近日，…``): the rest of a clause begun elsewhere."""
    match = _FIRST_CLAUSE.match(text.lstrip())
    return match is not None and not opens_sentence(text)


_TEXT = frozenset({Role.BODY, Role.TITLE})
"""Blocks that may be text (a heading-shaped line still undecided counts as text around another)."""


_CLOSER_OPENS = {"”": "“", "’": "‘", "）": "（", ")": "(", "》": "《", "】": "【", "」": "「", "』": "『"}
"""Each closing quote or bracket and the opening one it closes (the straight quotes, which open
and close alike, are left out)."""


def closes_unopened(text: str) -> bool:
    """True when ``text`` closes a quote or bracket it never opened (``…补充安排》，进一步…``,
    ``…新时期。”``): it holds the rest of a sentence begun elsewhere."""
    depth: Counter[str] = Counter()
    for char in text:
        opener = _CLOSER_OPENS.get(char)
        if opener is None:
            if char in _OPENING_MARKS:
                depth[char] += 1
            continue
        if not depth[opener]:
            return True
        depth[opener] -= 1
    return False


_OPENING_MARKS = frozenset(_CLOSER_OPENS.values())


def is_self_contained(text: str) -> bool:
    """True when ``text`` can stand alone, as a caption does: it opens neither with punctuation
    or a particle no sentence starts with, nor with the short tail of a clause begun elsewhere
    (``障工作，截至…``: :func:`_opens_with_tail`), and closes no quote or bracket it did not open."""
    return starts_dangling(text) not in (1.0, 2.0) and not _opens_with_tail(text) and not closes_unopened(text)


def _opens_with_tail(text: str) -> bool:
    """True when ``text`` opens with a clause of at most three characters, no digit or quote
    among them, that is no sentence opener (``障工作，…``, not ``1日，…`` or ``近日，…``)."""
    match = _FIRST_CLAUSE.match(text.lstrip())
    if match is None:
        return False
    clause = match.group(1)
    return len(clause) <= 3 and all(is_cjk(c) for c in clause) and not opens_sentence(text)


_LEAD_REPEAT_CHARS = 300
"""How much of the text under a line is read for the runs of it repeated there."""
_RUN = 4
"""The shortest run of characters counted as repeated (a word or two)."""


_NOT_LETTER = re.compile(r"[\W_]+")
"""What :func:`_letters` drops: everything but letters and digits (``str.isalnum``, which holds every
assigned CJK ideograph)."""


def _letters(text: str) -> str:
    return _NOT_LETTER.sub("", text)


def lead_repeats(text: str, below: str) -> float:
    """The share of the letters of ``text`` that stand in runs of at least :data:`_RUN`
    characters repeated in ``below`` (the text under it): a headline or deck whose words the
    lead paragraph repeats reads high, a line of text continued below reads low."""
    own = _letters(text)
    if len(own) < _RUN:
        return 0.0
    other = _letters(below)
    covered = [False] * len(own)
    for k in range(len(own) - _RUN + 1):
        if own[k : k + _RUN] in other:  # a substring search: ``below`` is short (a few hundred letters)
            covered[k : k + _RUN] = [True] * _RUN
    return sum(covered) / len(own)


def _text_below(blocks: tuple[Block, ...], roles: list[Role], i: int) -> str:
    """The text blocks under block ``i`` (asides, bylines and subtitles skipped), up to about
    :data:`_LEAD_REPEAT_CHARS` characters."""
    taken: list[str] = []
    seen = 0
    for j in range(i + 1, len(blocks)):
        if seen >= _LEAD_REPEAT_CHARS:
            break
        if roles[j] in _TEXT:
            taken.append(blocks[j].text)
            seen += len(blocks[j].text)
        elif roles[j] not in _ASIDE_ROLES and roles[j] not in (Role.BYLINE, Role.SUBTITLE):
            break
    return "".join(taken)[:_LEAD_REPEAT_CHARS]


@functools.cache
def role_weights() -> dict[str, dict[str, float]]:
    """The fitted weights of each role decision (``headline``, ``caption``): signal → weight."""
    raw = resources.files("zjnews").joinpath("data/role_weights.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return {name: {k: float(v) for k, v in table["weights"].items()} for name, table in data["models"].items()}


def _score(signals: dict[str, float], weights: dict[str, float]) -> tuple[float, list[tuple[str, float]]]:
    parts = [(name, weights.get(name, 0.0) * value) for name, value in signals.items() if value]
    total = sum(v for _, v in parts)
    parts.sort(key=lambda item: -abs(item[1]))
    return total, parts


def _excerpt(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


@attrs.frozen
class RoleResult:
    """What the roles stage returns: every block with its role, and the decisions it weighed."""

    blocks: tuple[Block, ...]
    decisions: tuple[Decision, ...] = ()


def _lines_of(block: Block) -> tuple[int, ...]:
    end = max(block.end_line, block.line)
    return tuple(range(block.line, end + 1))


_MAX_CAPTION = 80


def _image_gap(blocks: tuple[Block, ...], i: int, facts: _PageFacts) -> bool:
    """True when an image stood right above block ``i``: a blank gap wider than the page's usual
    one, or an image link (another exporter's way of showing the same)."""
    if blocks[i].gap_before > facts.usual_gap:
        return True
    return i > 0 and _IMAGE.match(blocks[i - 1].text.strip()) is not None


def caption_signals(
    blocks: tuple[Block, ...],
    roles: list[Role],
    i: int,
    facts: _PageFacts,
    headline: dict[str, float] | None = None,
) -> dict[str, float]:
    """The evidence for and against block ``i`` being a photo caption without a credit: the
    headline evidence, what says an image stood next to it (a wide blank gap or an image link
    above or below it), and whether it sits inside a sentence broken around it."""
    signals = dict(headline if headline is not None else headline_signals(blocks, roles, i, facts))
    text = blocks[i].text
    prev = _prev_index(roles, i - 1, _TEXT, _ASIDE_ROLES)
    nxt = _next_index(roles, i + 1, _TEXT, _ASIDE_ROLES)
    after = blocks[i + 1] if i + 1 < len(blocks) else None
    between = (
        prev is not None
        and nxt is not None
        and ends_open(blocks[prev].text)
        and _join(blocks[prev].text, blocks[nxt].text) >= 2.0 > _join(blocks[prev].text, text)
    )
    signals.update(
        {
            "wide_gap_after": float(after is not None and _image_gap(blocks, i + 1, facts)),
            "inside_broken_sentence": float(between),
            "credit_below": float(i + 1 < len(roles) and roles[i + 1] is Role.CREDIT),
            "sentences": min(len(_SENTENCE_PUNCT.findall(text)), 3) / 3,
            "shaped": float(roles[i] is Role.TITLE),
        }
    )
    signals.update(_standing_signals(blocks, roles, i, prev, nxt))
    return signals


def _prepared(blocks: tuple[Block, ...], options: Options) -> list[Role]:
    roles = [intrinsic_role(b) for b in blocks]
    if options.remove_captions:
        _captions_before_credits(blocks, roles)
    _text_under_subtitles(roles)
    return roles


def _text_under_subtitles(roles: list[Role]) -> None:
    """A subtitle closes its headline group: a heading-shaped line right under it is text."""
    for i in range(1, len(roles)):
        if roles[i] is Role.TITLE and roles[i - 1] is Role.SUBTITLE:
            roles[i] = Role.BODY


def _caption_row(block: Block, role: Role) -> bool:
    return role is Role.TITLE or (role is Role.BODY and len(block.text) <= _MAX_CAPTION)


def headline_rows(blocks: tuple[Block, ...], options: Options) -> list[tuple[int, dict[str, float]]]:
    """``(block index, signals)`` for every heading-shaped block, as :func:`assign_roles` weighs
    them (the fitting script reads the same rows)."""
    roles = _prepared(blocks, options)
    if options.remove_captions:
        _weigh_captions(blocks, roles, [])
    facts = _PageFacts.of(blocks)
    return [
        (i, paired(headline_signals(blocks, roles, i, facts))) for i in range(len(blocks)) if roles[i] is Role.TITLE
    ]


def caption_rows(blocks: tuple[Block, ...], options: Options) -> list[tuple[int, dict[str, float]]]:
    """``(block index, signals)`` for every short block that may be a caption without a credit."""
    roles = _prepared(blocks, options)
    facts = _PageFacts.of(blocks)
    return [
        (i, caption_signals(blocks, roles, i, facts)) for i in range(len(blocks)) if _caption_row(blocks[i], roles[i])
    ]


def _weigh_captions(
    blocks: tuple[Block, ...], roles: list[Role], decisions: list[Decision]
) -> dict[int, dict[str, float]]:
    """A short block whose weighed evidence says an image stood beside it is a caption.

    Returns the headline signals it computed on the way for heading-shaped lines, by block,
    where no role they read was changed by a caption found (their context is then the same when
    the headlines are weighed, but for the page-wide ``around_similar``, read again then)."""
    weights = role_weights().get("caption")
    if not weights:
        return {}
    facts = _PageFacts.of(blocks)
    intrinsic = list(roles)
    watched = _ReadRoles(intrinsic)
    known: dict[int, tuple[dict[str, float], frozenset[int]]] = {}
    for i, block in enumerate(blocks):
        if not _caption_row(block, intrinsic[i]):
            continue
        watched.read.clear()
        headline = headline_signals(blocks, watched, i, facts)
        if intrinsic[i] is Role.TITLE:
            known[i] = (headline, frozenset(watched.read))
        total, parts = _score(caption_signals(blocks, intrinsic, i, facts, headline), weights)
        if total > 0:
            roles[i] = Role.CAPTION
            decisions.append(
                Decision(
                    kind="caption",
                    outcome="caption",
                    lines=_lines_of(block),
                    score=round(total, 3),
                    evidence=[(name, round(value, 3)) for name, value in parts[:6]],
                    text=_excerpt(block.text),
                )
            )
    changed = {k for k, (was, now) in enumerate(zip(intrinsic, roles, strict=True)) if was is not now}
    if not changed:
        return {i: signals for i, (signals, _) in known.items()}
    return {  # around_similar read again with the captions found
        i: {name: value for name, value in signals.items() if name != "around_similar"}
        for i, (signals, read) in known.items()
        if read.isdisjoint(changed)
    }


def _weigh_headlines(
    blocks: tuple[Block, ...],
    roles: list[Role],
    decisions: list[Decision],
    known: dict[int, dict[str, float]] | None = None,
) -> dict[int, float]:
    """Each heading-shaped line is a heading when its weighed evidence is positive, else text.

    ``known`` holds signals already computed in the same context (see :func:`_weigh_captions`).
    Returns the score of each line weighed, by block."""
    weights = role_weights()["headline"]
    facts = _PageFacts.of(blocks)
    intrinsic = list(roles)
    known = known or {}
    scores: dict[int, float] = {}
    for i, block in enumerate(blocks):
        if intrinsic[i] is not Role.TITLE:
            continue
        signals = known.get(i) or headline_signals(blocks, intrinsic, i, facts)
        if "around_similar" not in signals:
            signals = {**signals, "around_similar": _around_signal(blocks, intrinsic, i, facts)}
        signals = paired(signals)
        total, parts = _score(signals, weights)
        scores[i] = total
        accepted = total > 0
        if not accepted:
            roles[i] = Role.BODY
        decisions.append(
            Decision(
                kind="headline",
                outcome="heading" if accepted else "text",
                lines=_lines_of(block),
                score=round(total, 3),
                evidence=[(name, round(value, 3)) for name, value in parts[:6]],
                text=_excerpt(block.text),
            )
        )
    return scores


def _roles_before_groups(
    blocks: tuple[Block, ...], options: Options, decisions: list[Decision]
) -> tuple[list[Role], dict[int, float]]:
    """Every block's role with captions and heading lines weighed, before headline groups are
    read, and the headline score of each heading-shaped line (by block)."""
    roles = _prepared(blocks, options)
    known = _weigh_captions(blocks, roles, decisions) if options.remove_captions else {}
    scores = _weigh_headlines(blocks, roles, decisions, known)
    if options.remove_captions:
        _captions_in_broken_sentences(blocks, roles)
        return roles, scores
    return [Role.BODY if r in (Role.CAPTION, Role.CREDIT, Role.HEADSHOT) else r for r in roles], scores


def assign_roles(blocks: tuple[Block, ...], options: Options) -> RoleResult:
    """Every block with its role decided, and the non-obvious decisions with their evidence."""
    decisions: list[Decision] = []
    roles, scores = _roles_before_groups(blocks, options, decisions)
    _headline_groups(blocks, roles, decisions, scores)
    for block, role in zip(blocks, roles, strict=False):
        if role is Role.FURNITURE:
            decisions.append(
                Decision(kind="furniture", outcome="removed", lines=_lines_of(block), text=_excerpt(block.text))
            )
    _forget_roles_page(blocks)
    return RoleResult(tuple(_with_role(b, r) for b, r in zip(blocks, roles, strict=False)), tuple(decisions))


def _forget_roles_page(blocks: tuple[Block, ...]) -> None:
    """Drop what only this stage reads about the page's blocks (the blocks' shared pairs, the
    window and article similarities, the page text, the joins asked): the later stages start
    without it. The vocabularies stay: the assembly reads those of the same texts."""
    for memo in (_PARTS, _SHARED, _AROUND, _TEXTS):
        memo.pop(id(blocks), None)
    _join.cache_clear()
