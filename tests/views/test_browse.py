"""Browse pages (/events, /quotes, /actors): filters, sorting, facet counts, paging, and CSV/JSON
downloads holding exactly the filtered rows, over test_api's hand-made database."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.store import Store
from newsgraph.store import browse as browse_store
from newsgraph.views.web import browse
from newsgraph.views.web.app import create_app
from test_api import Fixture, build_db


@pytest.fixture(scope="module")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    return build_db(tmp_path_factory.mktemp("browse") / "browse.db")


@pytest.fixture()
def client(fx: Fixture) -> TestClient:
    return TestClient(create_app(fx.url), base_url="http://localhost")


def _facet(html: str, name: str) -> list[tuple[str, str]]:
    block = re.search(rf'<section class="facet" id="facet-{name}">(.*?)</section>', html, re.S)
    assert block is not None, name
    return [(re.sub(r"<[^>]+>", "", value).strip(), n) for value, n in re.findall(r"<li>(.*?)<span class=\"n\">([\d,]+)</span></li>", block.group(1), re.S)]


def _csv(client: TestClient, url: str) -> list[dict[str, str]]:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.text)))


def test_events_page_counts_its_facets(client: TestClient) -> None:
    html = client.get("/events").text
    assert re.search(r'<h1>Events <span class="count">5</span>', html)
    assert _facet(html, "type") == [("ASSAULT", "3"), ("ACCUSE", "2")]
    assert _facet(html, "source") == [("USA", "3"), ("RUS", "2")]
    assert _facet(html, "outlet") == [("Ledger", "2"), ("Courier", "1"), ("Evil Gazette", "1"), ("Post", "1")]
    assert _facet(html, "month") == [("2026-03", "4"), ("(none)", "1")]


def test_a_facet_value_filters_and_the_downloads_hold_exactly_those_rows(client: TestClient, fx: Fixture) -> None:
    html = client.get("/events?type=ASSAULT").text
    shown = re.findall(r'<tr id="row-(\d+)">', html)
    assert len(shown) == 3
    assert 'href="/events.csv?type=ASSAULT"' in html and 'href="/events.json?type=ASSAULT"' in html
    rows = _csv(client, "/events.csv?type=ASSAULT")
    assert [r["type"] for r in rows] == ["ASSAULT"] * 3
    assert sorted(r["article"] for r in rows) == sorted([fx.a1, fx.a2, fx.a3])
    texts = {a["id"]: a["text"] for a in Store(fx.url).articles()}
    for r in rows:  # every row keeps its evidence
        assert texts[r["article"]][int(r["start"]) : int(r["end"])] == r["text"]
        assert r["evidence"] == f"/articles/{r['article']}?start={r['start']}&end={r['end']}#focus"
    data = client.get("/events.json?type=ASSAULT").json()["rows"]
    assert [(d["article"], d["start"]) for d in data] == [(r["article"], int(r["start"])) for r in rows]


def test_a_month_facet_becomes_a_valid_date_range(client: TestClient) -> None:
    html = client.get("/events").text
    assert 'href="/events?since=2026-03-01&amp;until=2026-03-31"' in html
    assert len(_csv(client, "/events.csv?since=2026-03-01&until=2026-03-31")) == 4


def test_sorting_and_the_stream_agree_whatever_the_chunk(fx: Fixture) -> None:
    store = Store(fx.url)
    for sort in (None, "date", "-date", "type", "-source", "published"):
        page = store.browse_rows("events", {}, sort, limit=50)
        assert [r["id"] for r in store.browse_iter("events", {}, sort, chunk=2)] == [r["id"] for r in page], sort
    dates = [r["date"] or "" for r in store.browse_rows("events", {}, "-date")]
    assert dates == sorted(dates, reverse=True)


def test_quotes_filter_by_kind_and_speaker_literally(client: TestClient) -> None:
    html = client.get("/quotes").text
    assert _facet(html, "direct") == [("reported", "2")]
    assert len(_csv(client, "/quotes.csv?direct=false")) == 2
    assert _csv(client, "/quotes.csv?speaker=%25") == []  # % is a character, not a wildcard
    assert [r["speaker"] for r in _csv(client, "/quotes.csv?speaker=mosc&sort=published")] == ["Moscow", '<b onmouseover="alert(4)">Moscow</b>']


def test_actors_roll_up_sorted_with_facets_and_downloads(client: TestClient) -> None:
    html = client.get("/actors?sort=name").text
    names = re.findall(r'<tr id="row-\d+">\s*<td data-label="Code" class="nowrap">(?:<a[^>]*>)?([A-Z]+)', html)
    assert names == ["EU", "RUS", "USA"]  # European Union, Russia, United States
    assert _facet(html, "actor") == [("EU", "1"), ("RUS", "1"), ("USA", "1")]
    assert _csv(client, "/actors.csv?actor=RUS") == [{"actor": "RUS", "name": "Russia", "sector": "GOV", "role": "", "mentions": "4", "articles": "4"}]
    assert [r["actor"] for r in _csv(client, "/actors.csv?sort=-name")] == ["USA", "RUS", "EU"]


def test_sampled_facets_say_so(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browse_store, "FACET_ROWS", 2)
    html = client.get("/events?source=USA").text
    assert "Counted over the first 2 of the 3 matching rows" in html
    assert sum(int(n) for _, n in _facet(html, "type")) == 2


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/events?sort=bogus", "sort: &#39;bogus&#39; is not a column to sort by"),
        ("/events?since=2026-13-01", "since &#39;2026-13-01&#39; is not a date"),
        ("/quotes.csv?until=2026-02-30", "until &#39;2026-02-30&#39; is not a date"),
        ("/actors?sort=-mentionz", "sort: &#39;-mentionz&#39; is not a column to sort by"),
    ],
)
def test_bad_values_answer_400_with_the_reason(client: TestClient, url: str, words: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 400
    assert words in answer.text or words.replace("&#39;", "'") in answer.text


def test_paging_past_the_end_says_how_many_there_are(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browse, "PAGE", 2)
    first = client.get("/events?sort=type").text
    assert re.findall(r'<tr id="row-(\d+)">', first).__len__() == 2
    assert 'href="/events?sort=type&amp;offset=2">next' in first
    assert "There are only 5 rows" in client.get("/events?offset=50").text


def test_the_404_page_offers_a_way_on(client: TestClient) -> None:
    answer = client.get("/storys/1")
    assert answer.status_code == 404
    html = answer.text
    assert "<title>Page not found · newsgraph</title>" in html
    assert "We could not find that page." in html and "nothing at /storys/1" in html
    ways = re.search(r'<ul class="ways">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r'href="([^"]+)"', ways) == ["/", "/articles", "/events", "/quotes", "/actors"]
    assert 'action="/search"' in ways
    assert client.get("/api/nowhere").json() == {"error": "nothing at /api/nowhere; the endpoints are listed at /docs", "status": 404}


@pytest.mark.parametrize("kind", ["events", "quotes", "actors"])
def test_every_sort_link_answers(client: TestClient, kind: str) -> None:
    html = client.get(f"/{kind}").text
    links = set(re.findall(r'href="(/[a-z]+\?sort=[^"]+)"', html))
    assert len(links) >= 3
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link
