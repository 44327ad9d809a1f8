"""The assembly's block-to-block relations read off gold pages, and the relations the library makes.

Shared by ``benchmarks/fit_assembly_weights.py`` (labels for fitting the weights table) and
``benchmarks/assembly_errors.py`` (errors by cause). Reads pages and gold at run time only
(``../shared/dev`` by default); nothing of them is stored.

A body block is *located* in the gold when the start and the end of its normalised text each
occur once in the page's gold paragraphs (normalised as the reference scorer does). Two located
blocks are related ``join`` when the second starts exactly where the first ends inside one
paragraph, ``follow`` when the second opens the paragraph after the one the first ends.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from zjnews import Options
from zjnews.assemble import (
    Layout,
    Paragraphs,
    lay_out,
    reading_order,
)
from zjnews.blocks import split_blocks
from zjnews.decode import decode_bytes
from zjnews.dedup import remove_duplicates
from zjnews.pipeline import assemble_paragraphs
from zjnews.prepare import prepare_text
from zjnews.repair import repair_text
from zjnews.roles import assign_roles

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DEV = SHARED / "dev"
_PROBE = 8


def load_norm(scorer: Path = SHARED / "eval" / "score.py") -> Callable[[str], str]:
    """The reference scorer's text normalisation."""
    spec = importlib.util.spec_from_file_location("_score", scorer)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load the scorer at {scorer}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    norm: Callable[[str], str] = module.norm
    return norm


@attrs.frozen
class GoldPage:
    stream: str
    """Normalised gold paragraphs, ``\\x00`` between paragraphs, ``\\x01`` between articles."""

    def locate(self, text: str) -> tuple[int, int] | None:
        """(start, end) of ``text`` (normalised) in the stream, when its two ends each occur once."""
        if len(text) < 4:
            return None
        probe = min(_PROBE, len(text))
        head, tail = text[:probe], text[-probe:]
        start = self.stream.find(head)
        if start < 0 or self.stream.find(head, start + 1) >= 0:
            return None
        end = self.stream.find(tail, start)
        if end < 0 or self.stream.find(tail, end + 1) >= 0:
            return None
        end += len(tail)
        if "\x01" in self.stream[start:end] or end - start > len(text) * 2 + 20:
            return None
        return start, end

    def relation(self, left: tuple[int, int] | None, right: tuple[int, int] | None) -> str | None:
        """``join``, ``follow`` or None for two located blocks."""
        if left is None or right is None:
            return None
        if right[0] == left[1]:
            return "join"
        if right[0] == left[1] + 1 and self.stream[left[1]] == "\x00":
            return "follow"
        return None


def gold_page(gold: dict[str, Any], norm: Callable[[str], str]) -> GoldPage:
    articles = ["\x00".join(norm(p) for p in a["paragraphs"] if norm(p)) for a in gold["articles"]]
    return GoldPage("\x01".join(articles))


@attrs.frozen
class Parsed:
    layout: Layout
    paragraphs: Paragraphs
    first_zone: frozenset[int]


def parse_layout(text: str, options: Options | None = None) -> Parsed:
    """The pipeline up to the paragraphs, keeping the layout (the order of zjnews.pipeline)."""
    options = options or Options()
    repaired = repair_text(prepare_text(text), options)
    roles = assign_roles(split_blocks(repaired.text), options)
    layout = lay_out(remove_duplicates(roles.blocks, options).blocks)
    paragraphs, zone = assemble_paragraphs(layout, options)
    return Parsed(layout, paragraphs, zone)


def predicted_relations(parsed: Parsed) -> dict[tuple[int, int], str]:
    """(block, block) → ``join`` / ``follow`` as the library's paragraphs put them."""
    out: dict[tuple[int, int], str] = {}
    paragraphs = parsed.paragraphs.paragraphs
    for heads in reading_order(parsed.paragraphs).values():
        for k, head in enumerate(heads):
            chain = paragraphs[head].blocks
            for a, b in itertools.pairwise(chain):
                out[(a, b)] = "join"
            if k + 1 < len(heads):
                out[(chain[-1], heads[k + 1])] = "follow"
    return out


def dev_pages(parity: str = "all") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(name, page text, gold) of the development pages: ``even``, ``odd`` or ``all`` by number."""
    if not DEV.is_dir():
        sys.exit(f"the development pages are not here ({DEV}): nothing to measure")
    for gold_path in sorted((DEV / "gold").glob("*.gold.json")):
        number = int(gold_path.name.split("_")[1].split(".")[0])
        if (parity == "even" and number % 2) or (parity == "odd" and not number % 2):
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = decode_bytes((DEV / "pages" / gold["source"]).read_bytes())
        yield gold["source"], text, gold
