"""Jump lines: the marks that send a reader to another page (``（下转第三版）``, ``(上接第1版)``).

A jump mark is page furniture, not article text. Some exporters print it on a line of its own;
others run it into the text, after the last sentence on the page (``…的补贴力度。（下转第二版）``)
or before the first sentence of a continuation (``（上接第一版）据了解，…``). :func:`jump_pieces`
cuts such a line into the mark and the text, so that the blocks stage can set the mark apart and
the roles stage can recognise it with :data:`JUMP_LINE`.

>>> jump_pieces("补贴力度。（下转第二版）")
['补贴力度。', '（下转第二版）']
>>> jump_pieces("(上接第1版) 据了解，今年的计划不变。")
['(上接第1版)', '据了解，今年的计划不变。']
>>> jump_pieces("他说，转第三版的事以后再谈。")
['他说，转第三版的事以后再谈。']
"""

from __future__ import annotations

import re

__all__ = ["JUMP_LINE", "jump_pieces"]

_MARK = r"[（(]\s*(?:下转|上接|紧接|转|接|续)第?\s*[一二三四五六七八九十百\d]+\s*版\s*[）)]"
"""A jump mark in brackets: bracketed, it can stand inside a line without being read in text."""

JUMP_LINE = re.compile(r"^[（(]?\s*(?:下转|上接|紧接|转|接|续)第?\s*[一二三四五六七八九十百\d]+\s*版\s*[）)]?$")
"""A whole line that is a jump mark, brackets optional when it stands alone (``下转第三版``)."""

_AT_END = re.compile(rf"(?<=[。！？!?”’\"'）)…])\s*({_MARK})\s*$")
"""A bracketed mark after the end of a sentence, closing the line."""
_AT_START = re.compile(rf"^\s*({_MARK})\s*(?=\S)")
"""A bracketed mark opening the line, text after it."""


def jump_pieces(line: str) -> list[str]:
    """``line`` cut into a leading jump mark, its text and a trailing jump mark (the marks only
    where present, each stripped of the spaces around it); ``[line]`` when it holds no mark
    inside it. The pieces hold every character of ``line`` but the spaces at the cuts."""
    if "版" not in line:
        return [line]
    head: list[str] = []
    tail: list[str] = []
    body = line
    start = _AT_START.match(body)
    if start is not None and not JUMP_LINE.match(body.strip()):
        head.append(start.group(1))
        body = body[start.end() :]
    end = _AT_END.search(body)
    if end is not None and end.start(1) > 0 and body[: end.start()].strip():
        tail.append(end.group(1))
        body = body[: end.start()].rstrip()
    return [*head, body, *tail] if head or tail else [line]
