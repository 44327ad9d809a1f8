"""Duplicate removal (placeholder until the reconstruction lands)."""

from __future__ import annotations

import attrs

from .model import Block, Duplicate
from .options import Options


@attrs.frozen
class DedupResult:
    blocks: tuple[Block, ...]
    duplicates: tuple[Duplicate, ...]


def remove_duplicates(blocks: tuple[Block, ...], options: Options) -> DedupResult:
    return DedupResult(blocks, ())
