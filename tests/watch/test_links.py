"""A section page given as a source: its article links are fetched, its feed is named."""

from __future__ import annotations

from pathlib import Path

from newsgraph.store import Store
from newsgraph.watch.links import article_links, feeds_of, looks_like_article
from newsgraph.watch.rounds import run_round
from tests.watch.site import Site, fixed, page
from tests.watch.test_rounds import newsroom, settings

FRONT = b"""<!doctype html><html><head><title>Velmora Evening News</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>
<nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/tag/harbour">Harbour</a> <a href="/login">Log in</a></nav>
<h2><a href="/2026/11/24/harbour-cranes-fall-silent-as-strike-goes-on">Harbour cranes fall silent</a></h2>
<h2><a href="https://other.example/2026/11/24/a-story-elsewhere-on-the-web">Elsewhere</a></h2>
<h2><a href="/news/bridge-reopens-after-a-month-of-repairs?utm_source=front">Bridge reopens</a></h2>
<h2><a href="/news/bridge-reopens-after-a-month-of-repairs#comments">Comments</a></h2>
<a href="/photos/crane.jpg">Photo</a> <a href="mailto:desk@velmora.example">Write to us</a>
</body></html>"""


def test_article_links_of_a_section_page() -> None:
    links = article_links(FRONT, "http://velmora.example/world/", "Velmora Evening News")
    assert [(link.url, link.title, link.outlet) for link in links] == [
        ("http://velmora.example/2026/11/24/harbour-cranes-fall-silent-as-strike-goes-on", "Harbour cranes fall silent", "Velmora Evening News"),
        ("http://velmora.example/news/bridge-reopens-after-a-month-of-repairs", "Bridge reopens", "Velmora Evening News"),
    ]
    assert feeds_of(FRONT, "http://velmora.example/world/") == ["http://velmora.example/feed.xml"]


def test_what_looks_like_an_article() -> None:
    assert [looks_like_article(p) for p in ("/2026/3/5/123", "/world/ceasefire-holds-in-the-north", "/world/", "/tag/ceasefire-holds-in-the-north", "/a-b-c-d.pdf")] == [
        True, True, False, False, False,
    ]  # fmt: skip


def test_a_section_page_source_fetches_the_articles_it_lists(site: Site, tmp_path: Path) -> None:
    newsroom(site, [])
    site.routes["/world/"] = fixed(200, FRONT)
    site.routes["/2026/11/24/harbour-cranes-fall-silent-as-strike-goes-on"] = fixed(200, page("harbour"))
    site.routes["/news/bridge-reopens-after-a-month-of-repairs"] = fixed(200, page("bridge"))
    store = Store(f"sqlite:///{tmp_path / 'news.db'}")
    report = run_round(store, [site.base + "/world/"], settings(tmp_path, workers=1))
    assert site.paths() == ["/robots.txt", "/world/", "/2026/11/24/harbour-cranes-fall-silent-as-strike-goes-on", "/news/bridge-reopens-after-a-month-of-repairs"]
    assert (report.ingest.new, report.ingest.skipped) == (2, [])
    assert [n.reason for n in report.ingest.notes] == [f"this page offers a feed, {site.base}/feed.xml; watching the feed costs less and misses nothing"]
