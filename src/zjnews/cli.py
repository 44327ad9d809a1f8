"""The ``zjnews`` command: ``parse`` page dumps in batches, ``show`` one page as HTML, ``repair``
characters, ``evaluate`` against gold.

``zjnews parse`` streams: paths are discovered lazily, pages are parsed in worker processes
in bounded chunks, and each page's records are written as soon as every page before it has
been written, so the output order is the input order whatever ``--jobs`` is, and memory
stays bounded for any number of pages. See ``docs/cli.md``.
"""

from __future__ import annotations

import enum
import fnmatch
import functools
import hashlib
import itertools
import json
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click

from . import __version__, parse_bytes, parse_file, parse_text
from .compression import compression_of_name
from .errors import UnreadableInputError, ZjnewsError
from .options import Options
from .output import (
    FORMATS,
    STDIN_SOURCE,
    Done,
    JsonlWriter,
    PageOutcome,
    ParquetWriter,
    Writer,
    check_provenance,
    outcome_for_error,
    outcome_for_page,
    output_format,
    run_header,
    scan_done,
)
from .sources import count_table_rows, is_table, iter_table, read_page_bytes

__all__ = [
    "DEFAULT_GLOBS",
    "ExitCode",
    "Task",
    "WorkerCrashedError",
    "count_tasks",
    "iter_tasks",
    "main",
    "ordered_map",
    "parse_task",
    "parse_tasks",
    "source_name",
    "stdin_source",
]

T = TypeVar("T")
R = TypeVar("R")

_SWITCHES = tuple(f.name for f in attrs.fields(Options) if f.type in (bool, "bool"))
"""The names of the boolean fields of :class:`Options` (the passes ``--disable`` can switch off)."""

_REPAIR_SWITCHES = Options.repair_switches()
"""The switches of the character repair passes (what ``zjnews repair --disable`` can switch off)."""

DEFAULT_GLOBS = ("*.txt", "*.txt.gz", "*.txt.zst")
"""The file-name patterns a directory is searched for by default: page dumps, plain or compressed."""

logger = logging.getLogger("zjnews")


class ExitCode(enum.IntEnum):
    """The exit status of ``zjnews parse`` (documented in ``docs/cli.md``); when several apply, the
    highest in this list wins: ``CRASH``, ``CANNOT_WRITE``, ``INTERNAL_ERRORS``, ``PAGES_FAILED``."""

    OK = 0
    """Every page was parsed."""
    PAGES_FAILED = 1
    """At least one page could not be parsed (its error record is in the output)."""
    USAGE = 2
    """The command line is wrong (click's usage errors)."""
    CANNOT_WRITE = 3
    """The output cannot be written or read back for ``--resume``: the run was aborted."""
    INTERNAL_ERRORS = 4
    """At least one page hit a bug in zjnews or killed its worker (an error record with
    ``internal: true``); the run went on."""
    CRASH = 5
    """zjnews itself failed (a bug outside any page): the run was aborted."""
    INTERRUPTED = 130
    """Interrupted (Ctrl-C, SIGINT); the output is closed and can be resumed."""
    BROKEN_PIPE = 141
    """The reader of standard output went away (``| head``)."""


class WorkerCrashedError(RuntimeError):
    """A worker process died (killed by a signal, out of memory…) while parsing a page."""


@attrs.frozen
class Task:
    """One page to parse: read from ``path``, or given as ``data`` (standard input) or ``text`` (a table's cell).

    ``error``, when set, is why the page cannot be had at all (standard input closed, a table row
    without its text): it fails as a page with that message.
    """

    source: str
    path: str | None = None
    data: bytes | None = None
    text: str | None = None
    error: str | None = None


def source_name(path: str) -> str:
    """The ``source`` written for ``path``: the path itself, with the bytes of a file name that
    is not valid UTF-8 written as ``\\xNN`` escapes (so that every record can be written)."""
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeError:  # a lone surrogate that is no escaped byte
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def stdin_source(data: bytes) -> str:
    """The ``source`` of a page read from standard input: ``<stdin:HASH>``, the first 16 hex
    digits of its SHA-256, so that ``--resume`` tells different contents apart."""
    return f"{STDIN_SOURCE[:-1]}:{hashlib.sha256(data).hexdigest()[:16]}>"


