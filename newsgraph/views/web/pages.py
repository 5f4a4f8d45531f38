"""HTML pages, rendered on the server from the same functions the JSON API uses.

Every fact on a page links to its sentence: ``/articles/{id}?start=S&end=E#focus`` renders the
article with that span highlighted and scrolled into view (see ``evidence_link``).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Annotated, Any, Optional
from urllib.parse import urlencode, urlparse

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from newsgraph.errors import BadQuery, NotFound
from newsgraph.extract import can_analyse, not_analysed_reason
from newsgraph.store import recent
from newsgraph.stories.data import actor_label, outlet_label
from newsgraph.stories.reactions import STANCE_ORDER
from newsgraph.views.web import api, cache, highlight, selection, svg
from newsgraph.views.web.api import ACTOR_CODE, ARTICLE_ID, Offset, StoreDep, StoryId

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

PAGE_SIZE = 50
MAX_TEXT = 100_000_000  # character offsets into an article; no article is longer
SEARCH_PAGE = 20
SHOWN_ARTICLES = 12  # a story page lists its newest this many articles; the others are one click away, in place
NEW_SPANS = (("1h", "hour"), ("6h", "6 hours"), ("1d", "day"))  # the "new in the last …" links of the story and event pages
NewSince = Annotated[
    Optional[str],
    Query(max_length=40, description="Mark the articles stored since then, and the reactions they give: 30m, 2h, 1d, or a date or time (2026-03-05T08:00Z)."),
]
STANCE_WORDS = {"condemn": "condemns", "support": "supports", "concern": "concerned", "mixed": "mixed", "neutral": "neutral"}


def render(request: Request, name: str, **context: Any) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, context)


@router.get("/")
def stories_page(request: Request, store: StoreDep, offset: Offset = 0) -> Response:
    stories = store.stories(limit=PAGE_SIZE, offset=offset)
    count = api.get_cache(store).get(("stories",), store.count_stories)
    latest = [] if count else store.articles(limit=20)
    more = f"/?offset={offset + PAGE_SIZE}" if offset + PAGE_SIZE < count else None
    back = f"/?offset={max(offset - PAGE_SIZE, 0)}" if offset else None
    return render(request, "stories.html", stories=stories, count=count, latest=latest, total=store.count("articles"), more=more, back=back, offset=offset)


@router.get("/stories/{story_id}")
def story_page(request: Request, store: StoreDep, story_id: StoryId, new_since: NewSince = None) -> Response:
    try:
        bundle = selection.story_bundle(store, story_id)
    except NotFound:
        into = store.story_taken_into(story_id)
        if into is None:
            raise
        return RedirectResponse(f"/stories/{into}", status_code=301)  # a one-article story a grown one took in
    articles = bundle["story"]["articles"]
    story = bundle["story"]
    coverage = Counter(a["outlet"] for a in articles).most_common()
    sources = len({a["duplicate_of"] or a["id"] for a in articles})
    on_axis, background = svg.split_background(bundle["timeline"] or [], story.get("first_date"), story.get("last_date"))
    new = marks_since(store, new_since, (bundle["reactions"] or {}).get("reactions", []), story_id=story_id)
    return render(
        request,
        "story.html",
        **bundle,
        coverage=coverage,
        coverage_svg=svg.coverage_svg(coverage),
        sources=sources,
        timeline_svg=svg.timeline_svg(on_axis, lambda r: evidence_link(r["evidence"])),
        on_axis=on_axis,
        background=background,
        network_svg=svg.network_svg(bundle["network"] or {"nodes": [], "edges": []}),
        titles={a["id"]: a for a in articles},
        unanalysed=unanalysed(articles),
        shown_articles=SHOWN_ARTICLES,
        new=new,
        new_spans=NEW_SPANS,
    )


@router.get("/articles")
def articles_page(
    request: Request,
    store: StoreDep,
    outlet: Annotated[Optional[str], Query(max_length=200)] = None,
    since: Annotated[Optional[str], Query(max_length=40)] = None,
    until: Annotated[Optional[str], Query(max_length=40)] = None,
    offset: Offset = 0,
) -> Response:
    api.check_dates(since=since, until=until)
    rows = store.articles(outlet=outlet or None, since=since or None, until=until or None, limit=PAGE_SIZE + 1, offset=offset)
    keep = {k: v for k, v in (("outlet", outlet), ("since", since), ("until", until)) if v}
    more = f"/articles?{urlencode({**keep, 'offset': offset + PAGE_SIZE})}" if len(rows) > PAGE_SIZE else None
    back = f"/articles?{urlencode({**keep, 'offset': max(offset - PAGE_SIZE, 0)})}" if offset else None
    return render(request, "articles.html", articles=rows[:PAGE_SIZE], filters=keep, more=more, back=back, offset=offset)


@router.get("/articles/{article_id}")
def article_page(
    request: Request,
    store: StoreDep,
    article_id: Annotated[str, Path(pattern=ARTICLE_ID)],
    start: Annotated[Optional[int], Query(ge=0, le=MAX_TEXT)] = None,
    end: Annotated[Optional[int], Query(ge=0, le=MAX_TEXT)] = None,
) -> Response:
    article = store.article(article_id)
    text = article["text"]
    focus = None
    if start is not None or end is not None:
        if start is None or end is None or not start < end <= len(text):
            raise BadQuery(f"start and end must both be given, with 0 ≤ start < end ≤ {len(text)} (the article's length)")
        focus = (start, end)
    records = {kind: store.records(kind, article["id"]) for kind in ("actors", "quotes", "events", "stances")}
    marks = highlight.record_marks(records["actors"], records["quotes"], records["events"], records["stances"])
    body = highlight.render(text, marks, focus)
    original = store.articles_by_id([article["duplicate_of"]]) if article.get("duplicate_of") else []
    return render(
        request,
        "article.html",
        article=article,
        outlet=outlet_label(article),
        body=body,
        focus=focus,
        focus_text=text[focus[0] : focus[1]] if focus else None,
        records=records,
        original=original[0] if original else None,
        safe_url=safe_url(article.get("url")),
    )


@router.get("/actors/{code}")
def actor_page(request: Request, store: StoreDep, code: Annotated[str, Path(pattern=ACTOR_CODE)]) -> Response:
    view = api.actor_view(store, code)
    timeline: list[dict[str, Any]] = []
    for kind in ("stances", "quotes", "events"):
        for row in view[kind]:
            timeline.append({"kind": kind[:-1], "when": _when(row, view), "row": row})
    timeline.sort(key=lambda t: (t["when"] or "~", t["kind"]))
    return render(request, "actor.html", view=view, timeline=timeline, meta={a["id"]: a for a in view["articles"]})


@router.get("/search")
def search_page(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=300)] = "",
    offset: Offset = 0,
) -> Response:
    found = api.cached_search(store, q, limit=SEARCH_PAGE, offset=offset) if q.strip() else None
    more = f"/search?{urlencode({'q': q, 'offset': offset + SEARCH_PAGE})}" if found and offset + SEARCH_PAGE < found["total"] else None
    back = f"/search?{urlencode({'q': q, 'offset': max(offset - SEARCH_PAGE, 0)})}" if found and offset else None
    words = q.strip()
    about = found and found["total"] and api.get_cache(store).get(("about-any", words.lower()), lambda: bool(store.articles_about(words, limit=1)))
    return render(request, "search.html", q=q, found=found, more=more, back=back, offset=offset, about=words if about else None)


@router.get("/docs")
def docs_page(request: Request) -> Response:
    """The API reference, from the OpenAPI schema, without Swagger UI's CDN scripts."""
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""), "params": [_param(p) for p in op.get("parameters", [])]})
    return render(request, "docs.html", endpoints=endpoints, info=schema["info"])


