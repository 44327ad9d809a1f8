"""Script: traditional characters to simplified with OpenCC, without over-converting.

OpenCC's ``t2s`` converts a simplified page too far: ``於潜镇`` → ``于潜镇``, ``乾安县`` → ``干安县``,
``徐乾学`` → ``徐干学``. This pass runs ``t2s`` over each line and keeps a change only when the
character is unambiguously traditional:

* the character has no traditional form of its own (OpenCC ``s2t`` leaves it as it is), so it is
  not a simplified character that ``t2s`` merely re-maps;
* it is not one of :data:`PROTECTED_CHARACTERS`, characters that simplified Chinese keeps for
  names and set phrases (``於`` in ``於潜``, ``乾`` in ``乾隆``).

On a line that is traditional anyway (at least two unambiguously traditional characters) the
rest of OpenCC's changes are taken too (protected characters, phrase conversions such as
``據瞭解`` → ``据了解``), except inside one of the :data:`PROTECTED_WORDS`.

OpenCC is loaded on the first page that holds a non-ASCII character (loading its dictionaries
takes longer than importing the rest of zjnews), and runs once over the page's text rather than
once per line.

Tested with OpenCC 1.4.2 (the pin in ``pyproject.toml`` is ``opencc>=1.1.7,<1.5``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from ..model import Repair
from ._diff import RepairRuns

__all__ = ["PROTECTED_CHARACTERS", "PROTECTED_WORDS", "converters", "fix_script"]

PROTECTED_CHARACTERS = frozenset("於乾昇陞蒐剋徵夥")
"""Characters that ``t2s`` converts but simplified text uses in names and set phrases."""

PROTECTED_WORDS = (
    "於潜", "於陵", "乾安", "乾县", "乾隆", "乾坤", "乾元", "乾嘉", "乾清宫", "乾陵", "徐乾学",
    "乾卦", "乾道", "朝乾夕惕", "昇平", "於菟",
)
"""Place names, person names and set phrases whose protected characters always stay."""

_PROTECTED_WORD_RE = re.compile("|".join(sorted(PROTECTED_WORDS, key=len, reverse=True)))


@functools.cache
def converters() -> tuple[Callable[[str], str], Callable[[str], str]]:
    """OpenCC's ``t2s`` and ``s2t`` conversions, loaded on first use."""
    import opencc

    return opencc.OpenCC("t2s").convert, opencc.OpenCC("s2t").convert


@functools.cache
def _t2s_char(char: str) -> str:
    return converters()[0](char)


@functools.cache
def _is_traditional_only(char: str) -> bool:
    """True when ``t2s`` changes ``char`` and ``s2t`` has no traditional form for it."""
    return _t2s_char(char) != char and converters()[1](char) == char and char not in PROTECTED_CHARACTERS


def _fix_line(line: str, converted: str, offset: int, out: RepairRuns) -> None:
    """The repairs of one line, given ``t2s`` of the line (``converted``, not equal to ``line``)."""
    if len(converted) != len(line):
        converted = "".join(_t2s_char(c) if len(_t2s_char(c)) == 1 else c for c in line)
    changed = [i for i, (a, b) in enumerate(zip(line, converted, strict=True)) if a != b]
    traditional = {i for i in changed if _is_traditional_only(line[i])}
    if len(traditional) >= 2 and len(traditional) < len(changed):
        # a traditional line: OpenCC's phrase conversions (據瞭解 → 据了解) and the protected
        # characters are taken too, except inside the protected words
        blocked = {i for m in _PROTECTED_WORD_RE.finditer(line) for i in range(m.start(), m.end())}
        traditional.update(i for i in changed if i not in blocked)
    for i in changed:
        if i in traditional:
            out.add(offset + i, line[i], converted[i])


def fix_script(text: str) -> list[Repair]:
    """Repairs that turn unambiguously traditional characters into simplified ones."""
    if text.isascii():
        return []
    t2s = converters()[0]
    whole = t2s(text)
    if whole == text:
        return []
    out = RepairRuns("script")
    lines = text.split("\n")
    converted_lines = whole.split("\n")
    if len(converted_lines) != len(lines):  # OpenCC never maps a line break; should it, go line by line
        converted_lines = [t2s(line) for line in lines]
    offset = 0
    for line, converted in zip(lines, converted_lines, strict=True):
        if converted != line:
            _fix_line(line, converted, offset, out)
        offset += len(line) + 1
    return out.repairs()
