"""Text conservation: every character of the input ends up in exactly one place of the :class:`Page`.

zjnews never drops text silently. What it does not keep in an article it records in
``Page.captions``, ``Page.duplicates`` or ``Page.removed``, and every character it changes is
logged in ``Page.repairs``. This module checks that promise as a balance of two multisets of
characters (``collections.Counter``, linear time)::

    text = zjnews.decode.decode_bytes(data)        # or the str given to parse_text
    page = zjnews.parse_text(text)
    assert not zjnews.conservation.unaccounted(text, page)
    assert not page.unaccounted(text)              # the same, as a method

**The input side** is the decoded text with the logged repairs replayed over it (the text the
stages after repair saw), counted without:

- whitespace (``str.isspace``: spaces, tabs, newlines, the ideographic space ``U+3000``): line
  wraps, blank lines and wrap spaces are layout, not text; and the control characters that
  the preparation drops (:func:`zjnews.prepare.normalize_newlines`);
- markdown heading marks: the run of ``#`` opening a line or a paragraph after a paragraph
  break ``U+2029`` (after leading whitespace), which the blocks stage reads off into
  ``Block.heading_level``. A ``#`` anywhere else is text.

**The output side** counts, without whitespace: every article's ``column``, ``kicker``,
``title``, ``subtitle``, ``byline``, ``paragraphs`` and captions (text and credit); the page's
``captions``; the text of every ``Duplicate`` and every ``Removal``. An article's ``authors`` are
derived from its byline and its ``uncertain_reason`` is commentary: neither is counted. A column
label carried over several consecutive articles (one label printed above a group of articles)
counts once.

:func:`balance` gives both directions: ``lost`` (input characters found nowhere in the page) and
``extra`` (page characters beyond the input: text counted twice or invented). :func:`unaccounted`
is ``lost + extra``, empty exactly when the page accounts for every character once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from .model import Page, Repair
from .prepare import prepare_text
from .repair import apply_repairs

__all__ = ["Balance", "balance", "input_characters", "page_characters", "replay_repairs", "unaccounted"]

_MARKUP = re.compile("(?:^|\u2029)[^\\S\n\u2029]*(#+)", re.MULTILINE)
"""The ``#`` marks opening a line or a paragraph after a paragraph break (``U+2029``, marked by
the preparation or given in the input): heading markup, read off by the blocks stage."""
_SPACE = re.compile(r"\s+")


@attrs.frozen
class Balance:
    """What does not balance between the input's characters and the page's."""

    lost: Counter[str]
    """Characters of the input that are nowhere in the page (with their counts)."""
    extra: Counter[str]
    """Characters of the page beyond the input's: counted twice, or not in the input at all."""

    @property
    def ok(self) -> bool:
        """True when every character of the input is in exactly one place of the page."""
        return not self.lost and not self.extra

    def __bool__(self) -> bool:
        return not self.ok


def replay_repairs(text: str, repairs: Sequence[Repair]) -> str:
    """``text`` with the repair log replayed: each pass's repairs applied to the text as that pass saw it.

    ``text`` is the decoded text or the prepared one: it is prepared first
    (:func:`zjnews.prepare.prepare_text`, which changes a prepared text no further), so the log
    replays from either. The log holds the passes one after the other; a run of repairs with the
    same ``pass_name`` is one pass, its positions relative to the text before it. Raises
    ``ValueError`` when the log does not fit the text (a log from another text).
    """
    text = prepare_text(text)
    start = 0
    while start < len(repairs):
        end = start
        while end < len(repairs) and repairs[end].pass_name == repairs[start].pass_name:
            end += 1
        text = apply_repairs(text, repairs[start:end])
        start = end
    return text


def _count(pieces: Iterable[str | None]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for piece in pieces:
        if piece:
            counts.update(_SPACE.sub("", piece))
    return counts


def input_characters(text: str, repairs: Sequence[Repair] = ()) -> Counter[str]:
    """The characters of the decoded ``text`` that a page must account for, after ``repairs``.

    ``text`` is what ``parse_text`` was given (or ``decode_bytes`` returned); it is prepared as
    the pipeline prepares it before repair (:func:`zjnews.prepare.prepare_text`), so the repair
    log's positions fit.
    """
    repaired = replay_repairs(text, repairs)
    counts = _count([repaired])
    for match in _MARKUP.finditer(repaired):
        counts["#"] -= len(match.group(1))
    if counts["#"] <= 0:
        del counts["#"]
    return counts


def page_characters(page: Page) -> Counter[str]:
    """The characters the page holds, each place counted once (see the module's documentation)."""
    pieces: list[str | None] = []
    column: str | None = None
    for article in page.articles:
        if article.column != column:
            pieces.append(article.column)
        column = article.column
        pieces.extend((article.kicker, article.title, article.subtitle, article.byline))
        pieces.extend(article.paragraphs)
        for caption in article.captions:
            pieces.extend((caption.text, caption.credit))
    for caption in page.captions:
        pieces.extend((caption.text, caption.credit))
    pieces.extend(duplicate.text for duplicate in page.duplicates)
    pieces.extend(removal.text for removal in page.removed)
    return _count(pieces)


def balance(text: str, page: Page) -> Balance:
    """Compare the characters of the decoded ``text`` (after ``page.repairs``) with those of ``page``."""
    given = input_characters(text, page.repairs)
    held = page_characters(page)
    return Balance(lost=given - held, extra=held - given)


def unaccounted(text: str, page: Page) -> Counter[str]:
    """Characters of ``text`` not accounted for exactly once by ``page``: empty when nothing was lost.

    ``text`` is the decoded input of ``page`` (the ``str`` given to ``parse_text``, or what
    ``zjnews.decode.decode_bytes`` returns for the bytes). The counter holds the characters lost
    and the characters the page holds beyond the input (see :func:`balance` to tell them apart).
    """
    result = balance(text, page)
    return result.lost + result.extra
