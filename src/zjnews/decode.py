"""bytes → str: encoding detection, byte-order marks, binary sniffing, newlines."""

from __future__ import annotations

import codecs
import os
import re
import stat

from .errors import BinaryInputError, DecodeError, EmptyInputError, InputTooLargeError, UnreadableInputError

__all__ = ["check_text", "decode_bytes", "read_file"]

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

# Encodings a Chinese page dump comes in, tried by charset-normalizer when the bytes are neither
# UTF-8 nor UTF-16 (BOM-less UTF-16 is recognised before, by its NUL bytes: left to
# charset-normalizer, GB18030 and Big5 text is sometimes taken for UTF-16).
_CANDIDATES = ["gb18030", "big5", "cp1252"]

# Characters a page dump is made of: whitespace, printable ASCII, Latin-1 punctuation, general
# punctuation (— … “ ” ‘ ’), CJK symbols and punctuation, CJK ideographs (extension A and the
# unified block, compatibility ideographs), full-width forms.
_TEXT_CHARS = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u27bf\u3000-\u30ff"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_UTF16_PLAUSIBLE = 0.9
"""Share of text characters a BOM-less UTF-16 reading must reach to be taken."""
_SAMPLE = 4096

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def check_text(text: str) -> None:
    """Raise :class:`~zjnews.errors.DecodeError` when ``text`` holds a lone surrogate.

    Such a ``str`` (made by ``surrogateescape`` decoding, or by slicing UTF-16 code units) can be
    parsed but not written out as UTF-8: it is refused up front rather than failing in a writer.
    """
    found = _SURROGATE.search(text)
    if found is not None:
        raise DecodeError(
            f"the text holds a lone surrogate (U+{ord(found.group()):04X}) at offset {found.start()}: "
            "it is not valid Unicode text"
        )


def _text_share(text: str) -> float:
    """Share of the characters of ``text`` that a page dump is made of (see ``_TEXT_CHARS``)."""
    return len(_TEXT_CHARS.findall(text)) / len(text) if text else 0.0


def _utf16_without_bom(data: bytes) -> str | None:
    """Read BOM-less UTF-16, recognised by its NUL bytes and by decoding to plausible text.

    Chinese text in UTF-16 has NUL bytes only beside ASCII characters (newlines, digits,
    half-width punctuation), so their number says little; the endianness whose reading gives
    text made of the characters of a page dump wins (the wrong one gives Hangul, Gurmukhi…).
    """
    if len(data) < 2 or len(data) % 2 or 0 not in data[:_SAMPLE]:
        return None
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _text_share(text[:_SAMPLE])
        if share >= _UTF16_PLAUSIBLE and (best is None or share > best[0]):
            best = (share, text)
    return best[1] if best else None


def _gb2312_text(data: bytes) -> str | None:
    """The text when ``data`` is GB18030 using only GB2312 characters (the common simplified set).

    Short Chinese text is valid in both GB18030 and Big5; a statistical detector then guesses.
    Text that stays within GB2312 is read as GB18030: Big5 text rarely does (its trail bytes
    0x40–0x7E fall outside GB2312), and mainland papers are printed in simplified characters.
    """
    try:
        text = data.decode("gb18030")
        text.encode("gb2312")
    except UnicodeError:
        return None
    return text


