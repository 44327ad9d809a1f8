"""Precision and recall of the OCR-confusion pass on the development pages, per confusion pair.

Run from the repository root::

    python benchmarks/bench_ocr.py [--dev ../shared/dev] [--pages odd|even|all] [--fit] [--errors N]

Each development page's gold paragraphs are the clean printed text, and its ``ocr_errors`` list
the misreadings planted in the page (``{"wrong": "重太突破", "right": "重大突破"}``). For every
page the script rebuilds the damaged text (the gold paragraphs, one a line, each planted error
put back where its ``right`` form first stands), runs the pass on it as the pipeline does (one
call for the whole page, so that the page's own vocabulary counts) and compares each change
with the gold:

* **fixed**: a planted misreading changed to the right character;
* **missed**: a planted misreading left as it is (or changed to a wrong character: counted
  under ``wrong`` too);
* **new errors**: a character the gold keeps that the pass changed, by printed → replacement.

The text is read at run time and never stored; without ``../shared/dev`` the script says so
and stops. ``--tables`` only rewrites the tables the pass derives from the confusion sources,
the lexicon and the model (run it after changing any of them). ``--fit`` chooses the
decision (``src/zjnews/repair/data/ocr_model.json``) on the even-numbered pages: a logistic
regression of the candidates' features with the limits that fix most while introducing at most
one new error per :data:`TARGET` fixes there, its threshold then lowered to a screen, and
boosted trees on the screened candidates with a threshold chosen on out-of-fold scores (then
rewrites the tables); report on the odd-numbered pages. Fitting needs NumPy, SciPy and
scikit-learn (``pip install numpy scipy scikit-learn``); the package needs none of them.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import attrs  # noqa: E402

from zjnews.repair import ocr  # noqa: E402

MODEL = ROOT / "src" / "zjnews" / "repair" / "data" / "ocr_model.json"
TARGET = 40
"""At most one new error per this many fixes on the fitting pages (the goal is 1 per 20 on
unseen pages; the margin absorbs the difference between the halves)."""

Planted = dict[int, tuple[str, str]]


def damaged_pages(dev: Path, which: str) -> list[tuple[str, str, Planted]]:
    """Each selected page: its name, its damaged paragraphs (one a line), the planted errors."""
    out = []
    for path in sorted((dev / "gold").glob("*.gold.json")):
        number = int("".join(c for c in path.name if c.isdigit()) or 0)
        if (which == "even" and number % 2) or (which == "odd" and not number % 2):
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [p for article in gold["articles"] for p in article["paragraphs"]]
        planted: list[tuple[int, int, str, str]] = []  # paragraph, offset, wrong, right
        for error in gold.get("ocr_errors", []):
            wrong, right = error["wrong"], error["right"]
            if len(wrong) != len(right):
                continue
            for k, paragraph in enumerate(paragraphs):
                at = paragraph.find(right)
                if at >= 0:
                    paragraphs[k] = paragraph[:at] + wrong + paragraph[at + len(right) :]
                    planted.extend(
                        (k, at + i, a, b) for i, (a, b) in enumerate(zip(wrong, right, strict=False)) if a != b
                    )
                    break
        starts = list(itertools.accumulate((len(p) + 1 for p in paragraphs), initial=0))
        errors = {starts[k] + i: (a, b) for k, i, a, b in planted}
        out.append((path.name.split(".")[0], "\n".join(paragraphs), errors))
    return out


def tally(pages: list[tuple[str, str, Planted]], results: list[list[tuple[int, str, str]]]) -> dict[str, object]:
    """Fixed / missed / wrong / new errors, overall and per pair."""
    fixed: collections.Counter[tuple[str, str]] = collections.Counter()
    missed: collections.Counter[tuple[str, str]] = collections.Counter()
    wrong: collections.Counter[tuple[str, str]] = collections.Counter()
    new: collections.Counter[tuple[str, str]] = collections.Counter()
    examples: list[tuple[str, str]] = []
    for (name, text, planted), changes in zip(pages, results, strict=False):
        done = {pos: after for pos, _, after in changes}
        for pos, (bad, good) in planted.items():
            if done.get(pos) == good:
                fixed[bad, good] += 1
            else:
                missed[bad, good] += 1
                if pos in done:
                    wrong[bad, good] += 1
        for pos, before, after in changes:
            if pos not in planted:
                new[before, after] += 1
                examples.append((name, f"{text[max(0, pos - 6) : pos]}[{before}→{after}]{text[pos + 1 : pos + 7]}"))
    return {"fixed": fixed, "missed": missed, "wrong": wrong, "new": new, "examples": examples}


def run_pass(pages: list[tuple[str, str, Planted]]) -> tuple[list[list[tuple[int, str, str]]], float]:
    """The pass's changes on every page, and the seconds it took."""
    start = time.perf_counter()
    results = [[(r.position, r.before, r.after) for r in ocr.fix_ocr(text)] for _, text, _ in pages]
    return results, time.perf_counter() - start


