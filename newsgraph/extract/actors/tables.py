"""Actors from the knowledge tables alone, for languages the English resolver does not read.

The English resolver (actors.py, coref.py) leans on English grammar and tags. For another
language (Spanish today) the tables of ``lang/<language>/`` carry the weight, as the Spanish
model's named entities are few and noisy: country names (the tables, plus pycountry's own
translations), nationality adjectives, capitals and seats of power, organisations and titles.
A person is a PER entity; their office and country come from the title next to them and a
country or adjective inside that title's phrase ("el canciller de Colombia, X", "el secretario
de Estado estadounidense, X"), never from the nearest country elsewhere. Codes are the same as
in English, so a Spanish statement and an English one add up in one row.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from newsgraph.lang import read_table
from newsgraph.model import ActorRef, Mention, Span
from newsgraph.nlp import text_of

ARTICLES = r"(?:(?:el|la|los|las|del|al)\s+)?"
TITLE_WINDOW = 60  # characters between a title and the name or country it belongs to


@dataclass(frozen=True)
class Entry:
    surface: str
    actor: str
    sector: str | None
    kind: str  # name | metonym | demonym | title
    role: str | None = None


@lru_cache(maxsize=None)
def entries(language: str) -> tuple[Entry, ...]:
    """Every surface form of the language's tables, longest first."""
    found: dict[str, Entry] = {}
    for code, name in _pycountry_names(language):
        found.setdefault(name, Entry(name, code, None, "name"))
    for code, aliases in read_table("countries.tsv", language):
        for alias in aliases.split("|"):
            found[alias] = Entry(alias, code, None, "name")
    for code, aliases in read_table("organisations.tsv", language):
        for alias in aliases.split("|"):
            found[alias] = Entry(alias, code, "GOV" if code == "UNSC" else None, "name")
    for name, code, sector in read_table("metonyms.tsv", language):
        found[name] = Entry(name, code, sector, "metonym")
    for forms, code in read_table("demonyms.tsv", language):
        for form in forms.split("|"):
            found.setdefault(form, Entry(form, code, None, "demonym"))
    for title, role, *home in read_table("titles.tsv", language):
        found[title] = Entry(title, home[0] if home and home[0] else "", "GOV", "title", role)
    return tuple(sorted(found.values(), key=lambda e: -len(e.surface)))


def _pycountry_names(language: str) -> list[tuple[str, str]]:
    """pycountry's names of every country in ``language`` (its gettext catalogue ships with it)."""
    import pycountry

    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return []
    names = []
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", country.name)}:
            local = catalogue.gettext(name)
            if "," not in local:  # "Corea, República de" is an index form, never written so
                names.append((country.alpha_3, local))
    return names


@lru_cache(maxsize=None)
def _pattern(language: str) -> re.Pattern[str]:
    """One alternation of every surface: names in their case, titles and adjectives in any case."""
    parts = []
    for entry in entries(language):
        escaped = re.escape(entry.surface)
        parts.append(f"(?i:{escaped})" if entry.kind in ("title", "demonym") else escaped)
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")


def extract_table_actors(doc: Doc, language: str) -> list[Mention]:
    """Mentions of countries, organisations, capitals, adjectives, titles and titled people."""
    text = text_of(doc)
    by_surface = _by_surface(language)
    found: list[Mention] = []
    titles: list[tuple[re.Match[str], Entry]] = []
    for match in _pattern(language).finditer(text):
        entry = _entry(by_surface, match.group())
        if entry is None:
            continue
        if entry.kind == "title":
            titles.append((match, entry))  # read with the people and bodies they name, below
            continue
        ref = ActorRef(match.group(), entry.surface if entry.kind != "demonym" else entry.actor, entry.actor, entry.sector)
        found.append(Mention(Span.of(text, match.start(), match.end()), ref, entry.kind))
    found += _titled(doc, text, found, titles, language)
    found += _short_names(text, found, language)
    found.sort(key=lambda m: (m.span.start, -m.span.end))
    out: list[Mention] = []
    end = 0
    for m in found:
        if m.span.start >= end:
            out.append(m)
            end = m.span.end
    return out


@lru_cache(maxsize=None)
def _by_surface(language: str) -> dict[str, Entry]:
    """Names by their exact form; titles and adjectives also by their lower case form."""
    found: dict[str, Entry] = {}
    for entry in entries(language):
        found.setdefault(entry.surface, entry)
        if entry.kind in ("title", "demonym"):
            found.setdefault("\0" + entry.surface.lower(), entry)
    return found


