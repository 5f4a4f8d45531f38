"""Rule-based resolution of actor phrases within one article: titles, nominals and pronouns.

No offline coreference model is available, so this is a salience model in the
manner of Lappin & Leass (1994): every person mentioned keeps a salience that
halves with each sentence, subjects weigh more than other mentions, gender and
quotation boundaries filter the candidates. Nominals ("the ministry", "the
South American nation") and bare titles ("the president") look back for the most
recent compatible actor. How well this works is measured in
tests/extract/test_actors.py (the hand-labelled COREF_CASES).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc

from newsgraph.nlp import text_of
from newsgraph.extract.affiliation import place_frame, prior_subject, unplaced_actor
from newsgraph.extract.knowledge import (
    BODY,
    GENERIC_DOMAINS,
    GROUP,
    IGO,
    NATION,
    PERSON,
    Knowledge,
    NameEntry,
    TitleEntry,
)

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


def sentence_index(doc: Doc, quoted: bytearray) -> tuple[list[int], list[int], list[int]]:
    """The sentence number of every token, its narrative number, which sentences wholly inside
    a quotation do not advance (a pronoun after a long quote still reaches its speaker), and
    the first token of each sentence."""
    real = [0] * len(doc)
    narrative = [0] * len(doc)
    starts = []
    alpha = doc.to_array("IS_ALPHA").tolist()
    k = -1
    for r, sent in enumerate(doc.sents):
        a, b = sent.start, sent.end
        if k < 0 or any(alpha[i] and not quoted[i] for i in range(a, b)):
            k += 1
        real[a:b] = [r] * (b - a)
        narrative[a:b] = [k] * (b - a)
        starts.append(a)
    return real, narrative, starts


def quoted_tokens(doc: Doc) -> bytearray:
    """1 for each token inside quotation marks (curly or straight, within a paragraph)."""
    flags = bytearray(len(doc))
    text = text_of(doc)
    inside = False
    start = 0
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            if inside and i + 1 < len(text) and text[i + 1] == "\n":
                spans.append((start, i))
                inside = False
            continue
        if ch == "\u201c" or (ch == '"' and not inside):
            if not inside:
                inside, start = True, i
        elif ch == "\u201d" or ch == '"':
            if inside:
                spans.append((start, i + 1))
                inside = False
    if inside:
        spans.append((start, len(text)))
    if not spans:
        return flags
    starts = doc.to_array("IDX").tolist()
    for a, b in spans:
        lo = bisect_left(starts, a)
        hi = bisect_left(starts, b)
        flags[lo:hi] = b"\x01" * (hi - lo)
    return flags


def resolve(phrases: list[Phrase], disc: Discourse) -> None:
    """Resolve every phrase in text order, each against what came before it."""
    for phrase in phrases:
        resolve_one(phrase, disc)
        disc.note(phrase)


def resolve_one(phrase: Phrase, disc: Discourse) -> None:
    """Fill in actor, sector, role and name of one phrase (memoised: owners resolve on demand)."""
    if phrase.done:
        return
    phrase.done = True
    if phrase.what == "name":
        entry = phrase.entry
        phrase.actor = entry.actor
        phrase.sector = None if phrase.place else entry.sector
        phrase.ref_name = entry.name
        phrase.ok = entry.actor is not None
    elif phrase.what == "org_unknown":
        if phrase.owner is not None:  # "U.S. Central Command", "The U.S. Navy's Fifth Fleet"
            resolve_one(phrase.owner, disc)
            phrase.actor = phrase.owner.actor
        phrase.ref_name = phrase.name
        phrase.ok = True
    elif phrase.what == "person":
        _person_ref(phrase)
        phrase.ok = True
    elif phrase.what == "pronoun":
        _resolve_pronoun(phrase, disc)
    else:
        _resolve_title(phrase, disc)


def _person_ref(phrase: Phrase) -> None:
    person = phrase.person
    phrase.actor, phrase.sector, phrase.role, phrase.ref_name = person.actor, person.sector, person.role, person.name


def _resolve_pronoun(phrase: Phrase, disc: Discourse) -> None:
    lower = disc.doc[phrase.start].lower_
    if lower in NEUTER:
        code = disc.its_antecedent(phrase.start)
        if code is not None:
            phrase.actor, phrase.ref_name, phrase.ok = code, disc.kb.actor_name(code), True
        return
    person = disc.pronoun_person(phrase.start)
    if person is not None:
        phrase.person = person
        _person_ref(phrase)
        phrase.ok = True


def _owner_actor(phrase: Phrase, disc: Discourse) -> tuple[str | None, bool]:
    """The actor named by the phrase's own modifiers, and whether the text states it."""
    for owner in (phrase.owner, phrase.post):
        if owner is None:
            continue
        resolve_one(owner, disc)
        if owner.actor is not None:
            if owner.what == "person":
                return owner.actor, owner.person.explicit
            if owner.what == "title":  # "the UN Secretary-General's spokesperson": as stated as its owner
                return owner.actor, _owner_actor(owner, disc)[1]
            return owner.actor, owner.what == "name"
    if phrase.owner_pron >= 0:
        lower = disc.doc[phrase.owner_pron].lower_
        if lower == "its":
            return disc.its_antecedent(phrase.owner_pron), False
        if lower in ("his", "her"):
            person = disc.pronoun_person(phrase.owner_pron)
            if person is not None:
                return person.actor, False
        return None, False
    return None, False


