"""OCR confusions: visually similar characters misread by the recogniser (``己``/``已``, ``干``/``千``).

High precision first. The candidate replacements of a character come from
``data/confusions.json``, which has two kinds of sources:

* ``ocr``: pairs an OCR engine is known to confuse (Tesseract's ambiguity table for Simplified
  Chinese, the classic groups ``千/干``, ``己/已/巳``, ``未/末``…). Any character of these is a
  suspect.
* ``shape``: the pairs of a published similar-shape confusion set (pycorrector's
  ``same_stroke.txt``) whose stroke sequences are near.
* ``glyph``: each GB 2312 character's eight nearest glyphs in a Song face (Noto Serif CJK SC),
  by the similarity of blurred glyph images (``benchmarks/build_glyph_confusions.py``; it
  recovers 90 % of the ``ocr`` pairs without being shown them, and reaches pairs no published
  permissive set has, ``庋/度``, ``垸/境``).

The two wide sources pair common characters both (``企/止``, ``台/冶``); newspaper
abbreviations (``为企服务``, ``台金高速``) form no dictionary word either, so a lexicon cannot
tell them from misreadings. Their pairs are used only for a printed character outside the
3,755 common characters of GB 2312 (level 1), where a rare character forming no word is almost
surely a misreading, and only when no ``ocr`` pair fits.

A character is replaced only when all of these hold:

* as printed, the character forms no common word of jieba's lexicon (:mod:`zjnews.lexicon`)
  with its neighbours: no word of two to four characters covering it has a frequency of
  :data:`MIN_FREQUENCY` or more;
* with the replacement it does, and :data:`MIN_GAIN` times more frequent than any word the
  printed character forms (``千部`` 10 → ``干部`` 9,717);
* the best segmentation of the few characters around it (a unigram word model over the
  lexicon) becomes at least :data:`MIN_GAIN` times more probable;
* it is not part of a name: lines that look like name or byline lines are skipped, and so is a
  character right after a common surname or a role word (``记者``, ``通讯员``…), or right
  before a place suffix (``新宇村``).

Two adjacent characters that both fail the first test are tried together too (a two-character
word misread in both halves), with ``ocr`` pairs only. Two structural patterns are used beside
the lexicon: the parallel numerals of four-character phrases (``百X千Y``, ``千X万Y``): ``干``
standing where ``千`` belongs (``百企干岗`` → ``百企千岗``) when ``干`` forms no word there; and
``干`` between a numeral and a unit or a larger numeral (``三干万元``, ``上干名``), where only
``千`` can stand.

Speed: one compiled character class of every suspect character finds the few positions worth
a look; a set of the lexicon's common words answers the first test; the segmentation model
runs only for a replacement that passes the word test.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
import re

from ..chinese import ROLE_END, SURNAMES, opens_with_speaker
from ..lexicon import lexicon
from ..model import Repair
from ._chars import CJK_CHARS, is_common_char

__all__ = ["MIN_FREQUENCY", "MIN_GAIN", "confusions", "fix_ocr"]

MIN_FREQUENCY = 100
"""The least lexicon frequency of the word that the replacement forms."""

MIN_GAIN = 300.0
"""How many times more probable the repaired window must be than the printed one."""

_MAX_WORD = 4
_RUN = re.compile(f"[{CJK_CHARS}]+")
_SENTENCE = re.compile("[。，；！？,;!?]")
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤楼应俞裘鲍竺柴童舒"
)
_PLACE_SUFFIX = frozenset("村镇乡县市区省州街路巷弄桥山湖港湾岛园厂")
_PARALLEL = re.compile(f"(?<=[百千万][{CJK_CHARS}])干(?=[{CJK_CHARS}])")
_COUNTED = re.compile("(?<=[二三四五六七八九两几数上])干(?=[万亿百多余人名个家次户米亩元条项位座台辆吨斤件份张])")
"""``干`` between a numeral and a unit or a larger numeral, where only ``千`` can stand (``三干万元``)."""


@functools.cache
def _tables() -> dict[str, dict[str, str]]:
    """Per kind of source (``ocr``, ``shape``): each character → the characters that look like it."""
    path = importlib.resources.files("zjnews.repair") / "data" / "confusions.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    tables: dict[str, dict[str, set[str]]] = {}
    for source in data["sources"]:
        table = tables.setdefault(source["kind"], {})
        for group in source.get("groups", ()):
            for char in group:
                table.setdefault(char, set()).update(c for c in group if c != char)
        for char, near in source.get("neighbours", {}).items():
            # a character's nearest glyphs: looking alike goes both ways
            for other in near:
                table.setdefault(char, set()).add(other)
                table.setdefault(other, set()).add(char)
    return {kind: {c: "".join(sorted(o)) for c, o in table.items()} for kind, table in tables.items()}


@functools.cache
def confusions() -> dict[str, str]:
    """Each character of the confusion groups (all sources) → the characters that look like it."""
    table: dict[str, set[str]] = {}
    for kind in _tables().values():
        for char, others in kind.items():
            table.setdefault(char, set()).update(others)
    return {char: "".join(sorted(others)) for char, others in table.items()}


_WIDE = ("shape", "glyph")
"""The wide sources: used only for a printed character outside the common ones."""


@functools.cache
def _wide() -> dict[str, str]:
    """Each character → its look-alikes in every source (the wide ones and the ``ocr`` pairs)."""
    tables = _tables()
    out: dict[str, set[str]] = {}
    for kind in ("ocr", *_WIDE):
        for char, others in tables.get(kind, {}).items():
            out.setdefault(char, set()).update(others)
    return {char: "".join(sorted(others)) for char, others in out.items()}


@functools.cache
def _options() -> dict[str, str]:
    """Each suspect character → the replacements to try on the lexicon's word alone: ``ocr``
    pairs, and for a rare character the look-alikes of the wide sources too."""
    ocr, wide = _tables().get("ocr", {}), _wide()
    out: dict[str, str] = {}
    for char in sorted(set(ocr) | set(wide)):
        options = wide.get(char, "") if not is_common_char(char) else ocr.get(char, "")
        if options:
            out[char] = options
    return out


@functools.cache
def _common_words() -> frozenset[str]:
    """The lexicon's words of two to four characters with a frequency of ``MIN_FREQUENCY`` or more."""
    return frozenset(w for w, f in lexicon().items() if f >= MIN_FREQUENCY and 2 <= len(w) <= _MAX_WORD)


