"""The database schema, in one place (SQLAlchemy Core; SQLite by default, PostgreSQL too).

Extracted records keep their filterable fields as columns and their whole
shape (as ``to_dict`` gives it) in ``record``, so what the store returns is
exactly what the extractor made.
"""

from __future__ import annotations

import sqlalchemy as sa

SCHEMA_VERSION = 1

metadata = sa.MetaData()

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text, index=True),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.String(40), index=True),
    sa.Column("updated", sa.String(40)),
    sa.Column("byline", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("format", sa.String(16)),
    sa.Column("location", sa.Text),
    sa.Column("duplicate_of", sa.String(16), sa.ForeignKey("articles.id"), index=True),
    sa.Column("similarity", sa.Float),
    sa.Column("minhash", sa.LargeBinary),
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id"), index=True),
    sa.Column("analyzed", sa.Boolean, nullable=False, default=False),
    sa.Column("ingested_at", sa.String(40), nullable=False),
    # newest first with the title at hand: a headline search (?about=) reads this index, not the articles
    sa.Index("ix_articles_published_title", "published", "id", "title"),
)

locations = sa.Table(
    "article_locations",
    metadata,
    sa.Column("location", sa.Text, primary_key=True),
    sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id"), nullable=False, index=True),
)

captions = sa.Table(
    "captions",
    metadata,
    sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("credit", sa.Text),
)

pending_urls = sa.Table(
    "pending_urls",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("published", sa.String(40)),
    sa.Column("location", sa.Text),
)


# What the fetcher (watch/) knows of each URL it asked for, by canonical URL: the validators for a
# conditional request, where the response is archived, when to try again after a failure.
# ``state`` is "fetched" (archived, not yet through the pipeline: a killed round re-reads it from
# the WARC file), "done", "failed" (tried again at ``next_try``) or "seen" (another URL that led to
# a page already fetched: a redirect's target, a page's canonical link).
fetches = sa.Table(
    "fetches",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("kind", sa.String(8), nullable=False),  # source (a feed or page watched) | page (an article linked)
    sa.Column("state", sa.String(8), nullable=False, index=True),
    sa.Column("http_status", sa.Integer),
    sa.Column("final_url", sa.Text),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("article_id", sa.String(16), index=True),
    sa.Column("fetched_at", sa.String(40)),  # the last response with a body
    sa.Column("checked_at", sa.String(40)),  # the last request, a 304 included
    sa.Column("failures", sa.Integer, nullable=False, default=0),  # in a row
    sa.Column("next_try", sa.String(40)),
    sa.Column("reason", sa.Text),
    sa.Column("warc_file", sa.Text),
    sa.Column("warc_offset", sa.BigInteger),
)

# robots.txt per origin ("https://example.org"), kept a day so a round costs no request for it.
robots = sa.Table(
    "robots",
    metadata,
    sa.Column("origin", sa.Text, primary_key=True),
    sa.Column("body", sa.Text, nullable=False),  # "" allows everything
    sa.Column("rule", sa.String(8), nullable=False),  # rules | allow | deny (no answer: wait)
    sa.Column("fetched_at", sa.String(40), nullable=False),
)


def _record_table(name: str, *columns: sa.Column, ordered: tuple[str, ...] = ()) -> sa.Table:
    """A table of extracted records: evidence span, filter columns, and the full record.

    Each column in ``ordered`` gets an index (column, article_id, position): a filtered page of
    records (``?actor=RUS&limit=50``) then reads 50 rows in stored order instead of sorting all
    of that actor's records, and "the newest articles with such a record" probes it per article.
    """
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id"), nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        *columns,
        sa.Column("record", sa.JSON, nullable=False),
        sa.UniqueConstraint("article_id", "position", name=f"uq_{name}_position"),
        *[sa.Index(f"ix_{name}_{column}_ordered", column, "article_id", "position") for column in ordered],
    )


mentions = _record_table(
    "mentions",
    sa.Column("name", sa.Text),
    sa.Column("actor", sa.String(16)),
    sa.Column("sector", sa.String(8)),
    sa.Column("kind", sa.String(16)),
    ordered=("actor",),
)

quotes = _record_table(
    "quotes",
    sa.Column("speaker", sa.Text, index=True),
    sa.Column("actor", sa.String(16)),
    sa.Column("direct", sa.Boolean),
    ordered=("actor",),
)

events = _record_table(
    "events",
    sa.Column("type", sa.String(16)),
    sa.Column("source_actor", sa.String(16)),
    sa.Column("target_actor", sa.String(16)),
    sa.Column("date", sa.String(10), index=True),
    sa.Column("date_kind", sa.String(16)),
    ordered=("type", "source_actor", "target_actor"),
)
# events of one type by date (the browse page's ?type=…&sort=-date, the API's ?type=…&since=…)
sa.Index("ix_events_type_date", events.c.type, events.c.date)

stances = _record_table(
    "stances",
    sa.Column("actor", sa.String(16)),
    sa.Column("stance", sa.String(16)),
    sa.Column("toward", sa.Text),
    ordered=("actor", "stance"),
)

# A story's number is what people type (`--story 3`); ``key`` is the clusterer's own id for it,
# and ``state`` what the clusterer needs to let new articles join it in a later run.
stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text),
    sa.Column("first_date", sa.String(40)),
    sa.Column("last_date", sa.String(40), index=True),
    sa.Column("state", sa.JSON),
    sqlite_autoincrement=True,  # a deleted story's number is never given to another
)

# A story taken into another (a one-article story absorbed by a grown one) leaves its number
# here, so `--story N` and /stories/N can say where its article went.
story_merges = sa.Table(
    "story_merges",
    metadata,
    sa.Column("story_id", sa.Integer, primary_key=True),
    sa.Column("into_id", sa.Integer, nullable=False),
)

RECORD_TABLES = {"actors": mentions, "quotes": quotes, "events": events, "stances": stances}


def create(conn: sa.Connection) -> None:
    """Make what is missing: tables, and indexes added to tables an older version made
    (``create_all`` only indexes the tables it creates)."""
    metadata.create_all(conn)
    for table in metadata.sorted_tables:
        for index in table.indexes:
            index.create(conn, checkfirst=True)
