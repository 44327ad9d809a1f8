"""The quality gate: zjnews must score at least the floors pinned in tests/floors.json.

Two sets are gated. The development pages (``../shared/dev``: 400 pages built from real
articles with clean gold, read at run time only) are the main measure; the gate on them is
skipped, saying why, where that folder is absent. The five seeds in ``seeds/`` are a guard.

Floors may only rise. When a change improves a metric, raise its floor in ``floors.json`` to the
new value (rounded toward the worse side to 0.001) in the same commit. A seed floor may fall by
at most 0.01 when a general mechanism gains on the development pages; a development floor never
falls. Run the gate alone with ``pytest tests/test_quality_gate.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import devset
import zjnews.evaluate
from conftest import GOLD_DIR, SEEDS_DIR
from zjnews.evaluate import HIGHER_IS_BETTER, LOWER_IS_BETTER, Report

FLOORS_FILE = Path(__file__).with_name("floors.json")

# The naive baseline of the reference scorer (--impl baseline: ftfy + OpenCC, split at headings
# and short lines), from ../shared/eval/FLOORS.md. No floor may fall back to it.
NAIVE_SEEDS = {
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
NAIVE_DEVELOPMENT = {
    "bcubed_f1": 0.916,
    "continuity": 0.990,
    "body_prec": 0.987,
    "body_recall": 0.989,
    "dup_residue": 0.002,
    "cap_leak": 0.769,
    "title_acc": 0.545,
    "author_f1": 0.000,
    "count_err": 0.299,
    "para_exact": 0.559,
    "ocr_fixed": 0.000,
    "text_exact": 0.034,
    "text_cer": 0.236,
}
# The first bar on the seeds (zjnews 0.1): author_f1 >= 0.5 and cap_leak <= 0.5 besides the naive.
FIRST_BAR_HIGHER = {"author_f1": 0.5}
FIRST_BAR_LOWER = {"cap_leak": 0.5}


def _floors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    return data


def _check(report: Report, floors: dict[str, Any], name: str, errors: Callable[[], list[str]] = list) -> None:
    """``name`` meets its floor; else fail with the summary line and what ``errors`` says went wrong."""
    value = getattr(report.metrics, name)
    higher = name in floors["higher"]
    bound = floors["higher" if higher else "lower"][name]
    if value is None:
        message = f"{name} was not measured"
    elif higher and value < bound:
        message = f"{name}={value:.4f} fell below its floor {bound}"
    elif not higher and value > bound:
        message = f"{name}={value:.4f} rose above its ceiling {bound}"
    else:
        return
    pytest.fail("\n".join([message, report.summary_line(), *errors()]))


def _dev_error_counts() -> list[str]:
    return devset.report(errors=True).error_summary().lines()


def _metric_names(section: dict[str, Any]) -> list[str]:
    return sorted(set(section["higher"]) | set(section["lower"]))


# ---------------------------------------------------------------- the floors file itself


@pytest.mark.parametrize(("section", "naive"), [("seeds", NAIVE_SEEDS), ("development", NAIVE_DEVELOPMENT)])
def test_floors_cover_every_metric_and_beat_the_naive_baseline(section: str, naive: dict[str, float]) -> None:
    floors = _floors() if section == "seeds" else _floors()[section]
    assert set(floors["higher"]) <= set(HIGHER_IS_BETTER)
    assert set(floors["lower"]) <= set(LOWER_IS_BETTER)
    assert set(floors["higher"]) | set(floors["lower"]) == set(naive)
    for name, floor in floors["higher"].items():
        assert floor > naive[name], name
    for name, ceiling in floors["lower"].items():
        assert ceiling < naive[name], name


def test_seed_floors_are_at_least_the_first_bar() -> None:
    floors = _floors()
    for name, floor in FIRST_BAR_HIGHER.items():
        assert floors["higher"][name] >= floor, name
    for name, ceiling in FIRST_BAR_LOWER.items():
        assert floors["lower"][name] <= ceiling, name


def test_no_gate_on_generated_pages() -> None:
    """Quality is gated on real-article pages only: the page generator is for unit-level tests."""
    assert set(_floors()) <= {"_comment", "higher", "lower", "development"}


# ---------------------------------------------------------------- the development pages


@pytest.fixture(scope="module")
def dev_report() -> Report:
    devset.require()
    return devset.report(errors=False)


def test_no_development_page_fails(dev_report: Report) -> None:
    failed = [(p.source, p.error or "no article") for p in dev_report.failed]
    assert failed == []


@pytest.mark.parametrize("name", _metric_names(_floors()["development"]))
def test_development_metric_meets_its_floor(dev_report: Report, name: str) -> None:
    _check(dev_report, _floors()["development"], name, _dev_error_counts)


# ---------------------------------------------------------------- the seeds (a guard)


@pytest.fixture(scope="module")
def seed_report() -> Report:
    return zjnews.evaluate.evaluate_dir(SEEDS_DIR, GOLD_DIR)


def test_no_seed_page_fails(seed_report: Report) -> None:
    assert [p.source for p in seed_report.failed] == []


@pytest.mark.parametrize("name", _metric_names(_floors()))
def test_seed_metric_meets_its_floor(seed_report: Report, name: str) -> None:
    _check(seed_report, _floors(), name)


def test_development_gate_skips_with_its_reason_without_the_pages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(devset, "PAGES_DIR", tmp_path / "pages")
    monkeypatch.setattr(devset, "GOLD_DIR", tmp_path / "gold")
    with pytest.raises(pytest.skip.Exception, match="development pages are not at"):
        devset.require()
