"""Output records and writers for batch runs: JSON Lines and Parquet.

A batch run turns each page into *records*, plain JSON-ready dicts, in this order:

* ``page`` (only when page records are asked for): the page's own captions, duplicates,
  removed text and repair log, written *before* its articles;
* ``article``: one per article, in page order;
* ``error``: instead of all of the above, when the page could not be parsed.

Every record starts with ``type`` and ``source`` (the page's path as given, ``<stdin>``
for standard input); article and page records carry ``articles_on_page``, article records
their 0-based ``index`` on the page. See ``docs/cli.md`` for the full format.

Writers take whole pages (:class:`PageOutcome`), so a page's records are always written
together; :func:`scan_done` reads an existing output back for ``--resume``.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

import attrs

from .errors import OutputFormatError, ZjnewsError
from .model import Article, Page

__all__ = [
    "FORMATS",
    "STDIN_SOURCE",
    "Done",
    "JsonlWriter",
    "PageOutcome",
    "ParquetWriter",
    "Writer",
    "article_record",
    "error_record",
    "outcome_for_error",
    "outcome_for_page",
    "page_from_records",
    "page_record",
    "parquet_schema",
    "read_records",
    "scan_done",
]

FORMATS = ("jsonl", "parquet")
"""The output formats: JSON Lines and Parquet."""

STDIN_SOURCE = "<stdin>"
"""The ``source`` written for standard input when it cannot be read; a page read from it has
the source ``<stdin:HASH>`` (the first 16 hex digits of the SHA-256 of its bytes)."""


# --------------------------------------------------------------------------- records


def article_record(source: str, index: int, count: int, article: Article) -> dict[str, Any]:
    """The record of the ``index``-th of the ``count`` articles of the page read from ``source``."""
    record: dict[str, Any] = {
        "type": "article",
        "source": source,
        "index": index,
        "articles_on_page": count,
    }
    record.update(article.to_dict())
    return record


def page_record(source: str, page: Page) -> dict[str, Any]:
    """The record of what ``page`` holds besides its articles (captions, duplicates, removed, repairs, decisions)."""
    data = page.to_dict()
    return {
        "type": "page",
        "source": source,
        "articles_on_page": len(page),
        "captions": data["captions"],
        "duplicates": data["duplicates"],
        "removed": data["removed"],
        "repairs": data["repairs"],
        "decisions": data["decisions"],
    }


def error_record(source: str, exc: BaseException) -> dict[str, Any]:
    """The record of a page that failed with ``exc``.

    ``internal`` is false for the :class:`~zjnews.ZjnewsError` family (bad input, the
    expected kind of failure) and true for anything else (a bug in zjnews: please report it).
    """
    internal = not isinstance(exc, ZjnewsError)
    name = type(exc).__name__ if not internal else f"{type(exc).__module__}.{type(exc).__qualname__}"
    return {
        "type": "error",
        "source": source,
        "error": name,
        "message": _writable(str(exc)),
        "internal": internal,
    }


def _writable(text: str) -> str:
    """``text`` with lone surrogates (the bytes of a file name that is not UTF-8) as ``\\xNN``
    escapes, so that it can be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


@attrs.frozen
class PageOutcome:
    """What one page became: its records, and the counts the summary needs.

    ``text`` holds the records already encoded as JSON Lines when the worker was asked to
    encode them (so that the writing process only copies bytes).
    """

    source: str
    records: tuple[dict[str, Any], ...]
    articles: int = 0
    failed: bool = False
    internal: bool = False
    text: str | None = None


