"""The local engine: the batch job's parallel steps in worker processes on this machine."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from newsgraph.batch import stages
from newsgraph.batch.tables import ANALYSIS_TABLES, TableWriter, to_output
from newsgraph.workers import load_models

FILES_PER_TASK = 4
ARTICLES_PER_TASK = 32


def run(files: list[tuple[int, str]], planner: stages.Planner, work: Path, output: Path, *, workers: int, ingested_at: str) -> list[stages.ClusterItem]:
    """Read, find duplicates and analyse; the record tables are written to ``output`` as the
    analyses come.

    Returns what the clusterer reads of each article, in publication order. The articles table
    goes to ``work`` first: its originals and stories are known only after the driver's passes.
    """
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=load_models) as pool:
        chosen: list[dict[str, Any]] = []
        for read in pool.map(stages.read_files, _chunks(files, FILES_PER_TASK)):
            for row in read:
                if planner.add(row):
                    chosen.append(row)
        writers = {name: TableWriter(work if name == "articles" else output, name) for name in ANALYSIS_TABLES}
        found: list[stages.Found] = []
        tasks = _chunks(chosen, ARTICLES_PER_TASK)
        for done in pool.map(stages.analyse, tasks, [ingested_at] * len(tasks)):
            for name, table_rows in done.tables.items():
                writers[name].write(to_output(name, row) for row in table_rows)
            found.extend(done.found)
            stages.report_sum(planner.report, done.report)
        for writer in writers.values():
            writer.close()
    for one in sorted(found, key=lambda f: (f.file, f.item)):
        planner.link(one.features.id, one.signature)
    return list(stages.in_publication_order(found, planner))


def _chunks(rows: list[Any], size: int) -> list[list[Any]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]
