"""The command line: thin Typer wrappers that parse options and call the pipeline's functions."""

from __future__ import annotations

import logging
import os
import sys

import click
import typer
from rich.markup import escape

from newsgraph.errors import NewsgraphError
from newsgraph.views.cli._app import app, err_console
from newsgraph.views.cli import ingest, batch, watch, browse, records, stories, evaluate, serve  # noqa: F401,I001  (registers commands, in help order)

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: every error a user can cause ends as one line on stderr, never a traceback."""
    logging.basicConfig(level=logging.DEBUG if os.environ.get("NEWSGRAPH_DEBUG") else logging.ERROR)
    command = typer.main.get_command(app)
    try:
        result = command.main(standalone_mode=False, prog_name="newsgraph")
    except NewsgraphError as err:
        err_console.print(f"[bold red]Error:[/bold red] {escape(err.message)}", highlight=False, soft_wrap=True)
        sys.exit(err.exit_code)
    except (typer.Abort, click.exceptions.Abort):
        err_console.print("Aborted.")
        sys.exit(130)
    except typer.Exit as err:
        sys.exit(err.exit_code)
    except (typer.TyperException, click.ClickException) as err:  # usage errors: typer ships its own click
        err.show()
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        err_console.print("Interrupted; what was committed is kept, run the command again to resume.")
        sys.exit(130)
    except Exception as err:
        if os.environ.get("NEWSGRAPH_DEBUG"):
            raise
        err_console.print(f"[bold red]Internal error:[/bold red] {type(err).__name__}: {escape(str(err))} (set NEWSGRAPH_DEBUG=1 for details)", highlight=False, soft_wrap=True)
        sys.exit(70)
    sys.exit(result if isinstance(result, int) else 0)
