"""`newsgraph ingest`: read files and folders into the store, with a progress bar and a summary."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsgraph.ingest import iter_files
from newsgraph.extract import not_analysed_reason
from newsgraph.pipeline import IngestReport, ingest
from newsgraph.store import Store
from newsgraph.views.cli._app import DbOption, app, console, err_console
from newsgraph.views.output import to_json


@app.command("ingest")
def ingest_cli(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively); the format is detected from content.")],
    db: DbOption = None,
    extract: Annotated[bool, typer.Option("--extract/--no-extract", help="Run extraction (actors, quotes, events, stances) as articles are stored.")] = True,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per transaction.")] = 16,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Processes that parse and extract (each loads the models, about 0.5 GB); the database is the same.")] = 1,
) -> int:
    """Read articles into the database; re-running is safe and adds only what is new."""
    store = Store(db)
    files = list(iter_files(paths))
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=json_out or not err_console.is_terminal,
    ) as progress:
        task = progress.add_task("ingesting", total=len(files))
        report = ingest(paths, store, extract=extract, batch_size=batch_size, files=files, on_file=lambda _f: progress.advance(task), workers=workers)
    if json_out:
        sys.stdout.write(to_json(report.to_dict()) + "\n")
    else:
        print_summary(report, store.url)
    return 1 if report.failed else 0


def print_summary(report: IngestReport, url: str) -> None:
    summary = Table.grid(padding=(0, 2))
    for label, value in (
        ("read", report.read),
        ("new", report.new),
        ("duplicates", report.duplicates),
        ("near-duplicates", report.near_duplicates),
        ("already stored", report.unchanged),
        ("URLs to fetch", report.pending_urls),
        ("cut or changed", len(report.notes)),
        ("failed", len(report.failed)),
    ):
        summary.add_row(label, str(value))
    console.print(f"[bold]Ingested into[/bold] {url}")
    console.print(summary)
    for language, count in sorted(report.not_analysed.items()):
        console.print(f"[yellow]not analysed[/yellow] {count} article{'s' if count > 1 else ''}: {escape(not_analysed_reason(language))}", highlight=False, soft_wrap=True)
    for skipped in report.skipped:
        console.print(f"[dim]skipped {escape(skipped.location)}: {escape(skipped.reason)}[/dim]", highlight=False, soft_wrap=True)
    for note in report.notes:
        console.print(f"[yellow]note[/yellow] {escape(note.location)}: {escape(note.reason)}", highlight=False, soft_wrap=True)
    for failure in report.failed:
        err_console.print(f"[red]failed[/red] {escape(failure.location)}: {escape(failure.reason)}", highlight=False, soft_wrap=True)
