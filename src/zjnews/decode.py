"""bytes → str: encoding detection, byte-order marks, binary sniffing, newlines."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from .errors import BinaryInputError, DecodeError, EmptyInputError, InputTooLargeError

__all__ = ["decode_bytes", "normalize_newlines"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)

# Encodings a Chinese page dump comes in, tried by charset-normalizer when the bytes are not UTF-8.
_CANDIDATES = ["gb18030", "big5", "utf_16_le", "utf_16_be", "cp1252"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_newlines(text: str) -> str:
    """CRLF and CR line ends become LF; other control characters (NUL…) are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by its NUL bytes falling on one side of each pair."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros > 0.3 * half and other < 0.05 * half:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def decode_bytes(data: bytes, *, max_bytes: int | None = None) -> str:
    """Decode a page dump's bytes to text with LF line ends.

    UTF-8 (with or without BOM), UTF-16/32 with BOM, BOM-less UTF-16, GB18030/GBK and Big5
    are recognised. Raises :class:`~zjnews.errors.InputTooLargeError`,
    :class:`~zjnews.errors.EmptyInputError`, :class:`~zjnews.errors.BinaryInputError` or
    :class:`~zjnews.errors.DecodeError`.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise InputTooLargeError(f"input is {len(data)} bytes, more than the limit of {max_bytes}")
    if not data.strip():
        raise EmptyInputError("the input is empty" if not data else "the input holds only whitespace")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(f"the input is binary data ({kind}), not a text dump")
    text: str | None = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"the input starts with a {codec} byte-order mark but is not {codec}") from exc
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _utf16_without_bom(data)
    if text is None:
        if data.count(0) > max(2, len(data) // 100):
            raise BinaryInputError("the input is binary data (many NUL bytes), not a text dump")
        best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
        if best is None:
            raise DecodeError("the input is not text in any supported encoding (UTF-8/16, GB18030, Big5)")
        text = str(best)
    text = normalize_newlines(text)
    if not text.strip():
        raise EmptyInputError("the input holds only whitespace")
    return text