def _encode(records: Sequence[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def outcome_for_page(
    source: str, page: Page, *, page_records: bool = False, encode: bool = False
) -> PageOutcome:
    """The outcome of a parsed page: an optional page record, then one record per article."""
    count = len(page)
    records: list[dict[str, Any]] = [page_record(source, page)] if page_records else []
    records.extend(article_record(source, i, count, a) for i, a in enumerate(page))
    return PageOutcome(
        source=source,
        records=tuple(records),
        articles=count,
        text=_encode(records) if encode else None,
    )


def outcome_for_error(source: str, exc: BaseException, *, encode: bool = False) -> PageOutcome:
    """The outcome of a page that raised ``exc``: one error record."""
    record = error_record(source, exc)
    return PageOutcome(
        source=source,
        records=(record,),
        failed=True,
        internal=bool(record["internal"]),
        text=_encode([record]) if encode else None,
    )


def page_from_records(records: Sequence[Mapping[str, Any]]) -> Page:
    """Rebuild a :class:`~zjnews.Page` from one page's ``page`` and ``article`` records."""
    articles = sorted((r for r in records if r.get("type") == "article"), key=lambda r: int(r["index"]))
    head: Mapping[str, Any] = next((r for r in records if r.get("type") == "page"), {})
    source = next((r.get("source") for r in records), None)
    return Page.from_dict(
        {
            "source": source,
            "articles": articles,
            "captions": head.get("captions") or (),
            "duplicates": head.get("duplicates") or (),
            "removed": head.get("removed") or (),
            "repairs": head.get("repairs") or (),
            "decisions": head.get("decisions") or (),
        }
    )


# --------------------------------------------------------------------------- writers


class Writer(Protocol):
    """An output sink that takes whole pages."""

    def write(self, outcome: PageOutcome) -> None:
        """Write every record of one page."""

    def close(self) -> None:
        """Flush and finish the output (for Parquet: write the footer)."""


class JsonlWriter:
    """Writes records as JSON Lines (UTF-8, one JSON object a line), one page at a time.

    Each page goes out in a single ``write`` followed by a flush, so an interrupted run
    leaves at most the last page incomplete, which :func:`scan_done` detects and drops.
    """

    def __init__(self, stream: IO[str], *, close_stream: bool = True) -> None:
        self._stream = stream
        self._close_stream = close_stream
        self._wrapper: io.TextIOWrapper | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, append: bool = False) -> JsonlWriter:
        """A writer to the file at ``path`` (``-`` for standard output), appending when asked."""
        if str(path) == "-":
            import sys

            sys.stdout.flush()
            stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
            writer = cls(stdout, close_stream=False)
            writer._wrapper = stdout
            return writer
        stream = open(path, "a" if append else "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        return cls(stream)

    def write(self, outcome: PageOutcome) -> None:
        """Write one page's records."""
        text = outcome.text if outcome.text is not None else _encode(outcome.records)
        if text:
            self._stream.write(text)
            self._stream.flush()

    def close(self) -> None:
        """Flush, and close the file unless it is standard output."""
        self._stream.flush()
        if self._close_stream:
            self._stream.close()
        elif self._wrapper is not None:
            self._wrapper.detach()  # leave standard output open


def parquet_schema() -> Any:
    """The Arrow schema of every record type (columns a record type lacks are null)."""
    import pyarrow as pa

    text = pa.string()
    return pa.schema(
        [
            ("type", text),
            ("source", text),
            ("index", pa.int32()),
            ("articles_on_page", pa.int32()),
            ("column", text),
            ("kicker", text),
            ("title", text),
            ("subtitle", text),
            ("byline", text),
            ("authors", pa.list_(text)),
            ("paragraphs", pa.list_(text)),
            ("captions", pa.list_(pa.struct([("text", text), ("credit", text)]))),
            ("uncertain", pa.bool_()),
            ("uncertain_reason", text),
            ("paragraph_lines", pa.list_(pa.list_(pa.int32()))),
            ("duplicates", pa.list_(pa.struct([("text", text), ("line", pa.int32()), ("reason", text)]))),
            ("removed", pa.list_(pa.struct([("text", text), ("reason", text), ("line", pa.int32())]))),
            (
                "repairs",
                pa.list_(
                    pa.struct([("pass", text), ("position", pa.int64()), ("before", text), ("after", text)])
                ),
            ),
            (
                "decisions",
                pa.list_(
                    pa.struct(
                        [
                            ("kind", text),
                            ("outcome", text),
                            ("lines", pa.list_(pa.int32())),
                            ("score", pa.float64()),
                            ("evidence", pa.list_(pa.struct([("signal", text), ("value", pa.float64())]))),
                            ("text", text),
                        ]
                    )
                ),
            ),
            ("error", text),
            ("message", text),
            ("internal", pa.bool_()),
        ]
    )


def _require_pyarrow() -> None:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ZjnewsError("Parquet output needs pyarrow: pip install 'zjnews[parquet]'") from exc


class ParquetWriter:
    """Writes records to one Parquet file, a row group every ``batch_rows`` rows (bounded memory).

    With ``keep``, the rows of an existing Parquet file are copied first (``--resume``);
    the new file is written beside the target and renamed over it on :meth:`close`, so an
    existing output is never lost to an interrupted run.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        keep: str | os.PathLike[str] | None = None,
        batch_rows: int = 2000,
    ) -> None:
        _require_pyarrow()
        import pyarrow.parquet as pq

        self._path = Path(path)
        self._schema = parquet_schema()
        self._batch_rows = batch_rows
        self._rows: list[dict[str, Any]] = []
        # a new file is written beside the target and moved into place; a target that is no
        # regular file (a device, a FIFO) is written in place, never replaced
        in_place = self._path.exists() and not self._path.is_file()
        self._partial = self._path if in_place else self._path.with_name(self._path.name + ".partial")
        self._writer = pq.ParquetWriter(str(self._partial), self._schema, compression="zstd")
        if keep is not None and Path(keep).exists():
            for batch in pq.ParquetFile(str(keep)).iter_batches(batch_size=batch_rows):
                self._writer.write_batch(batch.cast(self._schema))

    def write(self, outcome: PageOutcome) -> None:
        """Buffer one page's records; a row group is written when the buffer is full."""
        self._rows.extend(outcome.records)
        if len(self._rows) >= self._batch_rows:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            import pyarrow as pa

            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        """Write what is buffered and the footer, then move the file into place."""
        self._flush()
        self._writer.close()
        if self._partial != self._path:
            os.replace(self._partial, self._path)


# --------------------------------------------------------------------------- reading back

# The head of a record as JsonlWriter writes it: cheap to match without decoding the whole line.
_HEAD = re.compile(
    r'^\{"type": "(?P<type>\w+)", "source": (?P<source>"(?:[^"\\]|\\.)*")'
    r'(?:, "index": (?P<index>\d+))?(?:, "articles_on_page": (?P<count>\d+))?'
)


def _head(line: str) -> tuple[str, str, int | None, int | None] | None:
    match = _HEAD.match(line)
    if match is not None:
        index, count = match.group("index"), match.group("count")
        return (
            match.group("type"),
            json.loads(match.group("source")),
            None if index is None else int(index),
            None if count is None else int(count),
        )
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict) or "source" not in record:
        return None
    return (
        str(record.get("type")),
        str(record["source"]),
        record.get("index"),
        record.get("articles_on_page"),
    )


class _Block:
    """The records of one page while scanning an output."""

    def __init__(self, source: str, offset: int) -> None:
        self.source = source
        self.offset = offset
        self.count: int | None = None
        self.indices: set[int] = set()
        self.error = False

    def add(self, kind: str, index: int | None, count: int | None) -> None:
        if kind == "error":
            self.error = True
        if count is not None:
            self.count = count
        if kind == "article" and index is not None:
            self.indices.add(index)

    @property
    def complete(self) -> bool:
        if self.error:
            return True
        return self.count is not None and self.indices == set(range(self.count))


@attrs.frozen
class Done:
    """The pages an existing output already holds: every complete page, and those of them that failed."""

    sources: frozenset[str] = frozenset()
    failed: frozenset[str] = frozenset()

    def __contains__(self, source: object) -> bool:
        return source in self.sources


def scan_done(path: str | os.PathLike[str], fmt: str = "jsonl", *, repair: bool = True) -> Done:
    """The sources whose pages are complete in the output at ``path`` (for ``--resume``).

    A page is complete when it has an error record, or all of its ``articles_on_page``
    article records (a page record alone completes a page without articles). For JSON
    Lines, an incomplete last page (a run killed while writing it) is cut off the file
    when ``repair`` is true, so that the rerun writes it whole. A missing file holds nothing.
    """
    file = Path(path)
    if not file.exists():
        return Done()
    if fmt == "parquet":
        return _scan_parquet(file)
    done: set[str] = set()
    failed: set[str] = set()
    block: _Block | None = None
    offset = 0
    cut: int | None = None  # where to truncate the file, if its tail is incomplete
    with open(file, "rb") as stream:
        for raw in stream:
            start, offset = offset, offset + len(raw)
            if not raw.endswith(b"\n"):
                cut = start  # a partial last line, from a run killed while writing
                break
            head = _head(raw.decode("utf-8", errors="replace"))
            if head is None:
                continue
            kind, source, index, count = head
            if block is None or block.source != source:
                if block is not None:
                    done.add(block.source)  # pages are written whole: only the last can be incomplete
                block = _Block(source, start)
            block.add(kind, index, count)
            if kind == "error":
                failed.add(source)
    if block is not None:
        if block.complete:
            done.add(block.source)
        else:
            cut = block.offset
    if cut is not None and repair:
        with open(file, "r+b") as stream:
            stream.truncate(cut)
    return Done(frozenset(done), frozenset(failed))


def _scan_parquet(file: Path) -> Done:
    _require_pyarrow()
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(str(file))
    except Exception as exc:  # pyarrow raises ArrowInvalid and OSError subclasses
        raise ZjnewsError(f"cannot resume: {file} is not a readable Parquet file ({exc})") from exc
    blocks: dict[str, _Block] = {}
    for batch in reader.iter_batches(columns=["type", "source", "index", "articles_on_page"]):
        for row in batch.to_pylist():
            block = blocks.setdefault(row["source"], _Block(row["source"], 0))
            block.add(row["type"], row["index"], row["articles_on_page"])
    complete = [block for block in blocks.values() if block.complete]
    return Done(frozenset(b.source for b in complete), frozenset(b.source for b in complete if b.error))


def read_records(path: str | os.PathLike[str], fmt: str | None = None) -> Iterator[dict[str, Any]]:
    """Iterate over the records of a JSON Lines or Parquet output (format guessed from the suffix).

    Raises :class:`~zjnews.errors.OutputFormatError` at a line that is not a JSON object (a torn
    tail left by an interrupted run, a file that is no output of zjnews).

    Parquet rows come back with every column; the columns a record type does not use are ``None``.
    """
    file = Path(path)
    fmt = fmt or ("parquet" if file.suffix in (".parquet", ".pq") or file.is_dir() else "jsonl")
    if fmt == "parquet":
        _require_pyarrow()
        import pyarrow.parquet as pq

        files = sorted(file.glob("*.parquet")) if file.is_dir() else [file]
        for part in files:
            for batch in pq.ParquetFile(str(part)).iter_batches():
                yield from batch.to_pylist()
        return
    with open(file, "rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
                torn = "" if raw.endswith(b"\n") else " (a torn last line: zjnews parse --resume repairs it)"
                raise OutputFormatError(f"line {number} of {file} is not a JSON record{torn}: {exc}") from exc
            if not isinstance(record, dict):
                raise OutputFormatError(f"line {number} of {file} is not a JSON object")
            yield record
