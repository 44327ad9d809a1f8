"""The data model: JSON round trips (Hypothesis), Page as a Sequence, immutability."""

from __future__ import annotations

import json
from collections.abc import Sequence

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjnews import Article, Caption, Decision, Duplicate, Page, Removal, Repair

# text as pages hold it: mostly Chinese, some punctuation, Latin, digits, spaces and newlines
_chars = st.sampled_from("新时代征程伟业本报记者通讯员摄图为，。：；“”‘’（）！？、—…·ABCxyz0123 \n")
texts = st.text(_chars, max_size=30) | st.text(max_size=30)
optional_texts = st.none() | texts

captions = st.builds(Caption, text=texts, credit=optional_texts)
articles = st.builds(
    Article,
    title=texts,
    kicker=optional_texts,
    subtitle=optional_texts,
    column=optional_texts,
    byline=optional_texts,
    authors=st.lists(texts, max_size=4).map(tuple),
    paragraphs=st.lists(texts, max_size=5).map(tuple),
    captions=st.lists(captions, max_size=3).map(tuple),
    uncertain=st.booleans(),
    uncertain_reason=optional_texts,
)
reasons = st.sampled_from(["exact", "overlap", "variant"])
duplicates = st.builds(Duplicate, text=texts, line=st.integers(0, 10_000), reason=reasons)
removals = st.builds(Removal, text=texts, reason=texts, line=st.integers(0, 10_000))
repairs = st.builds(Repair, pass_name=st.sampled_from(["mojibake", "punctuation", "quotes", "script"]),
                    position=st.integers(0, 10**6), before=texts, after=texts)
pages = st.builds(
    Page,
    articles=st.lists(articles, max_size=4),
    captions=st.lists(captions, max_size=3),
    duplicates=st.lists(duplicates, max_size=3),
    removed=st.lists(removals, max_size=3),
    repairs=st.lists(repairs, max_size=5),
    source=optional_texts,
)


@given(articles)
def test_article_dict_round_trip(article: Article) -> None:
    assert Article.from_dict(article.to_dict()) == article


@given(articles)
def test_article_json_round_trip(article: Article) -> None:
    text = article.to_json()
    assert Article.from_json(text) == article
    assert Article.from_dict(json.loads(text)) == article


@given(pages)
def test_page_json_round_trip(page: Page) -> None:
    assert Page.from_json(page.to_json()) == page
    assert Page.from_dict(json.loads(json.dumps(page.to_dict()))) == page


@given(pages)
def test_page_json_keeps_chinese_readable(page: Page) -> None:
    text = page.to_json()
    for article in page:
        for paragraph in article.paragraphs:
            assert json.dumps(paragraph, ensure_ascii=False)[1:-1] in text


@given(pages)
def test_page_is_a_sequence_of_its_articles(page: Page) -> None:
    items = list(page.articles)
    assert isinstance(page, Sequence)
    assert len(page) == len(items)
    assert list(page) == items
    assert list(reversed(page)) == items[::-1]
    assert bool(page) == bool(items)
    for i in range(-len(items), len(items)):
        assert page[i] == items[i]
    assert tuple(page[1:3]) == tuple(items[1:3])
    assert tuple(page[::-1]) == tuple(items[::-1])
    for article in items:
        assert article in page
        assert page.index(article) == items.index(article)
        assert page.count(article) == items.count(article)


def test_page_index_out_of_range() -> None:
    page = Page(articles=[Article(title="一")])
    with pytest.raises(IndexError):
        page[1]
    assert list(Page()) == []
    assert len(Page()) == 0


