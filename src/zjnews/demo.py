"""``python -m zjnews.demo [PATH...]``: parse page dumps and print their articles.

Without a path it parses a small sample page shipped with the package (written for this demo),
so that it runs from any installation.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from . import Page, parse_bytes, parse_file
from .errors import ZjnewsError

SAMPLE = "sample_page.txt"
"""The sample page in ``zjnews/data`` that the demo parses when given no path."""


def sample_page() -> bytes:
    """The bytes of the sample page shipped with the package."""
    return resources.files("zjnews").joinpath("data").joinpath(SAMPLE).read_bytes()


def _print(name: str, page: Page) -> None:
    print(f"=== {name} ({len(page)} articles)")
    for article in page:
        parts = (article.column, article.kicker, article.title, article.subtitle)
        head = " / ".join(x for x in parts if x)
        print(f"\n## {head}")
        if article.byline:
            print(f"[{article.byline}] {', '.join(article.authors)}")
        for paragraph in article.paragraphs:
            print(paragraph)
        for caption in article.captions:
            print(f"(caption) {caption}")
    print()


def main(argv: list[str] | None = None) -> int:
    """Print the articles of every ``*.txt`` page under the given paths (the sample page without one)."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        _print(f"zjnews sample page ({SAMPLE})", parse_bytes(sample_page(), source=SAMPLE))
        print("(a sample page shipped with zjnews; give paths of page dumps to parse your own)")
        return 0
    status = 0
    for arg in args:
        path = Path(arg)
        if not path.exists():
            print(f"zjnews.demo: {arg}: no such file or directory", file=sys.stderr)
            status = 1
            continue
        files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        if not files:
            print(f"zjnews.demo: {arg}: no *.txt page in this directory", file=sys.stderr)
            status = 1
        for file in files:
            try:
                page = parse_file(file)
            except ZjnewsError as exc:
                print(f"zjnews.demo: {file}: {type(exc).__name__}: {exc}", file=sys.stderr)
                status = 1
                continue
            _print(str(file), page)
    return status


if __name__ == "__main__":
    sys.exit(main())
