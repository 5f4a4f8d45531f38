"""Event dates: date expressions resolved against the article's publication date.

dateparser alone reads "on Saturday" in an article published on Saturday
2026-01-03 as the Saturday before (2025-12-27); news means the same day. So the
relative forms news uses are resolved here by rule, and dateparser is only the
last resort for absolute forms the rules do not know.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsgraph.lang import read_table
from newsgraph.nlp import text_of
from newsgraph.model import EventDate, Span

WEEKDAYS = [d.lower() for d in calendar.day_name]
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
TODAY = re.compile(r"(?:today|tonight|now|(?:earlier |early |later )?(?:today|this) (?:morning|afternoon|evening))")
LEAD = re.compile(r"^(?:(?:early|late|earlier|later|on|in|at|since|by|from|during|until|the|of|this past|mid)(?:\s+|-))+")
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTH_RE = r"\b(%s)\.?" % "|".join(sorted(MONTHS, key=len, reverse=True))
MDY = re.compile(MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_RE + r"(?:,?\s+(\d{4}))?\b")
MONTH_YEAR = re.compile(r"^" + MONTH_RE + r"(?:,?\s+(\d{4}))?$")
YEAR = re.compile(r"^(?:the\s+)?(?:year\s+)?((?:19|20)\d{2})(s)?$")
BETWEEN = re.compile(r"^between ((?:19|20)\d{2}) and ((?:19|20)\d{2})$")
CLOCK = re.compile(r"^(?:about |around |at |shortly after |just after |before )?(?:\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\.?"
                   r"|(?:[01]\d|2[0-3])[0-5]\d\s*(?:gmt|utc|hours|hrs)|\d{1,2}:\d{2})(?:\s*(?:gmt|utc|local time))?$")
AGE = re.compile(r"\d+[- ]year[- ]old")
AGO = re.compile(r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(hour|day|week|month|year)s?\s+ago$")
MAX_DATELINE = 80
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
           "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@lru_cache(maxsize=1)
def furniture_words() -> frozenset[str]:
    """Words that mark page furniture, from the data file."""
    return frozenset(word.lower() for category, word, *_ in read_table("date_cues.tsv") if category == "furniture")


@lru_cache(maxsize=1)
def background_days() -> int:
    """Days before publication from which a date is background (date_cues.tsv)."""
    rows = read_table("date_cues.tsv")
    return next((int(word) for category, word, *_ in rows if category == "background_days"), 365)


def as_background(found: EventDate, published: str | None) -> EventDate:
    """The same date marked "background" when it ends far before publication ("in 2014",
    "since the 1970s"): it tells the reader the past, not when this story happened."""
    base = published_day(published)
    if found.value is None or base is None or found.kind == "unresolved":
        return found
    if (base - date.fromisoformat(found.end or found.value)).days >= background_days():
        return EventDate(found.value, "background", found.end, found.evidence)
    return found


def published_day(published: str | None) -> date | None:
    """The calendar day of an ISO 8601 publication stamp, whatever its precision."""
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.strip().replace("Z", "+00:00")).date()
    except ValueError:
        match = ISO.search(published)
        return date(*map(int, match.groups())) if match else None


def _iso(day: date) -> str:
    return day.isoformat()


def _exact(day: date, evidence: Span | None, kind: str = "exact") -> EventDate:
    return EventDate(_iso(day), kind, None, evidence)


def _range(first: date, last: date, evidence: Span | None) -> EventDate:
    return EventDate(_iso(first), "range", _iso(last), evidence)


def _month_range(year: int, month: int, evidence: Span | None) -> EventDate:
    last = calendar.monthrange(year, month)[1]
    return _range(date(year, month, 1), date(year, month, last), evidence)


def _guess_year(month: int, day: int, base: date | None) -> int | None:
    """A day named without a year is the latest such day not far after publication."""
    if base is None:
        return None
    try:
        candidate = date(base.year, month, day)
    except ValueError:
        return None
    return base.year - 1 if candidate > base + timedelta(days=7) else base.year


def _weekday(words: str, base: date, evidence: Span | None) -> EventDate | None:
    for index, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", words):
            back = (base.weekday() - index) % 7
            if re.search(r"\bnext\b", words):
                return _exact(base + timedelta(days=(index - base.weekday()) % 7 or 7), evidence)
            if re.search(r"\blast\b", words) and back == 0:
                back = 7
            return _exact(base - timedelta(days=back), evidence)
    return None


def _relative(words: str, base: date, evidence: Span | None) -> EventDate | None:
    """Today, yesterday, last week and their kin, against the publication day."""
    if TODAY.fullmatch(words):
        return _exact(base, evidence)
    if words in {"yesterday", "yesterday morning", "yesterday afternoon", "yesterday evening"}:
        return _exact(base - timedelta(days=1), evidence)
    if words in {"last night", "overnight"}:
        return _exact(base - timedelta(days=1), evidence, "approximate")
    if words == "the day before yesterday":
        return _exact(base - timedelta(days=2), evidence)
    if words == "tomorrow":
        return _exact(base + timedelta(days=1), evidence)
    monday = base - timedelta(days=base.weekday())
    if words in {"last week", "the past week", "the previous week"}:
        return _range(monday - timedelta(days=7), monday - timedelta(days=1), evidence)
    if words in {"this week", "earlier this week"}:
        return _range(monday, base, evidence)
    if words in {"last weekend", "the weekend", "weekend", "this weekend", "the past weekend"}:
        saturday = base - timedelta(days=(base.weekday() - 5) % 7)
        if words == "last weekend" and saturday + timedelta(days=1) >= base:
            saturday -= timedelta(days=7)
        return _range(saturday, min(saturday + timedelta(days=1), base), evidence)
    if words in {"recent days", "the past few days", "the last few days", "past days"}:
        return _range(base - timedelta(days=7), base, evidence)
    if words in {"last month", "the previous month"}:
        last = base.replace(day=1) - timedelta(days=1)
        return _month_range(last.year, last.month, evidence)
    if words in {"this month", "earlier this month"}:
        return _range(base.replace(day=1), base, evidence)
    if words in {"the past year", "the last year", "the past 12 months"}:
        return _range(base - timedelta(days=365), base, evidence)
    if words in {"last year", "the previous year"}:
        return _range(date(base.year - 1, 1, 1), date(base.year - 1, 12, 31), evidence)
    if words in {"this year", "earlier this year"}:
        return _range(date(base.year, 1, 1), base, evidence)
    match = AGO.match(words)
    if match:
        count = NUMBERS.get(match.group(1)) or int(match.group(1))
        unit = match.group(2)
        days = {"hour": 0, "day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
        return _exact(base - timedelta(days=days), evidence, "approximate")
    return _weekday(words, base, evidence)


def _absolute(words: str, base: date | None, evidence: Span | None) -> EventDate | None:
    """Calendar dates, months and years written out."""
    match = ISO.search(words)
    if match:
        return _exact(date(*map(int, match.groups())), evidence)
    for regex, order in ((MDY, "md"), (DMY, "dm")):
        match = regex.search(words)
        if match:
            if order == "md":
                month, day, year = MONTHS[match.group(1)], int(match.group(2)), match.group(3)
            else:
                day, month, year = int(match.group(1)), MONTHS[match.group(2)], match.group(3)
            year_value = int(year) if year else _guess_year(month, day, base)
            if year_value is None:
                return None
            try:
                return _exact(date(year_value, month, day), evidence)
            except ValueError:
                return None
    match = MONTH_YEAR.match(words)
    if match:
        month = MONTHS[match.group(1)]
        year_value = int(match.group(2)) if match.group(2) else _guess_year(month, 1, base)
        return _month_range(year_value, month, evidence) if year_value else None
    match = BETWEEN.match(words)
    if match:
        return _range(date(int(match.group(1)), 1, 1), date(int(match.group(2)), 12, 31), evidence)
    match = YEAR.match(words)
    if match:
        year_value = int(match.group(1))
        if match.group(2):
            return _range(date(year_value, 1, 1), date(year_value + 9, 12, 31), evidence)
        return _range(date(year_value, 1, 1), date(year_value, 12, 31), evidence)
    return None


def _dateparser(expression: str, base: date | None, evidence: Span | None) -> EventDate | None:
    """Last resort for absolute forms; relative ones never reach it without a base."""
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day, 23, 59)
    try:
        found = dateparser.parse(expression, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return _exact(found.date(), evidence, "approximate") if found else None


def resolve_date(expression: str, published: str | None, evidence: Span | None = None) -> EventDate:
    """Resolve one date expression ("on Saturday", "last week", "in 2014") to an EventDate."""
    words = re.sub(r"\s+", " ", expression.lower().replace("’", "'")).strip(" ,.;:")
    words = LEAD.sub("", words).strip()
    base = published_day(published)
    found = _absolute(words, base, evidence)
    if found is None and base is not None:
        found = _relative(words, base, evidence)
    if found is None and base is not None and CLOCK.match(words):
        found = _exact(base, evidence, "approximate")  # "about 6:30 a.m.", "1600 GMT": a time of the day told
    if found is None and re.search(r"\d", words) and not AGO.match(words) and not AGE.search(words):
        found = _dateparser(words, base, evidence)
    return found or EventDate(None, "unresolved", None, evidence)


def _line(doc: Doc, at: int) -> tuple[int, int]:
    start = text_of(doc).rfind("\n", 0, at) + 1
    end = text_of(doc).find("\n", at)
    return start, len(text_of(doc)) if end < 0 else end


def is_furniture(doc: Doc, start_char: int) -> bool:
    """True for a date on a line of page furniture ("5 Mar, 2026 09:12 / Updated 2 hours ago").

    The furniture word must come before the date on its line, or the line must be a
    short dateline of its own; a paragraph that merely mentions an update is not furniture.
    """
    line_start, line_end = _line(doc, start_char)
    before = text_of(doc)[line_start:start_char].lower()
    whole = text_of(doc)[line_start:line_end].lower() if line_end - line_start <= MAX_DATELINE else ""
    return any(re.search(rf"\b{word}\b", before) or re.search(rf"\b{word}\b", whole) for word in furniture_words())


def _attached(ent_root: Token, anchors: set[int], clauses: frozenset[str] = frozenset({"ccomp", "advcl", "relcl", "conj"})) -> bool:
    """Does the date hang from the trigger's own clause (``clauses``: the labels that open another) in the parse?"""
    token = ent_root
    for _ in range(6):
        if token.i in anchors:
            return True
        if token.head.i == token.i or token.dep_ in clauses:
            return False
        token = token.head
        if token.pos_ in {"VERB", "AUX"} and token.i not in anchors:
            return False
    return False


