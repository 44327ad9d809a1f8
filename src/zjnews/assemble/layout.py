"""Layout: the page walked in dump order into headline groups, body blocks and blocks set aside.

Each title opens an article; the column label, kicker, subtitle and byline line around it form
its headline group. Body blocks belong by default to the article whose heading precedes them.
Captions, credits, headshot name lines and trailing bylines are set aside with their position.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

import attrs

from ..bylines import is_trailing_byline, split_trailing_byline
from ..chinese import ends_open
from ..model import Block, Removal, Role
from ..roles import removal_reason
from .types import Body, Layout, Slot

__all__ = ["QUOTED_LENGTH", "lay_out", "quoted_lines"]


def lay_out(blocks: Sequence[Block]) -> Layout:
    """The layout of role-labelled ``blocks``."""
    slots: list[Slot] = []
    bodies: list[Body] = []
    asides: list[tuple[int, Block]] = []
    removed: list[Removal] = []
    column: str | None = None
    column_line = 0
    column_level = -1
    kicker: str | None = None
    pending_column: str | None = None
    kicker_line = pending_column_line = 0
    last_body: int | None = None
    boundary = False
    signed_off = False  # the article above printed its closing byline: what follows is stranded
    after_heading = False
    previous_role = Role.UNKNOWN
    for block in blocks:
        role = block.role
        if role is Role.COLUMN:
            if pending_column is not None:
                removed.append(Removal(pending_column, "column label replaced by the next one", pending_column_line))
            pending_column, pending_column_line = block.text, block.line
        elif role is Role.KICKER:
            if kicker is not None:
                removed.append(Removal(kicker, "kicker with no title under it", kicker_line))
            kicker, kicker_line = block.text, block.line
        elif role is Role.TITLE:
            printed = pending_column is not None
            if pending_column is not None:
                column, column_line, column_level = pending_column, pending_column_line, block.heading_level
                pending_column = None
            elif column is not None and (block.heading_level != column_level or column_level == 0):
                column = None
            slot_column = column
            if column is not None and column_level == 0:
                column = None  # on an unmarked page a column label covers the article under it
            slots.append(
                Slot(
                    title=block.text,
                    kicker=kicker,
                    column=slot_column,
                    column_printed=printed,
                    title_line=block.line,
                    kicker_line=kicker_line if kicker is not None else 0,
                    column_line=column_line if slot_column is not None else 0,
                )
            )
            kicker = None
            last_body = None
            boundary = signed_off = False
            after_heading = True
        elif role is Role.SUBTITLE and previous_role in (Role.TITLE, Role.SUBTITLE) and slots:
            slot = slots[-1]
            subtitle = block.text if slot.subtitle is None else f"{slot.subtitle} {block.text}"
            slots[-1] = attrs.evolve(slot, subtitle=subtitle, subtitle_line=slot.subtitle_line or block.line)
        elif role is Role.BYLINE and not is_trailing_byline(block.text) and slots and after_heading:
            if slots[-1].byline is not None:
                removed.append(
                    Removal(slots[-1].byline, "byline replaced by the next byline line", slots[-1].byline_line)
                )
            slots[-1] = attrs.evolve(slots[-1], byline=block.text, byline_line=block.line)
        elif role in (Role.BYLINE, Role.HEADSHOT, Role.CAPTION, Role.CREDIT):
            asides.append((len(bodies), block))
            if role in (Role.BYLINE, Role.HEADSHOT):
                boundary = True
            if role is Role.BYLINE and (last_body is None or not ends_open(bodies[last_body].block.text)):
                signed_off = True
        elif role in (Role.NOISE, Role.FURNITURE):
            removed.append(Removal(block.text, removal_reason(block), block.line))
        else:  # body, and subtitles that do not stand under a title
            # a headshot or byline after a finished sentence ends the article above; after an
            # open sentence it was only dropped into the middle of it
            closed_above = last_body is None or not ends_open(bodies[last_body].block.text)
            bodies.append(
                Body(
                    block,
                    len(slots) - 1,
                    prev=last_body,
                    after_boundary=(boundary or signed_off) and closed_above,
                    after_heading=after_heading,
                )
            )
            last_body = len(bodies) - 1
            # a byline after the last sentence closes the article too
            boundary = split_trailing_byline(block.text) is not None
            # everything printed after an article's closing byline, until the next headline, was
            # stranded there (several articles' tails dumped under the last one)
            signed_off = signed_off or boundary
            after_heading = False
        if role not in (Role.NOISE, Role.FURNITURE):
            previous_role = role
    if pending_column is not None or kicker is not None:
        for text, line in ((pending_column, pending_column_line), (kicker, kicker_line)):
            if text is not None:
                removed.append(Removal(text, "heading with no article under it", line))
    quoted = quoted_lines([body.block.text for body in bodies])
    bodies = [attrs.evolve(body, quoted=True) if index in quoted else body for index, body in enumerate(bodies)]
    return Layout(tuple(slots), tuple(bodies), tuple(asides), tuple(removed))


QUOTED_LENGTH = (6, 100)
"""The lengths of a line that :func:`quoted_lines` looks for again: a subhead or a summary line
(shorter, the words are too common to say anything; longer, it is a paragraph). The upper bound
was chosen on the even-numbered development pages (para_exact 0.887 with 60, 0.888 with 100)."""
_PROBE = QUOTED_LENGTH[0]
_MAX_PLACES = 64
"""The places of a line's first characters on the page :func:`quoted_lines` compares it at (a
page that repeats the same few characters thousands of times is not searched thousands of times)."""


_FIND_PROBES = 100
"""Up to this many first characters to look for, :func:`quoted_lines` finds each with ``str.find``
over the page (in C, about 0.7 ns a character and probe); beyond, one pass over the page looks up
every place in a dictionary (about 170 ns a character), so that the work stays linear."""


def _find_places(texts: Sequence[str], places: dict[str, list[tuple[int, int]]]) -> None:
    """Fill ``places`` (first characters → their places, empty lists) with the first
    :data:`_MAX_PLACES` places of each in ``texts`` as ``(text, start)``, in the order of the
    texts and of the places in them."""
    # every text in one string, each after a character no probe holds (no place spans two)
    separator = next(char for char in map(chr, itertools.count(1)) if not any(char in probe for probe in places))
    joined = separator + separator.join(texts)
    begins = list(itertools.accumulate((len(text) + 1 for text in texts), initial=1))
    for probe, found in places.items():
        at = joined.find(probe)
        while at >= 0 and len(found) < _MAX_PLACES:
            index = bisect.bisect_right(begins, at) - 1
            found.append((index, at - begins[index]))
            at = joined.find(probe, at + 1)


def quoted_lines(texts: Sequence[str]) -> frozenset[int]:
    """The indexes of the ``texts`` that are short lines without a sentence end printed again
    inside a longer one of them.

    A subhead or summary line often repeats words of the text below it (``让乡村书屋成为村民的
    精神家园`` heads a section whose text says ``…要让乡村书屋成为村民的精神家园。``); the first
    part of a paragraph broken off by a column break is not printed twice. An exact repeat (a
    duplicated block) is not a quote. Linear in the text's length: the candidates' first
    characters are found on the page (:func:`_find_places`, or one pass looking up every place
    when they are many), and a candidate is compared only where its first characters stand (at
    most :data:`_MAX_PLACES` places each).
    """
    candidates = [
        i
        for i, text in enumerate(texts)
        if QUOTED_LENGTH[0] <= len(text.strip()) <= QUOTED_LENGTH[1] and ends_open(text)
    ]
    if not candidates:
        return frozenset()
    places: dict[str, list[tuple[int, int]]] = {texts[i].strip()[:_PROBE]: [] for i in candidates}
    if len(places) <= _FIND_PROBES:
        _find_places(texts, places)
    else:
        for index, text in enumerate(texts):
            for start in range(len(text) - _PROBE + 1):
                found = places.get(text[start : start + _PROBE])
                if found is not None and len(found) < _MAX_PLACES:
                    found.append((index, start))
    quoted = set()
    for i in candidates:
        line = texts[i].strip()
        for j, start in places[line[:_PROBE]]:
            if j != i and len(texts[j].strip()) > len(line) and texts[j].startswith(line, start):
                quoted.add(i)
                break
    return frozenset(quoted)
