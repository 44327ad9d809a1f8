"""The values passed between the assembly's sub-stages (frozen, like the data model they lead to).

They describe one page's layout while its articles are being assembled and never leave the
assembly: the stage's result is a :class:`zjnews.model.Page`.
"""

from __future__ import annotations

import attrs

from ..model import Block, Caption, Decision, Removal

__all__ = ["Body", "Draft", "DraftArticle", "Layout", "Link", "Linking", "Paragraph", "Paragraphs", "Slot"]


@attrs.frozen
class Slot:
    """An article opened by a headline: its headline group."""

    title: str = ""
    kicker: str | None = None
    subtitle: str | None = None
    column: str | None = None
    byline: str | None = None
    column_printed: bool = False
    """The column label was printed above this article (not carried over from the article above)."""
    title_line: int = 0
    """1-based input line of each headline-group line (0: not printed)."""
    kicker_line: int = 0
    subtitle_line: int = 0
    column_line: int = 0
    byline_line: int = 0


@attrs.frozen
class Body:
    """A body block with its place in the layout."""

    block: Block
    slot: int
    """Article whose heading precedes it (-1: before any heading)."""
    prev: int | None = None
    """Index (in the body list) of the body block right above it with no heading between."""
    after_boundary: bool = False
    """A headshot or trailing byline stands between it and ``prev``."""
    after_heading: bool = False
    """It is the first body block under a headline group."""
    quoted: bool = False
    """Its whole text, a short line without a sentence end, is printed again inside a longer body
    block of the page: a subhead or summary line quoting the text below it, not a column's text
    broken off (:func:`zjnews.assemble.layout.quoted_lines`)."""


@attrs.frozen
class Layout:
    """The page as dumped: headline groups (slots), body blocks in dump order, and the blocks set aside."""

    slots: tuple[Slot, ...]
    bodies: tuple[Body, ...]
    asides: tuple[tuple[int, Block], ...]
    """(number of body blocks before it, block) for captions, credits, headshots, trailing bylines."""
    removed: tuple[Removal, ...]


@attrs.frozen
class Link:
    """Body block ``target`` continues the open end of body block ``source``."""

    source: int
    target: int
    join: bool
    """Join the two blocks into one paragraph (else the target starts a paragraph after it)."""
    strength: float
    """The join evidence (:func:`zjnews.chinese.join_strength`)."""
    adjacent: bool
    """The target is the next body block after the source in the dump."""
    score: float = 0.0
    """The link's gain over the threshold it had to pass."""
    evidence: tuple[tuple[str, float], ...] = ()
    """The signals weighed, with their contributions."""


@attrs.frozen
class Linking:
    """The links of a page's open ends, and the blocks scored as an interleaved zone."""

    links: tuple[Link, ...]
    zone: frozenset[int] = frozenset()
    scoring: object = attrs.field(default=None, eq=False, repr=False)
    """The pair scores' caches (join evidence, vocabularies) of the round, reused by the next
    round (:class:`zjnews.assemble.links.Scoring`; the links sub-stage's own business)."""


@attrs.frozen
class Paragraph:
    """A chain of joined body blocks (by index), the paragraph it follows and its article."""

    blocks: tuple[int, ...]
    parent: int | None = None
    """Paragraph (by its first block) this one follows; None under the headline."""
    owner: int = -1


@attrs.frozen
class Paragraphs:
    """The page's paragraphs (keyed by their first block) and the links that made them."""

    paragraphs: dict[int, Paragraph]
    used: tuple[Link, ...]
    """The links kept (a link closing a cycle of joins is dropped)."""

    def owner_of(self) -> dict[int, int]:
        """The article of each body block."""
        return {member: p.owner for p in self.paragraphs.values() for member in p.blocks}


@attrs.frozen
class DraftArticle:
    """An article before its byline is settled: headline group, paragraphs with their input lines."""

    owner: int
    """The slot it was opened by (-1: text above every headline)."""
    slot: Slot
    paragraphs: tuple[str, ...]
    paragraph_lines: tuple[tuple[int, ...], ...]
    captions: tuple[Caption, ...] = ()
    reasons: tuple[str, ...] = ()
    trailing: str | None = None
    """A byline printed on its own line after the article's text."""
    trailing_line: int = 0


@attrs.frozen
class Draft:
    """The page's articles before bylines are settled and headshots and labels placed."""

    articles: tuple[DraftArticle, ...]
    captions: tuple[Caption, ...]
    """Page-level captions (photo news, captions above every article)."""
    headshots: tuple[tuple[int, Block, bool], ...]
    """(owner, headshot name line, printed inside an open sentence)."""
    removed: tuple[Removal, ...]
    decisions: tuple[Decision, ...] = ()
