"""The web app in a real browser: Debian's chromium driven by Playwright, against the real server
(uvicorn on a free loopback port) over the demo corpus. Screenshots go to test-artifacts/browser/."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.model import Article
from newsgraph.store import Batch, NewArticle, Store
from crisis_corpus import write as write_crisis
from test_api import TEXT_X, TITLE_X

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo" / "corpus"
SHOTS = ROOT / "test-artifacts" / "browser"

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser tests", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo corpus through the real pipeline, plus one hostile article in a story of its own."""
    if not DEMO.is_dir():
        pytest.skip("demo/corpus is missing")
    from newsgraph.pipeline import ingest

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'demo.db'}")
    crisis = tmp_path_factory.mktemp("crisis")
    reacting = write_crisis(crisis)  # 52 articles on one crisis, beside the demo's stories
    ingest([DEMO, crisis], store)
    hostile = Article.build(TEXT_X, title=TITLE_X, outlet="Evil Gazette", published="2025-01-01", url="javascript:alert(3)")
    hostile_story = {"key": "hostile", "title": "Hostile markup", "first_date": "2025-01-01", "last_date": "2025-01-01", "state": None}
    store.write(Batch(articles=[NewArticle(hostile, story_key="hostile")], stories=[hostile_story]))
    quotes = store.records("quotes")
    return {"url": store.url, "stories": store.stories(), "hostile": hostile.id, "quoted": quotes[0]["article"] if quotes else None, "reacting": reacting}


@pytest.fixture(scope="module")
def server(demo_db: dict[str, Any]) -> Iterator[str]:
    """The real app under uvicorn, in a thread, on a free loopback port."""
    import uvicorn

    from newsgraph.views.web.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(demo_db["url"]), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture()
def page(browser_context: Any) -> Iterator[Any]:
    tab = browser_context.new_page()
    tab.set_default_timeout(15000)
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.dialogs = dialogs
    yield tab
    tab.close()


def shot(page: Any, name: str, full: bool = False) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def assert_focus_in_view(page: Any, expected: str | None = None) -> str:
    """The highlighted words are there, scrolled into the window, and (if given) are ``expected``."""
    focus = page.locator("#text .focus")
    focus.first.wait_for()
    text = "".join(focus.all_inner_texts())
    if expected is not None:
        assert re.sub(r"\s+", " ", text).strip() == re.sub(r"\s+", " ", expected).strip()
    box = focus.first.bounding_box()
    assert box is not None and 0 <= box["y"] <= page.viewport_size["height"], box
    return text


def story_with_reactions(page: Any, server: str, stories: list[dict[str, Any]]) -> int:
    """The demo story with the most sources whose reactions table has rows."""
    for story in sorted(stories, key=lambda s: (-s["sources"], s["id"])):
        page.goto(f"{server}/stories/{story['id']}")
        if page.locator("tr.reaction a.quote").count():
            return story["id"]
    pytest.fail("no demo story has a reactions table with evidence")


