"""Decide each block's role from its own text and its neighbours.

Markdown ``#`` marks are one weak signal among length, punctuation, position and what
follows; a heading candidate is demoted to body when the text around shows it is the
middle of a sentence broken at a column break.
"""

from __future__ import annotations

import re

import attrs

from .bylines import is_byline_line, is_trailing_byline, split_leading_dateline
from .chinese import (
    Vocabulary,
    cjk_bigrams,
    ends_closed,
    ends_open,
    is_cjk,
    join_strength,
    name_tokens,
    starts_dangling,
)
from .dedup import overlap_length
from .model import Block, Role
from .options import Options

__all__ = ["assign_roles", "intrinsic_role", "split_credit"]

_HEADING_ROLES = frozenset({Role.TITLE, Role.KICKER, Role.COLUMN, Role.SUBTITLE})
_ASIDE_ROLES = frozenset({Role.CAPTION, Role.CREDIT, Role.HEADSHOT, Role.NOISE})

_CAPTION_CUE = re.compile(
    r"[（(](?:左|右|中|前|后|上|下)[一二三四五六七八九十\d]?[）)]|^(?:图为|上图|下图|左图|右图|图[:：①②③④⑤\d])"
)
_CREDIT_END = ("摄", "供图", "制图", "摄影", "提供")
_BRACKETED_CREDIT = re.compile(r"[（(][^（）()]{0,30}(?:摄|供图|制图|提供|图片)[^（）()]{0,6}[）)]$")
_CREDIT_ROLE = re.compile(r"(本报|特约|记者|通讯员|拍友|摄影|见习|实习生|全媒体|融媒体|图/|文/|/)")
_SUBTITLE = re.compile(r"^\s*(?:——|—|─{1,2}|－－)")
_SENTENCE_PUNCT = re.compile(r"[。！？!?；;]")
_COMMA = re.compile(r"[，,]")
_MAX_HEADING = 48
_JUMP_LINE = re.compile(r"^[（(]?\s*(?:下转|上接|转|接)第?\s*[一二三四五六七八九十\d]+\s*版\s*[）)]?$")
"""A jump line pointing to another page (``（下转第三版）``, ``(上接第1版)``)."""


def split_credit(text: str) -> tuple[str, str] | None:
    """``(caption, credit)`` when ``text`` ends with a photo credit (``拍友 丁启哲 摄``, ``…供图``).

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


def _heading_candidate(block: Block) -> bool:
    text = block.text
    if not any(is_cjk(c) or c.isalnum() for c in text):
        return False
    if block.heading_level > 0:
        return len(text) <= 2 * _MAX_HEADING and not _SENTENCE_PUNCT.search(text.rstrip("。！？!?"))
    if len(text) > _MAX_HEADING or _SENTENCE_PUNCT.search(text):
        return False
    if starts_dangling(text) > 0 or text[-1] in "，,、：:“《（(—" or split_leading_dateline(text):
        return False
    if "、" in text:
        return False
    if text.count("（") + text.count("(") > text.count("）") + text.count(")"):
        return False  # a bracket left open: the line breaks off inside a sentence (…有限公司（以下)
    clauses = _COMMA.split(text)
    if len(clauses) == 1:
        return True
    # headlines pair short parallel phrases: 小岛之爱，可抵岁月漫长 / 尽心尽力，有为有界
    sizes = [len(c.strip()) for c in clauses]
    return len(sizes) == 2 and max(sizes) <= 7 and abs(sizes[0] - sizes[1]) <= 2


def intrinsic_role(block: Block) -> Role:
    """The role ``block`` has on its own text alone (context refines it in :func:`assign_roles`)."""
    text = block.text.strip()
    if not any(is_cjk(c) or c.isalnum() for c in text) or _JUMP_LINE.match(text):
        return Role.NOISE
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
    if _heading_candidate(block):
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


@attrs.frozen
class _Candidate:
    """An unmarked heading candidate with the blocks around it (scratch for the rules below)."""

    blocks: tuple[Block, ...]
    roles: list[Role]
    i: int
    prev: int | None
    """The body block above it (captions, credits and headshots skipped)."""
    nxt: int | None
    """The body block below it (captions, credits and headshots skipped)."""
    marked: int
    """How many headlines of the page carry # marks."""

    @property
    def text(self) -> str:
        return self.blocks[self.i].text

    def role(self, offset: int) -> Role:
        j = self.i + offset
        return self.roles[j] if 0 <= j < len(self.roles) else Role.UNKNOWN

    def byline_below(self) -> bool:
        """A subtitle, byline, dateline or byline-like name line right under it."""
        after = self.role(1)
        return (
            after in (Role.BYLINE, Role.SUBTITLE)
            or (after is Role.HEADSHOT and not _named_again(self.blocks, self.roles, self.i + 1))
            or (after is Role.BODY and split_leading_dateline(self.blocks[self.i + 1].text) is not None)
        )


