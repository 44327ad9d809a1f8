"""Script: traditional characters to simplified with OpenCC."""

from __future__ import annotations

import opencc

from ..model import Repair

__all__ = ["fix_script"]

_T2S = opencc.OpenCC("t2s")


def fix_script(text: str) -> list[Repair]:
    """Repairs that turn traditional characters into simplified ones, character by character."""
    converted = _T2S.convert(text)
    if converted == text:
        return []
    if len(converted) != len(text):
        return [Repair("script", 0, text, converted)]
    return [Repair("script", i, a, b) for i, (a, b) in enumerate(zip(text, converted)) if a != b]
