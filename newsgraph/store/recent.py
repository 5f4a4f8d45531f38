"""What is new: the articles stored since a moment (``articles.ingested_at``), by story, so a user
following a crisis sees what arrived since they last looked (``--since 2h``, the Atom feeds)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from newsgraph.errors import BadQuery
from newsgraph.store import schema

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 60}


def duration(value: str, option: str) -> float:
    """Seconds in "90s", "15m", "2h", "1d" (a bare number is minutes)."""
    match = _DURATION.match(value)
    if not match:
        raise BadQuery(f"{option} {value!r}: give a duration such as 90s, 15m, 2h or 1d")
    return float(match.group(1)) * _SECONDS[match.group(2)]


def moment(value: str, option: str = "--since") -> str:
    """A duration ago ("2h") or a date or time ("2026-03-05", "2026-03-05T08:00+00:00"), as the
    ISO 8601 UTC text ``ingested_at`` is compared with."""
    try:
        if _DURATION.match(value):
            ago = datetime.now(timezone.utc) - timedelta(seconds=duration(value, option))
            return ago.isoformat(timespec="seconds")
        given = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if given.tzinfo is None:
            given = given.replace(tzinfo=timezone.utc)
        return given.astimezone(timezone.utc).isoformat(timespec="seconds")
    except ValueError:
        raise BadQuery(f"{option} {value!r}: give a duration (30m, 2h, 1d) or a date (2026-03-05, 2026-03-05T08:00Z)") from None
    except OverflowError:  # "99999999d", or year 1 in a zone east of UTC
        raise BadQuery(f"{option} {value!r}: too far back; give a duration (30m, 2h, 1d) or a date (2026-03-05, 2026-03-05T08:00Z)") from None


def is_duration(value: str) -> bool:
    """Whether ``value`` is a span back from now ("2h"), not a fixed moment."""
    return bool(_DURATION.match(value))


def arrived_since(engine: sa.Engine, since: str, story_id: int | None = None) -> dict[int | None, list[str]]:
    """Ids of the articles stored since ``since``, oldest first, by story number."""
    a = schema.articles
    query = sa.select(a.c.id, a.c.story_id).where(a.c.ingested_at >= since).order_by(a.c.ingested_at, a.c.id)
    if story_id is not None:
        query = query.where(a.c.story_id == story_id)
    found: dict[int | None, list[str]] = defaultdict(list)
    with engine.connect() as conn:
        for row in conn.execute(query):
            found[row.story_id].append(row.id)
    return dict(found)


def stored_since(engine: sa.Engine, since: str, ids: list[str]) -> set[str]:
    """Which of these articles were stored since ``since``."""
    a = schema.articles
    found: set[str] = set()
    with engine.connect() as conn:
        for start in range(0, len(ids), 500):
            query = sa.select(a.c.id).where(a.c.ingested_at >= since, a.c.id.in_(ids[start : start + 500]))
            found.update(conn.scalars(query))
    return found


def new_reactions(result: dict[str, Any], recent: set[str]) -> dict[str, Any]:
    """A reactions table cut to the rows that an article in ``recent`` gives or confirms."""
    rows = [row for row in result["reactions"] if recent & set(row["articles"])]
    return {**result, "reactions": rows}


def newest_stored(engine: sa.Engine, limit: int, *, story_id: int | None = None, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """A story's articles (or these), the last stored first: what a feed lists."""
    a = schema.articles
    query = (
        sa.select(a.c.id, a.c.title, a.c.url, a.c.outlet, a.c.published, a.c.ingested_at)
        .order_by(a.c.ingested_at.desc(), a.c.published.desc().nulls_last(), a.c.id)  # stored in one second: newest news first
        .limit(limit)
    )
    if story_id is not None:
        query = query.where(a.c.story_id == story_id)
    if ids is not None:  # at most stories.data.MAX_ABOUT of them
        query = query.where(a.c.id.in_(ids))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]
