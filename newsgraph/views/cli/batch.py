"""`newsgraph batch` and `newsgraph load`: a whole archive into Parquet tables, then into a database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from newsgraph.batch import ENGINES
from newsgraph.batch.tables import BatchOutputError
from newsgraph.store import Store
from newsgraph.views.cli._app import DbOption, app, console
from newsgraph.views.cli.ingest import print_summary
from newsgraph.views.output import to_json


@app.command("batch")
def batch_cli(
    inputs: Annotated[
        list[str],  # not Path: a URI (s3a://bucket/…) must keep its two slashes
        typer.Argument(help="Files, folders or (--engine spark) URIs to read, every format ingest reads; then the OUTPUT folder to write.", metavar="INPUT... OUTPUT"),
    ],
    engine: Annotated[str, typer.Option(help=f"Where the work runs: {' or '.join(ENGINES)} (PySpark: pip install 'newsgraph\\[spark]').")] = "local",
    master: Annotated[Optional[str], typer.Option(help="Spark master URL (--engine spark). Default: spark-submit's, else local[WORKERS].")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, max=256, help="Processes (local engine); Spark: cores of the default local master, and eight tasks per core. Default: this machine's cores.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> int:
    """Read a whole archive in parallel into Parquet tables with the store's columns; `newsgraph load` puts them in a database."""
    if len(inputs) < 2:
        raise BatchOutputError("give at least one INPUT and the OUTPUT folder: newsgraph batch INPUT… OUTPUT")
    from newsgraph.batch import run_batch

    *sources, output = inputs
    report = run_batch(sources, output, engine=engine, workers=workers, master=master)
    if json_out:
        sys.stdout.write(to_json(report.to_dict()) + "\n")
    else:
        print_summary(report, str(output))
        console.print(f"Load it with: newsgraph load {escape(str(output))} --db URL", highlight=False)
    return 1 if report.failed else 0


@app.command("load")
def load_cli(
    output: Annotated[Path, typer.Argument(help="A folder `newsgraph batch` wrote.")],
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print what was read as JSON.")] = False,
) -> int:
    """Load a batch output into a database (SQLite or PostgreSQL); loading it again changes nothing."""
    from newsgraph.batch.load import load

    report = load(output, Store(db))
    if json_out:
        sys.stdout.write(to_json({"stories": report.stories, "tables": report.tables}) + "\n")
    else:
        console.print(f"[bold]Loaded[/bold] {escape(str(output))}: {report.stories} stories, " + ", ".join(f"{n} {t}" for t, n in report.tables.items() if n), highlight=False)
    return 0
