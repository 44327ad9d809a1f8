"""The Dask recipe (zjnews.distributed) on a small LocalCluster gives the articles the CLI gives."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import zjnews
from conftest import REPO_ROOT, SEED_PAGES

pytest.importorskip("pyarrow")
pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")

from zjnews.distributed import parse_partition, parse_to_parquet  # noqa: E402
from zjnews.output import read_provenance, read_records  # noqa: E402


def test_dask_on_a_local_cluster_matches_the_cli(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for page in SEED_PAGES:
        shutil.copy(page, pages / page.name)
    (pages / "zz_broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    paths = sorted(str(p) for p in pages.glob("*.txt"))

    out = tmp_path / "cli.jsonl"
    cli = subprocess.run(
        [sys.executable, "-m", "zjnews", "parse", str(pages), "-o", str(out), "--page-records"],
        capture_output=True,
        cwd=REPO_ROOT,
        check=False,
    )
    assert cli.returncode == 1, cli.stderr.decode()  # the broken page
    header, *expected = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert header["type"] == "run"

    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        files = parse_to_parquet(paths, tmp_path / "dask", npartitions=3, page_records=True, min_pages=2)
    assert [Path(f).name for f in files] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert all(read_provenance(f) == header for f in files)  # the CLI's run header, in each part's metadata
    rows = list(read_records(tmp_path / "dask"))
    assert len(rows) == len(expected)
    assert [{k: row[k] for k in record} for row, record in zip(rows, expected, strict=True)] == expected
    assert expected[-1]["type"] == "error" and expected[-1]["error"] == "BinaryInputError"


def test_parse_partition_is_the_plain_function_for_map_partitions() -> None:
    records = parse_partition(iter([SEED_PAGES[0], "does/not/exist.txt"]))
    assert records[0]["type"] == "article" and records[0]["index"] == 0
    assert records[-1]["type"] == "error" and records[-1]["error"] == "UnreadableInputError"


def _script(code: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run ``code`` in a fresh Python process (as a user's script would), with the seed paths as ``PATHS``."""
    paths = [str(p) for p in SEED_PAGES] + [str(SEED_PAGES[0])]
    prelude = f"import sys\nfrom zjnews.distributed import parse_to_parquet\nPATHS = {paths!r}\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, cwd=cwd, timeout=300, check=False
    )


def test_a_filled_folder_is_refused_unless_overwrite_is_asked(tmp_path: Path) -> None:
    out = tmp_path / "parts"
    first = _script(f"parse_to_parquet(PATHS, {str(out)!r}, min_pages=2)", tmp_path)
    assert first.returncode == 0, first.stderr.decode()
    rows = len(list(read_records(out)))
    again = _script(f"parse_to_parquet(PATHS, {str(out)!r}, min_pages=2)", tmp_path)
    assert again.returncode == 1
    assert "OutputExistsError" in again.stderr.decode() and "overwrite=True" in again.stderr.decode()
    assert len(list(read_records(out))) == rows
    replaced = _script(f"print(len(parse_to_parquet(PATHS[:2], {str(out)!r}, overwrite=True)))", tmp_path)
    assert replaced.returncode == 0, replaced.stderr.decode()
    assert replaced.stdout.decode().strip() == "1" and [p.name for p in out.iterdir()] == ["part-00000.parquet"]
    assert {r["source"] for r in read_records(out)} == {str(SEED_PAGES[0]), str(SEED_PAGES[1])}
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    foreign = _script(f"parse_to_parquet(PATHS, {str(out)!r}, overwrite=True)", tmp_path)
    assert foreign.returncode == 1 and "did not write" in foreign.stderr.decode()
    assert (out / "notes.txt").exists()


def test_partitions_are_never_smaller_than_min_pages(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    code = (
        f"a = parse_to_parquet(PATHS, {str(tmp_path / 'a')!r}, npartitions=64)\n"
        f"b = parse_to_parquet(PATHS, {str(tmp_path / 'b')!r}, npartitions=64, min_pages=2)\n"
        "print(len(a), len(b))"
    )
    result = _script(code, tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().split() == ["1", "3"]  # 6 pages: one part of 6, or three of 2 (not 6 of 1)
    for part in (tmp_path / "b").iterdir():
        header = json.loads(pq.read_schema(str(part)).metadata[b"zjnews"])
        assert header["zjnews"] == zjnews.__version__ and header["options"] == zjnews.Options().to_dict()


def _ddl_type(text: str) -> tuple[object, str]:
    """Parse one Spark DDL type at the start of ``text``: the type (nested tuples) and the rest."""
    import re

    if text.startswith("ARRAY<"):
        inner, rest = _ddl_type(text[6:])
        assert rest.startswith(">")
        return ("list", inner), rest[1:]
    if text.startswith("STRUCT<"):
        fields, rest = [], text[7:]
        while True:
            match = re.match(r"`(\w+)`: ", rest)
            assert match, rest
            kind, rest = _ddl_type(rest[match.end() :])
            fields.append((match.group(1), kind))
            if rest.startswith(">"):
                return ("struct", tuple(fields)), rest[1:]
            assert rest.startswith(", ")
            rest = rest[2:]
    match = re.match(r"[A-Z]+", text)
    assert match, text
    return match.group(0), text[match.end() :]


def _arrow_type(arrow: object) -> object:
    import pyarrow as pa

    simple = {
        pa.string(): "STRING", pa.int32(): "INT", pa.int64(): "BIGINT", pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN"
    }  # fmt: skip
    if arrow in simple:
        return simple[arrow]  # type: ignore[index]
    if pa.types.is_list(arrow):  # type: ignore[arg-type]
        return ("list", _arrow_type(arrow.value_type))  # type: ignore[attr-defined]
    return ("struct", tuple((f.name, _arrow_type(f.type)) for f in arrow))  # type: ignore[attr-defined]


def test_the_spark_schema_is_the_parquet_schema_in_ddl() -> None:
    from zjnews.distributed import spark_schema
    from zjnews.output import parquet_schema

    ddl, columns = spark_schema(), []
    while ddl:
        name, ddl = ddl[1 : ddl.index("`", 1)], ddl[ddl.index("`", 1) + 2 :]
        kind, ddl = _ddl_type(ddl)
        columns.append((name, kind))
        ddl = ddl.removeprefix(", ")
    assert columns == [(f.name, _arrow_type(f.type)) for f in parquet_schema()]
