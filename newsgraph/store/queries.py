"""Reading the store: the queries behind every command, page and export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from newsgraph.errors import BadQuery, NotFound
from newsgraph.store import schema


class Reads:
    """Read methods of ``Store``; ``self.engine`` is its SQLAlchemy engine."""

    engine: sa.Engine

    def count(self, table: str = "articles") -> int:
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(sa.func.count()).select_from(schema.metadata.tables[table])) or 0

    def articles(
        self,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        a = schema.articles
        query = sa.select(*[c for c in a.c if c.name not in ("minhash", "text")], a.c.text)
        if outlet:
            query = query.where(sa.func.lower(a.c.outlet) == outlet.lower())
        if since:
            query = query.where(a.c.published >= _check_date(since, "--since"))
        if until:
            # a date-only bound includes that whole day
            query = query.where(a.c.published < _check_date(until, "--until") + "\uffff")
        if text:
            pattern = f"%{text.lower()}%"
            query = query.where(sa.or_(sa.func.lower(a.c.text).like(pattern), sa.func.lower(a.c.title).like(pattern)))
        query = query.order_by(a.c.published.desc().nulls_last(), a.c.id).offset(offset)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def article(self, article_id: str) -> dict[str, Any]:
        a = schema.articles
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(a).where(a.c.id.startswith(article_id.lower())).limit(2)).all()
            if not rows:
                raise NotFound(f"no article with id {article_id!r}; list ids with `newsgraph articles`")
            if len(rows) > 1:
                raise BadQuery(f"{article_id!r} matches more than one article; give more of the id")
            found = dict(rows[0]._mapping)
            found.pop("minhash", None)
            c, loc = schema.captions, schema.locations
            found["captions"] = [
                {"text": r.text, "credit": r.credit}
                for r in conn.execute(sa.select(c).where(c.c.article_id == found["id"]).order_by(c.c.position))
            ]
            found["locations"] = sorted(conn.scalars(sa.select(loc.c.location).where(loc.c.article_id == found["id"])))
            found["copies"] = sorted(conn.scalars(sa.select(a.c.id).where(a.c.duplicate_of == found["id"])))
        return found

    def records(
        self,
        kind: str,
        article_id: str | None = None,
        article_ids: Iterable[str] | None = None,
        contains: dict[str, str | None] | None = None,
        since: str | None = None,
        until: str | None = None,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Extracted records of one kind (actors, quotes, events, stances), each with its article id.

        ``filters`` match columns exactly (case-insensitive); ``contains`` matches a substring;
        ``since``/``until`` bound the event date.
        """
        table = schema.RECORD_TABLES[kind]
        query = sa.select(table.c.article_id, table.c.record)
        if article_id:
            query = query.where(table.c.article_id.startswith(article_id.lower()))
        if article_ids is not None:
            query = query.where(table.c.article_id.in_(list(article_ids)))
        for name, value in filters.items():
            if value is None:
                continue
            if isinstance(value, bool):
                query = query.where(table.c[name].is_(value))
            else:
                query = query.where(sa.func.upper(table.c[name]) == str(value).upper())
        for name, value in (contains or {}).items():
            if value:
                query = query.where(sa.func.lower(table.c[name]).like(f"%{value.lower()}%"))
        if since:
            query = query.where(table.c.date >= _check_date(since, "--since")[:10])
        if until:
            query = query.where(table.c.date <= _check_date(until, "--until")[:10])
        query = query.order_by(table.c.article_id, table.c.position)
        with self.engine.connect() as conn:
            return [{"article": row.article_id, **row.record} for row in conn.execute(query)]

    def articles_by_id(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        a = schema.articles
        wanted = list(ids)
        query = sa.select(*[c for c in a.c if c.name != "minhash"]).where(a.c.id.in_(wanted)).order_by(a.c.published, a.c.id)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def articles_with_events_about(self, about: str) -> list[str]:
        """Ids of articles with an event whose actors or words mention ``about``."""
        e = schema.events
        pattern = f"%{about.lower()}%"
        query = sa.select(e.c.article_id).distinct().where(
            sa.or_(
                sa.func.lower(e.c.text).like(pattern),
                sa.func.lower(e.c.source_actor) == about.lower(),
                sa.func.lower(e.c.target_actor) == about.lower(),
                sa.func.lower(sa.cast(e.c.record, sa.Text)).like(f'%"name": "%{about.lower()}%'),
            )
        )
        with self.engine.connect() as conn:
            return sorted(conn.scalars(query))

    # -- stories -------------------------------------------------------------

    def story_states(self, since: str | None = None) -> list[dict[str, Any]]:
        """Stored clusterer state of the stories whose last article is on or after ``since``."""
        st = schema.stories
        query = sa.select(st.c.state).order_by(st.c.id)
        if since:
            query = query.where(sa.or_(st.c.last_date >= since, st.c.last_date.is_(None)))
        with self.engine.connect() as conn:
            return [row.state for row in conn.execute(query) if row.state]

    def story_of(self, article_id: str) -> tuple[int, str] | None:
        """The story (number and clusterer key) an article is in."""
        a, st = schema.articles, schema.stories
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(st.c.id, st.c.key).join(a, a.c.story_id == st.c.id).where(a.c.id == article_id)).first()
        return (row.id, row.key) if row else None

    def latest_story_date(self) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(sa.func.max(schema.stories.c.last_date)))

    def stories(self) -> list[dict[str, Any]]:
        """Stories newest first, with how many articles, independent sources and outlets each has."""
        a, st = schema.articles, schema.stories
        original = sa.func.coalesce(a.c.duplicate_of, a.c.id)
        query = (
            sa.select(
                st.c.id,
                st.c.title,
                st.c.first_date,
                st.c.last_date,
                sa.func.count(a.c.id).label("articles"),
                sa.func.count(sa.distinct(original)).label("sources"),
                sa.func.count(sa.distinct(a.c.outlet)).label("outlets"),
            )
            .join(a, a.c.story_id == st.c.id)
            .group_by(st.c.id, st.c.title, st.c.first_date, st.c.last_date)
            .order_by(st.c.last_date.desc().nulls_last(), st.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def story(self, story_id: int) -> dict[str, Any]:
        a, st = schema.articles, schema.stories
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(st.c.id, st.c.title, st.c.first_date, st.c.last_date).where(st.c.id == story_id)).first()
            if row is None:
                into = self.story_taken_into(story_id)
                if into is not None:
                    raise NotFound(f"story {story_id} was taken into story {into}, which now holds its article; use {into}")
                raise NotFound(f"no story {story_id}; list stories with `newsgraph stories`")
            found = dict(row._mapping)
            found["articles"] = list(conn.scalars(sa.select(a.c.id).where(a.c.story_id == story_id).order_by(a.c.published, a.c.id)))
        return found

    def story_taken_into(self, story_id: int) -> int | None:
        """The story a (one-article) story was taken into, if it was; None otherwise."""
        merges = schema.story_merges
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(merges.c.into_id).where(merges.c.story_id == story_id))

    def pending(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(schema.pending_urls).order_by(schema.pending_urls.c.url))]


def _check_date(value: str, option: str) -> str:
    from newsgraph.ingest.base import iso_datetime

    normal = iso_datetime(value)
    if normal is None:
        raise BadQuery(f"{option} {value!r} is not a date; use YYYY-MM-DD")
    return normal
