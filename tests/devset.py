"""The development pages (``../shared/dev``): where they are, and each page parsed once per run.

The pages and their gold are read at run time only; no text of them is kept in the repository.
Tests that need them call :func:`require` and are skipped, with the reason, where the folder is
absent (as on a user's machine).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import pytest

import zjnews
from conftest import REPO_ROOT
from zjnews.evaluate import ArticleLike, Report, evaluate_dir

DEV_DIR = REPO_ROOT.parent / "shared" / "dev"
PAGES_DIR = DEV_DIR / "pages"
GOLD_DIR = DEV_DIR / "gold"
SKIP_REASON = (
    f"the development pages are not at {DEV_DIR} (../shared/dev beside the repository): "
    "the development-set checks need them"
)


def available() -> bool:
    """Whether the development pages and their gold are beside the repository."""
    return PAGES_DIR.is_dir() and any(GOLD_DIR.glob("*.gold.json"))


def require() -> None:
    """Skip the calling test when the development pages are absent."""
    if not available():
        pytest.skip(SKIP_REASON)


@functools.cache
def parse(path: Path) -> Sequence[ArticleLike]:
    """``zjnews.parse_file(path)``, parsed once per test run (the gate and the scorer checks share it)."""
    return zjnews.parse_file(path)


@functools.cache
def report(*, errors: bool = True) -> Report:
    """zjnews on the development pages, scored (with each page's errors), once per test run."""
    return evaluate_dir(PAGES_DIR, GOLD_DIR, parse=parse, errors=errors)
