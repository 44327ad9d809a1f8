"""Compressed files, by name (for outputs) and by content (for inputs): gzip, bzip2, xz and zstd.

gzip, bzip2 and xz come with Python; zstd needs the ``zstandard`` package
(``pip install 'zjnews[zstd]'``), and a clear :class:`~zjnews.ZjnewsError` says so when it is missing.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
from typing import IO, Any, cast

from .errors import ZjnewsError

__all__ = [
    "COMPRESSIONS",
    "compression_of_name",
    "decompress",
    "detect_compression",
    "open_read",
    "open_write_text",
    "strip_compression",
]

COMPRESSIONS: dict[str, str] = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}
"""The file-name suffixes understood, and the compression each stands for."""

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
)


def compression_of_name(name: str | os.PathLike[str]) -> str | None:
    """The compression a file name asks for by its last suffix (``None``: none)."""
    lower = os.fspath(name).lower()
    return next((kind for suffix, kind in COMPRESSIONS.items() if lower.endswith(suffix)), None)


def strip_compression(name: str) -> str:
    """``name`` without its compression suffix (``a.jsonl.gz`` → ``a.jsonl``)."""
    lower = name.lower()
    for suffix in COMPRESSIONS:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def detect_compression(head: bytes) -> str | None:
    """The compression whose magic number ``head`` (the first bytes of a file) starts with."""
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)


def _zstandard() -> Any:
    try:
        import zstandard
    except ImportError as exc:
        raise ZjnewsError("zstd (.zst) files need the zstandard package: pip install 'zjnews[zstd]'") from exc
    return zstandard


def open_write_text(path: str | os.PathLike[str], compression: str | None) -> IO[str]:
    """A UTF-8 text stream (LF line ends) writing ``path`` with ``compression`` (``None``: plain)."""
    if compression is None:
        return open(path, "w", encoding="utf-8", newline="\n")
    if compression == "gzip":
        return gzip.open(path, "wt", encoding="utf-8", newline="\n")
    if compression == "bz2":
        return bz2.open(path, "wt", encoding="utf-8", newline="\n")
    if compression == "xz":
        return lzma.open(path, "wt", encoding="utf-8", newline="\n")
    if compression == "zstd":
        zstandard = _zstandard()
        raw = open(path, "wb")  # noqa: SIM115
        writer = zstandard.ZstdCompressor(level=6).stream_writer(raw, closefd=True)
        return io.TextIOWrapper(writer, encoding="utf-8", newline="\n")
    raise ZjnewsError(f"unknown compression {compression!r}")


def open_read(path: str | os.PathLike[str]) -> IO[bytes]:
    """A binary stream of the content of ``path``, decompressed when its first bytes say it is compressed."""
    with open(path, "rb") as probe:
        kind = detect_compression(probe.read(8))
    if kind is None:
        return open(path, "rb")
    if kind == "gzip":
        return cast(IO[bytes], gzip.open(path, "rb"))
    if kind == "bz2":
        return bz2.open(path, "rb")
    if kind == "xz":
        return lzma.open(path, "rb")
    raw = open(path, "rb")  # noqa: SIM115 - closed by the reader
    reader = _zstandard().ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
    return io.BufferedReader(reader)


def decompress(data: bytes, *, limit: int | None = None, name: str = "the input") -> bytes:
    """``data`` decompressed when it starts with a known magic number, else ``data`` itself.

    At most ``limit`` bytes are produced (a larger content raises :class:`~zjnews.InputTooLargeError`,
    so that a small archive cannot expand without bound); a corrupt archive raises
    :class:`~zjnews.DecodeError`.
    """
    from .errors import DecodeError, InputTooLargeError

    kind = detect_compression(data[:8])
    if kind is None:
        return data
    stream: IO[bytes]
    if kind == "gzip":
        stream = cast(IO[bytes], gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb"))
    elif kind == "bz2":
        stream = bz2.BZ2File(io.BytesIO(data), "rb")
    elif kind == "xz":
        stream = lzma.LZMAFile(io.BytesIO(data), "rb")  # noqa: SIM115 - closed below
    else:
        stream = _zstandard().ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True)
    try:
        out = stream.read(-1 if limit is None else limit + 1)
    except (OSError, EOFError, lzma.LZMAError, ValueError) as exc:
        raise DecodeError(f"{name} is a damaged {kind} archive ({exc})") from exc
    except Exception as exc:  # zstandard.ZstdError
        raise DecodeError(f"{name} is a damaged {kind} archive ({exc})") from exc
    finally:
        stream.close()
    if limit is not None and len(out) > limit:
        raise InputTooLargeError(f"{name} expands to more than the limit of {limit} bytes")
    return out