def test_story_list_shows_the_demo_stories(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    page.goto(server)
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == len(demo_db["stories"])
    assert page.locator("table.stories a.title").first.inner_text()
    shot(page, "01-stories")


def test_open_a_story_and_follow_a_reaction_to_its_sentence(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    number = story_with_reactions(page, server, demo_db["stories"])
    page.goto(server)
    page.locator(f'table.stories a[href="/stories/{number}"]').click()
    page.wait_for_url(f"**/stories/{number}")
    assert page.locator("#reactions table.reactions").is_visible()
    assert page.locator("svg.timeline").count() + page.locator("svg.network").count() >= 1
    shot(page, "02-story", full=True)
    quote = page.locator("tr.reaction a.quote").first
    said = quote.inner_text().strip().strip("“”")
    quote.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}\?start=\d+&end=\d+#focus$"))
    assert_focus_in_view(page, said)
    assert page.locator(".focus-bar").is_visible()
    shot(page, "03-reaction-sentence")


def test_a_timeline_dot_leads_to_its_sentence(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    dated = next(s["id"] for s in sorted(demo_db["stories"], key=lambda s: -s["sources"]) if s["title"] != "Hostile markup")
    page.goto(f"{server}/stories/{dated}#timeline")
    dot = page.locator("svg.timeline a").first
    dot.wait_for()
    dot.click()
    page.wait_for_url(re.compile(r"\?start=\d+&end=\d+#focus$"))
    assert_focus_in_view(page)
    shot(page, "04-timeline-sentence")


def test_search_from_any_page_and_open_a_hit(page: Any, server: str) -> None:
    page.goto(f"{server}/articles")
    box = page.locator("header input[name=q]")
    box.fill("tanker")
    box.press("Enter")
    page.wait_for_url("**/search?q=tanker")
    results = page.locator("li.result")
    assert results.count() >= 3
    assert page.locator("li.result mark").first.inner_text().lower().startswith("tanker")
    shot(page, "05-search")
    results.first.locator("a.title").click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert assert_focus_in_view(page).lower().startswith("tanker")
    shot(page, "06-search-hit")


def test_a_record_anchor_highlights_its_span(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    if not demo_db["quoted"]:
        pytest.skip("extraction found no quotes in the demo corpus")
    page.goto(f"{server}/articles/{demo_db['quoted']}#span-q0")
    assert page.locator('#text .focus[data-r~="q0"]').count() >= 1
    page.uncheck("#show-q")  # the layer toggles are plain CSS
    plain = page.locator("#text .hl-q:not(.focus)")
    if plain.count():
        assert plain.first.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"


def test_hostile_article_shows_its_markup_as_text(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    page.goto(f"{server}/articles/{demo_db['hostile']}")
    text = page.locator("#text").inner_text()
    assert '<script>alert("pwned")</script>' in text and "<img src=x onerror=alert(2)>" in text
    assert page.locator("h1").inner_text() == TITLE_X
    assert page.locator("#text img, #text script, h1 img").count() == 0
    page.goto(f"{server}/search?q=pwned")
    assert "<script>" in page.locator("li.result .snippet").first.inner_text()
    assert page.dialogs == []
    shot(page, "07-hostile-article")


def test_network_node_opens_the_actor_page(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    for story in sorted(demo_db["stories"], key=lambda s: -s["sources"]):
        page.goto(f"{server}/stories/{story['id']}#network")
        if page.locator("svg.network a.node").count():
            break
    else:
        pytest.fail("no demo story has an actor network")
    page.locator("svg.network a.node").first.click()
    page.wait_for_url("**/actors/*")
    assert page.locator("h1 .code").inner_text()
    shot(page, "08-actor")
    evidence = page.locator("ol.actor-timeline a.quote")
    if evidence.count():
        evidence.first.click()
        page.wait_for_url(re.compile(r"#focus$"))
        assert_focus_in_view(page)


def test_on_a_phone_the_navigation_stays_and_no_page_is_wider_than_the_screen(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    story = demo_db["stories"][0]["id"]
    for path in ("/", f"/stories/{story}", "/reactions?about=Togo", "/articles"):
        page.goto(server + path)
        assert page.locator("header.top nav a").first.is_visible(), path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        shot(page, "phone" + path.replace("/", "_").replace("?", "_").replace("=", "_"))
    page.goto(server + "/reactions?about=Togo")
    rows = page.locator("tr.reaction")
    csv_rows = page.request.get(server + "/reactions.csv?about=Togo").text().strip().splitlines()[1:]
    assert rows.count() == len(csv_rows) > 0


# -- issue 13: the story page's order, the timeline, browse pages, the event page's facets, the 404 page --


def test_the_story_page_leads_with_summary_and_reactions_and_keeps_the_outlets_collapsed(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    number = story_with_reactions(page, server, demo_db["stories"])
    page.goto(f"{server}/stories/{number}")
    assert page.locator("#summary .stance-summary").is_visible()
    first_screen = page.viewport_size["height"]
    assert page.locator("#summary").bounding_box()["y"] < first_screen
    assert page.locator("#reactions h2").bounding_box()["y"] < first_screen  # the reactions start on the first screen
    compare = page.locator("details.compare")
    assert compare.get_attribute("open") is None
    assert page.locator("details.compare .outlet").first.is_hidden()
    bar = page.locator("svg.coverage rect.seg")
    legend = page.locator(".coverage-legend .entry")
    assert bar.count() == legend.count() == int(re.search(r"(\d+) outlets?", page.locator(".lede").inner_text()).group(1))
    names = legend.all_inner_texts()
    assert not [n for n in names if re.search(r"\.(txt|html?|json|csv|dat)\b|/", n)], names
    shot(page, "09-story-first-screen")
    page.locator("details.compare > summary").click()
    assert page.locator("details.compare .outlet").first.is_visible()


def test_every_source_a_row_counts_opens_in_place(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    number = story_with_reactions(page, server, demo_db["stories"])
    page.goto(f"{server}/stories/{number}")
    row = page.locator("tr.reaction").first
    sources = row.locator("details.sources")
    said = sources.locator("summary").inner_text()
    articles = int(m.group(1)) if (m := re.search(r"(\d+) articles", said)) else int(said.split()[0])
    assert sources.locator("li").first.is_hidden()
    sources.locator("summary").click()
    links = sources.locator("li a")
    assert links.count() == articles and links.first.is_visible()
    shot(page, "10-sources-in-place")
    links.last.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}"))


def test_timeline_tick_labels_never_overlap_and_phones_get_a_list(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    for story in demo_db["stories"]:
        page.goto(f"{server}/stories/{story['id']}#timeline")
        boxes = [page.locator("svg.timeline text.tick").nth(i).bounding_box() for i in range(page.locator("svg.timeline text.tick").count())]
        for left, right in zip(boxes, boxes[1:]):
            assert left["x"] + left["width"] <= right["x"], (story["id"], left, right)
    page.set_viewport_size({"width": 390, "height": 844})
    number = story_with_reactions(page, server, demo_db["stories"])
    page.goto(f"{server}/stories/{number}#timeline")
    assert page.locator("svg.timeline").is_hidden()
    assert page.locator("ol.timeline-list li").first.is_visible()
    shot(page, "11-phone-timeline")


def test_browse_events_facet_sort_and_csv_of_exactly_the_filtered_rows(page: Any, server: str) -> None:
    page.goto(f"{server}/events")
    facet = page.locator("#facet-type li a").first
    chosen = facet.inner_text()
    facet.click()
    page.wait_for_url(re.compile(r"/events\?type="))
    total = int(page.locator("h1 .count").inner_text().replace(",", ""))
    assert total > 0 and {t.strip() for t in page.locator("table.browse tbody td:nth-child(2)").all_inner_texts()} == {chosen}
    page.locator("table.browse th a", has_text="Source").click()
    page.wait_for_url(re.compile(r"sort=-source"))
    shot(page, "12-browse-events")
    csv_link = page.locator("p.downloads a", has_text="CSV").get_attribute("href")
    lines = page.request.get(server + csv_link).text().strip().splitlines()
    assert len(lines) - 1 == total
    shown = page.locator("table.browse tbody tr").count()
    assert shown == min(total, 50)
    sources = [c.strip() for c in page.locator("table.browse tbody td:nth-child(3)").all_inner_texts()]
    from_csv = [line.split(",")[3] or "—" for line in lines[1 : shown + 1]]
    assert sources == from_csv  # the download is in the page's order


def test_browse_quotes_and_actors_download_what_they_show(page: Any, server: str) -> None:
    for path in ("/quotes?direct=true", "/actors?sort=name"):
        page.goto(server + path)
        total = int(page.locator("h1 .count").inner_text().replace(",", ""))
        kind = path.split("?")[0]
        rows = page.request.get(f"{server}{kind}.json?{path.split('?')[1]}").json()["rows"]
        assert len(rows) == total > 0, path
        assert page.locator("table.browse tbody tr").count() == min(total, 50)
    shot(page, "13-browse-actors")


def test_the_event_page_region_facet_and_permalinks(page: Any, server: str) -> None:
    page.goto(f"{server}/reactions?about=Togo")
    region = page.locator("p.facets a[href*='region=']").first
    label = region.inner_text()
    expected = int(re.search(r"\((\d+)\)", label).group(1))
    region.click()
    page.wait_for_url(re.compile(r"region="))
    assert page.locator("tr.reaction").count() == expected
    anchor = page.locator("tr.reaction a.permalink").first
    target = anchor.get_attribute("href")
    anchor.click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    assert page.locator(f"tr{target}").is_visible()
    shot(page, "14-event-region")


def test_the_404_page_offers_a_search(page: Any, server: str) -> None:
    answer = page.goto(f"{server}/storys/1")
    assert answer.status == 404
    assert page.locator("h1").inner_text() == "404"
    box = page.locator("main form.search input[name=q]")
    box.fill("tanker")
    box.press("Enter")
    page.wait_for_url("**/search?q=tanker")
    assert page.locator("li.result").count() >= 1


def test_on_a_phone_the_new_pages_fit_the_screen(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/events", "/events?type=ACCUSE&sort=-date", "/quotes", "/actors", "/reactions?about=Togo&region=Africa", "/storys/1", f"/stories/{demo_db['stories'][-1]['id']}"):
        page.goto(server + path)
        assert page.locator("header.top nav a").first.is_visible(), path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        shot(page, "phone" + re.sub(r"[/?=&]", "_", path))


def test_a_crisis_of_52_articles_on_one_page_on_a_phone(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/reactions?about=Lesotho")
    rows = page.locator("tr.reaction")
    assert sorted(rows.evaluate_all("rs => rs.map(r => r.dataset.actor)")) == sorted(demo_db["reacting"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "15-phone-crisis", full=False)
    page.locator("p.facets a", has_text="condemn (").click()
    page.wait_for_url(re.compile(r"stance=condemn"))
    shown = page.locator("tr.reaction").count()
    csv_link = page.locator("form.dates a", has_text="CSV").get_attribute("href")
    assert len(page.request.get(server + csv_link).text().strip().splitlines()) - 1 == shown == list(demo_db["reacting"].values()).count("condemn")


def test_on_a_phone_a_permalink_lands_on_its_row_in_view(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    code = sorted(demo_db["reacting"])[-1]
    page.goto(f"{server}/reactions?about=Lesotho#actor-{code}")
    box = page.locator(f"#actor-{code}").bounding_box()
    header = page.locator("header.top").bounding_box()
    assert max(0, header["y"] + header["height"]) <= box["y"] < 200, (box, header)  # at the top of the screen, not under the header
    shot(page, "16-phone-permalink")


def test_new_since_marks_what_was_stored_after_a_moment(page: Any, server: str, demo_db: dict[str, Any]) -> None:
    """A story's articles stored at 00:00, one of them, behind its first reaction row, at 02:00:
    ?new_since=01:00 marks that row and that article, in the colours of the static CSS."""
    import sqlalchemy as sa

    from newsgraph.store import schema

    number = story_with_reactions(page, server, demo_db["stories"])
    fresh = page.locator("tr.reaction").first.locator("details.sources li a").first.get_attribute("href")
    fresh_id = re.search(r"/articles/([0-9a-f]{16})", fresh or "").group(1)
    a = schema.articles
    with Store(demo_db["url"]).engine.begin() as conn:
        conn.execute(sa.update(a).where(a.c.story_id == number).values(ingested_at="2026-01-01T00:00:00+00:00"))
        conn.execute(sa.update(a).where(a.c.id == fresh_id).values(ingested_at="2026-01-01T02:00:00+00:00"))
    page.goto(f"{server}/stories/{number}")
    page.locator(".new-since").get_by_role("link", name="hour", exact=True).click()
    page.wait_for_url(f"**/stories/{number}?new_since=1h")
    assert page.locator(".new-since").inner_text().startswith("NEW Nothing new since ")  # the tag's CSS writes it in capitals
    page.goto(f"{server}/stories/{number}?new_since=2026-01-01T01:00Z")
    assert re.match(r"NEW 1 new since 1 Jan 2026, 01:00 \+00:00: 1 article stored since then and \d+ reactions? with a statement from it", page.locator(".new-since").inner_text())
    assert page.locator("tr.reaction").first.get_attribute("class") == "reaction new"
    assert page.locator("table.articles tr.new a").first.get_attribute("href") == f"/articles/{fresh_id}"
    tag = page.locator("tr.reaction.new .tag.new").first
    assert tag.is_visible() and tag.evaluate("e => getComputedStyle(e).color") == "rgb(11, 122, 85)"
    shot(page, "20-new-since")