def _read_stdin() -> Task:
    stream = sys.stdin.buffer if sys.stdin is not None else None
    try:
        if stream is None:
            raise OSError("it is closed")
        data = stream.read()
    except (OSError, ValueError) as exc:
        return Task(source=STDIN_SOURCE, error=f"standard input cannot be read: {exc}")
    return Task(source=stdin_source(data), data=data)


# --------------------------------------------------------------------------- discovering pages


def _walk(root: Path, globs: Sequence[str]) -> Iterator[Path]:
    """The files under ``root`` whose name matches one of ``globs``, in sorted (deterministic) order."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in globs):
                yield Path(dirpath) / name


def _file_tasks(path: str, text_column: str | None, id_column: str | None) -> Iterator[Task]:
    """The page in the file at ``path``, or with ``text_column`` and a table's name, the pages of its rows."""
    if text_column is None or not is_table(path) or not os.path.isfile(path):
        yield Task(source=source_name(path), path=path)
        return
    try:
        for source, cell in iter_table(path, text_column, id_column):
            if isinstance(cell, ZjnewsError):
                yield Task(source=source_name(source), error=str(cell))
            elif isinstance(cell, bytes):
                yield Task(source=source_name(source), data=cell)
            else:
                yield Task(source=source_name(source), text=cell)
    except ZjnewsError as exc:  # the table as a whole cannot be read: it fails as one page
        yield Task(source=source_name(path), error=str(exc))


def iter_tasks(
    paths: Iterable[str],
    *,
    globs: Sequence[str] = DEFAULT_GLOBS,
    stdin: Callable[[], bytes] | None = None,
    exclude: Iterable[str] = (),
    text_column: str | None = None,
    id_column: str | None = None,
    on_empty: Callable[[str, str], None] | None = None,
) -> Iterator[Task]:
    """The pages named by ``paths``, lazily, in order.

    A directory stands for the files under it (recursively) whose name matches one of
    ``globs``; a file is taken whatever its name; ``-`` is standard input (read with
    ``stdin``); a path that does not exist is still yielded, so that it fails as a page.
    Files found in directories that are one of ``exclude`` (the run's own output) are left out;
    such a file named itself fails as a page.
    With ``text_column``, a ``.jsonl``/``.parquet`` file (compressed or not) is a table of
    pages, one a row (see :mod:`zjnews.sources`). A directory in which nothing matches is
    reported to ``on_empty(path, reason)``.
    """
    excluded = {os.path.realpath(path) for path in exclude}
    for arg in paths:
        if arg == "-":
            if stdin is not None:
                data = stdin()
                yield Task(source=stdin_source(data), data=data)
            else:
                yield _read_stdin()
        elif os.path.isdir(arg):
            found = False
            for file in _walk(Path(arg), globs):
                if excluded and os.path.realpath(file) in excluded:
                    continue
                found = True
                yield from _file_tasks(str(file), text_column, id_column)
            if not found and on_empty is not None:
                on_empty(arg, f"no file under it matches {' or '.join(globs)}")
        elif excluded and os.path.realpath(arg) in excluded:
            yield Task(source=source_name(arg), error=f"{source_name(arg)} is this run's own output")
        else:
            yield from _file_tasks(arg, text_column, id_column)


def count_tasks(
    paths: Iterable[str],
    *,
    globs: Sequence[str] = DEFAULT_GLOBS,
    text_column: str | None = None,
    exclude: Iterable[str] = (),
) -> int:
    """How many pages :func:`iter_tasks` will yield for ``paths`` (a first walk, for the progress bar's total)."""
    excluded = {os.path.realpath(path) for path in exclude}

    def pages_in(path: str) -> int:
        if text_column is not None and is_table(path) and os.path.isfile(path):
            try:
                return count_table_rows(path)
            except (ZjnewsError, OSError, ValueError):
                return 1
        return 1

    total = 0
    for arg in paths:
        if arg != "-" and os.path.isdir(arg):
            files = (f for f in _walk(Path(arg), globs) if not excluded or os.path.realpath(f) not in excluded)
            total += sum(pages_in(str(file)) for file in files)
        else:
            total += 1 if arg == "-" else pages_in(arg)
    return total


