"""Heads of state and government named without a title (extract/actors/leaders.py, lang/en/leaders.tsv),
through the real spaCy model, on sentences of our own."""

from __future__ import annotations

import pytest

from newsgraph.extract.actors.leaders import leader_for, leaders
from newsgraph.extract.actors.mentions import extract_actors
from newsgraph.lang import read_table

G20_COUNTRIES = {"ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS",
                 "SAU", "ZAF", "TUR", "GBR", "USA"}


@pytest.fixture(scope="module")
def refs(nlp):
    def run(text: str, published: str | None = None) -> list[tuple]:
        mentions = extract_actors(nlp(text), published)
        for m in mentions:
            assert text[m.span.start:m.span.end] == m.span.text
        return [(m.span.text, m.ref.actor, m.ref.sector, m.ref.role) for m in mentions]

    return run


def test_a_leader_named_in_full_gets_the_country_and_the_office_in_its_term(refs) -> None:
    assert refs("Angela Merkel spoke to reporters in Berlin on Friday.", "2019-03-02") == [
        ("Angela Merkel", "DEU", "GOV", "chancellor"), ("Berlin", "DEU", None, None)]


def test_outside_the_term_or_without_a_date_only_the_country(refs) -> None:
    assert refs("Merkel said she would travel to Madrid.", "2023-05-10") == [
        ("Merkel", "DEU", None, None), ("she", "DEU", None, None), ("Madrid", "ESP", None, None)]
    assert refs("Stephen Harper visited Kenya.") == [("Stephen Harper", "CAN", None, None), ("Kenya", "KEN", None, None)]


def test_a_short_form_two_people_share_resolves_to_no_one(refs) -> None:
    assert refs("Kirchner said the debt talks would go on.", "2010-06-01") == [("Kirchner", None, None, None)]


def test_another_person_with_a_leaders_surname_is_not_the_leader(refs) -> None:
    assert refs("Michelle Obama visited a school in Chicago, and Obama spoke to pupils.", "2012-04-04") == [
        ("Michelle Obama", None, None, None), ("Obama", None, None, None)]


def test_leaders_named_bare_make_an_event_between_their_countries(nlp) -> None:
    from newsgraph.extract.events.rules import extract_events

    text = "Fumio Kishida met Narendra Modi in Tokyo on Friday."
    doc = nlp(text)
    mentions = extract_actors(doc, "2023-03-25")
    events = extract_events(doc, mentions, [], "2023-03-25")
    assert [(e.type, e.source.actor, e.target.actor) for e in events] == [("CONSULT", "JPN", "IND")]


def test_the_table_covers_every_g20_country_and_reads_its_terms() -> None:
    rows = read_table("leaders.tsv")
    assert {row[2] for row in rows} >= G20_COUNTRIES
    for year in (2000, 2013, 2025):  # someone heads each G20 country's state in each of these years
        held = {o.country for offices in leaders()[0].values() for o in offices if o.holds(year)}
        assert held >= G20_COUNTRIES, (year, G20_COUNTRIES - held)
    assert leader_for("Trump", True, "2026-01-03") == ("USA", "GOV", "president")
    assert leader_for("Trump", True, "2022-01-03") == ("USA", None, None)
    assert leader_for("Trump", False, "2026-01-03") is None  # not a proper noun here
