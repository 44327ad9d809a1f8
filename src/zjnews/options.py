"""Immutable parsing options: which passes run, and the limits."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Options"]


@attrs.frozen
class Options:
    """Switches for each pass of the pipeline, and input limits.

    Options are immutable; derive a variant with :meth:`evolve`::

        opts = zjnews.Options().evolve(fix_script=False)
    """

    # character repair passes (see docs/repair.md), in the order they run
    fix_mojibake: bool = True
    """Undo mojibake (text decoded through the wrong code page) with ftfy, keeping CJK typography."""
    fix_punctuation: bool = True
    """Half-width ``, : ; ( ) ? !`` to full-width where the context is Chinese."""
    fix_quotes: bool = True
    """ASCII ``"``/``'`` in Chinese text to paired ``“ ”``/``‘ ’``."""
    fix_wrap_spaces: bool = True
    """Remove spaces that line wraps left inside Chinese text."""
    fix_script: bool = True
    """Traditional to simplified characters, without over-converting simplified text."""
    fix_ocr: bool = True
    """Fix OCR confusions of visually similar characters where the context makes it clear."""

    # reconstruction
    remove_duplicates: bool = True
    """Drop repeated lines and overlapping repeats (recorded in ``Page.duplicates``)."""
    remove_captions: bool = True
    """Move photo captions, credits and headshot name lines out of the body."""
    join_continuations: bool = True
    """Re-attach paragraph fragments the dump placed elsewhere on the page."""

    max_input_bytes: int | None = attrs.field(
        default=None,
        validator=attrs.validators.optional([attrs.validators.instance_of(int), attrs.validators.ge(0)]),
    )
    """Refuse inputs larger than this many bytes (``InputTooLargeError``); ``None`` for no limit."""

    def evolve(self, **changes: Any) -> Options:
        """A copy of these options with ``changes`` applied."""
        return attrs.evolve(self, **changes)