def report(counts: dict[str, object], shown: int) -> None:
    """Print the per-pair table and the totals."""
    fixed, missed, wrong, new = (counts[k] for k in ("fixed", "missed", "wrong", "new"))
    assert isinstance(fixed, collections.Counter) and isinstance(missed, collections.Counter)
    assert isinstance(wrong, collections.Counter) and isinstance(new, collections.Counter)
    pairs = sorted(set(fixed) | set(missed), key=lambda p: -(fixed[p] + missed[p]))
    print("| printed → right | planted | fixed | missed | wrong fix | new errors (same change elsewhere) |")
    print("|---|---:|---:|---:|---:|---:|")
    for pair in pairs:
        print(f"| {pair[0]} → {pair[1]} | {fixed[pair] + missed[pair]} | {fixed[pair]} | {missed[pair]} | "
              f"{wrong[pair]} | {new[pair]} |")
    others = [p for p in new if p not in set(pairs)]
    for pair in sorted(others, key=lambda p: -new[p]):
        print(f"| {pair[0]} → {pair[1]} | 0 | 0 | 0 | 0 | {new[pair]} |")
    n_fixed, n_missed, n_new = sum(fixed.values()), sum(missed.values()), sum(new.values())
    total = n_fixed + n_missed
    print(f"\nplanted {total}  fixed {n_fixed} ({n_fixed / max(1, total):.1%})  missed {n_missed}  "
          f"wrong fix {sum(wrong.values())}  new errors {n_new} ({n_new / max(1, n_fixed):.1%} of fixes)")
    examples = counts["examples"]
    assert isinstance(examples, list)
    if shown and examples:
        print(f"\nnew errors (first {shown}; page names only, text not stored):")
        for name, context in examples[:shown]:
            print(f"  {name}: {context}")


MAX_RANKS = (0, 1, 2, 3)
"""The glyph ranks tried as :attr:`Model.max_rank` (a rare printed character: the same or 7);
beyond 3 the pass slows down for little (each look-alike tried is looked for on every page)."""
SIMILARITIES = (0.9, 0.85, 0.8, 0.0)
"""The values tried as :attr:`Model.min_similarity` (the cheaper settings first: a tie keeps them)."""
RATIOS = (1.5, 1.0)
"""The values tried as :attr:`Model.min_ratio` (below 1 the pass would try every character: too slow)."""
SCREEN_RECALL = 0.97
"""The share of the right candidates the weighted sum lets through to the trees."""
FOLDS = 5
"""The trees' threshold is chosen on out-of-fold scores (pages split by number) at :data:`TARGET`."""
BOOSTING = {"max_depth": 2, "n_estimators": 100, "learning_rate": 0.1}
"""The boosted trees' settings."""
MARGIN = 3
"""A wider setting (slower: more look-alikes tried) replaces a narrower one only when it fixes at
least this many more (or as many with fewer new errors)."""
L2 = 1.0
"""Strength of the ridge penalty on the standardised weights of the logistic regression."""


def candidate_rows(pages: list[tuple[str, str, Planted]]) -> dict[str, object]:
    """Every look-alike within the widest limits on ``pages``, with its features and whether it is right."""
    import numpy as np  # only needed to fit

    table = ocr.table(7, 0.0)
    rows, keys, right, rank, rare, ratio, known, alike = [], [], [], [], [], [], [], []
    for page, (_, text, planted) in enumerate(pages):
        for c in ocr.score_candidates(text, table):
            if c.protected or c.page_repeated > 1:
                continue  # never replaced
            rows.append(c.features())
            keys.append(page * 10_000_000 + c.position)
            right.append(planted.get(c.position, ("", ""))[1] == c.after)
            rank.append(c.rank)
            rare.append(c.rare)
            ratio.append(c.ratio)
            known.append(c.known)
            alike.append(c.similarity)
    return {
        "x": np.array(rows, dtype=float), "key": np.array(keys), "right": np.array(right, dtype=bool),
        "rank": np.array(rank), "rare": np.array(rare, dtype=bool), "ratio": np.array(ratio),
        "known": np.array(known, dtype=bool), "similarity": np.array(alike),
    }


