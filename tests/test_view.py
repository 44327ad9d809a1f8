"""``zjnews show PAGE -o page.html`` and ``zjnews parse --report report.html``: run for real, the HTML
validated with html5lib, and rendered in a headless Chromium when one is installed."""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

import zjnews
from conftest import SEED_PAGES
from test_cli import run
from zjnews.model import Article, Duplicate, Page, Removal
from zjnews.view import PALETTE, load_page, page_html, place_lines

html5lib = pytest.importorskip("html5lib")

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


def valid(document: str) -> object:
    """Parse ``document`` with html5lib in strict mode: any parse error (unclosed tag, bad nesting…) raises."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(document)


def lines_of(document: str) -> dict[int, tuple[str, str]]:
    """Each input line of a page view: its class and style attributes."""
    tree = valid(document)
    found: dict[int, tuple[str, str]] = {}
    for div in tree.iter("div"):  # type: ignore[attr-defined]
        ident = div.get("id", "")
        if ident.startswith("L"):
            found[int(ident[1:])] = (div.get("class", ""), div.get("style", ""))
    return found


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``zjnews show`` of the seed page with duplicates, written to a file."""
    out = tmp_path_factory.mktemp("show") / "page.html"
    result = run("show", str(SEED_PAGES[0]), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    return out, out.read_text(encoding="utf-8")


def test_show_writes_one_valid_self_contained_page(shown: tuple[Path, str]) -> None:
    _, document = shown
    valid(document)
    assert "<script" not in document and "http://" not in document.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<link" not in document and "src=" not in document  # no external resource


def test_show_colours_every_line_by_its_article(shown: tuple[Path, str]) -> None:
    _, document = shown
    text, page = load_page(str(SEED_PAGES[0]))
    views = {v.number: v for v in place_lines(text, page)}
    lines = lines_of(document)
    assert set(lines) == set(range(1, len(text.split("\n")) + 1))
    checked = 0
    for i, article in enumerate(page):
        # the line holding the article's title is coloured with the article's colour
        title = re.sub(r"\s", "", article.title)
        numbers = [n for n, v in views.items() if title and re.sub(r"[#\s]", "", v.repaired) == title]
        if not numbers:
            continue
        css, style = lines[numbers[0]]
        assert views[numbers[0]].article == i and f"background:{PALETTE[i % len(PALETTE)]}" in style, (i, css)
        checked += 1
    assert checked >= len(page) - 1
    for title in (a.title for a in page):
        assert html.escape(title, quote=True) in document


def test_show_strikes_duplicates_and_highlights_repairs(shown: tuple[Path, str]) -> None:
    _, document = shown
    page = zjnews.parse_file(SEED_PAGES[0])
    assert page.duplicates
    lines = lines_of(document)
    for duplicate in page.duplicates:
        assert "dup" in lines[duplicate.line][0].split(), duplicate
    assert ".dup .tx{text-decoration:line-through" in document
    marks = re.findall(r'<mark class="fix[^"]*" title="([^"]*)">', document)
    assert len(marks) >= 50 and all("→" in html.unescape(m) for m in marks)
    assert any("(punctuation)" in html.unescape(m) for m in marks)  # the pass is named


def test_removed_and_unplaced_lines_are_marked_with_their_reason() -> None:
    text = (
        "# 标题甲\n\n正文第一段写在这里。\n\n责任编辑 某某\n\n"
        "重复的一行文字在此\n\n重复的一行文字在此\n\n没有人认领的一行文字\n"
    )
    page = Page(
        articles=[Article(title="标题甲", paragraphs=["正文第一段写在这里。", "重复的一行文字在此"])],
        removed=[Removal("责任编辑 某某", "page furniture (editor line)", 5)],
        duplicates=[Duplicate("重复的一行文字在此", 9, "exact")],
    )
    views = {v.number: v for v in place_lines(text, page, zjnews.Options())}
    assert (views[1].kind, views[1].article) == ("article", 0)
    assert (views[5].kind, views[5].reason) == ("removed", "page furniture (editor line)")
    assert (views[7].kind, views[9].kind) == ("article", "duplicate")
    assert views[11].kind == "unplaced"
    document = page_html(text, page)
    valid(document)
    assert "page furniture (editor line)" in document and "not found in the output" in document


def test_paragraph_lines_take_precedence_over_text_matching() -> None:
    text = "# 甲\n\n同一句话。\n\n# 乙\n\n同一句话。\n"
    page = Page(articles=[Article(title="甲", paragraphs=["同一句话。"]),
                          Article(title="乙", paragraphs=["同一句话。"], paragraph_lines=[[7]])])
    views = {v.number: v for v in place_lines(text, page)}
    assert views[3].article == 0 and views[7].article == 1


def test_show_reads_standard_input_and_refuses_binary(tmp_path: Path) -> None:
    result = run("show", "-", stdin=SEED_PAGES[1].read_bytes())
    assert result.returncode == 0
    valid(result.stdout.decode("utf-8"))
    assert "&lt;stdin:" in result.stdout.decode("utf-8")
    binary = run("show", "-", stdin=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert binary.returncode == 1 and "BinaryInputError" in binary.stderr.decode()
    assert run("show", str(tmp_path / "nope.txt")).returncode == 1


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``zjnews parse --report`` over the seeds and a broken page."""
    root = tmp_path_factory.mktemp("report")
    pages = root / "pages"
    pages.mkdir()
    for page in SEED_PAGES:
        shutil.copy(page, pages / page.name)
    (pages / "zz_broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    out = root / "report.html"
    result = run("parse", str(pages), "-o", str(root / "o.jsonl"), "--report", str(out))
    assert result.returncode == 1, result.stderr.decode()  # the broken page
    return out


def test_report_counts_pages_failures_and_uncertain_pages(report: Path) -> None:
    document = report.read_text(encoding="utf-8")
    valid(document)
    pages = [zjnews.parse_file(p) for p in SEED_PAGES]
    articles = sum(len(p) for p in pages)
    assert f"<th>pages</th><td>{len(SEED_PAGES) + 1}</td>" in document
    assert f"<th>articles</th><td>{articles}</td>" in document
    assert "<th>failed pages</th><td>1</td>" in document and "zz_broken.txt" in document
    uncertain = [p for p in pages if any(a.uncertain for a in p)]
    assert f"Pages with uncertain articles ({len(uncertain)})" in document
    assert document.count("<svg") >= 2  # the articles-per-page and length charts
    links = re.findall(r'<a href="(report-pages/\d+\.html)">', document)
    assert len(links) == len(uncertain)
    for link in links:  # each uncertain page links to its page view
        valid((report.parent / link).read_text(encoding="utf-8"))


def test_report_needs_an_existing_folder(tmp_path: Path) -> None:
    report = str(tmp_path / "no" / "r.html")
    result = run("parse", str(SEED_PAGES[0]), "-o", str(tmp_path / "o.jsonl"), "--report", report)
    assert result.returncode == 2 and "no" in result.stderr.decode()


def _png_size_and_colours(path: Path) -> tuple[int, int, int]:
    """The width, height and number of distinct byte values of the decoded pixel rows of a PNG."""
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    pixels = zlib.decompress(b"".join(chunks))
    return width, height, len(set(pixels[::97]))


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (Debian: apt-get install chromium)")
@pytest.mark.parametrize("which", ["show", "report"])
def test_a_real_browser_renders_the_pages(which: str, shown: tuple[Path, str], report: Path, tmp_path: Path) -> None:
    target = shown[0] if which == "show" else report
    shot = tmp_path / f"{which}.png"
    result = subprocess.run(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", "--hide-scrollbars", f"--screenshot={shot}", "--window-size=1200,900",
            target.resolve().as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0 and shot.exists(), result.stderr.decode()[-2000:]
    width, height, colours = _png_size_and_colours(shot)
    assert (width, height) == (1200, 900)
    assert colours > 20  # text, colours and charts drawn, not a blank or error page