# --------------------------------------------------------------------------- parsing pages


def parse_task(
    task: Task, *, options: Options | None = None, page_records: bool = False, encode: bool = False
) -> PageOutcome:
    """Parse one page into its records; any exception becomes an error record, never a raise."""
    try:
        if task.error is not None:
            raise UnreadableInputError(task.error)
        if task.text is not None:
            page = parse_text(task.text, options=options, source=task.source)
        elif task.data is not None:
            page = parse_bytes(task.data, options=options, source=task.source)
        elif task.path is not None and compression_of_name(task.path) is not None:
            limit = options.max_input_bytes if options is not None else None
            page = parse_bytes(read_page_bytes(task.path, max_bytes=limit), options=options, source=task.source)
        else:
            page = parse_file(task.path or task.source, options=options)
    except Exception as exc:  # a bad page never stops the batch; non-ZjnewsError is flagged internal
        return outcome_for_error(task.source, exc, encode=encode)
    return outcome_for_page(task.source, page, page_records=page_records, encode=encode)


def parse_tasks(
    tasks: Sequence[Task], *, options: Options | None = None, page_records: bool = False, encode: bool = False
) -> list[PageOutcome]:
    """Parse a chunk of pages (the unit of work sent to a worker process)."""
    return [parse_task(t, options=options, page_records=page_records, encode=encode) for t in tasks]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def usable_cpus(cpu_max: str = "/sys/fs/cgroup/cpu.max") -> int:
    """The CPUs this process may use: its affinity mask (``taskset``, a container's cpuset), lowered
    to the cgroup's CPU quota where one is set (``cpu.max``), not all the machine's CPUs."""
    try:
        cpus = len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # no affinity on macOS and Windows
        cpus = os.cpu_count() or 1
    try:
        with open(cpu_max, encoding="ascii") as file:
            quota, period = file.read().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return cpus


