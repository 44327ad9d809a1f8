"""Benchmark of the zjnews pipeline: throughput, linearity, parallel speed-up, memory.

    python benchmarks/bench_pipeline.py                 # the full run recorded in docs/performance.md
    python benchmarks/bench_pipeline.py --quick         # fewer rounds and pages
    python benchmarks/bench_pipeline.py --profile       # also the top functions under cProfile

What it measures, each in the same run:

1. pages/s and MB/s of the full pipeline (``zjnews.parse_bytes``, bytes already in memory) on the
   seed pages and on larger synthetic pages, beside the naive approach (ftfy + OpenCC ``t2s``
   over the same text, as in the reference scorer's baseline);
2. a size sweep: each seed page's content concatenated ×1, ×2, ×4, ×8, ×16, with the time
   ratio to ×1 (linear cost: ×16 within 18× the time);
3. ``zjnews parse DIR --jobs 1`` against ``--jobs 2`` on a few hundred copies of the seeds
   (the real command, in a subprocess; pages/s as its summary reports it, and wall time);
4. peak memory: tracemalloc's peak while parsing one page against the page's size, for the
   sizes of the sweep, and the peak RSS of the batch command for two batch sizes.

Targets (issue "Batch processing at archive scale"): ≥ 300 pages/s per core on seed-sized
pages, ×16 size ≤ 18× time, ``--jobs 2`` ≥ 1.7× ``--jobs 1``, peak memory ≤ 3× the input held.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

import ftfy
import opencc

import zjnews

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
SIZES = (1, 2, 4, 8, 16)

_T2S = opencc.OpenCC("t2s")
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)


def naive(data: bytes) -> str:
    """The naive approach: decode, ftfy, OpenCC traditional → simplified."""
    return str(_T2S.convert(ftfy.fix_text(data.decode("utf-8"), _FTFY)))


def full(data: bytes) -> zjnews.Page:
    """The full zjnews pipeline on one page's bytes."""
    return zjnews.parse_bytes(data)


def scaled(data: bytes, factor: int) -> bytes:
    """A synthetic page: the page's content ``factor`` times over, as one dump."""
    return b"\n\n".join([data.rstrip(b"\n")] * factor) + b"\n"


def time_pages(function: Callable[[bytes], object], pages: Sequence[bytes], rounds: int) -> float:
    """The median over ``rounds`` of the seconds one pass over ``pages`` takes."""
    function(pages[0])  # warm up (lazy dictionaries, regex caches)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            function(page)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def throughput(pages: Sequence[bytes], rounds: int) -> list[str]:
    """One table row per approach: pages/s, MB/s, ms/page."""
    size = sum(len(p) for p in pages)
    rows = []
    for name, function in (("zjnews (full pipeline)", full), ("naive (ftfy + OpenCC)", naive)):
        seconds = time_pages(function, pages, rounds)
        rows.append(
            f"| {name} | {len(pages) / seconds:,.0f} | {size / seconds / 1e6:.2f} | "
            f"{seconds / len(pages) * 1e3:.2f} |"
        )
    return rows


