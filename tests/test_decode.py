"""bytes → text: every supported encoding gives the same text and articles; bad input fails clearly."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

import zjnews
from conftest import SEED_PAGES
from zjnews.decode import decode_bytes
from zjnews.prepare import normalize_newlines

SEED_TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in SEED_PAGES}
_to_traditional = opencc.OpenCC("s2t").convert

ENCODERS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),
    "utf-16-be": lambda t: t.encode("utf-16-be"),
    "utf-32-bom": lambda t: t.encode("utf-32"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("encoding", list(ENCODERS))
@pytest.mark.parametrize("stem", list(SEED_TEXTS))
def test_every_encoding_decodes_the_seed_to_the_same_text(stem: str, encoding: str) -> None:
    text = SEED_TEXTS[stem]
    assert normalize_newlines(decode_bytes(ENCODERS[encoding](text))) == normalize_newlines(text)


@pytest.mark.parametrize("encoding", ["utf-8-bom", "gb18030", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le"])
def test_every_encoding_gives_the_same_articles(encoding: str) -> None:
    text = next(iter(SEED_TEXTS.values()))
    expected = zjnews.parse_text(text)
    got = zjnews.parse_bytes(ENCODERS[encoding](text))
    assert got.articles == expected.articles
    assert got.captions == expected.captions
    assert got.duplicates == expected.duplicates
    assert got.removed == expected.removed


@pytest.mark.parametrize("stem", list(SEED_TEXTS))
def test_big5_traditional_text(stem: str) -> None:
    # the seeds in traditional characters, as a Taiwanese or Hong Kong reprint would hold them;
    # characters Big5 lacks are dropped before encoding, so both sides hold the same text
    traditional = _to_traditional(SEED_TEXTS[stem]).encode("big5", errors="ignore").decode("big5")
    assert normalize_newlines(decode_bytes(traditional.encode("big5"))) == normalize_newlines(traditional)
    assert normalize_newlines(decode_bytes(traditional.encode("gb18030"))) == normalize_newlines(traditional)


def test_big5_gives_the_same_articles_as_its_text() -> None:
    traditional = _to_traditional(next(iter(SEED_TEXTS.values())))
    traditional = traditional.encode("big5", errors="ignore").decode("big5")
    assert zjnews.parse_bytes(traditional.encode("big5")).articles == zjnews.parse_text(traditional).articles


@pytest.mark.parametrize(
    "sentence",
    [
        "本报讯 今天上午，全省会议在杭州召开。",
        "浙江日报",
        "舟山市创新推出便民服务改革",
        "编者按：为深入推动党的二十大精神走进基层",
    ],
)
def test_short_simplified_text_in_gb18030(sentence: str) -> None:
    assert decode_bytes(sentence.encode("gb18030")) == sentence


def test_short_traditional_text_in_big5() -> None:
    sentence = "臺灣的經濟發展很好，報導說。"
    assert decode_bytes(sentence.encode("big5")) == sentence


@given(st.text(st.sampled_from("新时代征程伟业本报记者摄，。：“”ABC123 \n"), min_size=1, max_size=200))
def test_utf16_without_bom_round_trips(text: str) -> None:
    if not text.strip() or "\n" not in text:
        return  # a page dump always has line breaks: BOM-less UTF-16 is told by their NUL bytes
    for codec in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(text.encode(codec)) == text


def test_newlines_and_control_characters() -> None:
    # decoding keeps line ends and control characters; the preparation normalises them
    assert decode_bytes("一行\r\n二行\r三行\n".encode()) == "一行\r\n二行\r三行\n"
    assert normalize_newlines(decode_bytes("一行\r\n二行\r三行\n".encode())) == "一行\n二行\n三行\n"
    assert normalize_newlines(decode_bytes("正文\x00内容\x07。".encode())) == "正文内容。"
    assert normalize_newlines("a\r\nb\rc\td") == "a\nb\nc\td"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", zjnews.EmptyInputError),
        (b"   \n\t\r\n ", zjnews.EmptyInputError),
        (codecs.BOM_UTF8, zjnews.EmptyInputError),
        (codecs.BOM_UTF16_LE + "  \n ".encode("utf-16-le"), zjnews.EmptyInputError),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), zjnews.BinaryInputError),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", zjnews.BinaryInputError),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), zjnews.BinaryInputError),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", zjnews.BinaryInputError),
        (b"\x1f\x8b\x08\x00" + bytes(100), zjnews.BinaryInputError),
        (bytes(300) + b"\x01\x02\x03", zjnews.BinaryInputError),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd", zjnews.DecodeError),
    ],
    ids=["empty", "whitespace", "bom-only", "utf16-whitespace", "png", "pdf", "zip", "jpeg", "gzip", "nuls",
         "bad-utf8-after-bom"],
)
def test_bad_input(data: bytes, error: type[zjnews.ZjnewsError]) -> None:
    with pytest.raises(error):
        decode_bytes(data)
    with pytest.raises(error):
        zjnews.parse_bytes(data)


def test_random_bytes_are_refused() -> None:
    import random

    generator = random.Random(20261123)
    for _ in range(5):
        data = bytes(generator.getrandbits(8) for _ in range(2000))
        with pytest.raises((zjnews.DecodeError, zjnews.BinaryInputError)):
            decode_bytes(data)


def test_size_limit() -> None:
    data = "正文。\n".encode()
    assert decode_bytes(data, max_bytes=len(data)) == "正文。\n"
    with pytest.raises(zjnews.InputTooLargeError):
        decode_bytes(data, max_bytes=len(data) - 1)


def test_errors_form_one_hierarchy() -> None:
    for name in ["InputError", "UnreadableInputError", "EmptyInputError", "BinaryInputError", "DecodeError",
                 "InputTooLargeError", "InputTypeError"]:
        cls = getattr(zjnews, name)
        assert issubclass(cls, zjnews.ZjnewsError)
        assert issubclass(cls, ValueError)
        assert cls.__doc__
    assert issubclass(zjnews.InputTypeError, TypeError)


def test_path_type_for_reading(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes(next(iter(SEED_TEXTS.values())).encode("gb18030"))
    assert zjnews.parse_file(path).articles == zjnews.parse_text(next(iter(SEED_TEXTS.values()))).articles
