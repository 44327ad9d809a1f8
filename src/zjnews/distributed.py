"""Parsing beyond one machine: a Dask recipe (``pip install 'zjnews[dask]'``).

The unit of work is :func:`parse_partition`: an iterable of paths in, the records of
``zjnews parse`` out (the same dicts, in the same order). Any engine that maps a function over
partitions runs it unchanged::

    import dask.bag as db
    from dask.distributed import Client
    from zjnews.distributed import parse_to_parquet

    client = Client()                      # or Client("scheduler-address:8786")
    files = parse_to_parquet(paths, "articles.parquet/", npartitions=64)

On Spark the same function is a ``mapPartitions``::

    rdd = spark.sparkContext.textFile("paths.txt", minPartitions=64)   # one path a line
    rows = rdd.mapPartitions(zjnews.distributed.parse_partition)
    spark.createDataFrame(rows, schema=...).write.parquet("articles.parquet")

Paths must be readable from every worker (a shared or network file system). See ``docs/cli.md``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .options import Options
from .output import PageOutcome, parquet_schema

__all__ = ["parse_partition", "parse_to_bag", "parse_to_parquet", "write_partition"]


def _outcomes(paths: Iterable[str], options: Options | None, page_records: bool) -> Iterable[PageOutcome]:
    from .cli import Task, parse_task

    for path in paths:
        path = str(path)
        yield parse_task(Task(source=path, path=path), options=options, page_records=page_records)


def parse_partition(
    paths: Iterable[str | os.PathLike[str]], *, options: Options | None = None, page_records: bool = False
) -> list[dict[str, Any]]:
    """Parse the pages at ``paths``: their records (article, page and error records), in order.

    Never raises for a bad page: it becomes an error record, as in ``zjnews parse``.
    """
    return [
        record for outcome in _outcomes(map(str, paths), options, page_records) for record in outcome.records
    ]


def parse_to_bag(
    paths: Sequence[str | os.PathLike[str]],
    *,
    npartitions: int | None = None,
    options: Options | None = None,
    page_records: bool = False,
) -> Any:
    """A ``dask.bag.Bag`` of the records of the pages at ``paths`` (partitions keep the input order)."""
    import dask.bag as db

    bag = db.from_sequence([str(p) for p in paths], npartitions=npartitions)
    return bag.map_partitions(parse_partition, options=options, page_records=page_records)


def write_partition(records: Sequence[dict[str, Any]], path: str | os.PathLike[str]) -> str:
    """Write one partition's records to a Parquet file with the schema of ``zjnews parse``; its path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    pq.write_table(pa.Table.from_pylist(list(records), schema=schema), str(path), compression="zstd")
    return str(path)


def parse_to_parquet(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    npartitions: int | None = None,
    options: Options | None = None,
    page_records: bool = False,
) -> list[str]:
    """Parse the pages at ``paths`` with Dask and write ``out_dir/part-NNNNN.parquet``, one file a partition.

    Runs on the current Dask scheduler (a ``dask.distributed.Client`` when one is active).
    Reading the parts in name order gives the records in input order, as ``zjnews parse``
    writes them; ``pyarrow.parquet.read_table(out_dir)`` reads them all. Returns the files written.
    """
    import dask

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    bag = parse_to_bag(paths, npartitions=npartitions, options=options, page_records=page_records)
    parts = bag.to_delayed()
    tasks = [
        dask.delayed(write_partition)(part, str(out / f"part-{i:05d}.parquet"))
        for i, part in enumerate(parts)
    ]
    return [str(f) for f in dask.compute(*tasks)]
