"""Names inside longer names, bodies placed by their capital, and titled surnames: through the real model.

The sentences and names are our own, written in the style of the demo corpus. Each case is a text
and the mentions it must give, as (start, end, name, actor, sector, role).
"""

from __future__ import annotations

import pytest

from newsgraph.extract.actors import extract_actors

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
