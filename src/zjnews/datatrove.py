"""A datatrove pipeline step: page documents in, article documents out (``pip install 'zjnews[datatrove]'``).

::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from zjnews.datatrove import ZjnewsArticles

    LocalPipelineExecutor(
        pipeline=[JsonlReader("pages/"), ZjnewsArticles(), JsonlWriter("articles/")], tasks=4
    ).run()

Each input :class:`~datatrove.data.Document` is a raw page dump (its ``text``) with an ``id``; each
output document is one article: ``text`` is the title and the paragraphs, one a line; ``id`` is
``PAGE_ID#INDEX``; ``metadata`` holds the page document's metadata, the article's structured
fields (title, byline, authors, paragraphs, captions, uncertain…), ``page_id``, ``index``,
``articles_on_page`` and the ``zjnews`` version.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

try:
    from datatrove.data import Document
    from datatrove.pipeline.base import PipelineStep
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("zjnews.datatrove needs datatrove: pip install 'zjnews[datatrove]'") from exc

from . import __version__, parse_text
from .errors import ZjnewsError
from .options import Options
from .output import article_record

__all__ = ["ZjnewsArticles"]

logger = logging.getLogger("zjnews")

_NOT_METADATA = frozenset({"type", "id", "text", "source"})


class ZjnewsArticles(PipelineStep):  # type: ignore[misc]
    """Parse each page document into article documents.

    ``options`` are the parsing options. A page that cannot be parsed (empty, binary…) is
    dropped and counted in the step's ``failed`` statistic, unless ``raise_errors`` is true.
    Statistics: ``pages``, ``articles``, ``failed``, ``uncertain``.
    """

    name = "📰 zjnews articles"
    type = "✂️ - EXTRAC"

    def __init__(self, options: Options | None = None, *, raise_errors: bool = False) -> None:
        super().__init__()
        self.options = options or Options()
        self.raise_errors = raise_errors

    def articles(self, document: Any) -> Iterator[Any]:
        """The article documents of one page document."""
        page = parse_text(document.text, options=self.options, source=document.id)
        for index, article in enumerate(page):
            record = article_record(document.id, index, len(page), article)
            metadata = dict(document.metadata)
            metadata.update({k: v for k, v in record.items() if k not in _NOT_METADATA})
            metadata["page_id"] = document.id
            metadata["zjnews"] = __version__
            yield Document(text=record["text"], id=record["id"], metadata=metadata)

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Any:
        """Yield the article documents of every page document of ``data``."""
        for document in data or ():
            self.stat_update("pages")
            try:
                with self.track_time():
                    articles = list(self.articles(document))
            except ZjnewsError as exc:
                if self.raise_errors:
                    raise
                self.stat_update("failed")
                logger.warning("%s: %s: %s", document.id, type(exc).__name__, exc)
                continue
            for article in articles:
                self.stat_update("articles")
                if article.metadata.get("uncertain"):
                    self.stat_update("uncertain")
                self.update_doc_stats(article)
                yield article
