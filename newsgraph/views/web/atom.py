"""An Atom feed per story (``/stories/{id}/feed.atom``) and per event (``/reactions.atom?about=``):
subscribe and see each article as it is stored, with the reactions it gives, each in its own words.

Entries are the story's articles, the last stored first (``articles.ingested_at``: when the watcher
fetched them, not when they were published), so a feed reader shows what is new since it last looked.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from lxml import etree

from newsgraph.store import recent
from newsgraph.stories.data import select
from newsgraph.stories.reactions import reactions
from newsgraph.views.web.api import StoreDep, StoryId
from newsgraph.views.web.event import About

router = APIRouter(include_in_schema=False)

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50


@router.get("/stories/{story_id}/feed.atom")
def story_feed(request: Request, store: StoreDep, story_id: StoryId) -> Response:
    data, label = select(store, story_id, None)
    articles = recent.newest_stored(store.engine, MAX_ENTRIES, story_id=story_id)
    return _feed(request, label, str(request.url_for("story_page", story_id=story_id)), articles, reactions(data, None)["reactions"])


@router.get("/reactions.atom")
def event_feed(request: Request, store: StoreDep, about: About) -> Response:
    """The reactions to an event across stories (the page /reactions?about=), as they come in."""
    data, label = select(store, None, about.strip())
    articles = recent.newest_stored(store.engine, MAX_ENTRIES, ids=[a["id"] for a in data.articles])
    page = f"{request.url_for('event_page')}?{urlencode({'about': about.strip()})}"
    return _feed(request, label, page, articles, reactions(data, about.strip())["reactions"])


def _feed(request: Request, label: str, page: str, articles: list[dict[str, Any]], rows: list[dict[str, Any]]) -> Response:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    _text(feed, "id", f"{page}#feed")
    _text(feed, "title", f"newsgraph: {label}")
    _text(feed, "updated", articles[0]["ingested_at"] if articles else "1970-01-01T00:00:00+00:00")
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page)
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=str(request.url))
    _text(etree.SubElement(feed, f"{{{ATOM}}}author"), "name", "newsgraph")
    for article in articles:
        _entry(feed, article, rows, str(request.url_for("article_page", article_id=article["id"])))
    body = etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _entry(feed: etree._Element, article: dict[str, Any], rows: list[dict[str, Any]], page: str) -> None:
    entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "id", page)
    _text(entry, "title", article["title"] or "(untitled)")
    _text(entry, "updated", article["ingested_at"])
    if article["published"]:
        _text(entry, "published", article["published"])
    etree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page)
    if article["url"]:
        etree.SubElement(entry, f"{{{ATOM}}}link", rel="via", href=article["url"])
    lines = [f"{article['outlet'] or 'unknown outlet'}."]
    for row in rows:
        said = [e for e in row["evidence"] if e.get("article") == article["id"]]
        if article["id"] in row["articles"]:
            words = f": “{said[0]['text']}”" if said else ""
            lines.append(f"{row['actor']['name']} ({row['actor']['code']}) {row['stance']}{words}")
    _text(entry, "summary", "\n".join(lines))


def _text(parent: etree._Element, name: str, value: str) -> None:
    etree.SubElement(parent, f"{{{ATOM}}}{name}").text = value