def best_threshold(score: object, key: object, right: object) -> tuple[int, int, float]:
    """The lowest threshold at which at most one new error per :data:`TARGET` fixes is made (the
    best candidate of each position, sorted by score): fixes, new errors, threshold."""
    import numpy as np  # only needed to fit

    score, key, right = np.asarray(score), np.asarray(key), np.asarray(right)
    order = np.lexsort((score, key))
    last = np.r_[key[order][1:] != key[order][:-1], True]
    top_score, top_good = score[order][last], right[order][last]
    by = np.argsort(-top_score)
    ranked_score = top_score[by]
    fixed = np.cumsum(top_good[by])
    new = np.cumsum(~top_good[by])
    for at in np.nonzero(new * TARGET <= fixed)[0][::-1]:
        if at + 1 == len(by) or ranked_score[at + 1] < ranked_score[at]:
            return int(fixed[at]), int(new[at]), float(ranked_score[at])
    return 0, 0, float("inf")


def fit(pages: list[tuple[str, str, Planted]]) -> ocr.Model:
    """The decision that fixes most on ``pages`` with at most one new error per :data:`TARGET` fixes.

    For each setting of the limits (:data:`MAX_RANKS`, :data:`RATIOS`), a logistic regression
    (ridge :data:`L2` on standardised features) of "this look-alike is the printed text's right
    character" on the features of every candidate within the limits, then the threshold on its
    score that keeps the error rate; the setting that fixes most wins (by :data:`MARGIN`). A change to a wrong
    character at a planted position counts as a new error here. The rule that of two neighbours
    only the better is replaced is left out of the fit (it is rare).
    """
    import numpy as np  # only needed to fit
    from scipy.optimize import minimize

    data = candidate_rows(pages)
    x, key, right = data["x"], data["key"], data["right"]
    assert isinstance(x, np.ndarray) and isinstance(right, np.ndarray) and isinstance(key, np.ndarray)
    best: tuple[int, int] = (-1, 0)
    chosen: ocr.Model | None = None
    chosen_rows = (x, key, right)
    base = ocr.model()
    for max_rank, rare_max_rank, min_ratio, min_similarity in itertools.product(
        MAX_RANKS, (None, 7), RATIOS, SIMILARITIES
    ):
        limit = np.where(data["rare"], max_rank if rare_max_rank is None else rare_max_rank, max_rank)
        ok = (data["rank"] <= limit) & ((data["ratio"] >= min_ratio) | data["known"])
        ok &= (data["rank"] == 0) | data["rare"] | (data["similarity"] >= min_similarity)
        if not right[ok].any():
            continue
        sub, good = x[ok], right[ok].astype(float)
        mean, spread = sub.mean(axis=0), sub.std(axis=0) + 1e-9
        z = (sub - mean) / spread

        def loss(w: np.ndarray, z: np.ndarray = z, good: np.ndarray = good) -> tuple[float, np.ndarray]:
            logit = z @ w[1:] + w[0]
            p = 1 / (1 + np.exp(-logit))
            value = np.sum(np.logaddexp(0, logit) - good * logit) + L2 * np.sum(w[1:] ** 2)
            grad = np.r_[np.sum(p - good), z.T @ (p - good) + 2 * L2 * w[1:]]
            return float(value), grad

        w = minimize(loss, np.zeros(z.shape[1] + 1), jac=True, method="L-BFGS-B").x
        raw = w[1:] / spread
        fixed, new, threshold = best_threshold(sub @ raw, key[ok], right[ok])
        if fixed >= best[0] + MARGIN or (fixed >= best[0] and -new > best[1]):
            best = (fixed, -new)
            chosen_rows = (sub @ raw, sub, key[ok], right[ok])
            chosen = ocr.Model(
                threshold=round(threshold, 4),
                weights={name: round(float(v), 5) for name, v in zip(ocr.FEATURES, raw, strict=True)},
                max_rank=max_rank, rare_max_rank=max_rank if rare_max_rank is None else rare_max_rank,
                min_ratio=min_ratio, shape_rank=base.shape_rank, min_similarity=min_similarity,
            )
            print(f"  max_rank {max_rank} rare {rare_max_rank} ratio {min_ratio} similarity {min_similarity}: "
                  f"{fixed} fixed, {new} new errors")
    assert chosen is not None
    print(f"regression: {best[0]} fixed, {-best[1]} new errors on {len(pages)} pages, {len(x)} candidates")
    linear, sub, sub_key, sub_right = chosen_rows
    # the weighted sum becomes a screen that keeps nearly every right candidate; boosted trees
    # decide among those it passes
    screen = float(np.quantile(linear[sub_right], 1 - SCREEN_RECALL))
    passed = linear >= screen
    sub, sub_key, sub_right = sub[passed], sub_key[passed], sub_right[passed]
    page = sub_key // 10_000_000
    out_of_fold = np.zeros(len(sub_right))
    for fold in range(FOLDS):
        held = page % FOLDS == fold
        out_of_fold[held] = boosted(sub[~held], sub_right[~held]).decision_function(sub[held])
    fixed, new, level = best_threshold(out_of_fold, sub_key, sub_right)
    print(f"trees (out of fold): {fixed} fixed, {new} new errors; screen passes {passed.sum()} candidates")
    final = boosted(sub, sub_right)
    rate = final.learning_rate
    trees = [
        {
            "feature": [int(f) for f in t.feature], "threshold": [round(float(v), 6) for v in t.threshold],
            "left": [int(v) for v in t.children_left], "right": [int(v) for v in t.children_right],
            "value": [round(float(v) * rate, 6) for v in t.value[:, 0, 0]],
        }
        for t in (estimator[0].tree_ for estimator in final.estimators_)
    ]
    bias = float(final.decision_function(sub[:1])[0]) - sum(
        tree["value"][_leaf(tree, sub[0])] for tree in trees  # type: ignore[arg-type]
    )
    return attrs.evolve(
        chosen, threshold=round(screen, 4), tree_bias=round(bias, 6), tree_threshold=round(level, 6),
        trees=tuple(ocr.Tree(*(tuple(t[f.name]) for f in attrs.fields(ocr.Tree))) for t in trees),
    )


