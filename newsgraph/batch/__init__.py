"""`newsgraph batch`: a whole archive into Parquet tables, in parallel, on one machine or on Spark.

Reading and analysis (nine tenths of the work) run in parallel; the two steps that depend on
order run once over light rows: duplicates in read order, and stories in publication order
(``stages.py``). The output has the store's tables and columns (``tables.py``); `newsgraph load`
puts it in a database (``load.py``).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from newsgraph.batch import stages
from newsgraph.batch.tables import MANIFEST, BatchOutputError, TableWriter, to_output, write_manifest, write_table
from newsgraph.ingest import iter_files
from newsgraph.model import ReadFailure
from newsgraph.pipeline import IngestReport
from newsgraph.store import schema

ENGINES = ("local", "spark")


def run_batch(
    inputs: Iterable[str | Path], output: str | Path, *, engine: str = "local", workers: int | None = None, master: str | None = None
) -> IngestReport:
    """Read everything under ``inputs`` into the Parquet tables of a new folder ``output``."""
    out = Path(output)
    if engine not in ENGINES:
        raise BatchOutputError(f"--engine {engine}: not an engine; use one of {', '.join(ENGINES)}")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).exists():
        raise BatchOutputError(f"{out}: holds an unfinished batch (no {MANIFEST}: killed, say); remove it (rm -r {out}) and run again")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BatchOutputError(f"{out}: already exists and is not an empty folder; give a new OUTPUT folder (a batch never writes over another)")
    workers = workers or os.cpu_count() or 1
    planner = stages.Planner()
    sources = [str(path) for path in inputs]
    uris = [source for source in sources if "://" in source]
    if uris and engine != "spark":
        raise BatchOutputError(f"{uris[0]}: a URI is read by --engine spark only; give the local engine a path (a mounted bucket, say)")
    files: list[tuple[int, str]] = []
    for found in iter_files([source for source in sources if "://" not in source]):
        if isinstance(found, ReadFailure):
            planner.report.failed.append(found)
        else:
            files.append((len(files), str(found)))
    created = not out.exists()
    try:
        _run(files, uris, planner, out, engine=engine, workers=workers, master=master)
    except BaseException:  # a failed or interrupted batch leaves no half output behind
        _clear(out, created)
        raise
    return planner.report


def _clear(out: Path, created: bool) -> None:
    """Put the output folder back as it was: absent, or empty."""
    if created:
        shutil.rmtree(out, ignore_errors=True)
        return
    for path in out.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def _run(files: list[tuple[int, str]], uris: list[str], planner: stages.Planner, out: Path, *, engine: str, workers: int, master: str | None) -> None:
    work = out / "_work"
    work.mkdir(parents=True)
    started = time.perf_counter()
    seconds: dict[str, float] = {}
    ingested_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if engine == "spark":
        from newsgraph.batch import spark

        if master is None and "SPARK_ENV_LOADED" not in os.environ:  # not under spark-submit
            master = f"local[{workers}]"
        items, finish = spark.run(files, planner, work, out, workers=workers, master=master, ingested_at=ingested_at, uris=uris)
    else:
        from newsgraph.batch import local

        items = local.run(files, planner, work, out, workers=workers, ingested_at=ingested_at)
        finish = _articles_from(work, out)
    seconds["read, duplicates, analysis"] = time.perf_counter() - started
    story_pass = stages.StoryPass(work / "stories.db")
    try:
        story_pass.add_all(items)
        seconds["stories"] = time.perf_counter() - started - sum(seconds.values())
        finish(story_pass.story_numbers(), planner.kept)
        for name, table in (("stories", schema.stories), ("story_merges", schema.story_merges), ("meta", schema.meta)):
            write_table(out, name, (to_output(name, row) for row in story_pass.table(table)))
    finally:
        story_pass.close()
    write_table(out, "article_locations", planner.location_rows())
    write_table(out, "pending_urls", planner.pending_rows())
    write_table(out, "failures", stages.failure_rows(planner.report))
    shutil.rmtree(work)
    seconds["articles table, the rest"] = time.perf_counter() - started - sum(seconds.values())
    rounded = {step: round(value, 1) for step, value in seconds.items()}
    write_manifest(out, {"engine": engine, "report": planner.report.to_dict(), "ingested_at": ingested_at, "tables": _counts(out), "seconds": rounded})


def _articles_from(work: Path, out: Path) -> stages.Finish:
    """The articles table, from the rows the analysis wrote to ``work``, with their stories."""

    def finish(numbers: dict[str, int], links: dict[str, tuple[str | None, float | None]]) -> None:
        writer = TableWriter(out, "articles")
        try:
            for path in sorted((work / "articles").glob("*.parquet")):
                for batch in pq.ParquetFile(path).iter_batches(batch_size=1_000):
                    writer.write(
                        {**row, "story_id": numbers.get(row["id"]), "duplicate_of": links[row["id"]][0], "similarity": links[row["id"]][1]}
                        for row in batch.to_pylist()
                    )
        finally:
            writer.close()

    return finish


def _counts(out: Path) -> dict[str, Any]:
    return {folder.name: sum(pq.ParquetFile(p).metadata.num_rows for p in folder.glob("*.parquet")) for folder in sorted(out.iterdir()) if folder.is_dir()}
