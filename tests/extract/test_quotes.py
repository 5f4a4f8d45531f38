"""Quote attribution on short texts of our own, then on the two seed articles.

Every text here is written for these tests. The seed test reads ../shared and
skips without it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsgraph.extract.quotes.marks import find_quoted
from newsgraph.extract.quotes.attribution import extract_quotes
from newsgraph.model import ActorRef, Mention, Quote, Span
from tests.conftest import seed_text


def quotes_of(nlp, text: str, mentions: list[Mention] | None = None) -> list[Quote]:
    found = extract_quotes(nlp(text), mentions or [])
    for q in found:  # the provenance rule, for every quote of every test
        for span in (q.content, q.cue, q.speaker_span):
            if span is not None:
                assert text[span.start : span.end] == span.text
    return found


def table(found: list[Quote]) -> list[tuple[bool, str | None, str | None, str]]:
    return [
        (q.direct, q.speaker_span.text if q.speaker_span else None, q.cue.text if q.cue else None, q.content.text)
        for q in found
    ]


def mention(text: str, phrase: str, ref: ActorRef, kind: str = "name", nth: int = 0) -> Mention:
    """The ``nth`` occurrence of ``phrase`` as whole words, as a mention of ``ref``."""
    match = list(re.finditer(rf"\b{re.escape(phrase)}\b", text))[nth]
    return Mention(Span.of(text, match.start(), match.end()), ref, kind)


# --- quotation marks -------------------------------------------------------------------------


def test_marks_curly_straight_guillemets_and_apostrophes() -> None:
    text = "He said “we can’t stay,” then «we leave» and \"it's over\"; the boat’s engine ‘failed twice’."
    found = [text[q.start : q.end] for q in find_quoted(text)]
    assert found == ["we can’t stay,", "we leave", "it's over", "failed twice"]


def test_marks_two_apostrophes_and_open_paragraph() -> None:
    text = "''We stay,'' she said.\n\n“The first part runs on\n\n“and ends here.”"
    quoted = find_quoted(text)
    assert [text[q.start : q.end] for q in quoted] == ["We stay,", "The first part runs on", "and ends here."]
    assert [q.close is None for q in quoted] == [False, True, False]
    assert [q.opens_paragraph for q in quoted] == [True, True, True]


# --- direct quotes ---------------------------------------------------------------------------


def test_straight_quotes_with_inverted_cue_and_indirect_before(nlp) -> None:
    text = (
        'The harbour will reopen next week, the mayor said. '
        '"We have cleared the wreck and the cranes are working again," said Mayor Ana Ruiz.'
    )
    assert table(quotes_of(nlp, text)) == [
        (False, "the mayor", "said", "The harbour will reopen next week"),
        (True, "Mayor Ana Ruiz", "said", "We have cleared the wreck and the cranes are working again"),
    ]


def test_curly_quotes_spanning_sentences_after_a_colon(nlp) -> None:
    text = "In a statement, the Ministry of Fisheries said: “The quota stays as it is. Boats that break it will lose their licence.”"
    assert table(quotes_of(nlp, text)) == [
        (True, "the Ministry of Fisheries", "said", "The quota stays as it is. Boats that break it will lose their licence."),
    ]


def test_said_the_ministry_inversion(nlp) -> None:
    text = "“The border crossing remains closed to trucks,” said the ministry."
    assert table(quotes_of(nlp, text)) == [(True, "the ministry", "said", "The border crossing remains closed to trucks")]


def test_guillemets_and_apposition_in_speaker(nlp) -> None:
    text = "Ms. Berg, the harbour master, warned: «The ice is thicker than last year, and the channel will stay shut until March.»"
    assert table(quotes_of(nlp, text)) == [
        (True, "Ms. Berg, the harbour master", "warned",
         "The ice is thicker than last year, and the channel will stay shut until March."),
    ]


def test_continued_paragraph_with_no_cue_keeps_the_speaker(nlp) -> None:
    text = (
        "“Our ferries will run on time this winter,” the operator said in a statement.\n\n"
        "“We have hired forty new crew members and bought two spare engines.”"
    )
    assert table(quotes_of(nlp, text)) == [
        (True, "the operator", "said", "Our ferries will run on time this winter"),
        (True, "the operator", None, "We have hired forty new crew members and bought two spare engines."),
    ]


def test_statement_opened_by_a_colon_and_left_open_across_paragraphs(nlp) -> None:
    text = (
        "The minister read a statement:\n\n"
        "“We will rebuild the bridge within a year. The money is there.\n\n"
        "“Nobody will be left without a road to school.”"
    )
    assert table(quotes_of(nlp, text)) == [
        (True, "The minister", "read", "We will rebuild the bridge within a year. The money is there."),
        (True, "The minister", None, "Nobody will be left without a road to school."),
    ]


def test_second_quote_in_the_paragraph_and_pronoun_resolved_by_mentions(nlp) -> None:
    text = (
        "Prime Minister Jan Novak arrived in Oslo on Monday. "
        "“We want a fair deal for our fishermen,” he told reporters. “Nobody else will decide that for us.”"
    )
    novak = ActorRef("Prime Minister Jan Novak", "Jan Novak", "CZE", "GOV", "Prime Minister")
    he = ActorRef("he", "Jan Novak", "CZE", "GOV", "Prime Minister")
    mentions = [mention(text, "Prime Minister Jan Novak", novak), mention(text, "he", he, "pronoun")]
    found = quotes_of(nlp, text, mentions)
    assert table(found) == [
        (True, "he", "told", "We want a fair deal for our fishermen"),
        (True, "he", None, "Nobody else will decide that for us."),
    ]
    assert [q.speaker for q in found] == [he, he]


def test_question_to_an_addressee_and_a_phrasal_cue(nlp) -> None:
    text = "“Is the bridge safe?” the reporter asked the engineer. The engineer shot back, “It is safer than your car.”"
    assert table(quotes_of(nlp, text)) == [
        (True, "the reporter", "asked", "Is the bridge safe?"),
        (True, "The engineer", "shot back", "It is safer than your car."),
    ]


def test_sentence_ending_in_a_colon_introduces_the_quote(nlp) -> None:
    text = (
        "The harbour master gave a blunt answer: “Nobody sails until the ice breaks.”\n\n"
        "The ferry company - Lena Dahl: “We will refund every ticket sold for January.”"
    )
    assert table(quotes_of(nlp, text)) == [
        (True, "The harbour master", ":", "Nobody sails until the ice breaks."),
        (True, "Lena Dahl", ":", "We will refund every ticket sold for January."),
    ]


def test_parenthetical_cue_in_the_middle_keeps_the_whole_clause(nlp) -> None:
    text = "The new bridge, the mayor said, will open in May. “I did not see the report,” he said on Tuesday."
    assert table(quotes_of(nlp, text)) == [
        (False, "the mayor", "said", "The new bridge, the mayor said, will open in May"),
        (True, "he", "said", "I did not see the report"),
    ]


def test_unresolved_speaker_keeps_its_words_and_no_actor(nlp) -> None:
    text = "“The border crossing remains closed to trucks,” said the ministry."
    (quote,) = quotes_of(nlp, text)
    assert quote.speaker == ActorRef(text="the ministry", name="the ministry", actor=None)


def test_capital_named_as_a_place_is_not_the_speaker(nlp) -> None:
    text = "“The police are everywhere,” said a Western diplomat in Moscow."
    place = mention(text, "Moscow", ActorRef("Moscow", "Moscow", "RUS", None), kind="metonym")
    (quote,) = quotes_of(nlp, text, [place])
    speaker = "a Western diplomat in Moscow"
    assert quote.speaker == ActorRef(text=speaker, name=speaker, actor=None)


def test_photo_credit_is_never_a_speaker(nlp) -> None:
    text = '"The water rose in minutes," Photo by Ivo Lind.'
    assert table(quotes_of(nlp, text)) == [(True, None, None, "The water rose in minutes")]


def test_scare_quotes_and_titles_are_not_quotes(nlp) -> None:
    text = 'The so-called "reform" was delayed again, and the word «crisis» was on the front page of “The Harbour Times”.'
    assert quotes_of(nlp, text) == []


# --- indirect speech -------------------------------------------------------------------------


def test_according_to(nlp) -> None:
    text = "According to the port authority, the storm damaged three piers."
    assert table(quotes_of(nlp, text)) == [(False, "the port authority", "According to", "the storm damaged three piers")]


def test_said_that(nlp) -> None:
    text = "Ms. Okafor said that the tender would be repeated in spring."
    assert table(quotes_of(nlp, text)) == [(False, "Ms. Okafor", "said", "the tender would be repeated in spring")]


def test_partial_quote_inside_indirect_speech_is_the_clause(nlp) -> None:
    text = "The union said the offer was “an insult to every nurse in the country”."
    assert table(quotes_of(nlp, text)) == [
        (False, "The union", "said", "the offer was “an insult to every nurse in the country”"),
    ]


def test_urged_called_told(nlp) -> None:
    text = (
        "The mayor urged residents to stay indoors. The opposition called the budget a gift to the banks. "
        "The senator told local radio that the plant would close."
    )
    # the judgement is the speaker's words; what it judges ('the budget') is the outlet's
    assert table(quotes_of(nlp, text)) == [
        (False, "The mayor", "urged", "residents to stay indoors"),
        (False, "The opposition", "called", "a gift to the banks"),
        (False, "The senator", "told", "the plant would close"),
    ]


def test_described_as_keeps_only_the_judgement(nlp) -> None:
    text = "The union described the new rota as an insult to nurses."
    assert table(quotes_of(nlp, text)) == [(False, "The union", "described", "an insult to nurses")]


def test_maintained_stressed_and_adding(nlp) -> None:
    text = (
        "The committee has maintained that the audit was fair. "
        "Its chairwoman stressed that no rules had been broken, adding that the report would be published."
    )
    assert table(quotes_of(nlp, text)) == [
        (False, "The committee", "maintained", "the audit was fair"),
        (False, "Its chairwoman", "stressed", "no rules had been broken"),
        (False, "Its chairwoman", "adding", "the report would be published"),
    ]


def test_direct_quote_then_indirect_addition_with_ministry_mention(nlp) -> None:
    text = (
        "“The talks were useful,” the Foreign Ministry said in a statement, "
        "adding that Oslo will keep its embassy open."
    )
    ministry = ActorRef("the Foreign Ministry", "Norwegian Foreign Ministry", "NOR", "GOV")
    found = quotes_of(nlp, text, [mention(text, "the Foreign Ministry", ministry)])
    assert table(found) == [
        (True, "the Foreign Ministry", "said", "The talks were useful"),
        (False, "the Foreign Ministry", "adding", "Oslo will keep its embassy open"),
    ]
    assert [q.speaker.actor for q in found] == ["NOR", "NOR"]


# --- the seed articles -----------------------------------------------------------------------

seed_body = seed_text


# The speaker phrase the parse must give for each required quote of expected.json, in its order
# (speaker spans do not depend on the actor extractor).
SEED_SPEAKERS = {
    "000_4df4aa274aaeca9c.txt": ["the Foreign Ministry", "the ministry", "he", "he", "the Foreign Ministry", "Trump", "Washington"],
    "003_00cd364b8f01fd43.txt": [
        "the Russian foreign affairs ministry",
        "the Russian foreign affairs ministry",
        "the Russian foreign ministry",
        "she",
    ],
}


def test_seed_required_quotes_found(seeds: Path, nlp) -> None:
    expected = json.loads((seeds / "expected.json").read_text(encoding="utf-8"))["documents"]
    for name, doc_expected in expected.items():
        text = seed_body(seeds / name)
        assert "IMAGE:" not in text and "Photograph" not in text
        found = quotes_of(nlp, text)
        required = doc_expected["quotes"]["required"]
        assert len(required) == len(SEED_SPEAKERS[name])
        for want, speaker in zip(required, SEED_SPEAKERS[name]):
            hits = [q for q in found if q.content.text.startswith(want["starts"])]
            assert hits, f"{name}: no quote starting {want['starts']!r}"
            assert hits[0].direct == want["direct"], want["starts"]
            assert hits[0].speaker_span is not None
            assert hits[0].speaker_span.text == speaker, want["starts"]
        for quote in found:
            assert quote.speaker is None or quote.speaker.name.lower() not in {"photograph", "photo", "credit"}


def test_seed_speakers_resolve_to_actors(seeds: Path, nlp) -> None:
    """With the actor extractor, required speakers resolve to the expected actor and sector."""
    actors = pytest.importorskip("newsgraph.extract.actors.mentions")
    expected = json.loads((seeds / "expected.json").read_text(encoding="utf-8"))["documents"]
    for name, doc_expected in expected.items():
        doc = nlp(seed_body(seeds / name))
        found = extract_quotes(doc, actors.extract_actors(doc))
        for want in doc_expected["quotes"]["required"]:
            quote = next(q for q in found if q.content.text.startswith(want["starts"]))
            assert quote.speaker is not None, want["starts"]
            assert (quote.speaker.actor, quote.speaker.sector) == (want["actor"], want["sector"]), want["starts"]