def marks_since(store: Any, value: str | None, rows: list[dict[str, Any]], *, story_id: int | None = None, ids: list[str] | None = None) -> dict[str, Any] | None:
    """What ``?new_since=`` marks new: the articles stored since then (``articles.ingested_at``:
    when ingest or the watcher stored them, not when they were published), of the story or among
    ``ids``, and the reaction rows with a statement from one of them. None without the parameter."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    moment = recent.moment(value, "new_since")
    span = value if recent.is_duration(value) else None
    if span:
        cache.do_not_keep("new_since is a span back from now")
    if story_id is not None:
        fresh = set(recent.arrived_since(store.engine, moment, story_id).get(story_id, []))
    else:
        fresh = recent.stored_since(store.engine, moment, ids or [])
    actors = [r["actor"]["code"] for r in rows if fresh.intersection(r["articles"])]
    return {"value": value, "moment": moment, "span": span, "ids": fresh, "actors": set(actors), "rows": len(actors)}


# -- helpers for the templates ---------------------------------------------------------


def evidence_link(evidence: dict[str, Any], article: str | None = None) -> str:
    """The link to a sentence: the article page with that span highlighted and scrolled to."""
    aid = article or evidence["article"]
    return f"/articles/{aid}?start={int(evidence['start'])}&end={int(evidence['end'])}#focus"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are clickable; a javascript: URL from a feed stays text."""
    return url if url and urlparse(url).scheme in ("http", "https") else None


