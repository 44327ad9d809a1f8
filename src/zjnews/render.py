"""Render a parsed :class:`~zjnews.Page` back to a page dump, the form zjnews reads.

``page_to_dump(page)`` writes each article as a clean dump prints it: the column label on a
line of its own (when it changes), the kicker and title as ``#`` headings, the subtitle as a
``##`` heading, the byline where it stood (a dateline opening the first paragraph, a trailing
``(X Y)`` line after the body, or a line under the headline), the paragraphs and then the
captions (the caption, then its credit as a block of its own; a caption with neither a credit
nor a caption cue such as ``（左）``
gets the mark ``图：``, without which a dump reads it as body text), every block separated by a
blank line. Page-level captions come
last. Duplicates and removed text are not rendered: the dump is the page as it should read.

Parsing the rendering with the repair passes off gives the same articles back (titles,
paragraphs, authors), tested in ``tests/test_render.py``. The rendering holds text already
repaired; repairing it again is the repair passes' own idempotence, a separate property (a
passage kept as printed in one context, such as a space inside a run-in heading later joined
to its paragraph, can be repaired in another).
"""

from __future__ import annotations

from . import roles
from .bylines import is_trailing_byline, split_leading_dateline
from .model import Article, Block, Caption, Page, Role

__all__ = ["article_blocks", "page_to_dump"]

_CAPTION_ROLES = frozenset({Role.CAPTION, Role.CREDIT, Role.HEADSHOT})


_CAPTION_MARK = "图："
"""Put before a caption that has neither a credit nor a caption cue, which a dump would read as body text."""


def _caption_blocks(caption: Caption) -> list[str]:
    """The caption, then its credit as a block of its own (on one line, a long caption would read as body)."""
    text = caption.text
    if text and not caption.credit and roles.intrinsic_role(Block(0, 0, text)) not in _CAPTION_ROLES:
        text = _CAPTION_MARK + text
    return [part for part in (text, caption.credit) if part]


def article_blocks(article: Article, *, column: str | None = None, level: int = 1) -> list[str]:
    """The blocks (without blank lines) of one article; ``column`` is printed above it when given.

    ``level`` is the number of ``#`` marks of its headings (the subtitle gets one more).
    """
    marks = "#" * level
    blocks: list[str] = []
    if column:
        blocks.append(column)  # unmarked above a marked heading: read as a column label
    if article.kicker:
        blocks.append(f"{marks} {article.kicker}")
    if article.title:
        blocks.append(f"{marks} {article.title}")
    if article.subtitle:
        blocks.append(f"{marks}# {article.subtitle}")
    paragraphs = list(article.paragraphs)
    byline = article.byline
    trailing = None
    if byline:
        if paragraphs and split_leading_dateline(byline + paragraphs[0]) is not None:
            paragraphs[0] = byline + paragraphs[0]
        elif is_trailing_byline(byline):
            trailing = byline
        else:
            blocks.append(byline)
    blocks.extend(paragraphs)
    if trailing:
        blocks.append(trailing)
    for caption in article.captions:
        blocks.extend(_caption_blocks(caption))
    return blocks


def page_to_dump(page: Page) -> str:
    """The page as a dump: ``#`` headings, byline, paragraphs and captions, blocks separated by blank lines."""
    blocks: list[str] = []
    previous_column: str | None = None
    for article in page.articles:
        column = article.column
        # a marked page carries a column label over the articles at its heading level: an
        # article under no label is printed one level deeper, so that none is carried to it
        level = 2 if column is None and previous_column is not None else 1
        blocks.extend(article_blocks(article, column=column if column != previous_column else None, level=level))
        previous_column = column if level == 1 else None
    for caption in page.captions:
        blocks.extend(_caption_blocks(caption))
    return "\n\n".join(blocks) + "\n" if blocks else ""