def boosted(x: object, y: object) -> object:
    """Gradient-boosted trees (scikit-learn, fitting only) of "this look-alike is right"."""
    from sklearn.ensemble import GradientBoostingClassifier

    return GradientBoostingClassifier(random_state=0, **BOOSTING).fit(x, y)


def _leaf(tree: dict[str, list[float]], features: object) -> int:
    node = 0
    while tree["left"][node] >= 0:
        f = int(tree["feature"][node])
        node = int(tree["left"][node] if features[f] <= tree["threshold"][node] else tree["right"][node])  # type: ignore[index]
    return node


def write_tables() -> None:
    """Rewrite the pass's derived tables from the confusion sources, the lexicon and the model."""
    for name, text in ocr.derived_tables().items():
        (MODEL.parent / name).write_text(text, encoding="utf-8")
        print(f"wrote {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "dev")
    parser.add_argument("--pages", choices=("odd", "even", "all"), default="odd")
    parser.add_argument("--fit", action="store_true", help="fit the weights on the even pages first")
    parser.add_argument("--errors", type=int, default=0, help="print the first N new errors")
    parser.add_argument(
        "--tables", action="store_true", help="only rewrite the derived tables (look_alikes.txt, ocr_candidates.txt)"
    )
    args = parser.parse_args()
    if args.tables:
        write_tables()
        return 0
    if not (args.dev / "gold").is_dir():
        print(f"no development pages at {args.dev} (they are not part of the repository); nothing to measure")
        return 0
    if args.fit:
        weights = fit(damaged_pages(args.dev, "even"))
        data = json.loads(MODEL.read_text(encoding="utf-8"))
        data.update(
            threshold=weights.threshold, weights=weights.weights, max_rank=weights.max_rank,
            tree_bias=weights.tree_bias, tree_threshold=weights.tree_threshold,
            trees=[attrs.asdict(tree) for tree in weights.trees],
            min_ratio=weights.min_ratio, rare_max_rank=weights.rare_max_rank, min_similarity=weights.min_similarity,
            note=(
                "Fitted by benchmarks/bench_ocr.py --fit on the even-numbered development pages: a logistic "
                "regression of the features (the limits that fix most planted misreadings with at most one new "
                f"error per {TARGET} fixes; its threshold a screen keeping {SCREEN_RECALL:.0%} of the right "
                "candidates), then gradient-boosted trees on the screened candidates, their threshold chosen on "
                f"out-of-fold scores ({FOLDS} folds of pages) at one new error per {TARGET} fixes."
            ),
        )
        text = json.dumps(data, ensure_ascii=False, indent=2)
        # a list of numbers on one line
        text = re.sub(r"\[\n\s*((?:[-0-9.e]+,\n\s*)*[-0-9.e]+)\n\s*\]",
                      lambda m: "[" + re.sub(r",\n\s*", ", ", m.group(1)) + "]", text)
        MODEL.write_text(text + "\n", encoding="utf-8")
        print(f"fitted: {weights}")
        ocr.model.cache_clear()
        write_tables()
        ocr.candidates.cache_clear()
        ocr._reach.cache_clear()
        ocr._suspect_class.cache_clear()
    pages = damaged_pages(args.dev, args.pages)
    results, seconds = run_pass(pages)
    chars = sum(len(text) for _, text, _ in pages)
    print(f"{len(pages)} {args.pages} pages, {chars} characters; pass {seconds:.2f} s "
          f"({seconds / len(pages) * 1000:.2f} ms a page)\n")
    report(tally(pages, results), args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
