"""Output records and writers for batch runs: JSON Lines and Parquet.

A batch run turns each page into *records*, plain JSON-ready dicts, in this order:

* ``page`` (only when page records are asked for): the page's own captions, duplicates,
  removed text and repair log, written *before* its articles;
* ``article``: one per article, in page order;
* ``error``: instead of all of the above, when the page could not be parsed.

Every record starts with ``type`` and ``source`` (the page's path as given, ``<stdin>``
for standard input); article and page records carry ``articles_on_page``, article records
their 0-based ``index`` on the page, a stable ``id`` (``source#index``) and the article as
one ``text`` (title and paragraphs). See ``docs/cli.md`` for the full format.

Provenance: a JSON Lines output starts with a ``run`` record (:func:`run_header`: the zjnews
version and the options), a Parquet output carries the same in its key-value metadata under
``zjnews``; :func:`read_provenance` reads either back, and ``--resume`` refuses an output whose
provenance differs from the run's.

Writers take whole pages (:class:`PageOutcome`), so a page's records are always written
together; :func:`scan_done` reads an existing output back for ``--resume``.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

import attrs

from .compression import COMPRESSIONS, compression_of_name, open_read, open_write_text, strip_compression
from .errors import OutputFormatError, ZjnewsError
from .model import Article, Page
from .options import Options

__all__ = [
    "FORMATS",
    "PROVENANCE_KEY",
    "STDIN_SOURCE",
    "Done",
    "JsonlWriter",
    "OutputExistsError",
    "OutputNameError",
    "PageOutcome",
    "ParquetWriter",
    "ProvenanceError",
    "Writer",
    "article_id",
    "article_record",
    "article_text",
    "check_provenance",
    "error_record",
    "outcome_for_error",
    "outcome_for_page",
    "output_format",
    "page_from_records",
    "page_record",
    "parquet_schema",
    "read_provenance",
    "read_records",
    "run_header",
    "scan_done",
]

FORMATS = ("jsonl", "parquet")
"""The output formats: JSON Lines and Parquet."""

STDIN_SOURCE = "<stdin>"
"""The ``source`` written for standard input when it cannot be read; a page read from it has
the source ``<stdin:HASH>`` (the first 16 hex digits of the SHA-256 of its bytes)."""

PROVENANCE_KEY = b"zjnews"
"""The key of the Parquet key-value metadata that holds the run header (JSON)."""

RECORDS_VERSION = 2
"""The version of the record layout (bumped when fields change meaning); part of the provenance."""


class OutputNameError(ZjnewsError, ValueError):
    """The output's name asks for a format or compression zjnews does not write."""


class OutputExistsError(ZjnewsError, FileExistsError):
    """The output already holds data, and overwriting it was not asked for."""


class ProvenanceError(ZjnewsError):
    """An existing output was written by another zjnews version or with other options."""


# --------------------------------------------------------------------------- output names

_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_PARQUET_SUFFIXES = (".parquet", ".pq")


def _special(path: str) -> bool:
    """Whether ``path`` is an existing file that is not a regular file (``/dev/null``, a named pipe)."""
    return compression_of_name(path) is None and os.path.exists(path) and not os.path.isfile(path)


