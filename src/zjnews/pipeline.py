"""The pipeline: the one place that knows the order of the stages.

    bytes ─decode─▶ str ─prepare─▶ str (line ends, hidden paragraph breaks) ─repair─▶ str + repair log
          ─blocks─▶ [Block] ─roles─▶ [Block(role)]
          ─dedup─▶ [Block] + duplicates ─assemble─▶ Page
"""

from __future__ import annotations

from .assemble import assemble_page
from .blocks import split_blocks
from .decode import decode_bytes
from .dedup import remove_duplicates
from .errors import EmptyInputError
from .model import Page
from .options import Options
from .prepare import prepare_text
from .repair import repair_text
from .roles import assign_roles

__all__ = ["parse_bytes", "parse_text"]


def parse_text(text: str, *, options: Options | None = None, source: str | None = None) -> Page:
    """Run every stage after decoding over ``text``.

    Raises :class:`EmptyInputError` when the prepared text holds nothing but whitespace.
    """
    options = options or Options()
    text = prepare_text(text)
    if not text.strip():
        raise EmptyInputError("the input holds only whitespace" if text else "the input is empty")
    repaired = repair_text(text, options)
    blocks = split_blocks(repaired.text)
    blocks = assign_roles(blocks, options)
    dedup = remove_duplicates(blocks, options)
    page = assemble_page(dedup.blocks, options)
    return Page(
        articles=page.articles,
        captions=page.captions,
        duplicates=dedup.duplicates,
        removed=page.removed,
        repairs=repaired.repairs,
        source=source,
    )


def parse_bytes(data: bytes, *, options: Options | None = None, source: str | None = None) -> Page:
    """Decode ``data`` and parse it."""
    options = options or Options()
    text = decode_bytes(data, max_bytes=options.max_input_bytes)
    return parse_text(text, options=options, source=source)
