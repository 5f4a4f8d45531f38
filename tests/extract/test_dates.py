"""Date expressions resolved against the publication date, and which date an event takes."""

from __future__ import annotations

import pytest

from newsgraph.extract.events.dates import date_for, is_furniture, published_day, resolve_date

SATURDAY = "2026-01-03T17:10"  # a Saturday


@pytest.mark.parametrize(
    ("expression", "value", "kind", "end"),
    [
        ("on Saturday", "2026-01-03", "exact", None),  # the same day, not the week before
        ("early on Saturday", "2026-01-03", "exact", None),
        ("Saturday morning", "2026-01-03", "exact", None),
        ("on Thursday", "2026-01-01", "exact", None),
        ("last Saturday", "2025-12-27", "exact", None),
        ("next Monday", "2026-01-05", "exact", None),
        ("this morning", "2026-01-03", "exact", None),
        ("earlier today", "2026-01-03", "exact", None),
        ("yesterday", "2026-01-02", "exact", None),
        ("last night", "2026-01-02", "approximate", None),
        ("three days ago", "2025-12-31", "approximate", None),
        ("last week", "2025-12-22", "range", "2025-12-28"),
        ("earlier this week", "2025-12-29", "range", "2026-01-03"),
        ("last month", "2025-12-01", "range", "2025-12-31"),
        ("on January 3, 2026", "2026-01-03", "exact", None),
        ("3 January 2026", "2026-01-03", "exact", None),
        ("Dec. 24", "2025-12-24", "exact", None),  # no year: the latest such day
        ("2025-11-30", "2025-11-30", "exact", None),
        ("in 2014", "2014-01-01", "range", "2014-12-31"),
        ("in the 1990s", "1990-01-01", "range", "1999-12-31"),
        ("in March 2019", "2019-03-01", "range", "2019-03-31"),
        ("the holidays", None, "unresolved", None),
    ],
)
def test_resolve_date_against_publication(expression: str, value: str | None, kind: str, end: str | None) -> None:
    resolved = resolve_date(expression, SATURDAY)
    assert (resolved.value, resolved.kind, resolved.end) == (value, kind, end)


def test_resolve_date_relative_without_publication_is_unresolved() -> None:
    assert resolve_date("on Saturday", None).kind == "unresolved"
    assert resolve_date("on 4 July 2024", None).value == "2024-07-04"


def test_published_day_accepts_every_precision() -> None:
    assert str(published_day("2026-01-03")) == "2026-01-03"
    assert str(published_day("2026-01-03T17:10:00+00:00")) == "2026-01-03"
    assert str(published_day("2026-01-03T17:10:00Z")) == "2026-01-03"
    assert published_day("soon") is None


def test_furniture_is_not_an_event_date(nlp) -> None:
    doc = nlp("5 Mar, 2026 09:12 / Updated 2 hours ago\nTroops crossed the river two days ago.")
    updated = doc.text.index("2 hours")
    assert is_furniture(doc, updated)
    assert is_furniture(doc, 0)  # a short dateline with "Updated" on it
    assert not is_furniture(doc, doc.text.index("two days"))


def test_date_for_prefers_the_date_attached_to_the_trigger(nlp) -> None:
    doc = nlp("On Friday the minister said troops had crossed the border on Wednesday.")
    crossed = next(t for t in doc if t.text == "crossed")
    date = date_for(doc, [crossed], SATURDAY)
    assert (date.value, date.kind) == ("2025-12-31", "exact")
    assert doc.text[date.evidence.start:date.evidence.end] == date.evidence.text == "Wednesday"


def test_date_for_falls_back_to_publication_day(nlp) -> None:
    doc = nlp("Rebels seized the airport. They had offered a truce.")
    seized = next(t for t in doc if t.text == "seized")
    offered = next(t for t in doc if t.text == "offered")
    assert date_for(doc, [seized], SATURDAY).to_dict() == {"value": "2026-01-03", "kind": "approximate"}
    assert date_for(doc, [offered], SATURDAY).kind == "unresolved"  # past perfect: before the story
    assert date_for(doc, [offered], SATURDAY, reported=True).value == "2026-01-03"
    assert date_for(doc, [seized], None).kind == "unresolved"


@pytest.mark.parametrize(
    ("sentence", "word", "value"),
    [
        ("Portugal has ruled the islands since the 1970s.", "ruled", "1970-01-01"),
        ("Peru expelled the envoy in 2011.", "expelled", "2011-01-01"),
    ],
)
def test_date_far_before_publication_is_background(nlp, sentence: str, word: str, value: str) -> None:
    doc = nlp(sentence)
    date = date_for(doc, [next(t for t in doc if t.text == word)], SATURDAY)
    assert (date.value, date.kind) == (value, "background")


def test_recent_date_is_not_background(nlp) -> None:
    doc = nlp("Peru expelled the envoy on Thursday.")
    date = date_for(doc, [next(t for t in doc if t.text == "expelled")], SATURDAY)
    assert (date.value, date.kind) == ("2026-01-01", "exact")


@pytest.mark.parametrize(
    ("expression", "value", "kind", "end"),
    [
        ("1600 GMT", "2026-01-03", "approximate", None),  # a time of day, not the year 1600
        ("between 2020 and 2023", "2020-01-01", "range", "2023-12-31"),
    ],
)
def test_clock_times_and_year_spans(expression: str, value: str, kind: str, end: str | None) -> None:
    resolved = resolve_date(expression, SATURDAY)
    assert (resolved.value, resolved.kind, resolved.end) == (value, kind, end)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Kenya freed the fishermen days after Somalia arrested them on Monday.", "freed"),  # the arrest's Monday
        ("Ghana recalled its envoy, and Togo expelled Ghanaian traders on Monday.", "recalled"),  # the other act's
        ("Police arrested the men, who had crossed the border on Monday.", "arrested"),  # the crossing's
    ],
)
def test_a_date_of_another_clause_is_not_the_events(nlp, sentence: str, word: str) -> None:
    doc = nlp(sentence)
    date = date_for(doc, [next(t for t in doc if t.text == word)], SATURDAY)
    assert date.to_dict() == {"value": "2026-01-03", "kind": "approximate"}

