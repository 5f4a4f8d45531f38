"""The event page: one reactions table for an event across stories, with facets and downloads.

Built by the real pipeline from articles written for this test (a fictional coup in Lesotho)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.pipeline import ingest
from newsgraph.store import Store
from newsgraph.views.web.app import create_app

ARTICLES = {
    "a.txt": (
        "Lesotho coup: how capitals responded\nOutlet: Lagoon Post\nPublished: 2026-05-04\n\n"
        "Soldiers detained Lesotho's prime minister in Maseru on Sunday and dissolved parliament.\n\n"
        "Portugal: The foreign ministry condemned the takeover and asked the soldiers to free the prime minister.\n\n"
        "Kenya: Nairobi said the events were an internal affair of Lesotho.\n"
    ),
    "b.txt": (
        "Norway urges restraint in Lesotho\nOutlet: Fjord Daily\nPublished: 2026-05-06\n\n"
        "Norway said it was deeply worried by the seizure of power in Lesotho and called for dialogue.\n"
    ),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    folder = tmp_path_factory.mktemp("event")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    url = f"sqlite:///{folder / 'event.db'}"
    ingest([folder], Store(url))
    return TestClient(create_app(url), base_url="http://localhost")


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr class="reaction" id="actor-([A-Z0-9]+)"', html)


def test_the_event_page_brings_every_reaction_together_grouped_by_stance(client: TestClient) -> None:
    page = client.get("/reactions", params={"about": "Lesotho"})
    assert page.status_code == 200
    html = page.text
    assert "<b>1</b> condemn" in html and "<b>1</b> concern" in html and "<b>1</b> neutral" in html
    assert _rows(html) == ["PRT", "NOR", "KEN"]  # condemn, then concern, then neutral
    assert 'href="/reactions.csv?about=Lesotho"' in html


def test_the_csv_holds_exactly_the_rows_shown_with_each_facet(client: TestClient) -> None:
    for params in ({"about": "Lesotho"}, {"about": "Lesotho", "stance": "concern"}, {"about": "Lesotho", "outlet": "Lagoon Post"}):
        shown = _rows(client.get("/reactions", params=params).text)
        rows = list(csv.DictReader(io.StringIO(client.get("/reactions.csv", params=params).text)))
        assert [r["code"] for r in rows] == shown, params
    assert [r["code"] for r in rows] == ["PRT", "KEN"]
    first = rows[0]
    assert (first["stance"], first["first_said"], first["sources"]) == ("condemn", "2026-05-04", "1")
    assert first["statement"].startswith("Portugal: The foreign ministry condemned the takeover")
    data = client.get("/reactions.json", params={"about": "Lesotho", "since": "2026-05-05"}).json()
    assert [r["code"] for r in data["reactions"]] == ["NOR"]


def test_bad_facet_values_answer_400_with_the_reason(client: TestClient) -> None:
    bad = client.get("/reactions", params={"about": "Lesotho", "stance": "angry"})
    assert bad.status_code == 400 and "is not a stance" in bad.text
    assert client.get("/reactions", params={"about": "Lesotho", "since": "2026-13-01"}).status_code == 400
    missing = client.get("/reactions.json", params={"about": "Atlantis"})
    assert missing.status_code == 400 and "Atlantis" in missing.text
    assert client.get("/reactions", params={"about": ""}).status_code in (400, 422)


def test_an_article_in_a_language_we_do_not_read_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "fr"
    folder.mkdir()
    (folder / "fr.txt").write_text(
        "Reprise des pourparlers\nOutlet: Gazette du Lac\nPublished: 2026-05-04\nLanguage: fr\n\n"
        "Les délégations sont revenues à la table vendredi, selon des sources officielles.\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{folder / 'fr.db'}"
    store = Store(url)
    ingest([folder], store)
    article = store.articles()[0]
    page = TestClient(create_app(url), base_url="http://localhost").get(f"/articles/{article['id']}")
    assert page.status_code == 200
    assert "Not analysed: articles in fr are not analysed: newsgraph reads English and Spanish." in page.text


def test_the_region_facet_counts_and_filters_the_rows(client: TestClient) -> None:
    html = client.get("/reactions", params={"about": "Lesotho"}).text
    assert re.findall(r'region=[^"]*"[^>]*>(\w+) \((\d+)\)</a>', html) == [("Europe", "2"), ("Africa", "1")]
    europe = {"about": "Lesotho", "region": "Europe"}
    assert _rows(client.get("/reactions", params=europe).text) == ["PRT", "NOR"]
    rows = list(csv.DictReader(io.StringIO(client.get("/reactions.csv", params=europe).text)))
    assert [(r["code"], r["region"]) for r in rows] == [("PRT", "Europe"), ("NOR", "Europe")]
    wrong = client.get("/reactions", params={"about": "Lesotho", "region": "Atlantis"})
    assert wrong.status_code == 400 and "region: &#39;Atlantis&#39; is not a region; choose Africa, Americas, Asia, Europe, Middle East, Oceania, global" in wrong.text


def test_every_source_of_a_row_is_reachable_in_place(client: TestClient) -> None:
    html = client.get("/reactions", params={"about": "Lesotho"}).text
    row = re.search(r'<tr class="reaction" id="actor-PRT".*?</tr>', html, re.S).group(0)
    sources = re.search(r'<details class="sources">(.*?)</details>', row, re.S).group(1)
    assert re.findall(r'<li><a href="/articles/[0-9a-f]+\?start=\d+&amp;end=\d+#focus">([^<]+)</a>', sources) == ["Lagoon Post"]
    assert 'href="#actor-PRT"' in row


def test_search_and_actor_pages_link_to_the_event_page(client: TestClient) -> None:
    search = client.get("/search", params={"q": "Lesotho"}).text
    assert 'href="/reactions?about=Lesotho"' in search
    assert 'class="about-link"' not in client.get("/search", params={"q": "zzqx"}).text  # nothing to react to
    actor = client.get("/actors/PRT").text
    assert 'href="/reactions?about=PRT"' in actor
    assert client.get("/reactions", params={"about": "PRT"}).status_code == 200


def test_the_event_page_says_when_articles_about_it_were_not_analysed(tmp_path: Path) -> None:
    from newsgraph.extract import can_analyse, not_analysed_reason
    from newsgraph.model import Article
    from newsgraph.store import Batch, NewArticle

    url = f"sqlite:///{tmp_path / 'es.db'}"
    store = Store(url)
    spanish = Article.build("Los soldados tomaron el poder en Lesoto.", title="Golpe en Lesoto", outlet="Diario Sur", published="2026-05-05", language="es")
    store.write(Batch(articles=[NewArticle(spanish)]))
    html = TestClient(create_app(url), base_url="http://localhost").get("/reactions", params={"about": "Lesoto"}).text
    why = not_analysed_reason("es") if not can_analyse("es") else "they were stored without extraction"
    assert f'<p class="note">None of these articles is analysed: {why}' in html
