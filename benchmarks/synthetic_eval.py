"""Score zjnews on synthetic pages built like the hidden evaluation pages: clean articles written for
the tests, rendered with every kind of layout damage and character damage, gold known by construction.

    python benchmarks/synthetic_eval.py --pages 300 [--seed 1] [--show 3]

Prints the scorer's summary line (with text_exact and text_cer, since the gold is clean text).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import zjnews  # noqa: E402
from synthetic import evaluation_pages  # noqa: E402
from zjnews.evaluate import Report, evaluate_page  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print this many worst pages")
    parser.add_argument("--clean", action="store_true", help="no character damage")
    parser.add_argument(
        "--pool",
        choices=("development", "held-out", "final", "all"),
        default="final",
        help="articles to compose from (tests/synthetic.py POOLS): the 10 the tests use, 40 first held out, "
        "30 only ever measured on (default), or all",
    )
    parser.add_argument("--misread", type=float, default=0.1, help="share of body lines with an OCR misreading")
    parser.add_argument("--garble", type=float, default=0.02, help="share of body lines in the wrong code page")
    args = parser.parse_args()
    scores = []
    worst = []
    pages = evaluation_pages(
        args.pages, seed=args.seed, pool=args.pool, misread_rate=args.misread, garble_rate=args.garble, clean=args.clean
    )
    for page in pages:
        parsed = zjnews.parse_text(page.text)
        score = evaluate_page(page.gold, parsed)
        scores.append(score)
        worst.append((score.bcubed_f1, page.number, page.text, parsed))
    report = Report(tuple(scores))
    print(report.summary_line())
    for f1, number, text, parsed in sorted(worst, key=lambda w: w[0])[: args.show]:
        print(f"\n=== page {number} f1={f1:.3f}\n{text}\n--- parsed:")
        for article in parsed:
            print(f"# {article.title} | {article.authors} | {[str(c) for c in article.captions]}")
            for paragraph in article.paragraphs:
                print("   ", paragraph)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
