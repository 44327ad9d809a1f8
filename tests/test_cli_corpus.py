"""The command line as a corpus builder uses it: outputs, provenance, inputs as archives hold them,
messages, logging; each run for real in a subprocess (``python -m zjnews``)."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import zjnews
from conftest import REPO_ROOT, SEED_PAGES
from test_cli import articles_of, records, run
from zjnews.output import read_provenance, read_records

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def _lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``zjnews parse`` of two seed pages to plain JSON Lines, once for the module."""
    out = tmp_path_factory.mktemp("plain") / "out.jsonl"
    result = run("parse", str(SEED_PAGES[0]), str(SEED_PAGES[1]), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    return out


# --------------------------------------------------------------------------- outputs


@pytest.mark.parametrize(
    ("suffix", "opener"),
    [(".gz", gzip.decompress), (".bz2", bz2.decompress), (".xz", lzma.decompress), (".zst", None)],
)
def test_output_is_compressed_by_its_suffix(plain: Path, tmp_path: Path, suffix: str, opener: Any) -> None:
    out = tmp_path / f"out.jsonl{suffix}"
    result = run("parse", str(SEED_PAGES[0]), str(SEED_PAGES[1]), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    data = out.read_bytes()
    if opener is None:
        zstandard = pytest.importorskip("zstandard")
        assert data.startswith(ZSTD_MAGIC)
        text = zstandard.ZstdDecompressor().stream_reader(data, read_across_frames=True).read()
    else:
        text = opener(data)
    assert text == plain.read_bytes()  # the same bytes as the plain output, compressed
    assert list(read_records(out)) == records(plain)
    assert read_provenance(out) == read_provenance(plain)


@pytest.mark.parametrize("name", ["out.csv", "out.json", "out.txt", "out.zip", "out.parquet.gz", "out.jsonl.lz4"])
def test_an_output_name_of_another_format_is_refused(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    result = run("parse", str(SEED_PAGES[0]), "-o", str(out))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert name in err and ("JSON Lines" in err or "archive" in err or "Parquet" in err), err
    assert not out.exists()


def test_an_explicit_format_accepts_any_name_and_special_files(tmp_path: Path) -> None:
    out = tmp_path / "articles.data"
    assert run("parse", str(SEED_PAGES[0]), "-o", str(out), "--format", "jsonl").returncode == 0
    assert records(out)
    assert run("parse", str(SEED_PAGES[0]), "-o", "/dev/null").returncode == 0  # a device: plain JSON Lines
    assert run("parse", str(SEED_PAGES[0]), "-o", str(tmp_path / "noext")).returncode == 0


def test_resume_of_a_compressed_output_is_refused(tmp_path: Path) -> None:
    result = run("parse", str(SEED_PAGES[0]), "-o", str(tmp_path / "o.jsonl.gz"), "--resume")
    assert result.returncode == 2 and "uncompressed" in result.stderr.decode()


# --------------------------------------------------------------------------- provenance


def test_jsonl_starts_with_a_run_header_and_articles_carry_id_and_text(plain: Path) -> None:
    header = json.loads(plain.read_text(encoding="utf-8").splitlines()[0])
    assert header == {
        "type": "run",
        "zjnews": zjnews.__version__,
        "records": 2,
        "options": zjnews.Options().to_dict(),
        "page_records": False,
    }
    recs = records(plain)
    source = str(SEED_PAGES[0])
    page = zjnews.parse_file(SEED_PAGES[0])
    mine = [r for r in recs if r["source"] == source]
    assert [r["id"] for r in mine] == [f"{source}#{i}" for i in range(len(page))]
    assert len({r["id"] for r in recs}) == len(recs)
    for record, article in zip(mine, page, strict=True):
        assert record["text"] == "\n".join([article.title, *article.paragraphs])
    assert articles_of(recs, source) == list(page)


def test_parquet_carries_the_provenance_in_its_metadata(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "o.parquet"
    result = run("parse", str(SEED_PAGES[0]), "-o", str(out), "--disable", "fix_ocr")
    assert result.returncode == 0, result.stderr.decode()
    metadata = pq.read_schema(str(out)).metadata
    header = json.loads(metadata[b"zjnews"])
    assert header["zjnews"] == zjnews.__version__ and header["options"]["fix_ocr"] is False
    assert read_provenance(out) == header
    rows = list(read_records(out))
    assert rows[0]["id"] == f"{SEED_PAGES[0]}#0" and rows[0]["text"].startswith(rows[0]["title"])


def test_resume_refuses_an_output_of_other_options_or_another_version(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    assert run("parse", str(SEED_PAGES[0]), "-o", str(out)).returncode == 0
    before = out.read_bytes()
    other = run("parse", str(SEED_PAGES[0]), str(SEED_PAGES[1]), "-o", str(out), "--resume", "--disable", "fix_ocr")
    assert other.returncode == 3  # ExitCode.CANNOT_WRITE: OUT is left as it is
    assert "option fix_ocr=True (this run: False)" in other.stderr.decode()
    assert out.read_bytes() == before
    shape = run("parse", str(SEED_PAGES[0]), "-o", str(out), "--resume", "--page-records")
    assert shape.returncode == 3 and "page_records" in shape.stderr.decode()

    lines = before.decode("utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    header["zjnews"] = "0.0.1"
    out.write_text(json.dumps(header) + "\n" + "".join(lines[1:]), encoding="utf-8")
    version = run("parse", str(SEED_PAGES[0]), "-o", str(out), "--resume")
    assert version.returncode == 3 and "zjnews '0.0.1'" in version.stderr.decode()

    out.write_text("".join(lines[1:]), encoding="utf-8")  # as written before run headers existed
    old = run("parse", str(SEED_PAGES[0]), "-o", str(out), "--resume")
    assert old.returncode == 3 and "no zjnews run header" in old.stderr.decode()
    assert out.read_text(encoding="utf-8") == "".join(lines[1:])


def test_parquet_resume_refuses_other_options(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "o.parquet"
    assert run("parse", str(SEED_PAGES[0]), "-o", str(out)).returncode == 0
    result = run("parse", str(SEED_PAGES[1]), "-o", str(out), "--resume", "--max-bytes", "100000")
    assert result.returncode == 3 and "max_input_bytes" in result.stderr.decode()
    assert {r["source"] for r in read_records(out)} == {str(SEED_PAGES[0])}


# --------------------------------------------------------------------------- messages


def test_missing_path_empty_folder_and_unmatched_glob_are_said_on_stderr(tmp_path: Path) -> None:
    missing = run("parse", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "a.jsonl"))
    assert missing.returncode == 1
    assert f"{tmp_path / 'nope.txt'}: UnreadableInputError:" in missing.stderr.decode()
    assert "does not exist" in missing.stderr.decode()

    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("parse", str(empty), "-o", str(tmp_path / "b.jsonl"))
    assert result.returncode == 1
    assert f"{empty}: no file under it matches *.txt" in result.stderr.decode()

    unmatched = run("parse", str(SEED_PAGES[0].parent), "--glob", "*.nothing", "-o", str(tmp_path / "c.jsonl"))
    assert unmatched.returncode == 1 and "no file under it matches *.nothing" in unmatched.stderr.decode()
    assert "1 path with no page" in unmatched.stderr.decode()

    nothing = run("parse", "--files-from", "-", "-o", str(tmp_path / "d.jsonl"), stdin=b"\n")
    assert nothing.returncode == 1 and "no page found" in nothing.stderr.decode()


def test_every_failed_page_is_named_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("   \n", encoding="utf-8")
    shutil.copy(SEED_PAGES[0], tmp_path / "good.txt")
    result = run("parse", str(tmp_path), "-o", str(tmp_path / "o.jsonl"))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert f"zjnews: {tmp_path / 'blank.txt'}: EmptyInputError:" in err
    assert "good.txt" not in err


def test_verbose_logs_with_the_logging_module(tmp_path: Path) -> None:
    quiet = run("parse", str(SEED_PAGES[0]), "-o", str(tmp_path / "a.jsonl"))
    assert " INFO: " not in quiet.stderr.decode()
    one = run("parse", str(SEED_PAGES[0]), "-o", str(tmp_path / "b.jsonl"), "-v", "--progress")
    assert " INFO: 1 pages to parse" in one.stderr.decode() and " DEBUG: " not in one.stderr.decode()
    two = run("-vv", "parse", str(SEED_PAGES[0]), "-o", str(tmp_path / "c.jsonl"))
    assert f" DEBUG: {SEED_PAGES[0]}: " in two.stderr.decode()


def test_repair_refuses_a_switch_that_is_no_repair_pass() -> None:
    result = run("repair", "--disable", "remove_captions", stdin="文字".encode())
    assert result.returncode == 2 and "remove_captions" in result.stderr.decode()
    assert run("repair", "--disable", "fix_ocr", stdin="文字\n".encode()).returncode == 0


# --------------------------------------------------------------------------- inputs


def test_compressed_page_files_are_read(tmp_path: Path, plain: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt.gz").write_bytes(gzip.compress(SEED_PAGES[0].read_bytes()))
    (pages / "b.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(SEED_PAGES[1].read_bytes()))
    (pages / "c.txt.gz").write_bytes(b"\x1f\x8b\x08\x00 damaged")
    out = tmp_path / "o.jsonl"
    result = run("parse", str(pages), "-o", str(out))
    assert result.returncode == 1  # the damaged archive
    recs = records(out)
    expected = records(plain)
    for name, seed in (("a.txt.gz", SEED_PAGES[0]), ("b.txt.zst", SEED_PAGES[1])):
        assert articles_of(recs, str(pages / name)) == articles_of(expected, str(seed))
    (error,) = [r for r in recs if r["type"] == "error"]
    assert error["source"] == str(pages / "c.txt.gz") and error["error"] == "DecodeError"
    limited = run("parse", str(pages / "a.txt.gz"), "--max-bytes", "1000", "-o", str(tmp_path / "l.jsonl"))
    assert limited.returncode == 1 and "InputTooLargeError" in limited.stderr.decode()


def _table_rows() -> list[dict[str, Any]]:
    return [{"page_id": f"p{i}", "raw": page.read_text(encoding="utf-8")} for i, page in enumerate(SEED_PAGES[:3])]


def test_a_jsonl_table_of_pages_with_text_and_id_columns(tmp_path: Path) -> None:
    rows = _table_rows()
    rows.append({"page_id": "p-missing"})  # a row without its text fails as a page
    table = tmp_path / "pages.jsonl.gz"
    table.write_bytes(gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()))
    out = tmp_path / "o.jsonl"
    result = run("parse", str(table), "--text-column", "raw", "--id-column", "page_id", "-o", str(out))
    assert result.returncode == 1
    recs = records(out)
    assert list(dict.fromkeys(r["source"] for r in recs)) == ["p0", "p1", "p2", "p-missing"]
    for i, page in enumerate(SEED_PAGES[:3]):
        assert articles_of(recs, f"p{i}") == list(zjnews.parse_file(page))
        assert next(r for r in recs if r["source"] == f"p{i}")["id"] == f"p{i}#0"
    assert recs[-1]["type"] == "error" and "has no 'raw'" in recs[-1]["message"]

    again = run("parse", str(table), "--text-column", "raw", "--id-column", "page_id", "-o", str(out), "--resume")
    assert "4 skipped" in again.stderr.decode()  # sources are the ids: resume matches them

    no_id = run("parse", str(table), "--text-column", "raw", "-o", str(tmp_path / "n.jsonl"))
    sources = list(dict.fromkeys(r["source"] for r in records(tmp_path / "n.jsonl")))
    assert no_id.returncode == 1 and sources == [f"{table}#{n}" for n in range(1, 5)]


def test_a_parquet_table_of_pages(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = tmp_path / "pages.parquet"
    pq.write_table(pa.Table.from_pylist(_table_rows()), str(table))
    out = tmp_path / "o.parquet"
    result = run("parse", str(table), "--text-column", "raw", "--id-column", "page_id", "-o", str(out), "--progress")
    assert result.returncode == 0, result.stderr.decode()
    assert "3/3 [" in result.stderr.decode()  # the rows are counted from the footer
    rows = list(read_records(out))
    assert list(dict.fromkeys(r["source"] for r in rows)) == ["p0", "p1", "p2"]
    wrong = run("parse", str(table), "--text-column", "body", "-o", str(tmp_path / "w.jsonl"))
    assert wrong.returncode == 1 and "has no column 'body'" in wrong.stderr.decode()


def test_id_column_needs_text_column() -> None:
    assert run("parse", str(SEED_PAGES[0]), "--id-column", "id").returncode == 2


# --------------------------------------------------------------------------- the demo, from the wheel


def test_the_demo_runs_from_the_wheel_without_the_seeds(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(REPO_ROOT)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    if build.returncode != 0:
        pytest.skip(f"cannot build the wheel here: {build.stderr.decode()[-300:]}")
    (wheel,) = (tmp_path / "dist").glob("zjnews-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert "zjnews/data/sample_page.txt" in archive.namelist()
        archive.extractall(site)
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    demo = subprocess.run(
        [sys.executable, "-m", "zjnews.demo"],
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert demo.returncode == 0, demo.stderr.decode()
    out = demo.stdout.decode()
    assert "Traceback" not in demo.stderr.decode()
    assert "(2 articles)" in out and "老街换新颜" in out and str(site) in _imported_from(site, cwd)
    missing = subprocess.run(
        [sys.executable, "-m", "zjnews.demo", "nope"], capture_output=True, cwd=cwd, check=False, timeout=120
    )
    assert missing.returncode == 1 and missing.stderr.decode().strip() == "zjnews.demo: nope: no such file or directory"


def _imported_from(site: Path, cwd: Path) -> str:
    """Where the demo's zjnews came from with the wheel's folder first on the path (the wheel's copy)."""
    return subprocess.run(
        [sys.executable, "-c", "import zjnews; print(zjnews.__file__)"],
        capture_output=True,
        cwd=cwd,
        env={"PYTHONPATH": str(site)},
        check=True,
        timeout=60,
    ).stdout.decode()


def test_resume_after_a_kill_while_the_header_was_written(tmp_path: Path, plain: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_bytes(plain.read_bytes()[:20])  # not even the run header is whole
    result = run("parse", str(SEED_PAGES[0]), str(SEED_PAGES[1]), "-o", str(out), "--resume")
    assert result.returncode == 0, result.stderr.decode()
    assert out.read_bytes() == plain.read_bytes()
