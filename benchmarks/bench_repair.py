"""Throughput of the character repair stage beside ftfy alone, on the seed pages.

Run from the repository root::

    python benchmarks/bench_repair.py [--copies N] [--rounds R]

The five seed pages are concatenated ``N`` times; each figure is the best of ``R`` rounds.
Prints MB/s (UTF-8 bytes of input per second) of ``ftfy.fix_text`` alone (CJK-safe
settings) and of the full :func:`zjnews.repair_text` stage, and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import ftfy  # noqa: E402

from zjnews.repair import repair_text  # noqa: E402

CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, normalization=None)


def best_seconds(function: Callable[[], object], rounds: int) -> float:
    """The fastest of ``rounds`` runs of ``function``, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    text = "\n\n".join(pages * args.copies)
    megabytes = len(text.encode("utf-8")) / 1e6
    repair_text(pages[0])  # load the lexicon and OpenCC before timing
    ftfy_s = best_seconds(lambda: ftfy.fix_text(text, CONFIG), args.rounds)
    repair_s = best_seconds(lambda: repair_text(text), args.rounds)
    print(f"input: {megabytes:.2f} MB ({len(pages)} seed pages x {args.copies})")
    print(f"ftfy.fix_text alone:  {megabytes / ftfy_s:6.2f} MB/s")
    print(f"zjnews.repair_text:   {megabytes / repair_s:6.2f} MB/s")
    print(f"repair / ftfy time:   {repair_s / ftfy_s:6.2f}x")


if __name__ == "__main__":
    main()
