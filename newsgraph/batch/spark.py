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
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.batch import stages
from newsgraph.batch.tables import ANALYSIS_TABLES, BatchOutputError, TableWriter, arrow_schema, to_output
from newsgraph.ingest import read_bytes

try:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as err:  # pragma: no cover - said to the user by the CLI
    raise BatchOutputError(f"--engine spark needs PySpark ({err.name} is missing): pip install 'newsgraph[spark]', and Java 17") from None

READ_COLUMNS = ["file", "item", "kind", "id", "location", "data"]
READ_SCHEMA = "file long, item long, kind string, id string, location string, data string"
# what analysis tasks give back: "features" rows (with the story order), "failures", and "files"
# (a table's name as ``id``, the file a task wrote as ``payload``)
RESULT_COLUMNS = ["table", "id", "undated", "published", "file", "item", "signature", "payload"]
RESULT_SCHEMA = "table string, id string, undated boolean, published string, file long, item long, signature binary, payload binary"
# tasks per core: small tasks keep the cores busy to the end (each worker keeps its models loaded)
TASKS_PER_WORKER = 8


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
    uris: Sequence[str] = (),
) -> tuple[Iterator[stages.ClusterItem], stages.Finish]:
    """``files`` are local paths every executor can open; ``uris`` (s3a://, gs://, hdfs://, file://)
    folders or files Spark reads itself, numbered after the files in path order."""
    partitions = max(1, workers * TASKS_PER_WORKER)
    spark = session(master, partitions)
    spark.sparkContext.setLogLevel("ERROR")
    read = _read_all(spark, files, uris, work, partitions)
    chosen = _new_articles(spark, read, planner, work)
    task = partial(_analyse, ingested_at, str(out.resolve()), str(work.resolve()))
    read.join(chosen, ["file", "item"]).repartition(partitions, "id").mapInPandas(task, RESULT_SCHEMA).write.parquet(_uri(work / "analysed"))
    results = spark.read.parquet(_uri(work / "analysed"))
    written = _keep_committed(results, out, work)
    for row in results.filter(F.col("table") == "failures").select("payload").toLocalIterator():
        kind, value = pickle.loads(row.payload)
        if kind == "failed":
            planner.report.failed.append(value)
        else:
            planner.report.not_analysed.update(value)
    features = results.filter(F.col("table") == "features")
    for row in features.orderBy("file", "item").select("id", "signature").toLocalIterator():
        planner.link(row.id, row.signature)
    in_order = (stages.load_features(row.payload) for row in features.orderBy("undated", "published", "file", "item").select("payload").toLocalIterator())
    items = (replace(found, duplicate_of=planner.kept[found.id][0]) for found in in_order)
    return items, partial(_finish, spark, work, out, written["articles"])


def _read_all(spark: SparkSession, files: list[tuple[int, str]], uris: Sequence[str], work: Path, partitions: int) -> DataFrame:
    """Every item of every input, kept as Parquet so nothing is read twice."""
    read = spark.createDataFrame(files or [], "file long, path string").repartition(max(1, min(partitions, len(files)))).mapInPandas(_read, READ_SCHEMA)
    if uris:
        read = read.unionByName(_read_uris(spark, uris, first=len(files), partitions=partitions))
    read.write.parquet(_uri(work / "read"))
    return spark.read.parquet(_uri(work / "read"))


def _new_articles(spark: SparkSession, read: DataFrame, planner: stages.Planner, work: Path) -> DataFrame:
    """The (file, item) of each new article, exact duplicates decided on the driver in read order."""
    chosen: list[tuple[int, int]] = []
    data = F.when(F.col("kind") != "article", F.col("data")).alias("data")
    for row in read.select("file", "item", "kind", "id", "location", data).orderBy("file", "item").toLocalIterator():
        found = row.asDict()
        if planner.add(found):
            chosen.append((found["file"], found["item"]))
    path = work / "chosen.parquet"
    pq.write_table(pa.table({"file": [c[0] for c in chosen], "item": [c[1] for c in chosen]}, schema=_CHOSEN), path)
    return spark.read.parquet(_uri(path))


