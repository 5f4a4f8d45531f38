"""`newsgraph stories|reactions|timeline|compare|network|export`: the story-level views."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape

from newsgraph.errors import BadQuery
from newsgraph.store import Store, recent
from newsgraph.stories import compare as compare_mod
from newsgraph.stories import network as network_mod
from newsgraph.stories import timeline as timeline_mod
from newsgraph.stories.data import StoryData, event_about, select
from newsgraph.stories.reactions import headline, more_statements, reactions, to_markdown
from newsgraph.views import export as export_mod
from newsgraph.views.cli._app import DbOption, FormatOption, app, console
from newsgraph.views.output import Format, emit, to_csv, to_json

StoryOption = Annotated[Optional[int], typer.Option("--story", help="A story id (see `newsgraph stories`).")]
EVIDENCE_CHARS = 110
AboutOption = Annotated[Optional[str], typer.Option("--about", help="Events whose source, target or words match this text, across all stories.")]


SinceOption = Annotated[Optional[str], typer.Option("--since", help="Only what arrived since: 30m, 2h, 1d, or a date or time (2026-03-05T08:00Z).")]


@app.command("stories")
def stories_cli(
    db: DbOption = None, limit: Annotated[Optional[int], typer.Option(min=1)] = None, since: SinceOption = None, fmt: FormatOption = Format.table
) -> None:
    """Stories: articles grouped across outlets and days, newest first, with source counts."""
    store = Store(db)
    rows = store.stories()
    columns = ["id", "title", "dates", "articles", "sources", "outlets"]
    if since is not None:  # only stories that grew since then, with how many articles are new
        arrived = recent.arrived_since(store.engine, recent.moment(since))
        rows = [{**r, "new": len(arrived[r["id"]])} for r in rows if r["id"] in arrived]
        columns.insert(4, "new")
    rows = rows[:limit]
    if fmt is Format.table:
        rows = [{**r, "dates": _date_range(r["first_date"], r["last_date"])} for r in rows]
    emit(console, rows, fmt, columns, widths={"title": 60})


def _date_range(first: str | None, last: str | None) -> str:
    first, last = (first or "?")[:10], (last or "?")[:10]
    return first if first == last else f"{first} → {last[5:] if last[:4] == first[:4] else last}"


@app.command("reactions")
def reactions_cli(
    db: DbOption = None,
    story: StoryOption = None,
    about: AboutOption = None,
    largest: Annotated[bool, typer.Option("--largest", help="The story with the most independent sources.")] = False,
    since: SinceOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or markdown.")] = "table",
) -> None:
    """Who reacted how: one row per country or organisation, its stance, sources and evidence."""
    if fmt not in ("table", "json", "csv", "markdown"):
        raise BadQuery(f"--format {fmt!r}: choose table, json, csv or markdown")
    store = Store(db)
    if largest:
        ranked = sorted(store.stories(), key=lambda s: (-s["sources"], -s["articles"], s["id"]))
        if not ranked:
            raise BadQuery("no stories yet; ingest some articles first")
        story = ranked[0]["id"]
    data, label = select(store, story, about)
    result = reactions(data, about)
    if since is not None:  # the rows an article stored since then gives or confirms
        moment = recent.moment(since)
        arrived = {aid for ids in recent.arrived_since(store.engine, moment).values() for aid in ids}
        result = {**recent.new_reactions(result, arrived), "since": moment}
        label = f"{label}; new since {moment}"
    if fmt == "json":
        sys.stdout.write(to_json(result) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(to_markdown(result))
    elif fmt == "csv":
        sys.stdout.write(to_csv([_flat_reaction(r) for r in result["reactions"]]))
    else:
        console.print(f"[bold]Reactions to {escape(headline(result['focal']))}[/bold] ({escape(label)})", highlight=False)
        emit(console, [_table_reaction(r) for r in result["reactions"]], Format.table, ["actor", "stance", "sources", "evidence"])


def _table_reaction(row: dict[str, Any]) -> dict[str, Any]:
    """A compact row for a terminal: people under the actor, other views under the stance."""
    first = row["evidence"][0] if row["evidence"] else {}
    stance = row["stance"] + "".join(f"\nalso {a}" for a in row["also"])
    if row.get("outlet_says"):
        stance += "\noutlet: " + ", ".join(sorted({o["stance"] for o in row["outlet_says"]}))
    quote = first.get("text", "")
    quote = quote if len(quote) <= EVIDENCE_CHARS else quote[: EVIDENCE_CHARS - 1].rstrip() + "…"
    return {
        "actor": f"{row['actor']['name']} ({row['actor']['code']})" + "".join(f"\n{p}" for p in row["people"]),
        "stance": stance,
        "sources": row["sources"],
        "evidence": (f"“{quote}” [{first.get('article', '')[:8]}]" + more_statements(row)) if first else "",
    }


def _flat_reaction(row: dict[str, Any]) -> dict[str, Any]:
    first = row["evidence"][0] if row["evidence"] else {}
    return {
        "actor": f"{row['actor']['name']} ({row['actor']['code']})",
        "stance": row["stance"],
        "also": ", ".join(row["also"]),
        "sources": row["sources"],
        "articles": " ".join(row["articles"]),
        "people": ", ".join(row["people"]),
        "evidence": f"“{first.get('text', '')}” [{first.get('article', '')[:8]}]" if first else "",
        "note": row.get("note", ""),
    }


@app.command("timeline")
def timeline_cli(
    db: DbOption = None,
    story: StoryOption = None,
    about: AboutOption = None,
    draw: Annotated[Optional[Path], typer.Option("--draw", help="Also draw it to this .png or .svg file.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Dated events in order, each once, with its date kind, source count and evidence."""
    data, label = select(Store(db), story, about)
    if about:
        data.events = [e for e in data.events if event_about(e, about)]
    rows = timeline_mod.timeline(data)
    shown = rows if fmt is not Format.table else [{**r, "evidence": r["evidence"]["text"]} for r in rows]
    emit(console, shown, fmt, ["date", "date_kind", "type", "mode", "source", "target", "sources", "evidence"], widths={"evidence": 60})
    if draw:
        _check_image(draw)
        timeline_mod.draw(rows, draw, title=f"Timeline, {label}")
        console.print(f"drawn to {draw}", highlight=False) if fmt is Format.table else None


