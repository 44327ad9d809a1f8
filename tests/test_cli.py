"""The ``zjnews`` command, run for real in a subprocess (``python -m zjnews``), and its building blocks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import zjnews
from conftest import GOLD_DIR, REPO_ROOT, SEED_PAGES, SEEDS_DIR
from zjnews.cli import Task, cli, ordered_map, parse_task, stdin_source
from zjnews.output import page_from_records, read_records, scan_done

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def run(*args: str, stdin: bytes | None = None, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[bytes]:
    """``python -m zjnews ARGS`` with stdin/stdout/stderr as pipes (so: no progress bar by default)."""
    return subprocess.run(
        [sys.executable, "-m", "zjnews", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def invoke(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The same command run in this process (click's test runner): for the cheaper checks."""
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout_bytes, result.stderr_bytes)


def records(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSON Lines output after its run header, decoded (fails on an invalid line or no header)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header, *rest = [json.loads(line) for line in lines]
    assert header["type"] == "run" and header["zjnews"] == zjnews.__version__, header
    return rest


def articles_of(recs: Sequence[dict[str, Any]], source: str) -> list[zjnews.Article]:
    """The articles recorded for ``source``, rebuilt with ``Article.from_dict``, checking their indices."""
    mine = [r for r in recs if r["type"] == "article" and r["source"] == source]
    assert [r["index"] for r in mine] == list(range(len(mine)))
    assert all(r["articles_on_page"] == len(mine) for r in mine)
    return [zjnews.Article.from_dict(r) for r in mine]


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    """A directory of pages: the seeds, copies under a subdirectory, a PNG named .txt, a note (.md)."""
    root = tmp_path / "pages"
    (root / "b" / "deep").mkdir(parents=True)
    for page in SEED_PAGES:
        shutil.copy(page, root / page.name)
    shutil.copy(SEED_PAGES[0], root / "b" / "deep" / "copy0.txt")
    shutil.copy(SEED_PAGES[1], root / "b" / "copy1.txt")
    (root / "b" / "broken.txt").write_bytes(PNG)
    (root / "b" / "notes.md").write_text("# 说明\n\n这不是版面。\n", encoding="utf-8")
    return root


SEEDS_RUN: dict[str, subprocess.CompletedProcess[bytes]] = {}


@pytest.fixture(scope="module")
def seeds_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``zjnews parse seeds -o OUT`` once for the module (its process is kept in ``SEEDS_RUN``)."""
    out = tmp_path_factory.mktemp("seeds") / "out.jsonl"
    result = run("parse", "seeds", "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    SEEDS_RUN["seeds"] = result
    return out


def test_directory_to_jsonl_round_trips_into_articles(seeds_jsonl: Path) -> None:
    recs = records(seeds_jsonl)
    assert {r["type"] for r in recs} == {"article"}
    sources = list(dict.fromkeys(r["source"] for r in recs))
    assert sources == [f"seeds/{p.name}" for p in SEED_PAGES]  # input order, gold/ not parsed
    for page in SEED_PAGES:
        assert articles_of(recs, f"seeds/{page.name}") == list(zjnews.parse_file(page))


def test_summary_on_stderr_and_no_progress_bar_when_piped(seeds_jsonl: Path, tmp_path: Path) -> None:
    err = SEEDS_RUN["seeds"].stderr.decode()
    articles = len(records(seeds_jsonl))
    assert f"5 pages, {articles} articles, 0 failed" in err
    assert "pages/s" in err
    assert "\r" not in err  # no progress bar
    forced = invoke("parse", "seeds", "-o", str(tmp_path / "p.jsonl"), "--progress", "-q")
    bar = forced.stderr.decode()
    assert "0/5 [" in bar and "5/5 [" in bar and "<" in bar  # the bar, on demand: the total counted first, an ETA
    assert "zjnews parse:" not in forced.stderr.decode()  # -q: no summary


def test_files_and_stdin_keep_the_order_given(tmp_path: Path) -> None:
    first, second, piped = SEED_PAGES[1], SEED_PAGES[0], SEED_PAGES[2]
    result = run("parse", str(first), "-", str(second), stdin=piped.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    out = tmp_path / "stdout.jsonl"
    out.write_bytes(result.stdout)
    recs = records(out)
    stdin = stdin_source(piped.read_bytes())
    assert list(dict.fromkeys(r["source"] for r in recs)) == [str(first), stdin, str(second)]
    assert articles_of(recs, stdin) == list(zjnews.parse_file(piped))


def test_glob_filter_and_recursion(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "md.jsonl"
    result = invoke("parse", str(batch), "--glob", "*.md", "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert {r["source"] for r in records(out)} == {str(batch / "b" / "notes.md")}


def test_a_corrupt_page_is_an_error_record_and_the_batch_goes_on(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run("parse", str(batch), "-o", str(out))
    assert result.returncode == 1
    recs = records(out)
    errors = [r for r in recs if r["type"] == "error"]
    assert errors == [
        {
            "type": "error",
            "source": str(batch / "b" / "broken.txt"),
            "error": "BinaryInputError",
            "message": errors[0]["message"],
            "internal": False,
        }
    ]
    assert "PNG" in errors[0]["message"]
    expected = [str(batch / p.name) for p in SEED_PAGES]  # a directory's files, then its subdirectories
    expected += [
        str(batch / "b" / "broken.txt"),
        str(batch / "b" / "copy1.txt"),
        str(batch / "b" / "deep" / "copy0.txt"),
    ]
    assert list(dict.fromkeys(r["source"] for r in recs)) == expected
    assert articles_of(recs, str(batch / "b" / "deep" / "copy0.txt")) == list(
        zjnews.parse_file(SEED_PAGES[0])
    )
    assert "8 pages" in result.stderr.decode() and "1 failed" in result.stderr.decode()


def test_missing_path_fails_as_a_page(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = invoke("parse", str(tmp_path / "nope.txt"), str(SEED_PAGES[0]), "-o", str(out))
    assert result.returncode == 1
    recs = records(out)
    assert recs[0]["type"] == "error" and recs[0]["error"] == "UnreadableInputError"
    assert recs[1]["source"] == str(SEED_PAGES[0])


def test_jobs_2_writes_exactly_what_jobs_1_writes(batch: Path, tmp_path: Path) -> None:
    for i in range(6):  # enough pages for several chunks in flight
        shutil.copy(SEED_PAGES[i % len(SEED_PAGES)], batch / f"extra{i}.txt")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run("parse", str(batch), "-o", str(one)).returncode == 1
    assert run("parse", str(batch), "-o", str(two), "--jobs", "2", "--chunk-size", "1").returncode == 1
    assert one.read_bytes() == two.read_bytes()


def test_resume_finishes_an_interrupted_output(batch: Path, tmp_path: Path) -> None:
    full = tmp_path / "full.jsonl"
    run("parse", str(batch), "-o", str(full))
    lines = full.read_bytes().splitlines(keepends=True)
    partial = tmp_path / "partial.jsonl"
    # the run was killed in the middle of writing a page: its first lines and half a line are there
    partial.write_bytes(b"".join(lines[:5]) + lines[5][:40])
    result = run("parse", str(batch), "-o", str(partial), "--resume")
    assert partial.read_bytes() == full.read_bytes()
    err = result.stderr.decode()
    assert "skipped" in err and "1 failed" in err  # broken.txt was parsed again
    assert result.returncode == 1
    again = run("parse", str(batch), "-o", str(partial), "--resume", "--jobs", "2")
    assert partial.read_bytes() == full.read_bytes()
    assert "0 pages" in again.stderr.decode() and "8 skipped" in again.stderr.decode()
    assert again.returncode == 1  # the output still holds a failed page of these inputs


def test_resume_of_a_clean_output_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    assert invoke("parse", str(SEED_PAGES[0]), "-o", str(out)).returncode == 0
    result = invoke("parse", str(SEED_PAGES[0]), str(SEED_PAGES[1]), "-o", str(out), "--resume")
    assert result.returncode == 0
    assert "1 pages" in result.stderr.decode() and "1 skipped" in result.stderr.decode()
    assert list(dict.fromkeys(r["source"] for r in records(out))) == [str(SEED_PAGES[0]), str(SEED_PAGES[1])]


def test_page_records_rebuild_the_whole_page(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    assert invoke("parse", str(SEED_PAGES[3]), "--page-records", "-o", str(out)).returncode == 0
    recs = records(out)
    assert recs[0]["type"] == "page" and recs[0]["articles_on_page"] == len(recs) - 1
    rebuilt = page_from_records(recs)
    assert rebuilt.to_dict() == zjnews.parse_file(SEED_PAGES[3]).to_dict()


def test_disable_switches_a_pass_off(tmp_path: Path) -> None:
    text = "台灣的學者說:這個問題很複雜。\n\n他們認為應當慎重。\n"
    result = invoke("parse", "-", "--disable", "fix_script", stdin=text.encode())
    assert "學者" in result.stdout.decode()
    assert "学者" in invoke("parse", "-", stdin=text.encode()).stdout.decode()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert invoke("parse").returncode == 2
    assert invoke("parse", "seeds", "--format", "parquet").returncode == 2  # parquet needs -o
    assert invoke("parse", "seeds", "--resume").returncode == 2
    assert invoke("parse", "-", "-").returncode == 2


def test_parquet_output_matches_jsonl(seeds_jsonl: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "o.parquet"
    result = run("parse", "seeds", "-o", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr.decode()
    rows = list(read_records(out))
    expected = records(seeds_jsonl)
    assert [{k: row[k] for k in rec} for row, rec in zip(rows, expected, strict=True)] == expected


def test_parquet_resume_keeps_earlier_rows(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "o.parquet"
    assert invoke("parse", str(SEED_PAGES[0]), "-o", str(out)).returncode == 0
    result = invoke("parse", str(SEED_PAGES[0]), str(SEED_PAGES[1]), "-o", str(out), "--resume")
    assert result.returncode == 0, result.stderr.decode()
    sources = [row["source"] for row in read_records(out)]
    assert list(dict.fromkeys(sources)) == [str(SEED_PAGES[0]), str(SEED_PAGES[1])]
    assert sources.count(str(SEED_PAGES[0])) == len(zjnews.parse_file(SEED_PAGES[0]))


def test_repair_stdin_to_stdout() -> None:
    text = '他說:"這是舊報紙, 不是新的."\n第二行 內容\n'
    result = run("repair", stdin=text.encode("utf-8"))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8") == zjnews.repair_text(text).text
    assert "說" not in result.stdout.decode("utf-8")
    gbk = invoke("repair", stdin=text.encode("gb18030"))  # the encoding is detected
    assert gbk.stdout == result.stdout
    assert invoke("repair", stdin=PNG).returncode == 1


def test_evaluate_on_the_seeds() -> None:
    result = run("evaluate", "--pages", str(SEEDS_DIR), "--gold", str(GOLD_DIR))
    assert result.returncode == 0, result.stderr.decode()
    assert "bcubed_f1=" in result.stdout.decode() and "pages=5" in result.stdout.decode()


def test_console_script_is_declared() -> None:
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="zjnews")
    assert script.value == "zjnews.cli:main"


# --------------------------------------------------------------------------- in-process building blocks


def test_unexpected_exceptions_become_internal_error_records(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> zjnews.Page:
        raise RecursionError("deep")

    monkeypatch.setattr("zjnews.cli.parse_file", explode)
    outcome = parse_task(Task(source="x.txt", path="x.txt"), encode=True)
    assert outcome.failed and outcome.internal
    assert outcome.records[0]["error"] == "builtins.RecursionError"
    assert outcome.text is not None and json.loads(outcome.text)["internal"] is True


def _double_or_die(items: list[int]) -> list[int]:
    if 3 in items:
        os._exit(1)  # a worker killed mid-task (segfault, OOM killer)
    return [2 * i for i in items]


def test_ordered_map_keeps_order_and_survives_a_dead_worker() -> None:
    chunks = [[i, i + 1] for i in range(0, 12, 2)]
    result = list(ordered_map(_double_or_die, chunks, jobs=2, window=3, on_crash=lambda item, exc: -item))
    assert result == [[0, 2], [4, -3], [8, 10], [12, 14], [16, 18], [20, 22]]


def test_scan_done_cuts_an_incomplete_last_page(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    head = '{"type": "article", "source": "a", "index": 0, "articles_on_page": 2, "title": "x"}\n'
    lines = [
        '{"type": "error", "source": "e", "error": "EmptyInputError", "message": "", "internal": false}\n',
        head.replace('"index": 0, "articles_on_page": 2', '"index": 0, "articles_on_page": 1'),
        head.replace('"source": "a"', '"source": "b"'),
    ]
    out.write_text("".join(lines), encoding="utf-8")
    done = scan_done(out)
    assert set(done.sources) == {"e", "a"} and set(done.failed) == {"e"}
    assert out.read_text(encoding="utf-8") == "".join(lines[:2])
