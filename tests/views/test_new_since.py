"""``?new_since=`` on the story page and the event page: what was stored since then is marked new.

build_db's port story is the first batch (stored at 08:00); a second batch adds one article in
which France condemns the strike (stored at 10:00). ``ingested_at`` is set in the database, so the
two batches are hours apart whatever the clock says.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from test_api import Fixture, build_db, ref, span

from newsgraph.model import Analysis, Article, Stance
from newsgraph.store import Batch, NewArticle, Store, schema
from newsgraph.views.web.app import create_app

TEXT_F = "France condemned the US strike on the port."
PORT = {"key": "port", "title": "US strike on the port", "first_date": "2026-03-02", "last_date": "2026-03-04", "state": None}
FIRST, SECOND = "2026-03-05T08:00:00+00:00", "2026-03-05T10:00:00+00:00"


def two_batches(path: Path) -> tuple[Fixture, str]:
    """build_db's articles, then a second batch: France's condemnation in the port story."""
    fx = build_db(path)
    store = Store(fx.url)
    france = Article.build(TEXT_F, title="France condemns the strike on the port", outlet="Gazette", published="2026-03-04")
    said = Stance(ref("FRA", "France"), "condemn", "ASSAULT USA→SYR: struck the port", (span(TEXT_F, "France condemned the US strike on the port"),))
    store.write(Batch(articles=[NewArticle(france, analysis=Analysis(france.id, stances=[said]), story_key="port")], stories=[PORT]))
    stamp(store, {fx.a1: FIRST, fx.a2: FIRST, fx.a3: FIRST, fx.x: FIRST, france.id: SECOND})
    return fx, france.id


def stamp(store: Store, when: dict[str, str]) -> None:
    a = schema.articles
    with store.engine.begin() as conn:
        for aid, moment in when.items():
            conn.execute(sa.update(a).where(a.c.id == aid).values(ingested_at=moment))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, Fixture, str]:
    fx, france = two_batches(tmp_path_factory.mktemp("new") / "new.db")
    return TestClient(create_app(fx.url), base_url="http://localhost", raise_server_exceptions=False), fx, france


def summary(html: str) -> str:
    """The "new since" line, as text."""
    (line,) = re.findall(r'<p class="new-since">(.*?)</p>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", line).split()).replace(" ,", ",").replace(" .", ".")


def reaction_rows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr class="(reaction(?: new)?)" id="actor-([A-Z0-9]+)"', html)


def new_articles(html: str) -> list[str]:
    """The article rows (story page) marked new, by id."""
    return re.findall(r'<tr class="new">\s*<td class="nowrap muted">[^<]*</td>\s*<td class="nowrap">[^<]*</td>\s*<td><span class="tag new">new</span> <a href="/articles/([0-9a-f]+)">', html)


def new_sources(html: str) -> list[str]:
    """The articles marked new in the rows' source lists."""
    return re.findall(r'<li class="new"><span class="tag new">new</span> <a href="/articles/([0-9a-f]+)', html)


def test_the_story_page_marks_the_articles_and_reactions_stored_since(site: tuple[TestClient, Fixture, str]) -> None:
    client, fx, france = site
    page = client.get("/stories/1", params={"new_since": "2026-03-05T09:00Z"})
    assert page.status_code == 200
    html = page.text
    assert summary(html) == (
        "new 1 new since 5 Mar 2026, 09:00 +00:00: 1 article stored since then and 1 reaction with a statement from it, marked new. "
        "Unmark · New in the last hour / 6 hours / day"
    )
    assert reaction_rows(html) == [("reaction", "RUS"), ("reaction new", "FRA"), ("reaction", "EU")]
    assert new_articles(html) == [france]
    assert new_sources(html) == [france]
    assert '<a href="/stories/1">Unmark</a>' in html


def test_the_same_story_page_marks_nothing_before_or_after(site: tuple[TestClient, Fixture, str]) -> None:
    client, fx, france = site
    everything = client.get("/stories/1", params={"new_since": "2026-03-05"}).text  # a date: midnight UTC
    assert summary(everything).startswith("new 4 new since 5 Mar 2026, 00:00 +00:00: 4 articles stored since then and 3 reactions with a statement from them")
    assert reaction_rows(everything) == [("reaction new", "RUS"), ("reaction new", "FRA"), ("reaction new", "EU")]
    assert sorted(new_articles(everything)) == sorted([fx.a1, fx.a2, fx.a3, france])  # not fx.x, of story 2
    later = client.get("/stories/1", params={"new_since": "2026-03-05T12:00:00+02:00"}).text  # 10:00 UTC: the second batch, to the second
    assert summary(later).startswith("new 1 new since 5 Mar 2026, 10:00 +00:00")
    after = client.get("/stories/1", params={"new_since": "2026-03-05T10:00:01Z"}).text
    assert summary(after) == "new Nothing new since 5 Mar 2026, 10:00 +00:00. Unmark · New in the last hour / 6 hours / day"
    assert (reaction_rows(after), new_articles(after), new_sources(after)) == ([("reaction", "RUS"), ("reaction", "FRA"), ("reaction", "EU")], [], [])