def _finish(
    spark: SparkSession, work: Path, out: Path, article_files: list[str], numbers: dict[str, int], links: dict[str, tuple[str | None, float | None]]
) -> None:
    """The articles table: the rows the tasks wrote, with their originals and stories."""
    path = work / "links.parquet"
    columns = {"id": list(links), "story_id": [numbers.get(i) for i in links], "duplicate_of": [v[0] for v in links.values()], "similarity": [v[1] for v in links.values()]}
    pq.write_table(pa.table(columns, schema=_LINKS), path)
    schema = _spark_schema(arrow_schema("articles"))
    rows = spark.read.schema(schema).parquet(*article_files) if article_files else spark.createDataFrame([], schema)
    found = rows.drop("story_id", "duplicate_of", "similarity").join(spark.read.parquet(_uri(path)), "id", "left")
    found.select(*schema.names).write.parquet(_uri(out / "articles"))
    spark.stop()


def _keep_committed(results: DataFrame, out: Path, work: Path) -> dict[str, list[str]]:
    """The table files of the task attempts Spark kept; files a failed or duplicate attempt
    wrote are removed (Spark keeps the results of one attempt per task)."""
    written: dict[str, list[str]] = {name: [] for name in ANALYSIS_TABLES}
    for row in results.filter(F.col("table") == "files").select("id", "payload").toLocalIterator():
        written[row.id].append(row.payload.decode())
    for name, paths in written.items():
        folder = (work if name == "articles" else out) / name
        folder.mkdir(parents=True, exist_ok=True)
        for stray in set(map(str, folder.glob("*.parquet"))) - set(paths):
            Path(stray).unlink()
        paths.sort()
    written["articles"] = [_uri(Path(path)) for path in written["articles"]]
    return written


def _uri(path: Path) -> str:
    """A file:// URI: the output is a folder the driver and every executor see at the same path
    (a shared mount on a cluster), never the cluster's default filesystem."""
    return path.resolve().as_uri()


_CHOSEN = pa.schema([("file", pa.int64()), ("item", pa.int64())])
_LINKS = pa.schema([("id", pa.string()), ("story_id", pa.int64()), ("duplicate_of", pa.string()), ("similarity", pa.float64())])


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


def _analyse(ingested_at: str, out: str, work: str, frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """One task: analyse its articles, write each table's rows to a Parquet file of its own (the
    articles to ``work``, their stories are not known yet), and give back what the driver needs:
    the clusterer's features, the failures, and the files written."""
    part = uuid.uuid4().hex
    writers = {name: TableWriter(Path(work if name == "articles" else out), name, part) for name in ANALYSIS_TABLES}
    try:
        for frame in frames:
            done = stages.analyse([_plain(row) for row in frame.to_dict("records")], ingested_at)
            for name, table_rows in done.tables.items():
                writers[name].write(to_output(name, row) for row in table_rows)
            rows: list[tuple[Any, ...]] = [
                ("features", f.features.id, f.order[0], f.order[1] or None, f.file, f.item, f.signature, stages.dump_features(f.features))
                for f in done.found
            ]
            rows.extend(("failures", f.location, None, None, None, None, None, pickle.dumps(("failed", f))) for f in done.report.failed)
            if done.report.not_analysed:
                rows.append(("failures", None, None, None, None, None, None, pickle.dumps(("not_analysed", done.report.not_analysed))))
            yield pd.DataFrame(rows, columns=RESULT_COLUMNS, dtype=object)
    finally:
        for writer in writers.values():
            writer.close()
    files = [("files", name, None, None, None, None, None, str(writer.path).encode()) for name, writer in writers.items()]
    yield pd.DataFrame(files, columns=RESULT_COLUMNS, dtype=object)


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


def _spark_schema(schema: pa.Schema) -> T.StructType:
    kinds = {pa.string(): T.StringType(), pa.int64(): T.LongType(), pa.bool_(): T.BooleanType(), pa.float64(): T.DoubleType(), pa.binary(): T.BinaryType()}
    return T.StructType([T.StructField(f.name, kinds[f.type], True) for f in schema])