def _under_subtitle(c: _Candidate) -> bool:
    """A subtitle closes its headline group: a line under it is text."""
    return c.role(-1) is Role.SUBTITLE


def _inside_broken_sentence(c: _Candidate) -> bool:
    """A word runs across its join with the open text above, or its open end runs into the text below."""
    if c.prev is not None and ends_open(c.blocks[c.prev].text):
        strength = join_strength(c.blocks[c.prev].text, c.text)
        # a two-character word across the join happens by chance (…现场指|错时共享…): then the
        # line must also not be the head of the text below it
        head_below = c.nxt is not None and _covered_below(c.text, c.blocks, c.roles, c.nxt)
        if strength >= 2.5 or (strength >= 2.0 and not head_below):
            return True
    return (
        c.nxt is not None
        and c.role(1) not in (Role.HEADSHOT, Role.BYLINE)
        and ends_open(c.text)
        and join_strength(c.text, c.blocks[c.nxt].text) >= 1.0
    )


def _broken_around_a_name_line(c: _Candidate) -> bool:
    """A headshot name line (its names recur in the article's byline) between it and a text that
    cannot open an article (``…带来`` / ``沈佳怡`` / ``了消防车…``): the line is the first half of
    a broken sentence, with the headshot dropped into the break.

    A name line that is no one else's byline is the headline's own byline: a fragment printed
    under a headline and its byline happens (a continuation placed before its heading).
    """
    if c.role(1) not in (Role.HEADSHOT, Role.BYLINE) or c.nxt is None or not ends_open(c.text):
        return False
    if not _named_again(c.blocks, c.roles, c.i + 1):
        return False  # a byline of its own: a headline, with a fragment printed under it maybe
    below = c.blocks[c.nxt].text
    return starts_dangling(below) >= 1.0 or join_strength(c.text, below) >= 2.0


def _reads_as_text_above(c: _Candidate) -> bool:
    """It shares clearly more vocabulary with the text right above than with the text below."""
    if c.role(-1) is not Role.BODY or c.nxt is None:
        return False
    return _closer_to(c.text, c.blocks[c.i - 1].text, c.blocks[c.nxt].text)


def _words_absent_below(c: _Candidate) -> bool:
    """None of its word pairs recur in the text below it: not the head of that text."""
    return (
        c.role(-1) is Role.BODY
        and c.nxt is not None
        and c.role(1) not in (Role.BYLINE, Role.SUBTITLE)
        and (c.role(1) is not Role.HEADSHOT or _named_again(c.blocks, c.roles, c.i + 1))
        and ends_open(c.text)
        and split_leading_dateline(c.blocks[c.nxt].text) is None
        and not _covered_below(c.text, c.blocks, c.roles, c.nxt)
    )


def _comma_line_out_of_place(c: _Candidate) -> bool:
    """A line with inner commas is a headline only where a headline stands: at the top, after
    the end of an article, or above a byline; and not when it reads as the text above."""
    if not (_COMMA.search(c.text) or "、" in c.text):
        return False
    if c.prev is not None and c.nxt is not None and _closer_to(c.text, c.blocks[c.prev].text, c.blocks[c.nxt].text):
        return True
    before = c.role(-1)
    in_place = (
        c.i == 0
        or before in _HEADING_ROLES
        or before in (Role.CAPTION, Role.CREDIT)
        or (before is Role.HEADSHOT and c.role(-2) not in _HEADING_ROLES)
        or (before is Role.BYLINE and is_trailing_byline(c.blocks[c.i - 1].text))
        or c.byline_below()
    )
    return not in_place


def _unmarked_on_a_marked_page(c: _Candidate) -> bool:
    """On a page whose headlines carry # marks, an unmarked line is a headline only where the
    lines around it make it one: above another headline, a subtitle or a byline."""
    if c.marked < 3 or c.i == 0:
        return False
    supported = (
        c.role(1) is Role.TITLE
        or c.byline_below()
        or (c.role(-1) is Role.TITLE and c.blocks[c.i - 1].heading_level == 0)
    )
    return not supported


_BROKEN_HEADING_RULES = (
    _under_subtitle,
    _inside_broken_sentence,
    _broken_around_a_name_line,
    _reads_as_text_above,
    _words_absent_below,
    _comma_line_out_of_place,
    _unmarked_on_a_marked_page,
)
"""Each rule says, from the text around it, that an unmarked heading candidate is body text."""


