"""Parsing beyond one machine: a Dask recipe (``pip install 'zjnews[dask]'``) and the pieces for Spark.

The unit of work is :func:`parse_partition`: an iterable of paths in, the records of
``zjnews parse`` out (the same dicts, in the same order). Any engine that maps a function over
partitions runs it unchanged::

    import dask.bag as db
    from dask.distributed import Client
    from zjnews.distributed import parse_to_parquet

    client = Client()                      # or Client("scheduler-address:8786")
    files = parse_to_parquet(paths, "articles.parquet/", npartitions=64)

On Spark the same function is a ``mapPartitions``; :func:`spark_schema` is the schema of its rows
(every worker runs the Python that ``PYSPARK_PYTHON`` names: it must have zjnews installed)::

    rdd = spark.sparkContext.textFile("paths.txt", minPartitions=64)   # one path a line
    rows = rdd.mapPartitions(zjnews.distributed.parse_partition)
    spark.createDataFrame(rows, schema=zjnews.distributed.spark_schema()).write.parquet("articles.parquet")

Paths must be readable from every worker (a shared or network file system). See ``docs/cli.md``.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import ZjnewsError
from .options import Options
from .output import OutputExistsError, PageOutcome, parquet_schema, run_header

__all__ = [
    "parse_partition",
    "parse_to_bag",
    "parse_to_parquet",
    "spark_schema",
    "write_partition",
]

logger = logging.getLogger("zjnews")

MIN_PAGES = 32
"""The fewest pages a partition of :func:`parse_to_parquet` holds by default (small part files are slow)."""


def _outcomes(paths: Iterable[str], options: Options | None, page_records: bool) -> Iterable[PageOutcome]:
    from .cli import Task, parse_task

    for path in paths:
        path = str(path)
        yield parse_task(Task(source=path, path=path), options=options, page_records=page_records)


def parse_partition(
    paths: Iterable[str | os.PathLike[str]], *, options: Options | None = None, page_records: bool = False
) -> list[dict[str, Any]]:
    """Parse the pages at ``paths``: their records (article, page and error records), in order.

    Never raises for a bad page: it becomes an error record, as in ``zjnews parse``. Page files
    may be compressed (``.gz``, ``.zst``…).
    """
    return [record for outcome in _outcomes(map(str, paths), options, page_records) for record in outcome.records]


def _partitions(count: int, npartitions: int | None, min_pages: int) -> int:
    """How many partitions ``count`` pages get: ``npartitions`` at most, each of ``min_pages`` pages at least."""
    wanted = npartitions if npartitions is not None else max(1, math.ceil(count / 256))
    return max(1, min(wanted, count, math.ceil(count / max(min_pages, 1))))


def parse_to_bag(
    paths: Sequence[str | os.PathLike[str]],
    *,
    npartitions: int | None = None,
    options: Options | None = None,
    page_records: bool = False,
    min_pages: int = MIN_PAGES,
) -> Any:
    """A ``dask.bag.Bag`` of the records of the pages at ``paths`` (partitions keep the input order).

    There are at most ``npartitions`` partitions (default: one per 256 pages), and fewer when
    they would hold less than ``min_pages`` pages each, so that a few paths never make a
    partition (and a part file) a page.
    """
    import dask.bag as db

    names = [str(p) for p in paths]
    if not names:
        raise ZjnewsError("no paths to parse")
    count = _partitions(len(names), npartitions, min_pages)
    if npartitions is not None and count < npartitions:
        logger.info(
            "%d pages: %d partitions instead of %d (at least %d pages each)", len(names), count, npartitions, min_pages
        )
    bag = db.from_sequence(names, npartitions=count)
    return bag.map_partitions(parse_partition, options=options, page_records=page_records)


def write_partition(
    records: Sequence[dict[str, Any]], path: str | os.PathLike[str], *, header: Mapping[str, Any] | None = None
) -> str:
    """Write one partition's records to a Parquet file with the schema of ``zjnews parse``; its path.

    ``header`` (:func:`zjnews.output.run_header`) is stored in the file's key-value metadata.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(header)
    pq.write_table(pa.Table.from_pylist(list(records), schema=schema), str(path), compression="zstd")
    return str(path)


def _clear(out: Path, overwrite: bool) -> None:
    """Refuse a folder that holds anything, or with ``overwrite``, remove the part files an earlier run wrote."""
    entries = sorted(out.iterdir())
    if not entries:
        return
    if not overwrite:
        raise OutputExistsError(
            f"{out} is not empty ({len(entries)} entries, e.g. {entries[0].name}): its old parts would be read "
            "with the new ones; pass overwrite=True to replace the part files, or choose an empty folder"
        )
    foreign = [e.name for e in entries if not (e.is_file() and e.name.startswith("part-") and e.suffix == ".parquet")]
    if foreign:
        raise OutputExistsError(f"{out} holds files zjnews did not write ({', '.join(foreign[:3])}): not overwritten")
    for entry in entries:
        entry.unlink()


def parse_to_parquet(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    npartitions: int | None = None,
    options: Options | None = None,
    page_records: bool = False,
    overwrite: bool = False,
    min_pages: int = MIN_PAGES,
) -> list[str]:
    """Parse the pages at ``paths`` with Dask and write ``out_dir/part-NNNNN.parquet``, one file a partition.

    Runs on the current Dask scheduler (a ``dask.distributed.Client`` when one is active).
    Reading the parts in name order gives the records in input order, as ``zjnews parse``
    writes them; ``pyarrow.parquet.read_table(out_dir)`` reads them all. Each part carries the
    zjnews version and the options in its key-value metadata (``zjnews.output.read_provenance``).

    A folder that is not empty is refused (:class:`~zjnews.output.OutputExistsError`): an earlier
    run's parts would be read with the new ones. ``overwrite=True`` removes the earlier
    ``part-*.parquet`` files first (and still refuses a folder holding other files).
    Partitions: see :func:`parse_to_bag`. Returns the files written.
    """
    import dask

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputExistsError(f"{out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    _clear(out, overwrite)
    header = run_header(options, page_records=page_records)
    bag = parse_to_bag(paths, npartitions=npartitions, options=options, page_records=page_records, min_pages=min_pages)
    parts = bag.to_delayed()
    tasks = [
        dask.delayed(write_partition)(part, str(out / f"part-{i:05d}.parquet"), header=header)
        for i, part in enumerate(parts)
    ]
    return [str(f) for f in dask.compute(*tasks)]


def _spark_type(arrow_type: Any) -> str:
    import pyarrow as pa

    if pa.types.is_string(arrow_type):
        return "STRING"
    if pa.types.is_int32(arrow_type):
        return "INT"
    if pa.types.is_int64(arrow_type):
        return "BIGINT"
    if pa.types.is_float64(arrow_type):
        return "DOUBLE"
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    if pa.types.is_list(arrow_type):
        return f"ARRAY<{_spark_type(arrow_type.value_type)}>"
    if pa.types.is_struct(arrow_type):
        fields = ", ".join(f"`{f.name}`: {_spark_type(f.type)}" for f in arrow_type)
        return f"STRUCT<{fields}>"
    raise TypeError(f"no Spark type for {arrow_type}")  # pragma: no cover - every column is covered


def spark_schema() -> str:
    """The schema of the records (:func:`zjnews.output.parquet_schema`) as a Spark DDL string.

    ``spark.createDataFrame(rdd.mapPartitions(parse_partition), schema=spark_schema())`` accepts
    it as it is (a record's missing columns are null). Needs pyarrow, not pyspark.
    """
    return ", ".join(f"`{f.name}` {_spark_type(f.type)}" for f in parquet_schema())