@functools.cache
def _log_total() -> float:
    return math.log(sum(lexicon().values()))


def _support(run: str, i: int, width: int = 1) -> int:
    """The highest frequency of a lexicon word of 2–4 characters covering ``run[i:i+width]``."""
    words = lexicon()
    best = 0
    for start in range(max(0, i - _MAX_WORD + 1), i + 1):
        for end in range(max(i + width, start + 2), min(len(run), start + _MAX_WORD) + 1):
            best = max(best, words.get(run[start:end], 0))
    return best


def _log_probability(text: str) -> float:
    """Log probability of the best segmentation of ``text`` under a unigram word model."""
    words = lexicon()
    log_total = _log_total()
    best = [0.0] + [-math.inf] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - _MAX_WORD), end):
            freq = words.get(text[start:end], 0)
            if freq == 0 and end - start > 1:
                continue
            score = best[start] + math.log(freq or 1) - log_total
            if score > best[end]:
                best[end] = score
    return best[-1]


def _gain(run: str, i: int, replacement: str) -> float:
    lo, hi = max(0, i - 3), min(len(run), i + len(replacement) + 3)
    fixed = run[:i] + replacement + run[i + len(replacement) :]
    return _log_probability(fixed[lo:hi]) - _log_probability(run[lo:hi])


def _near_name(line: str, pos: int) -> bool:
    """True when the character at ``pos`` may be part of a person's or a place's name.

    That is: it follows a role word (``记者``, ``书记``, ``负责人``…), or a common surname that does
    not end a word with the character before it (``向`` in ``面向`` is no surname), as the second
    or third character of a name; it is a surname opening a name and a verb of saying
    (``曹慧表示``); or a place suffix (``村``, ``镇``, ``路``…) follows it closely.
    """
    words = lexicon()
    before = line[max(0, pos - 6) : pos]
    if ROLE_END.search(before) is not None:
        return True
    if line[pos] in SURNAMES and opens_with_speaker(line[pos:], comma=False):
        return True  # the surname itself: 曹慧表示
    if any(c in _PLACE_SUFFIX for c in line[pos + 1 : pos + 3]):
        return True  # a place name: 新宇村
    if pos >= 1 and line[pos - 1] in _SURNAMES and words.get(line[max(0, pos - 2) : pos], 0) == 0:
        return True
    return (
        pos >= 2
        and line[pos - 2] in _SURNAMES
        and words.get(line[max(0, pos - 3) : pos - 1], 0) == 0
        and words.get(line[pos - 2 : pos], 0) == 0
        and words.get(line[pos - 1 : pos + 1], 0) == 0
    )


def _is_name_line(line: str) -> bool:
    stripped = line.strip().lstrip("#").strip()
    return len(stripped) <= 12 and _SENTENCE.search(stripped) is None


def _best(run: str, i: int, width: int, options: list[str]) -> str | None:
    min_gain = math.log(MIN_GAIN)
    printed = _support(run, i, width)
    best: tuple[float, str] | None = None
    for option in options:
        fixed = run[:i] + option + run[i + width :]
        support = _support(fixed, i, width)
        if support < MIN_FREQUENCY or support < printed * MIN_GAIN:
            continue
        gain = _gain(run, i, option)
        if gain >= min_gain and (best is None or gain > best[0]):
            best = (gain, option)
    return best[1] if best else None


