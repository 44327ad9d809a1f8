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

__all__ = ["parse_bytes", "parse_text", "warm_up"]


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
