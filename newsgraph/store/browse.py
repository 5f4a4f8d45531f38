"""Browsing a record table as a table: filters, sorting, facet counts, pages, and every filtered
row streamed for a download (the /events and /quotes pages).

Each record comes flat, with its article's outlet, date and title beside it. Facet counts are
bounded: they are exact over the first FACET_ROWS matching records (as the database reads them) and, when
more match, say they were counted over that sample, so a facet never reads millions of rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from newsgraph.store import schema

FACET_ROWS = 20_000  # facet counts read at most this many matching records
FACET_VALUES = 30  # the most frequent values of a facet that are shown
UNKNOWN_OUTLET = "unknown outlet"  # the facet value of articles whose source named no outlet

_a = schema.articles
_ev = schema.events
_q = schema.quotes

# per kind: its table, the flat columns of a row, the facets (name -> expression), the sorts
# (name -> expression), the default sort (newest first), and what since/until bound
KINDS: dict[str, dict[str, Any]] = {
    "events": {
        "table": _ev,
        "columns": {"date": _ev.c.date, "date_kind": _ev.c.date_kind, "type": _ev.c.type, "source": _ev.c.source_actor, "target": _ev.c.target_actor},
        "facets": {"type": _ev.c.type, "source": _ev.c.source_actor, "target": _ev.c.target_actor, "outlet": _a.c.outlet, "month": sa.func.substr(_ev.c.date, 1, 7)},
        "sorts": {"date": _ev.c.date, "type": _ev.c.type, "source": _ev.c.source_actor, "target": _ev.c.target_actor, "published": _a.c.published},
        "default": "-date",
        "dated": _ev.c.date,
    },
    "quotes": {
        "table": _q,
        "columns": {"speaker": _q.c.speaker, "actor": _q.c.actor, "direct": _q.c.direct},
        "facets": {"actor": _q.c.actor, "direct": _q.c.direct, "outlet": _a.c.outlet, "month": sa.func.substr(_a.c.published, 1, 7)},
        "sorts": {"published": _a.c.published, "speaker": _q.c.speaker, "actor": _q.c.actor},
        "default": "-published",
        "dated": _a.c.published,
    },
}
EXACT = {"type", "source", "target", "actor"}  # filters matched exactly (codes, upper case)
FILTER_COLUMNS = {"type": "type", "source": "source_actor", "target": "target_actor", "actor": "actor"}


class Browse:
    """Browsing methods of ``Store``; ``self.engine`` is its SQLAlchemy engine."""

    engine: sa.Engine

    def browse_count(self, kind: str, filters: dict[str, Any]) -> int:
        """How many records match ``filters``."""
        spec = KINDS[kind]
        query = sa.select(sa.func.count()).select_from(_joined(spec, filters)).where(*_where(spec, filters, self.engine.dialect.name))
        with self.engine.connect() as conn:
            return conn.scalar(query) or 0

    def browse_rows(self, kind: str, filters: dict[str, Any], sort: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """One page of matching records, flat, in the order ``sort`` names ('-date': newest first)."""
        spec = KINDS[kind]
        query = _select(spec, filters, self.engine.dialect.name, sort).order_by(*_order(spec, sort)).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [_flat(row) for row in conn.execute(query)]

    def browse_iter(self, kind: str, filters: dict[str, Any], sort: str | None = None, chunk: int = 500) -> Iterator[dict[str, Any]]:
        """Every matching record in ``sort`` order, read ``chunk`` at a time after the last one
        read (keyset paging: the thousandth chunk costs what the first does)."""
        spec = KINDS[kind]
        name, descending = _sort_name(spec, sort)
        column = spec["sorts"][name]
        after: tuple[Any, int] | None = None
        while True:
            query = _select(spec, filters, self.engine.dialect.name, sort).add_columns(column.label("sort_key")).order_by(*_order(spec, sort)).limit(chunk)
            if after is not None:
                query = query.where(_after(column, spec["table"].c.id, *after, descending))
            with self.engine.connect() as conn:
                rows = list(conn.execute(query))
            for row in rows:
                yield _flat(row)
            if len(rows) < chunk:
                return
            after = (rows[-1].sort_key, rows[-1].id)

    def browse_facets(self, kind: str, filters: dict[str, Any], names: tuple[str, ...]) -> tuple[dict[str, list[tuple[Any, int]]], int]:
        """The most frequent values of each facet among the matching records (the first
        FACET_ROWS of them, read in one pass), and how many records were counted."""
        spec = KINDS[kind]
        table = spec["table"]
        values = [spec["facets"][name].label(name) for name in names]
        query = sa.select(*values).select_from(table.join(_a, _a.c.id == table.c.article_id)).where(*_where(spec, filters, self.engine.dialect.name)).limit(FACET_ROWS)
        counts: dict[str, Counter[Any]] = {name: Counter() for name in names}
        seen = 0
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                seen += 1
                for name in names:
                    counts[name][getattr(row, name)] += 1
        out = {
            name: [(UNKNOWN_OUTLET if name == "outlet" and value is None else value, n) for value, n in sorted(found.items(), key=lambda kv: (-kv[1], str(kv[0])))[:FACET_VALUES]]
            for name, found in counts.items()
        }
        return out, seen


def _sort_name(spec: dict[str, Any], sort: str | None) -> tuple[str, bool]:
    chosen = sort or spec["default"]
    return chosen.lstrip("-"), chosen.startswith("-")


def _order(spec: dict[str, Any], sort: str | None) -> list[sa.ColumnElement[Any]]:
    """The sort column itself (its index serves the order), missing values last, then the id."""
    name, descending = _sort_name(spec, sort)
    column = spec["sorts"][name]
    return [column.desc().nulls_last() if descending else column.asc().nulls_last(), spec["table"].c.id]


def _after(column: sa.ColumnElement[Any], ids: sa.ColumnElement[int], value: Any, last: int, descending: bool) -> sa.ColumnElement[bool]:
    """The rows that come after (value, last) in ``_order``'s order, missing values last."""
    if value is None:
        return sa.and_(column.is_(None), ids > last)
    beyond = column < value if descending else column > value
    return sa.or_(beyond, sa.and_(column == value, ids > last), column.is_(None))


