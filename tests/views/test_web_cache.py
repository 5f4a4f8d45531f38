"""Answers kept until the database changes: a repeated URL does not touch the store, and after a
write the new data shows (an answer built from a part still being recomputed is never kept)."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from test_api import build_db, ref, span

from newsgraph.model import Analysis, Article, Mention
from newsgraph.store import Batch, NewArticle, Store
from newsgraph.views.web.app import create_app
from newsgraph.views.web.cache import STAMP_EVERY


def test_a_repeated_url_is_answered_without_the_store(tmp_path: Path) -> None:
    fx = build_db(tmp_path / "web.db")
    app = create_app(fx.url)
    client = TestClient(app, base_url="http://localhost")
    calls = []
    real = app.state.store.stories
    app.state.store.stories = lambda **kw: calls.append(kw) or real(**kw)
    first = client.get("/api/stories")
    second = client.get("/api/stories")
    assert (first.status_code, second.json(), len(calls)) == (200, first.json(), 1)
    assert client.get("/api/stories", params={"limit": 1}).status_code == 200 and len(calls) == 2
    page = client.get("/")  # a page too (the test client's extra debug message is not kept)
    assert (page.status_code, client.get("/").text, len(calls)) == (200, page.text, 3)


def test_after_a_write_the_new_data_shows(tmp_path: Path) -> None:
    fx = build_db(tmp_path / "web.db")
    client = TestClient(create_app(fx.url), base_url="http://localhost")
    actors = lambda: {r["actor"] for r in client.get("/api/actors").json()["items"]}  # noqa: E731
    assert actors() == {"RUS", "EU", "USA"}
    text = "Ankara said the strike was regrettable."
    late = Article.build(text, title="Ankara reacts", published="2026-03-06")
    Store(fx.url).write(Batch(articles=[NewArticle(late, analysis=Analysis(late.id, actors=[Mention(span(text, "Ankara"), ref("TUR", "Turkey", text="Ankara"), "metonym")]))]))
    time.sleep(STAMP_EVERY + 0.05)
    deadline = time.monotonic() + 10
    while "TUR" not in actors():  # the first answers may be the old roll-up while one thread recomputes it
        assert time.monotonic() < deadline, "the new actor never showed"
        time.sleep(0.05)
    assert actors() == {"RUS", "EU", "USA", "TUR"}  # and it stays: the stale answer was not kept
    assert client.get("/api/stories").json()["total"] == 2
