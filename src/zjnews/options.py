"""Immutable parsing options: which passes run, and the limits."""

from __future__ import annotations

from typing import Any

import attrs

from .errors import InputError, InputTypeError

__all__ = ["Options"]


def _switch(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A pass switch must be ``True`` or ``False`` (``'no'`` or ``0`` would read as a silent yes or no)."""
    if not isinstance(value, bool):
        raise InputTypeError(f"Options.{attribute.name} must be True or False, not {value!r}")


def _limit(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError(f"Options.{attribute.name} must be an int or None, not {value!r}")
    if value < 0:
        raise InputError(f"Options.{attribute.name} must be 0 or more, not {value}")


@attrs.frozen
class Options:
    """Switches for each pass of the pipeline, and input limits.

    Options are immutable; derive a variant with :meth:`evolve`::

        opts = zjnews.Options().evolve(fix_script=False)

    Every switch must be a ``bool`` and ``max_input_bytes`` an ``int`` ≥ 0 or ``None``; anything
    else raises :class:`~zjnews.InputTypeError` (or :class:`~zjnews.InputError` for a negative limit).
    """

    # character repair passes (see docs/repair.md), in the order they run
    fix_mojibake: bool = attrs.field(default=True, validator=_switch)
    """Undo mojibake (text decoded through the wrong code page) with ftfy, keeping CJK typography."""
    fix_punctuation: bool = attrs.field(default=True, validator=_switch)
    """Half-width ``, : ; ( ) ? !`` to full-width where the context is Chinese."""
    fix_quotes: bool = attrs.field(default=True, validator=_switch)
    """ASCII ``"``/``'`` in Chinese text to paired ``“ ”``/``‘ ’``."""
    fix_wrap_spaces: bool = attrs.field(default=True, validator=_switch)
    """Remove spaces that line wraps left inside Chinese text."""
    fix_script: bool = attrs.field(default=True, validator=_switch)
    """Traditional to simplified characters, without over-converting simplified text."""
    fix_ocr: bool = attrs.field(default=True, validator=_switch)
    """Fix OCR confusions of visually similar characters where the context makes it clear."""

    # reconstruction
    remove_duplicates: bool = attrs.field(default=True, validator=_switch)
    """Drop repeated lines and overlapping repeats (recorded in ``Page.duplicates``)."""
    remove_captions: bool = attrs.field(default=True, validator=_switch)
    """Move photo captions, credits and headshot name lines out of the body."""
    join_continuations: bool = attrs.field(default=True, validator=_switch)
    """Re-attach paragraph fragments the dump placed elsewhere on the page."""

    max_input_bytes: int | None = attrs.field(default=None, validator=_limit)
    """Refuse inputs larger than this many bytes (``InputTooLargeError``); ``None`` for no limit."""

    def evolve(self, **changes: Any) -> Options:
        """A copy of these options with ``changes`` applied (validated like the constructor's arguments)."""
        return attrs.evolve(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The options as a JSON-ready dict (recorded as the provenance of batch outputs)."""
        return attrs.asdict(self)

    @staticmethod
    def repair_switches() -> tuple[str, ...]:
        """The names of the switches of the character repair passes (``fix_…``), in the order they run."""
        return tuple(f.name for f in attrs.fields(Options) if f.name.startswith("fix_"))
