"""Benchmark of the zjnews pipeline: start-up, throughput, linearity, memory, parallel speed-up, size.

    python benchmarks/bench_pipeline.py                  # the full run recorded in docs/performance.md
    python benchmarks/bench_pipeline.py --quick          # fewer repetitions and pages
    python benchmarks/bench_pipeline.py --save-outputs F # digests of every page's ``to_dict()``
    python benchmarks/bench_pipeline.py --compare-outputs F  # ... compared with an earlier run

Every figure of the summary table comes from this one run, beside the naive baseline (the
reference scorer's ``--impl baseline``: ftfy + OpenCC ``t2s`` and a split at short lines,
imported at run time from ``../shared/eval/score.py``):

1. the CPU time of ``import zjnews`` and of the first ``parse_text`` in a fresh process (a
   subprocess each time), and ``python -X importtime``'s cumulative figure for ``zjnews``;
2. pages per CPU-second on one core (``time.process_time``) over the development pages
   (``../shared/dev/pages``, read at run time; the seeds when that folder is absent), and the
   ratio of zjnews's time to the baseline's;
3. one page made of 16 (and 32) pages against the same pages parsed apart (CPU time);
4. tracemalloc's peak while parsing one page, against the page's UTF-8 size;
5. ``zjnews parse DIR --jobs 2`` against ``--jobs 1`` over 400 pages (the command, in a
   subprocess; wall time, since that is what a pool saves);
6. the installed size of the runtime dependencies (their files as recorded by the installer,
   dependencies of dependencies included);
7. the share of each stage in the CPU time of the pipeline.

The machine may be shared: every timing is the best of ``--repeat`` runs, CPU time where the
measure allows, and the report states the load average.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import zjnews
from zjnews import pipeline
from zjnews.decode import decode_bytes
from zjnews.repair import PASSES, apply_pass

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DEV_PAGES = SHARED / "dev" / "pages"
SCORER = SHARED / "eval" / "score.py"
SEEDS = sorted((REPO / "seeds").glob("*.txt"))


# ---------------------------------------------------------------------------- inputs


def page_paths(limit: int | None = None) -> tuple[list[Path], str]:
    """The development pages (or the seeds when they are absent), and which they are."""
    if DEV_PAGES.is_dir():
        paths = sorted(DEV_PAGES.glob("*.txt"))
        label = "development pages"
    else:
        paths = list(SEEDS)
        label = "seed pages (../shared/dev is absent)"
    return (paths[:limit] if limit else paths), label


def load_baseline() -> Callable[[str | Path], object]:
    """The scorer's naive baseline (``score.py --impl baseline``), imported from its file."""
    if not SCORER.is_file():
        raise SystemExit(f"the reference scorer is needed for the naive baseline: {SCORER} is absent")
    spec = importlib.util.spec_from_file_location("zjnews_bench_score", SCORER)
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    parse: Callable[[str | Path], object] = module.baseline_parse
    return parse


