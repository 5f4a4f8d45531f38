"""The JSON API: the CLI's listings and story views over HTTP, with paging and the same filters.

Lists come as ``{"items", "limit", "offset", "next_offset", "total"}`` (``total`` is null for
articles, which are paged in the database without counting). The functions below the routes
are shared with the HTML pages, so a page shows exactly what the API returns.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request

from newsgraph.errors import BadQuery, NotFound
from newsgraph.model import STANCES
from newsgraph.store import Store
from newsgraph.store import search as search_mod
from newsgraph.stories import compare as compare_mod
from newsgraph.stories import network as network_mod
from newsgraph.stories import timeline as timeline_mod
from newsgraph.stories.data import StoryData, actor_label, event_about, outlet_label, roll_up
from newsgraph.stories.reactions import reactions as reactions_of
from newsgraph.views.web import selection
from newsgraph.views.web.cache import get_cache

router = APIRouter(prefix="/api", tags=["api"])

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000  # deeper than any list; a bigger number is a mistake (or a probe), not a page
MAX_ID = 2**31 - 1  # story numbers; 2**63 and up would not even fit the database's integer
MAX_EVENTS = 5000  # the network of a date range is drawn from the newest this many events
MAX_PER_ACTOR = 200  # an actor's page lists its newest this many stances, quotes and events
ALL_ACTORS = ("actors", "", "")  # the cache key of the whole actors roll-up
ARTICLE_ID = r"^[0-9a-fA-F]{1,16}$"
ACTOR_CODE = r"^[A-Za-z][A-Za-z0-9_.-]{0,15}$"
TYPE_CODE = r"^[A-Za-z_]{2,16}$"

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most this many items (1–{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"Skip this many items first (0–{MAX_OFFSET:,}).")]
ArticleFilter = Annotated[Optional[str], Query(pattern=ARTICLE_ID, description="Only this article (an id or unique prefix).")]
ActorFilter = Annotated[Optional[str], Query(pattern=ACTOR_CODE, description="Actor code: ISO alpha-3 (RUS) or organisation (EU).")]
DateFilter = Annotated[Optional[str], Query(max_length=40, description="A date, YYYY-MM-DD.")]
StoryId = Annotated[int, Path(ge=0, le=MAX_ID, description="A story id (see /api/stories).")]
StoryFilter = Annotated[Optional[int], Query(ge=0, le=MAX_ID, description="A story id (see /api/stories).")]
AboutFilter = Annotated[Optional[str], Query(min_length=1, max_length=200, description="Events whose source, target or words match this text, across all stories.")]
Stance = Literal["support", "condemn", "concern", "mixed", "neutral"]
assert set(Stance.__args__) == set(STANCES)  # type: ignore[attr-defined]


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def check_dates(**dates: str | None) -> None:
    """Dates in a URL are ISO dates, strictly: the ingest's lenient reader (which takes
    '2026-13-01' for 13 January) is for articles, not for what a person or a program asks."""
    for name, value in dates.items():
        if not value:
            continue
        try:
            datetime.fromisoformat(value)
        except ValueError as err:
            reason = str(err) if "must be" in str(err) or "out of range" in str(err) else "not in the form YYYY-MM-DD"
            raise BadQuery(f"{name} {value!r} is not a date ({reason}); use YYYY-MM-DD, e.g. 2026-03-01") from None


def page(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """One page of an already computed list."""
    return paged(rows[offset : offset + limit], limit, offset, len(rows))


def paged(items: list[Any], limit: int, offset: int, total: int) -> dict[str, Any]:
    more = offset + limit < total
    return {"items": items, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None, "total": total}


def record_page(store: Store, kind: str, limit: int, offset: int, article: str | None = None, **filters: Any) -> dict[str, Any]:
    """One page of records, read and counted in the database (the count cached until it changes)."""
    total = get_cache(store).get(("count", kind, article, repr(sorted(filters.items()))), lambda: store.count_records(kind, article, **filters))
    items = store.records(kind, article, limit=limit, offset=offset, **filters) if offset < total else []  # none: no scan for them
    return paged(items, limit, offset, total)


def newest_records(store: Store, kind: str, most: int, **filters: Any) -> tuple[list[dict[str, Any]], int]:
    """At most ``most`` records, from the newest articles, and how many there are in all.

    Counted first (an index count): when all of them fit, they are read directly; only a
    longer list walks the articles newest first (which, for none at all, would walk them all).
    """
    total = store.count_records(kind, **filters)
    if total == 0:
        return [], 0
    if total <= most:
        return store.records(kind, **filters), total
    return store.records(kind, limit=most, newest=True, **filters), total


def actor_rows(store: Store, actor: str | None = None, sector: str | None = None) -> list[dict[str, Any]]:
    """The actors roll-up (every mention counted), cached until the database changes.

    The whole roll-up (computed at start-up, see app.warm_up) also answers ``actor``; only a
    ``sector`` needs a roll-up of its own.
    """
    if sector:
        rows: list[dict[str, Any]] = get_cache(store).get(("actors", "", sector.upper()), lambda: store.actor_counts(sector=sector))
    else:
        rows = get_cache(store).get(ALL_ACTORS, store.actor_counts)
    return [r for r in rows if (r["actor"] or "").upper() == actor.upper()] if actor else rows


# -- articles ------------------------------------------------------------------


@router.get("/articles", summary="List articles, newest first")
def articles_api(
    store: StoreDep,
    outlet: Annotated[Optional[str], Query(max_length=200, description="Only this outlet (case-insensitive).")] = None,
    since: DateFilter = None,
    until: DateFilter = None,
    text: Annotated[Optional[str], Query(max_length=200, description="Title or body contains this text.")] = None,
    with_text: Annotated[bool, Query(description="Include the body text.")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    check_dates(since=since, until=until)
    rows = store.articles(outlet=outlet, since=since, until=until, text=text, limit=limit + 1, offset=offset)
    for row in rows:
        body = row.pop("text")
        if with_text:
            row["text"] = body
    more = len(rows) > limit
    return {"items": rows[:limit], "limit": limit, "offset": offset, "next_offset": offset + limit if more else None, "total": None}


@router.get("/articles/{article_id}", summary="One article with captions, locations, copies and record counts")
def article_api(store: StoreDep, article_id: Annotated[str, Path(pattern=ARTICLE_ID)]) -> dict[str, Any]:
    article = store.article(article_id)
    counts = {kind: store.count_records(kind, article["id"]) for kind in ("actors", "quotes", "events", "stances")}
    return {**article, "extracted": counts}


# -- records ---------------------------------------------------------------------


@router.get("/actors", summary="Actors, one row per actor and name (or every mention)")
def actors_api(
    store: StoreDep,
    actor: ActorFilter = None,
    sector: Annotated[Optional[str], Query(pattern=r"^[A-Za-z]{2,8}$", description="Sector code: GOV, MIL, JUD, LEG, OPP, ...")] = None,
    article: ArticleFilter = None,
    mentions: Annotated[bool, Query(description="Every mention instead of one row per actor.")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    if mentions:
        return record_page(store, "actors", limit, offset, article, actor=actor, sector=sector)
    if article:  # one article's mentions are few: roll them up here, exactly as the CLI does
        return page(roll_up(store.records("actors", article, actor=actor, sector=sector)), limit, offset)
    return page(actor_rows(store, actor, sector), limit, offset)


@router.get("/actors/{code}", summary="One actor: its stances, statements and events over time")
def actor_api(store: StoreDep, code: Annotated[str, Path(pattern=ACTOR_CODE)]) -> dict[str, Any]:
    return actor_view(store, code)


@router.get("/quotes", summary="Who said what: direct and reported speech")
def quotes_api(
    store: StoreDep,
    actor: ActorFilter = None,
    speaker: Annotated[Optional[str], Query(max_length=200, description="Speaker name contains this text.")] = None,
    article: ArticleFilter = None,
    direct: Annotated[Optional[bool], Query(description="true: only direct quotes; false: only indirect.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return record_page(store, "quotes", limit, offset, article, contains={"speaker": speaker}, actor=actor, direct=direct)


@router.get("/events", summary="Who did what to whom and when (POLECAT types)")
def events_api(
    store: StoreDep,
    type: Annotated[Optional[str], Query(pattern=TYPE_CODE, description="POLECAT type: ASSAULT, ACCUSE, CONSULT, ...")] = None,
    source: ActorFilter = None,
    target: ActorFilter = None,
    since: DateFilter = None,
    until: DateFilter = None,
    article: ArticleFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    check_dates(since=since, until=until)
    return record_page(store, "events", limit, offset, article, since=since, until=until, type=type, source_actor=source, target_actor=target)


@router.get("/stances", summary="Where each government or organisation stands on a focal event")
def stances_api(
    store: StoreDep,
    actor: ActorFilter = None,
    stance: Annotated[Optional[Stance], Query(description="One of support, condemn, concern, mixed, neutral.")] = None,
    article: ArticleFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return record_page(store, "stances", limit, offset, article, actor=actor, stance=stance)


# -- stories -------------------------------------------------------------------------


@router.get("/stories", summary="Stories newest first, with article, source and outlet counts")
def stories_api(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return paged(store.stories(limit=limit, offset=offset), limit, offset, get_cache(store).get(("stories",), store.count_stories))


@router.get("/stories/{story_id}", summary="One story and its articles (paged: limit, offset)")
def story_api(store: StoreDep, story_id: StoryId, limit: Limit = MAX_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    story = selection.story_view(store, story_id, limit=limit, offset=offset)
    more = offset + limit < story["article_count"]
    return {**story, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None}


@router.get("/reactions", summary="Reactions table: one row per country or organisation")
def reactions_api(store: StoreDep, story: StoryFilter = None, about: AboutFilter = None) -> dict[str, Any]:
    data, label = selection.select(store, story, about)
    return {"label": label, **reactions_of(data, about)}


@router.get("/timeline", summary="Dated events in order, each once, with source counts and evidence")
def timeline_api(store: StoreDep, story: StoryFilter = None, about: AboutFilter = None) -> dict[str, Any]:
    data, label = selection.select(store, story, about)
    if about:
        data.events = [e for e in data.events if event_about(e, about)]
    return {"label": label, "events": timeline_mod.timeline(data)}


@router.get("/compare", summary="Per outlet: shared facts, facts only it reports, whom it quotes, its own words")
def compare_api(store: StoreDep, story: Annotated[int, Query(ge=0, le=MAX_ID, description="A story id.")]) -> dict[str, Any]:
    data, label = selection.story_data(store, story)
    return {"label": label, **compare_mod.compare(data)}


@router.get("/network", summary="Actor network: who acts on whom, cooperation (+) against conflict (-)")
def network_api(store: StoreDep, story: StoryFilter = None, since: DateFilter = None, until: DateFilter = None) -> dict[str, Any]:
    if story is not None:
        data, label = selection.story_data(store, story)
    elif since or until:
        check_dates(since=since, until=until)
        events, total = newest_records(store, "events", MAX_EVENTS, since=since, until=until)
        label = f"{since or '…'} to {until or '…'}" + (f" (the newest {MAX_EVENTS} of {total} events)" if total > MAX_EVENTS else "")
        data = StoryData(articles=[], events=events)
    else:
        raise BadQuery("say which events: ?story=ID, or ?since= and/or ?until= dates (YYYY-MM-DD)")
    return {"label": label, **network_mod.to_json(network_mod.network(data))}


@router.get("/search", summary="Full-text search over article titles and text")
def search_api(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=300, description='Words (all must match, prefixes too) or "quoted phrases".')],
    outlet: Annotated[Optional[str], Query(max_length=200)] = None,
    since: DateFilter = None,
    until: DateFilter = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    check_dates(since=since, until=until)
    found = cached_search(store, q, outlet=outlet, since=since, until=until, limit=limit, offset=offset)
    more = offset + limit < found["total"]
    return {**found, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None}


# -- shared with the pages -------------------------------------------------------------


def cached_search(store: Store, q: str, **options: Any) -> dict[str, Any]:
    """A search ranks every matching article (a common word matches most of them): keep each
    page of results until the database changes."""
    key = ("search", q, repr(sorted(options.items())))
    return get_cache(store).get(key, lambda: search_mod.search(store, q, **options))


def actor_view(store: Store, code: str) -> dict[str, Any]:
    """What one actor said and did, oldest first, each with its article's date and outlet: the
    newest MAX_PER_ACTOR stances, quotes and events (``totals`` says how many there are in all)."""
    code = code.upper()
    stances, stance_total = newest_records(store, "stances", MAX_PER_ACTOR, actor=code)
    quotes, quote_total = newest_records(store, "quotes", MAX_PER_ACTOR, actor=code)
    done, done_total = newest_records(store, "events", MAX_PER_ACTOR, source_actor=code)
    suffered, suffered_total = newest_records(store, "events", MAX_PER_ACTOR, target_actor=code)
    events = done + suffered
    names = actor_rows(store, code)
    if not (stances or quotes or events or names):
        raise NotFound(f"no actor {code!r} in any article; actor codes are ISO alpha-3 (RUS) or organisations (EU)")
    totals = {"stances": stance_total, "quotes": quote_total, "events": done_total + suffered_total}
    ids = {r["article"] for r in stances + quotes + events}
    meta = {a["id"]: {"id": a["id"], "title": a["title"], "outlet": outlet_label(a), "published": a["published"], "story_id": a["story_id"]} for a in store.articles_by_id(ids, with_text=False)}
    seen: set[tuple[str, int]] = set()
    unique_events = []
    for e in events:
        key = (e["article"], e["evidence"]["start"])
        if key not in seen:
            seen.add(key)
            unique_events.append(e)

    def when(row: dict[str, Any]) -> tuple[str, str]:
        dated = row["date"]["value"] if isinstance(row.get("date"), dict) else None  # events carry their own date
        return (dated or meta.get(row["article"], {}).get("published") or "", row["article"])

    return {
        "actor": actor_label(code),
        "people": sorted(
            {m["name"] for m in names if m.get("role")}
            | {s["actor"]["name"] for s in stances if s["actor"].get("role")}
            | {q["speaker"]["name"] for q in quotes if (q.get("speaker") or {}).get("role")}
        ),
        "mentions": sum(m["mentions"] for m in names),
        "totals": totals,  # the lists below hold the newest MAX_PER_ACTOR of each when there are more
        "articles": sorted(meta.values(), key=lambda a: (a["published"] or "", a["id"])),
        "stances": sorted(stances, key=when),
        "quotes": sorted(quotes, key=when),
        "events": sorted(unique_events, key=when),
    }
