"""`newsgraph articles` and `newsgraph show`: look at what is stored."""

from __future__ import annotations

import sys
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from newsgraph.extract import can_analyse, not_analysed_reason
from newsgraph.store import Store
from newsgraph.views.cli._app import DbOption, FormatOption, app, console
from newsgraph.views.output import Format, emit, to_json
from newsgraph.watch import state as fetch_state

ARTICLE_COLUMNS = ["id", "published", "outlet", "language", "title", "story_id", "duplicate_of"]
LEAD_CHARS = 90


@app.command("articles")
def articles_cli(
    db: DbOption = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only this outlet (case-insensitive).")] = None,
    since: Annotated[Optional[str], typer.Option(help="Published on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Published on or before this date (YYYY-MM-DD).")] = None,
    text: Annotated[Optional[str], typer.Option(help="Title or body contains this text.")] = None,
    language: Annotated[Optional[str], typer.Option(help="Only articles in this language (ISO 639-1: en, es).")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="At most this many.")] = None,
    with_text: Annotated[bool, typer.Option("--with-text", help="Include the body text (json and csv).")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """List stored articles, newest first."""
    rows = Store(db).articles(outlet=outlet, since=since, until=until, text=text, limit=limit, language=language)
    for row in rows:
        body = row.pop("text")
        row["lead"] = _lead(body)
        if with_text:
            row["text"] = body
        if fmt is Format.table and not row["title"]:
            row["title"] = f"(untitled) {row['lead']}"
    emit(console, rows, fmt, ARTICLE_COLUMNS, widths={"title": 60})


@app.command("show")
def show_cli(
    article_id: Annotated[str, typer.Argument(help="An article id (a unique prefix is enough).")],
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show one article: metadata, captions, where it was found, and its text."""
    store = Store(db)
    article = store.article(article_id)
    counts = {kind: len(store.records(kind, article["id"])) for kind in ("actors", "quotes", "events", "stances")}
    fetched = fetch_state.of_article(store.engine, article["id"])
    if fmt is not Format.table:
        sys.stdout.write(to_json({**article, "extracted": counts, "fetched": [_fetched(row) for row in fetched]}) + "\n")
        return
    head = [f"[bold]{escape(article['title'] or '(untitled)')}[/bold]"]
    for key in ("id", "outlet", "published", "updated", "byline", "url", "language", "format", "duplicate_of", "story_id"):
        if article.get(key) is not None:
            head.append(f"[dim]{key}:[/dim] {escape(str(article[key]))}")
    head.append("[dim]found at:[/dim] " + escape(", ".join(article["locations"])))
    for row in fetched:
        where = _fetched(row)
        via = f" (asked for {where['asked']})" if where["asked"] != where["url"] else ""
        head.append(f"[dim]fetched:[/dim] {where['at']} from {escape(where['url'])}{escape(via)}, HTTP {where['status']}; kept in {escape(where['warc'])}")
    if article["copies"]:
        head.append("[dim]near-duplicate copies:[/dim] " + ", ".join(article["copies"]))
    head.append("[dim]extracted:[/dim] " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    if not article.get("analyzed") and not can_analyse(article.get("language")):
        head.append("[yellow]not analysed:[/yellow] " + escape(not_analysed_reason(article.get("language"))))
    console.print("\n".join(head), highlight=False)
    for caption in article["captions"]:
        credit = f" [dim]({escape(caption['credit'])})[/dim]" if caption["credit"] else ""
        console.print(f"[italic]Caption:[/italic] {escape(caption['text'])}{credit}", highlight=False)
    console.print(Panel(Text(article["text"]), expand=False), highlight=False)


def _fetched(row: dict[str, Any]) -> dict[str, Any]:
    """When and from where an article was fetched, and where its answer is archived."""
    return {
        "at": row["fetched_at"],
        "url": row["final_url"] or row["url"],
        "asked": row["url"],
        "status": row["http_status"],
        "warc": f"{row['warc_file']} at offset {row['warc_offset']}",
    }


def _lead(text: str) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= LEAD_CHARS else first[: LEAD_CHARS - 1].rstrip() + "…"


def article_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in ARTICLE_COLUMNS}
