"""Bad input: every row of the table in docs/robustness.md, through parse_file (and the CLI where it differs).

Each input gets a clear exception from the zjnews hierarchy or a correct parse whose text is
all accounted for (``Page.unaccounted``); never a deep traceback, never a silent loss.
"""

from __future__ import annotations

import codecs
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import zjnews
from conftest import SEED_PAGES
from zjnews.decode import decode_bytes

SEED = SEED_PAGES[0].read_text(encoding="utf-8")
SHORT = "# 梅山港开通夜间集装箱快线\n\n本报记者 林晓峰\n\n近日，梅山港正式开通夜间集装箱快线。\n"


def _parse_file(tmp_path: Path, data: bytes) -> zjnews.Page:
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    page = zjnews.parse_file(path)
    assert not page.unaccounted(decode_bytes(data)), "every character accounted for"
    return page


# ---------------------------------------------------------------- refused with a clear error

REFUSED: dict[str, tuple[bytes, type[zjnews.ZjnewsError], str]] = {
    "empty file": (b"", zjnews.EmptyInputError, "empty"),
    "whitespace only": (b" \r\n\t\n" + "\u3000".encode(), zjnews.EmptyInputError, "whitespace"),
    "control characters only": (bytes(range(1, 9)) * 3 + b"\n", zjnews.EmptyInputError, "whitespace"),
    "PNG": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), zjnews.BinaryInputError, "PNG"),
    "PDF": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", zjnews.BinaryInputError, "PDF"),
    "ZIP": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(64), zjnews.BinaryInputError, "ZIP"),
    "binary with NULs": (bytes(300) + b"\x01\x02", zjnews.BinaryInputError, "NUL"),
    "invalid UTF-8": (SEED.encode()[:3000] + b"\xc3\x28" + SEED.encode()[3000:], zjnews.DecodeError,
                      "UTF-8 with invalid bytes"),
    "UTF-8 BOM, then not UTF-8": (codecs.BOM_UTF8 + b"\xff\xfe\xfd", zjnews.DecodeError, "byte-order mark"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_inputs(tmp_path: Path, name: str) -> None:
    data, error, message = REFUSED[name]
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    with pytest.raises(error, match=message):
        zjnews.parse_file(path)
    with pytest.raises(error, match=message):
        zjnews.parse_bytes(data)


def test_lone_surrogate_in_text() -> None:
    with pytest.raises(zjnews.DecodeError, match="surrogate"):
        zjnews.parse_text("正文\ud800内容。")


def test_directory_missing_and_unreadable_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(zjnews.UnreadableInputError, match="directory"):
        zjnews.parse_file(tmp_path)
    with pytest.raises(zjnews.UnreadableInputError, match="does not exist"):
        zjnews.parse_file(tmp_path / "missing.txt")
    path = tmp_path / "page.txt"
    path.write_text(SHORT, encoding="utf-8")

    def refuse(path: Path) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    from zjnews import decode

    monkeypatch.setattr(decode, "_open", refuse)  # as an unreadable file does, even for root
    with pytest.raises(zjnews.UnreadableInputError, match="Permission denied"):
        zjnews.parse_file(path)


# ---------------------------------------------------------------- parsed correctly

ENCODED: dict[str, Callable[[str], bytes]] = {
    "GB18030": lambda t: t.encode("gb18030"),
    "UTF-16 LE with BOM": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "UTF-16 BE with BOM": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "UTF-8 BOM": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "CRLF line ends": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "CR line ends": lambda t: t.replace("\n", "\r").encode("utf-8"),
}


@pytest.mark.parametrize("name", list(ENCODED))
def test_encodings_and_line_ends_parse_as_utf8(tmp_path: Path, name: str) -> None:
    assert _parse_file(tmp_path, ENCODED[name](SEED)).articles == zjnews.parse_text(SEED).articles


def test_big5(tmp_path: Path) -> None:
    text = "# 臺灣的經濟發展\n\n本報記者 林曉峰\n\n報導說，經濟發展很好。\n"
    page = _parse_file(tmp_path, text.encode("big5"))
    assert page[0].title == "台湾的经济发展"  # decoded, then repaired to simplified script
    assert page.repairs


def test_nul_bytes_inside_text(tmp_path: Path) -> None:
    page = _parse_file(tmp_path, SHORT.replace("正式", "正\x00式").encode("utf-8"))
    assert page.articles == zjnews.parse_text(SHORT).articles


def test_no_headings(tmp_path: Path) -> None:
    text = "近日，梅山港正式开通夜间集装箱快线。\n\n据港口运营方介绍，企业通过手机就能查询。\n"
    page = _parse_file(tmp_path, text.encode())
    assert len(page) == 1 and page[0].title == "" and len(page[0].paragraphs) == 2


def test_only_captions(tmp_path: Path) -> None:
    text = "村民在图书驿站阅读。\n\n本报记者 郑志强 摄\n\n老人们在社区食堂用餐。\n\n通讯员 毛一鸣 摄\n"
    page = _parse_file(tmp_path, text.encode())
    assert len(page) == 0
    assert [str(c) for c in page.captions] == [
        "村民在图书驿站阅读。 本报记者 郑志强 摄",
        "老人们在社区食堂用餐。 通讯员 毛一鸣 摄",
    ]


def test_only_markup_and_punctuation(tmp_path: Path) -> None:
    assert len(_parse_file(tmp_path, b"#####\n\n##\n")) == 0  # heading marks are markup, not text
    page = _parse_file(tmp_path, "。。。，，，——\n".encode())
    assert len(page) == 0 and [r.reason for r in page.removed] == ["noise: no letters or digits"]


def test_a_single_20_mb_line(tmp_path: Path) -> None:
    sentence = "近日，梅山港正式开通夜间集装箱快线，首班货轮满载电子产品和纺织品驶离码头。"
    data = (sentence * (20_000_000 // len(sentence.encode()))).encode()
    assert len(data) > 19_900_000
    started = time.perf_counter()
    page = zjnews.parse_bytes(data)
    assert time.perf_counter() - started < 60
    assert len(page) == 1 and sum(len(p) for p in page[0].paragraphs) == len(data) // 3


def test_deeply_repeated_text(tmp_path: Path) -> None:
    block = "近日，梅山港正式开通夜间集装箱快线，首班货轮满载电子产品和纺织品驶离码头。\n\n"
    page = _parse_file(tmp_path, ("# 梅山港开通夜间集装箱快线\n\n" + block * 5000).encode())
    assert page[0].paragraphs == (block.strip(),)
    assert len(page.duplicates) == 4999


def test_deeply_repeated_headings(tmp_path: Path) -> None:
    # 2,000 copies of one heading and no text: whether the weighed evidence reads the last copy
    # as a heading or as text, none is silently lost — each is removed with its reason or printed
    # in an article — and no article holds more than one of them in each place
    heading = "梅山港开通夜间集装箱快线"
    page = _parse_file(tmp_path, (f"# {heading}\n\n" * 2000).encode())
    kept = sum(
        [article.column, article.kicker, article.title, article.subtitle].count(heading)
        + article.paragraphs.count(heading)
        for article in page
    )
    assert len(page) <= 1 and kept <= 4
    assert all(removal.text == heading and removal.reason for removal in page.removed)
    assert len(page.removed) + len(page.duplicates) + kept == 2000


# ---------------------------------------------------------------- the size limit


def test_max_input_bytes_everywhere(tmp_path: Path) -> None:
    data = SHORT.encode("utf-8")
    limit = zjnews.Options(max_input_bytes=len(data) - 1)
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    for call, argument in ((zjnews.parse_file, path), (zjnews.parse_bytes, data), (zjnews.parse_text, SHORT)):
        with pytest.raises(zjnews.InputTooLargeError, match=f"limit of {len(data) - 1}"):
            call(argument, options=limit)  # type: ignore[operator]
        assert call(argument, options=zjnews.Options(max_input_bytes=len(data)))  # type: ignore[operator]


def test_max_input_bytes_in_the_command(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from zjnews.cli import cli

    path = tmp_path / "page.txt"
    path.write_bytes(SHORT.encode("utf-8"))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["parse", str(path), "-o", str(out), "--max-bytes", "10"])
    assert result.exit_code == 1
    header, record = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert header["type"] == "run" and header["options"]["max_input_bytes"] == 10
    assert record["type"] == "error" and record["error"] == "InputTooLargeError"
    assert "limit of 10" in record["message"]
    result = CliRunner().invoke(cli, ["parse", str(path), "-o", str(out), "--max-bytes", "1000"])
    assert result.exit_code == 0


# ---------------------------------------------------------------- the command under hostile conditions

import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from zjnews.cli import ExitCode  # noqa: E402
from zjnews.output import read_records, scan_done  # noqa: E402

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file system features")


def _zjnews(*args: str, stdin: int | bytes | None = b"", timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """``python -m zjnews ARGS`` in a subprocess (a closed stdin when ``stdin`` is -1)."""
    kwargs: dict[str, object] = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "zjnews", *args], capture_output=True, timeout=timeout, check=False, **kwargs
    )


def _jsonl(path: Path) -> list[dict[str, object]]:
    """The records of a JSON Lines output, after its run header."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [r for r in lines if r.get("type") != "run"]


def test_exit_codes_are_distinct() -> None:
    codes = [int(code) for code in ExitCode]
    assert len(set(codes)) == len(codes)
    assert ExitCode.OK == 0 and ExitCode.PAGES_FAILED == 1 and ExitCode.USAGE == 2


@POSIX
def test_a_file_name_that_is_not_utf8_fails_no_page(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    (root / "a.txt").write_text(SHORT, encoding="utf-8")
    bad = os.path.join(os.fsencode(root), b"caf\xe9.txt")
    with open(bad, "wb") as stream:
        stream.write(SHORT.encode("utf-8"))
    (root / "z.txt").write_text(SHORT, encoding="utf-8")
    for fmt in ("jsonl", "parquet"):
        out = tmp_path / f"out.{fmt}"
        result = _zjnews("parse", str(root), "-o", str(out), "-f", fmt)
        assert result.returncode == ExitCode.OK, result.stderr.decode()
        assert b"3 pages" in result.stderr
        assert not (tmp_path / f"out.{fmt}.partial").exists()
        sources = [r["source"] for r in read_records(out)]
        assert any("caf\\xe9.txt" in str(s) for s in sources)
        again = _zjnews("parse", str(root), "-o", str(out), "-f", fmt, "--resume")
        assert again.returncode == ExitCode.OK, again.stderr.decode()
        assert b"3 skipped" in again.stderr


@POSIX
def test_a_fifo_among_the_inputs_fails_without_blocking(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    (root / "a.txt").write_text(SHORT, encoding="utf-8")
    os.mkfifo(root / "b.txt")
    out = tmp_path / "out.jsonl"
    result = _zjnews("parse", str(root), "-o", str(out), timeout=30)
    assert result.returncode == ExitCode.PAGES_FAILED
    errors = [r for r in _jsonl(out) if r["type"] == "error"]
    assert len(errors) == 1 and errors[0]["error"] == "UnreadableInputError"
    assert "not a regular file" in str(errors[0]["message"])
    with pytest.raises(zjnews.UnreadableInputError, match="not a regular file"):
        zjnews.parse_file(root / "b.txt")


@POSIX
def test_a_symlink_to_dev_zero_is_refused(tmp_path: Path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(zjnews.UnreadableInputError, match="not a regular file"):
        zjnews.parse_file(link, options=zjnews.Options(max_input_bytes=1000))
    out = tmp_path / "out.jsonl"
    result = _zjnews("parse", str(link), "-o", str(out), "--max-bytes", "1000", timeout=30)
    assert result.returncode == ExitCode.PAGES_FAILED
    [record] = _jsonl(out)
    assert record["error"] == "UnreadableInputError"


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path: Path) -> None:
    from zjnews.decode import read_file

    path = tmp_path / "page.txt"
    path.write_bytes(SHORT.encode("utf-8"))
    with pytest.raises(zjnews.InputTooLargeError):
        read_file(path, max_bytes=10)
    assert read_file(path, max_bytes=None) == SHORT.encode("utf-8")


@POSIX
def test_output_to_a_device_is_written_in_place_and_a_full_disk_fails(tmp_path: Path) -> None:
    import stat

    if not os.path.exists("/dev/full") or not stat.S_ISCHR(os.stat("/dev/full").st_mode):
        pytest.skip("no /dev/full device")
    page = tmp_path / "page.txt"
    page.write_text(SHORT, encoding="utf-8")
    before = os.stat("/dev/full")
    for fmt in ("parquet", "jsonl"):
        result = _zjnews("parse", str(page), "-o", "/dev/full", "-f", fmt)
        assert result.returncode == ExitCode.CANNOT_WRITE, (fmt, result.stderr.decode())
        after = os.stat("/dev/full")
        assert (after.st_rdev, after.st_mode) == (before.st_rdev, before.st_mode)
        assert not os.path.exists("/dev/full.partial")


@POSIX
def test_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    slow = "近日，梅山港正式开通夜间集装箱快线，首班货轮满载电子产品驶离码头。" * 3000
    for n in range(40):
        (root / f"{n:03}.txt").write_text(f"# 标题{n}\n\n{slow}\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "zjnews", "parse", str(root), "-o", str(tmp_path / "out.jsonl"), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        children: list[int] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(children) < 2:
            time.sleep(0.2)
            children = _children(process.pid)
        assert children, "the workers started"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.2)
    alive = [pid for pid in children if _alive(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "workers outlived the main process"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_output_inside_an_input_folder_is_not_read_as_a_page(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    (root / "a.txt").write_text(SHORT, encoding="utf-8")
    out = root / "zz_out.txt"
    result = _zjnews("parse", str(root), "-o", str(out), "-f", "jsonl")
    assert result.returncode == ExitCode.OK, result.stderr.decode()
    assert {r["source"] for r in _jsonl(out)} == {str(root / "a.txt")}
    result = _zjnews("parse", str(root), "-o", str(out), "-f", "jsonl", "--resume")
    assert result.returncode == ExitCode.OK, result.stderr.decode()
    assert {r["source"] for r in _jsonl(out)} == {str(root / "a.txt")}
    named = _zjnews("parse", str(root / "a.txt"), str(out), "-o", str(out), "-f", "jsonl")
    assert named.returncode == ExitCode.PAGES_FAILED, named.stderr.decode()
    [error] = [r for r in _jsonl(out) if r["type"] == "error"]
    assert "own output" in str(error["message"])
    parquet = root / "out.txt"
    result = _zjnews("parse", str(root), "-g", "*", "-o", str(parquet), "-f", "parquet")
    assert result.returncode == ExitCode.OK, result.stderr.decode()
    assert {r["source"] for r in read_records(parquet, "parquet")} == {str(root / "a.txt"), str(out)}


@POSIX
def test_closed_standard_input_is_an_error_record() -> None:
    result = _zjnews("parse", "-", stdin=subprocess.DEVNULL)
    assert result.returncode == ExitCode.PAGES_FAILED  # an empty page
    closed = subprocess.run(
        [sys.executable, "-m", "zjnews", "parse", "-"],
        capture_output=True,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(0),
    )
    assert b"Traceback" not in closed.stderr, closed.stderr.decode()
    assert closed.returncode == ExitCode.PAGES_FAILED
    [record] = [r for r in map(json.loads, closed.stdout.splitlines()) if r["type"] != "run"]
    assert record["type"] == "error" and "standard input" in str(record["message"])


def test_read_records_on_a_torn_tail_raises_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"type": "error", "source": "a"}\n{"type": "article", "sou', encoding="utf-8")
    with pytest.raises(zjnews.ZjnewsError, match="line 2"):
        list(read_records(out))
    out.write_bytes(b'{"type": "error", "source": "a"}\n{"type": "article", "source": "\xe6\x96')
    with pytest.raises(zjnews.ZjnewsError, match="line 2"):
        list(read_records(out))


def test_standard_input_pages_are_told_apart_on_resume(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    first = _zjnews("parse", "-", "-o", str(out), stdin=SHORT.encode("utf-8"))
    assert first.returncode == ExitCode.OK, first.stderr.decode()
    other = SHORT.replace("梅山港", "北仑港")
    second = _zjnews("parse", "-", "-o", str(out), "--resume", stdin=other.encode("utf-8"))
    assert second.returncode == ExitCode.OK, second.stderr.decode()
    assert b"0 skipped" in second.stderr
    sources = {str(r["source"]) for r in _jsonl(out)}
    assert len(sources) == 2 and all(s.startswith("<stdin") for s in sources)
    same = _zjnews("parse", "-", "-o", str(out), "--resume", stdin=other.encode("utf-8"))
    assert b"1 skipped" in same.stderr
    assert str(scan_done(out).sources) and len(scan_done(out).sources) == 2


def test_a_crash_of_the_command_has_its_own_exit_code(monkeypatch: pytest.MonkeyPatch) -> None:
    from zjnews import cli

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "iter_tasks", broken)
    assert cli.main(["parse", "nothing.txt", "-q"]) == ExitCode.CRASH


# ---------------------------------------------------------------- consistency


def test_nul_alone_is_empty_for_parse_text_and_parse_bytes() -> None:
    with pytest.raises(zjnews.EmptyInputError):
        zjnews.parse_text("\x00")
    with pytest.raises(zjnews.EmptyInputError):
        zjnews.parse_bytes(b"\x00")


LINE_ZERO = {
    "headline with no text under it": "# 梅山港开通夜间集装箱快线\n",
    "column label with no text under it": "民生\n\n# 梅山港开通夜间集装箱快线\n",
    "byline with no article": "（林晓峰）\n",
}


@pytest.mark.parametrize("name", list(LINE_ZERO))
def test_every_removal_and_duplicate_names_its_line(name: str) -> None:
    page = zjnews.parse_text(LINE_ZERO[name])
    assert page.removed
    assert all(r.line >= 1 for r in page.removed), page.removed
    assert all(d.line >= 1 for d in page.duplicates), page.duplicates


# ---------------------------------------------------------------- the time budget of every bad input

_BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_adversarial.py"
_SLACK = 3.0
"""The suite runs on shared machines: each input gets three times its budget here; the benchmark
(``bench_adversarial.py --table``) measures against the budget itself."""


def _bench() -> object:
    import importlib.util

    if not _BENCH.is_file():
        pytest.skip(f"the benchmark is not at {_BENCH}")
    spec = importlib.util.spec_from_file_location("bench_adversarial", _BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_adversarial"] = module
    spec.loader.exec_module(module)
    return module


def test_every_bad_input_finishes_within_its_budget() -> None:
    bench = _bench()
    inputs = bench._bad_inputs()  # type: ignore[attr-defined]
    first, per_mb = bench.BUDGET  # type: ignore[attr-defined]
    zjnews.parse_text(SHORT)  # lexicons loaded
    over = {}
    for name, data in inputs.items():
        seconds, _ = min(bench.time_bad_input(data) for _ in range(2))  # type: ignore[attr-defined]
        budget = (first + per_mb * len(data) / 1e6) * _SLACK
        if seconds > budget:
            over[name] = (round(seconds, 3), round(budget, 3))
    assert not over