def _many_nuls(data: bytes) -> bool:
    return data.count(0) > max(2, len(data) // 100)


def _decode_with_bom(data: bytes) -> str | None:
    """The text after a byte-order mark, decoded as the mark says; ``None`` without a mark."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                message = f"the input starts with a {codec} byte-order mark but is not {codec}"
                raise DecodeError(message) from exc
    return None


def _decode_without_bom(data: bytes) -> str:
    """UTF-8; else BOM-less UTF-16; else GB18030 for GB2312 text; else GB18030/Big5 by detection."""
    utf8_error: UnicodeDecodeError | None = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        if "\x00" not in text:
            return text
        # UTF-16 of text whose bytes all happen to be valid UTF-8 (ASCII, few characters) reads
        # better as UTF-16 than as UTF-8 full of NULs; UTF-8 text with a stray NUL does not
        utf16 = _utf16_without_bom(data)
        if utf16 is not None and _text_share(utf16[:_SAMPLE]) > _text_share(text[:_SAMPLE]):
            return utf16
        if _many_nuls(data):
            raise BinaryInputError("the input is binary data (many NUL bytes), not a text dump")
        return text
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if _many_nuls(data):
        raise BinaryInputError("the input is binary data (many NUL bytes), not a text dump")
    gb2312 = _gb2312_text(data)
    if gb2312 is not None:
        return gb2312
    import charset_normalizer  # on first use: most pages are UTF-8 or GB2312 and never need it

    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        message = "the input is not text in any supported encoding (UTF-8/16, GB18030, Big5)"
        if utf8_error is not None and _mostly_utf8(data):
            message = (
                f"the input is UTF-8 with invalid bytes (the first at byte {utf8_error.start}: "
                f"{data[utf8_error.start : utf8_error.start + 4]!r})"
            )
        raise DecodeError(message)
    return str(best)


def _mostly_utf8(data: bytes) -> bool:
    """True when all but a few bytes of ``data`` decode as UTF-8 (a damaged UTF-8 file)."""
    text = data[: 1 << 20].decode("utf-8", errors="replace")
    return text.count("\ufffd") <= max(4, len(text) // 100)


def decode_bytes(data: bytes, *, max_bytes: int | None = None) -> str:
    """Decode a page dump's bytes to text (line ends and control characters as they are: the
    preparation, :func:`zjnews.prepare.prepare_text`, normalises them).

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
    text = _decode_with_bom(data)
    if text is None:
        text = _decode_without_bom(data)
    if not text.strip():
        raise EmptyInputError("the input holds only whitespace")
    return text


def _open(path: str | os.PathLike[str]) -> int:
    """A descriptor of ``path`` opened for reading, without blocking on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.open(path, flags)


def read_file(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (symbolic links followed), at most ``max_bytes``.

    Raises :class:`~zjnews.errors.UnreadableInputError` for a missing path, a directory, a file
    that cannot be read, and anything that is not a regular file (a FIFO, a device such as
    ``/dev/zero``, a socket: reading those could block or never end), and
    :class:`~zjnews.errors.InputTooLargeError` for a file larger than ``max_bytes``, checked
    before reading and again while reading (a file that grows meanwhile).
    """
    try:
        descriptor = _open(path)
    except FileNotFoundError as exc:
        raise UnreadableInputError(f"{path} does not exist") from exc
    except IsADirectoryError as exc:
        raise UnreadableInputError(f"{path} is a directory, not a page dump") from exc
    except OSError as exc:
        raise UnreadableInputError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableInputError(f"{path} is a directory, not a page dump")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableInputError(f"{path} is not a regular file ({_file_kind(info.st_mode)})")
        if max_bytes is not None and info.st_size > max_bytes:
            raise InputTooLargeError(f"{path} is {info.st_size} bytes, more than the limit of {max_bytes}")
        data = _read_at_most(descriptor, None if max_bytes is None else max_bytes + 1)
    except OSError as exc:
        raise UnreadableInputError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    finally:
        os.close(descriptor)
    if max_bytes is not None and len(data) > max_bytes:
        raise InputTooLargeError(f"{path} grew past the limit of {max_bytes} bytes while it was read")
    return data


def _read_at_most(descriptor: int, limit: int | None) -> bytes:
    """Read ``descriptor`` to its end, or to ``limit`` bytes."""
    parts: list[bytes] = []
    size = 0
    while limit is None or size < limit:
        part = os.read(descriptor, 1 << 20 if limit is None else min(limit - size, 1 << 20))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
