"""What the fetcher remembers, in the database (tables ``fetches`` and ``robots``, store/schema.py),
so that a watcher stopped at any point, even by ``kill -9``, starts again where it was."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from newsgraph.store import schema

# After a failure a URL waits this long, doubled for each failure in a row, up to a day.
FIRST_WAIT = timedelta(minutes=15)
LONGEST_WAIT = timedelta(days=1)
# States of a URL whose page is in hand: never asked for again ("failed" ones are, at next_try).
KNOWN = ("fetched", "done", "seen")


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def get(engine: sa.Engine, url: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(schema.fetches).where(schema.fetches.c.url == url)).first()
    return dict(row._mapping) if row else None


def states(engine: sa.Engine, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The rows of these URLs, by URL (in chunks: SQLite takes some thousands of parameters)."""
    wanted, found = list(dict.fromkeys(urls)), {}
    f = schema.fetches
    with engine.connect() as conn:
        for start in range(0, len(wanted), 500):
            for row in conn.execute(sa.select(f).where(f.c.url.in_(wanted[start : start + 500]))):
                found[row.url] = dict(row._mapping)
    return found


def put(engine: sa.Engine, url: str, **values: Any) -> None:
    """Insert or update one URL's row, in its own transaction (committed before its page is used)."""
    f = schema.fetches
    with engine.begin() as conn:
        if conn.execute(sa.update(f).where(f.c.url == url).values(**values)).rowcount == 0:
            conn.execute(f.insert().values(url=url, **{"failures": 0, **values}))


def seen(engine: sa.Engine, urls: Iterable[str], article_id: str | None) -> None:
    """Other URLs of a page in hand (a redirect's target, its canonical link): not fetched again."""
    have = states(engine, urls)
    for url in dict.fromkeys(urls):
        if url not in have:
            put(engine, url, kind="page", state="seen", article_id=article_id, checked_at=stamp(now()))


def failed(engine: sa.Engine, url: str, kind: str, reason: str, *, wait: timedelta | None = None, http_status: int | None = None) -> str:
    """Record a failure; returns when the URL will be tried again."""
    row = get(engine, url)
    count = (row["failures"] if row else 0) + 1
    wait = wait if wait is not None else min(FIRST_WAIT * 2 ** (count - 1), LONGEST_WAIT)
    at = stamp(now() + wait)
    values = {"kind": kind, "failures": count, "next_try": at, "reason": reason, "checked_at": stamp(now())}
    if http_status is not None:
        values["http_status"] = http_status
    if row is None or row["state"] not in ("done", "fetched"):  # a feed read before keeps its validators
        values["state"] = "failed"
    put(engine, url, **values)
    return at


def unfinished(engine: sa.Engine) -> list[dict[str, Any]]:
    """Responses archived but not yet through the pipeline when the last round stopped."""
    f = schema.fetches
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(f).where(f.c.state == "fetched").order_by(f.c.fetched_at, f.c.url))]


def finish(engine: sa.Engine) -> int:
    """Every response archived in this round is now stored: mark them done."""
    f = schema.fetches
    with engine.begin() as conn:
        return conn.execute(sa.update(f).where(f.c.state == "fetched").values(state="done")).rowcount


def forget_pending(engine: sa.Engine, urls: list[str]) -> None:
    """Take URLs off the list to fetch: their pages are in hand (or they cannot be fetched)."""
    p = schema.pending_urls
    with engine.begin() as conn:
        for start in range(0, len(urls), 500):
            conn.execute(sa.delete(p).where(p.c.url.in_(urls[start : start + 500])))


def of_article(engine: sa.Engine, article_id: str) -> list[dict[str, Any]]:
    """Where and when an article was fetched: its own responses, first first."""
    f = schema.fetches
    query = sa.select(f).where(f.c.article_id == article_id, f.c.fetched_at.is_not(None)).order_by(f.c.fetched_at, f.c.url)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def robots(engine: sa.Engine, key: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(schema.robots).where(schema.robots.c.origin == key)).first()
    return dict(row._mapping) if row else None


def keep_robots(engine: sa.Engine, key: str, rule: str, body: str, fetched_at: str) -> None:
    r = schema.robots
    with engine.begin() as conn:
        conn.execute(sa.delete(r).where(r.c.origin == key))
        conn.execute(r.insert().values(origin=key, rule=rule, body=body, fetched_at=fetched_at))
