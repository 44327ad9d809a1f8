"""Options are validated with the library's own errors; pages and articles have a short repr and a readable str."""

from __future__ import annotations

import subprocess
import sys

import pytest

import zjnews
from conftest import SEED_PAGES


@pytest.mark.parametrize("value", ["no", 0, 1, None, "False"])
def test_a_switch_must_be_a_bool(value: object) -> None:
    with pytest.raises(zjnews.InputTypeError, match="fix_ocr must be True or False"):
        zjnews.Options(fix_ocr=value)  # type: ignore[arg-type]
    with pytest.raises(zjnews.InputTypeError):
        zjnews.Options().evolve(remove_captions=value)


def test_limits_are_checked_with_zjnews_errors() -> None:
    with pytest.raises(zjnews.InputError):
        zjnews.Options(max_input_bytes=-1)
    for bad in ("10", 1.5, True):
        with pytest.raises(zjnews.InputTypeError):
            zjnews.Options(max_input_bytes=bad)  # type: ignore[arg-type]
    assert zjnews.Options(max_input_bytes=0).max_input_bytes == 0


def test_a_script_gets_one_clear_error_line() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import zjnews; zjnews.Options(fix_ocr='no')"], capture_output=True, check=False
    )
    assert result.returncode == 1
    last = result.stderr.decode().strip().splitlines()[-1]
    assert last == "zjnews.errors.InputTypeError: Options.fix_ocr must be True or False, not 'no'"


def test_repr_is_one_short_line_and_str_reads_as_printed() -> None:
    page = zjnews.parse_file(SEED_PAGES[1])
    text = repr(page)
    assert text.startswith(f"Page(source={str(SEED_PAGES[1])!r}, articles={len(page)}")
    assert "\n" not in text and len(text) < 200
    for article in page:
        short = repr(article)
        assert "\n" not in short and len(short) < 200 and f"paragraphs={len(article.paragraphs)}" in short
        assert all(p not in short for p in article.paragraphs if len(p) > 30)
        lines = str(article).split("\n")
        assert article.title in lines and all(p in lines for p in article.paragraphs)
        if article.byline:
            assert article.byline in lines
    assert str(page).count("――――") == len(page) - 1
    empty = zjnews.Article(title="题" * 40)
    assert repr(empty) == f"Article(title={'题' * 23 + '…'!r}, paragraphs=0, chars=0)"
