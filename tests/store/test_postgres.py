"""The same pipeline on a real PostgreSQL server: the store must not be tied to SQLite.

The test starts a throw-away server of its own (initdb + postgres on a Unix socket in a temp
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

import pytest

from newsgraph.pipeline import ingest
from newsgraph.store import Store
from newsgraph.store import search as search_mod
from tests.conftest import DEMO

pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")


def _server_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: drop to nobody when we are root."""
    if os.geteuid() == 0:
        return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return command


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
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


def _summary(store: Store) -> tuple:
    stories = sorted((s["articles"], s["sources"]) for s in store.stories())
    counts = tuple(len(store.records(kind)) for kind in ("actors", "quotes", "events", "stances"))
    return len(store.articles()), stories, counts


def test_postgres_holds_what_sqlite_holds(postgres_url, tmp_path):
    on_postgres = Store(postgres_url)
    first = ingest([DEMO], on_postgres)
    assert (first.new, first.failed) == (24, [])
    again = ingest([DEMO], on_postgres)
    assert (again.new, again.unchanged) == (0, 25)
    on_sqlite = Store(f"sqlite:///{tmp_path / 'same.db'}")
    ingest([DEMO], on_sqlite)
    assert _summary(on_postgres) == _summary(on_sqlite)
    tanker = on_postgres.articles_with_events_about("IRN")
    assert tanker == on_sqlite.articles_with_events_about("IRN") and tanker
    hits = search_mod.search(on_postgres, "Kalliope tanker")
    assert hits["total"] >= 1
    _same_web_reads(on_postgres, on_sqlite)


def _same_web_reads(pg: Store, lite: Store) -> None:
    """The queries the web server pages and counts with give on PostgreSQL what they give on SQLite."""
    for about in ("IRN", "iran", "Kalliope", "%", "zzqx"):
        for limit in (None, 2):
            assert pg.articles_with_events_about(about, limit=limit) == lite.articles_with_events_about(about, limit=limit), (about, limit)
    assert pg.actor_counts() == lite.actor_counts() and pg.actor_counts(sector="gov") == lite.actor_counts(sector="gov")
    for kind, filters in (("quotes", {"actor": "irn"}), ("events", {"type": "assault"}), ("stances", {"stance": "CONDEMN"}), ("actors", {})):
        assert pg.count_records(kind, **filters) == lite.count_records(kind, **filters)
        assert pg.records(kind, limit=5, offset=3, **filters) == lite.records(kind, limit=5, offset=3, **filters)
        assert pg.records(kind, limit=5, newest=True, **filters) == lite.records(kind, limit=5, newest=True, **filters)
    assert pg.stories(limit=2, offset=1) == lite.stories(limit=2, offset=1) and pg.count_stories() == lite.count_stories()
    percent = [a["id"] for a in lite.articles(text="%")]
    assert [a["id"] for a in pg.articles(text="%")] == percent and all("%" in a["text"] + (a["title"] or "") for a in lite.articles(text="%"))
    assert len(percent) < len(lite.articles())
    some = lite.articles(limit=1)[0]["id"]
    assert pg.article(some[:6])["id"] == some
    assert len(pg.data_stamp()) == len(lite.data_stamp()) == 7
