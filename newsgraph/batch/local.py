"""The local engine: the batch job's parallel steps in worker processes on this machine."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from newsgraph.batch import stages
from newsgraph.batch.tables import TableWriter, to_output
from newsgraph.workers import _load_models

FILES_PER_TASK = 4
ARTICLES_PER_TASK = 32


def run(files: list[tuple[int, str]], planner: stages.Planner, work: Path, output: Path, *, workers: int, ingested_at: str) -> list[stages.ClusterItem]:
    """Read, plan and analyse; the record tables are written to ``output`` as the analyses come.

    Returns what the clusterer reads of each article, in publication order. The articles table
    goes to ``work`` first: its story numbers are known only after the story pass.
    """
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_load_models) as pool:
        chosen: list[dict[str, Any]] = []
        for read in pool.map(stages.read_files, _chunks(files, FILES_PER_TASK)):
            for row in read:
                if planner.add(row):
                    chosen.append(row)
        for row in chosen:
            row["duplicate_of"], row["similarity"] = planner.kept[row["id"]]
        writers = {name: TableWriter(work if name == "articles" else output, name) for name in ("articles", "captions", *stages.schema_record_names())}
        features: list[tuple[tuple[Any, ...], stages.ClusterItem]] = []
        tasks = _chunks(chosen, ARTICLES_PER_TASK)
        for done in pool.map(stages.analyse, tasks, [ingested_at] * len(tasks)):
            for name, table_rows in done.tables.items():
                writers[name].write(to_output(name, row) for row in table_rows)
            features.extend(done.features)
            stages.report_sum(planner.report, done.report)
        for writer in writers.values():
            writer.close()
    features.sort(key=lambda pair: pair[0])
    return [item for _, item in features]


def _chunks(rows: list[Any], size: int) -> list[list[Any]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]
