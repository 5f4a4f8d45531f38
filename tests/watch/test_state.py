"""What the fetcher remembers: failures wait longer each time, a feed read before keeps its validators."""

from __future__ import annotations

from datetime import datetime, timedelta

from newsgraph.store import Store
from newsgraph.watch import state


def test_failures_wait_longer_each_time_up_to_a_day(db_url: str) -> None:
    engine = Store(db_url).engine
    waits = []
    for _ in range(9):
        before = state.now()
        at = state.failed(engine, "http://news.example/feed", "source", "HTTP 503 Service Unavailable")
        waits.append(round((datetime.fromisoformat(at) - before).total_seconds() / 60))
    assert waits == [15, 30, 60, 120, 240, 480, 960, 1440, 1440]
    row = state.get(engine, "http://news.example/feed")
    assert (row["state"], row["failures"], row["reason"]) == ("failed", 9, "HTTP 503 Service Unavailable")


def test_a_feed_read_before_keeps_its_validators_and_state_when_it_fails(db_url: str) -> None:
    engine = Store(db_url).engine
    state.put(engine, "http://news.example/feed", kind="source", state="done", etag='"v1"', checked_at="2026-12-05T08:00:00+00:00")
    state.failed(engine, "http://news.example/feed", "source", "no answer within 20 s (timeout)", wait=timedelta(0))
    row = state.get(engine, "http://news.example/feed")
    assert (row["state"], row["etag"], row["failures"]) == ("done", '"v1"', 1)


def test_other_urls_of_a_page_are_remembered_once(db_url: str) -> None:
    engine = Store(db_url).engine
    state.put(engine, "http://news.example/a", kind="page", state="fetched", article_id="a" * 16)
    state.seen(engine, ["http://news.example/a", "http://news.example/b", "http://news.example/b"], "a" * 16)
    assert {u: r["state"] for u, r in state.states(engine, ["http://news.example/a", "http://news.example/b"]).items()} == {
        "http://news.example/a": "fetched",
        "http://news.example/b": "seen",
    }
    assert [r["url"] for r in state.unfinished(engine)] == ["http://news.example/a"]
    assert state.finish(engine) == 1
    assert state.unfinished(engine) == []
