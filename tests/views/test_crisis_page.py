"""Issue 13's acceptance on a crisis of 52 articles (written for the test, crisis_corpus.py):
the event page shows every reacting country with its stance on one page, each facet's counts
add up, and the CSV under every facet holds exactly the rows shown."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from crisis_corpus import OUTLETS, write
from newsgraph.pipeline import ingest
from newsgraph.store import Store
from newsgraph.views.web.app import create_app
from newsgraph.views.web.event import region_of


@pytest.fixture(scope="module")
def crisis(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[str, str]]:
    folder = tmp_path_factory.mktemp("crisis")
    expected = write(folder)
    url = f"sqlite:///{folder / 'crisis.db'}"
    ingest([folder], Store(url))
    return TestClient(create_app(url), base_url="http://localhost"), expected


def _rows(html: str) -> dict[str, str]:
    """Actor code -> the stance group it is shown under."""
    found = {}
    for stance, body in re.findall(r'<section class="stance-group" id="(\w+)">(.*?)</section>', html, re.S):
        for code in re.findall(r'<tr class="reaction" id="actor-([A-Z0-9]+)"', body):
            found[code] = stance
    return found


def test_every_reacting_country_is_on_one_page_with_its_stance(crisis: tuple[TestClient, dict[str, str]]) -> None:
    client, expected = crisis
    html = client.get("/reactions", params={"about": "Lesotho"}).text
    assert _rows(html) == expected
    assert len(expected) == 52
    rows = list(csv.DictReader(io.StringIO(client.get("/reactions.csv", params={"about": "Lesotho"}).text)))
    assert {r["code"]: (r["stance"], r["region"]) for r in rows} == {code: (stance, region_of(code)) for code, stance in expected.items()}
    counts = Counter(expected.values())
    assert re.sub(r"<[^>]+>", "", re.search(r"(<b>\d+</b> condemn.*?neutral)</a>", html, re.S).group(1)).split(" · ") == [
        f"{counts['condemn']} condemn", f"{counts['concern']} concern", f"{counts['neutral']} neutral"
    ]


def test_each_facet_adds_up_and_its_csv_holds_the_rows_shown(crisis: tuple[TestClient, dict[str, str]]) -> None:
    client, expected = crisis
    html = client.get("/reactions", params={"about": "Lesotho"}).text
    for facet in ("stance", "region", "outlet"):
        _check_facet(client, html, expected, facet)


def _check_facet(client: TestClient, html: str, expected: dict[str, str], facet: str) -> None:
    offered = re.findall(rf'href="/reactions\?about=Lesotho&amp;{facet}=[^"]+"[^>]*>([^<(]+) \((\d+)\)</a>', html)
    assert sum(int(n) for _, n in offered) == 52  # countries by stance or region; articles by outlet, one reaction each
    if facet == "outlet":
        assert sorted(name.strip() for name, _ in offered) == sorted(OUTLETS)
    if facet == "region":
        assert dict((name.strip(), int(n)) for name, n in offered) == dict(Counter(region_of(code) for code in expected))
    for value, n in offered:
        params = {"about": "Lesotho", facet: value.strip()}
        shown = _rows(client.get("/reactions", params=params).text)
        rows = list(csv.DictReader(io.StringIO(client.get("/reactions.csv", params=params).text)))
        assert sorted(r["code"] for r in rows) == sorted(shown), params
        assert len(shown) == int(n), params
