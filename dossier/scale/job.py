"""The Spark job: input files → documents → exact-duplicate drop → ``analyze`` in ``mapPartitions`` → Parquet.

    from dossier.scale.job import analyze_to_parquet, spark_session

    spark = spark_session("local[2]")
    report = analyze_to_parquet(spark, ["cc-news/*.warc.gz", "dump.jsonl"], "out/")

Inputs are files on a filesystem every executor sees (local paths for ``local[*]``; a shared mount on a
cluster), named directly, by glob or by directory. Each file is read by one task with the project's
own readers (``dossier.ingest.collect``); the documents are then spread over ``partitions`` tasks for the
analysis, the expensive part. ``out/`` gets one Parquet table (a directory) per name in ``rows.TABLES``.
"""

from __future__ import annotations

import glob
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.config import IngestConfig
from dossier.scale import rows

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


class ScaleError(Exception):
    """A problem with the job's inputs or output (shown to the user, never a traceback)."""


@dataclass
class JobReport:
    files: int = 0
    read: int = 0  # documents read (before dropping duplicates)
    superseded: int = 0  # earlier versions of a document (same identity) seen again with other text
    duplicates: int = 0
    documents: int = 0  # documents written
    analyzed: int = 0
    failures: int = 0
    seconds: float = 0.0
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def docs_per_second(self) -> float:
        return round(self.documents / self.seconds, 2) if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "read": self.read,
            "superseded": self.superseded,
            "duplicates": self.duplicates,
            "documents": self.documents,
            "analyzed": self.analyzed,
            "failures": self.failures,
            "seconds": round(self.seconds, 2),
            "docs_per_second": self.docs_per_second,
            "tables": self.tables,
        }


def spark_session(
    master: str = "local[*]", *, driver_memory: str = "1g", partitions: int | None = None, **conf: str
) -> SparkSession:
    """A SparkSession for the job. In local mode everything stays on 127.0.0.1 and no web UI is started."""
    from pyspark.sql import SparkSession

    # The workers must run this interpreter (the one with dossier and its models installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName("dossier-scale")
        .config("spark.driver.memory", driver_memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.python.worker.reuse", "true")  # models load once per worker process
        .config("spark.sql.session.timeZone", "UTC")
    )
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # the launcher too: nothing binds elsewhere
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    for key, value in conf.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def expand_inputs(inputs: list[str]) -> list[str]:
    """Absolute paths of every input file: names, globs, and directories (supported files, recursively)."""
    from dossier.ingest.files import kind_of

    files: list[str] = []
    for name in inputs:
        matches = sorted(glob.glob(os.path.expanduser(name), recursive=True)) if glob.has_magic(name) else [name]
        if not matches:
            raise ScaleError(f"no file matches {name!r}")
        for match in matches:
            path = Path(match).expanduser()
            if path.is_dir():
                found = sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and kind_of(p) and not any(x.startswith(".") for x in p.relative_to(path).parts)
                )
                files.extend(str(p.resolve()) for p in found)
            elif path.is_file():
                files.append(str(path.resolve()))
            else:
                raise ScaleError(f"no such file or directory: {match}")
    if not files:
        raise ScaleError("the inputs hold no .warc, .warc.gz, .jsonl, .html or .txt files")
    return list(dict.fromkeys(files))


def check_output(out: Path, *, overwrite: bool = False) -> None:
    if out.exists() and not out.is_dir():
        raise ScaleError(f"{out} is a file, not a directory")
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise ScaleError(f"{out} exists and is not empty (pass --overwrite to replace it)")


def _latest_per_identity(documents: DataFrame) -> DataFrame:
    """One version of each document (identity: canonical URL, URL or source, as ``dossier.run``): the
    latest in input order, which is what storing them all in order would leave (earlier ones updated)."""
    from pyspark.sql import functions as F

    last = documents.groupBy("identity").agg(F.max("ordinal").alias("ordinal"))
    return documents.join(last, ["identity", "ordinal"], "left_semi")


def _earliest_per_hash(documents: DataFrame) -> DataFrame:
    """Exact duplicates (same content hash) dropped, keeping the earliest in input order.

    ``dropDuplicates`` keeps an arbitrary row of each group, so the earliest ordinal of each hash is
    found first and the documents are joined to it."""
    from pyspark.sql import functions as F

    first = documents.groupBy("content_hash").agg(F.min("ordinal").alias("ordinal"))
    return documents.join(first, ["content_hash", "ordinal"], "left_semi").dropDuplicates(["content_hash"])


def analyze_to_parquet(
    spark: SparkSession,
    inputs: list[str],
    output: str | os.PathLike[str],
    *,
    config: IngestConfig | None = None,
    partitions: int | None = None,
    overwrite: bool = False,
) -> JobReport:
    """Read, deduplicate and analyse every input and write the Parquet tables under ``output``."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from dossier.scale import executor, schema

    started = time.perf_counter()
    out = Path(output)
    check_output(out, overwrite=overwrite)
    files = expand_inputs(inputs)
    config = config or IngestConfig()
    sc = spark.sparkContext
    partitions = partitions or max(sc.defaultParallelism * 2, 1)
    report = JobReport(files=len(files))

    # One task per file (WARC and JSONL files are read sequentially); then the documents are spread out.
    indexed = list(enumerate(files))
    read = sc.parallelize(indexed, min(len(indexed), partitions)).mapPartitions(
        lambda part: executor.read_files(part, config)
    )
    items = spark.createDataFrame(read, schema.READ).persist(StorageLevel.MEMORY_AND_DISK)
    documents = items.where(F.col("document").isNotNull()).select("document.*")
    read_failures = items.where(F.col("failure").isNotNull()).select("failure.*")
    report.read = documents.count()

    # Versions of one address first, then copies of one text: the order dossier.run's rules imply.
    latest = _latest_per_identity(documents)
    report.superseded = report.read - latest.count()
    unique = _earliest_per_hash(latest).repartition(partitions)
    analysed_rdd = unique.rdd.mapPartitions(executor.analyze_partition)
    analysed = spark.createDataFrame(analysed_rdd, schema.ANALYSED).persist(StorageLevel.MEMORY_AND_DISK)

    tables: dict[str, DataFrame] = {"documents": analysed.select("document.*").orderBy("ordinal")}
    for name in schema.CHILDREN:
        tables[name] = analysed.select(F.explode(name).alias("row")).select("row.*").orderBy("doc")
    failures = analysed.where(F.col("failure").isNotNull()).select("failure.*").unionByName(read_failures)
    tables["failures"] = failures.orderBy("ordinal", "source")
    for name in rows.TABLES:
        tables[name].write.mode("overwrite").parquet(str(out / name))
    for name in rows.TABLES:
        report.tables[name] = spark.read.parquet(str(out / name)).count()
    report.documents = report.tables["documents"]
    report.duplicates = report.read - report.superseded - report.documents
    report.analyzed = spark.read.parquet(str(out / "documents")).where("analyzed").count()
    report.failures = report.tables["failures"]
    analysed.unpersist()
    items.unpersist()
    report.seconds = time.perf_counter() - started
    return report
