"""The ``zjnews`` command: ``parse`` page dumps in batches, ``repair`` characters, ``evaluate`` against gold.

``zjnews parse`` streams: paths are discovered lazily, pages are parsed in worker processes
in bounded chunks, and each page's records are written as soon as every page before it has
been written, so the output order is the input order whatever ``--jobs`` is, and memory
stays bounded for any number of pages. See ``docs/cli.md``.
"""

from __future__ import annotations

import fnmatch
import functools
import itertools
import json
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click

from . import __version__, parse_bytes, parse_file
from .errors import ZjnewsError
from .options import Options
from .output import (
    FORMATS,
    STDIN_SOURCE,
    Done,
    JsonlWriter,
    PageOutcome,
    ParquetWriter,
    Writer,
    outcome_for_error,
    outcome_for_page,
    scan_done,
)

__all__ = [
    "Task",
    "WorkerCrashedError",
    "iter_tasks",
    "main",
    "ordered_map",
    "parse_task",
    "parse_tasks",
]

T = TypeVar("T")
R = TypeVar("R")

_SWITCHES = tuple(f.name for f in attrs.fields(Options) if f.type in (bool, "bool"))
"""The names of the boolean fields of :class:`Options` (the passes ``--disable`` can switch off)."""


class WorkerCrashedError(RuntimeError):
    """A worker process died (killed by a signal, out of memory…) while parsing a page."""


@attrs.frozen
class Task:
    """One page to parse: read from ``path``, or given as ``data`` (standard input)."""

    source: str
    path: str | None = None
    data: bytes | None = None


# --------------------------------------------------------------------------- discovering pages


def _walk(root: Path, globs: Sequence[str]) -> Iterator[Path]:
    """The files under ``root`` whose name matches one of ``globs``, in sorted (deterministic) order."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in globs):
                yield Path(dirpath) / name


def iter_tasks(
    paths: Iterable[str], *, globs: Sequence[str] = ("*.txt",), stdin: Callable[[], bytes] | None = None
) -> Iterator[Task]:
    """The pages named by ``paths``, lazily, in order.

    A directory stands for the files under it (recursively) whose name matches one of
    ``globs``; a file is taken whatever its name; ``-`` is standard input (read with
    ``stdin``); a path that does not exist is still yielded, so that it fails as a page.
    """
    for arg in paths:
        if arg == "-":
            data = stdin() if stdin is not None else sys.stdin.buffer.read()
            yield Task(source=STDIN_SOURCE, data=data)
        elif os.path.isdir(arg):
            for file in _walk(Path(arg), globs):
                yield Task(source=str(file), path=str(file))
        else:
            yield Task(source=arg, path=arg)


# --------------------------------------------------------------------------- parsing pages


def parse_task(
    task: Task, *, options: Options | None = None, page_records: bool = False, encode: bool = False
) -> PageOutcome:
    """Parse one page into its records; any exception becomes an error record, never a raise."""
    try:
        if task.data is not None:
            page = parse_bytes(task.data, options=options, source=task.source)
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
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=_context())

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zjnews")
def cli() -> None:
    """Clean, structured articles from raw text dumps of scanned Chinese newspaper pages."""


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
    help="Output format [default: parquet for a .parquet OUT, else jsonl].",
)
@click.option(
    "-g",
    "--glob",
    "globs",
    multiple=True,
    default=("*.txt",),
    show_default=True,
    help="File-name pattern for files found in directories (repeatable).",
)
@click.option(
    "--files-from",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="Also read paths from this file, one a line ('-': standard input).",
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
    help="Also write a 'page' record (captions, duplicates, removed, repairs) per page.",
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
@click.option("-q", "--quiet", is_flag=True, help="Print no summary.")
def parse(
    paths: tuple[str, ...],
    out: str,
    fmt: str | None,
    globs: tuple[str, ...],
    files_from: Any,
    jobs: int,
    resume: bool,
    page_records: bool,
    disable: tuple[str, ...],
    max_bytes: int | None,
    chunk_size: int,
    progress: bool | None,
    quiet: bool,
) -> None:
    """Parse page dumps into articles, written as JSON Lines or Parquet.

    PATH is a page dump, a directory (searched recursively for files matching --glob) or
    '-' for standard input. One record per article, in input order; a page that fails
    becomes an error record and makes the exit status 1.
    """
    if not paths and files_from is None:
        raise click.UsageError("give at least one PATH (or --files-from)")
    if files_from is not None and files_from.name == "<stdin>" and "-" in paths:
        raise click.UsageError("standard input cannot be both a page ('-') and --files-from -")
    if paths.count("-") > 1:
        raise click.UsageError("standard input ('-') can be given only once")
    fmt = fmt or ("parquet" if out.endswith((".parquet", ".pq")) else "jsonl")
    if out == "-" and (fmt == "parquet" or resume):
        raise click.UsageError("--format parquet and --resume need an output file (-o OUT)")
    jobs = jobs or usable_cpus()
    options = _options(disable, max_bytes)
    show = sys.stderr.isatty() if progress is None else progress

    all_paths: Iterable[str] = paths
    if files_from is not None:
        listed = (line.rstrip("\n") for line in files_from)
        all_paths = itertools.chain(paths, (p for p in listed if p.strip()))
    tasks: Iterable[Task] = iter_tasks(all_paths, globs=globs)
    skipped = skipped_failed = 0
    try:
        done = scan_done(out, fmt) if resume else Done()
    except ZjnewsError as exc:
        raise click.ClickException(str(exc)) from exc
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

    try:
        writer: Writer
        if fmt == "parquet":
            writer = ParquetWriter(out, keep=out if resume else None)
        else:
            writer = JsonlWriter.open(out, append=resume)
    except (ZjnewsError, OSError) as exc:
        raise click.ClickException(f"cannot write {out}: {exc}") from exc

    encode = fmt == "jsonl"
    work = functools.partial(parse_tasks, options=options, page_records=page_records, encode=encode)
    total = len(paths) if files_from is None and all(os.path.isfile(p) or p == "-" for p in paths) else None
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
        sys.exit(141)
    if write_error is not None:
        raise click.ClickException(f"cannot write {out}: {write_error}")
    elapsed = time.perf_counter() - start
    if not quiet:
        rate = pages / elapsed if elapsed > 0 else 0.0
        parts = [f"{pages} pages", f"{articles} articles", f"{failed} failed"]
        if internal:
            parts[-1] += f" ({internal} internal errors: please report)"
        if resume:
            earlier = f", {skipped_failed} of them failed" if skipped_failed else ""
            parts.append(f"{skipped} skipped (already in {out}{earlier})")
        verb = "interrupted after" if interrupted else "done in"
        click.echo(f"zjnews parse: {', '.join(parts)}; {verb} {elapsed:.2f} s, {rate:.1f} pages/s", err=True)
    if interrupted:
        sys.exit(130)
    if failed or skipped_failed:
        sys.exit(1)


@cli.command()
@click.argument("source", type=click.File("rb"), default="-")
@click.option(
    "-o", "--output", type=click.File("wb"), default="-", show_default=True, help="Where to write the text."
)
@click.option(
    "--disable", multiple=True, type=click.Choice(_SWITCHES), help="Switch a pass off (repeatable)."
)
@click.option("--explain", is_flag=True, help="Print each change as a JSON line on stderr.")
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
    except ImportError as exc:  # an environment installed before rapidfuzz became a dependency
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``zjnews`` command with ``argv`` (default: ``sys.argv[1:]``) and return its exit status."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="zjnews", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
