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

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)  # as an unreadable file does, even for root
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
    page = _parse_file(tmp_path, ("# 梅山港开通夜间集装箱快线\n\n" * 2000).encode())
    assert len(page) == 0 and len(page.removed) == 2000


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