def _entry(by_surface: dict[str, Entry], matched: str) -> Entry | None:
    """"Malasia" is the country, "malasia" the adjective: the exact form first."""
    exact = by_surface.get(matched)
    if exact is not None:
        return exact
    return by_surface.get("\0" + matched.lower()) if matched[:1].islower() or matched.lower() != matched else None


def _titled(doc: Doc, text: str, places: list[Mention], titles: list[tuple[re.Match[str], Entry]], language: str) -> list[Mention]:
    """A title with the person it names and the country its own phrase gives: "el canciller de
    Chile, Tomás Rivera", "la portavoz de Exteriores, Ana Souto", "el presidente
    francés, Jean Martin"; a title with no person is the body or office itself."""
    people = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER" and e.text[:1].isupper()]
    found: list[Mention] = []
    for match, entry in titles:
        phrase_end = _phrase_end(doc, text, match.end())
        country = next((m for m in places if match.end() <= m.span.start < phrase_end), None)
        country = country or next((m for m in places if 0 <= match.start() - m.span.end <= 2 and m.kind == "demonym"), None)
        actor = (country.ref.actor if country else None) or _home(entry, text, places, match.start(), language)
        person = next(
            ((s, e) for s, e in people if text[phrase_end:s].strip() in ("", ",") and s >= phrase_end or text[match.end() : s] == " "),
            None,
        )
        if person is not None:
            start, end = min(match.start(), person[0]), person[1]
            name = text[person[0] : person[1]]
        else:
            start, end, name = match.start(), phrase_end, text[match.start() : phrase_end].strip(" ,")
        while end > start and text[end - 1] in " ,":
            end -= 1
        if start >= end:
            continue
        name = name.strip(" ,")
        ref = ActorRef(text[start:end], name, actor, "GOV", entry.role)
        found.append(Mention(Span.of(text, start, end), ref, "title"))
    return found


def _short_names(text: str, found: list[Mention], language: str) -> list[Mention]:
    """"la Unión", "el bloque": the organisation of lang/<language>/org_nominals.tsv named nearest
    before, when nothing longer is matched there ("la Unión Europea" is a name of its own)."""
    organisations = sorted((m for m in found if m.kind == "name" and m.ref.actor in _organisation_codes(language)), key=lambda m: m.span.start)
    added = []
    for phrase, codes in read_table("org_nominals.tsv", language):
        for match in re.finditer(rf"(?<![\w]){re.escape(phrase)}(?![\w])(?!\s+[A-ZÁÉÍÓÚ])", text):
            if any(m.span.start < match.end() and match.start() < m.span.end for m in found):
                continue
            earlier = [m for m in organisations if m.span.end <= match.start() and (codes == "*" or m.ref.actor in codes.split("|"))]
            if earlier:
                ref = earlier[-1].ref
                added.append(Mention(Span.of(text, match.start(), match.end()), ActorRef(match.group(), ref.name, ref.actor, ref.sector), "nominal"))
    return added


@lru_cache(maxsize=None)
def _organisation_codes(language: str) -> frozenset[str]:
    return frozenset(code for code, _ in read_table("organisations.tsv", language))


def _home(entry: Entry, text: str, places: list[Mention], at: int, language: str) -> str | None:
    """The actor a title implies: its own (secretario de Estado: USA), or for an organisation's office
    ("*organisation") the organisation named nearest before it in its sentence ("el portavoz de la ONU
    dijo que el secretario general ...")."""
    if entry.actor != "*organisation":
        return entry.actor or None
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at))
    named = [m for m in places if start < m.span.start and m.span.end <= at and m.ref.actor in _organisation_codes(language)]
    return named[-1].ref.actor if named else None


def _phrase_end(doc: Doc, text: str, at: int) -> int:
    """Where a title's own phrase ends: at the first verb, clause word or punctuation after it
    ("el Ministerio de Defensa chileno | pidió"), or the window's end."""
    limit = min(len(text), at + TITLE_WINDOW)
    span = doc.char_span(at, limit, alignment_mode="contract") if at < limit else None
    for token in span if span is not None else []:
        if token.pos_ in ("VERB", "AUX", "PUNCT", "SCONJ", "CCONJ", "PRON") or token.text in "«“\"—":
            return token.idx
    return span.end_char if span is not None and len(span) else limit