def _other_clause(ent_root: Token, trigger: Token, anchors: set[int]) -> bool:
    """The date belongs to another act's clause: the first verb above it is neither the trigger's
    nor one the trigger's clause hangs from ("freed them days after Somalia arrested them on
    Monday": Monday is the arrest's; "On Friday the minister said troops crossed": Friday frames both)."""
    token = ent_root
    while token.head.i != token.i and token.i not in anchors:
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            return token.i not in anchors and token.i not in {t.i for t in trigger.ancestors}
    return False


def date_for(doc: Doc, anchors: list[Token], published: str | None, reported: bool = False) -> EventDate:
    """The date of the event whose trigger (and light verb) are ``anchors``.

    A DATE/TIME entity in the same sentence and line attached to the trigger wins,
    then the nearest other one that no other act's clause holds; without any, the event takes the publication day as
    approximate, except a past perfect ("had offered") in the narrator's voice, which
    is before the story's time and stays unresolved (in reported speech the past
    perfect is only the backshifted past: "said X had attacked"). A date a year or more
    before publication keeps its value with the kind "background".
    """
    trigger = anchors[0]
    ids = {t.i for t in anchors}
    line_start, line_end = _line(doc, trigger.idx)
    candidates: list[tuple[int, int, EventDate]] = []
    for ent in trigger.sent.ents:
        if ent.label_ not in {"DATE", "TIME"} or not line_start <= ent.start_char < line_end:
            continue
        if is_furniture(doc, ent.start_char):
            continue
        resolved = resolve_date(ent.text, published, Span.of(text_of(doc), ent.start_char, ent.end_char))
        resolved = as_background(resolved, published)
        if resolved.value is None or _other_clause(ent.root, trigger, ids):
            continue
        distance = min(abs(ent.root.i - t.i) for t in anchors)
        candidates.append((0 if _attached(ent.root, ids) else 1, distance, resolved))
    if candidates:
        return min(candidates, key=lambda c: (c[0], c[1]))[2]
    base = published_day(published)
    verb = next((t for t in anchors if t.pos_ in {"VERB", "AUX"}), None)
    if base is None or (not reported and verb is not None and any(
            a.lower_ == "had" for a in verb.children if a.dep_ == "aux")):
        return EventDate(None, "unresolved")
    return EventDate(_iso(base), "approximate")
