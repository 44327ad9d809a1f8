"""Character repair: small pure passes, each with one job, run in the order of :data:`PASSES`.

A pass is a function ``(text) -> list[Repair]``: it looks at the text and says what it would
change (position, before, after) without changing anything. :func:`apply_pass` applies one
pass's repairs; :func:`repair_text` runs every pass switched on in :class:`~zjnews.Options`
and returns the repaired text with the full, replayable log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from ..model import Repair
from ..options import Options
from .mojibake import fix_mojibake
from .ocr import fix_ocr
from .punctuation import fix_punctuation
from .quotes import fix_quotes
from .script import fix_script
from .wrap_spaces import fix_wrap_spaces

__all__ = ["PASSES", "RepairPass", "RepairResult", "apply_pass", "apply_repairs", "repair_text"]

PassFunction = Callable[[str], list[Repair]]


@attrs.frozen
class RepairPass:
    """A registered pass: its name (as in ``Repair.pass_name``), function and ``Options`` switch."""

    name: str
    function: PassFunction
    option: str


@attrs.frozen
class RepairResult:
    """The repaired text and the log of every change, in the order they were made."""

    text: str
    repairs: tuple[Repair, ...]


PASSES: tuple[RepairPass, ...] = (
    RepairPass("mojibake", fix_mojibake, "fix_mojibake"),
    RepairPass("punctuation", fix_punctuation, "fix_punctuation"),
    RepairPass("quotes", fix_quotes, "fix_quotes"),
    RepairPass("wrap_spaces", fix_wrap_spaces, "fix_wrap_spaces"),
    RepairPass("script", fix_script, "fix_script"),
    RepairPass("ocr", fix_ocr, "fix_ocr"),
)
"""The repair passes in the order they run."""


def apply_repairs(text: str, repairs: Sequence[Repair]) -> str:
    """Apply one pass's repairs (positions in ``text``, sorted, not overlapping)."""
    if not repairs:
        return text
    parts: list[str] = []
    cursor = 0
    for rep in repairs:
        if rep.position < cursor or text[rep.position : rep.position + len(rep.before)] != rep.before:
            raise ValueError(f"repair does not match the text at {rep.position}: {rep!r}")
        parts.append(text[cursor : rep.position])
        parts.append(rep.after)
        cursor = rep.position + len(rep.before)
    parts.append(text[cursor:])
    return "".join(parts)


def apply_pass(text: str, function: PassFunction) -> tuple[str, list[Repair]]:
    """Run one pass on ``text``: the repaired text and the pass's repairs."""
    repairs = function(text)
    return apply_repairs(text, repairs), repairs


def repair_text(text: str, options: Options | None = None) -> RepairResult:
    """Run every repair pass switched on in ``options`` over ``text``."""
    options = options or Options()
    log: list[Repair] = []
    for registered in PASSES:
        if getattr(options, registered.option):
            text, repairs = apply_pass(text, registered.function)
            log.extend(repairs)
    return RepairResult(text=text, repairs=tuple(log))
