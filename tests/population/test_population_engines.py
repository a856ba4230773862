"""One definition, two engines: DuckDB and Spark give identical results on the same sample.

The Spark test runs PySpark in local mode. It is never skipped: without PySpark (the `spark`
extra) or Java it fails, saying what is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from joinedup.population.loading import LoadedPopulation
from joinedup.population.rules import load_rules
from joinedup.population.runs import analyse

#: A JVM that lives for seconds spends most of its CPU compiling itself for a long life: the
#: client compiler only and the serial collector halve the CPU of this test's Spark (41 s to
#: 22 s on the 2-core machine, where the rest of the suite runs beside it). A real run keeps
#: Java's defaults.
SHORT_LIVED_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
#: Adaptive query execution re-plans each stage from the sizes of the last, worth it for a
#: cluster's data and not for a sample of hundreds of rows: off (with a shuffle partition per
#: local thread, engines.py), Spark's CPU here falls by a sixth (18.5 s to 15.5 s). Generated
#: code is compiled (Janino) for each query, worth it over millions of rows: for hundreds, the
#: plans are interpreted (16.8 s to 14.7 s more). The results are the same whichever plan and
#: however it runs.
SMALL_DATA_SPARK = [
    "--conf spark.sql.adaptive.enabled=false",
    "--conf spark.sql.codegen.wholeStage=false",
    "--conf spark.sql.codegen.factoryMode=NO_CODEGEN",
]


@contextmanager
def classes_shared(cache: pytest.Cache | None) -> Iterator[str]:
    """Options for Spark's JVM that share the classes it loads between runs; on leaving, the JVM
    is stopped (its 2 GB are not kept for the rest of the session).

    The JVM loads thousands of classes each start, parsing and checking each. The first run
    writes those it loaded to an archive (Java's class-data sharing) as it exits, and later runs
    map it in: Spark's CPU 13.7 s to about 10.8 s. The JVM crashes on a half-written archive, so it
    writes under a name of its own, and the archive is put in place only once the JVM has
    exited cleanly. One archive per Java and PySpark; the JVM checks that it matches its build
    and class path, and starts as before without it.
    """
    java = shutil.which("java")
    try:
        spark = version("pyspark")
    except PackageNotFoundError:
        spark = None
    if cache is None or java is None or spark is None:
        yield ""  # no pytest cache (-p no:cacheprovider), Java or PySpark: the engine says so
        return
    home = Path(java).resolve()
    archive = cache.mkdir("joinedup-spark") / (
        f"pyspark-{spark}-{home.parent.parent.name}-{home.stat().st_mtime_ns}.jsa"
    )
    if archive.exists():
        try:
            yield f"-XX:SharedArchiveFile={archive}"
        finally:
            stopped_spark()
        return
    written = archive.with_name(f".{archive.name}.{os.getpid()}")
    try:
        try:
            yield f"-XX:ArchiveClassesAtExit={written}"
        finally:
            exited = stopped_spark()  # the archive is written as the JVM exits
        if exited == 0 and written.exists():
            written.replace(archive)
            for other in archive.parent.iterdir():  # another Java's or PySpark's, or half-made
                if other != archive:
                    other.unlink(missing_ok=True)
    finally:
        written.unlink(missing_ok=True)


def stopped_spark() -> int | None:
    """Stop the JVM PySpark started in this process (closing its input ends it) and wait for
    it; its exit status."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if gateway is None:
        return None
    process = gateway.proc
    gateway.shutdown()
    SparkContext._gateway = SparkContext._jvm = None
    process.stdin.close()
    return int(process.wait(timeout=120))


@pytest.mark.spark
def test_duckdb_and_spark_give_identical_results(
    sample: LoadedPopulation, monkeypatch: pytest.MonkeyPatch, pytestconfig: pytest.Config
) -> None:
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", SHORT_LIVED_JVM)
    rules = load_rules()
    # One thread each, as the suite's queries (tests/conftest.py): the other worker has the
    # other core, and Spark's two local threads on hundreds of rows only waited on each other
    # (its CPU 17-19 s to 15-16 s).
    on_duckdb = analyse(sample, rules, "duckdb", keep_persons=True, threads=1)
    with classes_shared(pytestconfig.cache) as options:
        # Spark's JVM's own options: the launcher's JVM, started before it, is left alone.
        monkeypatch.setenv("SPARK_SUBMIT_OPTS", options)
        monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", " ".join([*SMALL_DATA_SPARK, "pyspark-shell"]))
        on_spark = analyse(sample, rules, "spark", keep_persons=True, threads=1)
    assert on_spark.engine == "spark"
    assert on_duckdb.totals == on_spark.totals
    assert on_duckdb.breakdowns == on_spark.breakdowns
    assert on_duckdb.persons is not None and on_spark.persons is not None
    assert on_duckdb.persons.to_pylist() == on_spark.persons.to_pylist()
    counts = {(r["segment"], r["people"]) for r in on_duckdb.rows("system")}
    assert len(counts) == len(rules.codes)  # every segment has people in the sample


def test_an_unknown_engine_is_refused() -> None:
    from joinedup.population.engines import EngineUnavailable, engine

    with pytest.raises(EngineUnavailable, match="duckdb or spark"), engine("postgres"):
        pass


def test_spark_runs_a_shuffle_partition_per_local_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from joinedup.population.engines import SPARK_MASTER_VARIABLE, spark_settings

    monkeypatch.delenv(SPARK_MASTER_VARIABLE, raising=False)
    master, settings = spark_settings(3)
    assert master == "local[3]" and settings["spark.sql.shuffle.partitions"] == "3"
    master, settings = spark_settings(None)
    assert master == "local[*]"
    assert settings["spark.sql.shuffle.partitions"] == str(os.cpu_count() or 1)
    monkeypatch.setenv(SPARK_MASTER_VARIABLE, "spark://cluster:7077")
    master, settings = spark_settings(3)
    assert master == "spark://cluster:7077" and "spark.sql.shuffle.partitions" not in settings
    assert settings["spark.sql.session.timeZone"] == "UTC"
