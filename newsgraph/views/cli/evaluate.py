"""`newsgraph eval seeds|quotes|events|clusters`: accuracy against third-party gold data."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from newsgraph.errors import BadInput
from newsgraph.views.cli._app import app, console
from newsgraph.views.output import to_json

eval_app = typer.Typer(help="Measure extraction and clustering against gold data (../shared by default).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

DEFAULT_SHARED = Path("../shared")
SharedOption = Annotated[Path, typer.Option("--shared", help="The folder holding seeds/ and data/ (default ../shared).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")]


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        raise BadInput(f"{path}: not found; {what} (pass --shared PATH to the folder holding seeds/ and data/)")
    return path


@eval_app.command("seeds")
def eval_seeds(shared: SharedOption = DEFAULT_SHARED, json_out: JsonOption = False) -> None:
    """Quotes, events and stances of the two seed articles against seeds/expected.json."""
    from newsgraph.eval.seeds import run_eval_seeds

    report = run_eval_seeds(_need(shared / "seeds" / "expected.json", "the seeds' gold file is missing").parent)
    if json_out:
        sys.stdout.write(to_json(report) + "\n")
        return
    table = Table(title="seeds/expected.json", header_style="bold")
    for column in ("kind", "precision*", "recall (required)", "recall (all listed)", "F1", "found / required", "extracted"):
        table.add_column(column)
    for kind, s in report["totals"].items():
        c = s["counts"]
        table.add_row(kind, _f(s["precision"]), _f(s["recall_required"]), _f(s["recall_all"]), _f(s["f1"]), f"{c['required_found']} / {c['required']}", str(c["extracted"]))
    console.print(table)
    console.print("[dim]* precision counts a record as right only when expected.json lists it; the list is not exhaustive.[/dim]")
    for name, doc in report["documents"].items():
        dates = doc["event_dates"]
        console.print(f"{name}: event dates right {dates['right']}/{dates['of']}; 'Photograph' as speaker: {doc['photograph_as_speaker']}", highlight=False)
        for miss in doc["misses"]:
            console.print(f"  [yellow]missed[/yellow] {miss}", highlight=False)


@eval_app.command("events")
def eval_events(
    shared: SharedOption = DEFAULT_SHARED,
    folds: Annotated[int, typer.Option(min=2, help="Cross-validation folds over PLV_train (no split is held out there).")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the fold split.")] = 13,
    json_out: JsonOption = False,
) -> None:
    """Event types on PLV_train (held-out folds) and whole extraction on PETRARCH-2 sentences."""
    from newsgraph.eval.events import render_events_report, run_eval_events

    _need(shared / "data" / "events" / "PLV_train.tsv", "the PLV data is missing")
    report = run_eval_events(shared, folds=folds, seed=seed)
    if json_out:
        sys.stdout.write(to_json(report) + "\n")
        return
    for table in render_events_report(report):
        console.print(table)


def _f(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}"
