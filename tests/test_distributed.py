"""The Dask recipe (zjnews.distributed) on a small LocalCluster gives the articles the CLI gives."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, SEED_PAGES

pytest.importorskip("pyarrow")
pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")

from zjnews.distributed import parse_partition, parse_to_parquet  # noqa: E402
from zjnews.output import read_records  # noqa: E402


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
    expected = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]

    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        files = parse_to_parquet(paths, tmp_path / "dask", npartitions=3, page_records=True, min_pages=2)
    assert [Path(f).name for f in files] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    rows = list(read_records(tmp_path / "dask"))
    assert len(rows) == len(expected)
    assert [{k: row[k] for k in record} for row, record in zip(rows, expected, strict=True)] == expected
    assert expected[-1]["type"] == "error" and expected[-1]["error"] == "BinaryInputError"


def test_parse_partition_is_the_plain_function_for_map_partitions() -> None:
    records = parse_partition(iter([SEED_PAGES[0], "does/not/exist.txt"]))
    assert records[0]["type"] == "article" and records[0]["index"] == 0
    assert records[-1]["type"] == "error" and records[-1]["error"] == "UnreadableInputError"
