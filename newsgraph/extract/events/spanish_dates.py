"""Dates in Spanish articles: "el sábado", "este lunes", "el pasado martes", "ayer", "el 3 de enero de
2024", resolved against the publication day as extract/events/dates.py does for English.

The Spanish model tags no dates, so expressions are found by patterns built from the words of
lang/es/date_words.tsv; an event takes the one that hangs from its own clause in the parse, else the
nearest in its sentence, else the publication day as approximate.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsgraph.extract.events.dates import _attached, _guess_year, as_background, published_day
from newsgraph.extract.events.dates import date_for as publication_day
from newsgraph.lang import read_table
from newsgraph.model import EventDate, Span
from newsgraph.nlp import text_of

ARTICLE = r"(?:(?:el|la|del|al|este|esta|desde el|hasta el)\s+)?"
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "acl", "conj", "parataxis", "csubj"})  # UD labels that open another clause


@dataclass(frozen=True)
class Words:
    """The date words of lang/es/date_words.tsv, by category."""

    weekdays: dict[str, int]
    months: dict[str, int]
    days: dict[str, tuple[int, str]]  # word -> (days from publication, kind)
    periods: dict[str, tuple[str, int]]  # word -> (unit, how many back)
    past: tuple[str, ...]
    next: tuple[str, ...]
    ago_units: dict[str, int]
    numbers: dict[str, int]


@lru_cache(maxsize=1)
def words() -> Words:
    rows = read_table("date_words.tsv", "es")
    by: dict[str, list[tuple[str, str]]] = {}
    for category, word, *value in rows:
        by.setdefault(category, []).append((word.lower(), value[0] if value else ""))
    return Words(
        weekdays={w: int(v) for w, v in by["weekday"]},
        months={w: int(v) for w, v in by["month"]},
        days={**{w: (int(v), "exact") for w, v in by["day"]}, **{w: (int(v), "approximate") for w, v in by["approximate"]}},
        periods={w: (v.split()[0], int(v.split()[1])) for w, v in by["period"]},
        past=tuple(w for w, _ in by["past"]),
        next=tuple(w for w, _ in by["next"]),
        ago_units={w: int(v) for w, v in by["ago_unit"]},
        numbers={w: int(v) for w, v in by["number"]},
    )


def _alternation(items: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=1)
def patterns() -> tuple[tuple[re.Pattern[str], Callable[[re.Match[str], date | None], EventDate | None]], ...]:
    """The date patterns, most specific first, each with the function that resolves its match."""
    w = words()
    month, weekday = _alternation(w.months), _alternation(w.weekdays)
    past, following = _alternation(w.past), _alternation(w.next)
    which = rf"(?:(?P<past>{past})\s+|(?P<next>{following})\s+)?"
    after = rf"(?:\s+(?P<past2>{past})|\s+(?P<next2>{following}))?"
    flags = re.IGNORECASE
    return (
        (re.compile(rf"\b{ARTICLE}{which}(?:(?:{weekday})\s+)?(?P<day>\d{{1,2}}|1\.?º|primero)\s+de\s+(?P<month>{month})"
                    rf"(?:\s+(?:de|del)\s+(?P<year>\d{{4}}))?\b", flags), _calendar_day),
        (re.compile(rf"\b(?:en\s+|de\s+)?(?P<month>{month})(?:\s+(?:de|del)\s+(?P<year>\d{{4}})|(?=\s+pasado))\b", flags), _month),
        (re.compile(r"\b(?:en\s+(?:el\s+año\s+)?|el\s+año\s+)(?P<year>(?:19|20)\d{2})\b", flags), _year),
        (re.compile(rf"\bhace\s+(?P<count>\d+|{_alternation(w.numbers)})\s+(?P<unit>{_alternation(w.ago_units)})\b", flags), _ago),
        (re.compile(rf"\b(?P<words>{_alternation([*w.periods, *w.days])})\b", flags), _relative),
        (re.compile(rf"\b{ARTICLE}{which}(?P<weekday>{weekday}){after}\b", flags), _weekday),
    )


def _calendar_day(match: re.Match[str], base: date | None) -> EventDate | None:
    day_text = match.group("day")
    day = 1 if not day_text[0].isdigit() or day_text.startswith("1.") or day_text == "1º" else int(day_text)
    number = words().months[match.group("month").lower()]
    year = int(match.group("year")) if match.group("year") else _guess_year(number, day, base)
    if year is None:
        return None
    try:
        return EventDate(date(year, number, day).isoformat(), "exact")
    except ValueError:
        return None


def _month(match: re.Match[str], base: date | None) -> EventDate | None:
    number = words().months[match.group("month").lower()]
    year = int(match.group("year")) if match.group("year") else _guess_year(number, 1, base)
    if year is None:
        return None
    last = calendar.monthrange(year, number)[1]
    return EventDate(date(year, number, 1).isoformat(), "range", date(year, number, last).isoformat())


def _year(match: re.Match[str], base: date | None) -> EventDate:
    year = int(match.group("year"))
    return EventDate(f"{year}-01-01", "range", f"{year}-12-31")


def _ago(match: re.Match[str], base: date | None) -> EventDate | None:
    if base is None:
        return None
    count_text = match.group("count").lower()
    count = int(count_text) if count_text.isdigit() else words().numbers[count_text]
    day = base - timedelta(days=count * words().ago_units[match.group("unit").lower()])
    return EventDate(day.isoformat(), "approximate")


def _relative(match: re.Match[str], base: date | None) -> EventDate | None:
    """A day or a stretch named by its distance from the publication day."""
    if base is None:
        return None
    said = re.sub(r"\s+", " ", match.group("words").lower())
    if said in words().days:
        offset, kind = words().days[said]
        return EventDate((base + timedelta(days=offset)).isoformat(), kind)
    unit, back = words().periods[said]
    if unit == "days":
        return EventDate((base - timedelta(days=back)).isoformat(), "range", base.isoformat())
    if unit == "week":
        monday = base - timedelta(days=base.weekday()) - timedelta(days=7 * back)
        end = base if back == 0 else monday + timedelta(days=6)
        return EventDate(monday.isoformat(), "range", end.isoformat())
    if unit == "weekend":
        saturday = base - timedelta(days=(base.weekday() - 5) % 7)
        return EventDate(saturday.isoformat(), "range", min(saturday + timedelta(days=1), base).isoformat())
    if unit == "month":
        first = base.replace(day=1)
        for _ in range(back):
            first = (first - timedelta(days=1)).replace(day=1)
        last = base if back == 0 else first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return EventDate(first.isoformat(), "range", last.isoformat())
    year = base.year - back
    return EventDate(f"{year}-01-01", "range", base.isoformat() if back == 0 else f"{year}-12-31")


def _weekday(match: re.Match[str], base: date | None) -> EventDate | None:
    """The latest such day up to publication ("el sábado" in a Saturday's paper is that day);
    "pasado" skips the publication day itself, "próximo" looks ahead."""
    if base is None:
        return None
    index = words().weekdays[match.group("weekday").lower()]
    if match.group("next") or match.group("next2"):
        return EventDate((base + timedelta(days=(index - base.weekday()) % 7 or 7)).isoformat(), "exact")
    back = (base.weekday() - index) % 7
    if back == 0 and (match.group("past") or match.group("past2")):
        back = 7
    return EventDate((base - timedelta(days=back)).isoformat(), "exact")


def find_dates(text: str, published: str | None, start: int = 0, end: int | None = None) -> list[EventDate]:
    """Every Spanish date expression in ``text[start:end]``, resolved, in order of position;
    each keeps its words as evidence (offsets into ``text``)."""
    base = published_day(published)
    stop = len(text) if end is None else end
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, EventDate]] = []
    for pattern, resolve in patterns():
        for match in pattern.finditer(text, start, stop):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            resolved = resolve(match, base)
            if resolved is None:
                continue
            taken.append((match.start(), match.end()))
            evidence = Span.of(text, match.start(), match.end())
            found.append((match.start(), as_background(EventDate(resolved.value, resolved.kind, resolved.end, evidence), published)))
    return [d for _, d in sorted(found, key=lambda pair: pair[0])]


def date_for(doc: Doc, anchors: list[Token], published: str | None, reported: bool = False) -> EventDate:
    """The date of the event whose trigger (and light verb) are ``anchors``: a date in its own
    clause (or that of the verb it is coordinated with) wins, then the nearest in its sentence and line; without one, the publication day as
    approximate, except a pluperfect ("había detenido") in the narrator's voice, which is before
    the story's time and stays unresolved."""
    text = text_of(doc)
    trigger = anchors[0]
    ids = {t.i for t in anchors}
    if trigger.dep_ == "conj" and trigger.head.pos_ in {"VERB", "AUX"}:
        ids.add(trigger.head.i)  # "salieron el lunes en su defensa y desafiaron a X": coordinated verbs share a date
    sent = trigger.sent
    line_start = text.rfind("\n", 0, trigger.idx) + 1
    line_end = text.find("\n", trigger.idx)
    start, end = max(sent.start_char, line_start), sent.end_char if line_end < 0 else min(sent.end_char, line_end)
    ranked: list[tuple[int, int, EventDate]] = []
    for found in find_dates(text, published, start, end):
        if found.value is None or found.evidence is None:
            continue
        span = doc.char_span(found.evidence.start, found.evidence.end, alignment_mode="expand")
        if span is None:
            continue
        distance = min(abs(span.root.i - t.i) for t in anchors)
        ranked.append((0 if _attached(span.root, ids, CLAUSE_DEPS) else 1, distance, found))
    if ranked:
        return min(ranked, key=lambda r: (r[0], r[1]))[2]
    verb = next((t for t in anchors if t.pos_ in {"VERB", "AUX"}), None)
    if not reported and verb is not None and any(
            a.lemma_ == "haber" and "Imp" in a.morph.get("Tense") for a in verb.children if a.dep_ == "aux"):
        return EventDate(None, "unresolved")
    return publication_day(doc, anchors, published, reported)  # the Spanish model tags no dates: the day itself
