"""Fit the assembly's weights table (``src/zjnews/assemble/weights.json``) on the development pages.

    PYTHONPATH=src:benchmarks python benchmarks/fit_assembly_weights.py [--write] [--fit even] [--report odd]

Two decisions are fitted, each a logistic regression (Newton's method, a small L2 penalty) whose
log-odds is the score the library weighs:

- ``link``: does open end *i* continue in block *j* (the gold shows *j* right after *i*, in the
  same paragraph or as the next paragraph)? One example per pair the library scores (the same
  candidates, the same windows; in an interleaved zone the second round's pairs too). The
  assignment then maximises the total log-odds over the pairs with positive log-odds.
- ``paragraph_end``: when the next block continues an open end, does a new paragraph start
  there (the gold's paragraph ends at the break) or do the two join?

Labels come from locating each body block in the gold (``assembly_gold.py``). Pages are read at
run time and nothing of them is written: only the fitted numbers. The figures of the reference
scorer are then reported on the pages not fitted on, with the table before and after.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
from assembly_gold import dev_pages, gold_page, load_norm, parse_layout

import zjnews
from zjnews.assemble import chain_paragraphs, interleaved_zone, link_open_ends
from zjnews.assemble import links as links_module
from zjnews.assemble import weights as weights_module

TABLE = Path(weights_module.__file__).with_name(weights_module.WEIGHTS_FILE)
LINK_FEATURES = (
    "adjacent",
    "adjacent_new_sentence",
    "adjacent_in_zone",
    "same_article_below",
    "after_boundary",
    "before_stranded",
    "before_in_flow",
    "across_headline_open_above",
    "across_headline",
    "widow",
    "widow_in_zone",
    "stranded_dangling",
    "closed_end",
    "end_after_colon",
    "vocabulary",
    "join_word",
    "vocabulary_far",
    "join_word_far",
    "dangling_far",
    "vocabulary_contrast_far",
    "vocabulary_open_above_far",
    "before_own_heading",
)
END_FEATURES = (
    "ends_function_word",
    "mid_clause",
    "after_colon",
    "after_semicolon",
    "closed",
    "join_word",
    "opens_sentence",
    "short_first_sentence",
    "first_under_headline",
    "opens_with_quote",
    "opens_with_date",
    "opens_with_speaker",
    "left_one_sentence",
    "left_short",
    "left_starts_paragraph",
    "second_under_headline",
    "left_long",
    "after_enumeration",
    "left_dateline",
    "ends_noun",
    "ends_verb",
    "quoted_below",
    "word_cut",
    "opens_with_time_word",
    "opens_with_preposition",
    "opens_with_pronoun",
    "opens_with_name",
    "opens_with_attribution",
)


LINE_FEATURES = (
    "line_join_word",
    "line_ends_function_word",
    "line_sentence_inside",
    "line_very_short",
    "line_parallel",
    "line_siblings",
    "line_after_open",
    "line_first_under_headline",
    "line_long_below",
    "line_open_below",
)
"""The ``sentence_end`` evidence on a short line without final punctuation (``Scoring.line_features``),
fitted apart from the sentence ends' (its own intercept becomes the ``unpunctuated`` weight)."""

BREAK_FEATURES = (
    "dangling",
    "split_mark",
    "attribution",
    "left_closes_quote",
    "quote_attributed",
    "right_short",
    "left_short",
    "opens_sentence",
    "opens_with_quote",
    "opens_with_date",
    "first_under_headline",
)


Group = tuple[list[dict[str, float]], int, float]
"""The scored candidates of one open end, the index of its true continuation (-1: none), and the
group's weight: the characters whose article the choice decides (a continuation found away from
its open end moves a whole block between articles; the next block stays in its article anyway)."""


def reach(parity: str) -> int:
    """The farthest (in body blocks) any block stands from the block the gold continues it with,
    plus a quarter: the window the library searches (``reach``)."""
    norm = load_norm()
    farthest = 1
    for _, text, gold in dev_pages(parity):
        bodies = parse_layout(text).layout.bodies
        page = gold_page(gold, norm)
        where = [page.locate(norm(b.block.text)) for b in bodies]
        by_start = {loc[0]: j for j, loc in enumerate(where) if loc is not None}
        for i, loc in enumerate(where):
            for offset in (0, 1) if loc is not None else ():
                j = by_start.get(loc[1] + offset)
                if j is not None and page.relation(loc, where[j]) is not None:
                    farthest = max(farthest, abs(j - i))
    return farthest + (farthest + 3) // 4


