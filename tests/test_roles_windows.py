"""The one-pass vocabulary windows of the roles stage equal their block-by-block definition."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from strategies import paragraphs
from zjnews.blocks import split_blocks
from zjnews.chinese import cjk_bigrams, ends_closed, name_tokens
from zjnews.model import Block, Role
from zjnews.options import Options
from zjnews.prepare import prepare_text
from zjnews.repair import repair_text
from zjnews.roles import (
    _AROUND,
    _PARTS,
    _SHARED,
    _TEXT,
    _TEXTS,
    _around_similarities,
    _join,
    _named_on_page,
    _PageFacts,
    _prepared,
    _ReadRoles,
    _weigh_captions,
    assign_roles,
    headline_signals,
)

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev" / "pages"


def _around_by_block(blocks: tuple[Block, ...], roles: list[Role], i: int, reach: int = 400) -> float:
    """The definition, block by block: the text blocks on each side of ``i``, nearest first,
    until ``reach`` characters are taken; 0 when a side holds no sentence; else the cosine of the
    two sides' character-pair counts."""
    sides: list[Counter[str]] = []
    for step in (-1, 1):
        counts: Counter[str] = Counter()
        seen = 0
        body = False
        j = i + step
        while 0 <= j < len(blocks) and seen < reach:
            if roles[j] in _TEXT:
                counts.update(cjk_bigrams(blocks[j].text))
                seen += len(blocks[j].text)
                body = body or roles[j] is Role.BODY or ends_closed(blocks[j].text) or "，" in blocks[j].text
            j += step
        if not body:
            return 0.0
        sides.append(counts)
    above, below = sides
    dot = sum(n * below[pair] for pair, n in above.items() if pair in below)
    if not dot:
        return 0.0
    norm_above = math.sqrt(sum(n * n for n in above.values()))
    norm_below = math.sqrt(sum(n * n for n in below.values()))
    return dot / (norm_above * norm_below)


def _check(text: str) -> int:
    blocks = split_blocks(repair_text(prepare_text(text)).text)
    roles = _prepared(blocks, Options())
    fast = _around_similarities(blocks, roles)
    assert fast == [_around_by_block(blocks, roles, i) for i in range(len(blocks))]
    # asked again with a few roles changed (lines found to be captions, a heading to be text):
    # the windows kept from the first answer and those computed again still equal the definition
    for step in (97, 13):
        changed = list(roles)
        for k in range(step // 2 % max(len(blocks), 1), len(blocks), step):
            changed[k] = Role.CAPTION if changed[k] in _TEXT else Role.BODY
        again = _around_similarities(blocks, changed)
        assert again == [_around_by_block(blocks, changed, i) for i in range(len(blocks))]
    return len(blocks)


def test_on_the_seed_pages() -> None:
    assert sum(_check(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))) > 100


def test_on_development_pages_when_present() -> None:
    if not DEV.is_dir():
        return  # the folder is read at run time only; the seeds and generated pages still run
    pages = sorted(DEV.glob("*.txt"))[::20]
    assert sum(_check(p.read_text(encoding="utf-8")) for p in pages) > 100


_LINE = st.one_of(
    paragraphs(1, 3),
    st.sampled_from(["# 小标题", "村民在图书驿站阅读", "本报记者 林晓峰", "近日，", "（记者 周敏）", "## 梅山港"]),
)


@given(st.lists(_LINE, min_size=1, max_size=30), st.integers(min_value=1, max_value=3))
def test_on_generated_pages(lines: list[str], blank: int) -> None:
    _check(("\n" * blank).join(lines) + "\n")


def _check_kept_headline_evidence(text: str) -> int:
    """The headline evidence the caption pass hands on (lines whose read roles no caption
    changed) equals the evidence computed afresh with the captions found."""
    blocks = split_blocks(repair_text(prepare_text(text)).text)
    roles = _prepared(blocks, Options())
    kept = _weigh_captions(blocks, roles, [])
    facts = _PageFacts.of(blocks)
    for i, signals in kept.items():
        fresh = headline_signals(blocks, list(roles), i, facts)
        if "around_similar" not in signals:  # read again by the headline pass
            del fresh["around_similar"]
        assert signals == fresh, i
    return len(kept)


def test_kept_headline_evidence_on_the_seed_pages() -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    assert sum(_check_kept_headline_evidence(p.read_text(encoding="utf-8")) for p in seeds) > 10


def test_kept_headline_evidence_on_development_pages_when_present() -> None:
    if not DEV.is_dir():
        return  # the folder is read at run time only; the seeds and generated pages still run
    pages = sorted(DEV.glob("*.txt"))[::10]
    assert sum(_check_kept_headline_evidence(p.read_text(encoding="utf-8")) for p in pages) > 50


@given(st.lists(_LINE, min_size=1, max_size=30), st.integers(min_value=1, max_value=3))
def test_kept_headline_evidence_on_generated_pages(lines: list[str], blank: int) -> None:
    _check_kept_headline_evidence(("\n" * blank).join(lines) + "\n")


def test_read_roles_notes_what_is_read() -> None:
    source = [Role.BODY, Role.TITLE, Role.CAPTION, Role.BODY]
    watched = _ReadRoles(source)
    assert watched[1] is Role.TITLE and watched[-1] is Role.BODY
    assert watched.read == {1, 3}
    assert watched[0:2] == [Role.BODY, Role.TITLE]
    assert watched.read == {0, 1, 3}
    assert list(watched) == source and watched.read == {0, 1, 2, 3}


def _seed_blocks() -> list[tuple[Block, ...]]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    return [split_blocks(repair_text(prepare_text(p.read_text(encoding="utf-8"))).text) for p in seeds]


def test_roles_stage_hands_on_none_of_its_own_page_answers() -> None:
    """The answers only the roles stage reads (shared pairs, windows, article similarities, the
    page text, joins) are dropped when it returns, and asking again gives the same roles."""
    for blocks in _seed_blocks():
        first = assign_roles(blocks, Options())
        for memo in (_PARTS, _SHARED, _AROUND, _TEXTS):
            assert id(blocks) not in memo
        assert _join.cache_info().currsize == 0
        assert assign_roles(blocks, Options()) == first


def test_named_on_page_reads_the_whole_page_text() -> None:
    """A name line's names are looked up in the page's text without whitespace (made once, on
    the first name line that asks): the definition, counted afresh for every line."""
    asked = 0
    for blocks in _seed_blocks():
        text = "\n".join("".join(b.text.split()) for b in blocks)
        for i, block in enumerate(blocks):
            names = name_tokens(block.text) or []
            expected = bool(names) and all(text.count(name) >= 2 for name in names)
            assert _named_on_page(blocks, i) == expected, block.text
            asked += bool(names)
    assert asked > 0
