"""Turn a whole-text rewrite into a list of :class:`Repair` records, line by line."""

from __future__ import annotations

from ..model import Repair

__all__ = ["repairs_from_rewrite"]


def repairs_from_rewrite(pass_name: str, old: str, new: str) -> list[Repair]:
    """Describe how ``new`` differs from ``old`` as repairs, one per changed line.

    Both texts must have the same number of lines (the rewrite works within lines). Each
    changed line gives one repair covering the span between its common prefix and suffix.
    """
    if old == new:
        return []
    old_lines = old.split("\n")
    new_lines = new.split("\n")
    if len(old_lines) != len(new_lines):
        # a rewrite that changed the line structure: describe it as one change
        return [Repair(pass_name, 0, old, new)]
    repairs: list[Repair] = []
    offset = 0
    for a, b in zip(old_lines, new_lines, strict=True):
        if a != b:
            start = 0
            limit = min(len(a), len(b))
            while start < limit and a[start] == b[start]:
                start += 1
            end_a, end_b = len(a), len(b)
            while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
                end_a -= 1
                end_b -= 1
            repairs.append(Repair(pass_name, offset + start, a[start:end_a], b[start:end_b]))
        offset += len(a) + 1
    return repairs
