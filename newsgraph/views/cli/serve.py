"""`newsgraph serve`: the web pages and the JSON API, under uvicorn."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated, Optional

import typer

from newsgraph.errors import BadQuery
from newsgraph.store import resolve_url
from newsgraph.views.cli._app import DbOption, app, console


@app.command("serve")
def serve_cli(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on. Anything but loopback needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        Optional[str],
        typer.Option(envvar="NEWSGRAPH_TOKEN", show_envvar=True, help="Require this token on every request (Bearer header, or ?token= once in the browser)."),
    ] = None,
    allowed_hosts: Annotated[
        Optional[str],
        typer.Option(
            envvar="NEWSGRAPH_ALLOWED_HOSTS",
            show_envvar=True,
            help="Host names (comma-separated) this server answers to besides localhost and loopback addresses, "
            "e.g. the name a reverse proxy forwards. Without it, a server on a public address answers any name (the token guards it).",
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes (uvicorn --workers); each holds its own cache.")] = 1,
) -> None:
    """Serve the stories, articles and actors as web pages, and everything as JSON under /api."""
    import os

    import uvicorn

    from newsgraph.views.web.app import HOSTS_ENV, TOKEN_ENV, check_bind, create_app, is_loopback, parse_hosts

    check_bind(host, token)
    token = token.strip() if token else None
    hosts = parse_hosts(allowed_hosts)
    any_host = not is_loopback(host) and not hosts
    url = resolve_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise BadQuery(f"no database at {url.removeprefix('sqlite:///')}; read articles in first with `newsgraph ingest PATH`, or pass --db")
    _check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"newsgraph at http://{shown}:{port}/  (API reference at /docs{', token required' if token else ''}; Ctrl-C stops)", highlight=False)
    if workers == 1:
        uvicorn.run(create_app(url, token, hosts, any_host), host=host, port=port, log_level="warning")
        return
    # each worker process builds its own app from these (uvicorn can only start workers from an import string)
    os.environ.update({"NEWSGRAPH_DB": url, HOSTS_ENV: ",".join(hosts), "NEWSGRAPH_ANY_HOST": "1" if any_host else "0"})
    if token:
        os.environ[TOKEN_ENV] = token
    uvicorn.run("newsgraph.views.web.app:app_from_env", factory=True, host=host, port=port, workers=workers, log_level="warning")


def _check_port(host: str, port: int) -> None:
    """Say in one line why we cannot listen, instead of uvicorn's log of the bind error."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as err:
        raise BadQuery(f"--host {host}: not an address of this machine ({err.strerror})") from None
    with socket.socket(family, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as err:
            raise BadQuery(f"cannot listen on {host}:{port} ({err.strerror}); another server may be running there: pick another --port") from None
