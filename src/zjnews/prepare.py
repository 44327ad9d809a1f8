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
from collections.abc import Iterator

from .model import Decision
from .paragraph_weights import paragraph_weights

__all__ = [
    "LINE_WIDTH_TOLERANCE",
    "PARAGRAPH_BREAK",
    "hidden_break_candidates",
    "hidden_break_evidence",
    "hidden_break_score",
    "normalize_newlines",
    "prepare_page",
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


def prepare_page(text: str) -> tuple[str, tuple[Decision, ...]]:
    """:func:`prepare_text`, with a ``paragraph_break`` decision for each sentence end followed by
    a space inside a line that was weighed (marked as a paragraph end, or left as a line wrap),
    with its evidence and its 1-based line."""
    text = normalize_newlines(text)
    if _HIDDEN_BREAK.search(text) is None:
        return text, ()
    lines: list[str] = []
    decisions: list[Decision] = []
    for number, line in enumerate(text.split("\n"), start=1):
        marked, weighed = _weigh_line(line)
        lines.append(marked)
        for end, score, signals in weighed:
            outcome = "a paragraph ends inside the line" if score > 0 else "a line wrap at a sentence end"
            excerpt = line[max(0, end - 12) : end]
            decisions.append(Decision("paragraph_break", outcome, (number,), score, _evidence(signals), excerpt))
    return "\n".join(lines), tuple(decisions)


_HIDDEN_BREAK = re.compile(
    r"(?<=[\u3002\uff01\uff1f])([\u201d\u2019\"']?)[ \t\u3000]+(?=[^\s\u201d\u2019'\uff09)\u3001\uff0c,#])"
)
"""A sentence end (。！？, maybe a closing quote) followed by a space and the start of another
sentence. Not before ``#``: a heading mark opens a line, so a ``#`` inside a line is text (a
hashtag ``#杭州亚运会#``, a number ``#1``), and it stays in its sentence's paragraph. An ASCII
``"`` after the space may open the next paragraph's quote or close the sentence's: it opens one
when the line holds an even number of ``"`` before it."""

_WRAP = re.compile(r"[ \t\u3000\u2029]+")
"""Wrap spaces, and a paragraph break already marked (so that preparing twice changes nothing)."""

LINE_WIDTH_TOLERANCE = (1, 2)
"""How many characters shorter and longer than the line's printed width (the median length of
its wrapped pieces) a piece may be and still be a full printed line. Printed lines differ by a
character or two (punctuation set half-width at a line's end, a Latin word pushed to the next
line); a piece much longer than the others holds several printed lines run together."""

INDENT = 2
"""The indent of a paragraph's first printed line, in characters: a line's first piece may be a
full printed line this much shorter than the others, and a piece this much shorter than the
width, right after a sentence end, is the indented first line of the next paragraph."""

_MIN_PIECES = 4
"""Wrapped pieces a line needs (its last one not counted: it may be short) to show its printed width."""

_CONSISTENT = 0.6
"""The share of a line's wrapped pieces (its last one not counted) that must lie within two
characters of their median for that median to be a printed line width: a few long runs of text
split by stray spaces show none."""


def split_hidden_paragraph_breaks(text: str) -> str:
    """Mark a paragraph break (:data:`PARAGRAPH_BREAK`) where a sentence end followed by a space
    inside a line is where a printed paragraph ended; the text keeps its length.

    Chinese text puts no space after ``。``; in a dump whose line wraps became spaces, a space
    right after a sentence end may be where a printed paragraph ended on a short line, or only a
    line wrap that fell at a sentence's end. The evidence is weighed with the fitted weights of
    ``data/paragraph_weights.json`` (:func:`hidden_break_evidence`): where the line's wrapped
    pieces show its printed width, a sentence end whose piece fills a printed line is a wrap, and
    a next piece shorter by the indent opens a new paragraph; a closing quote before the space
    is most often followed by the rest of its paragraph (the speaker).
    """
    if _HIDDEN_BREAK.search(text) is None:
        return text
    return "\n".join(_split_line(line) for line in text.split("\n"))


def _line_width(pieces: list[int]) -> int | None:
    """The printed width the wrapped pieces of a line show (their median length), if enough
    pieces agree on it."""
    inner = sorted(pieces[:-1])
    if len(pieces) < _MIN_PIECES:
        return None
    width = inner[len(inner) // 2]
    agree = sum(1 for length in inner if abs(length - width) <= 2)
    return width if agree >= _CONSISTENT * len(inner) else None


def hidden_break_evidence(
    width: int | None, printed_line: int, following: int | None, first: bool, after_quote: bool
) -> dict[str, float]:
    """The signals on a sentence end followed by a space inside a line: the line's printed
    ``width`` (None when its pieces show none), the length of the wrapped piece the sentence end
    closes (``printed_line``) and of the next piece (``following``; None when that piece is the
    line's last, which may be short), whether the piece is the line's ``first`` (it may be
    indented) and whether a closing quote stands before the space."""
    signals = {"no_width": float(width is None), "after_quote": float(after_quote)}
    if width is not None:
        shorter, longer = LINE_WIDTH_TOLERANCE
        indent = INDENT if first else 0
        signals["left_full"] = float(width - shorter - indent <= printed_line <= width + longer)
        signals["left_long"] = float(printed_line > width + longer)
        signals["next_indented"] = float(following is not None and width - INDENT - 2 <= following <= width - INDENT)
        signals["next_full"] = float(following is not None and width - shorter <= following <= width + longer)
    return signals


def hidden_break_score(signals: dict[str, float]) -> float:
    """The score (> 0: a paragraph ends there) of :func:`hidden_break_evidence`'s signals."""
    weights = paragraph_weights("hidden_break")
    return sum(weights.get(name, 0.0) * value for name, value in signals.items()) - weights["threshold"]


def hidden_break_candidates(line: str) -> Iterator[tuple[int, int, dict[str, float]]]:
    """Each sentence end followed by a space inside ``line`` (one line, no newline) that may hide a
    paragraph end: ``(end of the sentence end, start of the next text, signals)``, the signals of
    :func:`hidden_break_evidence`. An ASCII quote closing the quote the line opened is no
    candidate."""
    matches = list(_HIDDEN_BREAK.finditer(line))
    if not matches:
        return
    pieces = [len(piece) for piece in _WRAP.split(line)]
    width = _line_width(pieces)
    previous = -1  # the end of the last wrap space before the current piece
    index = 0  # the wrapped piece the sentence end closes
    quotes = counted = 0  # ASCII double quotes before the current match, counted up to ``counted``
    wraps = iter(_WRAP.finditer(line))
    wrap = next(wraps, None)
    for match in matches:
        start = match.start()
        while wrap is not None and wrap.end() <= start:
            previous = wrap.end() - 1
            index += 1
            wrap = next(wraps, None)
        quotes += line.count('"', counted, match.end())
        counted = match.end()
        if line[match.end() : match.end() + 1] == '"' and quotes % 2:
            continue
        following = pieces[index + 1] if index + 1 < len(pieces) - 1 else None
        signals = hidden_break_evidence(width, start - (previous + 1), following, index == 0, bool(match.group(1)))
        yield match.end(1), match.end(), signals


def _split_line(line: str) -> str:
    return _weigh_line(line)[0]


def _weigh_line(line: str) -> tuple[str, list[tuple[int, float, dict[str, float]]]]:
    """``line`` with its hidden paragraph ends marked, and (position, score, signals) of each
    candidate weighed."""
    out: list[str] = []
    weighed: list[tuple[int, float, dict[str, float]]] = []
    cursor = 0
    for end, text_start, signals in hidden_break_candidates(line):
        score = hidden_break_score(signals)
        weighed.append((end, score, signals))
        if score <= 0:
            continue  # the evidence says a line wrap, not a paragraph end
        out.append(line[cursor:end])
        out.append(PARAGRAPH_BREAK + line[end + 1 : text_start])
        cursor = text_start
    out.append(line[cursor:])
    return "".join(out), weighed


def _evidence(signals: dict[str, float]) -> list[tuple[str, float]]:
    weights = paragraph_weights("hidden_break")
    evidence = [(name, weights.get(name, 0.0) * value) for name, value in signals.items() if value]
    return [*evidence, ("threshold", -weights["threshold"])]