def output_format(path: str, fmt: str | None = None) -> tuple[str, str | None]:
    """The format (``jsonl`` or ``parquet``) and compression (``gzip``, ``zstd``… or ``None``) of ``path``.

    The name decides: ``.jsonl``/``.ndjson`` (plain, or compressed with ``.gz``, ``.bz2``, ``.xz``,
    ``.zst``), ``.parquet``/``.pq``; ``-`` (standard output), a name without a suffix and an
    existing non-regular file (``/dev/null``, a pipe) are plain JSON Lines. Any other name (``.csv``,
    ``.json``, ``.zip``…) raises :class:`OutputNameError` unless ``fmt`` is given, and a
    compression suffix is always honoured (never plain text under a ``.gz`` name).
    """
    compression = compression_of_name(path)
    base = strip_compression(path).lower()
    suffix = os.path.splitext(os.path.basename(base))[1]
    if fmt is None:
        if base.endswith(_PARQUET_SUFFIXES):
            fmt = "parquet"
        elif base.endswith(_JSONL_SUFFIXES) or path == "-" or (not suffix and compression is None) or _special(path):
            fmt = "jsonl"
        else:
            known = ", ".join((*_JSONL_SUFFIXES, *(f".jsonl{c}" for c in COMPRESSIONS), *_PARQUET_SUFFIXES))
            raise OutputNameError(
                f"cannot tell the output format from the name {path!r}: zjnews writes JSON Lines or "
                f"Parquet ({known}); give --format to use this name anyway"
            )
    if fmt not in FORMATS:
        raise OutputNameError(f"unknown output format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "parquet" and compression is not None:
        raise OutputNameError(f"{path!r}: Parquet is compressed inside the file; drop the {compression} suffix")
    if path.lower().endswith((".zip", ".7z", ".rar", ".lz4", ".br", ".tar", ".tgz")):
        raise OutputNameError(f"{path!r}: that kind of archive is not written; use .gz, .bz2, .xz or .zst")
    return fmt, compression


# --------------------------------------------------------------------------- provenance


def run_header(options: Options | None = None, *, page_records: bool = False) -> dict[str, Any]:
    """The provenance of a run: the ``run`` record that starts a JSON Lines output.

    It holds the zjnews version, the record layout version, every :class:`~zjnews.Options`
    field and whether page records were written. No time stamp: two runs of the same inputs
    with the same options write identical files.
    """
    from . import __version__

    return {
        "type": "run",
        "zjnews": __version__,
        "records": RECORDS_VERSION,
        "options": (options or Options()).to_dict(),
        "page_records": page_records,
    }


def read_provenance(path: str | os.PathLike[str], fmt: str | None = None) -> dict[str, Any] | None:
    """The run header of an existing output (``None`` when it has none: empty, or written before zjnews 0.2)."""
    file = Path(path)
    fmt = fmt or ("parquet" if file.suffix in _PARQUET_SUFFIXES else "jsonl")
    if fmt == "parquet":
        _require_pyarrow()
        import pyarrow.parquet as pq

        try:
            metadata = pq.read_schema(str(file)).metadata or {}
        except Exception as exc:  # pyarrow raises ArrowInvalid and OSError subclasses
            raise ZjnewsError(f"{file} is not a readable Parquet file ({exc})") from exc
        raw = metadata.get(PROVENANCE_KEY)
        return None if raw is None else dict(json.loads(raw))
    with open_read(file) as stream:
        first = stream.readline()
    try:
        record = json.loads(first)
    except ValueError:
        return None
    return record if isinstance(record, dict) and record.get("type") == "run" else None


def check_provenance(path: str | os.PathLike[str], fmt: str, expected: Mapping[str, Any]) -> None:
    """Raise :class:`ProvenanceError` unless the output at ``path`` was written with the ``expected`` header.

    A missing or empty file passes (nothing to disagree with).
    """
    file = Path(path)
    if not file.exists() or (file.is_file() and file.stat().st_size == 0):
        return
    found = read_provenance(file, fmt)
    if found is None and fmt == "jsonl":
        with open_read(file) as stream:
            if b"\n" not in stream.read(1 << 16):
                return  # not even one whole line: a run killed while starting; resumed as a new file
    if found is None:
        raise ProvenanceError(
            f"cannot resume: {file} has no zjnews run header (written by a zjnews before 0.2, or not by zjnews)"
        )
    differences = [
        f"{key} {found.get(key)!r} (this run: {expected.get(key)!r})"
        for key in ("zjnews", "records", "page_records")
        if found.get(key) != expected.get(key)
    ]
    theirs, ours = found.get("options") or {}, expected.get("options") or {}
    differences += [
        f"option {name}={theirs.get(name)!r} (this run: {ours.get(name)!r})"
        for name in sorted(set(theirs) | set(ours))
        if theirs.get(name) != ours.get(name)
    ]
    if differences:
        raise ProvenanceError(f"cannot resume: {file} was written with " + "; ".join(differences))


# --------------------------------------------------------------------------- records


def article_id(source: str, index: int) -> str:
    """The stable id of the ``index``-th article of the page read from ``source``: ``source#index``."""
    return f"{source}#{index}"


def article_text(article: Article) -> str:
    """The article as one document text: the title, then the paragraphs, one a line."""
    return "\n".join(part for part in (article.title, *article.paragraphs) if part)


def article_record(source: str, index: int, count: int, article: Article) -> dict[str, Any]:
    """The record of the ``index``-th of the ``count`` articles of the page read from ``source``.

    Besides the fields of :meth:`~zjnews.Article.to_dict` it has ``id`` (:func:`article_id`) and
    ``text`` (:func:`article_text`), so that it can go into text pipelines as a document.
    """
    record: dict[str, Any] = {
        "type": "article",
        "source": source,
        "index": index,
        "articles_on_page": count,
        "id": article_id(source, index),
    }
    record.update(article.to_dict())
    record["text"] = article_text(article)
    return record


def page_record(source: str, page: Page) -> dict[str, Any]:
    """The record of what ``page`` holds besides its articles (captions, duplicates, removed, repairs)."""
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
    repairs: tuple[tuple[str, int], ...] = ()
    """Repairs made on the page, per pass (for ``--report``)."""
    lengths: tuple[int, ...] = ()
    """The length of each article's body in characters (for ``--report``)."""
    uncertain: tuple[str, ...] = ()
    """The reasons of the page's uncertain articles (for ``--report``)."""


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
        repairs=tuple(sorted(Counter(r.pass_name for r in page.repairs).items())),
        lengths=tuple(sum(len(p) for p in a.paragraphs) for a in page),
        uncertain=tuple(a.uncertain_reason or "uncertain" for a in page if a.uncertain),
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

    def __init__(self, stream: IO[str], *, close_stream: bool = True, flush_pages: bool = True) -> None:
        self._stream = stream
        self._close_stream = close_stream
        self._flush_pages = flush_pages
        self._wrapper: io.TextIOWrapper | None = None

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        append: bool = False,
        header: Mapping[str, Any] | None = None,
        compression: str | None = None,
    ) -> JsonlWriter:
        """A writer to the file at ``path`` (``-`` for standard output), appending when asked.

        ``header`` (a :func:`run_header`) is written first, unless appending to a file that
        already holds data; ``compression`` (``gzip``, ``bz2``, ``xz``, ``zstd``) compresses
        the file (not with ``append``). A compressed file is flushed at the end only.
        """
        writer: JsonlWriter
        if str(path) == "-":
            import sys

            sys.stdout.flush()
            stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
            writer = cls(stdout, close_stream=False)
            writer._wrapper = stdout
        elif compression is not None:
            if append:
                raise OutputNameError("a compressed output cannot be appended to (resume)")
            writer = cls(open_write_text(path, compression), flush_pages=False)
        else:
            fresh = not append or not os.path.exists(path) or os.path.getsize(path) == 0
            writer = cls(open(path, "a" if append else "w", encoding="utf-8", newline="\n"))  # noqa: SIM115
            if not fresh:
                header = None
        if header is not None:
            writer._stream.write(_encode([header]))
        return writer

    def write(self, outcome: PageOutcome) -> None:
        """Write one page's records."""
        text = outcome.text if outcome.text is not None else _encode(outcome.records)
        if text:
            self._stream.write(text)
            if self._flush_pages:
                self._stream.flush()

    def close(self) -> None:
        """Flush, and close the file unless it is standard output."""
        self._stream.flush()
        if self._close_stream:
            self._stream.close()
        elif self._wrapper is not None:
            self._wrapper.detach()  # leave standard output open


