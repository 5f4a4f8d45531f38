"""`newsgraph actors|quotes|events|stances`: the extracted records, each with its evidence."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from newsgraph.store import Store
from newsgraph.stories.data import roll_up
from newsgraph.views.cli._app import DbOption, FormatOption, app, console
from newsgraph.views.output import Format, emit

ArticleOption = Annotated[Optional[str], typer.Option("--article", help="Only this article (an id or unique prefix).")]
ActorOption = Annotated[Optional[str], typer.Option("--actor", help="Actor code: ISO alpha-3 (RUS) or organisation (EU).")]
LimitOption = Annotated[Optional[int], typer.Option(min=1, help="At most this many rows.")]
WIDE = {"text": 60, "content": 70, "evidence": 60, "name": 28}


@app.command("actors")
def actors_cli(
    db: DbOption = None,
    actor: ActorOption = None,
    sector: Annotated[Optional[str], typer.Option(help="Sector code: GOV, MIL, JUD, LEG, OPP, ...")] = None,
    article: ArticleOption = None,
    mentions: Annotated[bool, typer.Option("--mentions", help="List every mention instead of one row per actor.")] = False,
    limit: LimitOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Actors named in the articles: countries, organisations and people, with their codes."""
    rows = Store(db).records("actors", article, actor=actor, sector=sector)
    if mentions:
        emit(console, rows[:limit], fmt, ["article", "start", "end", "text", "name", "actor", "sector", "role", "kind"], widths=WIDE)
        return
    emit(console, roll_up(rows)[:limit], fmt, ["actor", "name", "sector", "role", "mentions", "articles"], widths=WIDE)


@app.command("quotes")
def quotes_cli(
    db: DbOption = None,
    actor: ActorOption = None,
    speaker: Annotated[Optional[str], typer.Option(help="Speaker name contains this text.")] = None,
    article: ArticleOption = None,
    direct: Annotated[Optional[bool], typer.Option("--direct/--indirect", help="Only direct or only indirect quotes.")] = None,
    limit: LimitOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Who said what: direct and reported speech, with speaker, cue and the exact words."""
    rows = Store(db).records("quotes", article, contains={"speaker": speaker}, actor=actor, direct=direct)[:limit]
    emit(console, rows, fmt, ["article", "speaker", "cue", "direct", "content"], widths=WIDE)


@app.command("events")
def events_cli(
    db: DbOption = None,
    type_: Annotated[Optional[str], typer.Option("--type", help="POLECAT type: ASSAULT, ACCUSE, CONSULT, ...")] = None,
    source: Annotated[Optional[str], typer.Option(help="Source actor code.")] = None,
    target: Annotated[Optional[str], typer.Option(help="Target actor code.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Event date on or after (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Event date on or before (YYYY-MM-DD).")] = None,
    article: ArticleOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Who did what to whom and when, coded in POLECAT types, each with its sentence."""
    rows = Store(db).records("events", article, since=since, until=until, type=type_, source_actor=source, target_actor=target)[:limit]
    if fmt is Format.table:
        rows = [{**r, "date": f"{r['date']['value'] or '?'} ({r['date']['kind']})"} for r in rows]
    emit(console, rows, fmt, ["article", "date", "type", "mode", "source", "target", "reported_by", "evidence"], widths=WIDE)


@app.command("stances")
def stances_cli(
    db: DbOption = None,
    actor: ActorOption = None,
    stance: Annotated[Optional[str], typer.Option(help="support, condemn, concern, mixed or neutral.")] = None,
    article: ArticleOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Where each government or organisation stands on an article's focal event."""
    rows = Store(db).records("stances", article, actor=actor, stance=stance)[:limit]
    if fmt is Format.table:
        rows = [{**r, "by": "outlet" if r["characterised_by_outlet"] else "own words"} for r in rows]
    emit(console, rows, fmt, ["article", "actor", "stance", "by", "toward", "evidence"], widths=WIDE)