@functools.cache
def _confusable() -> re.Pattern[str]:
    """One character class of every suspect character."""
    return re.compile("[" + "".join(sorted(_options())) + "]")


def _window(line: str, pos: int, reach: int) -> tuple[int, str]:
    """The run of ideographs around ``pos``, at most ``reach`` characters to each side."""
    start = pos
    while start > 0 and pos - start < reach and _RUN.match(line, start - 1, start):
        start -= 1
    end = pos + 1
    while end < len(line) and end - pos <= reach and _RUN.match(line, end, end + 1):
        end += 1
    return start, line[start:end]


_COVERING = tuple(
    (start, length) for length in range(2, _MAX_WORD + 1) for start in range(-length + 1, 1)
)


def _covered(line: str, pos: int) -> bool:
    """True when a common word covers ``line[pos]`` (:func:`_forming_words` asks the same of
    other characters put in its place)."""
    common = _common_words()
    for start, length in _COVERING:
        begin = pos + start
        if begin >= 0 and line[begin : begin + length] in common:
            return True
    return False


def _forming_words(line: str, pos: int, chars: str) -> list[str]:
    """The characters of ``chars`` that, put in place of ``line[pos]``, form a common word.

    The same test as :func:`_covered` for many characters at once: each covering word's text
    around the position is sliced once.
    """
    common = _common_words()
    frames = [
        (line[begin:pos], line[pos + 1 : begin + length])
        for start, length in _COVERING
        if (begin := pos + start) >= 0 and begin + length <= len(line)
    ]
    return [char for char in chars if any(left + char + right in common for left, right in frames)]


def _pair_options(first: str, second: str) -> list[str]:
    """Two-character replacements for two adjacent characters misread together (``ocr`` pairs)."""
    ocr = _tables().get("ocr", {})
    return [a + b for a in ocr.get(first, "") for b in ocr.get(second, "")]


def _try(line: str, pos: int, width: int, options: list[str], found: dict[int, tuple[str, str]]) -> bool:
    """Record the best of ``options`` for ``line[pos:pos+width]`` if the lexicon makes it clearly
    right (the caller has checked the name guards)."""
    if not options:
        return False
    start, run = _window(line, pos, 2 * _MAX_WORD)
    i = pos - start
    if len(run) < 2 or i + width > len(run):
        return False
    if width > 1 and _support(run, i, width) >= MIN_FREQUENCY:
        return False
    choice = _best(run, i, width, options)
    if choice is None:
        return False
    for k in range(width):
        found[pos + k] = (run[i + k], choice[k])
    return True


def _fix_line(line: str, found: dict[int, tuple[str, str]]) -> None:
    options = _options()
    ocr = _tables().get("ocr", {})
    suspects = [m.start() for m in _confusable().finditer(line) if not _covered(line, m.start())]
    suspect_set = set(suspects)
    for pos in suspects:
        if pos in found or pos - 1 in found:
            continue
        if _near_name(line, pos):
            continue
        # the published OCR pairs first; a rare character's wide look-alikes only if none fits
        first = ocr.get(line[pos], "")
        tiers = (first, "".join(c for c in options[line[pos]] if c not in first))
        if any(_try(line, pos, 1, _forming_words(line, pos, tier), found) for tier in tiers if tier):
            continue
        # two adjacent characters misread together, neither forming a word as printed
        if pos + 1 in suspect_set and line[pos] in ocr and line[pos + 1] in ocr:
            _try(line, pos, 2, _pair_options(line[pos], line[pos + 1]), found)
    for m in _PARALLEL.finditer(line):
        context = line[max(0, m.start() - 3) : m.end() + 3]
        local = m.start() - max(0, m.start() - 3)
        if m.start() not in found and _support(context, local) == 0 and not _near_name(line, m.start()):
            found[m.start()] = ("干", "千")
    for m in _COUNTED.finditer(line):
        if m.start() not in found and not _near_name(line, m.start()):
            found[m.start()] = ("干", "千")


def fix_ocr(text: str) -> list[Repair]:
    """Repairs of OCR confusions of similar-looking characters where the context is clear."""
    out: list[Repair] = []
    if _confusable().search(text) is None:
        return out
    offset = 0
    for line in text.split("\n"):
        if not _is_name_line(line) and _confusable().search(line) is not None:
            found: dict[int, tuple[str, str]] = {}
            _fix_line(line, found)
            out.extend(Repair("ocr", offset + i, a, b) for i, (a, b) in sorted(found.items()))
        offset += len(line) + 1
    return out
