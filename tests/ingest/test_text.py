from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.errors import BadInput
from newsgraph.ingest.text import parse_text, read_text
from newsgraph.model import Caption
from tests.conftest import FIXTURES

TEXT = FIXTURES / "text"


def test_text_export_title_dates_caption():
    article = parse_text((TEXT / "export_title_date.txt").read_text(encoding="utf-8"))
    assert article.title == "Harbour authority reopens the northern channel after storm"
    assert article.published == "2026-02-12T08:40"
    assert article.updated is None  # "Updated 3 hours ago" is page furniture
    assert article.captions == (
        Caption("A pilot boat guides a container ship past the breakwater on Thursday.", "Ana Ruiz/Coastline Images"),
    )
    assert article.text.split("\n\n") == [
        "Shipping resumed early on Thursday after two days of closures",
        "The port authority said on Thursday that the northern channel was open again to cargo traffic.",
        "“We have checked every buoy twice,” the harbour master told reporters. “Nobody should take chances in this weather.”",
        "Officials expect the backlog of ships to clear by the weekend.",
    ]
    assert "Photograph" not in article.text and "Updated" not in article.text


def test_text_header_block():
    article = parse_text((TEXT / "header_block.txt").read_text(encoding="utf-8"), "header_block.txt")
    assert (article.title, article.outlet, article.url, article.published, article.byline) == (
        "Ministers meet in Lisbon to discuss fisheries",
        "Harbour Times",
        "https://harbour.example/fisheries-talks",
        "2026-02-10T09:15:00+01:00",
        "Joana Matos",
    )
    assert article.text == (
        "Fisheries ministers from five countries met in Lisbon on Tuesday.\n\n"
        "They agreed to meet again in April, a spokesperson said."
    )
    assert article.location == "header_block.txt"


def test_text_glued_date_and_photo_credit():
    article = parse_text((TEXT / "glued_date").read_text(encoding="utf-8"))
    assert article.title is None
    assert article.published == "2026-02-11"
    assert article.text.startswith("Farmers blocked two motorways on Wednesday")
    assert article.captions == (Caption("Tractors line the motorway near the border crossing.", "Lars Holm/Valley Press"),)


def test_text_id_depends_on_content_only():
    a = parse_text("Title one\n\nBody text here.", "a.txt")
    b = parse_text("Title one\n\nBody   text here.\n", "b.txt")
    c = parse_text("Title one\n\nBody text changed.", "c.txt")
    assert a.id == b.id != c.id


def test_text_hard_wrapped_paragraphs_are_joined():
    article = parse_text("A headline\n\nFirst line of a paragraph\nthat goes on here.\n\nSecond paragraph.")
    assert article.text == "First line of a paragraph that goes on here.\n\nSecond paragraph."


def test_text_too_large_is_refused():
    data = b"word " * (1024 * 1024 + 10)
    with pytest.raises(BadInput, match="big.txt: over 5 MB of plain text is not one article"):
        list(read_text(io.BytesIO(data), "big.txt"))


def test_text_invalid_utf8_is_refused():
    with pytest.raises(BadInput, match=r"bad.txt: not valid UTF-8 \(byte 6\)"):
        list(read_text(io.BytesIO(b"Hello \xff\xfe world"), "bad.txt"))


def test_text_only_header_is_refused():
    with pytest.raises(BadInput, match="no article text found"):
        parse_text("Title: Nothing else\nOutlet: Harbour Times\n", "x.txt")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_text_reader_never_crashes(raw):
    try:
        article = parse_text(raw, "fuzz.txt")
    except BadInput:
        return
    assert article.text.strip()
    for caption in article.captions:
        assert caption.text not in article.text or not caption.text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["IMAGE: x. Photograph: A/B", "3 Jan, 2026 17:10", " date 2026-01-03 ", "Title: t", "", "By Ann Lee", "Body “quote” here."]), max_size=12))
def test_text_reader_never_crashes_on_header_like_lines(lines):
    try:
        parse_text("\n".join(lines), "fuzz.txt")
    except BadInput:
        pass


def test_seeds_titles_dates_and_captions(seeds):
    expected = json.loads((seeds / "expected.json").read_text(encoding="utf-8"))["documents"]
    first = parse_text((seeds / "000_4df4aa274aaeca9c.txt").read_text(encoding="utf-8"))
    assert first.title == expected["000_4df4aa274aaeca9c.txt"]["title"]
    assert first.published == "2026-01-03T17:10"
    for furniture in expected["000_4df4aa274aaeca9c.txt"]["not_body"]:
        assert furniture not in first.text
    second = parse_text((seeds / "003_00cd364b8f01fd43.txt").read_text(encoding="utf-8"))
    assert second.published == "2026-01-03"
    caption = expected["003_00cd364b8f01fd43.txt"]["caption"]
    assert len(second.captions) == 1
    assert second.captions[0].text.startswith(caption["starts"])
    assert second.captions[0].credit == caption["credit"]
    assert caption["starts"] not in second.text and caption["credit"] not in second.text
    assert not second.text.startswith((" ", "date"))


def test_text_headline_above_a_header_block_with_keys_in_any_case():
    raw = (
        "Port workers end their strike after a night of talks\n"
        "OUTLET: Lagoon Evening Post\n"
        "published: 2025-03-14\n"
        "Language: en\n"
        "Source: https://lagoon.example/port-strike\n"
        "\n"
        "The dockers' union signed the agreement at dawn.\n"
        "\n"
        "IMAGE: Cranes stand idle. Photograph: Ilse Moor\n"
        "\n"
        "Loading resumes on Monday."
    )
    article = parse_text(raw)
    assert article.title == "Port workers end their strike after a night of talks"
    assert (article.outlet, article.published, article.language) == ("Lagoon Evening Post", "2025-03-14", "en")
    assert article.url == "https://lagoon.example/port-strike"
    assert article.text == "The dockers' union signed the agreement at dawn.\n\nLoading resumes on Monday."
    assert article.captions == (Caption("Cranes stand idle.", "Ilse Moor"),)
