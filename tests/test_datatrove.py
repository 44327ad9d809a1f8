"""The datatrove step on a small local pipeline: page documents in, article documents out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zjnews
from conftest import SEED_PAGES

pytest.importorskip("datatrove")
pytest.importorskip("orjson")  # datatrove's JSON Lines reader and writer need it

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from zjnews.datatrove import ZjnewsArticles


def test_a_local_pipeline_turns_pages_into_articles(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    with open(pages / "pages.jsonl", "w", encoding="utf-8") as stream:
        for page in SEED_PAGES:
            row = {"id": page.stem, "text": page.read_text(encoding="utf-8"), "metadata": {"paper": "seed"}}
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        stream.write(json.dumps({"id": "blank", "text": "  \n"}) + "\n")
    step = ZjnewsArticles(zjnews.Options(fix_ocr=False))
    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(pages)), step, JsonlWriter(str(tmp_path / "articles"), compression=None)],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    (written,) = (tmp_path / "articles").glob("*.jsonl")
    documents = [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]

    expected = [(p.stem, zjnews.parse_file(p, options=zjnews.Options(fix_ocr=False))) for p in SEED_PAGES]
    assert len(documents) == sum(len(page) for _, page in expected)
    position = 0
    for stem, page in expected:
        for index, article in enumerate(page):
            document = documents[position]
            position += 1
            assert document["id"] == f"{stem}#{index}"
            assert document["text"] == "\n".join([article.title, *article.paragraphs])
            metadata = document["metadata"]
            assert metadata["page_id"] == stem and metadata["index"] == index
            assert metadata["paper"] == "seed"  # the page document's metadata is carried through
            assert metadata["zjnews"] == zjnews.__version__
            assert zjnews.Article.from_dict(metadata) == article
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    mine = next(s for s in stats if "zjnews" in s["name"])["stats"]
    assert mine["pages"] == len(SEED_PAGES) + 1 and mine["failed"] == 1


def test_raise_errors_stops_on_a_bad_page() -> None:
    from datatrove.data import Document

    with pytest.raises(zjnews.EmptyInputError):
        list(ZjnewsArticles(raise_errors=True).run(iter([Document(text=" ", id="x")])))
