"""The quality gate: zjnews on seeds/ must score at least the floors pinned in tests/floors.json.

Floors may only rise. When a change improves a metric, raise its floor in ``floors.json`` to the
new value (rounded toward the worse side by 0.001) in the same commit; never lower one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import zjnews.evaluate
from conftest import GOLD_DIR, SEEDS_DIR
from zjnews.evaluate import HIGHER_IS_BETTER, LOWER_IS_BETTER, Report

FLOORS_FILE = Path(__file__).with_name("floors.json")

# The first bar (issue "zjnews 0.1"): strictly better than the naive baseline of the reference
# scorer on the seeds (ftfy + OpenCC, split at headings and short lines), with author_f1 >= 0.5
# and cap_leak <= 0.5. The naive figures, from ../shared/eval/FLOORS.md, "naive, seeds":
NAIVE = {
    "bcubed_f1": 0.925,
    "continuity": 0.997,
    "body_prec": 0.979,
    "body_recall": 0.995,
    "dup_residue": 0.0029,
    "cap_leak": 0.876,
    "title_acc": 0.647,
    "author_f1": 0.000,
    "count_err": 0.217,
    "para_exact": 0.612,
    "ocr_fixed": 0.000,
}
FIRST_BAR_HIGHER = {"author_f1": 0.5}
FIRST_BAR_LOWER = {"cap_leak": 0.5}


def _floors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def report() -> Report:
    return zjnews.evaluate.evaluate_dir(SEEDS_DIR, GOLD_DIR)


def test_floors_cover_every_seed_metric() -> None:
    floors = _floors()
    assert set(floors["higher"]) <= set(HIGHER_IS_BETTER)
    assert set(floors["lower"]) <= set(LOWER_IS_BETTER)
    assert set(floors["higher"]) | set(floors["lower"]) == set(NAIVE)


def test_floors_are_at_least_the_first_bar() -> None:
    """Floors only rise: none may fall back to (or below) the naive baseline."""
    floors = _floors()
    for name, floor in floors["higher"].items():
        assert floor > NAIVE[name], name
        assert floor >= FIRST_BAR_HIGHER.get(name, 0.0), name
    for name, ceiling in floors["lower"].items():
        assert ceiling < NAIVE[name], name
        assert ceiling <= FIRST_BAR_LOWER.get(name, 1.0), name


def test_no_page_fails(report: Report) -> None:
    assert [p.error for p in report.pages if p.error] == []


@pytest.mark.parametrize("name", sorted(NAIVE))
def test_metric_meets_its_floor(report: Report, name: str) -> None:
    floors = _floors()
    value = getattr(report.metrics, name)
    if name in floors["higher"]:
        floor = floors["higher"][name]
        assert value >= floor, f"{name}={value:.4f} fell below its floor {floor}\n{report.summary_line()}"
    else:
        ceiling = floors["lower"][name]
        message = f"{name}={value:.4f} rose above its ceiling {ceiling}\n{report.summary_line()}"
        assert value <= ceiling, message


# ---------------------------------------------------------------- synthetic pages with clean gold


@pytest.fixture(scope="module")
def synthetic_report() -> Report:
    from synthetic import evaluation_pages

    floors = _floors()["synthetic"]
    pages = evaluation_pages(floors["pages"])
    return Report(tuple(zjnews.evaluate.evaluate_page(p.gold, zjnews.parse_text(p.text)) for p in pages))


def test_synthetic_floors_cover_the_clean_text_metrics() -> None:
    floors = _floors()["synthetic"]
    assert {"text_exact", "ocr_fixed"} <= set(floors["higher"])
    assert "text_cer" in floors["lower"]


@pytest.mark.parametrize(
    "name", sorted(set(_floors()["synthetic"]["higher"]) | set(_floors()["synthetic"]["lower"]))
)
def test_synthetic_metric_meets_its_floor(synthetic_report: Report, name: str) -> None:
    floors = _floors()["synthetic"]
    value = getattr(synthetic_report.metrics, name)
    assert value is not None, name
    if name in floors["higher"]:
        assert value >= floors["higher"][name], f"{name}={value:.4f}\n{synthetic_report.summary_line()}"
    else:
        assert value <= floors["lower"][name], f"{name}={value:.4f}\n{synthetic_report.summary_line()}"
