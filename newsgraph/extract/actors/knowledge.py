"""The actor knowledge base: country, demonym, metonym, organisation and title tables, loaded once.

Knowledge lives in ``newsgraph/lang/en/*.tsv`` and pycountry; this module reads it
once per process and compiles it into two spaCy ``PhraseMatcher`` objects (one
case-sensitive for names, one case-insensitive for titles), so that matching an
article costs one C-level pass per matcher instead of Python loops over big tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.lang import read_table
from newsgraph.nlp import text_of


# Kinds of name entries (case-sensitive matcher).
COUNTRY, DEMONYM, METONYM, ORG, REGION, NOT_ACTOR = "country", "demonym", "metonym", "org", "region", "not_actor"
PLACE = "place"
# Types of title entries (case-insensitive matcher).
PERSON, BODY, GROUP, NATION, MODIFIER = "person", "body", "group", "country", "modifier"

_SMALL_WORDS = frozenset({"of", "for", "and", "the", "on", "in", "to"})
# Title domains too generic for "the X" to pick out one earlier holder or body.
GENERIC_DOMAINS = frozenset({"", "government", "people", "military", "police", "media", "ministry"})
# The domain of offices only international organisations have ("the Secretary-General").
IGO = "igo"


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A proper name from a table: a country, demonym, capital, organisation or region."""

    kind: str
    actor: str | None
    name: str
    sector: str | None = None
    members: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TitleEntry:
    """An office title, body, group or country noun, with the sector it implies."""

    phrase: str
    type: str
    sector: str | None
    domain: str
    speaks: bool
    home: str | None
    canonical: str = ""  # the body's usual name: "ministry of foreign affairs" -> "foreign ministry"
    links: tuple[str, ...] = ("of",)  # words before the owner written after the title ("spokesperson for the EU")

    @property
    def display(self) -> str:
        """How the title is written in a role or a body's name ("Secretary of State", "US special forces")."""
        phrase = self.canonical or self.phrase
        if self.type in (GROUP, NATION) or (self.type == BODY and self.domain in GENERIC_DOMAINS - {"ministry"}):
            return phrase
        return title_case(phrase)


@dataclass(slots=True)
class Knowledge:
    """Every table, keyed for constant-time lookup."""

    names: list[NameEntry] = field(default_factory=list)
    name_patterns: list[list[str]] = field(default_factory=list)
    titles: list[TitleEntry] = field(default_factory=list)
    title_patterns: list[list[str]] = field(default_factory=list)
    title_by_phrase: dict[str, TitleEntry] = field(default_factory=dict)
    country_name: dict[str, str] = field(default_factory=dict)
    country_adjective: dict[str, str] = field(default_factory=dict)
    org_name: dict[str, str] = field(default_factory=dict)
    given_gender: dict[str, str] = field(default_factory=dict)
    honorific_gender: dict[str, str] = field(default_factory=dict)
    title_gender: dict[str, str] = field(default_factory=dict)
    particles: dict[str, str] = field(default_factory=dict)
    not_actors: frozenset[str] = frozenset()
    org_words: frozenset[str] = frozenset()  # words that end organisations' names, never persons' (org_words.tsv)
    title_words: frozenset[str] = frozenset()  # every word of a title or body ("council", "ministers")
    surface_kinds: dict[str, str] = field(default_factory=dict)

    def label(self, actor: str | None) -> str:
        """The adjective used to name a body of ``actor`` ("Russian", "US", "EU")."""
        if actor is None:
            return ""
        return self.country_adjective.get(actor) or self.org_name.get(actor) or actor

    def actor_name(self, actor: str | None) -> str:
        """The canonical name of a country or organisation code."""
        if actor is None:
            return ""
        return self.country_name.get(actor) or self.org_name.get(actor) or actor


def title_case(phrase: str) -> str:
    """'secretary of state' -> 'Secretary of State'; 'mp' -> 'MP'."""
    if len(phrase) <= 3 and " " not in phrase:
        return phrase.upper()
    words = phrase.split(" ")
    return " ".join(
        w if (w in _SMALL_WORDS and i) else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        for i, w in enumerate(words)
    )