def _resolve_title(phrase: Phrase, disc: Discourse) -> None:
    kb = disc.kb
    title = phrase.title
    pos = phrase.start
    actor, explicit = _owner_actor(phrase, disc)
    has_owner = phrase.owner is not None or phrase.post is not None or phrase.owner_pron >= 0
    if has_owner and actor is None and phrase.person is None:
        return  # "our Ambassador": the owner is the speaker, which quotes resolve
    if phrase.person is None:
        # only a definite phrase refers back: "a president" and "police" (bare) are no one in particular
        if phrase.unknown_owner:
            return
        if actor is None and phrase.body is not None and phrase.body.home:
            actor, explicit = phrase.body.home, True
        if phrase.det in ("a", "an") and (actor is None or title.type == NATION):
            return
        if not phrase.det and actor is None and not (title.type == BODY and phrase.capital):
            return
    sector = title.sector or (phrase.body.sector if phrase.body else None) or "GOV"
    phrase.sector = sector
    display = title.display
    if title.type == NATION:
        code = actor or disc.country_antecedent(pos, phrase.region)
        if code is not None:
            phrase.actor, phrase.sector, phrase.ref_name, phrase.ok = code, None, kb.actor_name(code), True
        return
    if title.type == PERSON:
        role = " ".join([*(m.title() for m in phrase.mods), *([phrase.body.display] if phrase.body else []), display])
        phrase.role = role
        if phrase.person is not None:
            person = phrase.person
            if actor is None and phrase.body is not None and phrase.body.home:
                actor, explicit = phrase.body.home, True
            if actor is None and title.home:
                actor, explicit = title.home, True
            if actor is None and not person.explicit and not (has_owner or phrase.unknown_owner):
                actor = person.actor or unplaced_actor(disc, pos, title.domain)
            if actor is not None and (explicit or not person.explicit):
                person.actor = actor
                person.explicit = person.explicit or explicit
            if person.role is None:
                person.role, person.sector, person.domain = role, sector, title.domain
            phrase.actor, phrase.ref_name = person.actor, person.name
            phrase.ok = True
            return
        # a bare title: "the president", "the Venezuelan president", "the foreign minister"
        if "former" not in phrase.mods and (title.domain or " " not in title.phrase):
            countries = [actor] if actor else disc.sentence_countries.get(disc.real_sent[pos])
            if actor is None and title.domain == IGO:
                countries = None  # "the Secretary-General" is an organisation's, not a country's
            person = disc.holder(pos, title.domain, countries, title.phrase)
            if person is None and actor is None and countries:
                actor = countries[-1]
            if person is not None:
                phrase.person = person
                phrase.actor, phrase.ref_name, phrase.ok = person.actor, person.name, True
                return
        actor = actor or title.home or unplaced_actor(disc, pos, title.domain)
        if actor is not None:
            # an office holder the article does not name: still someone "he" or "the minister" can mean
            name = f"{kb.label(actor)} {role}".strip()
            gender = kb.title_gender.get(title.phrase)
            phrase.person = Person(name, (), gender, actor, explicit, sector, role, title.domain)
            phrase.actor, phrase.ref_name, phrase.ok = actor, name, True
        return
    # bodies and groups
    if actor is None and title.type == GROUP:
        return
    if actor is None and title.home:
        actor = title.home
    if actor is None and title.type == BODY:
        actor = place_frame(disc, pos)  # "In Moscow, the Foreign Ministry said"
    if actor is None and title.type == BODY:
        if title.domain not in GENERIC_DOMAINS or title.domain == "ministry":
            antecedent = disc.body_antecedent(pos, title)
            if antecedent is not None and (title.domain == "ministry" or antecedent.actor):
                phrase.actor, phrase.ref_name = antecedent.actor, antecedent.ref_name
                phrase.sector = antecedent.sector
                phrase.ok = antecedent.actor is not None
                return
        actor = unplaced_actor(disc, pos, title.domain, body=True)
    if actor is None:
        return
    prefix = phrase.owner.person.name.split()[-1] if phrase.owner and phrase.owner.person else kb.label(actor)
    body = f"{phrase.body.display} " if phrase.body else ""
    phrase.actor, phrase.ref_name, phrase.ok = actor, f"{prefix} {body}{display}".strip(), True
