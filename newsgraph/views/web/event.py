"""The event page: every government's and organisation's reaction to one event, across stories.

``/reactions?about=Myanmar`` gathers the articles about it (an event of theirs or their headline
names it), whatever story the clusterer put them in, and shows one reactions table: the event in
words, a stance summary, the rows grouped by stance with the date each actor first spoke, every
statement one click away, and facets by stance, outlet and date. ``/reactions.csv`` and
``/reactions.json`` with the same parameters give exactly the rows shown.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from functools import lru_cache
from typing import Annotated, Any, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from newsgraph.errors import BadQuery
from newsgraph.lang import read_table
from newsgraph.model import STANCES
from newsgraph.stories.data import StoryData, load, outlet_label
from newsgraph.stories.reactions import STANCE_ORDER, reactions
from newsgraph.views.web import api
from newsgraph.views.web.api import StoreDep
from newsgraph.views.web.pages import NEW_SPANS, NewSince, marks_since, unanalysed

router = APIRouter(include_in_schema=False)

MAX_ARTICLES = 500  # the newest articles about an event that one page reads
About = Annotated[str, Query(min_length=1, max_length=200, description="The event: a country, place, actor code or word.")]
Stance = Annotated[Optional[str], Query(max_length=16)]
Outlet = Annotated[Optional[str], Query(max_length=200)]
Day = Annotated[Optional[str], Query(max_length=40)]
Region = Annotated[Optional[str], Query(max_length=40)]


GLOBAL = "global"  # the region of an actor in no region of facet_regions.tsv (the UN, the IMF)


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Actor code -> region, from lang/en/facet_regions.tsv (the first row holding a code wins)."""
    named = {name: members.split() for name, members in read_table("regions.tsv")}
    found: dict[str, str] = {}
    for region, members in read_table("facet_regions.tsv"):
        for member in members.split("|"):
            for code in named.get(member, [member]):
                found.setdefault(code, region)
    return found


def region_of(code: str | None) -> str:
    return _regions().get(code or "", GLOBAL)


def event_view(store: Any, about: str, stance: str | None, outlet: str | None, since: str | None, until: str | None, region: str | None = None) -> dict[str, Any]:
    """The reactions to ``about``, filtered by the facets, with the counts each facet offers."""
    about = about.strip()
    if not about:
        raise BadQuery("about: say which event, e.g. ?about=Myanmar (a country, place, actor code or word)")
    if stance and stance not in STANCES:
        raise BadQuery(f"stance: {stance!r} is not a stance; choose {', '.join(STANCES)}")
    if region and region not in {*_regions().values(), GLOBAL}:
        raise BadQuery(f"region: {region!r} is not a region; choose {', '.join(sorted({*_regions().values(), GLOBAL}))}")
    api.check_dates(since=since, until=until)
    key = ("event", about, stance, outlet, since, until, region)  # reading 500 articles' records: kept until the database changes
    return api.get_cache(store).get(key, lambda: _event_view(store, about, stance, outlet, since, until, region))


def _event_view(store: Any, about: str, stance: str | None, outlet: str | None, since: str | None, until: str | None, region: str | None) -> dict[str, Any]:
    ids = store.articles_about(about, limit=MAX_ARTICLES)
    if not ids:
        raise BadQuery(f"no event or headline mentions {about!r}; try a country, a place or an actor code (RUS)")
    data = load(store, ids)
    outlets = Counter(outlet_label(a) for a in data.articles)
    chosen = _narrow(data, outlet, since, until)
    result = reactions(chosen, about)
    rows = result["reactions"]
    regions = Counter(region_of(r["actor"]["code"]) for r in rows if not stance or r["stance"] == stance)
    rows = [r for r in rows if not region or region_of(r["actor"]["code"]) == region]
    summary = Counter(r["stance"] for r in rows)
    shown = [r for r in rows if not stance or r["stance"] == stance]
    stories = sorted({(a.get("story_id"), a.get("title")) for a in chosen.articles if a.get("story_id")}, key=lambda s: s[0])
    return {
        "about": about,
        "focal": result["focal"],
        "rows": shown,
        "groups": [(s, [r for r in shown if r["stance"] == s]) for s in STANCE_ORDER if any(r["stance"] == s for r in shown)],
        "summary": [(s, summary[s]) for s in STANCE_ORDER if summary[s]],
        "outlets": outlets.most_common(),
        "regions": regions.most_common(),
        "articles": {a["id"]: {"outlet": outlet_label(a), "published": a.get("published"), "title": a.get("title"), "duplicate_of": a.get("duplicate_of")} for a in chosen.articles},
        "stories": [{"id": sid, "title": title} for sid, title in stories],
        "filters": {k: v for k, v in (("stance", stance), ("region", region), ("outlet", outlet), ("since", since), ("until", until)) if v},
        "capped": len(ids) >= MAX_ARTICLES,
        "unanalysed": unanalysed(chosen.articles, "these"),
    }


