"""The one text preparation, between decoding and the repair passes: done here, once.

:func:`prepare_text` makes two changes to the decoded text, and no other stage redoes them:

* **line ends**: CRLF and CR become LF, and the control characters other than tab and newline
  (NUL, form feed…) are dropped (:func:`normalize_newlines`);
* **hidden paragraph breaks**: where a printed paragraph ended on a short line and the dump
  turned that line wrap into spaces, the first of those spaces becomes :data:`PARAGRAPH_BREAK`
  (:func:`split_hidden_paragraph_breaks`). This keeps every position: the prepared text is as
  long as the normalised text, so the repair log's positions are positions in both.

The preparation is idempotent (``prepare_text(prepare_text(t)) == prepare_text(t)``), so the
repair log replays both on the prepared text and from the decoded text
(:func:`zjnews.conservation.replay_repairs` prepares the text it is given first).
"""

from __future__ import annotations

import re

__all__ = [
    "LINE_WIDTH_TOLERANCE",
    "PARAGRAPH_BREAK",
    "normalize_newlines",
    "prepare_text",
    "split_hidden_paragraph_breaks",
]

PARAGRAPH_BREAK = "\u2029"
"""The character left where a printed paragraph ended inside a line (Unicode's PARAGRAPH
SEPARATOR: whitespace, so no repair pass touches it, and no line break, so line numbers stay
those of the decoded text). The blocks stage starts a new block there."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEWLINE = re.compile(r"\r\n?")


def normalize_newlines(text: str) -> str:
    """CRLF and CR line ends become LF; other control characters (NUL…) are dropped."""
    if "\r" in text:
        text = _NEWLINE.sub("\n", text)
    return _CONTROL.sub("", text)


def prepare_text(text: str) -> str:
    """The decoded ``text`` as the stages after it read it: line ends normalised, hidden
    paragraph breaks marked (see the module's documentation). Idempotent."""
    return split_hidden_paragraph_breaks(normalize_newlines(text))


_HIDDEN_BREAK = re.compile(
    r"(?<=[\u3002\uff01\uff1f])([\u201d\u2019\"']?)[ \t\u3000]+(?=[^\s\u201d\u2019\"'\uff09)\u3001\uff0c,#])"
)
"""A sentence end (。！？, maybe a closing quote) followed by a space and the start of another
sentence. Not before ``#``: a heading mark opens a line, so a ``#`` inside a line is text (a
hashtag ``#杭州亚运会#``, a number ``#1``), and it stays in its sentence's paragraph."""

_WRAP = re.compile(r"[ \t\u3000\u2029]+")
"""Wrap spaces, and a paragraph break already marked (so that preparing twice changes nothing)."""

LINE_WIDTH_TOLERANCE = (1, 2)
"""How many characters shorter and longer than the line's printed width (the median length of
its wrapped pieces) a piece ending in a sentence end may be and still be a full printed line,
whose end is a line wrap and not a paragraph end. Printed lines differ by a character or two
(punctuation set half-width at a line's end, a Latin word pushed to the next line); a piece
much longer than the others holds several printed lines run together and says nothing about
where the last of them ended, so it does not hide a paragraph end. Fitted on the even-numbered
development pages (para_exact flat within 0.001 for bounds 0–3 below and 1–5 above)."""

INDENT = 2
"""The indent of a paragraph's first printed line, in characters: a line's first piece may be a
full printed line this much shorter than the others."""

_MIN_PIECES = 4
"""Wrapped pieces a line needs (its last one not counted: it may be short) to show its printed width."""


def split_hidden_paragraph_breaks(text: str) -> str:
    """Mark a paragraph break (:data:`PARAGRAPH_BREAK`) where a sentence end is followed by a
    space inside a line; the text keeps its length.

    Chinese text puts no space after ``。``; in a dump whose line wraps became spaces, a space
    right after a sentence end is where a printed paragraph ended on a short line. Where a line
    has enough wrap spaces to show its printed line width, a sentence end whose piece is a full
    printed line (within :data:`LINE_WIDTH_TOLERANCE` of that width) is only a line wrap.
    """
    if _HIDDEN_BREAK.search(text) is None:
        return text
    return "\n".join(_split_line(line) for line in text.split("\n"))


def _line_width(line: str) -> int | None:
    """The printed width the wrapped pieces of ``line`` show (their median length), if enough."""
    pieces = [len(piece) for piece in _WRAP.split(line)]
    inner = pieces[:-1]
    if len(pieces) < _MIN_PIECES:
        return None
    return sorted(inner)[len(inner) // 2]


def _split_line(line: str) -> str:
    matches = list(_HIDDEN_BREAK.finditer(line))
    if not matches:
        return line
    width = _line_width(line)
    shorter, longer = LINE_WIDTH_TOLERANCE
    out: list[str] = []
    cursor = 0
    previous = -1  # the end of the last wrap space before the current piece
    wraps = iter(_WRAP.finditer(line))
    wrap = next(wraps, None)
    for match in matches:
        start = match.start()
        while wrap is not None and wrap.end() <= start:
            previous = wrap.end() - 1
            wrap = next(wraps, None)
        printed_line = start - (previous + 1)
        indent = INDENT if previous < 0 else 0
        if width is not None and width - shorter - indent <= printed_line <= width + longer:
            continue  # the sentence end filled its printed line: a wrap, not a paragraph end
        spaces = match.end() - match.end(1)
        out.append(line[cursor : match.end(1)])
        out.append(PARAGRAPH_BREAK + line[match.end(1) + 1 : match.end(1) + spaces])
        cursor = match.end()
    out.append(line[cursor:])
    return "".join(out)
