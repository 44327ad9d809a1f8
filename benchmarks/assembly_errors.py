"""Assembly errors on the development pages, by cause.

    PYTHONPATH=src python benchmarks/assembly_errors.py [--parity even|odd|all] [--show CAUSE]

Compares the block-to-block relations the library makes (a block joined to another inside a
paragraph, a paragraph following another) with those the gold shows (see ``assembly_gold.py``)
and counts each missed or wrong relation under one cause:

- ``end_unpunctuated_joined``: a paragraph ending without sentence punctuation (a summary line,
  a line ending in ``：``, an in-body subhead) joined to the next paragraph;
- ``sentence_end_break_missed``: a paragraph broken at a column break exactly at a sentence end,
  not rejoined;
- ``open_end_missed``: a sentence broken off and its continuation not found (or a wrong one);
- ``fresh_paragraph_misplaced``: a paragraph starting a fresh sentence placed after the wrong one
  (interleaved continuations and packages);
- ``stolen``: a block linked to an open end of another article (text stolen from its article);
- ``other``.
"""

from __future__ import annotations

import argparse
import collections
import sys

from assembly_gold import dev_pages, gold_page, load_norm, parse_layout, predicted_relations

from zjnews.chinese import ends_closed, ends_open


def classify(parity: str, show: str | None) -> collections.Counter[str]:
    norm = load_norm()
    counts: collections.Counter[str] = collections.Counter()
    for name, text, gold in dev_pages(parity):
        parsed = parse_layout(text)
        page = gold_page(gold, norm)
        bodies = parsed.layout.bodies
        where = [page.locate(norm(b.block.text)) for b in bodies]
        truth: dict[tuple[int, int], str] = {}
        by_start = {loc[0]: j for j, loc in enumerate(where) if loc is not None}
        for i, loc in enumerate(where):
            if loc is None:
                continue
            for offset, kind in ((0, "join"), (1, "follow")):
                j = by_start.get(loc[1] + offset)
                if j is not None and j != i and page.relation(loc, where[j]) == kind:
                    truth[(i, j)] = kind
        predicted = predicted_relations(parsed)
        counts["gold_relations"] += len(truth)
        for pair, kind in truth.items():
            got = predicted.get(pair)
            if got == kind:
                counts["right"] += 1
                continue
            i, j = pair
            left = bodies[i].block.text
            if kind == "follow" and got == "join":
                cause = "end_unpunctuated_joined"
            elif kind == "join" and ends_closed(left):
                cause = "sentence_end_break_missed"
            elif kind == "join" or (kind == "follow" and ends_open(left)):
                cause = "open_end_missed"
            else:
                cause = "fresh_paragraph_misplaced"
            counts[cause] += 1
            if show == cause:
                print(f"{name} {cause} [{left[-30:]}] -> [{bodies[j].block.text[:30]}] got={got}")
        for pair, got in predicted.items():
            i, j = pair
            if pair in truth or where[i] is None or where[j] is None:
                continue
            if ends_open(bodies[i].block.text) and got == "join":
                counts["stolen"] += 1
                if show == "stolen":
                    print(f"{name} stolen [{bodies[i].block.text[-30:]}] -> [{bodies[j].block.text[:30]}]")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parity", choices=("even", "odd", "all"), default="all")
    parser.add_argument("--show", help="print each error of this cause")
    args = parser.parse_args(argv)
    counts = classify(args.parity, args.show)
    total = counts["gold_relations"]
    for cause, n in counts.most_common():
        print(f"{cause:28} {n:6d} {n / max(1, total):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
