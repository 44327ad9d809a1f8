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


STAGES = (
    "repair_text",
    "split_blocks",
    "assign_roles",
    "remove_duplicates",
    "lay_out",
    "link_open_ends",
    "chain_paragraphs",
    "interleaved_zone",
    "relink_zone",
    "zone_owners",
    "place",
    "settle_bylines",
    "finish",
)
"""The stages and assembly sub-stages ``zjnews.pipeline`` calls, timed by ``--per-stage``."""


def per_stage(group: list[str], joined: str, rounds: int) -> dict[str, tuple[float, float]]:
    """CPU seconds of each stage over the pages apart and on the joined page (least of ``rounds``)."""
    from zjnews import pipeline

    clock: dict[str, float] = {}
    originals = {name: getattr(pipeline, name) for name in STAGES}

    def timed(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                clock[name] = clock.get(name, 0.0) + time.process_time() - start

        return run

    best: dict[str, list[float]] = {name: [float("inf"), float("inf")] for name in STAGES}
    try:
        for name, function in originals.items():
            setattr(pipeline, name, timed(name, function))
        for _ in range(rounds):
            for side, texts in enumerate((group, [joined])):
                clock.clear()
                for text in texts:
                    zjnews.parse_text(text)
                for name in STAGES:
                    best[name][side] = min(best[name][side], clock.get(name, 0.0))
    finally:
        for name, function in originals.items():
            setattr(pipeline, name, function)
    return {name: (apart, together) for name, (apart, together) in best.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-stage", action="store_true", help="also time each stage and assembly sub-stage")
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
        if args.per_stage:
            for name, (alone, whole) in per_stage(group, joined, args.rounds).items():
                ratio = f"{whole / alone:.2f}" if alone else "-"
                print(f"    {name:18} apart {alone:.4f}s  as one page {whole:.4f}s  ratio {ratio}")
    print(f"median ratio {statistics.median(ratios):.2f} (target <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
