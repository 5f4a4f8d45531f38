"""Server-rendered pages: what a person sees, every fact one link from its highlighted sentence,
and hostile article text shown as text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.store import Store
from newsgraph.views.web.app import create_app
from test_api import TEXT_A, TEXT_B, TEXT_X, Fixture, build_db

EVIDENCE = re.compile(r'href="(/articles/([0-9a-f]{16})\?start=(\d+)&amp;end=(\d+))#focus"')


class Reader(HTMLParser):
    """The article text as shown (tags dropped), and the parts of it marked as the focus."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <div id="text">
        self.focus_depth = 0
        self.text: list[str] = []
        self.focus: list[str] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "div" and found.get("id") == "text":
            self.depth = 1
        elif self.depth:
            self.depth += tag not in ("br",)
            if "focus" in (found.get("class") or "").split():
                self.focus_depth = self.depth
            if found.get("class") == "anchor":
                self.anchors.append(found.get("id") or "")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            if self.focus_depth == self.depth:
                self.focus_depth = 0
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
            if self.focus_depth:
                self.focus.append(data)


class Tags(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def unsafe_markup(page: str) -> list[str]:
    """Scripts but ours, images, event-handler attributes and javascript: links."""
    parser = Tags()
    parser.feed(page)
    found = []
    for tag, attrs in parser.tags:
        if tag == "script" and attrs != {"src": "/static/app.js", "defer": None}:
            found.append(f"script {attrs}")
        if tag in ("img", "iframe", "object", "embed"):
            found.append(tag)
        found += [f"{tag} {name}=" for name in attrs if name.startswith("on")]
        found += [f"{tag} {name}={value}" for name, value in attrs.items() if (value or "").strip().lower().startswith("javascript:")]
    return found


def read(page: str) -> Reader:
    reader = Reader()
    reader.feed(page)
    return reader


@pytest.fixture(scope="module")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    return build_db(tmp_path_factory.mktemp("pages") / "web.db")


@pytest.fixture(scope="module")
def client(fx: Fixture) -> TestClient:
    return TestClient(create_app(fx.url), base_url="http://localhost")


def texts(fx: Fixture) -> dict[str, str]:
    return {fx.a1: TEXT_A, fx.a2: TEXT_B, fx.a3: TEXT_B, fx.x: TEXT_X}


def test_story_list_newest_first_with_source_counts(client: TestClient) -> None:
    page = client.get("/").text
    assert page.index("Evil story") < page.index("US strike on the port")
    row = page[page.index("US strike on the port") :].split("</tr>")[0]
    assert re.findall(r'class="num">(?:<span class="pill">)?(\d+)', row) == ["3", "2", "3"]  # articles, sources, outlets


def test_story_page_reactions_rus_condemn_eu_mixed_with_outlet_note(client: TestClient, fx: Fixture) -> None:
    page = client.get("/stories/1").text
    rows = re.findall(r'<tr class="reaction" id="actor-\w+" data-actor="(\w+)">(.*?)</tr>', page, re.S)
    assert [code for code, _ in rows] == ["RUS", "EU"]
    rus, eu = rows[0][1], rows[1][1]
    assert 'badge st-condemn">condemn' in rus and "Anton Petrov" in rus
    assert 'badge st-mixed">mixed' in eu and "Outlet says" in eu and 'badge st-support">support' in eu
    assert "the actor's own words say mixed" in eu
    for section in ('<svg class="chart timeline"', '<svg class="chart network"', 'id="comparison"', "<h3>Courier", "<h3>Ledger", "<h3>Post"):
        assert section in page


def test_every_evidence_link_lands_on_its_highlighted_words(client: TestClient, fx: Fixture) -> None:
    """Reactions, timeline dots, comparison facts: each link opens the article with exactly its span in focus."""
    page = client.get("/stories/1").text
    links = set(EVIDENCE.findall(page))
    assert len(links) >= 6
    for url, article, start, end in links:
        shown = client.get(html.unescape(url))
        assert shown.status_code == 200, url
        reader = read(shown.text)
        assert "".join(reader.focus) == texts(fx)[article][int(start) : int(end)]
        assert "focus" in reader.anchors


def test_article_marks_every_record_and_keeps_the_text(client: TestClient, fx: Fixture) -> None:
    page = client.get(f"/articles/{fx.a1}").text
    reader = read(page)
    assert "".join(reader.text) == TEXT_A  # nothing lost, nothing doubled by the highlighting
    assert sorted(reader.anchors) == ["span-e0", "span-e1", "span-m0", "span-m1", "span-q0", "span-s0"]
    for css in ("hl-m", "hl-q", "hl-e", "hl-s st-condemn"):
        assert css in page
    assert 'href="/actors/RUS"' in page  # a mention leads to its actor


def test_focus_range_is_checked(client: TestClient, fx: Fixture) -> None:
    assert "".join(read(client.get(f"/articles/{fx.a1}", params={"start": 0, "end": 9}).text).focus) == "US forces"
    for params in ({"start": 5}, {"start": 9, "end": 3}, {"start": 0, "end": 9999}, {"start": -1, "end": 3}):
        answer = client.get(f"/articles/{fx.a1}", params=params)
        assert answer.status_code in (400, 422) and "text/html" in answer.headers["content-type"]
        assert "start" in answer.text


def test_hostile_text_is_shown_as_text_everywhere(client: TestClient, fx: Fixture) -> None:
    pages = ["/", "/stories/2", f"/articles/{fx.x}", "/actors/RUS", "/search?q=pwned", "/search?q=harmless", "/articles"]
    for url in pages:
        page = client.get(url).text
        assert page.count("<script") == 1, url  # only ours: <script src="/static/app.js">
        assert unsafe_markup(page) == [], url
    article = client.get(f"/articles/{fx.x}").text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in article and "onerror=alert(2)&gt;" in article
    assert "".join(read(article).text) == TEXT_X
    assert 'href="javascript:' not in article


def test_pages_are_guarded_by_a_strict_content_security_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy


def test_actor_page_lists_statements_and_events_over_time(client: TestClient, fx: Fixture) -> None:
    page = client.get("/actors/RUS").text
    assert "<h1>Russia" in page and "Anton Petrov" in page
    items = re.findall(r'<li class="item (stance|quote|event)">\s*<div class="when">([\d-]+|undated)</div>', page)
    assert [when for _, when in items] == sorted(when for _, when in items)
    assert {kind for kind, _ in items} == {"stance", "quote", "event"}
    assert len(EVIDENCE.findall(page)) == len(items)


def test_search_page_links_to_the_matched_words(client: TestClient, fx: Fixture) -> None:
    page = client.get("/search", params={"q": "aggression"}).text
    assert "1 article matches" in page and "<mark>aggression</mark>" in page
    (url, article, start, end), = EVIDENCE.findall(page)
    assert (article, TEXT_A[int(start) : int(end)]) == (fx.a1, "aggression")
    for url in ("/", "/stories/1", f"/articles/{fx.a1}", "/actors/RUS", "/articles", "/docs", "/nowhere"):
        assert 'action="/search"' in client.get(url).text, url


def test_unknown_pages_and_ids_get_a_readable_page(client: TestClient) -> None:
    for url, status, words in (("/nowhere", 404, "nothing at /nowhere"), ("/stories/99", 404, "no story 99"), ("/articles/zz", 422, "article_id"), ("/actors/%3Cb%3E", 422, "code")):
        answer = client.get(url)
        assert (answer.status_code, "text/html" in answer.headers["content-type"]) == (status, True), url
        assert words in answer.text


def test_seeds_story_page_shows_rus_condemn_and_eu_mixed(seeds: Path, tmp_path: Path) -> None:
    """The issue's acceptance check, on the real seeds through the real pipeline."""
    from newsgraph.pipeline import ingest

    store = Store(f"sqlite:///{tmp_path / 'seeds.db'}")
    ingest([seeds], store)
    assert len(store.stories()) == 1
    client = TestClient(create_app(store.url), base_url="http://localhost")
    article_texts = {a["id"]: a["text"] for a in store.articles()}
    found = {}
    for story in store.stories():
        page = client.get(f"/stories/{story['id']}").text
        for code, row in re.findall(r'<tr class="reaction" id="actor-\w+" data-actor="(\w+)">(.*?)</tr>', page, re.S):
            found.setdefault(code, row)
    assert 'badge st-condemn">condemn' in found["RUS"]
    assert 'badge st-mixed">mixed' in found["EU"]
    for code in ("RUS", "EU"):
        url, article, start, end = EVIDENCE.findall(found[code])[0]
        focus = "".join(read(client.get(html.unescape(url)).text).focus)
        assert focus == article_texts[article][int(start) : int(end)] and focus


def test_a_story_taken_into_another_redirects_there(tmp_path: Path) -> None:
    from newsgraph.pipeline import ingest

    def write(folder: str, name: str, title: str, body: str) -> Path:
        path = tmp_path / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{title}\n\n4 Mar, 2026 10:00\n\n{body}\n", encoding="utf-8")
        return path.parent

    first = write("a", "w.txt", "Tessel flood warning for Marrowdale",
                  "The River Tessel rose fast on Sunday night and Marrowdale's lower streets may flood.")
    write("b", "f.txt", "River Tessel floods Marrowdale",
          "The River Tessel burst its banks in Marrowdale on Monday after three days of rain, flooding two hundred "
          "homes. Mayor Odile Fenwick said rescue boats had reached families trapped on upper floors.")
    second = write("b", "g.txt", "Marrowdale counts the cost of the Tessel flood",
                   "Water from the River Tessel still covered the lower streets of Marrowdale on Tuesday. Mayor Odile "
                   "Fenwick asked for army help as rescue boats carried families from flooded homes.")
    url = f"sqlite:///{tmp_path / 'merged.db'}"
    ingest([first], Store(url), extract=False)
    ingest([second], Store(url), extract=False, batch_size=1)
    client = TestClient(create_app(url), base_url="http://localhost")
    [story] = client.get("/api/stories").json()["items"]
    assert story["id"] == 2 and story["articles"] == 3
    moved = client.get("/stories/1", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (301, "/stories/2")
    api = client.get("/api/stories/1")
    assert (api.status_code, api.json()["error"]) == (404, "story 1 was taken into story 2, which now holds its article; use 2")
    assert client.get("/stories/9").status_code == 404
