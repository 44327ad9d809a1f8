"""Fuzzing: parse_bytes on arbitrary bytes and parse_text on arbitrary text return a Page or raise ZjnewsError.

The default run is bounded (a few seconds). The long run takes its example count from the
environment::

    ZJNEWS_FUZZ_EXAMPLES=100000 pytest tests/test_fuzz.py -s -p no:cacheprovider

Every text that parses is also checked for conservation (:mod:`zjnews.conservation`).
"""

from __future__ import annotations

import codecs
import os

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import zjnews
from strategies import any_text
from test_conservation import random_dumps
from zjnews.decode import decode_bytes

_LONG = int(os.environ.get("ZJNEWS_FUZZ_EXAMPLES", "0"))
_EXAMPLES = _LONG or 150
_SETTINGS = settings(
    max_examples=_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    **({"database": None, "phases": [Phase.generate, Phase.shrink]} if _LONG else {}),
)

_PREFIXES = st.sampled_from(
    [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b"\x89PNG\r\n\x1a\n",
     b"%PDF-", b"PK\x03\x04", b"#", b"\r\n"]
)


def _encoded() -> st.SearchStrategy[bytes]:
    """Page-like text in every encoding a dump comes in, sometimes damaged by a few bytes."""
    codec = st.sampled_from(["utf-8", "gb18030", "big5", "utf-16-le", "utf-16-be", "utf-16", "utf-32"])
    text = st.one_of(random_dumps(), any_text())

    def encode(args: tuple[str, str, int, bytes]) -> bytes:
        page, name, where, junk = args
        data = page.encode(name, errors="ignore")
        where = where % (len(data) + 1)
        return data[:where] + junk + data[where:]

    return st.tuples(text, codec, st.integers(0, 10**6), st.binary(max_size=3)).map(encode)


def _bytes() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=2000),
        st.tuples(_PREFIXES, st.binary(max_size=500)).map(b"".join),
        _encoded(),
    )


def _texts() -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=500), random_dumps(), any_text(), st.text(st.characters(), max_size=50))


def _parse(call: object, value: object) -> zjnews.Page | None:
    assert callable(call)
    try:
        page = call(value)
    except zjnews.ZjnewsError:
        return None
    assert isinstance(page, zjnews.Page)
    return page


@_SETTINGS
@given(_bytes())
def test_parse_bytes_on_arbitrary_bytes(data: bytes) -> None:
    page = _parse(zjnews.parse_bytes, data)
    if page is not None:
        assert not page.unaccounted(decode_bytes(data))


@_SETTINGS
@given(_texts())
def test_parse_text_on_arbitrary_text(text: str) -> None:
    page = _parse(zjnews.parse_text, text)
    if page is not None:
        assert not page.unaccounted(text)
        page.to_json().encode("utf-8")  # what a writer does with it
