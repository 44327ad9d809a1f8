"""Pages as archives hold them: compressed page files, and tables (JSON Lines, Parquet) of pages.

* A page file may be compressed (gzip, bzip2, xz, zstd): it is recognised by its first bytes and
  decompressed before decoding (:func:`read_page_bytes`).
* A table holds one page a row: the raw page text in a named column, and optionally an id
  column (:func:`iter_table`). JSON Lines tables may be compressed too.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from .compression import decompress, strip_compression
from .errors import InputError, InputTooLargeError, UnreadableInputError, ZjnewsError

__all__ = ["TABLE_SUFFIXES", "count_table_rows", "is_table", "iter_table", "read_page_bytes"]

TABLE_SUFFIXES = (".jsonl", ".ndjson", ".parquet", ".pq")
"""File names (less a compression suffix) read as tables of pages when a text column is named."""


def is_table(path: str) -> bool:
    """Whether ``path`` names a table of pages (``.jsonl``, ``.ndjson``, ``.parquet``, ``.pq``, compressed or not)."""
    return strip_compression(path).lower().endswith(TABLE_SUFFIXES)


def read_page_bytes(path: str, *, max_bytes: int | None = None) -> bytes:
    """The bytes of the page file at ``path``, decompressed when it is a gzip/bzip2/xz/zstd archive.

    Regular files only (:func:`zjnews.decode.read_file`); ``max_bytes`` bounds both the file and
    the decompressed size (:class:`~zjnews.InputTooLargeError`).
    """
    from .decode import read_file

    data = decompress(read_file(path, max_bytes=max_bytes), limit=max_bytes, name=path)
    if max_bytes is not None and len(data) > max_bytes:
        raise InputTooLargeError(f"{path} is larger than the limit of {max_bytes} bytes")
    return data


def _parquet_file(path: str) -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ZjnewsError("Parquet input needs pyarrow: pip install 'zjnews[parquet]'") from exc
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid and OSError subclasses
        raise UnreadableInputError(f"{path} is not a readable Parquet file ({exc})") from exc


def _is_parquet(path: str) -> bool:
    return strip_compression(path).lower().endswith((".parquet", ".pq"))


def count_table_rows(path: str) -> int:
    """The number of rows (pages) of a table: read from the footer for Parquet, by counting lines for JSON Lines."""
    if _is_parquet(path):
        return int(_parquet_file(path).metadata.num_rows)
    from .compression import open_read

    with open_read(path) as stream:
        return sum(1 for line in stream if line.strip())


def _cell(value: Any, column: str, where: str) -> str | bytes:
    if isinstance(value, (str, bytes)):
        return value
    raise InputError(f"{where}: column {column!r} holds {type(value).__name__}, not text")


def iter_table(
    path: str, text_column: str, id_column: str | None = None
) -> Iterator[tuple[str, str | bytes | InputError]]:
    """The pages of a table, lazily: ``(source, text)`` per row.

    ``source`` is the row's ``id_column`` value when that column is named, else ``PATH#ROW``
    (the 1-based row number). A row without the text column gives an :class:`~zjnews.InputError`
    in place of its text (it fails as a page); an unreadable table raises.
    """
    if _is_parquet(path):
        parquet = _parquet_file(path)
        names = set(parquet.schema_arrow.names)
        missing = [c for c in (text_column, id_column) if c is not None and c not in names]
        if missing:
            raise InputError(f"{path} has no column {missing[0]!r} (columns: {', '.join(sorted(names))})")
        columns = [text_column] + ([id_column] if id_column else [])
        row = 0
        for batch in parquet.iter_batches(columns=columns, batch_size=256):
            for item in batch.to_pylist():
                row += 1
                yield _row(path, row, item, text_column, id_column)
        return
    from .compression import open_read

    try:
        stream = io.TextIOWrapper(open_read(path), encoding="utf-8", errors="strict")
    except OSError as exc:
        raise UnreadableInputError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    with stream:
        row = 0
        for line in stream:
            if not line.strip():
                continue
            row += 1
            try:
                item = json.loads(line)
            except ValueError as exc:
                yield f"{path}#{row}", InputError(f"{path} row {row} is not JSON ({exc})")
                continue
            if not isinstance(item, dict):
                yield f"{path}#{row}", InputError(f"{path} row {row} is not a JSON object")
                continue
            yield _row(path, row, item, text_column, id_column)


def _row(
    path: str, row: int, item: dict[str, Any], text_column: str, id_column: str | None
) -> tuple[str, str | bytes | InputError]:
    where = f"{path} row {row}"
    source = f"{path}#{row}"
    if id_column is not None:
        value = item.get(id_column)
        if value is None:
            return source, InputError(f"{where} has no {id_column!r}")
        source = str(value)
    if item.get(text_column) is None:
        return source, InputError(f"{where} has no {text_column!r}")
    try:
        return source, _cell(item[text_column], text_column, where)
    except InputError as exc:
        return source, exc
