"""The feed reader on our own RSS 2.0, Atom and RDF feeds, whole, truncated and broken."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsgraph.errors import BadInput
from newsgraph.ingest.feeds import read_feed
from newsgraph.model import Article, Caption, PendingUrl, ReadFailure, Skipped, content_id

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def read(name: str) -> list:
    with open(FIXTURES / name, "rb") as stream:
        items = list(read_feed(stream, name))
    for item in items:
        if isinstance(item, Article):
            assert_clean(item)
    return items


def read_bytes(data: bytes, location: str = "feed.xml") -> list:
    items = list(read_feed(io.BytesIO(data), location))
    for item in items:
        if isinstance(item, Article):
            assert_clean(item)
    return items


def assert_clean(article: Article) -> None:
    assert article.id == content_id(article.title, article.text)
    assert article.format == "feed"
    for caption in article.captions:
        assert caption.text not in article.text
        if caption.credit:
            assert caption.credit not in article.text


def test_rss_entries_become_articles_and_pending_urls() -> None:
    items = read("rss.xml")
    assert [type(i) for i in items] == [Article, PendingUrl, Article]
    full, pending, long_description = items

    assert full.title == "Regional council sends envoy to the Selm river crossing"
    assert full.outlet == "The Harbour Ledger - World"
    assert full.url == "https://harbourledger.example/world/2026/02/11/council-envoy-selm"
    assert full.published == "2026-02-11T07:45:00+01:00"
    assert full.updated is None
    assert full.byline == "Mira Tallensen"
    assert full.language == "en"
    assert full.location == "rss.xml#https://harbourledger.example/world/2026/02/11/council-envoy-selm"
    assert full.captions == (
        Caption("Piet Ramsauer leaves the council building in Ostvik.", "Edda Koll/The Harbour Ledger"),
    )
    paragraphs = full.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The secretary general of the regional council, Piet Ramsauer, left")
    assert paragraphs[2] == (
        "Kastavia's deadline for the withdrawal of Velorian border guards expires on Friday at midnight."
    )
    # the teaser <description> is not glued to the full content
    assert "will meet officials from both capitals" not in full.text

    assert pending == PendingUrl(
        url="https://harbourledger.example/world/2026/02/11/fishing-fleets-port",
        title="Fishing fleets stay in port as border row drags on",
        outlet="The Harbour Ledger - World",
        published="2026-02-11T10:10:00+01:00",
        location="rss.xml#https://harbourledger.example/world/2026/02/11/fishing-fleets-port",
    )

    # a long <description> is the article itself; "email (Name)" gives the name
    assert long_description.title == "Kastavian parliament debates emergency powers"
    assert long_description.published == "2026-02-11T16:30:00+00:00"
    assert long_description.byline == "Jonas Wirth"
    assert long_description.text.split("\n\n")[-1] == "A vote is expected next week."


def test_atom_feed() -> None:
    article, pending = read("atom.xml")
    assert isinstance(article, Article)
    assert article.title == "Grain corridor talks resume in Lissmar"
    assert article.outlet == "Meridian Wire: Top stories"
    assert article.published == "2026-03-04T14:20:00+00:00"
    assert article.updated == "2026-03-05T09:00:00+00:00"
    assert article.byline == "Tomas Brenneker"
    assert article.language == "en"
    assert article.captions == (Caption("Delegates take their seats in Lissmar.", "AP Photo/Lena Marsh"),)
    assert article.text.split("\n\n") == [
        "Negotiators from Oskaria and the Tarvian Republic resumed talks on Wednesday over a shipping "
        "corridor for grain, three weeks after the previous round collapsed without agreement.",
        'A spokesperson for the Oskarian trade ministry, Helle Varga, said the government expected '
        '"a first text within days".',
        "The Tarvian delegation did not comment.",
    ]
    # Atom <updated> alone is not a publication date
    assert pending == PendingUrl(
        url="https://meridianwire.example/2026/03/05/oskaria-exports",
        title="Oskarian exports fall for a third month",
        outlet="Meridian Wire: Top stories",
        published=None,
        location="atom.xml#https://meridianwire.example/2026/03/05/oskaria-exports",
    )


def test_rdf_feed_uses_dc_date() -> None:
    article, pending = read("rdf.xml")
    assert isinstance(article, Article)
    assert article.outlet == "Northern Tribune"
    assert article.published == "2026-02-12T06:00:00+01:00"
    assert article.byline == "Ilse Marquart"
    assert article.text.startswith("The only ferry linking the two banks of the Selm river")
    assert isinstance(pending, PendingUrl)
    assert pending.url == "https://northerntribune.example/a/harbour-strike"
    assert pending.published == "2026-02-12"


def test_truncated_feed_reads_complete_entries() -> None:
    data = (FIXTURES / "rss.xml").read_bytes()
    cut = data.index(b"Opposition deputies called the bill")
    items = read_bytes(data[:cut], "cut.xml")
    # one line for the file: the entry it ends inside is not read with half its text
    assert [type(i) for i in items] == [Article, PendingUrl, ReadFailure]
    failure = items[2]
    assert failure.location == "cut.xml"
    assert failure.reason.startswith("feed is truncated (")
    assert failure.reason.endswith(
        "read 2 entries, the file ends inside entry 3 ('Kastavian parliament debates emergency powers'); "
        "any after that are missing"
    )


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml", "rdf.xml"])
def test_feed_cut_anywhere_never_crashes(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    for cut in range(0, len(data), 37):
        try:
            items = read_bytes(data[:cut], "cut.xml")
        except BadInput as err:
            assert "not a readable RSS/Atom feed" in err.message
            continue
        assert all(isinstance(i, (Article, PendingUrl, ReadFailure, Skipped)) for i in items)


def test_complete_but_not_well_formed_feed_is_read() -> None:
    data = (FIXTURES / "rss.xml").read_bytes().replace(b"Fishing fleets stay", b"Fishing & fleets stay")
    items = read_bytes(data)
    assert [type(i) for i in items] == [Article, PendingUrl, Article]
    assert items[1].title == "Fishing & fleets stay in port as border row drags on"


@pytest.mark.parametrize(
    "data",
    [b"", b"<html><body><p>Not a feed at all.</p></body></html>", b"plain words", b"<rss version='2.0'><chan"],
)
def test_not_a_feed_is_bad_input(data: bytes) -> None:
    with pytest.raises(BadInput, match=r"^feed\.xml: .*not a readable RSS/Atom feed"):
        read_bytes(data)


def test_empty_valid_feed_is_skipped() -> None:
    data = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet Desk</title></channel></rss>"
    assert read_bytes(data) == [Skipped("feed.xml", "a feed without entries")]


def test_entry_without_link_or_text_is_a_failure_and_without_link_an_article() -> None:
    data = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet Desk</title>"
        b"<item><title>Only a title</title></item>"
        b"<item><title>Short note</title><description>Port closed for the holiday.</description></item>"
        b"</channel></rss>"
    )
    failure, article = read_bytes(data)
    assert isinstance(failure, ReadFailure)
    assert failure.location == "feed.xml#entry-1"
    assert failure.reason == "feed entry has neither text nor a link"
    assert isinstance(article, Article)
    assert article.text == "Port closed for the holiday."
    assert article.url is None
    assert article.location == "feed.xml#entry-2"
