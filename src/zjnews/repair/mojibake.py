"""Mojibake: text decoded through the wrong code page, undone line by line.

Two steps per line:

1. **A line decoded through the wrong Chinese code page** while the rest of the page is fine:
   GBK/GB18030 bytes read as Latin-1 or Windows-1252 (``Õâ¸öÎÄ¼þ``), or UTF-8 bytes read as GBK
   (``浣犲ソ``). The line is encoded back and decoded the other way; the result is kept only when
   the round trip is exact (strict codecs, no replacement character, no control characters) and
   the result reads better: more of its ideographs are frequent characters (level 1 of
   GB 2312, or the frequent characters of Big5 for a line in traditional script) than before.
2. **ftfy** with settings that keep CJK typography: no width folding (``，`` stays), no quote
   uncurling, no Unicode normalisation, line breaks untouched. ftfy is called only on lines
   with a character it could change (:data:`_FTFY_SCREEN`): clean Chinese text is made of
   ideographs, ASCII and Chinese punctuation, none of which can start mojibake, an HTML
   entity, a control sequence or a ligature. ftfy's set-up per call costs more than the
   screen, so most lines skip it.
"""

from __future__ import annotations

import re

import attrs
import ftfy

from ..model import Repair
from ..prepare import PARAGRAPH_BREAK
from ._chars import CJK_CHARS, is_frequent_ideograph
from ._diff import repairs_from_rewrite

__all__ = ["fix_code_page", "fix_line", "fix_mojibake"]

# Keep CJK typography: no width folding (，→,), no quote uncurling, no NFKC.
_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_character_width=False,
    normalization=None,
    fix_line_breaks=False,
    explain=False,
)

_CJK = re.compile(f"[{CJK_CHARS}]")
# Latin-1 letters and the extra characters of Windows-1252, four or more in a row
_LATIN1_RUN = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{4,}"
)
# Characters ftfy leaves alone whatever surrounds them with the settings above: printable ASCII
# but ``&`` (HTML entities), ideographs, CJK symbols and punctuation, full-width forms, and the
# curly quotes, dashes, ellipsis and middle dot of Chinese text (UTF-8 continuation bytes when
# read as Windows-1252, harmless without a lead byte, which is a Latin-1 letter). A line with
# any other character goes to ftfy.
_FTFY_SCREEN = re.compile(
    f"[^\\t\\x20-\\x25\\x27-\\x7e{CJK_CHARS}\\u3000-\\u303f\\uff01-\\uff65"
    "\\u2013\\u2014\\u2018\\u2019\\u201c\\u201d\\u2026\\u00b7]"
)
_BAD = re.compile("[\ufffd\u0000-\u0008\u000b-\u001f\u007f-\u009f\ue000-\uf8ff]")


def _common_share(text: str) -> float:
    """Share of the ideographs in ``text`` that are frequent characters (of either script: a line
    printed in traditional characters can be garbled too)."""
    ideographs = _CJK.findall(text)
    if not ideographs:
        return 0.0
    return sum(1 for c in ideographs if is_frequent_ideograph(c)) / len(ideographs)


def _gbk_read_as_latin(line: str) -> str | None:
    if _LATIN1_RUN.search(line) is None or _CJK.search(line) is not None:
        return None
    for codec in ("latin-1", "cp1252"):
        try:
            fixed = line.encode(codec).decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _BAD.search(fixed) is None and len(_CJK.findall(fixed)) >= 2 and _common_share(fixed) >= 0.8:
            return fixed
    return None


def _utf8_read_as_gbk(line: str) -> str | None:
    if _CJK.search(line) is None:
        return None
    try:
        fixed = line.encode("gbk").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if fixed == line or _BAD.search(fixed) is not None or _CJK.search(fixed) is None:
        return None
    return fixed if _common_share(fixed) > _common_share(line) + 0.2 else None


def fix_code_page(line: str) -> str:
    """``line`` decoded through the right Chinese code page, or unchanged when it already is."""
    if line.isascii():
        return line
    return _gbk_read_as_latin(line) or _utf8_read_as_gbk(line) or line


def fix_line(line: str) -> str:
    """``line`` with its mojibake undone: the right code page, then ftfy where it could act."""
    if line.isascii():
        return line
    line = fix_code_page(line)
    return line if _FTFY_SCREEN.search(line) is None else ftfy.fix_text(line, _CONFIG)


def fix_mojibake(text: str) -> list[Repair]:
    """Repairs that undo mojibake, line by line; a line's pieces between hidden paragraph breaks
    (:data:`~zjnews.prepare.PARAGRAPH_BREAK`) one by one, so that no repair spans a break (the
    log then replays on the decoded text too, where the break is a space)."""
    out: list[Repair] = []
    offset = 0
    for line in text.split("\n"):
        for piece in line.split(PARAGRAPH_BREAK):
            fixed = fix_line(piece)
            if fixed != piece:
                out.extend(
                    attrs.evolve(r, position=r.position + offset)
                    for r in repairs_from_rewrite("mojibake", piece, fixed)
                )
            offset += len(piece) + 1
    return out
