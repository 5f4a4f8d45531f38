"""Canonical URLs and the sources a user gives to `watch`."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import BadInput
from newsgraph.watch.urls import canonical, origin, read_sources


def test_canonical_drops_what_does_not_change_the_page() -> None:
    assert canonical("HTTPS://News.Example.ORG:443/world?id=7&utm_source=rss&fbclid=x#top") == "https://news.example.org/world?id=7"
    assert canonical("http://news.example.org") == "http://news.example.org/"
    assert canonical("http://news.example.org:8080/a") == "http://news.example.org:8080/a"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "http:///nohost", "http://[::1"])
def test_canonical_refuses_what_is_not_http(url: str) -> None:
    with pytest.raises(BadInput):
        canonical(url)


def test_origin_is_scheme_and_host() -> None:
    assert origin("https://news.example.org:8443/a/b?c") == "https://news.example.org:8443"


def test_sources_from_urls_a_list_and_opml(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("# our feeds\nhttps://a.example/feed.xml  # world desk\n\nhttps://b.example/rss\n", encoding="utf-8")
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        '<outline text="news"><outline type="rss" text="A" xmlUrl="https://a.example/feed.xml"/>'
        '<outline type="rss" text="C" xmlUrl="https://c.example/atom"/></outline></body></opml>',
        encoding="utf-8",
    )
    assert read_sources(["https://z.example/feed", str(listing), str(opml)]) == [
        "https://z.example/feed",
        "https://a.example/feed.xml",
        "https://b.example/rss",
        "https://c.example/atom",
    ]


def test_sources_say_which_line_is_wrong(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("https://a.example/feed.xml\nftp://b.example/feed\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"feeds.txt, line 2: ftp://b.example/feed: only http and https URLs are fetched"):
        read_sources([str(listing)])
    with pytest.raises(BadInput, match="neither a URL"):
        read_sources([str(tmp_path / "missing.txt")])