def sweep(pages: Sequence[bytes], rounds: int) -> tuple[list[str], float]:
    """The size sweep table, and the ×16 time ratio of the full pipeline."""
    rows = []
    base: dict[str, float] = {}
    ratio16 = 0.0
    for factor in SIZES:
        batch = [scaled(p, factor) for p in pages]
        kb = sum(len(p) for p in batch) / len(batch) / 1024
        cells = [f"×{factor}", f"{kb:,.0f}"]
        for name, function in (("full", full), ("naive", naive)):
            seconds = time_pages(function, batch, max(1, rounds // factor) if factor > 4 else rounds)
            per_page = seconds / len(batch)
            base.setdefault(name, per_page)
            ratio = per_page / base[name]
            if name == "full" and factor == 16:
                ratio16 = ratio
            cells += [f"{per_page * 1e3:.1f}", f"{ratio:.2f}"]
        rows.append("| " + " | ".join(cells) + " |")
    return rows, ratio16


def memory(pages: Sequence[bytes]) -> tuple[list[str], float]:
    """tracemalloc's peak while parsing one page, against the page's size; the worst ratio."""
    rows = []
    worst = 0.0
    page = pages[0]
    for factor in SIZES:
        data = scaled(page, factor)
        tracemalloc.start()
        tracemalloc.reset_peak()
        zjnews.parse_bytes(data)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        text_bytes = sys.getsizeof(data.decode("utf-8"))
        ratio = peak / len(data)
        worst = max(worst, ratio)
        kib = [f"{n / 1024:,.0f}" for n in (len(data), text_bytes, peak)]
        rows.append(f"| ×{factor} | {' | '.join(kib)} | {ratio:.2f} |")
    return rows, worst


_RATE = re.compile(r"(\d+) pages, .*?([\d.]+) pages/s")


def run_batch(directory: Path, jobs: int, out: Path) -> tuple[float, float, float]:
    """``zjnews parse DIR --jobs J``: (pages/s from its summary, wall seconds, peak RSS MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "zjnews", "parse", str(directory), "-o", str(out), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    match = _RATE.search(result.stderr)
    if result.returncode != 0 or match is None:
        raise SystemExit(f"zjnews parse failed ({result.returncode}): {result.stderr}")
    # ru_maxrss of children is the largest of any child so far (KiB on Linux)
    return float(match.group(2)), wall, max(rss, before) / 1024


def batch(pages: int, rounds: int) -> tuple[list[str], float]:
    """``--jobs 1`` against ``--jobs 2`` on ``pages`` copies of the seeds; the speed-up."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="zjnews-bench-") as tmp:
        directory = Path(tmp) / "pages"
        directory.mkdir()
        for i in range(pages):
            shutil.copy(SEEDS[i % len(SEEDS)], directory / f"{i:05d}.txt")
        rates: dict[int, list[float]] = {1: [], 2: []}
        walls: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(rounds):
            for jobs in (1, 2):
                rate, wall, _ = run_batch(directory, jobs, Path(tmp) / f"out{jobs}.jsonl")
                rates[jobs].append(rate)
                walls[jobs].append(wall)
        same = (Path(tmp) / "out1.jsonl").read_bytes() == (Path(tmp) / "out2.jsonl").read_bytes()
        for jobs in (1, 2):
            rows.append(
                f"| `--jobs {jobs}` | {pages} | {max(rates[jobs]):,.0f} | {min(walls[jobs]):.2f} | "
                f"{max(rates[jobs]) / max(rates[1]):.2f} |"
            )
        rows.append(f"\nOutputs of `--jobs 1` and `--jobs 2` byte-identical: {same}")
    return rows, max(rates[2]) / max(rates[1])


def batch_rss(sizes: Sequence[int]) -> list[str]:
    """Peak RSS of ``zjnews parse --jobs 1`` for batches of different sizes (a fresh process each)."""
    rows = []
    code = (
        "import resource, sys; from zjnews.cli import main; rc = main(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    with tempfile.TemporaryDirectory(prefix="zjnews-bench-") as tmp:
        for pages in sizes:
            directory = Path(tmp) / f"p{pages}"
            directory.mkdir()
            for i in range(pages):
                shutil.copy(SEEDS[i % len(SEEDS)], directory / f"{i:05d}.txt")
            result = subprocess.run(
                [sys.executable, "-c", code, "parse", str(directory), "-o", str(Path(tmp) / "o.jsonl"), "-q"],
                capture_output=True,
                text=True,
                check=False,
            )
            rss_kb = int(result.stderr.strip().splitlines()[-1])
            size = sum(f.stat().st_size for f in directory.iterdir())
            rows.append(f"| {pages} | {size / 1e6:.1f} | {rss_kb / 1024:.0f} |")
    return rows


def profile(pages: Sequence[bytes], top: int) -> str:
    """cProfile of the full pipeline over ``pages`` (ten passes): top functions by cumulative and own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        for page in pages:
            full(page)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)  # the stages, and what is under them
    stats.sort_stats("tottime").print_stats(top)  # the functions that spend the time themselves
    return stream.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement and print a Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="repetitions of each timing (median taken)")
    parser.add_argument("--batch-pages", type=int, default=500, help="pages in the --jobs comparison")
    parser.add_argument("--quick", action="store_true", help="2 rounds, 200 batch pages")
    parser.add_argument("--profile", action="store_true", help="also print the top functions under cProfile")
    args = parser.parse_args(argv)
    rounds, batch_pages = (2, 200) if args.quick else (args.rounds, args.batch_pages)

    pages = [p.read_bytes() for p in SEEDS]
    print(f"# zjnews {zjnews.__version__} benchmark")
    print(
        f"\nPython {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
        f"{len(pages)} seed pages, {sum(map(len, pages)) / len(pages) / 1024:.1f} KiB a page on average; "
        f"median of {rounds} rounds.\n"
    )
    print("## Throughput, one process\n")
    print("| input | approach | pages/s | MB/s | ms/page |")
    print("|---|---|---:|---:|---:|")
    seed_rows = throughput(pages, rounds)
    for row in seed_rows:
        print("| seeds " + row)
    big = [scaled(p, 8) for p in pages]
    for row in throughput(big, max(1, rounds // 2)):
        print("| seeds ×8 (synthetic) " + row)
    seed_rate = float(seed_rows[0].split("|")[2].replace(",", ""))

    print("\n## Size sweep (ms per page; ratio to ×1)\n")
    print("| size | KiB/page | full ms | full ratio | naive ms | naive ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    rows, ratio16 = sweep(pages, rounds)
    print("\n".join(rows))

    print("\n## `zjnews parse DIR --jobs N` (the command, in a subprocess)\n")
    print("| command | pages | pages/s (summary) | wall s (incl. start-up) | speed-up |")
    print("|---|---:|---:|---:|---:|")
    rows, speedup = batch(batch_pages, max(2, rounds // 2))
    print("\n".join(rows))

    print("\n## Peak memory\n")
    print("Parsing one page (tracemalloc peak of Python allocations during `parse_bytes`):\n")
    print("| size | input KiB (UTF-8) | str KiB | peak KiB | peak / input |")
    print("|---|---:|---:|---:|---:|")
    rows, worst = memory(pages)
    print("\n".join(rows))
    print("\nPeak RSS of `zjnews parse DIR --jobs 1` (the whole process; flat = bounded in pages):\n")
    print("| pages | input MB | peak RSS MB |")
    print("|---:|---:|---:|")
    print("\n".join(batch_rss((batch_pages // 5, batch_pages * 2))))

    print("\n## Targets\n")
    checks = (
        ("≥ 300 pages/s per core on seed-sized pages", seed_rate >= 300, f"{seed_rate:,.0f} pages/s"),
        ("×16 size ≤ 18× time", ratio16 <= 18, f"{ratio16:.2f}×"),
        ("`--jobs 2` ≥ 1.7× `--jobs 1`", speedup >= 1.7, f"{speedup:.2f}×"),
        ("peak memory ≤ 3× the input", worst <= 3, f"{worst:.2f}× at worst"),
    )
    for name, ok, value in checks:
        print(f"- {name}: {value} — {'met' if ok else 'MISSED'}")
    if args.profile:
        print("\n## cProfile, full pipeline on the seeds (10 passes), by cumulative then own time\n")
        print("```\n" + profile(pages, 25).strip() + "\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
