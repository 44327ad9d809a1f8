"""The exception hierarchy: every error zjnews raises on purpose derives from :class:`ZjnewsError`."""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "DecodeError",
    "EmptyInputError",
    "InputError",
    "InputTooLargeError",
    "InputTypeError",
    "OutputFormatError",
    "UnreadableInputError",
    "ZjnewsError",
]


class ZjnewsError(Exception):
    """Base class of every exception zjnews raises on purpose."""


class InputError(ZjnewsError, ValueError):
    """The input cannot be parsed as a page dump."""


class InputTypeError(InputError, TypeError):
    """An argument of the wrong type (``bytes`` given to ``parse_text``, a number as a path…)."""


class UnreadableInputError(InputError):
    """The path is missing, is a directory, or cannot be read."""


class EmptyInputError(InputError):
    """The input holds no text (empty, or whitespace only)."""


class BinaryInputError(InputError):
    """The input is binary data (an image, a PDF, an archive…), not a text dump."""


class DecodeError(InputError):
    """The bytes could not be decoded in any supported encoding."""


class InputTooLargeError(InputError):
    """The input is larger than ``Options.max_input_bytes``."""


class OutputFormatError(ZjnewsError, ValueError):
    """A file read back as zjnews output (``zjnews.output.read_records``) is not what zjnews writes:
    a line that is not a JSON object, such as the torn last line of an interrupted run."""
