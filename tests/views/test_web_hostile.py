"""Hostile requests, each with the exact answer: huge and negative numbers, bad dates, LIKE
wildcards, foreign Host headers (DNS rebinding), blank tokens, an open redirect, and the security
headers every answer carries. The keep-alive tests run the real server (uvicorn) on loopback."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_api import Fixture, build_db, span

from newsgraph.errors import BadQuery
from newsgraph.model import ActorRef, Analysis, Article, Event, EventDate, Quote
from newsgraph.store import Batch, NewArticle, Store
from newsgraph.views.web.app import SECURITY_HEADERS, check_bind, create_app, host_name, local_path

HUGE = str(2**63)
WILD_TEXT = "Turnout was 95% in the north_east, said Jo_Ann Reyes."


@pytest.fixture(scope="module")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    """The API tests' database plus one article whose text, speaker and event hold % and _."""
    fixture = build_db(tmp_path_factory.mktemp("hostile") / "web.db")
    wild = Article.build(WILD_TEXT, title="Turnout", outlet="Ledger", published="2026-03-05")
    who = ActorRef("Jo_Ann Reyes", "Jo_Ann Reyes", None, None, None)
    analysis = Analysis(
        wild.id,
        quotes=[Quote(span(WILD_TEXT, "Turnout was 95% in the north_east"), who, span(WILD_TEXT, "said"), direct=False)],
        events=[Event("CONSULT", None, who, None, span(WILD_TEXT, "Turnout was 95% in the north_east"), EventDate("2026-03-05", "exact"))],
    )
    Store(fixture.url).write(Batch(articles=[NewArticle(wild, analysis=analysis)]))
    fixture.wild = wild.id  # type: ignore[attr-defined]
    return fixture


@pytest.fixture(scope="module")
def client(fx: Fixture) -> TestClient:
    return TestClient(create_app(fx.url), base_url="http://localhost", raise_server_exceptions=False)


def _error(status: int, message: str) -> dict[str, object]:
    return {"error": message, "status": status}


# -- numbers --------------------------------------------------------------------------------