def test_without_the_parameter_the_story_page_offers_the_links_and_marks_nothing(site: tuple[TestClient, Fixture, str]) -> None:
    client, fx, france = site
    client.get("/stories/1", params={"new_since": "2026-03-05T09:00Z"})  # kept under its own URL, not the page's
    html = client.get("/stories/1").text
    assert summary(html) == "New in the last hour / 6 hours / day"
    assert re.findall(r'href="(/stories/1\?new_since=[^"]+)"', html) == ["/stories/1?new_since=1h", "/stories/1?new_since=6h", "/stories/1?new_since=1d"]
    assert "tag new" not in html and 'class="new"' not in html and "reaction new" not in html


def test_the_event_page_marks_the_reactions_and_sources_stored_since(site: tuple[TestClient, Fixture, str]) -> None:
    client, fx, france = site
    html = client.get("/reactions", params={"about": "port", "new_since": "2026-03-05T09:00Z"}).text
    assert summary(html) == (
        "new 1 new since 5 Mar 2026, 09:00 +00:00: 1 article stored since then and 1 reaction with a statement from it, marked new. "
        "Unmark · New in the last hour / 6 hours / day"
    )
    assert reaction_rows(html) == [("reaction", "RUS"), ("reaction new", "FRA"), ("reaction", "EU")]
    assert new_sources(html) == [france]
    assert '<a href="/reactions?about=port&amp;new_since=2026-03-05T09%3A00Z&amp;stance=condemn"' in html  # a facet keeps the marks
    assert 'href="/reactions.csv?about=port"' in html  # the downloads do not take it
    assert '<input type="hidden" name="new_since" value="2026-03-05T09:00Z">' in html  # nor does the date form lose it
    plain = client.get("/reactions", params={"about": "port"}).text
    assert summary(plain) == "New in the last hour / 6 hours / day"
    assert re.findall(r'href="([^"]*new_since=[^"]+)"', plain) == [f"/reactions?about=port&amp;new_since={s}" for s in ("1h", "6h", "1d")]
    assert "tag new" not in plain and "reaction new" not in plain
    # since/until stay the published-date facet: new_since only marks, it never narrows
    both = client.get("/reactions", params={"about": "port", "since": "2026-03-04", "new_since": "2026-03-05T09:00Z"}).text
    assert reaction_rows(both) == [("reaction new", "FRA")]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "new_since 'yesterday': give a duration (30m, 2h, 1d) or a date (2026-03-05, 2026-03-05T08:00Z)"),
        ("2026-13-01", "new_since '2026-13-01': give a duration (30m, 2h, 1d) or a date (2026-03-05, 2026-03-05T08:00Z)"),
        ("-2h", "new_since '-2h': give a duration (30m, 2h, 1d) or a date (2026-03-05, 2026-03-05T08:00Z)"),
        ("9" * 30 + "d", f"new_since '{'9' * 30}d': too far back; give a duration (30m, 2h, 1d) or a date (2026-03-05, 2026-03-05T08:00Z)"),
        ("0001-01-01T00:00+05:00", "new_since '0001-01-01T00:00+05:00': too far back; give a duration (30m, 2h, 1d) or a date (2026-03-05, 2026-03-05T08:00Z)"),
    ],
)
@pytest.mark.parametrize("page", [("/stories/1", {}), ("/reactions", {"about": "port"})], ids=["story", "event"])
def test_a_bad_value_answers_400_in_one_line(site: tuple[TestClient, Fixture, str], page: tuple[str, dict[str, str]], value: str, message: str) -> None:
    client = site[0]
    answer = client.get(page[0], params={**page[1], "new_since": value})
    assert answer.status_code == 400
    assert re.findall(r'<p class="message">(.*?)</p>', answer.text) == [message.replace("'", "&#39;")]


def test_a_span_back_from_now_is_not_kept_as_the_clock_moves(tmp_path: Path) -> None:
    """"1h" is a moment that moves: its answer is computed each time (the database's stamp, counts and
    largest ids, does not change when only the clock does)."""
    fx, france = two_batches(tmp_path / "moving.db")
    store = Store(fx.url)
    now = datetime.now(timezone.utc)
    ago = {k: (now - timedelta(minutes=m)).isoformat(timespec="seconds") for k, m in (("old", 180), ("new", 10), ("newer", 5))}
    stamp(store, {fx.a1: ago["old"], fx.a2: ago["old"], fx.a3: ago["old"], fx.x: ago["old"], france: ago["new"]})
    client = TestClient(create_app(fx.url), base_url="http://localhost")
    for url, params in (("/stories/1", {}), ("/reactions", {"about": "port"})):
        first = client.get(url, params={**params, "new_since": "1h"}).text
        assert summary(first).startswith("new 1 new since ") and "(the last 1h): 1 article stored since then" in summary(first), url
        assert [code for kind, code in reaction_rows(first) if kind == "reaction new"] == ["FRA"]
    stamp(store, {fx.a1: ago["newer"]})  # as if an hour had passed for the others: a1 is now within the hour
    for url, params in (("/stories/1", {}), ("/reactions", {"about": "port"})):
        again = client.get(url, params={**params, "new_since": "1h"}).text
        assert "(the last 1h): 2 articles stored since then and 2 reactions with a statement from them" in summary(again), url
        assert sorted(code for kind, code in reaction_rows(again) if kind == "reaction new") == ["FRA", "RUS"]
