"""The data model: the one language spoken between the pipeline's stages.

Every class here is an attrs class, frozen and slotted. Stages take values of these
classes and return new ones; nothing is mutated in place.
"""

from __future__ import annotations

import enum
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

import attrs

__all__ = [
    "Article",
    "Block",
    "Caption",
    "Decision",
    "Duplicate",
    "Page",
    "Removal",
    "Repair",
    "Role",
]


class Role(str, enum.Enum):
    """What a block of the page dump is, as decided by the roles stage."""

    UNKNOWN = "unknown"
    COLUMN = "column"
    """A column / section label (栏目) printed above one or more articles; not an article."""
    KICKER = "kicker"
    """The line printed above a main title (引题)."""
    TITLE = "title"
    """A main headline (主题)."""
    SUBTITLE = "subtitle"
    """The line under a title (副题), often starting with ``——``."""
    BYLINE = "byline"
    """A line naming the reporters (``本报记者 X``, a bare name line under a title, ``(X Y)``)."""
    BODY = "body"
    """Article text."""
    CAPTION = "caption"
    """A photo caption."""
    CREDIT = "credit"
    """A photo credit (``… 摄``, ``…供图``)."""
    HEADSHOT = "headshot"
    """A reporter's name printed under a headshot photo."""
    FURNITURE = "furniture"
    """Page furniture: running heads (paper, date, page, section), ``责任编辑 X`` footer lines, jump lines."""
    NOISE = "noise"
    """Anything else that is not part of an article (stray marks)."""


@attrs.frozen
class Block:
    """One block of the page dump: a run of non-blank lines between blank lines.

    ``text`` is the block's text with its markdown ``#`` marks removed and its line wraps
    joined; ``heading_level`` is the number of ``#`` marks it carried (0 when none).
    """

    index: int
    """Position of the block in the dump (0-based)."""
    line: int
    """1-based line number of the block's first line in the decoded text."""
    text: str
    heading_level: int = 0
    role: Role = Role.UNKNOWN
    gap_before: int = 0
    """Blank lines between this block and the one above (0 for the first block or a single-newline break).

    A wider gap than the page's usual one is where an image stood."""
    end_line: int = 0
    """1-based line number of the block's last line in the decoded text (0: same as ``line``)."""


@attrs.frozen
class Caption:
    """A photo caption and its credit line (either may be empty)."""

    text: str
    credit: str | None = None

    def __str__(self) -> str:
        return " ".join(part for part in (self.text, self.credit) if part)


@attrs.frozen
class Repair:
    """One character-level change made by a repair pass.

    ``position`` is the offset in the text as it stood when the pass ran, so applying
    the log in order to the decoded text replays the repair (like ftfy's explain log).
    """

    pass_name: str
    position: int
    before: str
    after: str


@attrs.frozen
class Removal:
    """Text of the page that is not kept in any article, with the reason why."""

    text: str
    reason: str
    line: int = 0


@attrs.frozen
class Duplicate:
    """Text removed because it repeats text kept elsewhere on the page."""

    text: str
    line: int = 0
    reason: str = "exact"
    """``exact``, ``overlap`` (the tail of one block re-read at the head of the next) or ``variant``."""