TOO_BIG = "Input should be less than or equal to"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"/api/articles?limit={HUGE}", f"limit: {TOO_BIG} 500 (got '{HUGE}')"),
        (f"/api/articles?offset={HUGE}", f"offset: {TOO_BIG} 10000000 (got '{HUGE}')"),
        (f"/api/actors?offset={HUGE}", f"offset: {TOO_BIG} 10000000 (got '{HUGE}')"),
        (f"/api/quotes?offset={HUGE}", f"offset: {TOO_BIG} 10000000 (got '{HUGE}')"),
        (f"/api/events?limit={HUGE}", f"limit: {TOO_BIG} 500 (got '{HUGE}')"),
        (f"/api/stances?offset={HUGE}", f"offset: {TOO_BIG} 10000000 (got '{HUGE}')"),
        (f"/api/stories?offset={HUGE}", f"offset: {TOO_BIG} 10000000 (got '{HUGE}')"),
        (f"/api/stories/{HUGE}", f"story_id: {TOO_BIG} 2147483647 (got '{HUGE}')"),
        (f"/api/reactions?story={HUGE}", f"story: {TOO_BIG} 2147483647 (got '{HUGE}')"),
        (f"/api/timeline?story={HUGE}", f"story: {TOO_BIG} 2147483647 (got '{HUGE}')"),
        (f"/api/compare?story={HUGE}", f"story: {TOO_BIG} 2147483647 (got '{HUGE}')"),
        (f"/api/network?story={HUGE}", f"story: {TOO_BIG} 2147483647 (got '{HUGE}')"),
        (f"/api/search?q=port&offset={HUGE}", f"offset: {TOO_BIG} 10000000 (got '{HUGE}')"),
        (f"/api/search?q=port&limit={HUGE}", f"limit: {TOO_BIG} 100 (got '{HUGE}')"),
        ("/api/stories/-1", "story_id: Input should be greater than or equal to 0 (got '-1')"),
        ("/api/events?offset=-5", "offset: Input should be greater than or equal to 0 (got '-5')"),
        ("/api/quotes?limit=0", "limit: Input should be greater than or equal to 1 (got '0')"),
        ("/api/quotes?limit=abc", "limit: Input should be a valid integer, unable to parse string as an integer (got 'abc')"),
        ("/api/stances?offset=1e3", "offset: Input should be a valid integer, unable to parse string as an integer (got '1e3')"),
    ],
)
def test_bad_numbers_answer_422_with_the_reason(client: TestClient, url: str, message: str) -> None:
    answer = client.get(url)
    assert (answer.status_code, answer.json()) == (422, _error(422, message))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"/stories/{HUGE}", f"story_id: {TOO_BIG} 2147483647 (got '{HUGE}')"),
        (f"/?offset={HUGE}", f"offset: {TOO_BIG} 10000000 (got '{HUGE}')"),
        (f"/articles?offset={HUGE}", f"offset: {TOO_BIG} 10000000 (got '{HUGE}')"),
        (f"/search?q=port&offset={HUGE}", f"offset: {TOO_BIG} 10000000 (got '{HUGE}')"),
        ("/?offset=x", "offset: Input should be a valid integer, unable to parse string as an integer (got 'x')"),
    ],
)
def test_pages_answer_bad_numbers_with_422_pages(client: TestClient, url: str, message: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 422
    assert f'<p class="message">{message.replace(chr(39), "&#39;")}</p>' in answer.text


def test_article_page_offsets_are_bounded(client: TestClient, fx: Fixture) -> None:
    answer = client.get(f"/articles/{fx.a1}", params={"start": HUGE, "end": 3})
    assert answer.status_code == 422 and f"start: {TOO_BIG} 100000000 (got &#39;{HUGE}&#39;)" in answer.text
    beyond = client.get(f"/articles/{fx.a1}", params={"start": 0, "end": 10**8})
    assert beyond.status_code == 400 and "0 ≤ start &lt; end ≤ 81 (the article&#39;s length)" in beyond.text


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/articles?since=2026-13-01", "since '2026-13-01' is not a date (month must be in 1..12); use YYYY-MM-DD, e.g. 2026-03-01"),
        ("/api/events?until=2026-02-30", "until '2026-02-30' is not a date (day is out of range for month); use YYYY-MM-DD, e.g. 2026-03-01"),
        ("/api/network?since=tomorrow", "since 'tomorrow' is not a date (not in the form YYYY-MM-DD); use YYYY-MM-DD, e.g. 2026-03-01"),
        ("/api/search?q=port&until=2026-13-01", "until '2026-13-01' is not a date (month must be in 1..12); use YYYY-MM-DD, e.g. 2026-03-01"),
    ],
)
def test_bad_dates_answer_400_with_the_reason(client: TestClient, url: str, message: str) -> None:
    answer = client.get(url)
    assert (answer.status_code, answer.json()) == (400, _error(400, message))


def test_bad_date_on_a_page(client: TestClient) -> None:
    answer = client.get("/articles", params={"since": "2026-13-01"})
    assert answer.status_code == 400 and "since &#39;2026-13-01&#39; is not a date (month must be in 1..12)" in answer.text


# -- LIKE wildcards are plain characters ---------------------------------------------------------


def test_percent_and_underscore_match_only_themselves(client: TestClient, fx: Fixture) -> None:
    wild = fx.wild  # type: ignore[attr-defined]
    for text in ("%", "_", "95%", "h_e"):
        assert [a["id"] for a in client.get("/api/articles", params={"text": text}).json()["items"]] == [wild], text
    assert client.get("/api/articles", params={"text": "9%5"}).json()["items"] == []
    assert [q["article"] for q in client.get("/api/quotes", params={"speaker": "_"}).json()["items"]] == [wild]
    assert client.get("/api/quotes", params={"speaker": "o%"}).json()["total"] == 0
    timeline = client.get("/api/timeline", params={"about": "%"}).json()
    assert (timeline["label"], [e["type"] for e in timeline["events"]]) == ("about '%'", ["CONSULT"])
    nothing = client.get("/api/reactions", params={"about": "9%5"})
    assert (nothing.status_code, nothing.json()) == (400, _error(400, "no event or headline mentions '9%5'; try an actor code (RUS), a country or a place name"))


# -- paging -----------------------------------------------------------------------------------------


