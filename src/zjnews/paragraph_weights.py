"""The one table of fitted weights for paragraph boundaries (``data/paragraph_weights.json``).

Read by the text preparation (a hidden paragraph break inside a line). ``benchmarks/fit_paragraph_weights.py``
rewrites it from the development pages (fitted on the even-numbered pages, reported on the odd).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

__all__ = ["WEIGHTS_FILE", "paragraph_weights"]

WEIGHTS_FILE = "data/paragraph_weights.json"


@functools.cache
def _table() -> dict[str, Any]:
    text = resources.files("zjnews").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    table: dict[str, Any] = json.loads(text)
    return table


def paragraph_weights(decision: str) -> dict[str, float]:
    """The weights of one decision's evidence (``hidden_break``), by signal name."""
    return {name: float(value) for name, value in _table()[decision].items() if name != "about"}
