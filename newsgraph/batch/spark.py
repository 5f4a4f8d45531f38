"""The Spark engine: the batch job's steps (stages.py) as a PySpark job.

Reading and analysis run as ``mapInPandas`` tasks on the executors; their results are kept as
Parquet in the output's ``_work`` folder so no step is computed twice. Duplicates and stories
are decided on the driver from light rows streamed in order (``toLocalIterator``).
Imported only by ``--engine spark``: PySpark is an optional extra (``pip install 'newsgraph[spark]'``).
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.batch import stages
from newsgraph.batch.tables import BatchOutputError, arrow_schema, to_output
from newsgraph.ingest import read_bytes

try:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as err:  # pragma: no cover - said to the user by the CLI
    raise BatchOutputError(f"--engine spark needs PySpark ({err.name} is missing): pip install 'newsgraph[spark]', and Java 17") from None

READ_COLUMNS = ["file", "item", "kind", "id", "location", "published", "signature", "data"]
READ_SCHEMA = "file long, item long, kind string, id string, location string, published string, signature binary, data string"
# analysis results, one row per output row, its table named; ``features`` rows carry the story order
RESULT_COLUMNS = ["table", "id", "undated", "published", "file", "item", "payload"]
RESULT_SCHEMA = "table string, id string, undated boolean, published string, file long, item long, payload binary"
OUTPUT_TABLES = ("captions", *stages.schema_record_names())


def session(master: str | None, partitions: int) -> SparkSession:
    """A Spark session whose Python workers keep the models loaded.

    ``master`` None: the one spark-submit was given (a cluster), else local[*]. A local master's
    workers run this very interpreter.
    """
    builder = SparkSession.builder.appName("newsgraph-batch")
    if master:
        builder = builder.master(master)
    if (master or "local").startswith("local") and "SPARK_ENV_LOADED" not in os.environ:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        return _configured(builder, partitions).getOrCreate()
    except Exception as err:  # no Java, a master that does not answer
        raise BatchOutputError(f"Spark did not start ({type(err).__name__}: {str(err).strip().splitlines()[0] if str(err).strip() else ''}); check --master, and that Java 17 is installed (Debian: openjdk-17-jre-headless)") from None


def _configured(builder: SparkSession.Builder, partitions: int) -> SparkSession.Builder:
    return (
        builder.config("spark.python.worker.reuse", "true")  # each worker loads spaCy once
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "100")  # small batches: parsing is slow per row
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )


def run(
    files: list[tuple[int, str]],
    planner: stages.Planner,
    work: Path,
    out: Path,
    *,
    workers: int,
    master: str | None,
    ingested_at: str,
    uris: list[str] = (),  # type: ignore[assignment]
) -> tuple[Iterator[stages.ClusterItem], stages.Finish]:
    """``files`` are local paths every executor can open; ``uris`` (s3a://, gs://, hdfs://, file://)
    folders or files Spark reads itself, numbered after the files in path order."""
    partitions = max(1, workers * 2)
    spark = session(master, partitions)
    spark.sparkContext.setLogLevel("ERROR")
    read_path = _uri(work / "read")
    files_frame = spark.createDataFrame(files or [], "file long, path string")
    read = files_frame.repartition(max(1, min(partitions, len(files)))).mapInPandas(_read, READ_SCHEMA)
    if uris:
        read = read.unionByName(_read_uris(spark, uris, first=len(files), partitions=partitions))
    read.write.parquet(read_path)
    read = spark.read.parquet(read_path)

    chosen = []
    data = F.when(F.col("kind") != "article", F.col("data")).alias("data")
    for row in read.select("file", "item", "kind", "id", "location", "signature", data).orderBy("file", "item").toLocalIterator():
        found = row.asDict()
        if planner.add(found):
            chosen.append((found["file"], found["item"], *planner.kept[found["id"]]))
    chosen_path = work / "chosen.parquet"
    pq.write_table(pa.table({name: [row[i] for row in chosen] for i, name in enumerate(_CHOSEN.names)}, schema=_CHOSEN), chosen_path)

    results_path = _uri(work / "analysed")
    articles = read.join(spark.read.parquet(_uri(chosen_path)), ["file", "item"])
    articles.repartition(partitions, "id").mapInPandas(partial(_analyse, ingested_at), RESULT_SCHEMA).write.parquet(results_path)
    results = spark.read.parquet(results_path)

    for name in OUTPUT_TABLES:
        _unpack(results, name).write.parquet(_uri(out / name))
    for row in results.filter(F.col("table") == "failures").select("payload").toLocalIterator():
        kind, value = pickle.loads(row.payload)
        if kind == "failed":
            planner.report.failed.append(value)
        else:
            planner.report.not_analysed.update(value)

    order = results.filter(F.col("table") == "features").orderBy("undated", "published", "file", "item").select("payload")
    items = (stages.load_features(row.payload) for row in order.toLocalIterator())

    def finish(numbers: dict[str, int]) -> None:
        numbers_path = work / "story_numbers.parquet"
        pq.write_table(pa.table({"id": list(numbers), "story_id": list(numbers.values())}, schema=_NUMBERS), numbers_path)
        columns = arrow_schema("articles").names
        found = _unpack(results, "articles").drop("story_id").join(spark.read.parquet(_uri(numbers_path)), "id", "left")
        found.select(*columns).write.parquet(_uri(out / "articles"))
        spark.stop()

    return items, finish


def _uri(path: Path) -> str:
    """A file:// URI: the output is a folder the driver and every executor see at the same path
    (a shared mount on a cluster), never the cluster's default filesystem."""
    return path.resolve().as_uri()


_CHOSEN = pa.schema([("file", pa.int64()), ("item", pa.int64()), ("duplicate_of", pa.string()), ("similarity", pa.float64())])
_NUMBERS = pa.schema([("id", pa.string()), ("story_id", pa.int64())])


def _read_uris(spark: SparkSession, uris: list[str], first: int, partitions: int) -> DataFrame:
    """Files under URIs, through Spark's binaryFile source (one file up to 2 GB)."""
    found = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(uris)
    paths = sorted(row.path for row in found.select("path").collect())
    numbered = spark.createDataFrame([(first + n, path) for n, path in enumerate(paths)] or [], "file long, path string")
    contents = found.join(numbered, "path").select("file", "path", "content")
    return contents.repartition(max(1, min(partitions, len(paths)))).mapInPandas(_read_contents, READ_SCHEMA)


def _read_contents(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for frame in frames:
        rows = [
            stages.read_row(int(file), position, item)
            for file, path, content in zip(frame["file"], frame["path"], frame["content"])
            for position, item in enumerate(read_bytes(bytes(content), str(path)))
        ]
        yield pd.DataFrame(rows, columns=READ_COLUMNS, dtype=object)


def _read(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for frame in frames:
        rows = stages.read_files([(int(f), str(p)) for f, p in zip(frame["file"], frame["path"])])
        yield pd.DataFrame(rows, columns=READ_COLUMNS, dtype=object)


def _analyse(ingested_at: str, frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for frame in frames:
        articles = [_plain(row) for row in frame.to_dict("records")]
        done = stages.analyse(articles, ingested_at)
        rows: list[tuple[Any, ...]] = []
        for name, table_rows in done.tables.items():
            rows.extend((name, row.get("article_id") or row.get("id"), None, None, None, None, pickle.dumps(to_output(name, row))) for row in table_rows)
        for (undated, published, file, item), features in done.features:
            rows.append(("features", features.id, undated, published or None, file, item, stages.dump_features(features)))
        rows.extend(("failures", f.location, None, None, None, None, pickle.dumps(("failed", f))) for f in done.report.failed)
        if done.report.not_analysed:
            rows.append(("failures", None, None, None, None, None, pickle.dumps(("not_analysed", done.report.not_analysed))))
        yield pd.DataFrame(rows, columns=RESULT_COLUMNS, dtype=object)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A pandas row as Python values (NaN and NumPy integers out)."""
    plain = {}
    for key, value in row.items():
        if value is None or (isinstance(value, float) and value != value):
            plain[key] = None
        elif hasattr(value, "item") and not isinstance(value, (bytes, str)):
            plain[key] = value.item()
        else:
            plain[key] = value
    return plain


def _unpack(results: DataFrame, name: str) -> DataFrame:
    """One output table's rows, typed as the store's columns."""
    schema = _spark_schema(arrow_schema(name))
    return results.filter(F.col("table") == name).select("payload").mapInPandas(partial(_rows_of, list(schema.names)), schema)


def _rows_of(columns: list[str], frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for frame in frames:
        rows = [pickle.loads(payload) for payload in frame["payload"]]
        yield pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=columns, dtype=object)


def _spark_schema(schema: pa.Schema) -> T.StructType:
    kinds = {pa.string(): T.StringType(), pa.int64(): T.LongType(), pa.bool_(): T.BooleanType(), pa.float64(): T.DoubleType(), pa.binary(): T.BinaryType()}
    return T.StructType([T.StructField(f.name, kinds[f.type], True) for f in schema])