def _rows(name: str) -> list[list[str]]:
    return [list(row) for row in read_table(name)]


def _strip_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


@lru_cache(maxsize=1)
def tables() -> Knowledge:
    """Read every table once per process."""
    kb = Knowledge()

    def add_name(entry: NameEntry, surfaces: list[str]) -> None:
        kb.names.append(entry)
        kb.name_patterns.append(sorted({_strip_the(s) for s in surfaces if s}))

    aliases: dict[str, list[str]] = {}
    for code, name, adjective, alias_cell in _rows("countries.tsv"):
        kb.country_name[code] = name
        kb.country_adjective[code] = adjective
        aliases[code] = alias_cell.split("|")
    for country in pycountry.countries:
        code = country.alpha_3
        surfaces = [
            n for n in (country.name, getattr(country, "official_name", None), getattr(country, "common_name", None))
            if n and "," not in n and "(" not in n
        ]
        kb.country_name.setdefault(code, getattr(country, "common_name", None) or (surfaces[0] if surfaces else country.name))
        add_name(NameEntry(COUNTRY, code, kb.country_name[code]), surfaces + aliases.pop(code, []))
    for code, surfaces in aliases.items():  # codes pycountry lacks (Kosovo)
        add_name(NameEntry(COUNTRY, code, kb.country_name[code]), surfaces)

    for form, code in _rows("demonyms.tsv"):
        kb.country_adjective.setdefault(code, form)
        add_name(NameEntry(DEMONYM, code, kb.country_name.get(code, code)), [form])

    for name, actor, sector, _what in _rows("metonyms.tsv"):
        add_name(NameEntry(METONYM, actor, name, sector or None), [name])

    for actor, name, sector, _kind, alias_cell in _rows("organisations.tsv"):
        if actor not in kb.country_name:
            kb.org_name.setdefault(actor, name)
            kb.country_adjective.setdefault(actor, name if len(name) <= 6 else actor)
        add_name(NameEntry(ORG, actor, name, sector or None), [name, *alias_cell.split("|")])

    for name, code in _rows("places.tsv"):
        add_name(NameEntry(PLACE, code, name), [name])

    for name, members in _rows("regions.tsv"):
        add_name(NameEntry(REGION, None, name, members=frozenset(members.split())), [name])

    kb.not_actors = frozenset(row[0] for row in _rows("not_actors.tsv"))
    kb.org_words = frozenset(row[0] for row in _rows("org_words.tsv"))
    for word in kb.not_actors:
        add_name(NameEntry(NOT_ACTOR, None, word), [word])

    first_body: dict[tuple, str] = {}
    for row in _rows("titles.tsv"):
        phrase, type_, sector, domain, speaks, home, links = (row + [""] * 7)[:7]
        phrase = phrase.lower()
        canonical = ""
        heads = tuple(w in phrase for w in ("ministry", "department", "office"))
        if type_ == BODY and domain and any(heads):  # "ministry of foreign affairs" -> "foreign ministry"
            canonical = first_body.setdefault((domain, home, *heads), phrase)
        entry = TitleEntry(
            phrase, type_, sector or None, domain, speaks == "yes", home or None, canonical,
            tuple(links.split("|")) if links else ("of",),
        )
        kb.titles.append(entry)
        kb.title_patterns.append([entry.phrase])
        kb.title_by_phrase[entry.phrase] = entry

    kb.title_words = frozenset(w for entry in kb.titles for w in entry.phrase.split(" "))
    for form, gender, type_ in _rows("names.tsv"):
        target = {
            "given": kb.given_gender, "honorific": kb.honorific_gender, "title": kb.title_gender, "particle": kb.particles,
        }[type_]
        target[form] = gender
    for entry, surfaces in zip(kb.names, kb.name_patterns):
        for surface in surfaces:
            kb.surface_kinds.setdefault(surface, entry.kind)
    return kb


