"""The pipeline: the one place that knows the order of the stages.

bytes ─decode─▶ str ─prepare─▶ str (line ends, hidden paragraph breaks) ─repair─▶ str + repair log
      ─blocks─▶ [Block] ─roles─▶ [Block(role)] ─dedup─▶ [Block] + duplicates
      ─assemble: layout ─▶ links ─▶ paragraphs ─▶ placement─▶ draft ─bylines─▶ draft ─finish─▶ Page
"""

from __future__ import annotations

from collections.abc import Sequence

from .assemble import (
    Layout,
    Paragraphs,
    chain_paragraphs,
    finish,
    interleaved_zone,
    lay_out,
    link_open_ends,
    place,
    relink_zone,
    stranded,
    zone_owners,
)
from .blocks import split_blocks
from .bylines import settle_bylines
from .decode import decode_bytes
from .dedup import DedupResult, remove_duplicates
from .errors import EmptyInputError
from .model import Block, Decision, Page, Repair
from .options import Options
from .page_cache import forget_page
from .prepare import prepare_page
from .repair import repair_text
from .roles import RoleResult, assign_roles

__all__ = ["assemble_page", "assemble_paragraphs", "collect_page", "parse_bytes", "parse_text", "warm_up"]


def assemble_page(blocks: Sequence[Block], options: Options) -> Page:
    """The assembly's sub-stages in order: the page's articles, captions, removals and decisions
    from role-labelled blocks without repeats."""
    layout = lay_out(blocks)
    paragraphs, _ = assemble_paragraphs(layout, options)
    draft = place(layout, paragraphs)
    draft = settle_bylines(draft)
    return finish(draft)


def assemble_paragraphs(layout: Layout, options: Options) -> tuple[Paragraphs, frozenset[int]]:
    """The page's paragraphs from its layout (links, paragraphs, the interleaved-zone round), and
    the interleaved zone the first round found."""
    linking = link_open_ends(layout, options)
    paragraphs = chain_paragraphs(layout, linking.links)
    zone = interleaved_zone(layout, linking)
    if zone:
        # several articles' continuations dumped together: score them again knowing which
        # article each open end now belongs to
        linking = relink_zone(layout, linking, zone, paragraphs.owner_of())
        paragraphs = chain_paragraphs(layout, linking.links)
        wider = zone | interleaved_zone(layout, linking)
        if wider != zone:
            zone = wider
            linking = relink_zone(layout, linking, zone, paragraphs.owner_of())
            paragraphs = chain_paragraphs(layout, linking.links)
    # in a zone, and among the blocks stranded after an article's closing byline, each fresh
    # paragraph goes to the article it shares most vocabulary with
    moves = zone_owners(layout, linking.links, zone | stranded(layout), paragraphs)
    if moves:
        paragraphs = chain_paragraphs(layout, (*linking.links, *moves))
    return paragraphs, zone


def parse_text(text: str, *, options: Options | None = None, source: str | None = None) -> Page:
    """Run every stage after decoding over ``text``.

    Raises :class:`EmptyInputError` when the prepared text holds nothing but whitespace.
    """
    options = options or Options()
    text, breaks = prepare_page(text)
    if not text.strip():
        raise EmptyInputError("the input holds only whitespace" if text else "the input is empty")
    try:
        repaired = repair_text(text, options)
        blocks = split_blocks(repaired.text, layout=text)
        roles = assign_roles(blocks, options)
        dedup = remove_duplicates(roles.blocks, options)
        page = assemble_page(dedup.blocks, options)
        return collect_page(repaired.repairs, roles, dedup, page, source, breaks)
    finally:
        forget_page()  # the stages' answers about this page's blocks are of no use for the next


def collect_page(
    repairs: Sequence[Repair],
    roles: RoleResult,
    dedup: DedupResult,
    assembled: Page,
    source: str | None,
    preparation: Sequence[Decision] = (),
) -> Page:
    """The page the stages' results make: the assembled articles with the repair log, the
    duplicates and every stage's decisions (the preparation's hidden paragraph breaks, roles,
    assembly, duplicates) in that order."""
    return Page(
        articles=assembled.articles,
        captions=assembled.captions,
        duplicates=dedup.duplicates,
        removed=assembled.removed,
        repairs=tuple(repairs),
        source=source,
        decisions=(
            *preparation,
            *roles.decisions,
            *assembled.decisions,
            *(Decision("duplicate", d.reason, (d.line,) if d.line else (), text=d.text[:24]) for d in dedup.duplicates),
        ),
    )


def parse_bytes(data: bytes, *, options: Options | None = None, source: str | None = None) -> Page:
    """Decode ``data`` and parse it."""
    options = options or Options()
    text = decode_bytes(data, max_bytes=options.max_input_bytes)
    return parse_text(text, options=options, source=source)


_WARM_UP_PAGE = (
    "# 新區建設提速\n\n本报记者 王明\n\n"
    '今年以来,全區新開工項目三十個,"十四五"规划的重點工程全面推进。\n'
    "据了解,这些项目总投资超过一百亿元,预计明年年底前完工。\n\n"
    "图为工人在施工现场作业。 李华摄\n"
)


def warm_up() -> None:
    """Load every table the stages read on first use: the lexicon, the OCR tables, OpenCC.

    A process pool created afterwards with ``fork`` shares them with the parent instead of each
    worker loading its own copy on its first page (``zjnews parse --jobs`` calls this first).
    """
    from . import lexicon
    from .repair import ocr, script

    lexicon.lexicon()
    lexicon.pair_frequency("中国")
    lexicon.char_frequency("中")
    ocr.model()
    ocr.candidates()
    script.converters()
    parse_text(_WARM_UP_PAGE)
