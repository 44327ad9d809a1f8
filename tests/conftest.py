"""Shared fixtures: where the seeds, their gold and the reference scorer are."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import settings

# Property tests draw new examples on every local run (that is how they find bugs); in CI
# (CI=true) they replay a fixed draw per test, so a run cannot turn red by chance. A failure found
# locally is fixed and kept as an @example.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    settings.load_profile("ci")

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
GOLD_DIR = SEEDS_DIR / "gold"
SEED_PAGES = sorted(SEEDS_DIR.glob("*.txt"))
REFERENCE_SCORER = REPO_ROOT.parent / "shared" / "eval" / "score.py"
"""The project's reference scorer, kept beside the repository (``../shared/eval/score.py``)."""


def load_gold(page: Path) -> dict[str, Any]:
    """The gold annotation of a seed page."""
    data: dict[str, Any] = json.loads((GOLD_DIR / f"{page.stem}.gold.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def score_module() -> ModuleType:
    """The reference scorer loaded as a module; the test is skipped when it is not beside the repo."""
    if not REFERENCE_SCORER.is_file():
        pytest.skip(f"the reference scorer is not at {REFERENCE_SCORER} (expected ../shared/eval/score.py)")
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE_SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
