"""The Typer app and the options every command shares."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console

from newsgraph.views.output import Format

app = typer.Typer(
    name="newsgraph",
    help="Turn news articles into a source-linked picture of world events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", help="Database: a SQLite file path or a SQLAlchemy URL. Default: $NEWSGRAPH_DB or ./newsgraph.db"),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