def synthetic_pages(count: int) -> list[tuple[str, str, dict[str, Any]]]:
    """Pages composed from the tests' own articles (``tests/synthetic.py``, the ``development`` pool,
    layout damage only): packages with interleaved tails are frequent there, rare on the
    development pages."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from synthetic import evaluation_pages

    return [
        (f"synthetic-{p.number}", p.text, p.gold)
        for p in evaluation_pages(count, seed=7, pool="development", clean=True)
    ]


Rows = list[tuple[dict[str, float], int]]


def examples(parity: str, synthetic: int = 0) -> tuple[list[Group], Rows, Rows]:
    """Link groups, (features, label) of every adjacent continuation of an open end, and of every
    break after a finished sentence, on ``parity`` pages (and ``synthetic`` pages composed from
    the tests' articles)."""
    norm = load_norm()
    options = zjnews.Options()
    groups: list[Group] = []
    end_rows: Rows = []
    break_rows: Rows = []
    pages = [*dev_pages(parity), *synthetic_pages(synthetic)] if synthetic else dev_pages(parity)
    for _, text, gold in pages:
        layout = parse_layout(text).layout
        page = gold_page(gold, norm)
        where = [page.locate(norm(b.block.text)) for b in layout.bodies]
        by_start = {loc[0]: j for j, loc in enumerate(where) if loc is not None}
        first = links_module._scoring(layout)
        rounds: list[tuple[links_module.Scoring, frozenset[int]]] = [(first, frozenset())]
        for i, j in first.nxt.items():
            if layout.bodies[j].after_heading or where[i] is None or where[j] is None:
                continue
            text = layout.bodies[i].block.text
            if links_module.unpunctuated_line(text):
                # a short line without final punctuation: a complete line when its gold paragraph
                # ends with it (whatever follows it in the dump)
                end = where[i][1]
                break_rows.append((first.break_features(i, j), int(page.stream[end : end + 1] in ("", "\x00", "\x01"))))
            elif not links_module.ends_open(text):
                # a paragraph ends at this sentence end unless the gold joins the next block to it
                break_rows.append((first.break_features(i, j), int(page.relation(where[i], where[j]) != "join")))
        linking = link_open_ends(layout, options)
        zone = interleaved_zone(layout, linking)
        if zone:
            owners = chain_paragraphs(layout, linking.links).owner_of()
            scoring = links_module._scoring(layout).reading(owners)
            rounds.append((scoring, zone))
        for scoring, zone_of_round in rounds:
            candidates = [j for j, b in enumerate(layout.bodies) if not b.after_heading]
            by_open: dict[int, list[int]] = {}
            for i, j in scoring.pairs(zone_of_round, candidates):
                by_open.setdefault(i, []).append(j)
            for i, js in by_open.items():
                loc = where[i]
                if loc is None:
                    continue
                closed = not links_module.ends_open(layout.bodies[i].block.text)
                # the block the gold continues this one with, when the dump holds it
                successor = by_start.get(loc[1])
                if successor is None and not closed:
                    successor = by_start.get(loc[1] + 1)
                    if successor is not None and page.relation(loc, where[successor]) != "follow":
                        successor = None
                if successor is not None and successor not in js:
                    continue  # out of reach: says nothing about the weights
                rows = []
                label = -1
                for j in js:
                    features = scoring.layout_features(i, j, zone_of_round)
                    features.update(scoring.text_features(i, j, zone_of_round))
                    if j == successor:
                        label = len(rows)
                    rows.append(features)
                moved = successor is not None and scoring.nxt.get(i) != successor
                size = len(layout.bodies[successor].block.text) if moved and successor is not None else 0
                weight = 1.0 + size / 100
                groups.append((rows, label, weight))
                if successor is not None and scoring.nxt.get(i) == successor and not closed:
                    relation = page.relation(loc, where[successor])
                    end_rows.append((scoring.end_features(i, successor), int(relation == "follow")))
    return groups, end_rows, break_rows


_HELD = 1e6
"""The penalty that holds a weight at its prior."""


def fit_choice(
    groups: list[Group],
    names: Iterable[str],
    penalty: float = 1.0,
    prior: dict[str, float] | None = None,
    hold: Iterable[str] = (),
) -> dict[str, float]:
    """Conditional logit (each open end chooses one candidate or none, none scoring 0) by Newton's method.

    A candidate's score is its log-odds against leaving the open end without a continuation, which is
    what the assignment weighs; ``threshold`` is minus the intercept. The L2 penalty pulls the weights
    towards ``prior`` (the table as it stood), so that evidence the pages rarely show keeps its weight.
    """
    names = list(names)
    x_rows = []
    group_of = []
    chosen = []
    for g, (rows, label, _) in enumerate(groups):
        for k, features in enumerate(rows):
            x_rows.append([1.0] + [features.get(n, 0.0) for n in names])
            group_of.append(g)
            chosen.append(k == label)
    x = np.array(x_rows)
    gid = np.array(group_of)
    n_groups = len(groups)
    group_weight = np.array([weight for _, _, weight in groups])
    row_weight = group_weight[gid]
    y = np.array(chosen, dtype=float) * row_weight
    prior = prior or {}
    center = np.array([-prior.get("threshold", 0.0)] + [prior.get(n, 0.0) for n in names])
    beta = center.copy()
    ridge = penalty * np.eye(x.shape[1])
    for k, name in enumerate(["threshold", *names]):
        if name in hold:
            ridge[k, k] = _HELD

    def state(beta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        s = x @ beta
        top = np.zeros(n_groups)  # the "none" choice scores 0
        np.maximum.at(top, gid, s)
        e = np.exp(s - top[gid])
        denominator = np.exp(-top)
        np.add.at(denominator, gid, e)
        offset = beta - center
        log_likelihood = float(y @ s - group_weight @ (top + np.log(denominator)) - 0.5 * offset @ ridge @ offset)
        return log_likelihood, e / denominator[gid], s

    current, p, _ = state(beta)
    for _ in range(200):
        mean = np.zeros((n_groups, x.shape[1]))
        np.add.at(mean, gid, p[:, None] * x)
        gradient = x.T @ y - group_weight @ mean - ridge @ (beta - center)
        hessian = (x * (p * row_weight)[:, None]).T @ x - (mean * group_weight[:, None]).T @ mean + ridge
        step = np.linalg.solve(hessian, gradient)
        size = 1.0
        while size > 1e-6:  # backtracking: never a step that lowers the likelihood
            trial, trial_p, _ = state(beta + size * step)
            if trial >= current - 1e-12:
                break
            size /= 2
        beta = beta + size * step
        improved = trial - current
        current, p = trial, trial_p
        if np.abs(size * step).max() < 1e-7 or improved < 1e-10:
            break
    out = {"threshold": round(float(-beta[0]), 4)}
    out.update({n: round(float(b), 4) for n, b in zip(names, beta[1:], strict=True)})
    return out


def choice_accuracy(groups: list[Group], w: dict[str, float]) -> float:
    """Share of open ends whose best-scoring candidate (or none) is the true one."""
    right = 0
    for rows, label, _ in groups:
        scores = [sum(w.get(n, 0.0) * v for n, v in f.items()) - w["threshold"] for f in rows]
        best = max(range(len(scores)), key=scores.__getitem__, default=-1)
        pick = best if best >= 0 and scores[best] > 0 else -1
        right += pick == label
    return right / max(1, len(groups))


def fit(
    rows: list[tuple[dict[str, float], int]],
    names: Iterable[str],
    penalty: float = 1.0,
    prior: dict[str, float] | None = None,
) -> dict[str, float]:
    """Logistic regression by Newton's method; returns the weights and ``threshold`` (minus the intercept).

    The L2 penalty pulls each weight towards its ``prior`` (0 when it has none), so that evidence the
    pages never show keeps the weight the table gives it."""
    names = list(names)
    x = np.array([[1.0] + [f.get(n, 0.0) for n in names] for f, _ in rows])
    y = np.array([label for _, label in rows], dtype=float)
    prior = prior or {}
    center = np.array([0.0] + [prior.get(n, 0.0) for n in names])
    beta = center.copy()
    ridge = penalty * np.eye(x.shape[1])
    ridge[0, 0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (y - p) - ridge @ (beta - center)
        hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    out = {"threshold": round(float(-beta[0]), 4)}
    out.update({n: round(float(b), 4) for n, b in zip(names, beta[1:], strict=True)})
    return out


def fit_lines(rows: list[tuple[dict[str, float], int]], threshold: float, penalty: float) -> dict[str, float]:
    """The ``sentence_end`` weights of the short lines without final punctuation: a logistic
    regression of their own, its intercept carried by the ``unpunctuated`` weight (the sentence
    ends' ``threshold`` is subtracted from every score)."""
    fitted = fit(rows, LINE_FEATURES, penalty)
    lines = {name: value for name, value in fitted.items() if name != "threshold"}
    return {"unpunctuated": round(threshold - fitted["threshold"], 4), **lines}


def accuracy(rows: list[tuple[dict[str, float], int]], w: dict[str, float]) -> float:
    right = sum(
        (sum(w.get(n, 0.0) * v for n, v in f.items()) - w["threshold"] > 0) == bool(label) for f, label in rows
    )
    return right / max(1, len(rows))


def report(parity: str, scorer: Callable[..., Any]) -> dict[str, float]:
    """The reference scorer's aggregate on ``parity`` pages with the table now in the package."""
    weights_module._table.cache_clear()
    score = scorer()
    rows = []
    for _, text, gold in dev_pages(parity):
        page = zjnews.parse_text(text)
        rows.append(score.score_page(gold, list(page)))
    aggregate: dict[str, float] = score.aggregate(rows)
    return aggregate


def _scorer_module() -> Any:
    import importlib.util

    from assembly_gold import SHARED

    spec = importlib.util.spec_from_file_location("_score_mod", SHARED / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", default="even", choices=("even", "odd", "all"))
    parser.add_argument("--report", default="odd", choices=("even", "odd", "all", "none"))
    parser.add_argument("--synthetic", type=int, default=0, help="also fit on this many composed pages")
    parser.add_argument("--penalty", type=float, default=1.0, help="L2 penalty pulling the link weights to the prior")
    parser.add_argument("--hold", default="", help="link weights held at the prior (comma-separated names)")
    parser.add_argument("--write", action="store_true", help="write the fitted table into the package")
    parser.add_argument(
        "--decisions",
        default="paragraph_end,sentence_end",
        help="which fitted decisions to write (comma-separated; the link table stays the prior unless named;"
        " lines: only the sentence_end weights of short lines without final punctuation)",
    )
    args = parser.parse_args(argv)
    link_rows, end_rows, break_rows = examples(args.fit, args.synthetic)
    old = json.loads(TABLE.read_text(encoding="utf-8"))
    link = fit_choice(link_rows, LINK_FEATURES, args.penalty, old["prior"]["link"], args.hold.split(","))
    end = fit(end_rows, END_FEATURES, args.penalty, old["prior"].get("paragraph_end"))
    closed_rows = [row for row in break_rows if "unpunctuated" not in row[0]]
    line_rows = [row for row in break_rows if "unpunctuated" in row[0]]
    sentence_end = fit(closed_rows, BREAK_FEATURES, args.penalty, old["prior"].get("sentence_end"))
    if "lines" in args.decisions.split(",") and "sentence_end" not in args.decisions.split(","):
        # the sentence ends' weights stay as the table has them; only the lines' are fitted
        sentence_end = {name: value for name, value in old["sentence_end"].items() if not name.startswith("line_")}
    sentence_end.update(fit_lines(line_rows, sentence_end["threshold"], args.penalty))
    break_rows = closed_rows + line_rows
    old = json.loads(TABLE.read_text(encoding="utf-8"))
    print(f"link: {len(link_rows)} open ends ({sum(y >= 0 for _, y, _ in link_rows)} continued); right choices "
          f"{choice_accuracy(link_rows, old['link']):.4f} before, {choice_accuracy(link_rows, link):.4f} fitted")
    print(f"paragraph_end: {len(end_rows)} breaks ({sum(y for _, y in end_rows)} paragraph ends); accuracy "
          f"{accuracy(end_rows, old['paragraph_end']):.4f} before, {accuracy(end_rows, end):.4f} fitted")
    print(f"sentence_end: {len(break_rows)} breaks ({len(break_rows) - sum(y for _, y in break_rows)} joined); "
          f"accuracy {accuracy(break_rows, old.get('sentence_end', {'threshold': -99.0})):.4f} before, "
          f"{accuracy(break_rows, sentence_end):.4f} fitted")
    print(json.dumps({"link": link, "paragraph_end": end, "sentence_end": sentence_end}, indent=1))
    keys = ("bcubed_f1", "continuity", "body_prec", "body_recall", "para_exact", "text_cer")
    scorer = _scorer_module
    if args.report != "none":
        before = report(args.report, scorer)
        print(f"{args.report} pages, table before: " + " ".join(f"{k}={before[k]:.4f}" for k in keys))
    if args.write:
        table = dict(old)
        chosen = set(args.decisions.split(","))
        fitted_on = (
            f"{args.decisions} fitted on the {args.fit}-numbered development pages"
            + (f" and {args.synthetic} pages composed from the tests' articles" if args.synthetic else "")
            + f": {len(link_rows)} open ends, "
            f"{len(end_rows)} breaks, {len(line_rows)} short lines without final punctuation; L2 penalty {args.penalty}"
        )
        if chosen == {"lines"}:
            # only sentence_end's weights of the short lines changed: the rest keeps its record
            old_record = old["fitted_on"].split("; lines fitted on")[0]
            fitted_on = f"{old_record}; {fitted_on}"
        table["fitted_on"] = fitted_on
        table["reach"] = {"window": reach(args.fit)}
        print(f"reach: window {table['reach']['window']} body blocks")
        if "link" in chosen:
            table["link"] = link
        if "paragraph_end" in chosen:
            table["paragraph_end"] = end
        if "sentence_end" in chosen or "lines" in chosen:
            table["sentence_end"] = sentence_end
        TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if args.report != "none":
            after = report(args.report, scorer)
            print(f"{args.report} pages, table fitted: " + " ".join(f"{k}={after[k]:.4f}" for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main())
