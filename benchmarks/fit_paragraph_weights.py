"""Fit the paragraph-boundary weights table (``src/zjnews/data/paragraph_weights.json``).

    PYTHONPATH=src:benchmarks python benchmarks/fit_paragraph_weights.py [--write] [--fit even] [--report odd]

``hidden_break``: does a printed paragraph end at a sentence end followed by a space inside a
line (:func:`zjnews.prepare.hidden_break_candidates`)? One example per candidate of the
development pages' dumps (line ends normalised as the library does), labelled from the gold:
1 when the text after the space opens a gold paragraph, 0 when it stands inside one, no label
when it is in no paragraph (a credit, a caption, a byline set apart from the text). A logistic
regression (Newton's method, L2 penalty 1.0 on the weights, none on the intercept) whose
log-odds is the score the library weighs; ``threshold`` is minus the intercept.

Pages are read at run time and nothing of them is written: only the fitted numbers. The
accuracy of the table before and after is reported on the pages not fitted on.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from assembly_gold import dev_pages, load_norm

import zjnews.paragraph_weights as weights_module
from zjnews.prepare import hidden_break_candidates, hidden_break_score, normalize_newlines

TABLE = Path(weights_module.__file__).parent / weights_module.WEIGHTS_FILE
FEATURES = ("no_width", "left_full", "left_long", "next_indented", "next_full", "after_quote")
_PROBE = 8

Rows = list[tuple[dict[str, float], int]]


def examples(parity: str) -> Rows:
    """(signals, label) of every labelled candidate on the ``parity`` pages."""
    norm = load_norm()
    rows: Rows = []
    for _, text, gold in dev_pages(parity):
        paragraphs = [norm(p) for a in gold["articles"] for p in a["paragraphs"] if norm(p)]
        starts = {p[:_PROBE] for p in paragraphs}
        stream = "\x00".join(paragraphs)
        for line in normalize_newlines(text).split("\n"):
            for _, text_start, signals in hidden_break_candidates(line):
                probe = norm(line[text_start : text_start + 4 * _PROBE])[:_PROBE]
                if len(probe) < _PROBE:
                    continue
                if probe in starts:
                    rows.append((signals, 1))
                elif probe in stream:
                    rows.append((signals, 0))
    return rows


def fit(rows: Rows, penalty: float = 1.0) -> dict[str, float]:
    """The weights (and threshold) of a logistic regression on ``rows``."""
    x = np.array([[f.get(name, 0.0) for name in FEATURES] + [1.0] for f, _ in rows])
    y = np.array([label for _, label in rows], dtype=float)
    ridge = np.diag([penalty] * len(FEATURES) + [0.0])
    beta = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ beta))
        gradient = x.T @ (p - y) + ridge @ beta
        hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    table = {"threshold": round(float(-beta[-1]), 4)}
    table.update({name: round(float(w), 4) for name, w in zip(FEATURES, beta[:-1], strict=True)})
    return table


def accuracy(rows: Rows, table: dict[str, float] | None = None) -> float:
    """Share of ``rows`` the table decides right (the library's table when None)."""
    if not rows:
        return 0.0

    def score(f: dict[str, float]) -> float:
        if table is None:
            return hidden_break_score(f)
        return sum(table.get(name, 0.0) * value for name, value in f.items()) - table["threshold"]

    return sum((score(f) > 0) == bool(label) for f, label in rows) / len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fit", default="even", choices=("even", "odd", "all"))
    parser.add_argument("--report", default="odd", choices=("even", "odd", "all"))
    parser.add_argument("--penalty", type=float, default=1.0)
    parser.add_argument("--write", action="store_true", help="write the fitted weights into the table")
    args = parser.parse_args(argv)
    train, held = examples(args.fit), examples(args.report)
    table = fit(train, args.penalty)
    print(f"hidden_break: {len(train)} candidates fitted ({sum(y for _, y in train)} paragraph ends)")
    print(f"  {args.fit}: accuracy {accuracy(train):.4f} with the table, {accuracy(train, table):.4f} fitted")
    print(f"  {args.report}: accuracy {accuracy(held):.4f} with the table, {accuracy(held, table):.4f} fitted")
    print(json.dumps(table, indent=1))
    if args.write:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
        data["hidden_break"] = {"about": data["hidden_break"].get("about", ""), **table}
        TABLE.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"written to {TABLE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
