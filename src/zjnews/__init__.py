"""zjnews: clean, structured articles from the raw text dumps of scanned Chinese newspaper pages.

The public API::

    import zjnews
    page = zjnews.parse_file("page.txt")      # a zjnews.Page: a sequence of zjnews.Article
    for article in page:
        print(article.title, article.authors, article.paragraphs)

Submodules for more: :mod:`zjnews.evaluate` scores parsed pages against gold annotations
(``import zjnews.evaluate``; ``python -m zjnews.evaluate --pages DIR --gold DIR``), and
:mod:`zjnews.model` holds the data model's other classes (``Block``, ``Role``).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    InputTypeError,
    OutputFormatError,
    UnreadableInputError,
    ZjnewsError,
)
from .model import Article, Caption, Decision, Duplicate, Page, Removal, Repair
from .options import Options
from .pipeline import parse_bytes as _parse_bytes
from .pipeline import parse_text as _parse_text
from .repair import RepairResult
from .repair import repair_text as _repair_text

__all__ = [
    "Article",
    "BinaryInputError",
    "Caption",
    "Decision",
    "DecodeError",
    "Duplicate",
    "EmptyInputError",
    "InputError",
    "InputTooLargeError",
    "InputTypeError",
    "Options",
    "OutputFormatError",
    "Page",
    "Removal",
    "Repair",
    "RepairResult",
    "UnreadableInputError",
    "ZjnewsError",
    "__version__",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "repair_text",
]

__version__ = "0.1.0"


def parse_text(text: str, *, options: Options | None = None, source: str | None = None) -> Page:
    """Parse a page dump already decoded to ``str``.

    Raises :class:`EmptyInputError` when ``text`` holds nothing but whitespace, and
    :class:`DecodeError` when it holds a lone surrogate (``"\\ud800"``: no encoding can write it).
    """
    if not isinstance(text, str):
        raise InputTypeError(f"parse_text() takes str, not {type(text).__name__} (bytes: parse_bytes())")
    options = _check_options(options)
    if options.max_input_bytes is not None and len(text.encode("utf-8", "surrogatepass")) > options.max_input_bytes:
        raise InputTooLargeError(f"input is larger than the limit of {options.max_input_bytes} bytes")
    from .decode import check_text

    check_text(text)
    return _parse_text(text, options=options, source=source)


def parse_bytes(data: bytes, *, options: Options | None = None, source: str | None = None) -> Page:
    """Parse a page dump given as bytes; the encoding is detected (UTF-8/16, GB18030, Big5…)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputTypeError(f"parse_bytes() takes bytes, not {type(data).__name__} (str: parse_text())")
    return _parse_bytes(bytes(data), options=_check_options(options), source=source)


def parse_file(path: str | os.PathLike[str], *, options: Options | None = None) -> Page:
    """Read and parse the page dump at ``path``.

    Raises :class:`UnreadableInputError` for a missing path, a directory, an unreadable file
    or something that is not a regular file (a FIFO, a device), :class:`InputTooLargeError`
    for a file larger than ``Options.max_input_bytes`` (checked before and while reading it),
    :class:`InputTypeError` when ``path`` is not a path, and the other :class:`InputError`
    subclasses for content that is not a page dump.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(f"parse_file() takes a path (str or os.PathLike), not {type(path).__name__}")
    options = _check_options(options)
    from .decode import read_file

    file = Path(path)
    data = read_file(file, max_bytes=options.max_input_bytes)
    return _parse_bytes(data, options=options, source=str(file))


def repair_text(text: str, options: Options | None = None) -> RepairResult:
    """Run the character repair passes alone over ``text``: the repaired text and its log."""
    if not isinstance(text, str):
        raise InputTypeError(f"repair_text() takes str, not {type(text).__name__}")
    return _repair_text(text, _check_options(options))


def _check_options(options: Options | None) -> Options:
    if options is None:
        return Options()
    if not isinstance(options, Options):
        raise InputTypeError(f"options must be a zjnews.Options, not {type(options).__name__}")
    return options
