"""The story page reads top-down as a reader wants it: summary, reactions, articles; the outlets
behind a coverage bar; every source of a row reachable in place; a timeline whose axis fits its
story, with background dates listed apart and tick labels that never overlap."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.extract import can_analyse, not_analysed_reason
from newsgraph.model import Analysis, Article, Event, EventDate
from newsgraph.store import Batch, NewArticle, Store
from newsgraph.stories.data import outlet_label
from newsgraph.views.web import svg
from newsgraph.views.web.app import create_app
from test_api import build_db, ref, span

RECALLED = "The port was last shelled in 1979, when the treaty was signed."
SPANISH = "El puerto fue atacado el lunes."


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """build_db's port story, plus an article that names no outlet (a bare file) recalling a 1979
    event, and a Spanish article stored without analysis."""
    fx = build_db(tmp_path_factory.mktemp("story") / "story.db")
    store = Store(fx.url)
    old = Article.build(RECALLED, title="The port's past", published="2026-03-03", location="notes/port-history.txt")
    recalled = Event("ASSAULT", None, ref("SYR", "SYR"), ref(None, "?"), span(RECALLED, "The port was last shelled in 1979"), EventDate("1979-01-01", "exact"))
    spanish = Article.build(SPANISH, title="Ataque al puerto", outlet="Diario Sur", published="2026-03-03", language="es")
    port = {"key": "port", "title": "US strike on the port", "first_date": "2026-03-02", "last_date": "2026-03-03", "state": None}
    store.write(Batch(articles=[NewArticle(old, analysis=Analysis(old.id, events=[recalled]), story_key="port"), NewArticle(spanish, story_key="port")], stories=[port]))
    return TestClient(create_app(fx.url), base_url="http://localhost")


def _story(client: TestClient) -> str:
    page = client.get("/stories/1")
    assert page.status_code == 200
    return page.text


def test_the_page_leads_with_summary_then_reactions_then_articles_and_keeps_the_outlets_collapsed(client: TestClient) -> None:
    html = _story(client)
    order = [html.index(f'<section id="{name}"') for name in ("summary", "reactions", "articles", "timeline", "network", "comparison")]
    assert order == sorted(order)
    comparison = html[html.index('<section id="comparison"') :]
    assert '<details class="compare">' in comparison and '<details class="compare" open' not in comparison
    assert "Coverage: 5 articles from 5 outlets" in comparison


def test_the_stance_summary_counts_the_rows(client: TestClient) -> None:
    html = _story(client)
    line = re.search(r'<p class="stance-summary">(.*?)</p>', html, re.S)
    assert line is not None
    text = re.sub(r"<[^>]+>", "", line.group(1))
    rows = re.findall(r'<tr class="reaction" id="actor-([A-Z]+)"', html)
    assert text == f"{len(rows)} reacting: 1 condemn · 1 mixed"
    assert rows == ["RUS", "EU"]


def test_a_file_name_is_never_an_outlet() -> None:
    assert outlet_label({"id": "ab12", "outlet": None, "location": "notes/port-history.txt"}) == "unknown outlet"
    assert outlet_label({"id": "ab12", "outlet": None, "url": "https://www.ledger.example/x"}) == "ledger.example"
    assert outlet_label({"id": "ab12", "outlet": "Ledger"}) == "Ledger"


def test_the_coverage_bar_is_one_segment_per_outlet_without_style_attributes(client: TestClient) -> None:
    html = _story(client)
    bar = re.search(r'<svg class="coverage".*?</svg>', html, re.S)
    assert bar is not None and "style=" not in bar.group(0)
    titles = re.findall(r"<title>([^<]+)</title>", bar.group(0))
    assert sorted(titles) == ["Courier: 1 article", "Diario Sur: 1 article", "Ledger: 1 article", "Post: 1 article", "unknown outlet: 1 article"]
    assert "port-history" not in html


def test_every_source_of_a_row_is_in_place(client: TestClient) -> None:
    html = _story(client)
    row = re.search(r'<tr class="reaction" id="actor-RUS".*?</tr>', html, re.S)
    assert row is not None
    sources = re.search(r'<details class="sources">(.*?)</details>', row.group(0), re.S)
    assert sources is not None
    summary = re.sub(r"<[^>]+>|\s+", " ", re.search(r"<summary>(.*?)</summary>", sources.group(1), re.S).group(1)).split()
    assert summary == ["2", "sources,", "3", "articles"]  # the wire copy is one more article, not one more source
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', sources.group(1))
    assert [name for _, name in links] == ["Ledger", "Courier", "Post"]
    assert all(href.startswith("/articles/") for href, _ in links)
    assert "copy of Courier" in sources.group(1)


def test_a_background_date_is_listed_apart_and_the_axis_fits_the_story(client: TestClient) -> None:
    html = _story(client)
    drawing = re.search(r'<svg class="chart timeline".*?</svg>', html, re.S).group(0)
    ticks = re.findall(r'class="tick"[^>]*>([^<]+)<', drawing)
    assert ticks == ["2 Mar 2026"]  # both events on the axis are of 2 March
    assert "1979" not in drawing
    background = re.search(r'<div class="background-dates">(.*?)</div>', html, re.S).group(1)
    assert "1 Jan 1979" in background and "The port was last shelled in 1979" in background


def test_empty_sections_say_the_spanish_article_was_not_analysed(client: TestClient) -> None:
    html = _story(client)
    note = re.search(r'<section id="summary".*?<p class="note">([^<]+)</p>', html, re.S)
    why = not_analysed_reason("es") if not can_analyse("es") else "they were stored without extraction"
    assert note is not None and note.group(1).startswith(f"1 of its 5 articles are not analysed: {why}")


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2026-03-02", "2026-03-05", ["2 Mar 2026", "3 Mar", "4 Mar", "5 Mar"]),
        ("2025-12-10", "2026-02-03", ["10 Dec 2025", "17 Dec", "24 Dec", "31 Dec", "7 Jan 2026", "14 Jan", "21 Jan", "28 Jan"]),
        ("2024-01-01", "2026-03-01", ["Jan 2024", "Apr", "Jul", "Oct", "Jan 2025", "Apr", "Jul", "Oct", "Jan 2026"]),
        ("1970-01-01", "2026-03-05", ["1970", "1975", "1980", "1985", "1990", "1995", "2000", "2005", "2010", "2015", "2020", "2025"]),
    ],
)
def test_ticks_name_the_year_when_the_range_crosses_one(first: str, last: str, expected: list[str]) -> None:
    ticks = svg.axis_ticks(date.fromisoformat(first).toordinal(), date.fromisoformat(last).toordinal(), 640)
    assert [label for _, label in ticks] == expected


@pytest.mark.parametrize("days", [1, 3, 9, 20, 45, 70, 120, 400, 800, 3000, 20000])
@pytest.mark.parametrize("inner", [300, 640])
def test_tick_labels_never_overlap(days: int, inner: int) -> None:
    first = date(2025, 11, 20).toordinal()
    ticks = svg.axis_ticks(first, first + days, inner)
    places = [(inner * (day - first) / days, len(label) * svg.CHAR_PX) for day, label in ticks]
    for (x1, w1), (x2, w2) in zip(places, places[1:]):
        assert x2 - w2 / 2 >= x1 + w1 / 2, ticks
    assert len(ticks) >= 2 or days < 2


def test_the_story_list_counts_the_outlets_the_story_page_shows(client: TestClient) -> None:
    listing = client.get("/").text
    row = listing[listing.index("US strike on the port") :].split("</tr>")[0]
    assert re.findall(r'class="num">(?:<span class="pill">)?(\d+)', row) == ["5", "4", "5"]  # articles, sources, outlets
    lede = re.sub(r"<[^>]+>|\s+", " ", re.search(r'<p class="lede">(.*?)</p>', _story(client), re.S).group(1)).split()
    assert lede[-7:] == ["·", "4", "independent", "sources", "·", "5", "outlets"]
