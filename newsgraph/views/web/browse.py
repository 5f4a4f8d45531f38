"""Browse pages in the Datasette manner: /events, /quotes and /actors as tables with sorting,
facet counts, paging, and a CSV and JSON link each that streams exactly the filtered rows.

Every row of events and quotes links to its sentence. Facet counts come from
``Store.browse_facets`` (bounded: the first FACET_ROWS matching records) or, for actors, from
the actors roll-up the server keeps; each facet value is a link that adds it as a filter.
"""

# No `from __future__ import annotations`: FastAPI reads the annotations of the handlers made
# inside _record_routes, which name that function's local variables.
import calendar
import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Annotated, Any, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from newsgraph.errors import BadQuery
from newsgraph.store import browse as browse_store
from newsgraph.store.browse import FACET_VALUES, KINDS
from newsgraph.views.web import api
from newsgraph.views.web.api import ACTOR_CODE, TYPE_CODE, Offset, StoreDep

router = APIRouter(include_in_schema=False)

PAGE = 50
Code = Annotated[Optional[str], Query(pattern=ACTOR_CODE)]
Text = Annotated[Optional[str], Query(max_length=200)]
Day = Annotated[Optional[str], Query(max_length=40)]
Sort = Annotated[Optional[str], Query(max_length=20)]
FACET_TITLES = {"type": "Type", "source": "Source country or organisation", "target": "Target country or organisation", "actor": "Country or organisation", "direct": "Quote", "outlet": "Outlet", "month": "Month", "sector": "Sector"}
ACTOR_SORTS = {"articles": "articles", "mentions": "mentions", "name": "name", "actor": "actor"}
ACTOR_COLUMNS = ("actor", "name", "sector", "role", "mentions", "articles")
EVENT_COLUMNS = ("date", "date_kind", "type", "source", "target", "text", "outlet", "published", "title", "article", "start", "end", "evidence")
QUOTE_COLUMNS = ("speaker", "actor", "direct", "text", "outlet", "published", "title", "article", "start", "end", "evidence")


def _check_sort(sort: str | None, allowed: Iterable[str]) -> str | None:
    if sort and sort.lstrip("-") not in allowed:
        raise BadQuery(f"sort: {sort!r} is not a column to sort by; choose {', '.join(sorted(allowed))} (with a leading - for descending)")
    return sort or None


def _record_filters(kind: str, **given: Any) -> dict[str, Any]:
    api.check_dates(since=given.get("since"), until=given.get("until"))
    _check_sort(given.pop("sort", None), KINDS[kind]["sorts"])
    return {k: v for k, v in given.items() if v not in (None, "")}


def _param(value: Any) -> Any:
    """A value as a URL writes it (true/false, not True/False)."""
    return str(value).lower() if isinstance(value, bool) else value


def _with_evidence(row: dict[str, Any]) -> dict[str, Any]:
    row["evidence"] = f"/articles/{row['article']}?start={row['start']}&end={row['end']}#focus"
    row["published"] = (row.get("published") or "")[:10]
    return row


def records_view(store: Any, kind: str, filters: dict[str, Any], sort: str | None, offset: int) -> dict[str, Any]:
    """One page of events or quotes, the count, and the facets (kept until the database changes)."""
    cache = api.get_cache(store)
    key = repr(sorted(filters.items()))
    facets, counted = cache.get(("browse-facets", kind, key), lambda: store.browse_facets(kind, filters, tuple(KINDS[kind]["facets"])))
    # the facet pass read every match when it read fewer than it may: that is the count (one scan, not two)
    total = counted if counted < browse_store.FACET_ROWS else cache.get(("browse-count", kind, key), lambda: store.browse_count(kind, filters))
    rows = [_with_evidence(r) for r in store.browse_rows(kind, filters, sort, limit=PAGE, offset=offset)] if offset < total else []
    return {"rows": rows, "total": total, "facets": facets, "counted": counted, "sampled": counted < total}


def actor_view(store: Any, filters: dict[str, Any], sort: str | None) -> dict[str, Any]:
    """The actors roll-up, filtered and sorted, with facet counts over all its matching rows."""
    rows = api.actor_rows(store)
    if filters.get("actor"):
        rows = [r for r in rows if (r["actor"] or "") == filters["actor"].upper()]
    if filters.get("sector"):
        rows = [r for r in rows if (r["sector"] or "") == filters["sector"].upper()]
    if filters.get("name"):
        rows = [r for r in rows if filters["name"].lower() in (r["name"] or "").lower()]
    name, descending = (sort or "-articles").lstrip("-"), (sort or "-articles").startswith("-")
    rows = sorted(rows, key=lambda r: (r[name] is None, r[name] or 0 if name in ("articles", "mentions") else (r[name] or "").lower()), reverse=descending)
    facets = {name: Counter(r[name] for r in rows).most_common(FACET_VALUES) for name in ("actor", "sector")}
    return {"rows": rows, "total": len(rows), "facets": facets, "counted": len(rows), "sampled": False}


