"""The same pipeline on a real PostgreSQL server: the store must not be tied to SQLite.

The server is a throw-away one of the tests' own (tests/postgres_server.py); the test skips,
saying why, where PostgreSQL's server programs are not installed.
"""

from __future__ import annotations

import pytest

from newsgraph.pipeline import ingest
from newsgraph.store import Store
from newsgraph.store import search as search_mod
from tests.conftest import DEMO

pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def postgres_url(postgres_server: str) -> str:
    return postgres_server


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
