"""Names inside longer names, bodies placed by their capital, and titled surnames: through the real model.

The sentences and names are our own, written in the style of the demo corpus. Each case is a text
and the mentions it must give, as (start, end, name, actor, sector, role).
"""

from __future__ import annotations

import pytest

from newsgraph.extract.actors.mentions import extract_actors

CASES = {
    # a country alias ("the States") inside an organisation's name is no country
    "alias_inside_name": (
        "The League of Lagoon States said it would send observers. The Union of Coastal States agreed.",
        {
            "League of Lagoon States": (4, 27, "League of Lagoon States", None, None, None),
            "Union of Coastal States": (62, 85, "Union of Coastal States", None, None, None),
        },
    ),
    # a country opening an organisation's name owns it, its possessive aside; and what it possesses
    "country_opens_possessive_name": (
        "Iranian boats circled the tanker, Iranian media said. The U.S. Navy's Gulf-based Ninth Fleet said "
        "it was watching. A spokesman, Commander Elias Marrow, said the boats had left.",
        {
            "The U.S. Navy": (54, 67, "US navy", "USA", "MIL", None),
            "Ninth Fleet": (81, 92, "Ninth Fleet", "USA", None, None),
            "Commander Elias Marrow": (128, 150, "Elias Marrow", "USA", "MIL", "Commander"),
        },
    ),
    "demonym_opens_possessive_name": (
        "A statement from the Indian Coast Guard's western command said the crew were safe.",
        {"the Indian Coast Guard": (17, 39, "Indian coast guard", "IND", "MIL", None)},
    ),
    # a body "in <capital>" is that capital's country's, and so is the minister after it; an embassy
    # is not its host's (titles.tsv gives embassies no "in" link)
    "body_in_capital": (
        "Iran's foreign ministry said its embassy in Lima was in touch with the crew. The Foreign Office in "
        "London welcomed the news. Harriet Voss, the minister for the region, said Britain would keep watch.",
        {
            "embassy": (33, 40, "Iranian Embassy", "IRN", "GOV", None),
            "The Foreign Office": (77, 95, "UK Foreign Office", "GBR", "GOV", None),
            "Harriet Voss": (125, 137, "Harriet Voss", "GBR", "GOV", "Minister"),
        },
    ),
    # a title and surname join the one full name of that surname said before, not one of two who share it
    "titled_surname": (
        "Yawo Dzakpasu, the President of the Council of Ministers, was detained in Lomé on Wednesday. "
        'Washington condemned the coup. "We call on the soldiers to release President Dzakpasu," '
        "State Department spokesperson Carla Minton said. Ama Kuevi met Kofi Kuevi in Accra on Monday. "
        "President Kuevi later spoke to reporters.",
        {
            "President Dzakpasu": (160, 178, "Yawo Dzakpasu", "TGO", "GOV", "President"),
            "President Kuevi": (275, 290, "Kuevi", "TGO", "GOV", "President"),
        },
    ),
    # a title's "of the X" complement is part of the title, and the name starts after it
    "title_with_complement": (
        "Soldiers seized power in Togo on Wednesday. Togo's borders stayed shut. France condemned the putsch. "
        "\u201cWe call for the release of President of the Council Yawo Dzakpasu,\u201d Foreign Minister Odile "
        "Marchand said.",
        {
            "President of the Council Yawo Dzakpasu": (
                129, 167, "Yawo Dzakpasu", "TGO", "GOV", "President of the Council",
            ),
            "Council Yawo Dzakpasu": None,
        },
    ),
    # an organisation the tagger calls a person is referred back to in full, never by its last word
    "organisation_not_by_its_last_word": (
        "The tanker is managed by Kestrel Maritime. Kestrel Maritime said the crew were safe and that it had "
        "asked the International Maritime Organization to act.",
        {
            "Kestrel Maritime": (25, 41, "Kestrel Maritime", None, None, None),
            "International Maritime Organization": (110, 145, "International Maritime Organization", None, None, None),
            "Maritime": None,
        },
    ),
    "organisation_ending_in_a_place": (
        "Internet access was cut, according to the monitoring group LineWatch Africa. LineWatch Africa said "
        "traffic fell by half. The coup is the fourth in West Africa since 2021.",
        {"LineWatch Africa": (59, 75, "LineWatch Africa", None, None, None), "Africa": None},
    ),
    # a bare body takes the country of whoever says the clause it is in, not the article's most-named one
    "body_takes_the_speakers_country": (
        "Greece's shipping minister called the boarding piracy. State Department spokesperson Carla Minton said "
        "Washington was working with Athens and that the Navy had sent two destroyers to the strait.",
        {"the Navy": (147, 155, "US navy", "USA", "MIL", None)},
    ),
    "judiciary_of_the_speaker": (
        "Athens demanded the tanker's release. Tehran rejected the criticism. Foreign ministry spokesman Reza "
        "Alavi told reporters that the case was being handled by the judiciary in the port city.",
        {"the judiciary": (157, 170, "Iranian Judiciary", "IRN", "JUD", None)},
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_actor_names(nlp, case: str):
    text, expected = CASES[case]
    found = extract_actors(nlp(text))
    for m in found:
        assert text[m.span.start : m.span.end] == m.span.text
    got = {
        m.span.text: (m.span.start, m.span.end, m.ref.name, m.ref.actor, m.ref.sector, m.ref.role)
        for m in reversed(found)  # the first mention of each text
    }
    assert {t: got.get(t) for t in expected} == expected
