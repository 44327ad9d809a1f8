"""Character classes shared by the repair passes."""

from __future__ import annotations

import functools
import re

__all__ = [
    "CJK_CHARS",
    "CJK_PUNCT",
    "is_chinese_context",
    "is_cjk",
    "is_common_char",
    "is_frequent_ideograph",
]

CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Ideographs: CJK Extension A, the Unified block and the compatibility block (for regex classes)."""

CJK_PUNCT = (
    "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\u2014\u2026\u201c\u201d\u2018\u2019\u00b7"
)
"""Chinese punctuation: CJK symbols, full-width forms, em dash, ellipsis, curly quotes, middle dot."""

_CJK_RE = re.compile(f"[{CJK_CHARS}]")
_CONTEXT_RE = re.compile(f"[{CJK_CHARS}{CJK_PUNCT}]")


def is_cjk(char: str) -> bool:
    """True when ``char`` is a CJK ideograph."""
    return bool(char) and _CJK_RE.match(char) is not None


def is_chinese_context(char: str) -> bool:
    """True when ``char`` is an ideograph or Chinese (full-width) punctuation."""
    return bool(char) and _CONTEXT_RE.match(char) is not None


@functools.cache
def is_common_char(char: str) -> bool:
    """True for the 3,755 level-1 characters of GB 2312 (the most frequent ones)."""
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7


@functools.cache
def is_frequent_ideograph(char: str) -> bool:
    """True for a frequent character of either script: level 1 of GB 2312 (simplified) or the
    frequently used characters of Big5 (traditional, ``A440``–``C67E``)."""
    if is_common_char(char):
        return True
    try:
        encoded = char.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and (0xA4, 0x40) <= (encoded[0], encoded[1]) <= (0xC6, 0x7E)