def _page(request: Request, kind: str, view: dict[str, Any], query: dict[str, Any], offset: int, title: str, columns: list[tuple[str, str]]) -> Response:
    sortable = set(ACTOR_SORTS if kind == "actors" else KINDS[kind]["sorts"])
    def link(**changes: Any) -> str:
        """This page's URL with some parameters changed (None removes one); a new filter starts at the first page."""
        changed = {**query, "offset": offset}
        if set(changes) - {"offset"}:
            changed.pop("offset", None)
        for name, value in changes.items():
            changed.pop(name, None)
            if value is not None:
                changed[name] = value
        changed = {k: _param(v) for k, v in changed.items() if v is not None and v != "" and not (k == "offset" and v == 0)}
        return f"/{kind}" + (f"?{urlencode(changed)}" if changed else "")

    def facet_link(name: str, value: Any) -> str | None:
        """The link that adds a facet's value as a filter (a month becomes a date range); None for no value."""
        if value is None:
            return None
        if name == "month":
            year, month = (int(part) for part in str(value).split("-")[:2])
            return link(since=f"{value}-01", until=f"{value}-{calendar.monthrange(year, month)[1]:02d}")
        return link(**{name: value})

    downloads = urlencode({k: _param(v) for k, v in query.items() if v is not None and v != ""})
    return request.app.state.templates.TemplateResponse(
        request,
        "browse.html",
        {
            **view,
            "kind": kind,
            "title": title,
            "columns": columns,
            "query": query,
            "filters": {k: v for k, v in query.items() if v not in (None, "") and k != "sort"},
            "facet_titles": FACET_TITLES,
            "link": link,
            "facet_link": facet_link,
            "offset": offset,
            "page": PAGE,
            "downloads": downloads,
            "sort": query.get("sort"),
            "sortable": sortable,
        },
    )


def stream(rows: Iterator[dict[str, Any]], columns: tuple[str, ...], fmt: str, name: str) -> Response:
    """The rows as CSV or JSON, written as they are read (memory stays a chunk of rows)."""
    if fmt == "csv":

        def lines() -> Iterator[str]:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
                if buffer.tell() > 16_384:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

        return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})

    def items() -> Iterator[str]:
        yield '{"rows": ['
        for n, row in enumerate(rows):
            yield ("," if n else "") + json.dumps({k: row.get(k) for k in columns}, ensure_ascii=False)
        yield "]}"

    return StreamingResponse(items(), media_type="application/json")


def _exported(store: Any, kind: str, filters: dict[str, Any], sort: str | None) -> Iterator[dict[str, Any]]:
    return (_with_evidence(r) for r in store.browse_iter(kind, filters, sort))


# -- events and quotes --------------------------------------------------------------------

EVENT_HEADERS = [("date", "Date"), ("type", "Type"), ("source", "Source"), ("target", "Target"), ("text", "Sentence"), ("outlet", "Outlet"), ("published", "Published")]
QUOTE_HEADERS = [("speaker", "Speaker"), ("actor", "For"), ("text", "Words"), ("direct", "Kind"), ("outlet", "Outlet"), ("published", "Published")]


def event_query(
    type: Annotated[Optional[str], Query(pattern=TYPE_CODE)] = None,
    source: Code = None,
    target: Code = None,
    outlet: Text = None,
    since: Day = None,
    until: Day = None,
    sort: Sort = None,
) -> dict[str, Any]:
    return {"type": type, "source": source, "target": target, "outlet": outlet, "since": since, "until": until, "sort": sort}


def quote_query(
    actor: Code = None,
    speaker: Text = None,
    direct: Optional[bool] = None,
    outlet: Text = None,
    since: Day = None,
    until: Day = None,
    sort: Sort = None,
) -> dict[str, Any]:
    return {"actor": actor, "speaker": speaker, "direct": direct, "outlet": outlet, "since": since, "until": until, "sort": sort}


RECORD_PAGES = {
    "events": (event_query, EVENT_HEADERS, EVENT_COLUMNS),
    "quotes": (quote_query, QUOTE_HEADERS, QUOTE_COLUMNS),
}


def _record_routes(kind: str, fmt: str | None) -> Callable[..., Response]:
    reader, headers, columns = RECORD_PAGES[kind]

    def handler(request: Request, store: StoreDep, query: Annotated[dict[str, Any], Depends(reader)], offset: Offset = 0) -> Response:
        filters = _record_filters(kind, **query)
        if fmt:
            return stream(_exported(store, kind, filters, query["sort"]), columns, fmt, kind)
        return _page(request, kind, records_view(store, kind, filters, query["sort"], offset), query, offset, kind.title(), headers)

    return handler


# -- actors ------------------------------------------------------------------------------

ACTOR_HEADERS = [("actor", "Code"), ("name", "Name"), ("sector", "Sector"), ("role", "Role"), ("mentions", "Mentions"), ("articles", "Articles")]


def _actor_routes(fmt: str | None) -> Callable[..., Response]:
    def handler(
        request: Request,
        store: StoreDep,
        actor: Code = None,
        sector: Annotated[Optional[str], Query(pattern=r"^[A-Za-z]{2,8}$")] = None,
        name: Text = None,
        sort: Sort = None,
        offset: Offset = 0,
    ) -> Response:
        _check_sort(sort, ACTOR_SORTS)
        query = {"actor": actor, "sector": sector, "name": name, "sort": sort}
        view = actor_view(store, query, sort)
        if fmt:
            return stream(iter(view["rows"]), ACTOR_COLUMNS, fmt, "actors")
        view["rows"] = view["rows"][offset : offset + PAGE]
        return _page(request, "actors", view, query, offset, "Actors", ACTOR_HEADERS)

    return handler


for _kind, _make in (("events", partial(_record_routes, "events")), ("quotes", partial(_record_routes, "quotes")), ("actors", _actor_routes)):
    router.add_api_route(f"/{_kind}", _make(None), methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(f"/{_kind}.csv", _make("csv"), methods=["GET"])
    router.add_api_route(f"/{_kind}.json", _make("json"), methods=["GET"])