def parquet_schema(header: Mapping[str, Any] | None = None) -> Any:
    """The Arrow schema of every record type (columns a record type lacks are null).

    With ``header`` (a :func:`run_header`), the schema carries it as JSON in its key-value
    metadata under :data:`PROVENANCE_KEY`.
    """
    import pyarrow as pa

    text = pa.string()
    return pa.schema(
        [
            ("type", text),
            ("source", text),
            ("index", pa.int32()),
            ("articles_on_page", pa.int32()),
            ("id", text),
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
            ("text", text),
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
        ],
        metadata=None if header is None else {PROVENANCE_KEY: json.dumps(header, ensure_ascii=False).encode()},
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
        header: Mapping[str, Any] | None = None,
    ) -> None:
        _require_pyarrow()
        import pyarrow.parquet as pq

        self._path = Path(path)
        self._schema = parquet_schema(header)
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

    Compressed JSON Lines (``.gz``, ``.bz2``, ``.xz``, ``.zst``) are read as they are; the ``run``
    header is not yielded (:func:`read_provenance` reads it). Raises
    :class:`~zjnews.errors.OutputFormatError` at a line that is not a JSON object (a torn tail
    left by an interrupted run, a file that is no output of zjnews).

    Parquet rows come back with every column; the columns a record type does not use are ``None``.
    """
    file = Path(path)
    fmt = fmt or ("parquet" if file.suffix in _PARQUET_SUFFIXES or file.is_dir() else "jsonl")
    if fmt == "parquet":
        _require_pyarrow()
        import pyarrow.parquet as pq

        files = sorted(file.glob("*.parquet")) if file.is_dir() else [file]
        for part in files:
            for batch in pq.ParquetFile(str(part)).iter_batches():
                yield from batch.to_pylist()
        return
    with open_read(file) as stream:
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
            if record.get("type") != "run":  # the run header: read_provenance()
                yield record