def best_cpu(function: Callable[[], object], repeat: int) -> float:
    """The least CPU time (``time.process_time``) of ``repeat`` calls of ``function``."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def load_average() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# ---------------------------------------------------------------------------- 1. start-up

_FRESH = """
import sys, time
t0 = time.process_time()
import zjnews
t1 = time.process_time()
zjnews.parse_text(open(sys.argv[1], encoding="utf-8").read())
t2 = time.process_time()
print(t1 - t0, t2 - t1)
"""


def fresh_process(page: Path, repeat: int) -> tuple[float, float]:
    """Best CPU seconds of ``import zjnews`` and of the first ``parse_text``, each in a fresh process."""
    imports, firsts = [], []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _FRESH, str(page)], capture_output=True, text=True, check=True
        ).stdout.split()
        imports.append(float(out[0]))
        firsts.append(float(out[1]))
    return min(imports), min(firsts)


_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def import_time(repeat: int) -> tuple[float, list[tuple[str, float]]]:
    """``-X importtime``: best cumulative seconds of ``zjnews``; the top modules by own time (that run)."""
    best: tuple[float, list[tuple[str, float]]] = (float("inf"), [])
    for _ in range(repeat):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import zjnews"], capture_output=True, text=True, check=True
        ).stderr
        rows = [(m.group(4), int(m.group(1)) / 1e6, int(m.group(2)) / 1e6) for m in _IMPORTTIME.finditer(err)]
        total = next(cum for name, _, cum in rows if name == "zjnews")
        if total < best[0]:
            # a package's own figure: its own modules' self times, keyed by top-level package
            own: dict[str, float] = {}
            for name, self_s, _ in rows:
                top = name.split(".")[0] if not name.startswith("zjnews") else name
                own[top] = own.get(top, 0.0) + self_s
            best = (total, sorted(own.items(), key=lambda kv: -kv[1])[:8])
    return best


# ---------------------------------------------------------------------------- 2. throughput


def throughput(paths: Sequence[Path], baseline: Callable[[str | Path], object], repeat: int) -> tuple[float, float]:
    """CPU seconds per page of ``zjnews.parse_file`` and of the baseline (best pass of ``repeat``)."""
    zjnews.parse_file(paths[0])
    baseline(paths[0])
    ours = best_cpu(lambda: [zjnews.parse_file(p) for p in paths], repeat) / len(paths)
    naive = best_cpu(lambda: [baseline(p) for p in paths], repeat) / len(paths)
    return ours, naive


# ---------------------------------------------------------------------------- 3. linearity


def concatenated(texts: Sequence[str], factor: int, repeat: int) -> tuple[float, float, int, dict[str, float]]:
    """CPU seconds of ``factor`` pages parsed apart and as one page; the joined page's size in KiB;
    each stage's time on the joined page over its time on the pages apart (staged runs)."""
    group = list(texts[:factor])
    joined = "\n\n".join(t.rstrip("\n") for t in group) + "\n"
    apart = best_cpu(lambda: [zjnews.parse_text(t) for t in group], repeat)
    whole = best_cpu(lambda: zjnews.parse_text(joined), repeat)
    stage_apart: dict[str, float] = {}
    stage_whole: dict[str, float] = {}
    for _ in range(repeat):
        clock: dict[str, float] = {}
        for text in group:
            staged(text.encode("utf-8"), clock)
        for name, seconds in clock.items():
            stage_apart[name] = min(stage_apart.get(name, float("inf")), seconds)
        clock = {}
        staged(joined.encode("utf-8"), clock)
        for name, seconds in clock.items():
            stage_whole[name] = min(stage_whole.get(name, float("inf")), seconds)
    ratios = {name: stage_whole[name] / max(stage_apart[name], 1e-9) for name in stage_apart}
    return apart, whole, len(joined.encode("utf-8")) // 1024, ratios


# ---------------------------------------------------------------------------- 4. memory


