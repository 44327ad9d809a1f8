"""The public API: parse_file / parse_text / parse_bytes on the seeds, options, and errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import zjnews
from conftest import SEED_PAGES


@pytest.mark.parametrize("page", SEED_PAGES, ids=lambda p: p.stem)
def test_parse_file_on_the_seeds(page: Path) -> None:
    result = zjnews.parse_file(page)
    assert isinstance(result, zjnews.Page)
    assert len(result) > 0
    assert all(isinstance(a, zjnews.Article) for a in result)
    assert result.source == str(page)
    body = "".join(p for a in result for p in a.paragraphs)
    assert len(body) > 500
    assert all(p.strip() for a in result for p in a.paragraphs), "no empty paragraphs"


@pytest.mark.parametrize("page", SEED_PAGES, ids=lambda p: p.stem)
def test_the_three_entry_points_agree(page: Path) -> None:
    from_file = zjnews.parse_file(page)
    from_bytes = zjnews.parse_bytes(page.read_bytes(), source=str(page))
    from_text = zjnews.parse_text(page.read_text(encoding="utf-8"), source=str(page))
    assert from_file == from_bytes == from_text
    assert zjnews.parse_file(str(page)) == from_file
    assert zjnews.parse_bytes(bytearray(page.read_bytes()), source=str(page)) == from_file
    assert zjnews.parse_bytes(memoryview(page.read_bytes()), source=str(page)) == from_file


def test_parsing_is_deterministic() -> None:
    page = SEED_PAGES[0]
    assert zjnews.parse_file(page).to_json() == zjnews.parse_file(page).to_json()


def test_page_round_trips_through_json() -> None:
    page = zjnews.parse_file(SEED_PAGES[0])
    assert zjnews.Page.from_json(page.to_json()) == page


def test_repairs_are_logged() -> None:
    text = "本报讯(记者 张三)今天上午,全省会議在杭州召開。\n"
    page = zjnews.parse_text(text)
    assert page.repairs, "the traditional characters at least are repaired and logged"
    assert all(isinstance(r, zjnews.Repair) and r.before != r.after for r in page.repairs)
    assert "會議" not in "".join(p for a in page for p in a.paragraphs)


def test_repair_text_switches() -> None:
    text = "全省会議在杭州召開。"
    assert zjnews.repair_text(text, zjnews.Options(fix_script=False)).text == text
    assert zjnews.repair_text("", zjnews.Options()).text == ""


def test_options_are_immutable_and_evolve() -> None:
    options = zjnews.Options()
    changed = options.evolve(fix_script=False)
    assert options.fix_script and not changed.fix_script
    with pytest.raises(AttributeError):
        options.fix_script = False  # type: ignore[misc]
    with pytest.raises(ValueError):
        zjnews.Options(max_input_bytes=-1)
    with pytest.raises(TypeError):
        zjnews.Options(max_input_bytes="10")  # type: ignore[arg-type]


# ---------------------------------------------------------------- size limits


def test_max_input_bytes() -> None:
    page = SEED_PAGES[0]
    data = page.read_bytes()
    fits = zjnews.Options(max_input_bytes=len(data))
    too_small = zjnews.Options(max_input_bytes=len(data) - 1)
    assert zjnews.parse_file(page, options=fits) == zjnews.parse_file(page)
    with pytest.raises(zjnews.InputTooLargeError):
        zjnews.parse_file(page, options=too_small)
    with pytest.raises(zjnews.InputTooLargeError):
        zjnews.parse_bytes(data, options=too_small)
    with pytest.raises(zjnews.InputTooLargeError):
        zjnews.parse_text(data.decode("utf-8"), options=too_small)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", zjnews.EmptyInputError),
        (b" \n\n\t  \r\n", zjnews.EmptyInputError),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", zjnews.BinaryInputError),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>", zjnews.BinaryInputError),
        (b"PK\x03\x04\n\x00\x00\x00\x00\x00", zjnews.BinaryInputError),
    ],
    ids=["empty", "whitespace", "png", "pdf", "zip"],
)
def test_bad_files(tmp_path: Path, data: bytes, error: type[zjnews.ZjnewsError]) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    with pytest.raises(error):
        zjnews.parse_file(path)
    with pytest.raises(error):
        zjnews.parse_bytes(data)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\t \u3000\n"])
def test_empty_text(text: str) -> None:
    with pytest.raises(zjnews.EmptyInputError):
        zjnews.parse_text(text)


def test_directory_and_missing_path(tmp_path: Path) -> None:
    with pytest.raises(zjnews.UnreadableInputError, match="directory"):
        zjnews.parse_file(tmp_path)
    with pytest.raises(zjnews.UnreadableInputError, match="does not exist"):
        zjnews.parse_file(tmp_path / "missing.txt")
    with pytest.raises(zjnews.UnreadableInputError):
        zjnews.parse_file(str(tmp_path / "missing" / "page.txt"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions (not root)")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("正文。", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(zjnews.UnreadableInputError):
        zjnews.parse_file(path)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (zjnews.parse_text, b"bytes"),
        (zjnews.parse_text, None),
        (zjnews.parse_text, 42),
        (zjnews.parse_bytes, "str"),
        (zjnews.parse_bytes, None),
        (zjnews.parse_bytes, [1, 2]),
        (zjnews.parse_file, 42),
        (zjnews.parse_file, None),
        (zjnews.parse_file, b"seeds/x.txt"),
        (zjnews.repair_text, b"bytes"),
    ],
)
def test_wrong_argument_types(call: object, argument: object) -> None:
    assert callable(call)
    with pytest.raises(zjnews.InputTypeError) as info:
        call(argument)
    assert isinstance(info.value, zjnews.ZjnewsError)
    assert isinstance(info.value, TypeError)


def test_wrong_options_type() -> None:
    with pytest.raises(zjnews.InputTypeError):
        zjnews.parse_text("正文。", options={"fix_script": False})  # type: ignore[arg-type]
    with pytest.raises(zjnews.InputTypeError):
        zjnews.parse_file(SEED_PAGES[0], options="fast")  # type: ignore[arg-type]


def test_every_public_name_is_documented() -> None:
    for name in zjnews.__all__:
        if name == "__version__":
            continue
        value = getattr(zjnews, name)
        assert value.__doc__ and value.__doc__.strip(), name
    assert zjnews.__version__


def test_evaluate_is_an_importable_submodule() -> None:
    import zjnews.evaluate

    assert zjnews.evaluate.__doc__
    for name in zjnews.evaluate.__all__:
        value = getattr(zjnews.evaluate, name)
        if callable(value) or isinstance(value, type):
            assert value.__doc__, name
