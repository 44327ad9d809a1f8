"""Mojibake: text decoded through the wrong code page, undone with ftfy in CJK-safe settings."""

from __future__ import annotations

import ftfy

from ..model import Repair
from ._diff import repairs_from_rewrite

__all__ = ["fix_mojibake"]

# Keep CJK typography: no width folding (，→,), no quote uncurling, no NFKC.
_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_character_width=False,
    normalization=None,
    fix_line_breaks=False,
    explain=False,
)


def fix_mojibake(text: str) -> list[Repair]:
    """Repairs that undo mojibake, line by line."""
    fixed = "\n".join(ftfy.fix_text(line, _CONFIG) if not line.isascii() else line for line in text.split("\n"))
    return repairs_from_rewrite("mojibake", text, fixed)
