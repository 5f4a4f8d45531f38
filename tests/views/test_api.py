"""The JSON API over a small hand-made database: exact values, paging, filters, errors, the token.

``build_db`` is shared with the page tests: two outlets and a wire copy tell one story (RUS
condemns, the EU is mixed while the outlet calls it support), and a hostile article carries
<script> and onerror= in its title, text, URL and records.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.errors import BadQuery
from newsgraph.model import ActorRef, Analysis, Article, Event, EventDate, Mention, Quote, Span, Stance
from newsgraph.store import Batch, NewArticle, Store
from newsgraph.store import search as search_mod
from newsgraph.views.web.app import check_bind, create_app

TEXT_A = "US forces struck the port on Monday. Moscow called the raid an act of aggression."
TEXT_B = "The US strike hit the port. Russia condemned it. The EU backed the US action."
TEXT_X = 'Officials found <script>alert("pwned")</script> in a page.\n\nMoscow said the <img src=x onerror=alert(2)> tag was harmless.'
TITLE_X = '<img src=x onerror="alert(1)">Evil Gazette'
TOWARD = "ASSAULT USA→SYR: struck the port"


@dataclass
class Fixture:
    url: str
    a1: str
    a2: str
    a3: str
    x: str


def span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words), words)


def ref(actor: str | None, name: str, role: str | None = None, text: str | None = None) -> ActorRef:
    return ActorRef(text or name, name, actor, "GOV", role)


def _story_analysis(article_id: str, text: str) -> Analysis:
    """Records for TEXT_A or TEXT_B, the way extraction would make them."""
    if text == TEXT_A:
        return Analysis(
            article_id,
            actors=[Mention(span(text, "US"), ref("USA", "United States", text="US")), Mention(span(text, "Moscow"), ref("RUS", "Russia", text="Moscow"), "metonym")],
            quotes=[Quote(span(text, "an act of aggression"), ref("RUS", "Moscow"), span(text, "called"), direct=False)],
            events=[
                Event("ASSAULT", None, ref("USA", "USA"), ref("SYR", "SYR"), span(text, "US forces struck the port"), EventDate("2026-03-02", "exact")),
                Event("ACCUSE", None, ref("RUS", "RUS"), ref("USA", "USA"), span(text, "Moscow called the raid an act of aggression")),
            ],
            stances=[Stance(ref("RUS", "Anton Petrov", "Foreign Minister"), "condemn", TOWARD, (span(text, "Moscow called the raid an act of aggression"),))],
        )
    eu_words = span(text, "The EU backed the US action")
    return Analysis(
        article_id,
        actors=[Mention(span(text, "Russia"), ref("RUS", "Russia")), Mention(span(text, "EU"), ref("EU", "European Union", text="EU"))],
        events=[Event("ASSAULT", None, ref("USA", "USA"), ref("SYR", "SYR"), span(text, "The US strike hit the port"), EventDate("2026-03-02", "exact"))],
        stances=[
            Stance(ref("RUS", "Russia"), "condemn", TOWARD, (span(text, "Russia condemned it"),)),
            Stance(ref("EU", "Kaja Kallas", "High Representative"), "mixed", TOWARD, (eu_words,)),
            Stance(ref("EU", "European Union"), "support", TOWARD, (eu_words,), characterised_by_outlet=True),
            Stance(ref("USA", "United States"), "support", TOWARD, (span(text, "The US strike hit the port"),)),
        ],
    )


def build_db(path: Path) -> Fixture:
    """A database with two stories; story 2 is the hostile one."""
    url = f"sqlite:///{path}"
    store = Store(url)
    a1 = Article.build(TEXT_A, title="Port struck at dawn", outlet="Ledger", published="2026-03-02T08:00:00+00:00", url="https://ledger.example/port")
    a2 = Article.build(TEXT_B, title="Russia condemns strike", outlet="Courier", published="2026-03-03", url="https://courier.example/strike")
    a3 = Article.build(TEXT_B, title="Russia condemns strike (wire)", outlet="Post", published="2026-03-03T12:00:00+00:00")
    x = Article.build(TEXT_X, title=TITLE_X, outlet="Evil Gazette", published="2026-03-04", url="javascript:alert(3)")
    evil = Analysis(
        x.id,
        actors=[Mention(span(TEXT_X, "Moscow"), ref("RUS", "Russia", text="Moscow"), "metonym")],
        quotes=[Quote(span(TEXT_X, "the <img src=x onerror=alert(2)> tag was harmless"), ref("RUS", '<b onmouseover="alert(4)">Moscow</b>'), span(TEXT_X, "said"), direct=False)],
        events=[Event("ACCUSE", None, ref("RUS", "RUS"), ref(None, "?"), span(TEXT_X, 'Officials found <script>alert("pwned")</script> in a page.'), EventDate("2026-03-04", "exact"))],
        stances=[Stance(ref("RUS", "Russia"), "neutral", 'PROTEST RUS→?: <script>alert("toward")</script>', (span(TEXT_X, "tag was harmless"),))],
    )
    store.write(
        Batch(
            articles=[
                NewArticle(a1, analysis=_story_analysis(a1.id, TEXT_A), story_key="port"),
                NewArticle(a2, analysis=_story_analysis(a2.id, TEXT_B), story_key="port"),
                NewArticle(a3, duplicate_of=a2.id, similarity=1.0, analysis=_story_analysis(a3.id, TEXT_B), story_key="port"),
                NewArticle(x, analysis=evil, story_key="evil"),
            ],
            stories=[
                {"key": "port", "title": "US strike on the port", "first_date": "2026-03-02", "last_date": "2026-03-03", "state": None},
                {"key": "evil", "title": '<script>alert("story")</script> Evil story', "first_date": "2026-03-04", "last_date": "2026-03-04", "state": None},
            ],
        )
    )
    return Fixture(url, a1.id, a2.id, a3.id, x.id)


@pytest.fixture()
def fx(tmp_path: Path) -> Fixture:
    return build_db(tmp_path / "web.db")


@pytest.fixture()
def client(fx: Fixture) -> TestClient:
    return TestClient(create_app(fx.url), base_url="http://localhost")


# -- listings ---------------------------------------------------------------------


def test_stories_newest_first_with_source_counts(client: TestClient) -> None:
    body = client.get("/api/stories").json()
    assert [(s["id"], s["articles"], s["sources"], s["outlets"]) for s in body["items"]] == [(2, 1, 1, 1), (1, 3, 2, 3)]
    assert (body["total"], body["limit"], body["offset"], body["next_offset"]) == (2, 50, 0, None)
    assert client.get("/api/stories", params={"limit": 1}).json()["next_offset"] == 1


def test_story_lists_its_articles_oldest_first(client: TestClient, fx: Fixture) -> None:
    story = client.get("/api/stories/1").json()
    assert (story["title"], story["first_date"], story["last_date"]) == ("US strike on the port", "2026-03-02", "2026-03-03")
    assert [(a["id"], a["outlet"], a["duplicate_of"]) for a in story["articles"]] == [(fx.a1, "Ledger", None), (fx.a2, "Courier", None), (fx.a3, "Post", fx.a2)]


def test_articles_page_and_filter(client: TestClient, fx: Fixture) -> None:
    first = client.get("/api/articles", params={"limit": 2}).json()
    assert [a["id"] for a in first["items"]] == [fx.x, fx.a3]
    assert (first["next_offset"], "text" in first["items"][0]) == (2, False)
    rest = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert ([a["id"] for a in rest["items"]], rest["next_offset"]) == ([fx.a2, fx.a1], None)
    assert [a["id"] for a in client.get("/api/articles", params={"outlet": "courier"}).json()["items"]] == [fx.a2]
    dated = client.get("/api/articles", params={"since": "2026-03-03", "until": "2026-03-03"}).json()["items"]
    assert sorted(a["id"] for a in dated) == sorted([fx.a2, fx.a3])
    with_text = client.get("/api/articles", params={"text": "aggression", "with_text": True}).json()["items"]
    assert [(a["id"], a["text"]) for a in with_text] == [(fx.a1, TEXT_A)]


def test_one_article_by_prefix_with_counts(client: TestClient, fx: Fixture) -> None:
    article = client.get(f"/api/articles/{fx.a3[:8]}").json()
    assert (article["id"], article["duplicate_of"], article["story_id"], article["text"]) == (fx.a3, fx.a2, 1, TEXT_B)
    assert article["extracted"] == {"actors": 2, "quotes": 0, "events": 1, "stances": 4}
    assert client.get(f"/api/articles/{fx.a2}").json()["copies"] == [fx.a3]


def test_actors_roll_up_and_mentions(client: TestClient, fx: Fixture) -> None:
    rows = client.get("/api/actors").json()["items"]
    assert [(r["actor"], r["name"], r["mentions"], r["articles"]) for r in rows] == [
        ("RUS", "Russia", 4, 4),
        ("EU", "European Union", 2, 2),
        ("USA", "United States", 1, 1),
    ]
    gov = client.get("/api/actors", params={"sector": "gov", "actor": "EU"}).json()["items"]
    assert [(r["actor"], r["name"], r["sector"], r["mentions"]) for r in gov] == [("EU", "European Union", "GOV", 2)]
    mentions = client.get("/api/actors", params={"mentions": True, "actor": "rus", "article": fx.a1}).json()["items"]
    assert [(m["article"], m["start"], m["end"], m["text"], m["kind"]) for m in mentions] == [(fx.a1, 37, 43, "Moscow", "metonym")]
    assert TEXT_A[37:43] == "Moscow"


def test_quotes_events_stances_filters(client: TestClient, fx: Fixture) -> None:
    quotes = client.get("/api/quotes", params={"actor": "RUS", "direct": False}).json()
    assert quotes["total"] == 2
    assert client.get("/api/quotes", params={"direct": True}).json()["total"] == 0
    assert [q["article"] for q in client.get("/api/quotes", params={"speaker": "mosc"}).json()["items"]] == sorted([fx.a1, fx.x])
    assaults = client.get("/api/events", params={"type": "assault"}).json()
    assert (assaults["total"], {e["evidence"]["text"] for e in assaults["items"]}) == (3, {"US forces struck the port", "The US strike hit the port"})
    assert client.get("/api/events", params={"source": "RUS", "since": "2026-03-03"}).json()["total"] == 1
    assert client.get("/api/events", params={"until": "2026-03-01"}).json()["total"] == 0
    condemn = client.get("/api/stances", params={"stance": "condemn"}).json()
    assert sorted(s["article"] for s in condemn["items"]) == sorted([fx.a1, fx.a2, fx.a3])
    paged = client.get("/api/stances", params={"limit": 2, "offset": 9}).json()
    assert (paged["total"], len(paged["items"]), paged["next_offset"]) == (10, 1, None)


def test_actor_endpoint_gathers_statements_and_events(client: TestClient, fx: Fixture) -> None:
    rus = client.get("/api/actors/rus").json()
    assert rus["actor"] == {"code": "RUS", "name": "Russia", "kind": "country"}
    assert (rus["people"], rus["mentions"], len(rus["stances"]), len(rus["quotes"]), len(rus["events"])) == (["Anton Petrov"], 4, 4, 2, 2)
    assert [a["id"] for a in rus["articles"]] == [fx.a1, fx.a2, fx.a3, fx.x]
    assert client.get("/api/actors/ZZZ").status_code == 404


# -- story views --------------------------------------------------------------------


def test_reactions_rus_condemn_eu_mixed_with_outlet_note(client: TestClient, fx: Fixture) -> None:
    body = client.get("/api/reactions", params={"story": 1}).json()
    assert (body["focal"]["source"], body["focal"]["target"], body["label"]) == ("USA", "SYR", "story 1: US strike on the port")
    rows = {r["actor"]["code"]: r for r in body["reactions"]}
    assert set(rows) == {"RUS", "EU"}
    rus, eu = rows["RUS"], rows["EU"]
    assert (rus["stance"], rus["sources"], rus["articles"], rus["people"]) == ("condemn", 2, sorted([fx.a1, fx.a2, fx.a3]), ["Anton Petrov"])
    assert (eu["stance"], eu["sources"], eu["outlet_says"][0]["stance"]) == ("mixed", 1, "support")
    for evidence in rus["evidence"] + eu["evidence"]:
        text = {fx.a1: TEXT_A, fx.a2: TEXT_B, fx.a3: TEXT_B}[evidence["article"]]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]
    about = client.get("/api/reactions", params={"about": "SYR"}).json()
    assert {r["actor"]["code"] for r in about["reactions"]} == {"RUS", "EU"}


def test_timeline_compare_network(client: TestClient, fx: Fixture) -> None:
    rows = client.get("/api/timeline", params={"story": 1}).json()["events"]
    assert [(r["date"], r["type"], r["source"], r["target"], r["sources"]) for r in rows] == [
        ("2026-03-02", "ASSAULT", "USA", "SYR", 2),
        (None, "ACCUSE", "RUS", "USA", 1),
    ]
    assert [r["type"] for r in client.get("/api/timeline", params={"about": "RUS"}).json()["events"]] == ["ACCUSE", "ACCUSE"]
    outlets = client.get("/api/compare", params={"story": 1}).json()["outlets"]
    assert [(o["outlet"], o["articles"]) for o in outlets] == [("Courier", [fx.a2]), ("Ledger", [fx.a1]), ("Post", [fx.a3])]
    graph = client.get("/api/network", params={"story": 1}).json()
    assert sorted((e["source"], e["target"], e["relation"], e["events"]) for e in graph["edges"]) == [("RUS", "USA", "conflict", 1), ("USA", "SYR", "conflict", 3)]
    dated = client.get("/api/network", params={"since": "2026-03-04"}).json()
    assert (dated["label"], dated["edges"]) == ("2026-03-04 to …", [])


# -- search -------------------------------------------------------------------------------


def test_search_ranks_and_points_at_the_match(client: TestClient, fx: Fixture) -> None:
    body = client.get("/api/search", params={"q": '"act of aggression"'}).json()
    assert (body["engine"], body["total"], [i["id"] for i in body["items"]]) == ("fts5", 1, [fx.a1])
    item = body["items"][0]
    start = TEXT_A.index("act of aggression")
    assert item["match"] == {"start": start, "end": start + len("act of aggression"), "text": "act of aggression"}
    assert [item["snippet"][s:e] for s, e in item["highlights"]] == ["act of aggression"]
    port = client.get("/api/search", params={"q": "port", "limit": 2}).json()
    assert (port["total"], len(port["items"]), port["next_offset"]) == (3, 2, 2)
    assert port["items"][0]["id"] == fx.a1  # "port" in the title as well weighs more
    assert client.get("/api/search", params={"q": "condem"}).json()["total"] == 2  # prefixes match
    assert client.get("/api/search", params={"q": "port", "outlet": "ledger"}).json()["total"] == 1


@pytest.mark.parametrize("query", ['"', "AND", "NEAR(", "*", 'port"*', "x' OR 1=1 --", "title:port", "^port", "-port OR", "port)", "a" * 300, "\\", "%_", "NOT port"])
def test_search_text_never_breaks_the_query(client: TestClient, query: str) -> None:
    answer = client.get("/api/search", params={"q": query})
    assert answer.status_code in (200, 400), answer.text
    assert "error" in answer.json() if answer.status_code == 400 else "items" in answer.json()


def test_search_without_fts5_gives_the_same_articles(fx: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(fx.url)
    expected = {q: [i["id"] for i in search_mod.search(store, q)["items"]] for q in ("port", '"act of aggression"', "russia condemned", "%_")}
    monkeypatch.setitem(search_mod._fts_ready, store.url, False)
    for query, ids in expected.items():
        found = search_mod.search(store, query)
        assert found["engine"] == "like"
        assert sorted(i["id"] for i in found["items"]) == sorted(ids), query


def test_search_index_catches_up_with_new_articles(fx: Fixture) -> None:
    store = Store(fx.url)
    assert search_mod.search(store, "lighthouse")["total"] == 0
    late = Article.build("The lighthouse keeper reported the strike.", title="Late news", published="2026-03-05")
    store.write(Batch(articles=[NewArticle(late)]))
    assert [i["id"] for i in search_mod.search(store, "lighthouse")["items"]] == [late.id]
    assert search_mod.update_index(store) == 0


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/articles?limit=1000", 422, "limit: Input should be less than or equal to 500"),
        ("/api/articles?limit=abc", 422, "limit: Input should be a valid integer"),
        ("/api/articles?since=yesterdayish", 400, "since 'yesterdayish' is not a date"),
        ("/api/stances?stance=angry", 422, "stance: Input should be 'support'"),
        ("/api/events?type=DROP%20TABLE", 422, "type: String should match pattern"),
        ("/api/articles/zz", 422, "article_id: String should match pattern"),
        ("/api/articles/0000000000000000", 404, "no article with id"),
        ("/api/stories/99", 404, "no story 99"),
        ("/api/stories/-1", 422, "story_id: Input should be greater than or equal to 0"),
        ("/api/reactions", 400, "say which story: ?story=ID"),
        ("/api/compare", 422, "story: Field required"),
        ("/api/network", 400, "say which events"),
        ("/api/search?q=", 422, "q: String should have at least 1 character"),
        ("/api/search?q=%22", 400, "search: type at least one word"),
        ("/api/nowhere", 404, "nothing at /api/nowhere"),
    ],
)
def test_bad_requests_get_a_clear_json_message(client: TestClient, url: str, status: int, words: str) -> None:
    answer = client.get(url)
    assert answer.status_code == status
    assert words in answer.json()["error"], answer.json()
    assert answer.json()["status"] == status


def test_a_bug_is_a_json_500_not_a_traceback(fx: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(fx.url)
    monkeypatch.setattr(app.state.store, "stories", lambda **_: 1 / 0)
    answer = TestClient(app, raise_server_exceptions=False, base_url="http://localhost").get("/api/stories")
    assert (answer.status_code, answer.json()) == (500, {"error": "internal error (ZeroDivisionError); the server log has the details", "status": 500})


def test_openapi_and_docs_need_no_network(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for endpoint in ("articles", "articles/{article_id}", "actors", "actors/{code}", "quotes", "events", "stances", "stories", "stories/{story_id}", "reactions", "timeline", "compare", "network", "search"):
        assert f"/api/{endpoint}" in paths
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/reactions" in docs.text and "/openapi.json" in docs.text
    assert "cdn" not in docs.text.lower() and "http://" not in docs.text and "https://" not in docs.text


# -- the token -------------------------------------------------------------------------------


def test_token_guards_every_page_and_endpoint(fx: Fixture) -> None:
    guarded = TestClient(create_app(fx.url, token="s3cret"), base_url="http://localhost")
    for url in ("/api/stories", "/", "/stories/1", f"/articles/{fx.a1}", "/static/style.css", "/docs", "/openapi.json", "/search?q=port"):
        answer = guarded.get(url)
        assert answer.status_code == 401, url
    assert "token" in guarded.get("/api/stories").json()["error"]
    assert guarded.get("/api/stories", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.get("/api/stories", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert guarded.get("/api/stories", params={"token": "s3cret"}).status_code == 200


def test_token_in_the_url_sets_a_cookie_and_leaves_the_url(fx: Fixture) -> None:
    browser = TestClient(create_app(fx.url, token="s3cret"), follow_redirects=False, base_url="http://localhost")
    first = browser.get("/stories/1", params={"token": "s3cret", "x": "1"})
    assert (first.status_code, first.headers["location"]) == (303, "/stories/1?x=1")
    assert "httponly" in first.headers["set-cookie"].lower()
    assert browser.get("/stories/1").status_code == 200  # the cookie now carries it
    assert browser.get(f"/articles/{fx.a1}").status_code == 200


def test_binding_beyond_loopback_needs_a_token() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_bind(host, None)
    for host in ("0.0.0.0", "192.168.1.5", "example.org", "::"):
        with pytest.raises(BadQuery, match="--token"):
            check_bind(host, None)
        check_bind(host, "s3cret")


def test_serve_refuses_a_public_address_without_a_token_in_one_line(fx: Fixture, tmp_path: Path) -> None:
    code = "import sys; from newsgraph.views.cli import serve; from newsgraph.views.cli import main; sys.argv = ['newsgraph', *sys.argv[1:]]; main()"
    env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_TOKEN"}
    run = subprocess.run([sys.executable, "-c", code, "serve", "--host", "0.0.0.0", "--db", fx.url], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "--token" in run.stderr and "NEWSGRAPH_TOKEN" in run.stderr
    missing = subprocess.run([sys.executable, "-c", code, "serve", "--db", str(tmp_path / "none.db")], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert missing.returncode == 2 and "no database at" in missing.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        busy = subprocess.run([sys.executable, "-c", code, "serve", "--port", port, "--db", fx.url], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert busy.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in busy.stderr
