"""The JSON API: the CLI's listings and story views over HTTP, with paging and the same filters.

Lists come as ``{"items", "limit", "offset", "next_offset", "total"}`` (``total`` is null for
articles, which are paged in the database without counting). The functions below the routes
are shared with the HTML pages, so a page shows exactly what the API returns.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request

from newsgraph.errors import BadQuery, NotFound
from newsgraph.model import STANCES
from newsgraph.store import Store
from newsgraph.store import search as search_mod
from newsgraph.stories import compare as compare_mod
from newsgraph.stories import network as network_mod
from newsgraph.stories import timeline as timeline_mod
from newsgraph.stories.data import StoryData, actor_label, event_about, load, outlet_label, roll_up, select
from newsgraph.stories.reactions import reactions as reactions_of

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["api"])

MAX_LIMIT = 500
ARTICLE_ID = r"^[0-9a-fA-F]{1,16}$"
ACTOR_CODE = r"^[A-Za-z][A-Za-z0-9_.-]{0,15}$"
TYPE_CODE = r"^[A-Za-z_]{2,16}$"

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most this many items (1–{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, description="Skip this many items first.")]
ArticleFilter = Annotated[Optional[str], Query(pattern=ARTICLE_ID, description="Only this article (an id or unique prefix).")]
ActorFilter = Annotated[Optional[str], Query(pattern=ACTOR_CODE, description="Actor code: ISO alpha-3 (RUS) or organisation (EU).")]
DateFilter = Annotated[Optional[str], Query(max_length=40, description="A date, YYYY-MM-DD.")]
StoryFilter = Annotated[Optional[int], Query(ge=0, description="A story id (see /api/stories).")]
AboutFilter = Annotated[Optional[str], Query(min_length=1, max_length=200, description="Events whose source, target or words match this text, across all stories.")]
Stance = Literal["support", "condemn", "concern", "mixed", "neutral"]
assert set(Stance.__args__) == set(STANCES)  # type: ignore[attr-defined]


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def check_dates(**dates: str | None) -> None:
    """The store's own message names the CLI's --since; an API user gets the parameter's name."""
    from newsgraph.ingest.base import iso_datetime

    for name, value in dates.items():
        if value and iso_datetime(value) is None:
            raise BadQuery(f"{name} {value!r} is not a date; use YYYY-MM-DD")


