"""What a story view covers, bounded: a story's newest articles, or the newest articles about a text.

A story keeps growing across days and an ``?about=`` word can match most of the database, so a
view (reactions, timeline, comparison, network) over "all of it" has no upper bound on its cost.
Each covers at most MAX_STORY / MAX_ABOUT articles, the newest, and its label says so when
there are more; the API pages a story's article list.
"""

from __future__ import annotations

import logging
from dataclasses import fields
from functools import cached_property
from typing import Any

from newsgraph.errors import BadQuery
from newsgraph.store import Store
from newsgraph.stories import compare as compare_mod
from newsgraph.stories import network as network_mod
from newsgraph.stories import timeline as timeline_mod
from newsgraph.stories import data as stories_data
from newsgraph.stories.data import StoryData, outlet_labels
from newsgraph.stories.reactions import reactions as reactions_of
from newsgraph.views.web.cache import get_cache

log = logging.getLogger(__name__)

MAX_STORY = 100  # a story's views cover its newest this many articles (about 0.3 s for its page on a large database)
MAX_ABOUT = 200  # ?about= covers the newest this many articles about it
ARTICLE_COLUMNS = ("id", "title", "outlet", "published", "duplicate_of", "url", "location", "language", "analyzed")


class Loaded(StoryData):
    """StoryData whose ``by_id`` is built once: the views ask it once per record, and
    ``StoryData.by_id`` rebuilds the whole dict each time (quadratic in a large story)."""

    @cached_property
    def by_id(self) -> dict[str, dict[str, Any]]:  # type: ignore[override]
        return {a["id"]: a for a in self.articles}


def load(store: Store, article_ids: list[str]) -> Loaded:
    """What ``stories.data.load`` reads for these articles, as ``Loaded``."""
    data = stories_data.load(store, article_ids)
    return Loaded(**{f.name: getattr(data, f.name) for f in fields(data)})


def story_view(store: Store, story_id: int, limit: int | None = None, offset: int = 0) -> dict[str, Any]:
    """A story with the metadata of its articles, oldest first: ``limit`` of them from ``offset``,
    or (without ``limit``) the newest MAX_STORY; ``article_count`` says how many it has."""
    story = store.story(story_id)
    ids: list[str] = story["articles"]
    chosen = ids[offset : offset + limit] if limit is not None else ids[-MAX_STORY:]
    rows = store.articles_by_id(chosen, with_text=False)
    outlets = outlet_labels(rows)
    articles = [{**{k: a.get(k) for k in ARTICLE_COLUMNS}, "outlet": outlets[a["id"]]} for a in rows]
    return {**story, "articles": articles, "article_count": len(ids)}


def story_data(store: Store, story_id: int) -> tuple[Loaded, str]:
    """The records of a story's newest MAX_STORY articles, and the view's label."""
    story = story_view(store, story_id)
    label = f"story {story_id}: {story['title']}"
    if story["article_count"] > MAX_STORY:
        label += f" (the newest {MAX_STORY} of its {story['article_count']} articles)"
    return load(store, [a["id"] for a in story["articles"]]), label


def select(store: Store, story: int | None, about: str | None) -> tuple[Loaded, str]:
    """One story, or the newest MAX_ABOUT articles about ``about`` (an event of theirs or their headline
    mentions it, as the CLI's --about), never the whole database."""
    if story is not None:
        return story_data(store, story)
    if not about:
        raise BadQuery("say which story: ?story=ID (see /api/stories) or ?about=TEXT")
    ids = get_cache(store).get(("about", about.lower()), lambda: store.articles_about(about, limit=MAX_ABOUT + 1))
    if not ids:
        raise BadQuery(f"no event or headline mentions {about!r}; try an actor code (RUS), a country or a place name")
    if len(ids) > MAX_ABOUT:
        newest = sorted(store.articles_by_id(ids, with_text=False), key=lambda a: (a["published"] or "", a["id"]))[-MAX_ABOUT:]
        return load(store, [a["id"] for a in newest]), f"about {about!r} (the newest {MAX_ABOUT} articles about it)"
    return load(store, ids), f"about {about!r}"


def story_bundle(store: Store, story_id: int) -> dict[str, Any]:
    """Everything the story page shows, from one load of the story's (newest MAX_STORY) records.

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
    bundle: dict[str, Any] = {"story": story, "data": data, "errors": {}, "covered": len(story["articles"])}
    for name, make in views.items():
        try:
            bundle[name] = make()
        except Exception as err:  # noqa: BLE001  (shown on the page, logged with its traceback)
            log.exception("story %s: the %s view failed", story_id, name)
            bundle[name] = None
            bundle["errors"][name] = f"{type(err).__name__}: {err}"
    return bundle
