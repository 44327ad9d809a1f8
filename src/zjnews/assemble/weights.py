"""The one table of fitted weights the assembly weighs its evidence with (``weights.json``).

The table ships in the package; ``benchmarks/fit_assembly_weights.py`` rewrites it from the
development pages (fitted on one half, reported on the other).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

__all__ = ["WEIGHTS_FILE", "weights"]

WEIGHTS_FILE = "weights.json"


@functools.cache
def _table() -> dict[str, Any]:
    text = resources.files(__package__ or "zjnews.assemble").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    table: dict[str, Any] = json.loads(text)
    return table


def weights(decision: str) -> dict[str, float]:
    """The weights of one decision's evidence (``link``, ``paragraph_end`` …), by signal name."""
    return {name: float(value) for name, value in _table()[decision].items()}
