"""A real PostgreSQL server for the tests that need one (the store, the batch load).

The fixture starts a throw-away server of its own (initdb + postgres on a Unix socket in a temp
folder, as an unprivileged user when run as root) and skips, saying why, where PostgreSQL's
server programs are not installed (`python3 dev.py test` installs them when it can).
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest


def _server_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: drop to nobody when we are root."""
    if os.geteuid() == 0:
        return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return command


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL server of our own; its ``postgres`` database's URL."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")
    initdb, server = _server_bin("initdb"), _server_bin("postgres")
    if not initdb or not server:
        pytest.skip("PostgreSQL server programs (initdb, postgres) are not installed")
    folder = Path(tempfile.mkdtemp(prefix="newsgraph-pg-"))
    folder.chmod(0o777)
    data = folder / "data"
    user = "nobody" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    subprocess.run(_as_user([initdb, "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8"]), check=True, capture_output=True)
    with socket.socket() as probe:  # a free port; the server listens only on its Unix socket
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    proc = subprocess.Popen(
        _as_user([server, "-D", str(data), "-k", str(folder), "-p", port, "-c", "listen_addresses="]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"postgresql+psycopg://{user}@/postgres?host={folder}&port={port}"
        deadline = time.time() + 30
        while not (folder / f".s.PGSQL.{port}").exists():
            if time.time() > deadline or proc.poll() is not None:
                pytest.skip("the PostgreSQL test server did not start")
            time.sleep(0.1)
        time.sleep(0.5)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)  # fast shutdown: pooled connections may still be open
        proc.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)




def fresh_database(server_url: str) -> str:
    """A new empty database on the test server; its URL."""
    import psycopg

    name = f"t{uuid4().hex[:12]}"
    conninfo = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.replace("/postgres?", f"/{name}?")
