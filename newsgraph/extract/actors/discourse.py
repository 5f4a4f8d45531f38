"""What has been said so far in an article: the people, countries and bodies resolved up to a point,
and the questions resolution asks of them (who holds an office, what "its" or "he" refers back to).

coref.py resolves phrases in order and records each here; affiliation.py reads it to decide whose
office an unplaced title is. Both import this module; affiliation.py no longer imports coref.py, so
the two do not import each other.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from newsgraph.extract.actors.knowledge import BODY, GROUP, NATION, Knowledge, NameEntry, TitleEntry

# (start, end, actor, subject) of a country, organisation or body mentioned earlier: Discourse.things
Thing = tuple[int, int, str | None, bool]
CLAUSE_BREAKS = frozenset({":", ";"})  # "Turkey took the opposite view: Foreign Minister X said"

MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
NEUTER = frozenset({"its"})
PRONOUNS = MALE | FEMALE | NEUTER
OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "obj", "iobj"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
SENTENCE_WINDOW = 3  # how many sentences back a pronoun may reach
TITLE_WINDOW = 6  # how many sentences back "the president" may reach


@dataclass(slots=True, eq=False)
class Person:
    """One person in the article; every mention of them shares this record."""

    name: str
    tokens: tuple[str, ...]
    gender: str | None = None
    actor: str | None = None
    explicit: bool = False  # the actor was written next to the person, not guessed from context
    sector: str | None = None
    role: str | None = None
    domain: str = ""


@dataclass(slots=True, eq=False)
class Phrase:
    """A stretch of tokens that names or refers to an actor, before and after resolution."""

    start: int
    end: int
    kind: str  # name | title | metonym | demonym | pronoun | nominal
    what: str  # person | name | title | pronoun | org_unknown
    person: Person | None = None
    entry: NameEntry | None = None
    title: TitleEntry | None = None
    mods: tuple[str, ...] = ()
    body: TitleEntry | None = None
    owner: "Phrase | None" = None  # premodifier or possessor that names the actor ("Russian", "Russia's")
    owner_pron: int = -1  # token index of a possessive pronoun premodifier ("its leadership")
    post: "Phrase | None" = None  # "of X" after the title, or "for X" where titles.tsv allows it
    region: NameEntry | None = None
    place: bool = False  # a capital used as a location ("in Caracas"), not as a government
    det: str = ""  # "the", "a" or "an" before a title; "the" for possessors ("Russia's minister")
    capital: bool = False  # the title is written with a capital ("Parliament voted")
    unknown_owner: bool = False  # premodified by a place or body no table knows
    name: str | None = None  # canonical name, for organisations not in the tables
    # filled by resolution
    actor: str | None = None
    sector: str | None = None
    role: str | None = None
    ref_name: str | None = None
    done: bool = False
    ok: bool = False


@dataclass(slots=True)
class Discourse:
    """What has been said so far in the article, for resolving what comes next."""

    doc: Doc
    kb: Knowledge
    sent_of: list[int]  # narrative sentence number (see sentence_index)
    real_sent: list[int]
    quoted: bytearray
    sentence_countries: dict[int, list[str]]
    static_countries: list[tuple[int, str]]  # (token, code) of country names, for cataphora
    dominant: str | None  # the country the article names most
    persons: list[tuple[int, int, Person, bool, bool]] = field(default_factory=list)
    country_refs: list[tuple[int, str]] = field(default_factory=list)
    org_refs: list[tuple[int, str]] = field(default_factory=list)
    signals: list[tuple[int, str]] = field(default_factory=list)
    bodies: list[Phrase] = field(default_factory=list)
    things: list[tuple[int, int, str | None, bool]] = field(default_factory=list)  # (start, end, actor, subject)

    # --- recording -------------------------------------------------------------------------
    def note(self, phrase: Phrase) -> None:
        """Record a resolved phrase so later phrases can refer back to it."""
        if not phrase.ok:
            return
        pos = phrase.start
        if phrase.person is not None:
            root = self.doc[phrase.start : phrase.end].root
            self.persons.append(
                (pos, self.sent_of[pos], phrase.person, root.dep_ in SUBJECT_DEPS, bool(self.quoted[pos]))
            )
        if phrase.actor is None:
            if phrase.what == "org_unknown":  # "The ruling Committee ... Its spokesman": no one we can name
                root = self.doc[phrase.start : phrase.end].root
                self.things.append((phrase.start, phrase.end, None, root.dep_ in SUBJECT_DEPS))
            return
        self.signals.append((pos, phrase.actor))
        if phrase.person is None and (phrase.entry is None or phrase.entry.kind in ("country", "metonym", "org")):
            root = self.doc[phrase.start : phrase.end].root
            self.things.append((phrase.start, phrase.end, phrase.actor, root.dep_ in SUBJECT_DEPS))
        if phrase.what == "name" and phrase.entry is not None:
            if phrase.entry.kind in ("country", "metonym"):
                self.country_refs.append((pos, phrase.actor))
            elif phrase.entry.kind == "org" and phrase.actor not in self.kb.country_name:
                self.org_refs.append((pos, phrase.actor))
        elif phrase.title is not None:
            if phrase.title.type == NATION or (phrase.title.type == GROUP and phrase.title.domain == "people"):
                if phrase.actor in self.kb.country_name:
                    self.country_refs.append((pos, phrase.actor))
            elif phrase.title.type == BODY and phrase.person is None:
                self.bodies.append(phrase)
        elif phrase.what == "pronoun" and phrase.person is None:
            self.country_refs.append((pos, phrase.actor))

    # --- queries ---------------------------------------------------------------------------
    def context_country(self, pos: int) -> str | None:
        """The country most recently signalled before ``pos`` (names, demonyms, titles)."""
        for p, code in reversed(self.signals):
            if p < pos and code in self.kb.country_name:
                return code
        return None

    def guess_country(self, pos: int) -> str | None:
        """The country of a title the text does not place: the article's own, else this sentence's."""
        if self.dominant:
            return self.dominant
        sent = self.real_sent[pos]
        for p, code in reversed(self.signals):
            if p < pos and code in self.kb.country_name:
                if self.real_sent[p] == sent:
                    return code
                break
        return self.context_country(pos)

    def country_antecedent(self, pos: int, region: NameEntry | None, orgs: bool = False) -> str | None:
        """The most recent country (or organisation) referred to before ``pos``, else the next one."""
        members = region.members if region else None
        best = (-1, None)
        for refs in (self.country_refs, self.org_refs) if orgs else (self.country_refs,):
            for p, code in reversed(refs):
                if p < pos and (members is None or code in members):
                    if p > best[0]:
                        best = (p, code)
                    break
        if best[1] is not None:
            return best[1]
        for p, code in reversed(self.signals):  # a demonym will do: "Colombian President ... the country"
            if p < pos and code in self.kb.country_name and (members is None or code in members):
                return code
        i = bisect_right(self.static_countries, (pos, "~"))
        for p, code in self.static_countries[i:]:
            if members is None or code in members:
                return code
        return None

    def its_antecedent(self, index: int) -> str | None:
        """What "its" at ``index`` stands for: the first conjunct in "X and its Y", else a country,
        organisation or body that is a subject earlier in the sentence, else, when the sentence names
        none before it, the subject of the sentence before ("Japan's foreign ministry said ... through
        the WFP. Its press secretary"), else the most recent one. An organisation no table knows
        stands for no one we can name."""
        noun = self.doc[index].head
        if noun.dep_ == "conj":
            for start, end, actor, _subject in reversed(self.things):
                if start <= noun.head.i < end:
                    return actor
        sent = self.real_sent[index]
        named_here = False
        for start, _end, actor, subject in reversed(self.things):
            if start < index and self.real_sent[start] == sent:
                if subject:
                    return actor
                named_here = True
        before = None if named_here else prior_subject(self, index, lambda _actor: True)
        if before is not None:
            return before[2]
        return self.country_antecedent(index, None, orgs=True)

    def holder(self, pos: int, domain: str, countries: list[str] | None, head: str = "") -> Person | None:
        """The most recent person holding an office of ``domain`` (of one of ``countries``, if given);
        with no domain, one whose role ends in ``head`` ("the minister" -> a Defence Minister)."""
        lowest = self.sent_of[pos] - TITLE_WINDOW
        for p, sent, person, _subject, _quoted in reversed(self.persons):
            if p >= pos:
                continue
            if sent < lowest:
                break
            role = (person.role or "").lower()
            same = person.domain == domain if domain else role == head or role.endswith(" " + head)
            if same and (not countries or person.actor in countries):
                return person
        return None

    def body_antecedent(self, pos: int, title: TitleEntry) -> Phrase | None:
        """The most recent body of the same domain ("the ministry" -> the Foreign Ministry)."""
        for body in reversed(self.bodies):
            if body.start >= pos or body.title is None:
                continue
            if title.domain == "ministry":
                if "ministry" in body.title.phrase or "department" in body.title.phrase:
                    return body
            elif body.title.domain == title.domain:
                return body
        return None

    def domain_country(self, pos: int, domain: str) -> str | None:
        """The country of the most recent minister or ministry of ``domain`` ("the Foreign Ministry")."""
        body = None
        for b in reversed(self.bodies):
            if b.start < pos and b.title is not None and b.title.domain == domain and b.actor:
                body = b
                break
        person_pos, person_actor = -1, None
        for p, _sent, person, _s, _q in reversed(self.persons):
            if p < pos and person.domain == domain and person.actor:
                person_pos, person_actor = p, person.actor
                break
        if body is not None and body.start > person_pos:
            return body.actor
        return person_actor

    def pronoun_person(self, index: int) -> Person | None:
        """The most salient earlier person compatible with the pronoun at ``index``."""
        token = self.doc[index]
        lower = token.lower_
        gender = "m" if lower in MALE else "f"
        sent = self.sent_of[index]
        in_quote = bool(self.quoted[index])
        is_object = token.dep_ in OBJECT_DEPS and not lower.endswith("self")
        verb = token.head.i if is_object else -1
        scores: dict[int, float] = {}
        people: dict[int, Person] = {}
        lowest = sent - SENTENCE_WINDOW
        for quoted_ok in (False, True):
            for pos, s, person, subject, quoted in reversed(self.persons):
                if pos >= index:
                    continue
                if s < lowest:
                    break
                if person.gender and person.gender != gender:
                    continue
                if quoted and not in_quote and not quoted_ok:
                    continue
                if verb >= 0 and subject and self.doc[pos:pos + 1].root.head.i == verb and s == sent:
                    continue
                # salience halves with each sentence back, the subject bonus too (Lappin and Leass 1994)
                weight = (100.0 + (80.0 if subject else 0.0)) * 0.5 ** (sent - s) + (50.0 if s == sent else 0.0)
                key = id(person)
                scores[key] = scores.get(key, 0.0) + weight
                people[key] = person
            if scores:
                break
        if not scores:
            return None
        best = max(scores, key=scores.__getitem__)
        person = people[best]
        if person.gender is None:
            person.gender = gender
        return person


def prior_subject(disc: Discourse, pos: int, wanted: Callable[[str | None], bool]) -> Thing | None:
    """The subject of the clause before ``pos`` whose actor is ``wanted``: in this sentence before a
    colon or semicolon, else in the sentence before (its main clause's subject, else its last one)."""
    doc = disc.doc
    sent = disc.sent_of[pos]
    first = doc[pos].sent.start
    clause = max((i for i in range(first, pos) if doc[i].text in CLAUSE_BREAKS), default=-1)
    before: list[Thing] = []
    for thing in reversed(disc.things):
        start, end, actor, subject = thing
        if start >= pos or not subject or not wanted(actor):
            continue
        if disc.sent_of[start] == sent:
            if end <= clause and start >= first:
                return thing
        elif disc.sent_of[start] == sent - 1:
            before.append(thing)
        else:
            break
    for thing in before:
        if doc[thing[0] : thing[1]].root.head.dep_ == "ROOT":
            return thing
    return before[0] if before else None