@dataclass(slots=True)
class Matchers:
    """The compiled matchers for one vocabulary, with the entry behind each match key."""

    names: PhraseMatcher
    titles: PhraseMatcher
    name_entry: dict[int, NameEntry]
    title_entry: dict[int, TitleEntry]


_MATCHERS: dict[int, tuple[Vocab, Matchers]] = {}


def matchers(vocab: Vocab) -> Matchers:
    """Compile the tables into phrase matchers for ``vocab``, once per vocabulary."""
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    kb = tables()
    tokenizer = spacy.blank("en", vocab=vocab).tokenizer
    names = PhraseMatcher(vocab, attr="ORTH")
    titles = PhraseMatcher(vocab, attr="LOWER")
    name_entry: dict[int, NameEntry] = {}
    title_entry: dict[int, TitleEntry] = {}
    for i, (entry, surfaces) in enumerate(zip(kb.names, kb.name_patterns)):
        key = f"ng_name_{i}"
        names.add(key, [_pattern(tokenizer, vocab, s) for s in surfaces])
        name_entry[vocab.strings[key]] = entry
    for i, (entry, surfaces) in enumerate(zip(kb.titles, kb.title_patterns)):
        key = f"ng_title_{i}"
        titles.add(key, [_pattern(tokenizer, vocab, s) for s in surfaces])
        title_entry[vocab.strings[key]] = entry
    built = Matchers(names, titles, name_entry, title_entry)
    _MATCHERS[id(vocab)] = (vocab, built)
    return built


def _pattern(tokenizer, vocab: Vocab, text: str) -> Doc:
    words = [t.text for t in tokenizer(text)]
    return Doc(vocab, words=words)


def _blocked(doc: Doc) -> bytearray:
    """Tokens that never give an actor: credit labels and the photo credits after them."""
    flags = bytearray(len(doc))
    for match in _credit_pattern().finditer(text_of(doc)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            flags[span.start : span.end] = b"\x01" * (span.end - span.start)
    return flags


@lru_cache(maxsize=1)
def _credit_pattern() -> re.Pattern[str]:
    words = sorted(tables().not_actors, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b(?:\s*:[^\n]*)?")


Hit = tuple[int, int, "NameEntry | TitleEntry"]


def find_matches(doc: Doc) -> tuple[list[Hit], list[Hit], set[int], bytearray]:
    """Table matches in ``doc``, longest first without overlaps, as (start, end, entry) token
    ranges: names, titles, the set of title modifier tokens ("Deputy"), and the blocked tokens."""
    blocked = _blocked(doc)
    m = matchers(doc.vocab)
    candidates = []
    modifiers: set[int] = set()
    for key, s, e in m.names(doc):
        candidates.append((e - s, 1, s, e, m.name_entry[key]))
    for key, s, e in m.titles(doc):
        entry = m.title_entry[key]
        if entry.type == MODIFIER:
            modifiers.add(s)
        elif doc[e - 1].pos_ in ("NOUN", "PROPN"):
            candidates.append((e - s, 0, s, e, entry))
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2]))
    taken = bytearray(len(doc))
    names, titles = [], []
    for _length, is_name, s, e, entry in candidates:
        if any(taken[s:e]) or any(blocked[s:e]):
            continue
        taken[s:e] = b"\x01" * (e - s)
        (names if is_name else titles).append((s, e, entry))
    names.sort(key=lambda h: h[0])
    titles.sort(key=lambda h: h[0])
    return names, titles, modifiers, blocked


def role_speaks(role: str) -> bool | None:
    """Whether an office speaks for its government ("Foreign Minister": yes), by its last words;
    None when no title in the tables ends the role."""
    parts = role.lower().split(" ")
    if parts[0] in ("former", "ex"):
        return False
    by_phrase = tables().title_by_phrase
    for i in range(len(parts)):
        entry = by_phrase.get(" ".join(parts[i:]))
        if entry is not None:
            return entry.speaks
    return None
