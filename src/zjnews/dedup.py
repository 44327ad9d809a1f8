"""Duplicate removal: exact repeats, overlapping repeats and copies differing by an OCR variant.

Linear in the page: whole blocks are compared through a hash of their normalised text, block
edges through an index of their first and last characters, and an overlap is only looked
for between a block and the body block right before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from .bylines import split_leading_dateline
from .chinese import ends_mid_clause
from .model import Block, Duplicate, Role
from .options import Options

__all__ = ["DedupResult", "overlap_length", "remove_duplicates"]

_TEXT_ROLES = frozenset({Role.BODY, Role.CAPTION})
_ASIDES = frozenset({Role.CAPTION, Role.CREDIT, Role.HEADSHOT, Role.NOISE})
_KEY = 12
"""Characters of a block edge used as the index key."""
_MIN_EDGE = 20
"""Shortest repeated block edge that is removed (shorter shared openings and endings are common)."""
_MIN_OVERLAP = 6
"""Shortest tail-of-one/head-of-next overlap that is removed."""
_MIN_OPEN_EDGE = 8
"""Shortest repeated ending removed when it breaks off mid-sentence (``…此起彼伏，多边``) and both
blocks stand in one run of text: a re-read line's tail glued after the next line's head. No
printed paragraph ends there, so two blocks ending in the same open words are one line read
twice, while a stock phrase that ends two paragraphs ends them with a full stop."""
_OPEN_REACH = 8
"""Blocks between two copies of an open ending (a re-read line stays near its column)."""
_FAR_KEY = 6
"""Characters of a block head used to find the same text at the open end of a non-adjacent block."""
_MIN_FAR_OVERLAP = 15
"""Shortest overlap removed between blocks that are not neighbours (fitted on the even-numbered
development pages): one block breaks off mid-clause, the other opens with the words it broke off
with, a column apart (a re-read line's head glued to the wrong block, or a continuation printed
further up)."""
_FAR_WINDOW = 80
"""Characters at an open end searched for the head of another block."""
_OPENING = frozenset("(（[【《〈“‘\"'+＋-—/、")
"""Characters after which no paragraph ends: opening brackets and quotes, joining signs."""
_FOLD = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    | {c: '"' for c in "“”「」『』＂"}
    | {c: "'" for c in "‘’＇"}
)
"""Full-width ASCII to half-width and every quote mark to one, character for character."""
_SPACE = re.compile(r"\s")
_FOLDED = {chr(code): str(value) for code, value in _FOLD.items()}
""":data:`_FOLD` by character (every character folds to one ASCII character, itself never folded)."""
_FOLDABLE = re.compile("[" + "".join(map(re.escape, sorted(_FOLDED))) + "]")


def _fold(text: str) -> str:
    """``text.translate(_FOLD)``, by one ``str.replace`` per foldable character the text holds
    (a Chinese text holds a few kinds of full-width punctuation; translating looks up every
    character in a dictionary)."""
    for char in set(_FOLDABLE.findall(text)):
        text = text.replace(char, _FOLDED[char])
    return text


@attrs.frozen
class DedupResult:
    """The blocks without repeats, and each removed copy."""

    blocks: tuple[Block, ...]
    duplicates: tuple[Duplicate, ...]


@attrs.frozen
class _Normalised:
    """A block's text folded for comparison, with each folded character's offset in the text."""

    chars: str
    offsets: Sequence[int]
    """A ``range`` when the text holds no space (most lines): no object per character."""


def _normalise(text: str) -> _Normalised:
    folded = _fold(text)
    if not _SPACE.search(folded):
        return _Normalised(folded, range(len(folded)))
    offsets = [i for i, char in enumerate(folded) if not char.isspace()]
    return _Normalised(_SPACE.sub("", folded), offsets)


def _allowed(length: int) -> int:
    return max(1, length // 10)


def _common_run(a: Iterable[str], b: Iterable[str]) -> int:
    """Length of the longest common run at the start of ``a`` and ``b``, a few substitutions allowed."""
    mismatches = 0
    best = 0
    for length, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x == y:
            best = length
            continue
        mismatches += 1
        if mismatches > _allowed(length):
            break
    return best


def overlap_length(tail_of: str, head_of: str) -> int:
    """Length of the longest tail of ``tail_of`` that the head of ``head_of`` repeats (an OCR variant
    allowed); 0 when no repeat of at least six characters is found."""
    window = tail_of[-80:]
    starts: set[int] = set()
    for anchor, shift in ((head_of[:2], 0), (head_of[2:4], 2)):
        if len(anchor) < 2:
            continue
        found = window.find(anchor)
        while found != -1:
            starts.add(found - shift)
            found = window.find(anchor, found + 1)
    best = 0
    for start in sorted(starts):
        size = len(window) - start
        if start < 0 or size < _MIN_OVERLAP or size > len(head_of):
            continue
        piece = window[start:]
        mismatches = sum(1 for x, y in zip(piece, head_of, strict=False) if x != y)
        enough = mismatches == 0 or (mismatches <= _allowed(size) and size >= 10)
        if enough and piece[-1] == head_of[size - 1]:
            best = max(best, size)
    return best if best >= _MIN_OVERLAP else 0


def remove_duplicates(blocks: tuple[Block, ...], options: Options) -> DedupResult:
    """Remove repeated text: whole repeated blocks, repeated block edges, and overlaps between neighbours.

    The later copy is removed, except for an overlap between neighbours, where the tail of the
    earlier block goes (the head of the next block is the re-read, complete copy). A block whose
    ending repeats the ending of an earlier block of the same run of text keeps its own head, and
    that head is read before the earlier block (the re-read ending was attached to it).
    """
    if not options.remove_duplicates:
        return DedupResult(blocks, ())
    texts = [b.text for b in blocks]
    removed: list[Duplicate] = []
    whole: dict[str, int] = {}
    prefixes: dict[str, int] = {}
    suffixes: dict[str, int] = {}
    open_suffixes: dict[str, int] = {}
    norms: dict[int, _Normalised] = {}
    read_before: dict[int, int] = {}
    previous_body: int | None = None
    headline = 0
    headline_of: dict[int, int] = {}
    for i, block in enumerate(blocks):
        if block.role is Role.TITLE:
            headline += 1
        if block.role not in _TEXT_ROLES:
            if block.role not in _ASIDES:
                previous_body = None
            continue
        headline_of[i] = headline
        norm = _normalise(texts[i])
        key = norm.chars
        first = whole.get(key)
        # a short line repeated under another headline is that article's own (the same reporters'
        # dateline, a stock phrase); a re-read is long or stays in its column
        if len(key) >= 8 and first is not None and (len(key) >= _MIN_EDGE or headline_of[first] == headline):
            removed.append(Duplicate(texts[i], block.line, "exact"))
            texts[i] = ""
            continue
        whole.setdefault(key, i)
        if len(key) >= _MIN_OPEN_EDGE:
            cut_end = len(norm.chars)
            cut_start = 0
            earlier, size = _repeated_ending(key, texts[i], suffixes, open_suffixes, norms)
            # a short open repeat counts only near its copy, in one run of text
            if (
                earlier is not None
                and size < _MIN_EDGE
                and (i - earlier > _OPEN_REACH or not _same_flow(blocks, earlier, i))
            ):
                earlier = None
            if earlier is not None:
                cut_end = len(key) - size
                if cut_end > 0 and size >= _MIN_EDGE and _same_flow(blocks, earlier, i):
                    # the re-read ending was attached to this block's own head, which was
                    # printed before the earlier block: read it there
                    read_before[i] = earlier
            earlier = prefixes.get(key[:_KEY]) if len(key) >= _MIN_EDGE else None
            if earlier is not None and cut_end > 0 and split_leading_dateline(texts[i]) is None:
                size = _common_run(norms[earlier].chars, key)
                if size >= _MIN_EDGE:
                    cut_start = min(size, cut_end)
            if cut_start or cut_end < len(key):
                start = norm.offsets[cut_start] if cut_start < len(key) else len(texts[i])
                end = norm.offsets[cut_end - 1] + 1 if cut_end > 0 else 0
                kind = "exact" if cut_start == 0 and cut_end == 0 else "overlap"
                if cut_start:
                    removed.append(Duplicate(texts[i][:start], block.line, kind))
                if cut_end < len(key):
                    removed.append(Duplicate(texts[i][max(start, end) :], block.line, kind))
                texts[i] = texts[i][start:end] if end > start else ""
            if len(key) >= _MIN_EDGE:
                prefixes.setdefault(key[:_KEY], i)
                suffixes.setdefault(key[-_KEY:], i)
            if cut_end == len(key) and _open_end(texts[i]):
                open_suffixes[key[-_MIN_OPEN_EDGE:]] = i
        norms[i] = norm
        if not texts[i]:
            continue
        if block.role is Role.BODY:
            if previous_body is not None:
                size = overlap_length(texts[previous_body], texts[i])
                if size >= _MIN_OVERLAP:
                    cut = len(texts[previous_body]) - size
                    removed.append(Duplicate(texts[previous_body][cut:], blocks[previous_body].line, "overlap"))
                    texts[previous_body] = texts[previous_body][:cut]
            previous_body = i
    _remove_far_overlaps(blocks, texts, removed, norms)
    moved_to: dict[int, list[int]] = {}
    for later, earlier in read_before.items():
        moved_to.setdefault(earlier, []).append(later)
    order: list[int] = []
    for i in range(len(blocks)):
        if i in read_before:
            continue
        order.extend(moved_to.get(i, ()))
        order.append(i)
    kept = tuple(
        attrs.evolve(blocks[i], text=texts[i]) if texts[i] != blocks[i].text else blocks[i]
        for i in order
        if texts[i] or blocks[i].role not in _TEXT_ROLES
    )
    return DedupResult(kept, tuple(removed))


def _remove_far_overlaps(
    blocks: tuple[Block, ...],
    texts: list[str],
    removed: list[Duplicate],
    known: dict[int, _Normalised] | None = None,
) -> None:
    """Remove, in place, the open ending of a body block that repeats the head of an earlier body block.

    A block that breaks off mid-clause ends with the words an earlier, non-adjacent body block
    opens with (an OCR variant allowed): the continuation was printed further up (the next
    column's top), and the first line of it was read a second time after the block it continues.
    The later copy, the tail, goes. Three signs tell a re-read line from text printed twice: it
    starts inside a clause (a line breaks anywhere, a pull quote or a stock phrase starts a
    clause), the earlier copy goes on inside the same clause after it (a summary line printed
    without its stop ends where a sentence ends), and it is at most half of the earlier block (a
    line, not a paragraph). Neighbours are left to the overlap check of :func:`remove_duplicates`.
    Linear: each head is indexed by its first :data:`_FAR_KEY` characters, and each open ending
    looks up the keys in its last :data:`_FAR_WINDOW` characters. ``known`` holds blocks' texts
    already normalised as the blocks print them (used for a text still unchanged).
    """
    bodies = [i for i, b in enumerate(blocks) if b.role is Role.BODY and texts[i]]
    known = known or {}
    norms = {
        i: known[i] if i in known and texts[i] is blocks[i].text else _normalise(texts[i]) for i in bodies
    }
    heads: dict[str, list[int]] = {}
    for position, i in enumerate(bodies):
        chars = norms[i].chars
        before = bodies[position - 1] if position else None
        if ends_mid_clause(texts[i]):
            size = _far_overlap(chars, heads, norms, before)
            if size:
                cut = norms[i].offsets[len(chars) - size]
                removed.append(Duplicate(texts[i][cut:], blocks[i].line, "overlap"))
                texts[i] = texts[i][:cut]
        if len(chars) >= 2 * _MIN_FAR_OVERLAP:
            heads.setdefault(chars[:_FAR_KEY], []).append(i)


def _far_overlap(chars: str, heads: dict[str, list[int]], norms: dict[int, _Normalised], before: int | None) -> int:
    """Length of the longest ending of ``chars`` that repeats the head of an indexed block other
    than ``before`` (see :func:`_remove_far_overlaps`); 0 when there is none."""
    for start in range(max(1, len(chars) - _FAR_WINDOW), len(chars) - _MIN_FAR_OVERLAP + 1):
        if not chars[start - 1].isalnum():
            continue
        size = len(chars) - start
        for other in heads.get(chars[start : start + _FAR_KEY], ()):
            head = norms[other].chars
            if other == before or 2 * size > len(head) or not head[size].isalnum():
                continue
            if head[size - 1] != chars[-1]:
                continue
            mismatches = sum(1 for x, y in zip(chars[start:], head, strict=False) if x != y)
            if mismatches <= _allowed(size):
                return size
    return 0


def _repeated_ending(
    key: str,
    text: str,
    suffixes: dict[str, int],
    open_suffixes: dict[str, int],
    norms: dict[int, _Normalised],
) -> tuple[int | None, int]:
    """The earlier block whose ending this block's ending repeats, and the repeat's length: a long
    repeat (at least :data:`_MIN_EDGE` characters, an OCR variant allowed) anywhere before, or an
    exact repeat of at least :data:`_MIN_OPEN_EDGE` characters that breaks off mid-clause."""
    earlier = suffixes.get(key[-_KEY:]) if len(key) >= _MIN_EDGE else None
    if earlier is not None:
        size = _common_run(reversed(norms[earlier].chars), reversed(key))
        if size >= _MIN_EDGE:
            return earlier, size
    if not _open_end(text):
        return None, 0
    earlier = open_suffixes.get(key[-_MIN_OPEN_EDGE:])
    if earlier is None:
        return None, 0
    other = norms[earlier].chars
    size = 0
    limit = min(len(other), len(key))
    while size < limit and other[-1 - size] == key[-1 - size]:
        size += 1
    return (earlier, size) if size >= _MIN_OPEN_EDGE else (None, 0)


def _open_end(text: str) -> bool:
    """True when ``text`` breaks off inside a clause, or after an opening bracket or quote or a
    joining sign (``售价是14兰特(``, ``突击队+``), where no printed line ends a paragraph."""
    stripped = text.rstrip()
    return ends_mid_clause(stripped) or (bool(stripped) and stripped[-1] in _OPENING)


def _same_flow(blocks: tuple[Block, ...], earlier: int, later: int) -> bool:
    """True when two body blocks stand in one run of text, with no headline or byline between them."""
    if blocks[earlier].role is not Role.BODY or blocks[later].role is not Role.BODY:
        return False
    return all(blocks[k].role in _TEXT_ROLES or blocks[k].role in _ASIDES for k in range(earlier + 1, later))
