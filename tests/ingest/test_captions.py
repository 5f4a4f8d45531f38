"""Captions and credits: split apart, and taken out of a page with their figures."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from newsgraph.ingest.captions import drop_caption_paragraphs, split_credit, take_captions
from newsgraph.model import Caption


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Ministers meet in Port Alden. Photo: Jonas Wirth/Meridian Wire",
         Caption("Ministers meet in Port Alden.", "Jonas Wirth/Meridian Wire")),
        ("Crowds outside the ministry. Photograph: Edda Koll/The Ledger",
         Caption("Crowds outside the ministry.", "Edda Koll/The Ledger")),
        ("Smoke over the port. Credit: Kasper Ruud", Caption("Smoke over the port.", "Kasper Ruud")),
        ("A boat on the river (Reuters)", Caption("A boat on the river", "Reuters")),
        ("A crowd gathers. (AP Photo/Lena Marsh)", Caption("A crowd gathers.", "AP Photo/Lena Marsh")),
        ("The summit hall \u00a9 Meridian Wire", Caption("The summit hall", "Meridian Wire")),
        ("Anneli Droste (left) and Piet Ramsauer (right)", Caption("Anneli Droste (left) and Piet Ramsauer (right)")),
        ("A quiet morning in Brede", Caption("A quiet morning in Brede")),
        ("IMAGE: Crowds in the square. Photograph: Edda Koll/Coastal Wire",
         Caption("Crowds in the square.", "Edda Koll/Coastal Wire")),
        ("Photo: Jonas Wirth", Caption("", "Jonas Wirth")),
    ],
)
def test_split_credit(caption: str, expected: Caption) -> None:
    assert split_credit(caption) == expected


def test_take_captions_removes_figures_and_loose_credits() -> None:
    page = lxml_html.fromstring(
        "<div><p>The council met on Monday.</p>"
        "<figure><img src='a.jpg'><figcaption>Councillors vote. <span class='credit'>Jonas Wirth</span></figcaption></figure>"
        "<p class='photo-credit'>Photo: Edda Koll</p>"
        "<figure><blockquote>We will rebuild.</blockquote><figcaption>The mayor</figcaption></figure>"
        "<p>The vote passed.</p></div>"
    )
    assert take_captions(page) == [Caption("Councillors vote.", "Jonas Wirth")]
    assert [p.text_content() for p in page.iter("p")] == ["The council met on Monday.", "The vote passed."]


def test_paragraphs_repeating_a_caption_are_left_out() -> None:
    captions = [Caption("Councillors vote.", "Jonas Wirth")]
    paragraphs = ["The council met.", "Councillors vote. Photo: Jonas Wirth", "Jonas Wirth", "The vote passed."]
    assert drop_caption_paragraphs(paragraphs, captions) == ["The council met.", "The vote passed."]