def test_page_dict_layout() -> None:
    page = Page(
        articles=[Article(title="标题", authors=("张三",), paragraphs=("正文。",),
                          captions=(Caption("图为现场。", "张三 摄"),))],
        captions=[Caption("图片新闻。")],
        duplicates=[Duplicate("重复的一行。", line=7, reason="overlap")],
        removed=[Removal("■", reason="noise", line=3)],
        repairs=[Repair("punctuation", 12, ",", "，")],
        source="page.txt",
    )
    data = page.to_dict()
    assert data["source"] == "page.txt"
    assert data["articles"][0]["captions"] == [{"text": "图为现场。", "credit": "张三 摄"}]
    assert data["captions"] == [{"text": "图片新闻。", "credit": None}]
    assert data["duplicates"] == [{"text": "重复的一行。", "line": 7, "reason": "overlap"}]
    assert data["removed"] == [{"text": "■", "reason": "noise", "line": 3}]
    assert data["repairs"] == [{"pass": "punctuation", "position": 12, "before": ",", "after": "，"}]
    assert set(data["articles"][0]) == {
        "column", "kicker", "title", "subtitle", "byline", "authors", "paragraphs", "captions",
        "uncertain", "uncertain_reason", "paragraph_lines",
    }
    assert "\\u" not in page.to_json()


def test_from_dict_reads_gold_style_captions_and_missing_fields() -> None:
    article = Article.from_dict({"title": None, "captions": ["图为现场。 张三 摄"], "paragraphs": ["正文。"]})
    assert article.title == ""
    assert article.captions == (Caption("图为现场。 张三 摄"),)
    assert (article.kicker, article.byline, article.authors, article.uncertain) == (None, None, (), False)
    page = Page.from_dict({"captions": ["图片新闻。"]})
    assert page.captions == (Caption("图片新闻。"),)
    assert (page.articles, page.source) == ((), None)


def test_caption_str_joins_text_and_credit() -> None:
    assert str(Caption("图为现场。", "张三 摄")) == "图为现场。 张三 摄"
    assert str(Caption("图为现场。")) == "图为现场。"
    assert str(Caption("", "张三 摄")) == "张三 摄"


def test_article_text_joins_paragraphs() -> None:
    assert Article(paragraphs=("一。", "二。")).text == "一。\n二。"


def test_sequences_are_stored_as_tuples() -> None:
    names = ["张三"]
    article = Article(authors=names, paragraphs=["正文。"])  # type: ignore[arg-type]
    names.append("李四")
    assert article.authors == ("张三",)
    assert isinstance(article.paragraphs, tuple)
    page = Page(articles=[article])
    assert isinstance(page.articles, tuple)


def test_a_single_string_is_not_taken_for_a_sequence() -> None:
    with pytest.raises(TypeError):
        Article(authors="张三")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Article(paragraphs="正文。")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "field", "new"),
    [
        (Article(title="标题"), "title", "别的"),
        (Caption("图为现场。"), "credit", "摄"),
        (Repair("script", 0, "這", "这"), "after", "x"),
        (Removal("■", "noise"), "reason", "x"),
        (Duplicate("重复。"), "line", 3),
        (Page(), "source", "x"),
        (Page(), "articles", ()),
    ],
)
def test_values_are_frozen(value: object, field: str, new: object) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, field, new)


@given(pages)
def test_pages_are_hashable_values(page: Page) -> None:
    copy = Page.from_json(page.to_json())
    assert hash(copy) == hash(page)
    assert {page, copy} == {page}


@given(articles, st.text(max_size=10))
def test_evolve_makes_a_new_value(article: Article, title: str) -> None:
    changed = attrs.evolve(article, title=title)
    assert changed.title == title
    assert attrs.evolve(changed, title=article.title) == article


def test_decisions_round_trip() -> None:
    decision = Decision(
        kind="join", outcome="joined", lines=(3, 9), score=2.5,
        evidence=(("word_across", 1.5), ("adjacent", 1.0)), text="他说",
    )
    page = Page(
        articles=[Article(title="标题", paragraphs=("正文。",), paragraph_lines=((4, 5),))],
        decisions=[decision],
    )
    data = page.to_dict()
    assert data["decisions"][0]["evidence"] == [
        {"signal": "word_across", "value": 1.5}, {"signal": "adjacent", "value": 1.0},
    ]
    assert data["articles"][0]["paragraph_lines"] == [[4, 5]]
    assert Page.from_json(page.to_json()) == page
