"""Character damage → repair round trips on the articles written for the tests.

    python benchmarks/synthetic_eval.py [--pool final] [--seed 1]

Each paragraph of the pool's articles (clean text written for the tests, ``tests/synthetic.py``)
is damaged in one way at a time, the way page dumps are damaged, and run through
``zjnews.repair_text``; the table says, for each kind of damage, how many paragraphs the damage
changed, how many the repair brought back exactly, and the character error rate before and after
(edit distance / clean characters). The row ``none`` feeds the clean text: any change there is an
error the repair made.

This measures the repair passes one damage at a time, not page quality: the generator only
produces what it was written to produce. Quality is measured on the seeds and the development
pages (``zjnews evaluate``, docs/evaluation.md).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import zjnews  # noqa: E402
from synthetic import _HALF, _T2S_TO_T, ARTICLES, POOLS, garble, misread  # noqa: E402
from zjnews.evaluate import edit_distance  # noqa: E402


def _wrap_spaces(text: str, rng: random.Random) -> str:
    width = rng.randint(15, 19)
    return " ".join(text[i : i + width] for i in range(0, len(text), width))


DAMAGE: dict[str, Callable[[str, random.Random], str]] = {
    "none": lambda text, rng: text,
    "half-width punctuation": lambda text, rng: text.translate(_HALF),
    "ASCII quotes": lambda text, rng: re.sub("[“”]", '"', text),
    "wrap spaces": _wrap_spaces,
    "traditional script": lambda text, rng: _T2S_TO_T.convert(text),
    "OCR misreading": lambda text, rng: misread(text, rng, rate=1.0)[0],
    "wrong code page": lambda text, rng: garble(text, rng, rate=1.0),
}
"""One kind of damage each, as tests/synthetic.py applies it to a page's lines."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--pool", choices=sorted(POOLS), default="final", help="articles to damage (tests/synthetic.py POOLS)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paragraphs = [str(p) for i in POOLS[args.pool] for p in ARTICLES[i]["paragraphs"]]  # type: ignore[attr-defined]
    chars = sum(len(p) for p in paragraphs)
    print(f"{len(paragraphs)} paragraphs, {chars} characters ({args.pool} pool)\n")
    print("| damage | damaged | repaired exactly | CER before | CER after |")
    print("|---|---|---|---|---|")
    for name, damage in DAMAGE.items():
        rng = random.Random(f"{args.seed} {name}")
        damaged_n = repaired_n = before = after = 0
        for clean in paragraphs:
            damaged = damage(clean, rng)
            repaired = zjnews.repair_text(damaged).text
            changed = damaged != clean
            damaged_n += changed
            repaired_n += changed and repaired == clean
            before += edit_distance(damaged, clean)
            after += edit_distance(repaired, clean)
        if name == "none":  # the clean text: the repair must leave every paragraph as it is
            exact = f"unchanged {sum(1 for p in paragraphs if zjnews.repair_text(p).text == p)}/{len(paragraphs)}"
        else:
            exact = f"{repaired_n}/{damaged_n}"
        print(f"| {name} | {damaged_n} | {exact} | {before / chars:.4f} | {after / chars:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
