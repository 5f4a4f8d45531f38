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

from bisect import bisect_left

from spacy.tokens import Doc

from newsgraph.nlp import text_of
from newsgraph.extract.actors.affiliation import place_frame, unplaced_actor
from newsgraph.extract.actors.discourse import NEUTER, Discourse, Person, Phrase
from newsgraph.extract.actors.knowledge import BODY, GENERIC_DOMAINS, GROUP, IGO, NATION, PERSON


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
