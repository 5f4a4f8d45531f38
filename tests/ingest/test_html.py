"""The HTML reader on our own pages: metadata, clean body, captions apart, broken pages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsgraph.errors import BadInput
from newsgraph.ingest import base as ingest_base
from newsgraph.ingest.html import fragment_text, read_html
from newsgraph.model import Article, Caption, content_id

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def read(name: str) -> Article:
    with open(FIXTURES / name, "rb") as stream:
        (article,) = list(read_html(stream, name))
    assert_clean(article)
    return article


def read_bytes(data: bytes, location: str = "page.html") -> list:
    return list(read_html(io.BytesIO(data), location))


def assert_clean(article: Article) -> None:
    """What every Article must satisfy: content id, captions and credits out of the body."""
    assert article.id == content_id(article.title, article.text)
    assert article.text.strip()
    for caption in article.captions:
        if caption.text:
            assert caption.text not in article.text
        if caption.credit:
            assert caption.credit not in article.text


def test_html_metadata_from_page() -> None:
    article = read("article.html")
    assert article.title == "Velorian minister rejects Kastavian border ultimatum"
    assert article.outlet == "The Harbour Ledger"
    assert article.url == "https://harbourledger.example/world/2026/02/10/velorian-minister-rejects-ultimatum"
    assert article.published == "2026-02-10T08:30:00+01:00"
    assert article.updated == "2026-02-10T11:05:00+01:00"
    assert article.byline == "Mira Tallensen"
    assert article.language == "en"
    assert article.format == "html"
    assert article.location == "article.html"


def test_html_body_is_the_article_only() -> None:
    article = read("article.html")
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Veloria's foreign minister on Tuesday rejected an ultimatum")
    assert paragraphs[-1].endswith("to meet officials from the two capitals.")
    for boilerplate in ("Subscribe to the Ledger", "World news desk", "Related stories", "Timeline:",
                        "Cookie settings", "By Mira Tallensen"):
        assert boilerplate not in article.text
    # the title is not repeated at the top of the body
    assert not article.text.startswith(article.title)


def test_html_captions_with_credits_kept_apart() -> None:
    article = read("article.html")
    assert article.captions == (
        Caption(
            "Foreign Minister Anneli Droste speaks to reporters outside the ministry in Port Alden on Tuesday.",
            "Jonas Wirth/Meridian Wire",
        ),
        Caption(
            "Trucks queue at the Selm river crossing after Kastavia closed its side of the border.",
            "Edda Koll for The Harbour Ledger",
        ),
    )
    assert "Photo:" not in article.text


def test_html_json_ld_dates_and_loose_captions() -> None:
    article = read("feature_jsonld.html")
    assert article.title == "Grain corridor talks resume in Lissmar"
    assert article.outlet == "Meridian Wire"
    assert article.published == "2026-03-04T14:20:00+00:00"
    assert article.updated == "2026-03-05T09:00:00+00:00"
    assert article.byline == "Tomas Brenneker"
    assert article.language == "en"  # from og:locale en_US
    assert article.url is None
    assert article.captions == (
        Caption("Cargo ships wait outside the port of Lissmar on Monday", "Reuters"),
        Caption("A tug guides a bulk carrier into the harbour.", "Sunniva Dahl"),
    )
    paragraphs = article.text.split("\n\n")
    # a sub-heading is its own paragraph, and so is text after <br><br>
    assert "Insurance costs" in paragraphs
    assert "Shipping companies say insurance premiums for the route have tripled since January." in paragraphs
    assert paragraphs[-1] == "The Tarvian delegation did not comment after the first session."
    assert "About us" not in article.text and "Latest" not in article.text


def test_html_short_brief_keeps_its_paragraphs() -> None:
    page = (
        b"<html><head><title>Ferry talks</title></head><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
        b"<article><h1>Ferry talks</h1><p class='byline'>By <a rel='author' href='/a/ilse'>Ilse Marquart</a></p>"
        b"<p>The ferry operator met union leaders on Tuesday to discuss safety on the crossing, according to a "
        b"report in <cite>The Brede Courier</cite> on Monday evening.</p>"
        b"<p>Both sides said the talks had been useful and would continue next week in Ostvik.</p></article>"
        b"<footer>Contact us</footer></body></html>"
    )
    (article,) = read_bytes(page)
    assert article.byline == "Ilse Marquart"
    assert article.text == (
        "The ferry operator met union leaders on Tuesday to discuss safety on the crossing, according to a "
        "report in The Brede Courier on Monday evening.\n\n"
        "Both sides said the talks had been useful and would continue next week in Ostvik."
    )


def test_html_page_without_article_is_bad_input() -> None:
    with pytest.raises(BadInput, match=r"^nav_only\.html: no article text found in this HTML page"):
        read("nav_only.html")


@pytest.mark.parametrize("data", [b"", b"   \n", b"<html>", b"<<<>>>&&&", b"<html><body><div></div></body></html>"])
def test_html_empty_or_junk_is_bad_input(data: bytes) -> None:
    with pytest.raises(BadInput, match=r"^page\.html: (empty HTML page|no article text found)"):
        read_bytes(data)


def test_html_truncated_page_gives_article_or_bad_input() -> None:
    data = (FIXTURES / "article.html").read_bytes()
    articles = 0
    for cut in range(0, len(data), 61):
        try:
            items = read_bytes(data[:cut], f"cut{cut}.html")
        except BadInput as err:
            assert "no article text found" in err.message or "empty HTML page" in err.message
            continue
        (article,) = items
        assert_clean(article)
        assert "Subscribe to the Ledger" not in article.text
        articles += 1
    assert articles > 10


def test_html_truncated_mid_article_keeps_what_is_there() -> None:
    data = (FIXTURES / "article.html").read_bytes()
    cut = data.index(b"Velorian officials deny")
    (article,) = read_bytes(data[:cut])
    assert article.title == "Velorian minister rejects Kastavian border ultimatum"
    assert article.published == "2026-02-10T08:30:00+01:00"
    assert article.text.startswith("Veloria's foreign minister")
    assert "until Friday to pull back its guards" in article.text
    assert len(article.captions) == 2
    assert_clean(article)


def test_html_malformed_markup_is_repaired() -> None:
    page = (
        b"<html><head><title>Dockers vote to end strike</title></head><body><div class='story'>"
        b"<h1>Dockers vote to end strike<p>Dock workers in Ostvik voted on Tuesday to end a strike that had "
        b"halted cargo traffic for nine days, their union said.<p>The vote followed a pay offer from the port "
        b"authority that the union called <b>fair but late.</i></div></span><figure><figcaption>Dockers leave "
        b"the union hall. Photo: Arne Vik</figure><p>Work resumes on Wednesday morning."
    )
    (article,) = read_bytes(page)
    assert article.title == "Dockers vote to end strike"
    assert article.text.startswith("Dock workers in Ostvik voted on Tuesday to end a strike")
    assert "fair but late." in article.text
    assert article.captions == (Caption("Dockers leave the union hall.", "Arne Vik"),)
    assert_clean(article)


def test_html_declared_charset_when_not_utf8() -> None:
    page = (
        "<html><head><meta charset='iso-8859-1'><title>Caf\u00e9 owners protest in Brede</title></head><body>"
        "<article><h1>Caf\u00e9 owners protest in Brede</h1><p>Caf\u00e9 and restaurant owners in Brede "
        "marched to the town hall on Monday to protest against the closure of the river crossing.</p>"
        "</article></body></html>"
    ).encode("latin-1")
    (article,) = read_bytes(page)
    assert article.title == "Caf\u00e9 owners protest in Brede"
    assert article.text.startswith("Caf\u00e9 and restaurant owners")


def test_html_binary_and_bad_encoding_are_bad_input() -> None:
    with pytest.raises(BadInput, match="binary file"):
        read_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BadInput, match="not valid UTF-8"):
        read_bytes(b"<html><body><p>caf\xe9 \xff</p></body></html>")


def test_html_too_large_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_base, "MAX_ARTICLE_BYTES", 1000)  # the one-article limit lives in ingest.base
    with pytest.raises(BadInput, match="larger than"):
        read_bytes((FIXTURES / "article.html").read_bytes())


def test_fragment_text_paragraphs_and_captions() -> None:
    paragraphs, captions = fragment_text(
        "<p>First paragraph.</p>Loose text<br>after a break<figure><img src='x.jpg'>"
        "<figcaption>A harbour crane. <span class='credit'>Photo: Edda Koll</span></figcaption></figure>"
        "<ul><li>one</li><li>two</li></ul>"
        "<figure><blockquote>First paragraph.</blockquote><figcaption>Piet Ramsauer</figcaption></figure>"
    )
    # a pull quote (a figure around a blockquote) repeats the body: dropped, not a caption
    assert paragraphs == ["First paragraph.", "Loose text", "after a break", "one", "two"]
    assert captions == [Caption("A harbour crane.", "Edda Koll")]
