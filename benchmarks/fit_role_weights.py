"""Fit the weights of the roles stage's decisions on annotated pages.

    python benchmarks/fit_role_weights.py [--dev ../shared/dev] [--write]

Every heading-shaped block of a page is a row of signals (``zjnews.roles.headline_rows``); its
label is whether the page's gold prints it as a heading line (title, kicker, subtitle or column
label) or, for the caption model, as a caption. For the title model, each pair of heading lines
printed one above the other (``zjnews.roles.title_rows``) is a row labelled by which of the two
the gold prints as the title (pairs where it prints neither are left out). The rows come from
the even-numbered development pages, the seed pages, pages composed from the tests' own
articles (``tests/synthetic.py``; not for the title model) and the even-numbered development
pages re-rendered in other exporters' heading conventions (``--conventions``: ``#`` marks on
some headings only, on none, ``**bold**`` lines) or cut above their first paragraph (a
continuation that arrives without its head), so that no weight learns that a page marks every
heading or none, or that a page opens with its headline.
A logistic regression (L2-regularised, Newton steps; numpy when installed, else plain gradient
descent) is fitted on them, its penalty chosen by cross-validation over the even-numbered pages
(``choose_penalty``), and reported on the odd-numbered development pages;
``--write`` stores the weights in ``src/zjnews/data/role_weights.json``. The pages are read at run
time and never copied: without them the script says so and stops.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from zjnews.blocks import split_blocks  # noqa: E402
from zjnews.decode import decode_bytes  # noqa: E402
from zjnews.options import Options  # noqa: E402
from zjnews.prepare import prepare_text  # noqa: E402
from zjnews.repair import repair_text  # noqa: E402
from zjnews.roles import caption_rows, headline_rows, role_weights, title_rows  # noqa: E402

WEIGHTS = ROOT / "src" / "zjnews" / "data" / "role_weights.json"
L2 = 1.0
PENALTIES = (3.0, 1.0, 0.3, 0.1)
"""The L2 penalties tried for each model; the one chosen is the one whose weights, fitted on all
but a fifth of the even-numbered pages, decide best on that fifth, over the five fifths
(``choose_penalty``): the odd-numbered pages stay held out from every choice."""
FOLDS = 5


def _norm(text: str | None) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text or "") if c.isalnum())


def _captions(gold: dict) -> list[str]:
    found = [c for article in gold["articles"] for c in article.get("captions", [])]
    return [_norm(c) for c in found + list(gold.get("page_captions", []))]


def _heading_lines(gold: dict) -> set[str]:
    out: set[str] = set()
    for article in gold["articles"]:
        for key in ("column", "kicker", "title", "subtitle"):
            if article.get(key):
                out.add(_norm(article[key]))
        out.update(_norm(t) for t in article.get("title_alternates", []))
    return out


def rows(pages: Path, golds: Path, parity: int | None, model: str) -> list[tuple[dict[str, float], int]]:
    """The signal rows of the pages in ``pages`` (only those whose number has ``parity``)."""
    return [row for page in rows_by_page(pages, golds, parity, model) for row in page]


def rows_by_page(pages: Path, golds: Path, parity: int | None, model: str) -> list[list[tuple[dict[str, float], int]]]:
    """:func:`rows`, one list per page (in the order of the pages' names)."""
    options = Options()
    out: list[list[tuple[dict[str, float], int]]] = []
    for page in sorted(pages.glob("*.txt")):
        number = int("".join(c for c in page.stem.split("_")[-1] if c.isdigit()) or 0)
        if parity is not None and number % 2 != parity:
            continue
        gold = json.loads((golds / f"{page.stem}.gold.json").read_text(encoding="utf-8"))
        out.append(page_rows(decode_bytes(page.read_bytes()), gold, model, options))
    return out


def choose_penalty(
    pages: list[list[tuple[dict[str, float], int]]], extra: list[tuple[dict[str, float], int]], names: list[str]
) -> float:
    """The penalty of :data:`PENALTIES` whose fits on all but one fold of ``pages`` (with the
    ``extra`` rows, always in training) decide the rows of the fold left out best, over the
    folds (a fold: every :data:`FOLDS`-th page). The fewest errors win; a tie goes to the
    heavier penalty."""
    errors: dict[float, int] = {}
    for l2 in PENALTIES:
        wrong = 0
        for fold in range(FOLDS):
            train = [row for k, page in enumerate(pages) if k % FOLDS != fold for row in page] + extra
            test = [row for k, page in enumerate(pages) if k % FOLDS == fold for row in page]
            result = accuracy(test, fit(train, names, l2))
            wrong += int(result["false_positive"]) + int(result["missed"])
        errors[l2] = wrong
        print(f"  penalty {l2:g}: {wrong} errors over the {FOLDS} folds of the even-numbered pages")
    return min(PENALTIES, key=lambda l2: (errors[l2], -l2))


def page_rows(text: str, gold: dict, model: str, options: Options) -> list[tuple[dict[str, float], int]]:
    """The labelled signal rows of one page."""
    heads = _heading_lines(gold)
    captions = _captions(gold)
    blocks = split_blocks(repair_text(prepare_text(text), options).text)
    out: list[tuple[dict[str, float], int]] = []
    if model == "headline":
        for index, signals in headline_rows(blocks, options):
            out.append((signals, int(_norm(blocks[index].text) in heads)))
    elif model == "title":
        titles = {_norm(article.get("title")) for article in gold["articles"]}
        for (upper, lower), signals in title_rows(blocks, options):
            if _norm(blocks[upper].text) in titles:
                out.append((signals, 1))
            elif _norm(blocks[lower].text) in titles:
                out.append((signals, 0))
    else:
        for index, signals in caption_rows(blocks, options):
            own = _norm(blocks[index].text)
            out.append((signals, int(len(own) >= 4 and any(c.startswith(own) for c in captions))))
    return out


def composed_rows(count: int, model: str) -> list[tuple[dict[str, float], int]]:
    """Rows of pages composed from articles written for the tests (``tests/synthetic.py``, the
    development and held-out pools; the final pool stays unseen): they show layouts the
    annotated pages rarely do (a headshot dropped into a broken sentence, a line under a
    subtitle)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from synthetic import evaluation_pages

    options = Options()
    out: list[tuple[dict[str, float], int]] = []
    for pool in ("development", "held-out"):
        for page in evaluation_pages(count // 2, seed=7, pool=pool, clean=True):
            out += page_rows(page.text, page.gold, model, options)
    return out


def headless(text: str, starts: frozenset[str]) -> str:
    """The page as a continuation that arrives without its head: every line above the first
    line that opens a paragraph of the gold (``starts``, see ``convention_eval.openings``) is
    dropped, so that the first block of the page is body text under no headline."""
    from convention_eval import _is_start

    lines = text.split("\n")
    for k, line in enumerate(lines):
        if line.strip() and _is_start(line, starts):
            return "\n".join(lines[k:])
    return text


def convention_rows(dev: Path, name: str, model: str) -> list[tuple[dict[str, float], int]]:
    """Rows of the even-numbered development pages re-rendered in another exporter's convention
    (``benchmarks/convention_eval.py``: ``#`` marks on some headings only, on none, ``**bold**``
    headings): the same headings with other marks, so that the weights do not learn that every
    heading of a page that marks some is marked."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from convention_eval import VARIANTS, openings

    render = headless if name == "headless" else VARIANTS[name]
    options = Options()
    out: list[tuple[dict[str, float], int]] = []
    for page in sorted((dev / "pages").glob("*.txt")):
        number = int("".join(c for c in page.stem.split("_")[-1] if c.isdigit()) or 0)
        if number % 2:
            continue
        gold = json.loads((dev / "gold" / f"{page.stem}.gold.json").read_text(encoding="utf-8"))
        out += page_rows(render(decode_bytes(page.read_bytes()), openings(gold)), gold, model, options)
    return out


def fit(data: list[tuple[dict[str, float], int]], names: list[str], l2: float = L2) -> dict[str, float]:
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - plain gradient descent
        return _fit_plain(data, names, l2)
    x = np.array([[s.get(n, 0.0) for n in names] for s, _ in data])
    y = np.array([label for _, label in data], dtype=float)
    w = np.zeros(len(names))
    penalty = l2 * np.eye(len(names))
    penalty[names.index("bias"), names.index("bias")] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + penalty + 1e-9 * np.eye(len(names))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return {n: round(float(v), 4) for n, v in zip(names, w, strict=True)}


def _fit_plain(data: list[tuple[dict[str, float], int]], names: list[str], l2: float = L2) -> dict[str, float]:
    w = dict.fromkeys(names, 0.0)
    rate = 0.5 / max(len(data), 1)
    for _ in range(3000):
        grad = dict.fromkeys(names, 0.0)
        for signals, label in data:
            z = sum(w[n] * v for n, v in signals.items() if n in w)
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            for n, v in signals.items():
                if n in grad:
                    grad[n] += (p - label) * v
        for n in names:
            w[n] -= rate * (grad[n] + (l2 * w[n] if n != "bias" else 0.0))
    return {n: round(v, 4) for n, v in w.items()}


def accuracy(data: list[tuple[dict[str, float], int]], w: dict[str, float]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for signals, label in data:
        z = sum(w.get(n, 0.0) * v for n, v in signals.items())
        pred = int(z > 0)
        tp += pred and label
        fp += pred and not label
        fn += (not pred) and label
        tn += (not pred) and not label
    return {
        "rows": len(data),
        "accuracy": round((tp + tn) / max(len(data), 1), 4),
        "false_positive": fp,
        "missed": fn,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "dev")
    parser.add_argument("--write", action="store_true", help="store the fitted weights in the package")
    parser.add_argument("--composed", type=int, default=500, help="pages composed from the tests' articles")
    parser.add_argument(
        "--conventions",
        default="hash-some,hash-none,bold,headless",
        help="the even-numbered development pages re-rendered in these other exporters' conventions "
        "(benchmarks/convention_eval.py), or cut above their first paragraph (headless), are rows too; "
        "empty for none",
    )
    args = parser.parse_args()
    if not (args.dev / "pages").is_dir():
        print(f"no annotated pages at {args.dev}: nothing to fit (the weights in {WEIGHTS.name} stay)")
        return 0
    seeds = ROOT / "seeds"
    seed_gold = seeds / "gold" if (seeds / "gold").is_dir() else ROOT.parent / "shared" / "gold"
    table: dict[str, object] = {
        "about": "Logistic-regression weights of the roles stage, fitted by benchmarks/fit_role_weights.py "
        "on the even-numbered development pages, the seed pages, pages composed from the tests' articles "
        "and the even-numbered development pages re-rendered with # marks on some headings, on none, and as "
        "**bold** lines (benchmarks/convention_eval.py), or cut above their first paragraph as a continuation "
        "without its head (held-out figures: odd-numbered development pages).",
        "models": {},
    }
    models: dict[str, object] = {}
    # the headline rows see the captions already weighed, the title rows both
    for model in ("caption", "headline", "title"):
        even = rows_by_page(args.dev / "pages", args.dev / "gold", 0, model)
        held_out = rows(args.dev / "pages", args.dev / "gold", 1, model)
        extra: list[tuple[dict[str, float], int]] = []
        if seed_gold.is_dir():
            extra += rows(seeds, seed_gold, None, model)  # the few real seed pages count too
        if model != "title":
            # the composed pages draw kickers and subtitles from a few written for the tests:
            # their mix would set which line of a headline pair is the title, so that model
            # learns from the annotated pages alone
            extra += composed_rows(args.composed, model)
        for name in filter(None, args.conventions.split(",")):
            extra += convention_rows(args.dev, name, model)
        train = [row for page in even for row in page] + extra
        names = sorted({n for s, _ in train for n in s})
        penalty = choose_penalty(even, extra, names)
        weights = fit(train, names, penalty)
        report = {
            "penalty": penalty,
            "fit": accuracy(train, weights),
            "held out (odd pages)": accuracy(held_out, weights),
        }
        print(model, json.dumps(report, indent=2))
        for name, value in sorted(weights.items(), key=lambda item: -abs(item[1])):
            print(f"  {name:26s} {value:+.3f}")
        models[model] = {"weights": weights, "report": report}
        if args.write:
            current = json.loads(WEIGHTS.read_text(encoding="utf-8")) if WEIGHTS.exists() else {"models": {}}
            current["models"].update(models)
            table["models"] = current["models"]
            WEIGHTS.write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            role_weights.cache_clear()
            print(f"written: {WEIGHTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
