"""Full-text search over articles (title + text): SQLite FTS5 when there, a portable LIKE elsewhere.

The FTS5 index is contentless (it holds no second copy of the text) and is brought up to date at
query time from the articles not yet indexed, so `Store.write` needs no hook and nothing else has
to know the index exists. Any other database (PostgreSQL, or a SQLite built without FTS5) gets
the same results shape from a LIKE query. User text is never spliced into SQL or FTS syntax: it
is cut into words and each phrase is sent as a quoted FTS5 string or an escaped LIKE pattern.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from newsgraph.errors import BadQuery
from newsgraph.store import schema
from newsgraph.store.db import Store
from newsgraph.store.queries import escape_like

log = logging.getLogger(__name__)

MAX_TERMS = 16
SNIPPET_BEFORE = 80
SNIPPET_AFTER = 180
TITLE_WEIGHT = 3.0

_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"\w+")

# Which article (by id) each FTS5 rowid stands for, and whether it is in the index yet.
_meta = sa.MetaData()
fts_ids = sa.Table(
    "articles_fts_ids",
    _meta,
    sa.Column("rowid", sa.Integer, primary_key=True),
    sa.Column("id", sa.String(16), nullable=False, unique=True),
    sa.Column("indexed", sa.Boolean, nullable=False, default=False),
)
_CREATE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    "title, text, content='', tokenize='unicode61 remove_diacritics 2')"
)
_lock = threading.Lock()
_fts_ready: dict[str, bool] = {}  # database URL -> FTS5 usable


@dataclass(frozen=True, slots=True)
class Query:
    """A search as the user typed it, cut into phrases of words (a bare word is a one-word phrase)."""

    text: str
    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, text: str) -> "Query":
        phrases: list[tuple[str, ...]] = []
        for quoted, bare in _CHUNK.findall(text or ""):
            words = tuple(_WORD.findall(quoted or bare))
            if words and words not in phrases:
                phrases.append(words)
        if not phrases:
            raise BadQuery("search: type at least one word (letters or digits)")
        if len(phrases) > MAX_TERMS:
            raise BadQuery(f"search: at most {MAX_TERMS} words or phrases, please")
        return cls(text, tuple(phrases))

    def fts(self) -> str:
        """FTS5 syntax: every phrase quoted (so AND, NOT, *, : are plain words), last word a prefix."""
        return " ".join('"' + " ".join(words).replace('"', '""') + '"*' for words in self.phrases)

    def pattern(self) -> re.Pattern[str]:
        """The same phrases as a regular expression, to find them again in the text for snippets."""
        parts = [r"\b" + r"\W+".join(re.escape(w) for w in words) + r"\w*" for words in self.phrases]
        return re.compile("|".join(parts), re.IGNORECASE)


def search(
    store: Store,
    text: str,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    """Articles matching every word or "quoted phrase", best first, with a snippet and the first match.

    Returns ``{"query", "engine", "total", "items": [...]}``; each item has the article's metadata,
    ``snippet`` (plain text), ``highlights`` (``[start, end]`` pairs inside the snippet) and
    ``match`` (``{"start", "end", "text"}`` in the article text, or None when only the title matched).
    """
    query = Query.parse(text)
    if limit < 1 or offset < 0:
        raise BadQuery("search: limit must be at least 1 and offset at least 0")
    bounds = _bounds(outlet, since, until)
    engine, total, ids = "like", 0, []
    if _use_fts(store):
        try:
            engine, total, ids = "fts5", *_fts_search(store, query, bounds, limit, offset)
        except sa.exc.OperationalError as err:  # the index vanished under us (a replaced database file)
            log.warning("full-text index unusable (%s); searching with LIKE this time", err.orig)
            _fts_ready.pop(store.url, None)
    if engine == "like":
        total, ids = _like_search(store, query, bounds, limit, offset)
    rows = {r["id"]: r for r in store.articles_by_id(ids)}
    pattern = query.pattern()
    items = [_item(rows[i], pattern) for i in ids if i in rows]
    return {"query": text, "engine": engine, "total": total, "items": items}


def update_index(store: Store) -> int:
    """Index the articles stored since the last search; returns how many were added."""
    if not _use_fts(store):
        return 0
    return _catch_up(store)


# -- FTS5 -------------------------------------------------------------------


def _use_fts(store: Store) -> bool:
    """FTS5 on SQLite builds that have it; everything else takes the LIKE path."""
    if store.engine.dialect.name != "sqlite":
        return False
    if store.url not in _fts_ready:
        try:
            with store.engine.begin() as conn:
                conn.execute(sa.text(_CREATE_FTS))
                _meta.create_all(conn)
            _fts_ready[store.url] = True
        except sa.exc.OperationalError as err:
            log.info("full-text search without FTS5 (%s); using LIKE", err.orig)
            _fts_ready[store.url] = False
    return _fts_ready[store.url]


def _catch_up(store: Store) -> int:
    """Add what is missing in one transaction; cheap (two counts) when nothing is."""
    a = schema.articles
    with _lock:
        with store.engine.connect() as conn:
            stored = conn.scalar(sa.select(sa.func.count()).select_from(a)) or 0
            known = conn.scalar(sa.select(sa.func.count()).select_from(fts_ids)) or 0
        if stored <= known:
            return 0
        try:
            with store.engine.begin() as conn:
                # the first statement writes, so this transaction holds SQLite's write lock from here on
                conn.execute(
                    sa.insert(fts_ids)
                    .from_select(["id"], sa.select(a.c.id).where(a.c.id.not_in(sa.select(fts_ids.c.id))).order_by(a.c.published, a.c.id))
                    .prefix_with("OR IGNORE")
                )
                added = conn.execute(
                    sa.text(
                        "INSERT INTO articles_fts(rowid, title, text) "
                        "SELECT m.rowid, coalesce(a.title, ''), a.text FROM articles_fts_ids m JOIN articles a ON a.id = m.id "
                        "WHERE NOT m.indexed"
                    )
                ).rowcount
                conn.execute(sa.update(fts_ids).where(fts_ids.c.indexed.is_(False)).values(indexed=True))
            return added
        except sa.exc.OperationalError as err:  # another process is indexing: search what is there
            log.warning("search index not updated this time: %s", err.orig)
            return 0


def _fts_search(store: Store, query: Query, bounds: list[tuple[str, Any]], limit: int, offset: int) -> tuple[int, list[str]]:
    _catch_up(store)
    if not bounds:
        return _fts_top(store, query, limit, offset)
    where, params = _where_sql(bounds)
    params.update(match=query.fts(), limit=limit, offset=offset)
    base = (
        "FROM articles_fts f JOIN articles_fts_ids m ON m.rowid = f.rowid JOIN articles a ON a.id = m.id "
        f"WHERE articles_fts MATCH :match{where}"
    )
    with store.engine.connect() as conn:
        total = conn.scalar(sa.text(f"SELECT count(*) {base}"), params) or 0
        ids = list(
            conn.scalars(
                sa.text(f"SELECT m.id {base} ORDER BY bm25(articles_fts, {TITLE_WEIGHT}, 1.0), a.published DESC, a.id LIMIT :limit OFFSET :offset"),
                params,
            )
        )
    return total, ids


def _fts_top(store: Store, query: Query, limit: int, offset: int) -> tuple[int, list[str]]:
    """The same ranking without joining every match to its article: a common word matches most
    articles, and sorting them all by (score, date, id) took a second on 100,000. FTS5 finds the
    best ``offset + limit`` scores alone; only the matches scoring at least as well as the last
    of them (ties included) are joined and ordered exactly."""
    score = f"bm25(articles_fts, {TITLE_WEIGHT}, 1.0)"
    params = {"match": query.fts(), "k": offset + limit, "limit": limit, "offset": offset}
    with store.engine.connect() as conn:
        total = conn.scalar(sa.text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :match"), params) or 0
        best = list(conn.scalars(sa.text(f"SELECT {score} AS score FROM articles_fts WHERE articles_fts MATCH :match ORDER BY score LIMIT :k"), params))
        if not best or len(best) <= offset:
            return total, []
        ids = conn.scalars(
            sa.text(
                f"SELECT m.id FROM (SELECT rowid, {score} AS score FROM articles_fts WHERE articles_fts MATCH :match) f "
                "JOIN articles_fts_ids m ON m.rowid = f.rowid JOIN articles a ON a.id = m.id "
                "WHERE f.score <= :cut ORDER BY f.score, a.published DESC, a.id LIMIT :limit OFFSET :offset"
            ),
            {**params, "cut": best[-1]},
        )
        return total, list(ids)


def _where_sql(bounds: list[tuple[str, Any]]) -> tuple[str, dict[str, Any]]:
    sql = {"outlet": " AND lower(a.outlet) = :outlet", "since": " AND a.published >= :since", "until": " AND a.published < :until"}
    return "".join(sql[name] for name, _ in bounds), dict(bounds)


# -- portable LIKE ------------------------------------------------------------


def _like_search(store: Store, query: Query, bounds: list[tuple[str, Any]], limit: int, offset: int) -> tuple[int, list[str]]:
    a = schema.articles
    conditions: list[sa.ColumnElement[bool]] = []
    for words in query.phrases:
        pattern = "%" + "%".join(escape_like(w.lower()) for w in words) + "%"
        conditions.append(sa.or_(sa.func.lower(a.c.title).like(pattern, escape="\\"), sa.func.lower(a.c.text).like(pattern, escape="\\")))
    for name, value in bounds:
        column = {"outlet": sa.func.lower(a.c.outlet), "since": a.c.published, "until": a.c.published}[name]
        conditions.append(column == value if name == "outlet" else column >= value if name == "since" else column < value)
    with store.engine.connect() as conn:
        total = conn.scalar(sa.select(sa.func.count()).select_from(a).where(*conditions)) or 0
        ordered = sa.select(a.c.id).where(*conditions).order_by(a.c.published.desc().nulls_last(), a.c.id)
        ids = list(conn.scalars(ordered.limit(limit).offset(offset)))
    return total, ids


# -- shared -------------------------------------------------------------------


def _bounds(outlet: str | None, since: str | None, until: str | None) -> list[tuple[str, Any]]:
    from newsgraph.ingest.base import iso_datetime

    bounds: list[tuple[str, Any]] = []
    if outlet:
        bounds.append(("outlet", outlet.lower()))
    for name, value in (("since", since), ("until", until)):
        if value:
            normal = iso_datetime(value)
            if normal is None:
                raise BadQuery(f"{name} {value!r} is not a date; use YYYY-MM-DD")
            bounds.append((name, normal + ("\uffff" if name == "until" else "")))  # until includes its whole day
    return bounds


def _item(row: dict[str, Any], pattern: re.Pattern[str]) -> dict[str, Any]:
    text = row["text"]
    found = pattern.search(text)
    item = {k: row.get(k) for k in ("id", "title", "outlet", "url", "location", "published", "story_id", "duplicate_of")}
    if found is None:
        snippet = text[: SNIPPET_BEFORE + SNIPPET_AFTER]
        cut = snippet.rfind(" ") if len(text) > len(snippet) else -1
        snippet = (snippet[:cut] if cut > 0 else snippet) + ("…" if len(text) > len(snippet) else "")
        return {**item, "snippet": snippet, "highlights": [], "match": None}
    start = min(found.start(), _word_edge(text, max(0, found.start() - SNIPPET_BEFORE), forward=True))
    end = max(found.end(), _word_edge(text, min(len(text), found.end() + SNIPPET_AFTER), forward=False))
    lead, tail = ("…" if start > 0 else ""), ("…" if end < len(text) else "")
    window = text[start:end]
    shift = len(lead) - start
    marks = [[m.start() + shift, m.end() + shift] for m in pattern.finditer(text, start, end)]
    match = {"start": found.start(), "end": found.end(), "text": found.group()}
    return {**item, "snippet": lead + window + tail, "highlights": marks, "match": match}


def _word_edge(text: str, at: int, forward: bool) -> int:
    """Move a cut to the nearest space so a snippet does not start or end mid-word."""
    if at <= 0 or at >= len(text):
        return at
    space = text.find(" ", at) if forward else text.rfind(" ", 0, at)
    return space + 1 if forward and space != -1 else space if space != -1 else at
