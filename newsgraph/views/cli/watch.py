"""`newsgraph fetch` and `newsgraph watch`: fetch from the web, politely and safely (newsgraph/watch/)."""

from __future__ import annotations

import functools
import inspect
import ipaddress
import sys
import time
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import sqlalchemy as sa
import typer
from rich.markup import escape

from newsgraph.errors import BadQuery, NewsgraphError
from newsgraph.ingest.limits import one_line
from newsgraph.store import Store
from newsgraph.store.recent import duration
from newsgraph.views.cli._app import DbOption, app, console, err_console
from newsgraph.views.cli.ingest import print_summary
from newsgraph.views.output import to_json
from newsgraph.watch.net import EVERYWHERE, Limits, Network
from newsgraph.watch.rounds import RoundReport, Settings, run_round
from newsgraph.watch.urls import read_sources

MIN_EVERY = 60.0  # a feed polled more often than once a minute gains nothing and costs its host


_FETCH_OPTIONS = {
    "allow_private": (bool, False, typer.Option("--allow-private", help="Fetch from private, loopback and link-local addresses too (your own network; off by default).")),
    "allow_network": (Optional[list[str]], None, typer.Option("--allow-network", help="Fetch from this private range only, e.g. 10.1.0.0/16 (repeat for more).")),
    "delay": (float, 1.0, typer.Option(min=0, help="Seconds between two requests to one host (robots.txt Crawl-delay wins when longer).")),
    "per_host": (int, 1, typer.Option(min=1, max=8, help="Requests to one host at once.")),
    "workers": (int, 4, typer.Option(min=1, max=32, help="Requests at once, all hosts together.")),
    "timeout": (float, 20.0, typer.Option(min=0.1, help="Seconds to wait for a connection or for the next bytes of an answer.")),
    "retries": (int, 2, typer.Option(min=0, max=5, help="Tries again after a 429, a 5xx, a timeout or a dropped connection.")),
    "backoff": (float, 2.0, typer.Option(min=0, help="Seconds before the first retry, doubled for each next one.")),
    "max_mb": (float, 8.0, typer.Option("--max-mb", min=0.01, help="Largest answer read, in MB, as sent and decompressed.")),
    "warc": (Optional[Path], None, typer.Option("--warc", help="Folder of the WARC files. Default: beside the database (newsgraph.db.warc/).")),
    "extract": (bool, True, typer.Option("--extract/--no-extract", help="Run extraction as articles are stored.")),
}


def fetch_options(command: Callable[..., int]) -> Callable[..., int]:
    """``command`` with the options every fetching command shares added to its signature; it is
    called with them gathered in one ``settings`` argument."""
    hints = typing.get_type_hints(command, include_extras=True)
    own = [p.replace(annotation=hints[p.name]) for p in inspect.signature(command).parameters.values() if p.name != "settings"]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[kind, option], default=default)
        for name, (kind, default, option) in _FETCH_OPTIONS.items()
    ]

    @functools.wraps(command)
    def run(**given: Any) -> int:
        options = {name: given.pop(name) for name in _FETCH_OPTIONS}
        return command(settings=_settings(**options), **given)

    run.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in run.__signature__.parameters.values()}  # type: ignore[attr-defined]
    return run


def _settings(allow_private: bool, allow_network: list[str] | None, delay: float, per_host: int, workers: int, timeout: float,
              retries: int, backoff: float, max_mb: float, warc: Path | None, extract: bool) -> Settings:  # fmt: skip
    limits = Limits(timeout=timeout, deadline=max(3 * timeout, 1.0), max_bytes=int(max_mb * 1024 * 1024), retries=retries, backoff=backoff)
    allowed = EVERYWHERE if allow_private else _networks(allow_network or [])
    return Settings(limits=limits, delay=delay, per_host=per_host, workers=workers, allowed=allowed, extract=extract, warc=warc)


def _networks(given: list[str]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(n.strip(), strict=False) for n in given)
    except ValueError as err:
        raise BadQuery(f"--allow-network: {err}; give a range such as 10.1.0.0/16 or 127.0.0.1") from None


Json = Annotated[bool, typer.Option("--json", help="Print each round's report as JSON.")]


@app.command("fetch")
@fetch_options
def fetch_cli(settings: Settings, db: DbOption = None, json_out: Json = False) -> int:
    """Fetch the URLs that feeds only linked to (see `ingest`), and store their articles."""
    store = Store(db)
    report = run_round(store, [], settings)
    _print(report, store.url, json_out)
    return 1 if report.failed else 0


@app.command("watch")
@fetch_options
def watch_cli(
    settings: Settings,
    sources: Annotated[list[str], typer.Argument(help="Feed or page URLs, files listing them one per line, OPML files.")],
    every: Annotated[str, typer.Option(help="Time between rounds: 90s, 15m, 2h, 1d.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="One round, then exit (for cron and systemd timers).")] = False,
    db: DbOption = None,
    json_out: Json = False,
) -> int:
    """Poll feeds and pages, fetch each new article, and store it: stories grow as news arrives."""
    urls = read_sources(sources)
    pause = duration(every, "--every")
    if pause < MIN_EVERY and not once:
        raise BadQuery(f"--every {every}: at least {MIN_EVERY:g} s between rounds, to spare the sites you read")
    store = Store(db)
    while True:
        started = time.monotonic()
        try:
            report = run_round(store, urls, settings)
        except (NewsgraphError, sa.exc.OperationalError, OSError) as err:  # a busy or full disk: the next round may do
            if once:
                raise
            reason = err.message if isinstance(err, NewsgraphError) else f"{type(err).__name__}: {err}"
            err_console.print(f"[yellow]round stopped:[/yellow] {escape(one_line(reason))}; next round in {pause:g} s", highlight=False, soft_wrap=True)
        else:
            _print(report, store.url, json_out)
            if once:
                return 1 if report.failed else 0
        time.sleep(max(0.0, pause - (time.monotonic() - started)))


def _print(report: RoundReport, url: str, json_out: bool) -> None:
    if json_out:
        sys.stdout.write(to_json(report.to_dict()) + "\n")
        sys.stdout.flush()
        return
    console.print(
        f"[bold]round[/bold] {report.started}  [bold]requests[/bold] {report.requests}  [bold]unchanged (304)[/bold] {report.not_modified}  "
        f"[bold]answers kept[/bold] {report.fetched}  [bold]re-read from the archive[/bold] {report.replayed}",
        highlight=False,
    )
    print_summary(report.ingest, url)
    for problem in report.failed:
        err_console.print(f"[red]fetch failed[/red] {escape(problem.url)}: {escape(problem.reason)}; next try {problem.next_try or 'when it is given again'}", highlight=False, soft_wrap=True)
    for problem in report.waiting:
        console.print(f"[dim]waiting {escape(problem.url)} until {problem.next_try} ({escape(problem.reason)})[/dim]", highlight=False, soft_wrap=True)
