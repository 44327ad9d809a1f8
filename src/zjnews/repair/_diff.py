"""Describe a pass's changes as :class:`Repair` records: runs of adjacent changes, or a whole-text
rewrite line by line."""

from __future__ import annotations

from ..model import Repair

__all__ = ["RepairRuns", "repairs_from_rewrite"]


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


class RepairRuns:
    """Collects one pass's changes, in text order, as runs: a change that starts where the
    previous one ended extends that repair instead of opening another.

    A run of sixty thousand commas is then one repair, not sixty thousand: the log stays as
    replayable as before (each repair still covers exactly the characters it changes) while
    its size follows the number of changed places, not the number of changed characters.

    >>> runs = RepairRuns("punctuation")
    >>> for position in (3, 4, 5, 9):
    ...     runs.add(position, ",", "，")
    >>> [(r.position, r.before, r.after) for r in runs.repairs()]
    [(3, ',,,', '，，，'), (9, ',', '，')]
    """

    __slots__ = ("_after", "_before", "_end", "_pass_name", "_repairs", "_start")

    def __init__(self, pass_name: str) -> None:
        self._pass_name = pass_name
        self._repairs: list[Repair] = []
        self._start = -1
        self._end = -1
        self._before: list[str] = []
        self._after: list[str] = []

    def add(self, position: int, before: str, after: str) -> None:
        """Record that ``before`` at ``position`` becomes ``after`` (positions must increase)."""
        if position != self._end:
            self._close()
            self._start = position
        self._before.append(before)
        self._after.append(after)
        self._end = position + len(before)

    def _close(self) -> None:
        if self._before:
            self._repairs.append(
                Repair(self._pass_name, self._start, "".join(self._before), "".join(self._after))
            )
            self._before = []
            self._after = []

    def repairs(self) -> list[Repair]:
        """The repairs collected so far, one per run of adjacent changes."""
        self._close()
        self._end = -1
        return self._repairs
