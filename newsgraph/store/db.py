"""Reading and writing the store; every write of a batch is one transaction."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.dialects import postgresql, sqlite

from newsgraph.errors import StoreError
from newsgraph.model import Analysis, Article, PendingUrl
from newsgraph.store import rows, schema
from newsgraph.store.browse import Browse
from newsgraph.store.queries import Reads

if TYPE_CHECKING:
    from newsgraph.stories.story import ClusterItem

DEFAULT_DB = "newsgraph.db"
ENV_VAR = "NEWSGRAPH_DB"


def resolve_url(url: str | None = None) -> str:
    """``--db`` wins, then NEWSGRAPH_DB, then ./newsgraph.db; a bare path means a SQLite file."""
    chosen = url or os.environ.get(ENV_VAR) or DEFAULT_DB
    return chosen if "://" in chosen else f"sqlite:///{chosen}"


@dataclass
class NewArticle:
    """An article ready to be stored, with what ingest learnt about it."""

    article: Article
    signature: bytes | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    analysis: Analysis | None = None
    story_key: str | None = None
    features: ClusterItem | None = None  # what the clusterer reads, when worked out beforehand (batch/)


@dataclass
class Batch:
    articles: list[NewArticle] = field(default_factory=list)
    locations: list[tuple[str, str]] = field(default_factory=list)  # (location, article id)
    pending: list[PendingUrl] = field(default_factory=list)
    stories: list[dict[str, Any]] = field(default_factory=list)  # rows: key, title, first_date, last_date, state
    absorbed: dict[str, str] = field(default_factory=dict)  # key of a story taken into another -> that story's key
    clusterer: dict[str, Any] | None = None  # the clusterer's own state, saved with the batch

    def __len__(self) -> int:
        return len(self.articles) + len(self.locations) + len(self.pending)


class Store(Reads, Browse):
    """The database: writes here, reads in ``queries.Reads``."""

    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_url(url)
        try:
            self.engine = sa.create_engine(self.url)
            if self.engine.dialect.name == "sqlite":
                sa_event.listen(self.engine, "connect", _sqlite_pragmas)
            with self.engine.begin() as conn:
                schema.create(conn)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as err:
            raise StoreError(f"{self.url}: not a database URL we can use ({err}); pass --db PATH or a SQLAlchemy URL") from None
        except sa.exc.OperationalError as err:
            raise StoreError(f"{self.url}: cannot open the database ({err.orig}); check the path and permissions") from None

    # -- writing ---------------------------------------------------------

    def write(self, batch: Batch) -> None:
        """Store a batch in one transaction: a killed run loses at most this batch, never half of it."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            story_ids = self.upsert_stories(conn, batch.stories)
            for item in batch.articles:
                self._insert_article(conn, item, now, story_ids)
            self._link_members(conn, batch.stories, story_ids)
            self._retire_absorbed(conn, batch.absorbed, story_ids)
            if batch.clusterer is not None:
                self.set_meta(conn, "clusterer", batch.clusterer)
            self.insert_ignore(conn, schema.locations, [{"location": loc, "article_id": aid} for loc, aid in batch.locations])
            self.insert_ignore(
                conn,
                schema.pending_urls,
                [{"url": p.url, "title": p.title, "outlet": p.outlet, "published": p.published, "location": p.location} for p in batch.pending],
            )

    def _insert_article(self, conn: sa.Connection, item: NewArticle, now: str, story_ids: dict[str, int]) -> None:
        art = item.article
        row = rows.article_row(
            art, signature=item.signature, duplicate_of=item.duplicate_of, similarity=item.similarity, analyzed=item.analysis is not None, ingested_at=now
        )
        row["story_id"] = self._story_number(conn, item.story_key, story_ids)
        self.insert_ignore(conn, schema.articles, [row])
        self.insert_ignore(conn, schema.locations, [{"location": art.location or art.id, "article_id": art.id}])
        self.insert_ignore(conn, schema.captions, rows.caption_rows(art))
        if item.analysis is not None:
            for kind, table_rows in rows.analysis_rows(item.analysis).items():
                self.insert_ignore(conn, schema.RECORD_TABLES[kind], table_rows)

    def upsert_stories(self, conn: sa.Connection, rows: list[dict[str, Any]], keep_numbers: bool = False) -> dict[str, int]:
        """Insert or update story rows by the clusterer's key; the story numbers by key.

        ``keep_numbers``: a new story takes the row's own ``id`` (a batch output's numbers, which
        its merges refer to); call ``follow_story_numbers`` after.
        """
        st = schema.stories
        ids: dict[str, int] = {}
        for row in rows:
            values = {k: row[k] for k in ("title", "first_date", "last_date", "state")}
            found = conn.scalar(sa.select(st.c.id).where(st.c.key == row["key"]))
            if found is None:
                number = {"id": row["id"]} if keep_numbers else {}
                found = conn.execute(st.insert().values(key=row["key"], **number, **values)).inserted_primary_key[0]
            else:
                conn.execute(sa.update(st).where(st.c.id == found).values(**values))
            ids[row["key"]] = found
        return ids

    def follow_story_numbers(self, conn: sa.Connection) -> None:
        """After stories were inserted with their own numbers: number new stories after them and
        after every number a merge left, so no number is given twice."""
        st, merges = schema.stories, schema.story_merges
        top = max(conn.scalar(sa.select(sa.func.max(st.c.id))) or 0, conn.scalar(sa.select(sa.func.max(merges.c.story_id))) or 0)
        if not top:
            return
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('stories', 'id'), :top)"), {"top": top})
        elif conn.dialect.name == "sqlite":  # AUTOINCREMENT's counter, which has a row once a story was inserted
            conn.execute(sa.text("UPDATE sqlite_sequence SET seq = max(seq, :top) WHERE name = 'stories'"), {"top": top})

    def _story_number(self, conn: sa.Connection, key: str | None, known: dict[str, int]) -> int | None:
        if key is None:
            return None
        if key not in known:
            known[key] = conn.scalar(sa.select(schema.stories.c.id).where(schema.stories.c.key == key))
        return known[key]

    def _link_members(self, conn: sa.Connection, rows: list[dict[str, Any]], ids: dict[str, int]) -> None:
        """Point every member of a changed story at it (a story's membership can grow by merging)."""
        a = schema.articles
        for row in rows:
            members = (row.get("state") or {}).get("members") or []
            if members:
                conn.execute(sa.update(a).where(a.c.id.in_(members)).values(story_id=ids[row["key"]]))

    def _retire_absorbed(self, conn: sa.Connection, absorbed: dict[str, str], ids: dict[str, int]) -> None:
        """Delete the rows of stories taken into others, leaving where their number went.

        Runs after ``_link_members``, so no article points at a deleted row. A story opened
        and taken in within one batch never had a row.
        """
        st = schema.stories
        for old_key, new_key in absorbed.items():
            old_id = conn.scalar(sa.select(st.c.id).where(st.c.key == old_key))
            if old_id is None:
                continue
            into = self._story_number(conn, new_key, ids)
            conn.execute(sa.delete(st).where(st.c.id == old_id))
            if into is not None:  # only one-source stories are taken in, so never one that took others in
                merges = schema.story_merges
                conn.execute(sa.delete(merges).where(merges.c.story_id == old_id))  # a number reused by an old file
                conn.execute(merges.insert().values(story_id=old_id, into_id=into))

    def set_meta(self, conn: sa.Connection, key: str, value: Any, raw: bool = False) -> None:
        """Set a meta value (JSON; ``raw``: already JSON text)."""
        text = value if raw else json.dumps(value, separators=(",", ":"))
        if conn.scalar(sa.select(schema.meta.c.key).where(schema.meta.c.key == key)) is None:
            conn.execute(schema.meta.insert().values(key=key, value=text))
        else:
            conn.execute(sa.update(schema.meta).where(schema.meta.c.key == key).values(value=text))

    def meta_value(self, key: str) -> Any:
        with self.engine.connect() as conn:
            text = conn.scalar(sa.select(schema.meta.c.value).where(schema.meta.c.key == key))
        return json.loads(text) if text is not None else None

    def insert_ignore(self, conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """Insert rows, skipping any already there: re-running an ingest changes nothing."""
        if not rows:
            return
        dialect = conn.dialect.name
        if dialect == "sqlite":
            conn.execute(sqlite.insert(table).on_conflict_do_nothing(), rows)
        elif dialect == "postgresql":
            conn.execute(postgresql.insert(table).on_conflict_do_nothing(), rows)
        else:
            for row in rows:
                try:
                    with conn.begin_nested():
                        conn.execute(table.insert(), row)
                except sa.exc.IntegrityError:
                    pass

    # -- what ingest needs to know ------------------------------------------

    def location_owner(self, location: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(schema.locations.c.article_id).where(schema.locations.c.location == location))

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(set(ids))
        if not wanted:
            return set()
        with self.engine.connect() as conn:
            return set(conn.scalars(sa.select(schema.articles.c.id).where(schema.articles.c.id.in_(wanted))))

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """Signatures of originals (not copies), to rebuild the near-duplicate index."""
        a = schema.articles
        query = sa.select(a.c.id, a.c.minhash).where(a.c.duplicate_of.is_(None), a.c.minhash.is_not(None))
        with self.engine.connect() as conn:
            yield from conn.execute(query)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