def _narrow(data: StoryData, outlet: str | None, since: str | None, until: str | None) -> StoryData:
    """The articles the outlet and date facets keep, with their records."""
    keep = {
        a["id"]
        for a in data.articles
        if (not outlet or outlet_label(a).lower() == outlet.lower())
        and (not since or (a.get("published") or "") >= since)
        and (not until or (a.get("published") or "")[:10] <= until)
    }
    return data.subset(keep)


def flat_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows shown, one line each, for CSV and JSON."""
    out = []
    for r in view["rows"]:
        first = r["evidence"][0] if r["evidence"] else {}
        out.append(
            {
                "actor": r["actor"]["name"],
                "code": r["actor"]["code"],
                "region": region_of(r["actor"]["code"]),
                "stance": r["stance"],
                "also": " ".join(r["also"]),
                "first_said": (r.get("first_said") or "")[:10],
                "sources": r["sources"],
                "statements": len(r["statements"]),
                "people": "; ".join(r["people"]),
                "statement": first.get("text", ""),
                "article": first.get("article", ""),
                "evidence": f"/articles/{first['article']}?start={first['start']}&end={first['end']}#focus" if first else "",
            }
        )
    return out


@router.get("/reactions", response_class=HTMLResponse)
def event_page(
    request: Request,
    store: StoreDep,
    about: About,
    stance: Stance = None,
    outlet: Outlet = None,
    since: Day = None,
    until: Day = None,
    region: Region = None,
    new_since: NewSince = None,
) -> Response:
    """``since``/``until`` narrow by the date published; ``new_since`` marks what was stored since then."""
    view = event_view(store, about, stance, outlet, since, until, region)
    new = marks_since(store, new_since, view["rows"], ids=list(view["articles"]))
    downloads = {"about": view["about"], **view["filters"]}
    query = {**downloads, **({"new_since": new["value"]} if new else {})}  # facet links keep the marks

    def facet(name: str, value: str | None) -> str:
        """The page's link with one facet set (or cleared, with None)."""
        changed = {k: v for k, v in query.items() if k != name}
        if value:
            changed[name] = value
        return "/reactions?" + urlencode(changed)

    return request.app.state.templates.TemplateResponse(
        request, "event.html", {**view, "facet": facet, "downloads": urlencode(downloads), "new": new, "new_spans": NEW_SPANS}
    )


@router.get("/reactions.json")
def event_json(store: StoreDep, about: About, stance: Stance = None, outlet: Outlet = None, since: Day = None, until: Day = None, region: Region = None) -> Response:
    view = event_view(store, about, stance, outlet, since, until, region)
    return JSONResponse({"about": view["about"], "focal": view["focal"], "filters": view["filters"], "reactions": flat_rows(view)})


@router.get("/reactions.csv")
def event_csv(store: StoreDep, about: About, stance: Stance = None, outlet: Outlet = None, since: Day = None, until: Day = None, region: Region = None) -> Response:
    view = event_view(store, about, stance, outlet, since, until, region)
    rows = flat_rows(view)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["actor", "code", "stance"])
    writer.writeheader()
    writer.writerows(rows)
    name = "".join(c if c.isalnum() else "-" for c in view["about"].lower())[:40] or "event"
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="reactions-{name}.csv"'})
