"""Whose office a speaker holds: the country or organisation of each quoted person, through the
real spaCy model, the actor extractor and the quote extractor together.

Every text here is our own. Each one opens with another country named often, which is what an
unplaced title used to fall back on; the test then checks that the sentence's own evidence wins.
"""

from __future__ import annotations

import pytest

from newsgraph.extract.actors.mentions import extract_actors
from newsgraph.extract.quotes.attribution import extract_quotes

IRAN_FIRST = "Iran said the tanker had broken Iranian law. Tehran rejected all criticism.\n\n"


def speaker(nlp, text: str, name: str) -> tuple[str, str | None]:
    """(name, actor) of the speaker called ``name``, the same in every quote of theirs."""
    doc = nlp(text)
    mentions = extract_actors(doc)
    for m in mentions:
        assert text[m.span.start : m.span.end] == m.span.text
    found = {
        (q.speaker.name, q.speaker.actor)
        for q in extract_quotes(doc, mentions)
        if q.speaker is not None and q.speaker.name == name
    }
    assert len(found) == 1, found
    return found.pop()


# (text, speaker's name, expected actor); each id says which evidence must win.
SPEAKERS = [
    # the owner written next to the title
    pytest.param(
        "Portuguese officials said the ship had left Lisbon. Portugal asked for calm.\n\n"
        "The crew, from Portugal and Kenya, were unharmed, Kenya's Ministry of External Affairs "
        "spokesperson, Wanjiru Odhiambo, wrote on social media.",
        "Wanjiru Odhiambo", "KEN",
        id="possessive-country-of-a-ministry-owns-its-spokesperson",
    ),
    pytest.param(
        IRAN_FIRST + "Beijing struck a similar note. Chilean Foreign Ministry spokesperson Javier Morales told "
        "reporters that Chile hoped for dialogue.",
        "Javier Morales", "CHL",
        id="demonym-before-a-ministry-owns-its-spokesperson",
    ),
    pytest.param(
        "Armenia and Georgia traded accusations. Georgian officials said Armenia fired first.\n\n"
        "Brussels called for calm. Astrid Lindahl, spokesperson for the EU's foreign policy chief, said "
        "the bloc was deeply concerned.",
        "Astrid Lindahl", "EU",
        id="spokesperson-for-an-organisation",
    ),
    pytest.param(
        "Armenia said its villages had been shelled. Armenian officials counted the damage.\n\n"
        "The UN Secretary-General's spokesperson, Maria Duarte, said the United Nations was ready to help.",
        "Maria Duarte", "UN",
        id="office-holder-as-possessor-owns-the-spokesperson",
    ),
    pytest.param(
        IRAN_FIRST + "Lee Jun, secretary-general of the Seoul-based Pacific Shipowners' Council, said insurers "
        "would raise premiums.",
        "Lee Jun", None,
        id="organisation-no-table-knows-gives-no-country",
    ),
    # "its"
    pytest.param(
        "Norway's foreign ministry said it would give 10 million dollars through the World Health "
        "Organization. Its press secretary, Lars Haugen, told reporters that Norway hoped others would follow.",
        "Lars Haugen", "NOR",
        id="its-opening-a-sentence-is-the-subject-before",
    ),
    pytest.param(
        "South Africa criticised the conditions. South African officials said they were unfair.\n\n"
        "The Harbour Workers Union, by contrast, backed the deal. Its vice-president, Tomas Berg, said "
        "the money would help.",
        "Its vice-president", None,
        id="its-after-an-unknown-organisation-is-no-country",
    ),
    # no owner written: the context decides
    pytest.param(
        "Soldiers seized power in Mali on Monday. Mali's junta closed the borders and Malian television "
        "went silent.\n\nThe Chinese Foreign Ministry struck a cautious note. Spokeswoman Mei Lin said "
        "the events reflected deep discontent.",
        "Mei Lin", "CHN",
        id="spokeswoman-takes-the-ministry-that-was-the-subject-before",
    ),
    pytest.param(
        "Armenia and Georgia traded accusations. Armenian officials said Georgia fired first.\n\n"
        "The Kremlin said it was worried. Spokesman Oleg Markin told reporters that Moscow urged restraint.",
        "Oleg Markin", "RUS",
        id="spokesman-takes-the-seat-of-power-that-was-the-subject-before",
    ),
    pytest.param(
        "Foreign Minister Claire Fontaine of France said Paris condemned the strikes on Cyprus.\n\n"
        "Greece, Cyprus's closest ally, went further: Foreign Minister Petros Galanis said Athens would "
        "ask for sanctions.",
        "Petros Galanis", "GRC",
        id="minister-takes-the-subject-of-the-clause-before-a-colon",
    ),
    pytest.param(
        IRAN_FIRST + "In Ankara, Foreign Ministry spokesman Emre Yildiz said Turkey was following the situation "
        "with concern.",
        "Emre Yildiz", "TUR",
        id="capital-opening-the-sentence-places-the-spokesman",
    ),
]


@pytest.mark.parametrize(("text", "name", "actor"), SPEAKERS)
def test_speaker_affiliation(nlp, text: str, name: str, actor: str | None):
    assert speaker(nlp, text, name) == (name, actor)


def actor_of(nlp, text: str, phrase: str) -> str | None:
    """The actor of the one mention written ``phrase``."""
    (mention,) = [m for m in extract_actors(nlp(text)) if m.span.text == phrase]
    return mention.ref.actor


def test_capital_opening_the_sentence_places_the_ministry(nlp):
    text = IRAN_FIRST + "In Ankara, the Foreign Ministry said Turkey was following the situation with concern."
    assert actor_of(nlp, text, "the Foreign Ministry") == "TUR"


def test_secretary_general_is_the_organisation_just_named(nlp):
    text = IRAN_FIRST + "Lena Park, a spokesperson for the UN, said the Secretary-General was alarmed."
    assert actor_of(nlp, text, "the Secretary-General") == "UN"
