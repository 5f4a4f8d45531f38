"""The forms real coverage of international reactions takes, on sentences written for these tests.

Each test is one form: round-up lines, sub-headed quotation blocks, reported stances with a
government as subject, joint statements, and stances without a stance verb. The article is about
a fictional coup in Lesotho; the reactors are real countries, resolved through the knowledge tables.
"""

from __future__ import annotations

from newsgraph import analyze
from newsgraph.model import Analysis

LEAD = "Soldiers detained Lesotho's prime minister in Maseru on Sunday and dissolved parliament.\n\n"


def stances(text: str) -> dict[str, str]:
    found = analyze(LEAD + text, published="2026-05-04")
    return {code: stance for code, (stance, *_) in own(found).items()}


def own(found: Analysis) -> dict[str, tuple[str, str, str]]:
    """The stances in the actors' own words; Lesotho's own are left to the reactions table, which
    drops the country where the event happens."""
    return {
        s.actor.actor: (s.stance, s.actor.name, s.evidence[0].text)
        for s in found.stances
        if not s.characterised_by_outlet and s.actor.actor != "LSO"
    }


def test_roundup_line_speaks_for_its_label_whoever_the_sentence_names():
    text = LEAD + (
        "Portugal: The foreign ministry condemned the takeover and asked the soldiers to free the prime minister.\n\n"
        "Japan: Prime Minister Akira Tanabe voiced grave concern and called for restraint."
    )
    found = analyze(text, published="2026-05-04")
    assert own(found) == {
        "PRT": ("condemn", "Portuguese Foreign Ministry", "Portugal: The foreign ministry condemned the takeover and asked the soldiers to free the prime minister."),
        "JPN": ("concern", "Akira Tanabe", "Japan: Prime Minister Akira Tanabe voiced grave concern and called for restraint."),
    }
    for stance in found.stances:
        for span in stance.evidence:
            assert text[span.start : span.end] == span.text


def test_subheaded_quotation_block_belongs_to_its_heading():
    text = (
        "Here is what capitals said.\n\n"
        "Norway\n\n"
        '"We are deeply worried and urge every side to choose dialogue."\n\n'
        "Spokesperson, Ministry of Foreign Affairs\n\n"
        "Kenya\n\n"
        '"This is a matter for Lesotho itself."\n\n'
        "Statement by the presidency"
    )
    assert stances(text) == {"NOR": "concern", "KEN": "neutral"}


def test_government_as_subject_of_a_stance_without_quotation():
    text = "New Delhi has suspended all military cooperation with the country. Ottawa joined the African Union in strongly condemning the coup."
    assert stances(text) == {"IND": "condemn", "CAN": "condemn"}


def test_joint_statement_gives_each_member_a_row():
    assert stances("Oslo and Copenhagen condemned the seizure of power.") == {"NOR": "condemn", "DNK": "condemn"}
    assert stances("The governments of Mali and Guinea said they stood shoulder to shoulder with the soldiers.") == {
        "MLI": "support",
        "GIN": "support",
    }


def test_what_others_suppose_a_government_thinks_is_not_its_stance():
    assert stances("Many analysts assumed Beijing would welcome the takeover.") == {}


def test_reaction_to_a_later_step_or_a_question_is_not_a_stance_on_the_event():
    assert stances("Canberra welcomed the lifting of the curfew on Friday.") == {}
    text = "Asked whether the soldiers were justified, Tokyo said it would refrain from commenting."
    assert stances(text) == {"JPN": "neutral"}


def test_stances_without_a_stance_verb():
    assert stances("Thailand said it was an internal affair and declined to comment.") == {"THA": "neutral"}
    assert stances("Ireland updated its travel advice and told travellers to avoid the capital.") == {"IRL": "neutral"}
    assert stances("Ghana said it stands behind the prime minister and demanded his release.") == {"GHA": "condemn"}
    assert stances("Chad offered to mediate between the soldiers and the government.") == {"TCD": "concern"}


