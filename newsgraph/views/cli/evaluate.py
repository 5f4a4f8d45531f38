"""`newsgraph eval seeds|quotes|events|clusters`: accuracy against third-party gold data."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from newsgraph.errors import BadInput, BadQuery
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


@eval_app.command("quotes")
def eval_quotes(
    shared: SharedOption = DEFAULT_SHARED,
    split: Annotated[str, typer.Option(help="PolNeAR split: dev (train is what the cue list learnt from).")] = "dev",
    cues: Annotated[str, typer.Option(help="all (hand-written + learnt cue verbs) or manual (hand-written only).")] = "all",
    json_out: JsonOption = False,
) -> None:
    """Quote attribution on PolNeAR: speaker attribution and content overlap, per cue type."""
    from newsgraph.eval.quotes import render_eval_quotes, run_eval_quotes

    if split not in ("dev", "train") or cues not in ("all", "manual"):
        raise BadInput(f"--split {split!r} --cues {cues!r}: choose --split dev|train and --cues all|manual")
    root = _need(shared / "data" / "quotes", "the PolNeAR data is missing")
    result = run_eval_quotes(split, cues=cues, root=root)
    if json_out:
        sys.stdout.write(to_json(result) + "\n")
    else:
        console.print(render_eval_quotes(result))


@eval_app.command("clusters")
def eval_clusters(
    shared: SharedOption = DEFAULT_SHARED,
    seeds: Annotated[int, typer.Option(help="How many shuffled orders to run (from --seed on); the mean is the figure.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the first shuffled order.")] = 0,
    order: Annotated[str, typer.Option(help="shuffled (topics interleave like a news stream) or file (one run).")] = "shuffled",
    topics: Annotated[str, typer.Option(help="all, odd (the half thresholds were tuned on) or even (held out).")] = "all",
    per_topic: Annotated[bool, typer.Option("--per-topic", help="Print each topic's figures (one order: with --seeds 1).")] = False,
    data_set: Annotated[str, typer.Option("--set", help="ecbplus, or reactions (data/reactions through the real pipeline: one story per event?).")] = "ecbplus",
    json_out: JsonOption = False,
) -> None:
    """Story clustering on ECB+ news documents: B-cubed precision, recall and F1.

    ECB+ has no dates, so documents are fed in shuffled orders; one order's F1 moves by about
    0.01, so the figure is the mean over ``--seeds`` orders, each printed too.
    """
    from newsgraph.eval.clusters import evaluate_clusters, evaluate_orders, format_orders, format_report, topic_half

    if data_set == "reactions":
        from newsgraph.eval.clusters import evaluate_reaction_stories, format_reaction_stories

        found = evaluate_reaction_stories(_need(shared / "data" / "reactions", "the reactions development set is missing"))
        console.print(to_json(found) if json_out else format_reaction_stories(found), highlight=False, soft_wrap=True, markup=False)
        return
    if data_set != "ecbplus":
        raise BadQuery(f"--set {data_set!r}: choose ecbplus or reactions")

    if topics not in ("all", "odd", "even") or order not in ("shuffled", "file"):
        raise BadQuery(f"--topics {topics!r} --order {order!r}: choose --topics all|odd|even and --order shuffled|file")
    if seeds < 1:
        raise BadQuery(f"--seeds {seeds}: give how many shuffled orders to run, 1 or more")
    one_run = seeds == 1 or order == "file"
    if per_topic and not one_run:
        raise BadQuery("--per-topic shows one order's topics: add --seeds 1 (and --seed N to choose the order)")
    path = _need(shared / "data" / "clusters" / "ecbplus_documents.jsonl", "the ECB+ documents are missing")
    if one_run:
        result = evaluate_clusters(path, order=order, seed=seed, topics=topic_half(topics))
        text = to_json(result) if json_out else format_report(result, per_topic=per_topic)
    else:
        summary = evaluate_orders(path, seeds=range(seed, seed + seeds), topics=topic_half(topics))
        text = to_json(summary) if json_out else format_orders(summary)
    if json_out:
        sys.stdout.write(text + "\n")
    else:
        console.print(text, highlight=False, soft_wrap=True)


def _f(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}"


@eval_app.command("reactions")
def eval_reactions(
    shared: SharedOption = DEFAULT_SHARED,
    event: Annotated[list[str], typer.Option("--event", help="Only event folders whose name contains this (repeatable).")] = [],
    brief: Annotated[bool, typer.Option("--brief", help="Figures only, without every miss and wrong row.")] = False,
    json_out: JsonOption = False,
) -> None:
    """The reactions table on data/reactions: each event into a fresh database, scored at actor level."""
    from newsgraph.eval.reactions import render, run_eval_reactions

    root = _need(shared / "data" / "reactions", "the reactions development set is missing")
    report = run_eval_reactions(root, events=event or None)
    if not report["events"]:
        raise BadQuery(f"--event {event}: no event folder under {root} matches")
    if json_out:
        sys.stdout.write(to_json(report) + "\n")
    else:
        console.print(render(report, details=not brief), highlight=False, soft_wrap=True, markup=False)