@app.command("compare")
def compare_cli(db: DbOption = None, story: StoryOption = None, fmt: FormatOption = Format.table) -> None:
    """How each outlet tells the story: shared facts, facts only it reports, whom it quotes, its own words."""
    data, label = select(Store(db), story, None)
    result = compare_mod.compare(data)
    if fmt is Format.json:
        sys.stdout.write(to_json(result) + "\n")
        return
    rows = [
        {
            "outlet": o["outlet"],
            "articles": len(o["articles"]),
            "shared": "; ".join(f["fact"] for f in o["shared"]),
            "only here": "; ".join(f["fact"] for f in o["only_here"]),
            "quotes": ", ".join(q["speaker"] for q in o["quotes"]),
            "own words": ", ".join(f"{w} ×{n}" for w, n in o["framing"].items()),
        }
        for o in result["outlets"]
    ]
    emit(console, rows, fmt, ["outlet", "articles", "shared", "only here", "quotes", "own words"], title=f"Comparison, {label}")


@app.command("network")
def network_cli(
    db: DbOption = None,
    story: StoryOption = None,
    since: Annotated[Optional[str], typer.Option(help="Events dated on or after (YYYY-MM-DD), across all stories.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Events dated on or before (YYYY-MM-DD).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json or graphml.")] = "json",
    out: Annotated[Optional[Path], typer.Option("--out", help="Write to this file instead of standard output.")] = None,
    draw: Annotated[Optional[Path], typer.Option("--draw", help="Also draw it to this .png or .svg file.")] = None,
) -> None:
    """The actor network: who acts on whom, edges weighted cooperation (+) against conflict (-)."""
    if fmt not in ("json", "graphml"):
        raise BadQuery(f"--format {fmt!r}: choose json or graphml")
    store = Store(db)
    if story is not None:
        data, label = select(store, story, None)
    elif since or until:
        events = store.records("events", since=since, until=until)
        data, label = StoryData(articles=[], events=events), f"{since or '…'} to {until or '…'}"
    else:
        raise BadQuery("say which events: --story ID, or --since/--until dates")
    graph = network_mod.network(data)
    if fmt == "graphml":
        target = out or Path("network.graphml")
        network_mod.to_graphml(graph, target)
        console.print(f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} relations written to {target}", highlight=False)
    elif out:
        out.write_text(to_json(network_mod.to_json(graph)), encoding="utf-8")
    else:
        sys.stdout.write(to_json(network_mod.to_json(graph)) + "\n")
    if draw:
        _check_image(draw)
        network_mod.draw(graph, draw, title=f"Actor network, {label}")


@app.command("export")
def export_cli(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, csv, parquet or gdelt.")] = "json",
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("export"),
    table: Annotated[Optional[list[str]], typer.Option("--table", help="Only these tables (repeat): " + ", ".join(export_mod.TABLES))] = None,
) -> None:
    """Export articles, actors, quotes, events, stances and stories; `gdelt` writes a GDELT 2.0-style event table."""
    written = export_mod.export(Store(db), fmt, out, tuple(table) if table else export_mod.TABLES)
    for path in written:
        console.print(f"wrote {path}", highlight=False)


def _check_image(path: Path) -> None:
    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise BadQuery(f"{path}: drawings are written as .png, .svg or .pdf; change the file name")