def memory(texts: Sequence[str]) -> tuple[float, float, float, dict[str, float]]:
    """tracemalloc's peak while parsing a page / its UTF-8 size: median, worst, and on the largest
    page; the median over the pages of each stage's peak (what the stage holds at its height,
    the earlier stages' results included) / the page's size."""
    zjnews.parse_text(texts[0])  # the lazily loaded tables are not part of a page's cost
    ratios = []
    peaks: dict[str, list[float]] = {}
    for text in texts:
        data = text.encode("utf-8")
        tracemalloc.start()
        zjnews.parse_text(text)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        ratios.append((len(data), peak / len(data)))
        tracemalloc.start()
        staged(data, {}, peaks)
        tracemalloc.stop()
    values = sorted(r for _, r in ratios)
    largest = max(ratios)[1]
    stages = {name: sorted(v)[len(v) // 2] for name, v in peaks.items()}
    return values[len(values) // 2], values[-1], largest, stages


# ---------------------------------------------------------------------------- 5. --jobs

_SUMMARY = re.compile(r"([\d.]+) pages/s")


def jobs_run(directory: Path, jobs: int, out: Path) -> tuple[float, float]:
    """Wall seconds of ``python -m zjnews parse DIR -o OUT --jobs J -q`` (start-up included), and
    the CPU seconds of the command and its workers."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "zjnews", "parse", str(directory), "-o", str(out), "--jobs", str(jobs), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):  # 1: some page failed (reported in the output), not a crash
        raise SystemExit(f"zjnews parse --jobs {jobs} failed ({result.returncode}): {result.stderr[-2000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def jobs_speedup(paths: Sequence[Path], repeat: int) -> tuple[dict[int, float], dict[int, float], bool]:
    """Best wall seconds and best CPU seconds of ``--jobs 1`` and ``--jobs 2`` over ``paths``;
    whether the two outputs are identical."""
    with tempfile.TemporaryDirectory(prefix="zjnews-bench-") as tmp:
        directory = Path(tmp) / "pages"
        directory.mkdir()
        for path in paths:
            os.symlink(path.resolve(), directory / path.name)
        walls: dict[int, list[float]] = {1: [], 2: []}
        cpus: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(repeat):
            for jobs in (1, 2):
                wall, cpu = jobs_run(directory, jobs, Path(tmp) / f"out{jobs}.jsonl")
                walls[jobs].append(wall)
                cpus[jobs].append(cpu)
        same = (Path(tmp) / "out1.jsonl").read_bytes() == (Path(tmp) / "out2.jsonl").read_bytes()
    return {j: min(w) for j, w in walls.items()}, {j: min(c) for j, c in cpus.items()}, same


# ---------------------------------------------------------------------------- 6. installed size

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def runtime_dependencies(name: str = "zjnews") -> list[str]:
    """The distributions ``name`` needs at run time (no extras), dependencies of dependencies included."""
    seen: dict[str, None] = {}
    todo = [name]
    while todo:
        dist = importlib.metadata.distribution(todo.pop())
        for requirement in dist.requires or []:
            if "extra ==" in requirement.replace("extra==", "extra =="):
                continue
            match = _NAME.match(requirement)
            if match is None:
                continue
            marker = requirement.split(";", 1)[1] if ";" in requirement else ""
            if "python_version" in marker or "sys_platform" in marker or "platform_" in marker:
                try:
                    from packaging.markers import Marker

                    if not Marker(marker).evaluate():
                        continue
                except ImportError:
                    pass
            key = importlib.metadata.distribution(match.group(0)).metadata["Name"]
            if key not in seen:
                seen[key] = None
                todo.append(key)
    return list(seen)


def installed_size(dist_name: str) -> int:
    """Bytes of the files the installer recorded for ``dist_name`` (its RECORD), bytecode included."""
    dist = importlib.metadata.distribution(dist_name)
    total = 0
    for file in dist.files or []:
        path = Path(str(dist.locate_file(file)))
        if path.is_file():
            total += path.stat().st_size
    # bytecode written after installation is not in RECORD
    for file in dist.files or []:
        if str(file).endswith(".py"):
            cache = Path(str(dist.locate_file(file))).parent / "__pycache__"
            if cache.is_dir():
                stem = Path(str(file)).stem + "."
                total += sum(p.stat().st_size for p in cache.iterdir() if p.name.startswith(stem))
    return total


# ---------------------------------------------------------------------------- 7. stage shares


def _prepare() -> Callable[[str], tuple[str, tuple[Any, ...]]]:
    """The stage before repair: the one text preparation, with its hidden-break decisions."""
    from zjnews.prepare import prepare_page

    return prepare_page


def staged(data: bytes, clock: dict[str, float], peaks: dict[str, list[float]] | None = None) -> zjnews.Page:
    """``pipeline.parse_bytes`` stage by stage, adding each stage's CPU seconds to ``clock``; with
    ``peaks`` (and tracemalloc tracing), each stage's traced peak over ``len(data)`` is appended."""
    from zjnews.blocks import split_blocks
    from zjnews.dedup import remove_duplicates
    from zjnews.page_cache import forget_page
    from zjnews.pipeline import assemble_page, collect_page
    from zjnews.roles import assign_roles

    options = zjnews.Options()
    prepare = _prepare()

    def timed(name: str, function: Callable[..., Any], *args: Any) -> Any:
        if peaks is not None:
            tracemalloc.reset_peak()
        start = time.process_time()
        result = function(*args)
        clock[name] = clock.get(name, 0.0) + time.process_time() - start
        if peaks is not None:
            peaks.setdefault(name, []).append(tracemalloc.get_traced_memory()[1] / len(data))
        return result

    try:
        text = timed("decode", decode_bytes, data)
        prepared, breaks = timed("prepare", prepare, text)
        text = prepared
        log = []
        for registered in PASSES:
            if getattr(options, registered.option):
                text, repairs = timed(f"repair: {registered.name}", apply_pass, text, registered.function)
                log.extend(repairs)
        blocks = timed("blocks", split_blocks, text, prepared)
        roles = timed("roles", assign_roles, blocks, options)
        dedup = timed("dedup", remove_duplicates, roles.blocks, options)
        page = timed("assemble", assemble_page, dedup.blocks, options)
        return collect_page(log, roles, dedup, page, None, breaks)
    finally:
        forget_page()  # as the pipeline does: no stage finds answers about an earlier page


def stage_shares(paths: Sequence[Path], repeat: int) -> tuple[dict[str, float], bool]:
    """Each stage's CPU seconds per page (least over ``repeat`` passes); whether the staged run
    gives the same pages as ``zjnews.parse_bytes`` (so that it times what the pipeline does)."""
    datas = [p.read_bytes() for p in paths]
    same = all(
        staged(d, {}).to_dict() == pipeline.parse_bytes(d).to_dict() for d in datas[: min(len(datas), 20)]
    )
    best: dict[str, float] = {}
    for _ in range(repeat):
        clock: dict[str, float] = {}
        for data in datas:
            staged(data, clock)
        for name, seconds in clock.items():
            best[name] = min(best.get(name, float("inf")), seconds / len(datas))
    return best, same


# ---------------------------------------------------------------------------- identical outputs


def digests(paths: Sequence[Path]) -> dict[str, str]:
    """SHA-256 of each page's ``to_dict()`` (canonical JSON), by file name."""
    out = {}
    for path in paths:
        try:
            result: object = zjnews.parse_file(path).to_dict()
        except zjnews.ZjnewsError as exc:
            result = {"error": type(exc).__name__, "message": str(exc)}
        blob = json.dumps(result, ensure_ascii=False, sort_keys=True).encode("utf-8")
        out[f"{path.parent.name}/{path.name}"] = hashlib.sha256(blob).hexdigest()
    return out


def output_paths() -> list[Path]:
    paths = list(SEEDS)
    if DEV_PAGES.is_dir():
        paths += sorted(DEV_PAGES.glob("*.txt"))
    return paths


# ---------------------------------------------------------------------------- report


def report(args: argparse.Namespace) -> int:
    repeat = args.repeat
    baseline = load_baseline()
    paths, label = page_paths()
    sample = paths[: args.pages]
    texts = [decode_bytes(p.read_bytes()) for p in paths]
    lines: list[str] = []
    say = lines.append

    load_before = load_average()
    imp_cpu, first_cpu = fresh_process(sample[0], repeat)
    imp_total, imp_top = import_time(repeat)
    ours, naive = throughput(sample, baseline, repeat)
    linear = {f: concatenated(texts, f, repeat) for f in (16, 32) if len(texts) >= f}
    mem_median, mem_worst, mem_largest, mem_stages = memory(texts[: args.pages])
    jobs_pages = paths[: args.jobs_pages]
    walls, cpus, same = jobs_speedup(jobs_pages, repeat) if not args.no_jobs else ({}, {}, True)
    deps = runtime_dependencies()
    sizes = {d: installed_size(d) for d in deps}
    shares, staged_same = stage_shares(sample, repeat)
    load_after = load_average()

    say(f"# zjnews {zjnews.__version__} benchmark\n")
    say(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs "
        f"({usable_cpus()} usable by this process); load average {load_before} at the start, "
        f"{load_after} at the end. {label.capitalize()}: {len(sample)} for the per-page figures, "
        f"{len(jobs_pages)} for `--jobs`, "
        f"{sum(len(t.encode()) for t in texts[: len(sample)]) / len(sample) / 1024:.1f} KiB a page on average. "
        f"Every figure is the best of {repeat} runs; CPU time (`time.process_time`) except for `--jobs`.\n"
    )
    say("| | measured | target | |")
    say("|---|---|---|---|")

    def row(name: str, value: str, target: str, ok: bool) -> None:
        say(f"| {name} | {value} | {target} | {'met' if ok else '**missed**'} |")

    row(
        "first `parse_text` in a fresh process (CPU; with the import)",
        f"{first_cpu:.3f} s ({imp_cpu + first_cpu:.3f} s)",
        "≤ 0.25 s",
        first_cpu <= 0.25,
    )
    row(
        "`import zjnews` in a fresh process (CPU; `-X importtime` cumulative)",
        f"{imp_cpu:.3f} s ({imp_total:.3f} s)",
        "≤ 0.15 s",
        imp_cpu <= 0.15,
    )
    row(
        "throughput per core (pages per CPU-second); time against the naive baseline",
        f"{1 / ours:,.0f} pages/s; {ours / naive:.1f}× naive ({1 / naive:,.0f} pages/s)",
        "≥ 200 pages/s, ≤ 2× naive",
        1 / ours >= 200 and ours / naive <= 2,
    )
    for factor, (apart, whole, kib, _) in linear.items():
        row(
            f"one page made of {factor} pages ({kib:,} KiB) vs the {factor} apart (CPU)",
            f"{whole / apart:.2f}× ({whole:.3f} s vs {apart:.3f} s)",
            "≤ 1.15×",
            whole / apart <= 1.15,
        )
    row(
        "tracemalloc peak per page / its UTF-8 size",
        f"median {mem_median:.1f}×, worst {mem_worst:.1f}×, largest page {mem_largest:.1f}×",
        "≤ 15×",
        mem_worst <= 15,
    )
    if walls:
        row(
            f"`zjnews parse --jobs 2` vs `--jobs 1`, {len(jobs_pages)} pages (wall; CPU of all processes)",
            f"{walls[1] / walls[2]:.2f}× ({walls[1]:.2f} s vs {walls[2]:.2f} s; CPU {cpus[1]:.2f} s vs "
            f"{cpus[2]:.2f} s, so at best {2 * cpus[1] / cpus[2]:.2f}× on two idle cores; outputs identical: {same})",
            "≥ 1.8×",
            walls[1] / walls[2] >= 1.8,
        )
    total = sum(sizes.values())
    row(
        "installed size of the runtime dependencies",
        f"{total / 1e6:.1f} MB ({len(sizes)} distributions)",
        "≤ 20 MB",
        total <= 20e6,
    )

    say("\n## `import zjnews`: own time of the slowest modules (`-X importtime`, best run)\n")
    say("| module or package | own ms |")
    say("|---|---:|")
    for name, seconds in imp_top:
        say(f"| {name} | {seconds * 1e3:.1f} |")

    say("\n## Where a page's time goes (CPU, per page)\n")
    say(f"Staged run identical to `parse_bytes`: {staged_same}.\n")
    say("| stage | ms/page | share | tracemalloc peak in the stage / page size (median) |")
    say("|---|---:|---:|---:|")
    stage_total = sum(shares.values())
    for name, seconds in shares.items():
        say(f"| {name} | {seconds * 1e3:.2f} | {seconds / stage_total:.0%} | {mem_stages.get(name, 0):.1f}× |")
    say(f"| **total** | {stage_total * 1e3:.2f} | 100% | |")
    say(f"| naive baseline (whole) | {naive * 1e3:.2f} | | |")

    if linear:
        factors = list(linear)
        say("\n## One page made of many: each stage's time on the joined page / on the pages apart (CPU)\n")
        say("| stage | " + " | ".join(f"×{f}" for f in factors) + " |")
        say("|---|" + "---:|" * len(factors))
        for name in linear[factors[0]][3]:
            say(f"| {name} | " + " | ".join(f"{linear[f][3][name]:.2f}" for f in factors) + " |")

    say("\n## Installed size of the runtime dependencies\n")
    say("| distribution | MB |")
    say("|---|---:|")
    for name, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        say(f"| {name} | {size / 1e6:.1f} |")
    say(f"| **total** | {total / 1e6:.1f} |")
    print("\n".join(lines))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement and print a Markdown report (or save/compare output digests)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (the best is kept)")
    parser.add_argument("--pages", type=int, default=100, help="pages for the per-page figures")
    parser.add_argument("--jobs-pages", type=int, default=400, help="pages for the --jobs comparison")
    parser.add_argument("--quick", action="store_true", help="1 run each, 30 pages, 100 for --jobs")
    parser.add_argument("--no-jobs", action="store_true", help="leave out the --jobs comparison")
    parser.add_argument("--save-outputs", type=Path, help="write the digest of every page's to_dict() here")
    parser.add_argument("--compare-outputs", type=Path, help="compare every page's to_dict() with a saved run")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.pages, args.jobs_pages = 1, 30, 100
    if args.save_outputs or args.compare_outputs:
        now = digests(output_paths())
        if args.save_outputs:
            args.save_outputs.write_text(json.dumps(now, indent=0, sort_keys=True), encoding="utf-8")
            print(f"{len(now)} page digests written to {args.save_outputs}")
        if args.compare_outputs:
            before = json.loads(args.compare_outputs.read_text(encoding="utf-8"))
            changed = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
            print(f"{len(now)} pages, {len(changed)} with a different to_dict()")
            for name in changed:
                print(f"  {name}")
            return 1 if changed else 0
        return 0
    return report(args)


if __name__ == "__main__":
    sys.exit(main())
