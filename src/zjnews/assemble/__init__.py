"""Assembly: articles built from role-labelled blocks, in explicit sub-stages.

The pipeline (:mod:`zjnews.pipeline`) calls them in order (see docs/reconstruction.md):

1. :func:`~zjnews.assemble.layout.lay_out` — headline groups, body blocks, blocks set aside;
2. :func:`~zjnews.assemble.links.link_open_ends` — every open end matched to its continuation
   (one assignment over the page); where that moves a fragment into another article,
   :func:`~zjnews.assemble.links.interleaved_zone` and :func:`~zjnews.assemble.links.relink_zone`
   re-score the blocks dumped after it;
3. :func:`~zjnews.assemble.paragraphs.chain_paragraphs` — linked blocks chained into paragraphs,
   each with its article (:func:`~zjnews.assemble.paragraphs.zone_owners` for an interleaved zone);
4. :func:`~zjnews.assemble.placement.place` — paragraph texts in reading order, captions and
   closing byline lines; then the bylines stage (:func:`zjnews.bylines.settle_bylines`) and
   :func:`~zjnews.assemble.placement.finish` (headshots, column labels, removals).
"""

from __future__ import annotations

from .layout import lay_out
from .links import interleaved_zone, link_open_ends, relink_zone, stranded
from .paragraphs import chain_paragraphs, reading_order, zone_owners
from .placement import finish, place
from .types import Draft, DraftArticle, Layout, Link, Linking, Paragraph, Paragraphs, Slot

__all__ = [
    "Draft",
    "DraftArticle",
    "Layout",
    "Link",
    "Linking",
    "Paragraph",
    "Paragraphs",
    "Slot",
    "chain_paragraphs",
    "finish",
    "interleaved_zone",
    "lay_out",
    "link_open_ends",
    "place",
    "reading_order",
    "relink_zone",
    "stranded",
    "zone_owners",
]
