"""``python -m zjnews.demo PATH...``: parse page dumps and print their articles."""

from __future__ import annotations

import sys
from pathlib import Path

from . import parse_file


def main(argv: list[str] | None = None) -> int:
    """Print the articles of every ``*.txt`` page under the given paths."""
    args = sys.argv[1:] if argv is None else argv
    paths: list[Path] = []
    for arg in args or ["seeds"]:
        path = Path(arg)
        paths.extend(sorted(path.glob("*.txt")) if path.is_dir() else [path])
    for path in paths:
        page = parse_file(path)
        print(f"=== {path} ({len(page)} articles)")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