def test_the_story_list_is_paged(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'many.db'}")
    articles, stories = [], []
    for n in range(120):
        article = Article.build(f"Report number {n} on the talks.", title=f"Talks {n}", published=f"2026-01-{1 + n % 28:02d}")
        articles.append(NewArticle(article, story_key=f"s{n}"))
        stories.append({"key": f"s{n}", "title": f"Story {n}", "first_date": "2026-01-01", "last_date": f"2026-01-{1 + n % 28:02d}", "state": None})
    store.write(Batch(articles=articles, stories=stories))
    client = TestClient(create_app(store.url), base_url="http://localhost")
    first = client.get("/").text
    assert first.count('<a class="title" href="/stories/') == 50
    assert "120 stories from 120 articles, newest first (stories 1–50)" in first and 'href="/?offset=50"' in first
    last = client.get("/?offset=100").text
    assert last.count('<a class="title" href="/stories/') == 20 and 'href="/?offset=50"' in last and "/?offset=150" not in last
    api = client.get("/api/stories", params={"limit": 500}).json()
    assert (len(api["items"]), api["total"], api["next_offset"]) == (120, 120, None)


# -- Host header (DNS rebinding) --------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1", "127.0.0.1:8000", "127.1.2.3", "[::1]:8000", "app.localhost"])
def test_loopback_names_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/api/stories", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example", "10.0.0.5", ""])
def test_other_host_names_are_refused(client: TestClient, host: str) -> None:
    answer = client.get("/api/stories", headers={"host": host})
    name = host_name(host)
    message = (
        f"this server does not answer to the host name {name!r}; open it as http://127.0.0.1 or http://localhost, "
        f"or start it with --allowed-hosts {name or 'NAME'} (or NEWSGRAPH_ALLOWED_HOSTS)"
    )
    assert (answer.status_code, answer.json()) == (400, _error(400, message))
    assert client.get("/", headers={"host": host}).status_code == 400


def test_allowed_hosts_and_any_host(fx: Fixture) -> None:
    listed = TestClient(create_app(fx.url, allowed_hosts=["News.Example.org:443"]), base_url="http://localhost")
    assert listed.get("/api/stories", headers={"host": "news.example.org"}).status_code == 200
    assert listed.get("/api/stories", headers={"host": "localhost"}).status_code == 200
    assert listed.get("/api/stories", headers={"host": "evil.example"}).status_code == 400
    public = TestClient(create_app(fx.url, token="s3cret", any_host=True), base_url="http://localhost")
    assert public.get("/api/stories", headers={"host": "evil.example", "authorization": "Bearer s3cret"}).status_code == 200
    assert public.get("/api/stories", headers={"host": "evil.example"}).status_code == 401


# -- tokens ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["", " ", "\t\n"])
def test_blank_tokens_are_refused_at_start_up(fx: Fixture, token: str) -> None:
    message = "the token is empty or only spaces; pass --token SECRET (or set NEWSGRAPH_TOKEN) with a real secret, or no token at all on loopback"
    for host in ("0.0.0.0", "127.0.0.1"):
        with pytest.raises(BadQuery) as err:
            check_bind(host, token)
        assert str(err.value.message) == message
    with pytest.raises(BadQuery, match="the token is empty or only spaces"):
        create_app(fx.url, token=token)


def test_blank_or_wrong_bearer_is_401(fx: Fixture) -> None:
    guarded = TestClient(create_app(fx.url, token="s3cret"), base_url="http://localhost")
    message = "this server needs its token: send 'Authorization: Bearer TOKEN', or open any page once with ?token=TOKEN"
    for headers in ({"authorization": "Bearer "}, {"authorization": "Bearer  \t"}, {"authorization": "Bearer s3cre"}, {"authorization": "s3cret"}):
        answer = guarded.get("/api/stories", headers=headers)
        assert (answer.status_code, answer.json(), answer.headers["www-authenticate"]) == (401, _error(401, message), "Bearer")
    assert guarded.get("/api/stories", params={"token": ""}).status_code == 401
    assert guarded.get("/api/stories", headers={"authorization": "Bearer s3cret"}).status_code == 200


# -- no open redirect ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "location"),
    [("//evil.example/x", "/evil.example/x"), ("///evil.example", "/evil.example"), ("/\\evil.example/x", "/%5Cevil.example/x"), ("/stories/1", "/stories/1")],
)
def test_the_token_redirect_stays_on_this_server(fx: Fixture, path: str, location: str) -> None:
    browser = TestClient(create_app(fx.url, token="s3cret"), base_url="http://localhost", follow_redirects=False)
    answer = browser.get(f"http://localhost{path}?token=s3cret")  # httpx sends a backslash as %5C
    assert (answer.status_code, answer.headers["location"]) == (303, location)


def test_local_path_keeps_every_path_on_this_server() -> None:
    for path in ("//evil.example/x", "/\\evil.example/x", "/\\/evil.example/x", "////evil.example/x"):
        assert local_path(path) == "/evil.example/x", path


