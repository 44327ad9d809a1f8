"""Cost of one page made of 16 pages against the 16 pages parsed apart (linear cost of the pipeline).

    PYTHONPATH=src python benchmarks/bench_concat.py [--groups 5] [--rounds 3] [--per-stage]

Takes groups of 16 development pages (``../shared/dev/pages``, read at run time; the seeds,
each used several times over, when that folder is absent), parses each page alone and the 16
concatenated as one page (``zjnews.parse_text``), and prints the ratio of the two times (target:
≤ 1.2). ``--per-stage`` splits the time of the assembly's sub-stages.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import zjnews

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "dev" / "pages"


def pages() -> list[str]:
    if DEV.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
    print(f"note: {DEV} is absent; using the seeds", file=sys.stderr)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    return seeds * 16


def best_of(function: Callable[[], object], rounds: int) -> float:
    """The least CPU time of ``rounds`` runs (CPU time: other processes on the machine count less)."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    texts = pages()
    ratios = []
    for g in range(args.groups):
        group = texts[g * 16 : (g + 1) * 16]
        if len(group) < 16:
            break
        joined = "\n\n".join(group)
        apart = together = float("inf")
        for _ in range(args.rounds):  # alternated, so that a busy spell weighs on both
            apart = min(apart, best_of(lambda group=group: [zjnews.parse_text(t) for t in group], 1))
            together = min(together, best_of(lambda joined=joined: zjnews.parse_text(joined), 1))
        ratios.append(together / apart)
        print(f"group {g}: apart {apart:.3f}s, as one page {together:.3f}s, ratio {together / apart:.2f}")
    print(f"median ratio {statistics.median(ratios):.2f} (target <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
