"""Engines: where the ibis expressions run. DuckDB (the default, in-process) or Spark.

Both read the same staged Parquet files (``loading``) and run the same expressions
(``segmentation``, ``attribution``); only the connection differs. Spark runs in local mode here
(``local[*]``); point ``JOINEDUP_SPARK_MASTER`` at a cluster to run it there.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from joinedup.errors import JoinedUpError
from joinedup.population.segmentation import Inputs

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

    from joinedup.population.loading import LoadedPopulation

ENGINES: tuple[str, ...] = ("duckdb", "spark")
SPARK_MASTER_VARIABLE = "JOINEDUP_SPARK_MASTER"


class EngineUnavailable(JoinedUpError):
    """The engine asked for cannot be started here."""


class Engine:
    """An ibis backend with the population's tables registered on it."""

    def __init__(self, name: str, backend: Any) -> None:
        self.name = name
        self.backend = backend

    def inputs(self, loaded: LoadedPopulation) -> Inputs:
        tables = {
            table: self.backend.read_parquet(str(loaded.path(table)), table_name=f"pop_{table}")
            for table in ("persons", "events", "conditions", "areas")
        }
        return Inputs(**tables)

    def execute(self, expression: ir.Table) -> pa.Table:
        return self.backend.to_pyarrow(expression)

    @contextmanager
    def cached(self, expression: ir.Table) -> Iterator[ir.Table]:
        """The expression computed once and kept while several queries build on it."""
        with warnings.catch_warnings():
            # ibis 12 calls a DuckDB method that DuckDB 2 deprecates; nothing for us to change.
            warnings.filterwarnings("ignore", "fetch_arrow_table", DeprecationWarning)
            kept = expression.cache()
        try:
            yield kept
        finally:
            kept.release()


@contextmanager
def engine(name: str = "duckdb", *, threads: int | None = None) -> Iterator[Engine]:
    """A started engine, closed afterwards."""
    if name == "duckdb":
        yield from _duckdb(threads)
    elif name == "spark":
        yield from _spark(threads)
    else:
        raise EngineUnavailable(f"Unknown engine {name!r}; choose {' or '.join(ENGINES)}.")


def _duckdb(threads: int | None) -> Iterator[Engine]:
    import ibis

    # Row order never matters here, and not keeping it lets DuckDB aggregate faster.
    options: dict[str, Any] = {"preserve_insertion_order": False}
    if threads:
        options["threads"] = threads
    backend = ibis.duckdb.connect(**options)
    try:
        yield Engine("duckdb", backend)
    finally:
        backend.disconnect()


def spark_settings(threads: int | None) -> tuple[str, dict[str, str]]:
    """Where Spark runs (``JOINEDUP_SPARK_MASTER``, else this machine with ``threads`` or every
    core) and the settings it is given."""
    cluster = os.environ.get(SPARK_MASTER_VARIABLE)
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.driver.memory": os.environ.get("JOINEDUP_SPARK_DRIVER_MEMORY", "2g"),
    }
    if cluster:
        return cluster, settings  # a cluster keeps its own shuffle partitions
    # One shuffle partition per local thread: each partition is a task, and more of them (Spark's
    # 200, or the 8 this once set) are tasks this machine runs one after another for no gain.
    settings["spark.sql.shuffle.partitions"] = str(threads or os.cpu_count() or 1)
    return f"local[{threads or '*'}]", settings


def _spark(threads: int | None) -> Iterator[Engine]:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineUnavailable(
            "The spark engine needs PySpark: pip install 'joinedup[spark]' (and Java 17)."
        ) from None
    import ibis

    master, settings = spark_settings(threads)
    builder = SparkSession.builder.master(master).appName("joinedup-population")
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield Engine("spark", ibis.pyspark.connect(session))
    finally:
        session.stop()