def _context() -> Any:
    """``fork`` where it exists (workers start at once, with zjnews already imported), else the default."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else None)


class _Pool:
    """A process pool that is replaced when one of its workers dies."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=_context(), initializer=_watch_parent, initargs=(os.getpid(),)
        )

    def renew(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._new()

    def submit(self, function: Callable[[list[T]], list[R]], chunk: list[T]) -> Future[list[R]]:
        """``executor.submit``; a pool broken by a worker that died meanwhile gives a failed future
        (handled where results are taken) instead of raising here."""
        try:
            return self.executor.submit(function, chunk)
        except BrokenProcessPool as exc:
            failed: Future[list[R]] = Future()
            failed.set_exception(exc)
            return failed

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


_PARENT_POLL = 0.5
"""Seconds between a worker's checks that the process that started it is still alive."""


def _watch_parent(parent: int) -> None:
    """In a worker process: end it as soon as ``parent`` is gone (killed with SIGKILL, which
    leaves no chance to stop the pool), instead of waiting for work forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="zjnews-parent-watch", daemon=True).start()


def ordered_map(
    function: Callable[[list[T]], list[R]],
    chunks: Iterable[list[T]],
    *,
    jobs: int = 1,
    window: int | None = None,
    on_crash: Callable[[T, BaseException], R] | None = None,
) -> Iterator[list[R]]:
    """``map(function, chunks)`` over ``jobs`` processes, in order, at most ``window`` chunks in flight.

    Results are yielded in the order of ``chunks`` as soon as they and all before them are
    done; ``chunks`` is consumed only as fast as results are taken, so memory stays bounded.
    ``function`` must be picklable. When a worker process dies, the pool is replaced and
    the chunk is retried item by item; an item that kills its worker again becomes
    ``on_crash(item, error)`` (without ``on_crash`` the error is raised).
    """
    if jobs <= 1:
        for chunk in chunks:
            yield function(chunk)
        return
    window = window or 4 * jobs
    pool = _Pool(jobs)
    pending: deque[tuple[list[T], Future[list[R]]]] = deque()
    source = iter(chunks)
    try:
        while True:
            for chunk in itertools.islice(source, window - len(pending)):
                pending.append((chunk, pool.submit(function, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                result = _retry_one_by_one(pool, function, chunk, on_crash)
                pending = deque((c, pool.submit(function, c)) for c, _ in pending)
            yield result
    finally:
        pool.shutdown()


def _retry_one_by_one(
    pool: _Pool,
    function: Callable[[list[T]], list[R]],
    chunk: list[T],
    on_crash: Callable[[T, BaseException], R] | None,
) -> list[R]:
    pool.renew()
    result: list[R] = []
    for item in chunk:
        try:
            result.extend(pool.executor.submit(function, [item]).result())
        except BrokenProcessPool as exc:
            pool.renew()
            if on_crash is None:
                raise
            result.append(on_crash(item, exc))
    return result


def _crashed(encode: bool, task: Task, exc: BaseException) -> PageOutcome:
    error = WorkerCrashedError(f"the worker process parsing this page died ({exc})")
    return outcome_for_error(task.source, error, encode=encode)


# --------------------------------------------------------------------------- the command


def _options(disable: Sequence[str], max_bytes: int | None) -> Options:
    changes: dict[str, Any] = {name: False for name in disable}
    if max_bytes is not None:
        changes["max_input_bytes"] = max_bytes
    return Options().evolve(**changes)


def _configure_logging(verbose: int) -> None:
    """Log records of the ``zjnews`` logger to stderr: warnings, ``-v`` adds progress notes, ``-vv`` each page."""
    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    for handler in list(logger.handlers):
        if getattr(handler, "_zjnews_cli", False):
            logger.removeHandler(handler)
    handler = _StderrHandler()
    style = "zjnews: %(message)s" if verbose <= 0 else "%(asctime)s zjnews %(levelname)s: %(message)s"
    handler.setFormatter(logging.Formatter(style, datefmt="%H:%M:%S"))
    logger.addHandler(handler)
    logger.setLevel(level)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A handler writing to ``sys.stderr`` as it is when a record is logged (not when the handler was made)."""

    _zjnews_cli = True

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _verbose_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``-v``/``-vv``: more log lines on stderr (the standard ``logging`` module, logger ``zjnews``)."""

    def configure(ctx: click.Context, param: click.Parameter, value: int) -> int:
        _configure_logging(value + (ctx.find_root().params.get("verbose") or 0))
        return value

    return click.option(
        "-v",
        "--verbose",
        count=True,
        callback=configure,
        expose_value=False,
        is_eager=True,
        help="Log more on stderr: -v progress notes, -vv every page.",
    )(function)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zjnews")
@click.option("-v", "--verbose", count=True, help="Log more on stderr (also accepted after the command).")
def cli(verbose: int) -> None:
    """Clean, structured articles from raw text dumps of scanned Chinese newspaper pages."""
    _configure_logging(verbose)


def _writer(out: str, fmt: str, compression: str | None, resume: bool, header: dict[str, Any]) -> Writer:
    """The writer of OUT, starting with the run ``header`` (appending to OUT with ``resume``)."""
    if fmt == "parquet":
        return ParquetWriter(out, keep=out if resume else None, header=header)
    return JsonlWriter.open(out, append=resume, header=header, compression=compression)


@cli.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option(
    "-o", "--output", "out", default="-", show_default=True, help="Output file ('-': standard output)."
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: from OUT's name: .jsonl(.gz/.bz2/.xz/.zst), .parquet].",
)
@click.option(
    "-g",
    "--glob",
    "globs",
    multiple=True,
    default=DEFAULT_GLOBS,
    show_default=True,
    help="File-name pattern for files found in directories (repeatable).",
)
@click.option(
    "--files-from",
    type=click.File("r", encoding="utf-8", errors="surrogateescape"),
    default=None,
    help="Also read paths from this file, one a line ('-': standard input).",
)
@click.option(
    "--text-column",
    default=None,
    metavar="NAME",
    help="Read .jsonl/.parquet inputs as tables of pages: the raw page text is in column NAME.",
)
@click.option(
    "--id-column",
    default=None,
    metavar="NAME",
    help="With --text-column: the column whose value becomes each page's source (default FILE#ROW).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes (0: one per CPU this process may use).",
)
@click.option("--resume", is_flag=True, help="Skip pages already complete in OUT and append to it.")
@click.option(
    "--page-records",
    is_flag=True,
    help="Also write a 'page' record (captions, duplicates, removed, repairs, decisions) per page.",
)
@click.option(
    "--disable",
    multiple=True,
    type=click.Choice(_SWITCHES),
    help="Switch a pass off (an Options field; repeatable).",
)
@click.option(
    "--max-bytes", type=click.IntRange(min=1), default=None, help="Fail pages larger than this many bytes."
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Pages sent to a worker at a time.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar [default: when stderr is a terminal]."
)
@click.option(
    "--report",
    "report_path",
    default=None,
    metavar="HTML",
    help="Also write a summary report of the run as one HTML file (with page views of uncertain pages).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print no summary.")
@_verbose_option
def parse(
    paths: tuple[str, ...],
    out: str,
    fmt: str | None,
    globs: tuple[str, ...],
    files_from: Any,
    text_column: str | None,
    id_column: str | None,
    jobs: int,
    resume: bool,
    page_records: bool,
    disable: tuple[str, ...],
    max_bytes: int | None,
    chunk_size: int,
    progress: bool | None,
    report_path: str | None,
    quiet: bool,
) -> None:
    """Parse page dumps into articles, written as JSON Lines or Parquet.

    PATH is a page dump (plain, .gz or .zst), a directory (searched recursively for files
    matching --glob), a table of pages (.jsonl or .parquet, with --text-column) or '-' for
    standard input. One record per article, in input order, after a 'run' record naming the
    zjnews version and the options; a page that fails becomes an error record, is named on
    stderr and makes the exit status 1, as does a directory in which no file matches (see
    docs/cli.md for every status).
    """
    if not paths and files_from is None:
        raise click.UsageError("give at least one PATH (or --files-from)")
    if files_from is not None and files_from.name == "<stdin>" and "-" in paths:
        raise click.UsageError("standard input cannot be both a page ('-') and --files-from -")
    if paths.count("-") > 1:
        raise click.UsageError("standard input ('-') can be given only once")
    if id_column is not None and text_column is None:
        raise click.UsageError("--id-column needs --text-column")
    try:
        fmt, compression = output_format(out, fmt)
    except ZjnewsError as exc:
        raise click.UsageError(str(exc)) from exc
    if out == "-" and (fmt == "parquet" or resume):
        raise click.UsageError("--format parquet and --resume need an output file (-o OUT)")
    if report_path is not None and not Path(report_path).resolve().parent.is_dir():
        raise click.UsageError(f"--report {report_path}: no folder {Path(report_path).parent}")
    if resume and compression is not None:
        raise click.UsageError(f"--resume needs an uncompressed output ({out} is {compression}-compressed)")
    jobs = jobs or usable_cpus()
    options = _options(disable, max_bytes)
    header = run_header(options, page_records=page_records)
    show = sys.stderr.isatty() if progress is None else progress

    empty: list[str] = []

    def on_empty(path: str, reason: str) -> None:
        empty.append(path)
        logger.error("%s: %s", path, reason)

    all_paths: Iterable[str] = paths
    if files_from is not None:
        listed = (line.rstrip("\n") for line in files_from)
        all_paths = itertools.chain(paths, (p for p in listed if p.strip()))
    own = () if out == "-" else (out, out + ".partial")
    tasks: Iterable[Task] = iter_tasks(
        all_paths, globs=globs, exclude=own, text_column=text_column, id_column=id_column, on_empty=on_empty
    )
    skipped = skipped_failed = 0
    try:
        if resume:
            check_provenance(out, fmt, header)
        done = scan_done(out, fmt) if resume else Done()  # may cut an incomplete last page off OUT
    except (ZjnewsError, OSError) as exc:
        raise _CannotWrite(str(exc)) from exc
    try:
        writer: Writer = _writer(out, fmt, compression, resume, header)
    except (ZjnewsError, OSError) as exc:
        raise _CannotWrite(f"cannot write {out}: {exc}") from exc
    if resume:
        logger.info("resuming %s: %d pages already complete", out, len(done.sources))
    if done.sources:

        def todo(task: Task) -> bool:
            nonlocal skipped, skipped_failed
            if task.source in done:
                skipped += 1
                skipped_failed += task.source in done.failed
                if bar.total:
                    bar.total -= 1
                return False
            return True

        tasks = filter(todo, tasks)

    encode = fmt == "jsonl"
    work = functools.partial(parse_tasks, options=options, page_records=page_records, encode=encode)
    total: int | None = None
    if show and files_from is None:  # a list of paths on standard input cannot be read twice
        started = time.perf_counter()
        total = count_tasks(paths, globs=globs, text_column=text_column, exclude=own)
        logger.info("%d pages to parse (counted in %.2f s)", total, time.perf_counter() - started)
    summary = None
    if report_path is not None:
        from .view import BatchSummary

        summary = BatchSummary(options=options)
    pages = articles = failed = internal = 0
    start = time.perf_counter()
    interrupted = broken_pipe = False
    write_error: OSError | None = None
    if jobs > 1:
        from .pipeline import warm_up

        warm_up()  # the workers are forked with the tables loaded, not each loading its own
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    bar = tqdm(total=total, unit=" pages", disable=not show, file=sys.stderr, dynamic_ncols=True)
    try:
        results = ordered_map(
            work,
            _chunks(tasks, chunk_size),
            jobs=jobs,
            on_crash=functools.partial(_crashed, encode),
        )
        for chunk in results:
            for outcome in chunk:
                writer.write(outcome)
                pages += 1
                articles += outcome.articles
                failed += outcome.failed
                internal += outcome.internal
                _log_outcome(outcome)
                if summary is not None:
                    summary.add(outcome)
            bar.update(len(chunk))
            if failed:
                bar.set_postfix(failed=failed, refresh=False)
    except KeyboardInterrupt:
        interrupted = True
    except BrokenPipeError:  # the reader of standard output went away (| head)
        broken_pipe = True
    except OSError as exc:  # disk full, file system gone
        write_error = exc
    finally:
        bar.close()
        try:
            writer.close()
        except BrokenPipeError:
            broken_pipe = True
        except OSError as exc:
            write_error = write_error or exc
    if broken_pipe:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit's flush
        sys.exit(ExitCode.BROKEN_PIPE)
    if write_error is not None:
        raise _CannotWrite(f"cannot write {out}: {write_error}")
    elapsed = time.perf_counter() - start
    if summary is not None and report_path is not None:
        _write_report(summary, report_path, options=options, elapsed=elapsed)
    if not quiet:
        rate = pages / elapsed if elapsed > 0 else 0.0
        parts = [f"{pages} pages", f"{articles} articles", f"{failed} failed"]
        if internal:
            parts[-1] += f" ({internal} internal errors: please report)"
        if resume:
            earlier = f", {skipped_failed} of them failed" if skipped_failed else ""
            parts.append(f"{skipped} skipped (already in {out}{earlier})")
        if empty:
            parts.append(f"{len(empty)} {'path' if len(empty) == 1 else 'paths'} with no page")
        verb = "interrupted after" if interrupted else "done in"
        click.echo(f"zjnews parse: {', '.join(parts)}; {verb} {elapsed:.2f} s, {rate:.1f} pages/s", err=True)
    if interrupted:
        sys.exit(ExitCode.INTERRUPTED)
    if internal:
        sys.exit(ExitCode.INTERNAL_ERRORS)
    nothing = pages == 0 and skipped == 0
    if nothing and not empty and not quiet:
        click.echo("zjnews parse: no page found in the paths given", err=True)
    if failed or skipped_failed or empty or nothing:
        sys.exit(ExitCode.PAGES_FAILED)


def _log_outcome(outcome: PageOutcome) -> None:
    """Name a failed page on stderr (always); with ``-vv``, every page."""
    if outcome.failed:
        record = outcome.records[0] if outcome.records else {}
        logger.warning("%s: %s: %s", outcome.source, record.get("error"), record.get("message"))
    else:
        logger.debug("%s: %d articles", outcome.source, outcome.articles)


def _write_report(summary: Any, path: str, *, options: Options, elapsed: float) -> None:
    """Write the ``--report`` HTML file, with page views of the first uncertain pages beside it."""
    from .view import write_report

    try:
        written = write_report(summary, path, options=options, elapsed=elapsed)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc}") from exc
    logger.info("report written to %s (%d page views)", path, written)


@cli.command()
@click.argument("page", metavar="PAGE")
@click.option(
    "-o", "--output", "out", default="-", show_default=True, help="The HTML file to write ('-': standard output)."
)
@click.option("--disable", multiple=True, type=click.Choice(_SWITCHES), help="Switch a pass off (repeatable).")
@click.option(
    "--max-bytes", type=click.IntRange(min=1), default=None, help="Refuse a page larger than this many bytes."
)
@_verbose_option
def show(page: str, out: str, disable: tuple[str, ...], max_bytes: int | None) -> None:
    """Write one page as a self-contained HTML file: its input beside the articles parsed from it.

    Each input line is coloured by the article it went to; duplicates are struck through,
    captions and removed lines marked with their reason, repaired characters highlighted
    (before → after on hover). PAGE is a page dump (plain, .gz or .zst) or '-' for standard input.
    """
    from .view import load_page, page_html

    options = _options(disable, max_bytes)
    try:
        data = sys.stdin.buffer.read() if page == "-" else None
        source = stdin_source(data) if data is not None else source_name(page)
        text, parsed = load_page(page if data is None else source, options=options, data=data)
    except ZjnewsError as exc:
        raise click.ClickException(f"{page}: {type(exc).__name__}: {exc}") from exc
    document = page_html(text, parsed, options=options)
    try:
        if out == "-":
            sys.stdout.buffer.write(document.encode("utf-8"))
            sys.stdout.buffer.flush()
        else:
            Path(out).write_text(document, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc}") from exc
    logger.info("%s: %d articles, written to %s", source, len(parsed), out)


@cli.command()
@click.argument("source", type=click.File("rb"), default="-")
@click.option(
    "-o", "--output", type=click.File("wb"), default="-", show_default=True, help="Where to write the text."
)
@click.option(
    "--disable", multiple=True, type=click.Choice(_REPAIR_SWITCHES), help="Switch a repair pass off (repeatable)."
)
@click.option("--explain", is_flag=True, help="Print each change as a JSON line on stderr.")
@_verbose_option
def repair(source: Any, output: Any, disable: tuple[str, ...], explain: bool) -> None:
    """Repair characters only (mojibake, punctuation, quotes, script…): SOURCE (default stdin) to stdout.

    The input's encoding is detected (UTF-8/16, GB18030, Big5); the output is UTF-8.
    """
    from . import repair_text
    from .decode import decode_bytes

    data: bytes = source.read()
    if not data.strip():
        output.write(data)
        return
    try:
        text = decode_bytes(data)
    except ZjnewsError as exc:
        raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc
    result = repair_text(text, _options(disable, None))
    output.write(result.text.encode("utf-8"))
    output.flush()
    if explain:
        for change in result.repairs:
            record = {
                "pass": change.pass_name,
                "position": change.position,
                "before": change.before,
                "after": change.after,
            }
            click.echo(json.dumps(record, ensure_ascii=False), err=True)


@cli.command()
@click.option(
    "--pages",
    "pages_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Directory of the page dumps the gold files name.",
)
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Directory of the gold files (*.gold.json).",
)
@click.option(
    "--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the report as JSON."
)
@click.option("-v", "--verbose", is_flag=True, help="Print one line of scores per page.")
@click.option("--errors", "list_errors", is_flag=True, help="List each page's errors by kind, then count them.")
@click.option("--error-counts", is_flag=True, help="Count the errors by kind without listing them.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help="With --errors, list only errors of this kind (repeatable; the counts cover every kind).",
)
def evaluate(
    pages_dir: Path,
    gold_dir: Path,
    json_out: Path | None,
    verbose: bool,
    list_errors: bool,
    error_counts: bool,
    kinds: tuple[str, ...],
) -> None:
    """Score zjnews on page dumps against gold files (format: docs/evaluation.md).

    Parses the page that each gold file in --gold names (found in --pages), prints one line of
    metrics and, with --errors, what went wrong on each page (a gold article merged into another,
    an article split, a wrong title and what was taken instead, authors missed, paragraphs split
    or joined, captions leaked into bodies, text lost or emitted twice, characters that differ).
    Exits 1 when a page failed to parse, is missing or gave no article; 2 when the folders hold
    no gold files or none of the pages they name.
    """
    try:
        from . import evaluate as scoring
    except ImportError as exc:  # a damaged installation
        raise click.ClickException(f"evaluation is not available here ({exc}): reinstall zjnews") from exc

    unknown = sorted(set(kinds) - set(scoring.ERROR_KINDS))
    if unknown:
        choices = ", ".join(scoring.ERROR_KINDS)
        raise click.BadParameter(f"{', '.join(unknown)} (kinds: {choices})", param_hint="--kind")
    golds = sorted(gold_dir.glob("*.gold.json"))
    if not golds:
        raise click.UsageError(f"no gold files (*.gold.json) in {gold_dir}")
    try:
        sources = [json.loads(g.read_text(encoding="utf-8"))["source"] for g in golds]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise click.UsageError(f"cannot read the gold files in {gold_dir}: {exc}") from exc
    if not any((pages_dir / name).is_file() for name in sources):
        raise click.UsageError(
            f"none of the {len(sources)} pages the gold files in {gold_dir} name is in {pages_dir}"
            f" (for example {sources[0]})"
        )
    want_errors = list_errors or error_counts

    def show(score: Any) -> None:
        if score.error:
            click.echo(f"FAILED {score.source}: {score.error}", err=True)
        elif score.out_articles == 0 < score.gold_articles:
            click.echo(f"NO OUTPUT {score.source}: no article", err=True)
        if verbose:
            click.echo(scoring.page_line(score))
        if list_errors:
            listed = [e for e in score.page_errors if not kinds or e.kind in kinds]
            if listed:
                click.echo(score.source)
                for error in listed:
                    click.echo("  " + error.describe())
                    for decision in error.decisions:
                        click.echo("      decided " + scoring.describe_decision(decision))

    report = scoring.evaluate_dir(pages_dir, gold_dir, errors=want_errors, on_page=show)
    if json_out is not None:
        data = report.to_dict()
        if want_errors:
            data["errors"] = report.error_summary().to_dict()
        json_out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    if want_errors:
        for line in report.error_summary().lines():
            click.echo(line)
    click.echo(report.summary_line())
    failed = report.failed
    if failed:
        click.echo(f"zjnews evaluate: {len(failed)} of {len(report.pages)} pages failed or gave no article", err=True)
        sys.exit(1)


class _CannotWrite(click.ClickException):
    """The output cannot be written (or read back for ``--resume``): the run is aborted."""

    exit_code = ExitCode.CANNOT_WRITE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``zjnews`` command with ``argv`` (default: ``sys.argv[1:]``) and return its exit status
    (:class:`ExitCode`); a failure of zjnews itself prints one line and returns ``ExitCode.CRASH``."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="zjnews", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except Exception as exc:  # a bug: one clear line (the traceback only when asked for)
        if os.environ.get("ZJNEWS_TRACEBACK"):
            import traceback

            traceback.print_exc()
        name = f"{type(exc).__module__}.{type(exc).__qualname__}"
        detail = source_name(str(exc))
        print(f"zjnews: internal error, run aborted: {name}: {detail} (please report it)", file=sys.stderr)
        return ExitCode.CRASH
    return ExitCode.OK