def page(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """One page of an already computed list."""
    items = rows[offset : offset + limit]
    more = offset + limit < len(rows)
    return {"items": items, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None, "total": len(rows)}


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
    counts = {kind: len(store.records(kind, article["id"])) for kind in ("actors", "quotes", "events", "stances")}
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
    rows = store.records("actors", article, actor=actor, sector=sector)
    return page(rows if mentions else roll_up(rows), limit, offset)


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
    return page(store.records("quotes", article, contains={"speaker": speaker}, actor=actor, direct=direct), limit, offset)


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
    rows = store.records("events", article, since=since, until=until, type=type, source_actor=source, target_actor=target)
    return page(rows, limit, offset)


@router.get("/stances", summary="Where each government or organisation stands on a focal event")
def stances_api(
    store: StoreDep,
    actor: ActorFilter = None,
    stance: Annotated[Optional[Stance], Query(description="One of support, condemn, concern, mixed, neutral.")] = None,
    article: ArticleFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return page(store.records("stances", article, actor=actor, stance=stance), limit, offset)


# -- stories -------------------------------------------------------------------------


@router.get("/stories", summary="Stories newest first, with article, source and outlet counts")
def stories_api(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page(store.stories(), limit, offset)


@router.get("/stories/{story_id}", summary="One story and its articles")
def story_api(store: StoreDep, story_id: Annotated[int, Path(ge=0)]) -> dict[str, Any]:
    return story_view(store, story_id)


@router.get("/reactions", summary="Reactions table: one row per country or organisation")
def reactions_api(store: StoreDep, story: StoryFilter = None, about: AboutFilter = None) -> dict[str, Any]:
    data, label = _select(store, story, about)
    return {"label": label, **reactions_of(data, about)}


@router.get("/timeline", summary="Dated events in order, each once, with source counts and evidence")
def timeline_api(store: StoreDep, story: StoryFilter = None, about: AboutFilter = None) -> dict[str, Any]:
    data, label = _select(store, story, about)
    if about:
        data.events = [e for e in data.events if event_about(e, about)]
    return {"label": label, "events": timeline_mod.timeline(data)}


@router.get("/compare", summary="Per outlet: shared facts, facts only it reports, whom it quotes, its own words")
def compare_api(store: StoreDep, story: Annotated[int, Query(ge=0, description="A story id.")]) -> dict[str, Any]:
    data, label = select(store, story, None)
    return {"label": label, **compare_mod.compare(data)}


@router.get("/network", summary="Actor network: who acts on whom, cooperation (+) against conflict (-)")
def network_api(store: StoreDep, story: StoryFilter = None, since: DateFilter = None, until: DateFilter = None) -> dict[str, Any]:
    if story is not None:
        data, label = select(store, story, None)
    elif since or until:
        check_dates(since=since, until=until)
        data, label = StoryData(articles=[], events=store.records("events", since=since, until=until)), f"{since or '…'} to {until or '…'}"
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
    found = search_mod.search(store, q, outlet=outlet, since=since, until=until, limit=limit, offset=offset)
    more = offset + limit < found["total"]
    return {**found, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None}


# -- shared with the pages -------------------------------------------------------------


def _select(store: Store, story: int | None, about: str | None) -> tuple[StoryData, str]:
    if story is None and not about:
        raise BadQuery("say which story: ?story=ID (see /api/stories) or ?about=TEXT")
    return select(store, story, about)


def story_view(store: Store, story_id: int) -> dict[str, Any]:
    """A story and its articles' metadata, oldest first."""
    story = store.story(story_id)
    columns = ("id", "title", "outlet", "published", "duplicate_of", "url", "location")
    articles = [{**{k: a.get(k) for k in columns}, "outlet": outlet_label(a)} for a in store.articles_by_id(story["articles"])]
    return {**story, "articles": articles}


def actor_view(store: Store, code: str) -> dict[str, Any]:
    """Everything one actor said and did, oldest first, each with its article's date and outlet."""
    code = code.upper()
    stances = store.records("stances", actor=code)
    quotes = store.records("quotes", actor=code)
    events = store.records("events", source_actor=code) + store.records("events", target_actor=code)
    mentions = store.records("actors", actor=code)
    if not (stances or quotes or events or mentions):
        raise NotFound(f"no actor {code!r} in any article; actor codes are ISO alpha-3 (RUS) or organisations (EU)")
    ids = {r["article"] for r in stances + quotes + events + mentions}
    meta = {a["id"]: {"id": a["id"], "title": a["title"], "outlet": outlet_label(a), "published": a["published"], "story_id": a["story_id"]} for a in store.articles_by_id(ids)}
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
            {m["name"] for m in mentions if m.get("role")}
            | {s["actor"]["name"] for s in stances if s["actor"].get("role")}
            | {q["speaker"]["name"] for q in quotes if (q.get("speaker") or {}).get("role")}
        ),
        "mentions": len(mentions),
        "articles": sorted(meta.values(), key=lambda a: (a["published"] or "", a["id"])),
        "stances": sorted(stances, key=when),
        "quotes": sorted(quotes, key=when),
        "events": sorted(unique_events, key=when),
    }


def story_bundle(store: Store, story_id: int) -> dict[str, Any]:
    """Everything the story page shows, from one load of the story's records.

    One view failing (a bug in it, odd records) must not take the others down: its error is
    logged and shown in its place.
    """
    story = story_view(store, story_id)
    data = load(store, [a["id"] for a in story["articles"]])
    views = {
        "reactions": lambda: reactions_of(data),
        "timeline": lambda: timeline_mod.timeline(data),
        "compare": lambda: compare_mod.compare(data),
        "network": lambda: network_mod.to_json(network_mod.network(data)),
    }
    bundle: dict[str, Any] = {"story": story, "data": data, "errors": {}}
    for name, make in views.items():
        try:
            bundle[name] = make()
        except Exception as err:  # noqa: BLE001  (shown on the page, logged with its traceback)
            log.exception("story %s: the %s view failed", story_id, name)
            bundle[name] = None
            bundle["errors"][name] = f"{type(err).__name__}: {err}"
    return bundle