# -- security headers --------------------------------------------------------------------------------------------


def test_every_answer_carries_the_security_headers(fx: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(fx.url, token="s3cret")
    monkeypatch.setattr(app.state.store, "story_taken_into", lambda _id: 1 / 0)
    client = TestClient(app, base_url="http://localhost", raise_server_exceptions=False, follow_redirects=False)
    auth = {"authorization": "Bearer s3cret"}
    answers = {
        "page": client.get("/", headers=auth),
        "api": client.get("/api/stories", headers=auth),
        "static": client.get("/static/app.js", headers=auth),
        "openapi": client.get("/openapi.json", headers=auth),
        "404": client.get("/nowhere", headers=auth),
        "422": client.get("/api/stories/-1", headers=auth),
        "401": client.get("/api/stories"),
        "400 host": client.get("/", headers={**auth, "host": "evil.example"}),
        "303": client.get("/stories/1", params={"token": "s3cret"}),
        "500": client.get("/stories/99", headers=auth),
    }
    assert answers["500"].status_code == 500
    for name, answer in answers.items():
        assert {k: answer.headers.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS, name
    csp = SECURITY_HEADERS["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp


def test_pages_hold_no_inline_script_or_style(client: TestClient, fx: Fixture) -> None:
    """The CSP forbids inline script and style; a page that had them would break, so none has."""
    for url in ("/", "/stories/1", "/stories/2", f"/articles/{fx.a1}", f"/articles/{fx.x}?start=0&end=8", "/actors/RUS", "/articles", "/search?q=port", "/docs", "/nowhere", "/events", "/quotes?direct=false", "/actors?sort=name", "/reactions?about=port", "/stories/1?new_since=2026-03-01", "/reactions?about=port&new_since=2026-03-01"):
        tags = _tags(client.get(url).text)
        assert [t for t, attrs in tags if t == "script" and "src" not in attrs] == [], url
        assert [t for t, _ in tags if t == "style"] == [], url
        assert [(t, a) for t, attrs in tags for a in attrs if a == "style" or a.startswith("on")] == [], url


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    found: list[tuple[str, dict[str, str | None]]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Tags().feed(html)
    return found


# -- the real server: a bad request does not cost the connection ---------------------------------------------------


@pytest.fixture(scope="module")
def server(fx: Fixture) -> Iterator[tuple[int, object]]:
    import socket

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(fx.url)
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the web server did not start"
        time.sleep(0.05)
    yield port, app
    running.should_exit = True
    thread.join(timeout=10)


def test_keep_alive_survives_hostile_requests_and_a_bug(server: tuple[int, object], monkeypatch: pytest.MonkeyPatch) -> None:
    port, app = server
    monkeypatch.setattr(app.state.store, "story_taken_into", lambda _id: 1 / 0)  # type: ignore[attr-defined]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    expected = [
        (f"/api/stories/{HUGE}", 422),
        (f"/api/articles?offset={HUGE}&limit=-1", 422),
        ("/api/articles?since=2026-13-01", 400),
        ("/stories/99", 500),
        ("/api/stories", 200),
    ]
    conn.connect()
    first_socket = conn.sock
    for url, status in expected:
        conn.request("GET", url)
        answer = conn.getresponse()
        body = answer.read()
        assert answer.status == status, (url, body)
        assert answer.getheader("connection") != "close", url
        assert conn.sock is first_socket, f"the connection was closed after {url}"
    assert b'"status":200' not in body and b"items" in body
    conn.close()


def test_the_500_names_the_error_and_nothing_more(server: tuple[int, object], monkeypatch: pytest.MonkeyPatch) -> None:
    port, app = server
    monkeypatch.setattr(app.state.store, "stories", lambda **_: 1 / 0)  # type: ignore[attr-defined]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/api/stories?limit=7")  # a URL not asked before (answers are kept)
    answer = conn.getresponse()
    assert (answer.status, answer.read()) == (500, b'{"error":"internal error (ZeroDivisionError); the server log has the details","status":500}')
    conn.close()


def test_serve_refuses_a_blank_token_in_one_line(fx: Fixture, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = "import sys; from newsgraph.views.cli import main; sys.argv = ['newsgraph', *sys.argv[1:]]; main()"
    env = {**{k: v for k, v in os.environ.items() if k != "NEWSGRAPH_TOKEN"}, "NEWSGRAPH_TOKEN": "   "}
    run = subprocess.run([sys.executable, "-c", code, "serve", "--host", "0.0.0.0", "--db", fx.url], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "the token is empty or only spaces" in run.stderr


# -- every parameter of every endpoint, hostile values: never a 500 --------------------------------------------

HOSTILE_VALUES = [HUGE, f"-{HUGE}", "-1", "0", "1e309", "NaN", "", " ", "%", "_", "%25%5F", "\\", "'", '"', "' OR 1=1 --", "<script>", "\x00", "\udcff", "𝕏" * 50, "a" * 5000]
PAGES = {
    "/": ["offset"],
    "/articles": ["outlet", "since", "until", "offset"],
    "/search": ["q", "offset"],
    "/articles/{article_id}": ["start", "end"],
    "/stories/{story_id}": ["new_since"],
    "/actors/{code}": [],
    **{f"/reactions{ext}": ["about", "stance", "region", "outlet", "since", "until"] + (["new_since"] if not ext else []) for ext in ("", ".csv", ".json")},
    **{f"/events{ext}": ["type", "source", "target", "outlet", "since", "until", "sort", "offset"] for ext in ("", ".csv", ".json")},
    **{f"/quotes{ext}": ["actor", "speaker", "direct", "outlet", "since", "until", "sort", "offset"] for ext in ("", ".csv", ".json")},
    **{f"/actors{ext}": ["actor", "sector", "name", "sort", "offset"] for ext in ("", ".csv", ".json")},
}
NEEDS = {"/search": {"q": "port"}, "/api/search": {"q": "port"}, "/reactions": {"about": "port"}, "/reactions.csv": {"about": "port"}, "/reactions.json": {"about": "port"}}


def _routes(client: TestClient, fx: Fixture) -> list[tuple[str, list[str]]]:
    """Every API path from the OpenAPI schema (so a new endpoint is covered too) and every page."""
    found = [(path, [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]) for path, ops in client.get("/openapi.json").json()["paths"].items() for op in ops.values()]
    filled = {"{article_id}": fx.a1, "{story_id}": "1", "{code}": "RUS"}
    routes = []
    for path, params in found + list(PAGES.items()):
        for hole, value in filled.items():
            path = path.replace(hole, value)
        routes.append((path, params))
    return routes


def test_no_parameter_value_makes_a_500(client: TestClient, fx: Fixture) -> None:
    asked = 0
    for path, params in _routes(client, fx):
        for name in params:
            for value in HOSTILE_VALUES:
                answer = client.get(path, params={**NEEDS.get(path, {}), name: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")})
                asked += 1
                assert answer.status_code < 500, (path, name, value[:20], answer.text[:200])
                if answer.status_code >= 400:
                    body = answer.json()["error"] if path.startswith("/api") or path.endswith(".json") else answer.text
                    assert "Traceback" not in body and body
    assert asked > 700


def test_a_large_story_is_covered_by_its_newest_articles_and_its_list_paged(client: TestClient, fx: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.views.web import selection

    monkeypatch.setattr(selection, "MAX_STORY", 2)  # story 1 has 3 articles: a2 and a3 are the newest
    body = client.get("/api/reactions", params={"story": 1, "n": "large"}).json()
    assert body["label"] == "story 1: US strike on the port (the newest 2 of its 3 articles)"
    assert {a for r in body["reactions"] for a in r["articles"]} == {fx.a2, fx.a3}
    page = client.get("/stories/1", params={"n": "large"}).text
    assert "3 articles (what follows covers the newest 2)" in page and "The newest 2 of 3;" in page
    listed = client.get("/api/stories/1", params={"limit": 2}).json()
    assert ([a["id"] for a in listed["articles"]], listed["article_count"], listed["next_offset"]) == ([fx.a1, fx.a2], 3, 2)
    rest = client.get("/api/stories/1", params={"limit": 2, "offset": 2}).json()
    assert ([a["id"] for a in rest["articles"]], rest["next_offset"]) == ([fx.a3], None)


def test_about_finds_the_newest_articles_both_ways(fx: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """Probing the newest articles and scanning every event give the same newest articles."""
    from newsgraph.store import queries

    store = Store(fx.url)
    probed = store.articles_with_events_about("port", limit=2)
    monkeypatch.setattr(queries, "RECENT_ARTICLES", 1)  # too few to find two: the scan of every event answers
    assert store.articles_with_events_about("port", limit=2) == probed == sorted([fx.a2, fx.a3])
    assert store.articles_with_events_about("nowhere", limit=2) == []