def snippet_html(item: dict[str, Any]) -> Markup:
    """A search snippet, escaped, with the matched words in <mark>."""
    text, out, at = item["snippet"], [], 0
    for start, end in item["highlights"]:
        out.append(escape(text[at:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def same_words(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence with identical words (a statement every outlet carried) shown once, with each place it was found."""
    grouped: dict[str, dict[str, Any]] = {}
    for item in evidence:
        entry = grouped.setdefault(item["text"], {"text": item["text"], "speaker": item.get("speaker"), "found": []})
        entry["found"].append(item)
    return list(grouped.values())


def unanalysed(articles: list[dict[str, Any]], whose: str = "its") -> str | None:
    """Why a story's sections may be empty: some or all of its articles were stored without analysis
    (their language, or --no-extract); None when every article was analysed."""
    skipped = [a for a in articles if not a.get("analyzed")]
    if not skipped:
        return None
    languages = sorted({a.get("language") or "en" for a in skipped if not can_analyse(a.get("language"))})
    reasons = [not_analysed_reason(lang) for lang in languages]
    if len(skipped) > sum(1 for a in skipped if not can_analyse(a.get("language"))):
        reasons.append(f"{'the others were' if reasons else 'they were'} stored without extraction (--no-extract, or extraction failed on them)")
    share = f"none of {whose} articles is" if len(skipped) == len(articles) else f"{len(skipped)} of {whose} {len(articles)} articles are not"
    return f"{share[0].upper()}{share[1:]} analysed: {'; '.join(reasons)}"


def by_source(ids: list[str], meta: dict[str, dict[str, Any]]) -> list[str]:
    """A row's articles oldest first, each copy right after its original."""

    def key(aid: str) -> tuple[str, str, bool]:
        original = (meta.get(aid) or {}).get("duplicate_of") or aid
        return ((meta.get(original) or meta.get(aid) or {}).get("published") or "", original, original != aid)

    return sorted(ids, key=key)


def stance_badge(stance: str) -> Markup:
    return Markup('<span class="badge st-{0}">{1}</span>').format(stance if stance in STANCE_WORDS else "other", stance)


def _when(row: dict[str, Any], view: dict[str, Any]) -> str | None:
    date = row.get("date")
    if isinstance(date, dict) and date.get("value"):
        return str(date["value"])
    meta = next((a for a in view["articles"] if a["id"] == row["article"]), None)
    return (meta or {}).get("published")


def _param(param: dict[str, Any]) -> dict[str, Any]:
    schema = param.get("schema", {})
    kinds = [s.get("type") or ", ".join(map(str, s.get("enum", []))) for s in schema.get("anyOf", [schema])]
    return {
        "name": param["name"],
        "in": param["in"],
        "required": param.get("required", False),
        "type": " or ".join(k for k in kinds if k and k != "null") or "string",
        "description": param.get("description", ""),
        "default": schema.get("default"),
    }


def nice_time(value: str | None) -> str:
    """'2026-03-05T22:30:00+08:00' → '5 Mar 2026, 22:30 +08:00'; a bare date stays a date."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    day = f"{moment.day} {moment:%b %Y}"
    if len(value) <= 10:
        return day
    zone = moment.strftime("%z")
    return f"{day}, {moment:%H:%M}" + (f" {zone[:3]}:{zone[3:]}" if zone else "")


def template_globals() -> dict[str, Any]:
    return {
        "evidence_link": evidence_link,
        "stance_badge": stance_badge,
        "actor_label": actor_label,
        "event_actors": highlight.event_actors,
        "outlet_label": outlet_label,
        "same_words": same_words,
        "can_analyse": can_analyse,
        "not_analysed_reason": not_analysed_reason,
        "stance_order": STANCE_ORDER,
        "by_source": by_source,
    }


def template_filters() -> dict[str, Any]:
    return {"snippet_html": snippet_html, "short": lambda s, n=12: s[:n] if s else "", "day": lambda s: (s or "")[:10], "nice_time": nice_time}
