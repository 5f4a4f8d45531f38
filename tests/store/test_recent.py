"""What is new: articles stored since a moment, by story; `stories --since` and `reactions --since`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from newsgraph.errors import BadQuery
from newsgraph.model import Article
from newsgraph.store import Batch, NewArticle, Store, recent, schema


def test_durations_and_moments() -> None:
    assert [recent.duration(v, "--every") for v in ("90s", "15m", "2h", "1d", "5", "1.5h")] == [90, 900, 7200, 86400, 300, 5400]
    with pytest.raises(BadQuery, match="--every 'soon': give a duration such as 90s, 15m, 2h or 1d"):
        recent.duration("soon", "--every")
    assert recent.moment("2026-03-05") == "2026-03-05T00:00:00+00:00"
    assert recent.moment("2026-03-05T10:00+02:00") == "2026-03-05T08:00:00+00:00"
    two_hours_ago = datetime.now(timezone.utc) - timedelta(hours=2)
    assert abs(datetime.fromisoformat(recent.moment("2h")) - two_hours_ago) < timedelta(seconds=5)
    with pytest.raises(BadQuery, match="give a duration"):
        recent.moment("yesterday")
    with pytest.raises(BadQuery, match="too far back"):  # not an OverflowError (a 500 on the web pages)
        recent.moment("9" * 30 + "d")
    assert (recent.is_duration("2h"), recent.is_duration("2026-03-05")) == (True, False)


def stored(db_url: str) -> Store:
    """Three articles, in stories 1, 1 and 2, stored at 08:00, 09:00 and 10:00."""
    store = Store(db_url)
    batch = Batch(articles=[NewArticle(Article.build(f"Body {n}.", title=f"Title {n}", published=f"2026-03-0{n}")) for n in (1, 2, 3)])
    batch.stories = [{"key": k, "title": k, "first_date": None, "last_date": None, "state": None} for k in ("a", "b")]
    store.write(batch)
    a = schema.articles
    with store.engine.begin() as conn:
        for n, (story, hour) in enumerate(((1, 8), (1, 9), (2, 10)), start=1):
            aid = batch.articles[n - 1].article.id
            conn.execute(sa.update(a).where(a.c.id == aid).values(story_id=story, ingested_at=f"2026-03-05T{hour:02}:00:00+00:00"))
    return store


def test_articles_arrived_since_by_story(db_url: str) -> None:
    store = stored(db_url)
    titles = {a["id"]: a["title"] for a in store.articles()}
    arrived = recent.arrived_since(store.engine, "2026-03-05T09:00:00+00:00")
    assert {story: [titles[i] for i in ids] for story, ids in arrived.items()} == {1: ["Title 2"], 2: ["Title 3"]}
    assert [titles[a["id"]] for a in recent.newest_stored(store.engine, 10, story_id=1)] == ["Title 2", "Title 1"]
    assert [titles[a["id"]] for a in recent.newest_stored(store.engine, 1, ids=list(titles))] == ["Title 3"]
    assert sorted(titles[i] for i in recent.stored_since(store.engine, "2026-03-05T09:00:00+00:00", list(titles))) == ["Title 2", "Title 3"]


def test_new_reactions_keeps_the_rows_a_new_article_gives() -> None:
    table = {"focal": {}, "reactions": [{"actor": "PER", "articles": ["a1", "a2"]}, {"actor": "CHL", "articles": ["a1"]}]}
    assert recent.new_reactions(table, {"a2"})["reactions"] == [{"actor": "PER", "articles": ["a1", "a2"]}]


def test_stories_since_lists_the_stories_that_grew(db_url: str) -> None:
    from typer.testing import CliRunner

    from newsgraph.views.cli import app

    stored(db_url)
    path = db_url.removeprefix("sqlite:///")
    shown = CliRunner().invoke(app, ["stories", "--db", path, "--since", "2026-03-05T09:30Z", "--format", "json"])
    assert [(s["id"], s["articles"], s["new"]) for s in json.loads(shown.stdout)] == [(2, 1, 1)]
