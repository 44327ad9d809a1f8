"""Text conservation: every non-whitespace character of the input is in exactly one place of the Page.

See :mod:`zjnews.conservation` for what is counted. Checked on the seeds, on synthetic pages
composed from parts, and on random dumps (mixtures of Chinese text lines, headings with ``#``,
names, bylines, captions, punctuation runs and blank lines). The long run (10,000 random pages
and more) is switched on by an environment variable, outside the default test run::

    ZJNEWS_CONSERVATION_PAGES=10000 pytest tests/test_conservation.py -k many -s
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import zjnews
from conftest import SEED_PAGES
from strategies import CLEAN_SENTENCES, traditional
from synthetic import ARTICLES, CAPTIONS, KICKERS, SUBTITLES, SyntheticPage, synthetic_pages
from zjnews.conservation import balance, input_characters, page_characters, replay_repairs, unaccounted
from zjnews.decode import decode_bytes

# ---------------------------------------------------------------- random dumps

_PARAGRAPHS = tuple(str(p) for a in ARTICLES for p in a["paragraphs"])  # type: ignore[attr-defined]
_TITLES = tuple(str(a["title"]) for a in ARTICLES)
_NAMES = ("林晓峰", "沈佳怡", "何志远", "方雨", "童立新", "叶蓓", "钱 瑶", "谢 婷", "郑元丹", "王 芳")
_PUNCTUATION = "。，、；：？！“”‘’（）《》—…·,.;:!?()\"'-#*/【】「」"
_ODD = "今年以来干部群众已经己未末人入土士日曰千问间滨江的了是在會議開發abcXYZ019 .,:;()?!\"'“”‘’，。：；（）？！、#"


def _fragment(text: str) -> st.SearchStrategy[str]:
    """A piece of ``text`` cut anywhere: an open-ended fragment, a dangling start, or the whole."""
    return st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(
        lambda ab: text[min(ab) : max(ab)] or text
    )


def _names_line() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_NAMES), min_size=1, max_size=3).map(" ".join)


@st.composite
def _line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 15))
    if kind <= 3:
        return draw(st.sampled_from(_PARAGRAPHS).flatmap(_fragment))
    if kind == 4:
        return draw(st.lists(st.sampled_from(CLEAN_SENTENCES), min_size=1, max_size=3).map("".join))
    if kind == 5:
        marks = "#" * draw(st.integers(1, 4)) + draw(st.sampled_from(("", " ", "  ")))
        return marks + draw(st.sampled_from(_TITLES + tuple(k for k in KICKERS if k) + ("新时代新征程新伟业",)))
    if kind == 6:
        return draw(st.sampled_from(_TITLES + tuple(s for s in SUBTITLES if s) + ("聚焦",)))
    if kind == 7:
        return draw(_names_line())
    if kind == 8:
        form = draw(st.sampled_from(("本报讯（记者 {}）", "本报记者 {}", "（{}）", "通讯员 {} 摄", "{} 摄", "{}")))
        return form.format(draw(_names_line()))
    if kind == 9:
        caption, credit = draw(st.sampled_from(CAPTIONS))
        return draw(st.sampled_from((caption, credit, f"{caption} {credit}", f"（左）{caption}", f"图为{caption}")))
    if kind == 10:
        return draw(st.text(st.sampled_from(_PUNCTUATION), min_size=1, max_size=30))
    if kind == 11:
        return draw(st.text(st.sampled_from(_ODD), min_size=1, max_size=60))
    if kind == 12:
        return traditional(draw(st.sampled_from(_PARAGRAPHS).flatmap(_fragment)))
    if kind == 13:
        # a line wrapped with spaces, a sentence end followed by a space (a hidden paragraph break)
        text = draw(st.sampled_from(_PARAGRAPHS))
        cut = draw(st.integers(0, len(text)))
        return text[:cut] + draw(st.sampled_from((" ", "  ", "\u3000", "\t"))) + text[cut:]
    if kind == 14:
        return "#" * draw(st.integers(1, 6)) + draw(st.text(st.sampled_from(_PUNCTUATION + " "), max_size=4))
    return ""


@st.composite
def random_dumps(draw: st.DrawFn) -> str:
    """A random page dump: up to 40 lines of every kind, separated by one to three newlines.

    Lines are repeated now and then (repeats and overlaps for the dedup stage).
    """
    lines = draw(st.lists(_line(), min_size=1, max_size=40))
    if len(lines) > 2 and draw(st.booleans()):
        source = draw(st.integers(0, len(lines) - 1))
        lines.insert(draw(st.integers(0, len(lines))), lines[source])
    separators = draw(st.lists(st.sampled_from(("\n", "\n\n", "\n\n", "\n\n\n", "\n \n")), min_size=len(lines),
                               max_size=len(lines)))
    text = "".join(line + sep for line, sep in zip(lines, separators, strict=True))
    if not text.strip():
        text = "正文。\n"
    return text


# ---------------------------------------------------------------- the checks


def _assert_conserved(text: str, page: zjnews.Page) -> None:
    result = balance(text, page)
    assert result.ok, f"lost {dict(result.lost)}, extra {dict(result.extra)} in:\n{text}"


@pytest.mark.parametrize("path", SEED_PAGES, ids=lambda p: p.stem)
def test_conservation_on_the_seeds(path: Path) -> None:
    text = decode_bytes(path.read_bytes())
    page = zjnews.parse_text(text)
    assert not unaccounted(text, page)
    assert not page.unaccounted(text)


@pytest.mark.parametrize(
    "options",
    [
        zjnews.Options(remove_duplicates=False),
        zjnews.Options(remove_captions=False),
        zjnews.Options(join_continuations=False),
        zjnews.Options(fix_mojibake=False, fix_punctuation=False, fix_quotes=False, fix_wrap_spaces=False,
                       fix_script=False, fix_ocr=False),
    ],
    ids=["no-dedup", "no-captions", "no-joins", "no-repair"],
)
def test_conservation_on_the_seeds_with_passes_off(options: zjnews.Options) -> None:
    for path in SEED_PAGES:
        text = path.read_text(encoding="utf-8")
        assert not unaccounted(text, zjnews.parse_text(text, options=options)), path.name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(synthetic_pages())
def test_conservation_on_synthetic_pages(synthetic: SyntheticPage) -> None:
    _assert_conserved(synthetic.text, zjnews.parse_text(synthetic.text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_dumps())
def test_conservation_on_random_dumps(text: str) -> None:
    _assert_conserved(text, zjnews.parse_text(text))


def test_a_loss_is_reported() -> None:
    text = "# 标题\n\n正文第一段。\n"
    page = zjnews.parse_text(text)
    assert not unaccounted(text, page)
    article = page[0]
    shortened = zjnews.Page(articles=[type(article)(title=article.title, paragraphs=["正文第一"])])
    assert unaccounted(text, shortened) == Counter({"段": 1, "。": 1})
    assert balance(text, shortened).lost == Counter({"段": 1, "。": 1})
    doubled = zjnews.Page(articles=[article, article])
    assert balance(text, doubled).extra and not balance(text, doubled).lost


def test_what_is_exempt() -> None:
    # whitespace, control characters and the # marks opening a line are not text; a # inside a line is
    text = "## 标题\r\n\r\n  # \u3000正文 #1 号\x00。\n###\n"
    assert input_characters(text) == Counter("标题正文#1号。")
    page = zjnews.parse_text(text)
    assert page.unaccounted(text) == Counter()


def test_a_column_over_several_articles_counts_once() -> None:
    page = zjnews.Page(
        articles=[
            zjnews.Article(title="甲", column="栏目", paragraphs=["一。"]),
            zjnews.Article(title="乙", column="栏目", paragraphs=["二。"]),
        ]
    )
    assert page_characters(page) == Counter("栏目甲一。乙二。")


def test_repairs_are_replayed() -> None:
    text = "全省会議在杭州召開,今天。\n"
    page = zjnews.parse_text(text)
    assert page.repairs
    assert replay_repairs(text, page.repairs) == zjnews.repair_text(text).text
    assert not page.unaccounted(text)
    with pytest.raises(ValueError, match="does not match"):
        replay_repairs("另一段文字", page.repairs)


def test_bytes_input_is_balanced_against_its_decoded_text() -> None:
    data = "\ufeff# 标题\r\n\r\n本报讯（记者 张三）正文。\r\n".encode("utf-16-le")
    text = decode_bytes(data)
    assert not zjnews.parse_bytes(data).unaccounted(text)


# ---------------------------------------------------------------- the long run (opt-in)

_MANY = int(os.environ.get("ZJNEWS_CONSERVATION_PAGES", "0"))


@pytest.mark.skipif(not _MANY, reason="set ZJNEWS_CONSERVATION_PAGES=N for the long run")
def test_conservation_on_many_random_pages() -> None:
    """N random dumps and N/4 synthetic pages; every one must balance (all failures are collected)."""
    failures: list[tuple[str, dict[str, int], dict[str, int]]] = []
    counts = {"random": 0, "synthetic": 0}

    def check(name: str, text: str) -> None:
        result = balance(text, zjnews.parse_text(text))
        counts[name] += 1
        if not result.ok:
            failures.append((text, dict(result.lost), dict(result.extra)))

    def run(strategy: st.SearchStrategy[str], name: str, total: int) -> None:
        @settings(max_examples=total, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def each(text: str) -> None:
            check(name, text)

        each()

    started = time.perf_counter()
    run(random_dumps(), "random", _MANY)
    run(synthetic_pages().map(lambda page: page.text), "synthetic", max(1, _MANY // 4))
    elapsed = time.perf_counter() - started
    print(f"\nconservation: {counts} pages in {elapsed:.0f} s, {len(failures)} unbalanced")
    for text, lost, extra in failures[:5]:
        print(f"lost {lost} extra {extra}:\n{text}\n----")
    assert not failures, failures[:3]


def test_a_heading_mark_after_a_paragraph_separator_in_the_input_is_markup() -> None:
    # a U+2029 given in the input is a paragraph break: the blocks stage reads a heading after it
    text = "# 标题\n\n会议持续了两个小时。\u2029 # 走进村文化礼堂\n\n墙上的老照片记录着村庄的变迁。\n"
    page = zjnews.parse_text(text)
    assert not page.unaccounted(text)