def _joined(spec: dict[str, Any], filters: dict[str, Any]) -> sa.FromClause:
    """The record table, joined to its articles only when a filter needs them."""
    table = spec["table"]
    needs = filters.get("outlet") or (spec["dated"] is _a.c.published and (filters.get("since") or filters.get("until")))
    return table.join(_a, _a.c.id == table.c.article_id) if needs else table


def _select(spec: dict[str, Any], filters: dict[str, Any], dialect: str, sort: str | None = None) -> sa.Select[Any]:
    """The flat rows. Sorted by a column of the record table, the records lead the join (a LEFT
    JOIN: every record has its article, and SQLite keeps that order), so the column's index
    gives the order instead of a sort of every row; sorted by an article column, the articles lead."""
    table = spec["table"]
    columns = [label.label(name) for name, label in spec["columns"].items()]
    name, _ = _sort_name(spec, sort)
    records_lead = spec["sorts"][name].table is table
    return (
        sa.select(table.c.id, table.c.article_id, table.c.start, table.c.end, table.c.text, *columns, _a.c.outlet, _a.c.published, _a.c.title)
        .select_from(table.join(_a, _a.c.id == table.c.article_id, isouter=records_lead))
        .where(*_where(spec, filters, dialect))
    )


def _where(spec: dict[str, Any], filters: dict[str, Any], dialect: str = "sqlite") -> list[sa.ColumnElement[bool]]:
    table = spec["table"]
    where: list[sa.ColumnElement[bool]] = []
    for name, value in filters.items():
        if value is None or value == "":
            continue
        if name in EXACT:
            where.append(table.c[FILTER_COLUMNS[name]] == str(value).upper())
        elif name == "direct":
            where.append(table.c.direct.is_(bool(value)))
        elif name == "speaker":
            # SQLite's LIKE already ignores (ASCII) case, and is faster without lower() on every row
            pattern = f"%{_escape(value)}%"
            where.append(table.c.speaker.like(pattern, escape="\\") if dialect == "sqlite" else table.c.speaker.ilike(pattern, escape="\\"))
        elif name == "outlet":
            where.append(_a.c.outlet.is_(None) if value == UNKNOWN_OUTLET else _a.c.outlet == value)
        elif name == "since":
            where.append(spec["dated"] >= value)
        elif name == "until":
            where.append(spec["dated"] < value + "\uffff")  # a date-only bound includes that whole day
        else:
            raise KeyError(name)
    return where


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _flat(row: Any) -> dict[str, Any]:
    data = dict(row._mapping)
    data.pop("sort_key", None)
    data["article"] = data.pop("article_id")
    data["outlet"] = data["outlet"] or UNKNOWN_OUTLET
    return data