def _demote_broken_headings(blocks: tuple[Block, ...], roles: list[Role]) -> None:
    """A heading candidate that the text around it shows to be body text is demoted."""
    marked = sum(1 for b, r in zip(blocks, roles, strict=False) if r is Role.TITLE and b.heading_level > 0)
    for i, block in enumerate(blocks):
        if roles[i] is not Role.TITLE or block.heading_level > 0:
            continue
        candidate = _Candidate(
            blocks,
            roles,
            i,
            _prev_index(roles, i - 1, _BODY, _ASIDE_ROLES),
            _next_index(roles, i + 1, _BODY, _ASIDE_ROLES),
            marked,
        )
        if any(rule(candidate) for rule in _BROKEN_HEADING_RULES):
            roles[i] = Role.BODY


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


def _covered_below(text: str, blocks: tuple[Block, ...], roles: list[Role], start: int) -> bool:
    """True when some word pair of ``text`` recurs in the body text below it (up to the next headline)."""
    own = cjk_bigrams(text)
    seen = 0
    for j in range(start, len(blocks)):
        if roles[j] in _HEADING_ROLES or seen > 800:
            break
        if roles[j] is Role.BODY:
            below = blocks[j].text
            if any(pair in below for pair in own):
                return True
            seen += len(below)
    return False


def _closer_to(text: str, above: str, below: str) -> bool:
    """True when ``text`` shares clearly more vocabulary with the text above than with the text below."""
    own = Vocabulary.of(text)
    return own.similarity(Vocabulary.of(above)) > 2 * own.similarity(Vocabulary.of(below)) + 0.05


def _captions_in_broken_sentences(blocks: tuple[Block, ...], roles: list[Role]) -> None:
    """A short closed sentence dropped between the two halves of a broken sentence is a caption."""
    for i, block in enumerate(blocks):
        if roles[i] is not Role.BODY or len(block.text) > 60 or not ends_closed(block.text):
            continue
        if len(_SENTENCE_PUNCT.findall(block.text)) > 1:
            continue  # a caption is one sentence
        prev = _prev_index(roles, i - 1, _BODY, _ASIDE_ROLES)
        nxt = _next_index(roles, i + 1, _BODY, _ASIDE_ROLES)
        if prev is None or nxt is None or not ends_open(blocks[prev].text):
            continue
        if overlap_length(blocks[prev].text, block.text):
            continue  # the broken sentence is re-read at the head of this block: it continues it
        if join_strength(blocks[prev].text, blocks[nxt].text) >= 2.0 > join_strength(blocks[prev].text, block.text):
            roles[i] = Role.CAPTION


def _captions_before_credits(blocks: tuple[Block, ...], roles: list[Role]) -> None:
    """The text right above a credit line is its caption (or a photo-news item)."""
    for i in range(1, len(blocks)):
        if roles[i] is not Role.CREDIT or blocks[i - 1].heading_level > 0:
            continue
        above = roles[i - 1]
        if (above is Role.BODY and ends_closed(blocks[i - 1].text)) or (
            above is Role.TITLE and len(blocks[i - 1].text) <= 30
        ):
            roles[i - 1] = Role.CAPTION


def _headline_groups(blocks: tuple[Block, ...], roles: list[Role]) -> None:
    """Inside each run of heading lines: subtitles, then the title last, a kicker above it, columns above that.

    A name line or byline line right under a headline group is the article's byline.
    """
    i = 0
    while i < len(blocks):
        if roles[i] not in _HEADING_ROLES:
            i += 1
            continue
        j = i
        while j < len(blocks) and roles[j] in _HEADING_ROLES:
            j += 1
        heads = [k for k in range(i, j) if roles[k] is not Role.SUBTITLE]
        if heads:
            title = heads[-1]
            roles[title] = Role.TITLE
            for k in heads[:-1]:
                roles[k] = Role.COLUMN
            if len(heads) >= 2:
                kicker = heads[-2]
                column_like = blocks[kicker].heading_level == 0 and blocks[title].heading_level > 0
                roles[kicker] = Role.COLUMN if column_like else Role.KICKER
        if j < len(blocks) and roles[j] in (Role.HEADSHOT, Role.BYLINE) and not is_trailing_byline(blocks[j].text):
            roles[j] = Role.BYLINE
        i = j


def assign_roles(blocks: tuple[Block, ...], options: Options) -> tuple[Block, ...]:
    """Every block with its role decided."""
    roles = [intrinsic_role(b) for b in blocks]
    if options.remove_captions:
        _captions_before_credits(blocks, roles)
    _demote_broken_headings(blocks, roles)
    if options.remove_captions:
        _captions_in_broken_sentences(blocks, roles)
    else:
        roles = [Role.BODY if r in (Role.CAPTION, Role.CREDIT, Role.HEADSHOT) else r for r in roles]
    _headline_groups(blocks, roles)
    return tuple(_with_role(b, r) for b, r in zip(blocks, roles, strict=False))
