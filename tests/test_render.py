"""Page-level idempotence: rendering a parsed Page back to a dump and parsing it gives the same articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import zjnews
from conftest import SEED_PAGES
from synthetic import SyntheticPage, synthetic_pages
from zjnews.chinese import ends_open
from zjnews.render import page_to_dump

NO_REPAIR = zjnews.Options(
    fix_mojibake=False, fix_punctuation=False, fix_quotes=False, fix_wrap_spaces=False, fix_script=False, fix_ocr=False
)
"""The rendering holds repaired text: it is parsed again without the repair passes."""


def _reparse(page: zjnews.Page) -> zjnews.Page:
    return zjnews.parse_text(page_to_dump(page), options=NO_REPAIR)


def _key(page: zjnews.Page) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(a.title, a.paragraphs, a.authors) for a in page]


@pytest.mark.parametrize("path", SEED_PAGES, ids=lambda p: p.stem)
def test_seeds_render_to_a_fixed_point(path: Path) -> None:
    first = zjnews.parse_file(path)
    second = _reparse(first)
    assert [(a.title, a.authors, a.kicker, a.subtitle) for a in second] == [
        (a.title, a.authors, a.kicker, a.subtitle) for a in first
    ]
    for before, after in zip(first, second, strict=True):
        assert "".join(after.paragraphs) == "".join(before.paragraphs), before.title
        if not any(ends_open(p) for p in before.paragraphs[:-1]):
            # a paragraph the first parse left open (no continuation found) is joined to the next
            # one when the two stand side by side in the clean rendering
            assert after.paragraphs == before.paragraphs, before.title
    assert _key(_reparse(second)) == _key(second)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(synthetic_pages())
def test_synthetic_pages_render_to_a_fixed_point(synthetic: SyntheticPage) -> None:
    first = zjnews.parse_text(synthetic.text)
    assert _key(_reparse(first)) == _key(first)


def test_the_rendering() -> None:
    page = zjnews.Page(
        articles=[
            zjnews.Article(title="甲", column="栏目", kicker="引题", subtitle="——副题", byline="本报记者 张三",
                           paragraphs=["第一段。", "第二段。"],
                           captions=[zjnews.Caption("村民在读书。", "李四 摄"), zjnews.Caption("村民在读书。")]),
            zjnews.Article(title="乙", column="栏目", byline="本报讯（记者 王五）", paragraphs=["正文。"]),
            zjnews.Article(title="丙", byline="（赵六 钱七）", paragraphs=["正文。"]),
        ],
        captions=[zjnews.Caption("图为全景。")],
    )
    assert page_to_dump(page) == (
        "栏目\n\n# 引题\n\n# 甲\n\n## ——副题\n\n本报记者 张三\n\n第一段。\n\n第二段。\n\n村民在读书。\n\n李四 摄\n\n"
        "图：村民在读书。\n\n# 乙\n\n本报讯（记者 王五）正文。\n\n## 丙\n\n正文。\n\n（赵六 钱七）\n\n图为全景。\n"
    )
    again = zjnews.parse_text(page_to_dump(page))
    assert [(a.title, a.column, a.kicker, a.subtitle, a.authors) for a in again] == [
        ("甲", "栏目", "引题", "——副题", ("张三",)),
        ("乙", "栏目", None, None, ("王五",)),
        ("丙", None, None, None, ("赵六", "钱七")),
    ]
    assert page_to_dump(zjnews.Page()) == ""
