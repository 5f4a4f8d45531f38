"""Reading the store: the queries behind every command, page and export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
        language: str | None = None,
    ) -> list[dict[str, Any]]:
        a = schema.articles
        query = sa.select(*[c for c in a.c if c.name not in ("minhash", "text")], a.c.text)
        if outlet:
            query = query.where(sa.func.lower(a.c.outlet) == outlet.lower())
        if language:
            query = query.where(sa.func.lower(a.c.language) == language.strip().lower())
        if since:
            query = query.where(a.c.published >= _check_date(since, "--since"))
        if until:
            # a date-only bound includes that whole day
            query = query.where(a.c.published < _check_date(until, "--until") + "\uffff")
        if text:
            query = query.where(sa.or_(self._contains(a.c.text, text), self._contains(a.c.title, text)))
        query = query.order_by(a.c.published.desc().nulls_last(), a.c.id).offset(offset)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def article(self, article_id: str) -> dict[str, Any]:
        a = schema.articles
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(a).where(id_prefix(a.c.id, article_id)).limit(2)).all()
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
        limit: int | None = None,
        offset: int = 0,
        newest: bool = False,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Extracted records of one kind (actors, quotes, events, stances), each with its article id.

        ``filters`` match columns exactly (case-insensitive); ``contains`` matches a substring;
        ``since``/``until`` bound the event date. ``limit``/``offset`` page in the database (stored
        order, or the newest articles first with ``newest``), so a page never reads the whole table.
        """
        table = schema.RECORD_TABLES[kind]
        where = self._record_filters(table, article_id, article_ids, contains, since, until, filters)
        query = sa.select(table.c.article_id, table.c.record).where(*where)
        if newest:
            # the newest articles holding such a record first (walking the published index, one probe
            # of the (column, article_id, position) index each), then their records: no sort of them all
            a = schema.articles
            recent = sa.select(a.c.id).where(sa.exists().where(table.c.article_id == a.c.id, *where)).order_by(a.c.published.desc(), a.c.id.desc())
            if limit is not None:
                recent = recent.limit(limit + offset)
            query = query.join(a, a.c.id == table.c.article_id).where(a.c.id.in_(recent.scalar_subquery()))
            query = query.order_by(a.c.published.desc(), table.c.article_id, table.c.position)
        else:
            query = query.order_by(table.c.article_id, table.c.position)
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [{"article": row.article_id, **row.record} for row in conn.execute(query)]

    def count_records(
        self,
        kind: str,
        article_id: str | None = None,
        contains: dict[str, str | None] | None = None,
        since: str | None = None,
        until: str | None = None,
        **filters: Any,
    ) -> int:
        """How many records ``records`` would return with the same filters (counted in the database)."""
        table = schema.RECORD_TABLES[kind]
        where = self._record_filters(table, article_id, None, contains, since, until, filters)
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(sa.func.count()).select_from(table).where(*where)) or 0

    def _record_filters(
        self,
        table: sa.Table,
        article_id: str | None,
        article_ids: Iterable[str] | None,
        contains: dict[str, str | None] | None,
        since: str | None,
        until: str | None,
        filters: dict[str, Any],
    ) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = []
        if article_id:
            where.append(id_prefix(table.c.article_id, article_id))
        if article_ids is not None:
            where.append(table.c.article_id.in_(list(article_ids)))
        for name, value in filters.items():
            if value is None:
                continue
            if isinstance(value, bool):
                where.append(table.c[name].is_(value))
            elif name in UPPER_CASE:
                where.append(table.c[name] == str(value).upper())
            elif name in LOWER_CASE:
                where.append(table.c[name] == str(value).lower())
            else:
                where.append(any_case(table.c[name], str(value)))
        for name, value in (contains or {}).items():
            if value:
                where.append(self._contains(table.c[name], value))
        if since:
            where.append(table.c.date >= _check_date(since, "--since")[:10])
        if until:
            where.append(table.c.date <= _check_date(until, "--until")[:10])
        return where

    def actor_counts(self, actor: str | None = None, sector: str | None = None) -> list[dict[str, Any]]:
        """One row per (actor code, name), as ``stories.data.roll_up`` makes it, counted in the database.

        Sector and role are one of those the actor's mentions carry (the largest), where
        ``roll_up`` takes the first; the order is the same (most articles, most mentions first).
        """
        m = schema.mentions
        articles = sa.func.count(sa.distinct(m.c.article_id)).label("articles")
        mentions = sa.func.count().label("mentions")
        query = sa.select(
            m.c.actor, m.c.name, sa.func.max(m.c.sector).label("sector"), sa.func.max(m.c.record["role"].as_string()).label("role"), mentions, articles
        ).group_by(m.c.actor, m.c.name)
        query = query.where(*self._record_filters(m, None, None, None, None, None, {"actor": actor, "sector": sector}))
        # roll_up sorts a missing actor code as the text "None"; so does this
        query = query.order_by(articles.desc(), mentions.desc(), sa.func.coalesce(m.c.actor, "None"), m.c.name)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def _contains(self, column: sa.ColumnElement[Any], text: str) -> sa.ColumnElement[bool]:
        """``column`` contains ``text``, any case, the user's % and _ plain characters. SQLite's
        LIKE already ignores case (ASCII, as its lower() does): without lower() a scan of every
        article's text is a third faster."""
        pattern = like_pattern(text)
        if self.engine.dialect.name == "sqlite":
            return column.like(pattern, escape="\\")
        return sa.func.lower(column).like(pattern, escape="\\")

    def data_stamp(self) -> tuple[Any, ...]:
        """Changes whenever anything is written (articles and records are only ever added): the key
        under which the web server may keep what it computed from the whole database."""
        tables = [schema.articles, schema.stories, schema.story_merges, *schema.RECORD_TABLES.values()]
        counts = [sa.select(sa.func.count()).select_from(t).scalar_subquery() for t in tables[:3]]
        newest = [sa.select(sa.func.max(t.c.id)).scalar_subquery() for t in tables[3:]]
        with self.engine.connect() as conn:
            return tuple(conn.execute(sa.select(*counts, *newest)).one())

    def iter_rows(self, kind: str, chunk: int = 50) -> Iterator[dict[str, Any]]:
        """Every article (with its text; as ``articles`` orders and shapes them) or every record of
        one kind (as ``records``), read ``chunk`` rows at a time: memory stays bounded however
        large the table, for exports."""
        if kind == "articles":
            a = schema.articles
            query = sa.select(*[c for c in a.c if c.name not in ("minhash", "text")], a.c.text).order_by(a.c.published.desc().nulls_last(), a.c.id)
        else:
            table = schema.RECORD_TABLES[kind]
            query = sa.select(table.c.article_id, table.c.record).order_by(table.c.article_id, table.c.position)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=chunk).execute(query):
                yield dict(row._mapping) if kind == "articles" else {"article": row.article_id, **row.record}

    def articles_by_id(self, ids: Iterable[str], with_text: bool = True) -> list[dict[str, Any]]:
        """These articles, oldest first; ``with_text=False`` leaves the text out (metadata for a list)."""
        a = schema.articles
        wanted = list(ids)
        left_out = ("minhash",) if with_text else ("minhash", "text")
        query = sa.select(*[c for c in a.c if c.name not in left_out]).where(a.c.id.in_(wanted)).order_by(a.c.published, a.c.id)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def articles_about(self, about: str, limit: int | None = None) -> list[str]:
        """Ids of articles about ``about``: an event of theirs mentions it, or their headline does
        (a reactions article may code no event of its own: "Myanmar coup: how the world responded")."""
        a = schema.articles
        ids = set(self.articles_with_events_about(about, limit=limit))
        query = sa.select(a.c.id).where(self._contains(a.c.title, about)).order_by(a.c.published.desc(), a.c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            ids.update(conn.scalars(query))
            if limit is not None and len(ids) > limit:  # the newest ``limit`` of both
                newest = sa.select(a.c.id).where(a.c.id.in_(sorted(ids))).order_by(a.c.published.desc(), a.c.id.desc()).limit(limit)
                ids = set(conn.scalars(newest))
        return sorted(ids)

    def articles_with_events_about(self, about: str, limit: int | None = None) -> list[str]:
        """Ids of articles with an event whose actors or words mention ``about`` (sorted);
        with ``limit``, only the newest ``limit`` of them."""
        e, a = schema.events, schema.articles
        names: sa.ColumnElement[bool] = sa.or_(
            self._contains(e.c.record["source"]["name"].as_string(), about), self._contains(e.c.record["target"]["name"].as_string(), about)
        )
        if about.isascii() and not {'"', "\\"} & set(about):  # then it is in the stored JSON text as typed:
            names = sa.and_(self._contains(sa.cast(e.c.record, sa.Text), about), names)  # a cheap test first
        match = sa.or_(self._contains(e.c.text, about), any_case(e.c.source_actor, about), any_case(e.c.target_actor, about), names)
        if limit is None:
            with self.engine.connect() as conn:
                return sorted(conn.scalars(sa.select(e.c.article_id).distinct().where(match)))
        # A common word: the newest RECENT_ARTICLES hold ``limit`` of them, found by probing each
        # one's events (milliseconds). A rare one: probing every article would take seconds, one
        # scan of the events (a tenth of a second on 100,000 articles) finds them all.
        recent = sa.select(a.c.id, a.c.published).order_by(a.c.published.desc(), a.c.id.desc()).limit(RECENT_ARTICLES).subquery()
        newest = (
            sa.select(recent.c.id)
            .where(sa.exists().where(e.c.article_id == recent.c.id, match))
            .order_by(recent.c.published.desc(), recent.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            found = list(conn.scalars(newest))
            if len(found) < limit:
                everywhere = sa.select(a.c.id).where(a.c.id.in_(sa.select(e.c.article_id).where(match)))
                found = list(conn.scalars(everywhere.order_by(a.c.published.desc(), a.c.id.desc()).limit(limit)))
        return sorted(found)

    # -- stories -------------------------------------------------------------

    def story_states(self, since: str | None = None) -> list[dict[str, Any]]:
        """Stored clusterer state of the stories whose last article is on or after ``since``."""
        st = schema.stories
        query = sa.select(st.c.state).order_by(st.c.id)
        if since:
            query = query.where(sa.or_(st.c.last_date >= since, st.c.last_date.is_(None)))
        with self.engine.connect() as conn:
            return [row.state for row in conn.execute(query) if row.state]

    def story_states_around(self, first: str, last: str) -> list[dict[str, Any]]:
        """Stored clusterer state of the stories whose dates reach into ``first``..``last``."""
        st = schema.stories
        query = sa.select(st.c.state).where(st.c.last_date >= first, st.c.first_date <= last).order_by(st.c.id)
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

    def stories(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Stories newest first, with how many articles, independent sources and outlets each has.

        With ``limit`` the page of stories is chosen first (the last_date index) and only its
        articles are counted, so a page costs the same however many stories there are.
        """
        a, st = schema.articles, schema.stories
        if limit is not None:
            chosen = (
                sa.select(st.c.id)
                .where(sa.exists().where(a.c.story_id == st.c.id))
                .order_by(st.c.last_date.desc().nulls_last(), st.c.id)
                .limit(limit)
                .offset(offset)
            )
            with self.engine.connect() as conn:
                ids = list(conn.scalars(chosen))
            if not ids:
                return []
            found = {r["id"]: r for r in self._story_rows(st.c.id.in_(ids))}
            return [found[i] for i in ids if i in found]
        return self._story_rows(sa.true())

    def count_stories(self) -> int:
        """Stories that hold at least one article (what ``stories`` lists)."""
        a, st = schema.articles, schema.stories
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(sa.func.count()).select_from(st).where(sa.exists().where(a.c.story_id == st.c.id))) or 0

    def _story_rows(self, where: sa.ColumnElement[bool]) -> list[dict[str, Any]]:
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
                # an article that names no outlet is an unknown outlet of its own, as the story page counts it
                (sa.func.count(sa.distinct(a.c.outlet)) + sa.func.sum(sa.case((a.c.outlet.is_(None), 1), else_=0))).label("outlets"),
            )
            .join(a, a.c.story_id == st.c.id)
            .where(where)
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


RECENT_ARTICLES = 5000  # how far back ``articles_with_events_about`` probes before scanning every event

# Codes are stored upper-case and labels lower-case: equality on those keeps the index usable.
UPPER_CASE = frozenset({"actor", "source_actor", "target_actor", "sector", "type"})
LOWER_CASE = frozenset({"stance"})


def id_prefix(column: sa.ColumnElement[str], prefix: str) -> sa.ColumnElement[bool]:
    """Ids starting with ``prefix``, as a range the primary-key index answers (LIKE 'p%' would
    read every row: SQLite's LIKE is case-insensitive, the index is not)."""
    prefix = prefix.lower()
    return sa.and_(column >= prefix, column < prefix + "\U0010ffff")


def any_case(column: sa.ColumnElement[str], value: str) -> sa.ColumnElement[bool]:
    """Case-insensitive equality that still uses the column's index: codes are stored upper-case
    (RUS, GOV, ASSAULT) and labels lower-case (condemn), so those spellings are looked up."""
    return column.in_(sorted({value, value.upper(), value.lower()}))


def like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE ... ESCAPE '\\'``, lower-cased: the user's % and _ are plain characters."""
    return f"%{escape_like(text.lower())}%"


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _check_date(value: str, option: str) -> str:
    from newsgraph.ingest.base import iso_datetime

    normal = iso_datetime(value)
    if normal is None:
        raise BadQuery(f"{option} {value!r} is not a date; use YYYY-MM-DD")
    return normal