def _int_tuple(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


def _evidence(value: Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    return tuple((name, weight) for name, weight in value)


@attrs.frozen
class Decision:
    """A non-obvious decision of the reconstruction, with the evidence it weighed.

    ``kind`` names the decision (``join``, ``move``, ``headline``, ``caption``, ``furniture``,
    ``demote``, ``byline`` …), ``outcome`` what was decided, ``lines`` the 1-based input lines
    involved, ``score`` the weighed total and ``evidence`` the signals with their contributions.
    """

    kind: str
    outcome: str
    lines: tuple[int, ...] = attrs.field(default=(), converter=_int_tuple)
    score: float = 0.0
    evidence: tuple[tuple[str, float], ...] = attrs.field(default=(), converter=_evidence)
    text: str = ""
    """A short excerpt of the text the decision is about."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        return {
            "kind": self.kind,
            "outcome": self.outcome,
            "lines": list(self.lines),
            "score": self.score,
            "evidence": [{"signal": name, "value": value} for name, value in self.evidence],
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        """Build a decision from the dict that :meth:`to_dict` returns."""
        return cls(
            kind=data["kind"],
            outcome=data["outcome"],
            lines=tuple(int(n) for n in data.get("lines", ())),
            score=float(data.get("score", 0.0)),
            evidence=tuple((str(e["signal"]), float(e["value"])) for e in data.get("evidence", ())),
            text=data.get("text", ""),
        )


def _decisions(value: Iterable[Decision]) -> tuple[Decision, ...]:
    return tuple(value)


def _line_groups(value: Iterable[Iterable[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(lines) for lines in value)


def _tuple_of_str(value: Sequence[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        # tuple("张三") would silently split a name into characters
        raise TypeError(f"expected a sequence of str, not a single str: {value!r}")
    return tuple(value)


def _captions(value: Iterable[Caption]) -> tuple[Caption, ...]:
    return tuple(value)


def _articles(value: Iterable[Article]) -> tuple[Article, ...]:
    return tuple(value)


def _duplicates(value: Iterable[Duplicate]) -> tuple[Duplicate, ...]:
    return tuple(value)


def _removals(value: Iterable[Removal]) -> tuple[Removal, ...]:
    return tuple(value)


def _repairs(value: Iterable[Repair]) -> tuple[Repair, ...]:
    return tuple(value)


@attrs.frozen
class Article:
    """One article as printed: its headline group, byline, paragraphs and photo captions."""

    title: str = ""
    kicker: str | None = None
    subtitle: str | None = None
    column: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    """Person names in the byline, in order, without roles and inner spaces."""
    paragraphs: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    captions: tuple[Caption, ...] = attrs.field(default=(), converter=_captions)
    uncertain: bool = False
    """True where the reconstruction of this article is a best guess; see ``uncertain_reason``."""
    uncertain_reason: str | None = None
    paragraph_lines: tuple[tuple[int, ...], ...] = attrs.field(default=(), converter=_line_groups)
    """For each paragraph, the 1-based input lines it was assembled from (empty when unknown)."""

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by newlines."""
        return "\n".join(self.paragraphs)

    def __repr__(self) -> str:
        """A one-line summary: the title, the authors and the size of the body (not the text itself)."""
        parts = [f"title={_short(self.title)!r}"]
        if self.authors:
            parts.append(f"authors={self.authors!r}")
        parts.append(f"paragraphs={len(self.paragraphs)}")
        parts.append(f"chars={sum(len(p) for p in self.paragraphs)}")
        if self.captions:
            parts.append(f"captions={len(self.captions)}")
        if self.uncertain:
            parts.append("uncertain=True")
        return f"Article({', '.join(parts)})"

    def __str__(self) -> str:
        """The article as it reads: headline group, byline, paragraphs and captions, one a line."""
        lines = [part for part in (self.column and f"[{self.column}]", self.kicker, self.title, self.subtitle) if part]
        if self.byline:
            lines.append(self.byline)
        if lines and self.paragraphs:
            lines.append("")
        lines.extend(self.paragraphs)
        lines.extend(f"（图）{caption}" for caption in self.captions)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        return {
            "column": self.column,
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "authors": list(self.authors),
            "paragraphs": list(self.paragraphs),
            "captions": [{"text": c.text, "credit": c.credit} for c in self.captions],
            "uncertain": self.uncertain,
            "uncertain_reason": self.uncertain_reason,
            "paragraph_lines": [list(lines) for lines in self.paragraph_lines],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """Build an article from the dict that :meth:`to_dict` returns."""
        return cls(
            title=data.get("title") or "",
            kicker=data.get("kicker"),
            subtitle=data.get("subtitle"),
            column=data.get("column"),
            byline=data.get("byline"),
            authors=tuple(data.get("authors", ())),
            paragraphs=tuple(data.get("paragraphs", ())),
            captions=tuple(_caption_from(c) for c in data.get("captions", ())),
            uncertain=bool(data.get("uncertain", False)),
            uncertain_reason=data.get("uncertain_reason"),
            paragraph_lines=tuple(tuple(lines) for lines in data.get("paragraph_lines", ())),
        )

    def to_json(self, **kwargs: Any) -> str:
        """The article as JSON text (``ensure_ascii=False``); extra arguments go to :func:`json.dumps`."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_json(cls, text: str) -> Article:
        """Read back what :meth:`to_json` wrote."""
        return cls.from_dict(json.loads(text))


def _short(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _caption_from(data: Mapping[str, Any] | str) -> Caption:
    if isinstance(data, str):
        return Caption(text=data)
    return Caption(text=data.get("text", ""), credit=data.get("credit"))


@attrs.frozen
class Page(Sequence[Article]):
    """The result of parsing one page: a sequence of :class:`Article` plus what was set aside.

    ``captions`` holds photo news and captions owned by no article, ``duplicates`` the
    text removed as a repeat, ``removed`` everything else not kept (each with a reason),
    ``repairs`` the log of every character change.
    """

    articles: tuple[Article, ...] = attrs.field(default=(), converter=_articles)
    captions: tuple[Caption, ...] = attrs.field(default=(), converter=_captions)
    duplicates: tuple[Duplicate, ...] = attrs.field(default=(), converter=_duplicates)
    removed: tuple[Removal, ...] = attrs.field(default=(), converter=_removals)
    repairs: tuple[Repair, ...] = attrs.field(default=(), converter=_repairs)
    source: str | None = None
    decisions: tuple[Decision, ...] = attrs.field(default=(), converter=_decisions)
    """The reconstruction's non-obvious decisions, each with its evidence and input lines."""

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | Sequence[Article]:
        return self.articles[index]

    def __len__(self) -> int:
        return len(self.articles)

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __repr__(self) -> str:
        """A one-line summary: the source and how many articles and set-aside items the page holds."""
        counts = (
            ("articles", len(self.articles)),
            ("captions", len(self.captions)),
            ("duplicates", len(self.duplicates)),
            ("removed", len(self.removed)),
            ("repairs", len(self.repairs)),
        )
        parts = [f"source={self.source!r}"] if self.source is not None else []
        parts.extend(f"{name}={count}" for name, count in counts if count or name == "articles")
        return f"Page({', '.join(parts)})"

    def __str__(self) -> str:
        """Every article as :meth:`Article.__str__` writes it, separated by a rule."""
        return "\n\n――――\n\n".join(str(article) for article in self.articles)

    def unaccounted(self, text: str) -> Counter[str]:
        """Characters of ``text``, this page's decoded input, that the page does not hold exactly once.

        Empty when every non-whitespace character of the input (after the logged repairs, less
        the ``#`` heading marks) is in one article field, caption, duplicate or removal: see
        :mod:`zjnews.conservation`. The page does not keep its input, so it is passed again.
        """
        from .conservation import unaccounted

        return unaccounted(text, self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        return {
            "source": self.source,
            "articles": [a.to_dict() for a in self.articles],
            "captions": [{"text": c.text, "credit": c.credit} for c in self.captions],
            "duplicates": [{"text": d.text, "line": d.line, "reason": d.reason} for d in self.duplicates],
            "removed": [{"text": r.text, "reason": r.reason, "line": r.line} for r in self.removed],
            "repairs": [
                {"pass": r.pass_name, "position": r.position, "before": r.before, "after": r.after}
                for r in self.repairs
            ],
            "decisions": [d.to_dict() for d in self.decisions],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Page:
        """Build a page from the dict that :meth:`to_dict` returns."""
        return cls(
            articles=tuple(Article.from_dict(a) for a in data.get("articles", ())),
            captions=tuple(_caption_from(c) for c in data.get("captions", ())),
            duplicates=tuple(
                Duplicate(text=d["text"], line=d.get("line", 0), reason=d.get("reason", "exact"))
                for d in data.get("duplicates", ())
            ),
            removed=tuple(
                Removal(text=r["text"], reason=r["reason"], line=r.get("line", 0))
                for r in data.get("removed", ())
            ),
            repairs=tuple(
                Repair(pass_name=r["pass"], position=r["position"], before=r["before"], after=r["after"])
                for r in data.get("repairs", ())
            ),
            source=data.get("source"),
            decisions=tuple(Decision.from_dict(d) for d in data.get("decisions", ())),
        )

    def to_json(self, **kwargs: Any) -> str:
        """The page as JSON text (``ensure_ascii=False``); extra arguments go to :func:`json.dumps`."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_json(cls, text: str) -> Page:
        """Read back what :meth:`to_json` wrote."""
        return cls.from_dict(json.loads(text))