def test_headline_stances_quote_the_headline_and_say_so():
    title = "Vienna cuts ties with Maseru junta as Lisbon and Dublin take its side"
    found = analyze(LEAD + "The soldiers said elections would follow.", title=title, published="2026-05-04")
    got = {s.actor.actor: (s.stance, s.evidence[0].field, s.evidence[0].text) for s in found.stances}
    assert got == {
        "AUT": ("condemn", "title", title),
        "PRT": ("support", "title", title),
        "IRL": ("support", "title", title),
    }
    assert "Moscow" not in {s.actor.name for s in analyze(LEAD, title="Moscow and Ankara avoid condemnation of coup").stances}


def test_head_of_state_chairing_an_organisation_speaks_for_it():
    text = (
        "The African Union said it was following events closely. Kenya's President Daniel Mwangi, "
        "who became chairman of the regional bloc last month, said the soldiers must return to barracks."
    )
    found = analyze(LEAD + text, published="2026-05-04")
    assert {(s.actor.actor, s.actor.name, s.actor.role, s.stance) for s in found.stances if s.actor.actor != "LSO"} == {
        ("AU", "Daniel Mwangi", "Chair (President)", "condemn"),
    }


def test_unplaced_minister_belongs_to_the_country_of_their_own_clause():
    text = "Foreign Minister Ingrid Solberg said Norway did not recognise the military government."
    found = analyze(LEAD + text, published="2026-05-04")
    solberg = next(m for m in found.actors if m.span.text.endswith("Solberg"))
    assert (solberg.ref.actor, solberg.ref.role) == ("NOR", "Foreign Minister")
    assert stances(text) == {"NOR": "condemn"}


def test_a_tagged_person_inside_a_known_organisation_name_is_the_organisation():
    found = analyze("The G5 Sahel, the regional alliance, condemned the coup.")
    assert [(m.span.text, m.ref.actor) for m in found.actors] == [("The G5 Sahel", "G5SAHEL")]


def test_a_frame_at_an_organisation_places_its_officers():
    text = "The African Union said it was worried. At the United Nations, Secretary-General Ilse Varga condemned the coup."
    found = analyze(LEAD + text, published="2026-05-04")
    varga = next(m for m in found.actors if m.span.text.endswith("Varga"))
    assert (varga.ref.actor, varga.ref.role) == ("UN", "Secretary-General")


def test_condemning_the_target_of_an_act_between_countries_sides_with_the_doer():
    text = (
        "Russia attacked Ukraine on Monday, striking the port of Odesa.\n\n"
        "Belarus condemned the Ukrainian government and its allies. Moldova condemned the Russian strike."
    )
    found = analyze(text, published="2026-05-04")
    got = {s.actor.actor: s.stance for s in found.stances if not s.characterised_by_outlet}
    assert (got.get("BLR"), got.get("MDA")) == ("support", "condemn")


def test_words_about_others_easings_and_denials_are_not_the_speaker_s_stance():
    # another party's stance set against the speaker's
    text = "Mali and Niger welcomed the change of power, in sharp contrast to the condemnation voiced by Western governments."
    assert stances(text) == {"MLI": "support", "NER": "support"}
    # "cannot be justified" is a denial, not a justification
    assert stances("Georgia said the shelling of villages cannot be justified by anything.") == {}
    # in a conflict, welcoming its easing is no support for the act
    conflict = "Russia attacked Ukraine on Monday, striking the port of Odesa.\n\nTurkey welcomed the ceasefire agreed on Friday."
    found = analyze(conflict, published="2026-05-04")
    assert {s.actor.actor: s.stance for s in found.stances if s.actor.actor == "TUR"} == {}
    # clear approval with clear criticism is mixed
    assert stances("Chad welcomed the new rulers but condemned the arrests of ministers.") == {"TCD": "mixed"}
