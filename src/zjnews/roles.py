"""Decide each block's role (placeholder until the reconstruction lands)."""

from __future__ import annotations

from .model import Block, Role
from .options import Options


def assign_roles(blocks: tuple[Block, ...], options: Options) -> tuple[Block, ...]:
    out = []
    for b in blocks:
        head = b.heading_level > 0 or (len(b.text) <= 24 and b.text[-1] not in "。！？!?…”\"")
        out.append(Block(b.index, b.line, b.text, b.heading_level, Role.TITLE if head else Role.BODY))
    return tuple(out)
