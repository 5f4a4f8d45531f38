"""Actor mentions: who an article names or refers to, resolved to canonical actors.

``extract_actors(doc)`` finds names (persons, countries, organisations), office
titles and bodies ("Russian Foreign Minister", "the US Department of Justice"),
metonyms ("the Kremlin"), demonyms ("Venezuelan") and pronouns, and resolves each
to an ``ActorRef``: a country code or organisation code, a sector and a role.

Recognition trusts the tables over the tagger where they disagree, which fixes
the small model's usual slips: a title is read before NER's GPE ("Secretary of
State" never yields "State"), and a name tagged PERSON anywhere in the article is
a person everywhere in it ("Lavrov" tagged ORG, "Rodriguez" inside a LAW span).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span as SpacySpan, Token

from newsgraph.nlp import text_of
from newsgraph.extract.actors.coref import quoted_tokens, resolve, sentence_index
from newsgraph.extract.actors.discourse import PRONOUNS, Discourse, Phrase
from newsgraph.extract.actors.knowledge import (
    BODY,
    COUNTRY,
    DEMONYM,
    METONYM,
    NATION,
    NOT_ACTOR,
    ORG,
    PERSON,
    PLACE,
    REGION,
    find_matches,
    role_speaks,
    tables,
)
from newsgraph.extract.actors.leaders import leader_for
from newsgraph.extract.actors.org_names import (
    CONTAINER_LABELS, NAME_LABELS, inside_longer, name_bounds, names_owner, possessor, runs_past, unknown_orgs,
)
from newsgraph.extract.actors.person_names import complement_end, complemented_title, name_table
from newsgraph.model import ActorRef, Mention, Span

__all__ = ["extract_actors", "mention_at", "ref_for", "speaks_for_government"]

APOSTROPHES = frozenset({"'s", "’s", "'", "’"})
POSSESSIVE_PRONOUNS = frozenset({"its", "his", "her", "their", "our", "my", "your"})
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "to", "into", "toward", "towards", "over", "through"})
STOP_POS = frozenset({"DET", "PRON", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "NUM", "SYM", "X", "SPACE"})
NAME_KIND = {COUNTRY: "name", ORG: "name", METONYM: "metonym", DEMONYM: "demonym"}


def extract_actors(doc: Doc, published: str | None = None) -> list[Mention]:
    """Every actor mention in ``doc``, in text order, each resolved within the article; ``published``
    (ISO date) says whether a head of state or government the text names bare is still in office."""
    if len(doc) == 0:
        return []
    kb = tables()
    texts = [t.text for t in doc]
    names, titles, modifiers, blocked = find_matches(doc)
    ents = list(doc.ents)
    ent_of = [-1] * len(doc)
    for k, ent in enumerate(ents):
        ent_of[ent.start : ent.end] = [k] * (ent.end - ent.start)
    quoted = quoted_tokens(doc)
    real_sent, sent_of, sent_starts = sentence_index(doc, quoted)
    persons, pronouns = _persons(doc, kb, texts, ents, names, titles, blocked)
    _known_leaders(doc, persons, published)
    claimed = bytearray(len(doc))
    for p in persons:
        claimed[p.start : p.end] = b"\x01" * (p.end - p.start)
    names = [h for h in names if not any(claimed[h[0] : h[1]])]
    titles = [h for h in titles if not any(claimed[h[0] : h[1]])]

    absorbed: set[int] = set()  # phrases taken into a longer one, or inside a longer name of another kind
    start_at: dict[int, Phrase] = {p.start: p for p in persons}
    end_at: dict[int, Phrase] = {p.end: p for p in persons}
    name_phrases = []
    for s, e, entry in names:
        s = _with_det(doc, s, e)
        phrase = Phrase(s, e, NAME_KIND.get(entry.kind, "name"), "name", entry=entry)
        phrase.place = entry.kind == METONYM and (s > 0 and doc[s - 1].lower_ in LOCATIVE or _names_a_thing(doc, s, e))
        name_phrases.append(phrase)
        if not _contained(doc, phrase, ents, ent_of):
            start_at[s] = start_at.get(s) or phrase
            end_at[e] = end_at.get(e) or phrase
        else:
            absorbed.add(id(phrase))
    title_phrases = []
    for wanted in (True, False):  # country nouns first: titles use them as possessors and "of X"
        for s, e, entry in titles:
            if (entry.type == NATION) == wanted:
                phrase = _title(
                    doc, texts, s, e, entry, kb, modifiers, start_at, end_at, absorbed, ents, ent_of,
                    sent_starts[real_sent[s]],
                )
                if phrase is not None:
                    title_phrases.append(phrase)
                    start_at.setdefault(phrase.start, phrase)
                    end_at[phrase.end] = phrase
    for phrase in title_phrases:
        claimed[phrase.start : phrase.end] = b"\x01" * (phrase.end - phrase.start)

    kept: list[Phrase] = [p for p in persons + title_phrases if id(p) not in absorbed]
    kept += _name_mentions(doc, name_phrases, absorbed, claimed, ents, ent_of)
    kept += unknown_orgs(doc, ents, claimed, blocked)
    kept += [p for p in pronouns if not claimed[p.start]]
    covering = _token_map(kept)
    for phrase in title_phrases:
        _attach_post(doc, texts, phrase, covering, start_at)
    for phrase in kept:
        if phrase.what == "org_unknown" and phrase.owner is None:
            phrase.owner = possessor(doc, phrase, covering, _can_own)
    kept.sort(key=lambda p: (p.start, p.end))

    sentence_countries: dict[int, list[str]] = {}
    static = []
    counts: dict[str, int] = {}
    for phrase in name_phrases:
        code = phrase.entry.actor
        if phrase.entry.kind in (COUNTRY, DEMONYM, PLACE):
            sentence_countries.setdefault(real_sent[phrase.start], []).append(code)
        if phrase.entry.kind in (COUNTRY, DEMONYM, METONYM, PLACE) and code in kb.country_name:
            counts[code] = counts.get(code, 0) + 1
        if phrase.entry.kind == COUNTRY and id(phrase) not in absorbed:
            static.append((phrase.start, code))
    dominant = max(counts, key=counts.__getitem__) if counts else None  # ties: the first named
    disc = Discourse(doc, kb, sent_of, real_sent, quoted, sentence_countries, sorted(static), dominant)
    resolve(kept, disc)
    text = text_of(doc)  # built anew on each access: take it once
    out: list[Mention] = []
    end = 0
    for p in kept:
        if p.ok and p.start >= end:  # mentions never overlap
            out.append(_mention(doc, text, p))
            end = p.end
    return out


def _persons(doc, kb, texts, ents, names, titles, blocked):
    """Person phrases from NER, title-led names and the article's own name table, and pronouns."""
    not_person = {h[0] for h in names if h[1] - h[0] == 1}
    # a tagger's person inside a longer known name is part of that name ("Sahel" in "G5 Sahel")
    inside_name = {i for ns, ne, _ in names if ne - ns > 1 for i in range(ns, ne)}
    title_tokens = {i for s, e, _ in titles for i in range(s, e)}
    seeds: list[tuple[int, int]] = []
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        s, e = ent.start, ent.end
        while e < len(doc) and texts[e][:1].isupper() and (
            texts[e - 1] in kb.particles  # the tagger stops inside "von der Leyen"
            or doc[e - 1].dep_ == "compound" and doc[e - 1].head.i == e and doc[e].tag_ == "NNP"
            and not doc[e].ent_type_ and texts[e] not in kb.surface_kinds and texts[e].lower() not in kb.title_by_phrase
        ):
            e += 1
        while e > s and (doc[e - 1].tag_ == "POS" or doc[e - 1].is_punct or texts[e - 1] in kb.particles
                         or texts[e - 1] in APOSTROPHES):
            e -= 1
        while s < e and (s in title_tokens or texts[s] in kb.honorific_gender or not texts[s][:1].isupper()):
            s += 1
        if (
            s < e and texts[e - 1][:1].isupper() and not any(blocked[s:e]) and not (e - s == 1 and s in not_person)
            and not all(i in inside_name for i in range(s, e))
        ):
            seeds.append((s, e))
    name_tokens = {i for s, e, _ in names for i in range(s, e)}
    for s, e, entry in titles:
        if entry.type == PERSON and texts[s][:1].isupper():  # "Foreign Minister Lavrov", written as a title
            j = k = complement_end(doc, kb, e)  # the name comes after "of the Council" in "President of the Council X"
            while j < len(doc) and j - k < 6 and (
                doc[j].tag_ == "NNP" and texts[j][:1].isupper()
                or texts[j] == "-" and j > k and j + 1 < len(doc) and texts[j + 1][:1].isupper()  # "Kassym-Jomart"
            ):
                if j in name_tokens or j in title_tokens or blocked[j]:
                    break
                j += 1
            if j > k:
                seeds.append((k, j))
    by_tokens, by_last, orgs = name_table(doc, kb, seeds, title_tokens)
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for toks in sorted(by_tokens, key=len, reverse=True):
        firsts.setdefault(toks[0], []).append(toks)
    phrases: list[Phrase] = []
    pronouns: list[Phrase] = []
    i, n = 0, len(doc)
    while i < n:
        word = texts[i]
        if word in firsts and not blocked[i] and (i not in name_tokens or doc[i].ent_type_ == "PERSON"):
            for toks in firsts[word]:
                if toks in orgs and tuple(texts[i : i + len(toks)]) == toks:  # "Thalassa Maritime": no person
                    phrases.append(Phrase(i, i + len(toks), "name", "org_unknown", name=by_tokens[toks].name))
                    i += len(toks)
                    break
                if tuple(texts[i : i + len(toks)]) == toks and (len(toks) > 1 or i not in title_tokens):
                    person = by_tokens[toks]
                    start = i
                    if i > 0 and texts[i - 1] in kb.honorific_gender:
                        start = i - 1
                        gender = kb.honorific_gender[texts[i - 1]] or None
                        if gender and person.gender and person.gender != gender and len(toks) == 1:
                            person = next((p for p in by_last.get(word, ()) if p.gender in (None, gender)), person)
                        person.gender = person.gender or gender
                    phrases.append(Phrase(start, i + len(toks), "name", "person", person=person))
                    i += len(toks)
                    break
            else:
                i += 1
            continue
        if word.lower() in PRONOUNS and not blocked[i] and doc[i].tag_ in ("PRP", "PRP$"):
            pronouns.append(Phrase(i, i + 1, "pronoun", "pronoun"))
        i += 1
    return phrases, pronouns


def _known_leaders(doc: Doc, persons: list[Phrase], published: str | None) -> None:
    """Give a person the table of heads of state and government knows their country (leaders.py)."""
    for phrase in persons:
        person = phrase.person
        if phrase.what != "person" or person is None or person.actor is not None:
            continue
        found = leader_for(person.name, len(person.tokens) == 1 and doc[phrase.end - 1].pos_ == "PROPN", published)
        if found is not None:
            person.actor, person.sector, person.role = found


def _names_a_thing(doc: Doc, s: int, e: int) -> bool:
    """Whether a capital premodifies a common noun, so names a place ("the Lomé II neighborhood",
    "the Moscow metro"), not its government. Titles take their capital in first ("the Kremlin
    spokesman"), so this only decides what is left."""
    tok = doc[s:e].root
    if tok.dep_ != "compound":
        return False
    while tok.dep_ == "compound":
        tok = tok.head
    return tok.pos_ == "NOUN" and not s <= tok.i < e


def _with_det(doc: Doc, s: int, e: int) -> int:
    """Take in a preceding "the" when it belongs to this phrase ("the Kremlin", not "the US action")."""
    if s > 0 and doc[s - 1].lower_ == "the" and s <= doc[s - 1].head.i < e:
        return s - 1
    return s


def _title(doc, texts, s, e, entry, kb, modifiers, start_at, end_at, absorbed, ents, ent_of, sent_start) -> Phrase | None:
    """A title, body, group or country noun with its modifiers, owner and person, if any."""
    # an ORG or event name that runs on past the title is not this title ("Premier League"); its possessive
    # does not count ("The U.S. Navy's fleet"). Decided first, so no owner is taken from the name.
    k = ent_of[e - 1]
    if k >= 0 and ents[k].label_ in NAME_LABELS and runs_past(doc, ents[k], e):
        return None
    phrase = Phrase(s, e, "nominal" if entry.type != PERSON else "title", "title", title=entry)
    mods: list[str] = []
    left = s
    i = s - 1
    possessive = skipped = False
    while i >= sent_start:
        tok = doc[i]
        if i in modifiers and not skipped:  # "Executive Vice President"; not "the first black president"
            mods.insert(0, tok.lower_)
            left = i
            i -= 1
            continue
        ph = end_at.get(i + 1)
        if ph is not None:
            if ph.what == "title" and ph.title.type == BODY and entry.type == PERSON and phrase.body is None and not mods:
                phrase.body = ph.title
                absorbed.add(id(ph))
                left, i = ph.start, ph.start - 1
                if _take_owner(phrase, ph):  # "India's Ministry of External Affairs spokesperson"
                    possessive = ph.owner is not None and ph.owner.end <= ph.start
                    break
                continue
            if ph.what == "name" and ph.entry.kind == REGION:
                phrase.region = ph.entry
                absorbed.add(id(ph))
                i = ph.start - 1
                continue
            if ph.what == "person" or (ph.what == "name" and ph.entry.kind != NOT_ACTOR):
                phrase.owner = ph
                absorbed.add(id(ph))
                left, i = ph.start, ph.start - 1
            break
        if tok.tag_ == "POS":  # "Russia's", "Maduro's", "the UN Secretary-General's", "the ministry's"
            ph = end_at.get(i)
            if ph is not None and ph.what in ("name", "person", "title"):
                phrase.owner, possessive = ph, True
            break
        if tok.lower_ in POSSESSIVE_PRONOUNS:  # stays a mention of its own, like "Russia's"
            phrase.owner_pron = i
            break
        if tok.pos_ == "PROPN" and tok.ent_type_ in ("GPE", "LOC", "NORP", "ORG", "FAC") and ent_of[i] >= 0:
            phrase.unknown_owner = True  # a place or body no table knows: "the Manitoba premier"
            left = i = ents[ent_of[i]].start
            i -= 1
            break
        if tok.pos_ in STOP_POS or (tok.is_punct and tok.tag_ != "HYPH") or not (i < tok.head.i < e):
            break
        skipped = True
        i -= 1
    if possessive or phrase.owner_pron >= 0:
        phrase.det = "the"
    elif i >= sent_start and texts[i].lower() in ("the", "a", "an"):
        if left <= doc[i].head.i < e or s <= doc[i].head.i < e:
            left, phrase.det = i, texts[i].lower()
    phrase.start, phrase.mods = left, tuple(mods)
    phrase.capital = texts[s][:1].isupper() and s > sent_start  # not just the first word of a sentence
    if entry.type in ("group", NATION) and doc[e - 1].dep_ == "compound":
        return None
    if entry.type == PERSON:
        phrase.end, phrase.title = complemented_title(doc, kb, phrase, start_at)  # "President of the Council X"
        _attach_person(doc, texts, phrase, entry, kb, start_at, end_at, absorbed, possessive)
    return phrase


def _take_owner(phrase: Phrase, body: Phrase) -> bool:
    """Give a title the owner of the body written before it ("Chinese Foreign Ministry spokesperson"
    is Chinese); whether the body had one."""
    if body.owner is None and body.owner_pron < 0 and not body.unknown_owner:
        return False
    phrase.owner, phrase.owner_pron, phrase.unknown_owner = body.owner, body.owner_pron, body.unknown_owner
    return True


def _attach_post(
    doc: Doc, texts: list[str], phrase: Phrase, covering: dict[int, Phrase], start_at: dict[int, Phrase]
) -> None:
    """The owner written after a title: "President of Venezuela", "President Xi of China", "spokesperson
    for the EU's foreign policy chief" (which words may link them is in titles.tsv). The owner is the
    phrase that heads the noun phrase after the link word, not a modifier inside it ("of the
    Singapore-based Forum" is the Forum's); an organisation no table knows owns it all the same."""
    e = phrase.end
    if e + 1 >= len(doc) or texts[e].lower() not in phrase.title.links:
        return
    head = next((c for c in doc[e].children if c.dep_ == "pobj"), None)
    if head is not None:
        post = covering.get(head.i)
    else:  # the parser did not attach it: take what the link word is followed by
        post = start_at.get(e + 1 + (texts[e + 1].lower() == "the" and e + 1 not in start_at))
    if post is not None and post is not phrase and _can_own(post, texts[e].lower()):
        phrase.post = post


def _can_own(phrase: Phrase, link: str) -> bool:
    """Whether a phrase can own a title written before it ("of Venezuela", "for the Foreign Ministry");
    after "in" only a seat of government does ("the Foreign Office in London", not "the army in Mali")."""
    if phrase.what == "name":
        return phrase.entry.kind in ((METONYM,) if link == "in" else (COUNTRY, ORG, METONYM))
    if link == "in":
        return False
    if phrase.what == "title":
        return phrase.title.type in (NATION, BODY, PERSON)
    return phrase.what in ("org_unknown", "person")


def _token_map(phrases: list[Phrase]) -> dict[int, Phrase]:
    """The phrase each token belongs to (the first one, when phrases overlap)."""
    at: dict[int, Phrase] = {}
    for p in phrases:
        for i in range(p.start, p.end):
            at.setdefault(i, p)
    return at


def _attach_person(doc, texts, phrase, entry, kb, start_at, end_at, absorbed, possessive) -> None:
    """Link a title to the person it names: "Foreign Minister Sergey Lavrov", "Kallas, the EU's ..."."""
    e = phrase.end
    root = doc[phrase.start : e].root
    after = start_at.get(e)
    person_ph = None
    if after is not None and after.what == "person":
        person_ph = after
        phrase.end, phrase.kind = after.end, "name"
        absorbed.add(id(after))
    elif e + 1 < len(doc) and texts[e] == ",":
        after = start_at.get(e + 1)
        if after is not None and after.what == "person":
            head = doc[after.start : after.end].root
            if head.dep_ == "appos" and head.head.i == root.i:
                person_ph = after
    if person_ph is None:
        left = phrase.owner.start if possessive else phrase.start
        before = end_at.get(left)
        comma = left > 0 and texts[left - 1] == ","
        if before is None and comma:
            before = end_at.get(left - 1)
        if before is not None and before.what == "person":
            head = doc[before.start : before.end].root
            if root.dep_ == "appos" and before.start <= root.head.i < before.end or not comma and head.dep_ == "appos":
                person_ph = before
    if person_ph is not None:
        phrase.person = person_ph.person
        gender = kb.title_gender.get(entry.phrase)
        if gender and phrase.person.gender is None:
            phrase.person.gender = gender


def _contained(doc: Doc, phrase: Phrase, ents: list[SpacySpan], ent_of: list[int]) -> bool:
    """Whether a table name sits inside a longer name of another kind ("Jersey" in "New Jersey")."""
    k = ent_of[phrase.start if doc[phrase.start].lower_ != "the" else phrase.start + 1]
    return k >= 0 and ents[k].label_ in CONTAINER_LABELS and inside_longer(doc, phrase.start, phrase.end, ents[k])


def _name_mentions(doc, name_phrases, absorbed, claimed, ents, ent_of) -> list[Phrase]:
    """Table names not taken into a title. A name inside a longer organisation name makes it that
    organisation's when it opens or ends the name, else is a word of the name (org_names.py); a name
    inside a longer name of another kind is dropped."""
    out: list[Phrase] = []
    for phrase in name_phrases:
        if id(phrase) in absorbed or claimed[phrase.start] or phrase.entry.kind in (REGION, NOT_ACTOR, PLACE):
            continue
        k = ent_of[phrase.start if doc[phrase.start].lower_ != "the" else phrase.start + 1]
        ent = ents[k] if k >= 0 else None
        if (
            ent is not None and ent.label_ == "ORG" and not any(claimed[ent.start : ent.end])
            and inside_longer(doc, phrase.start, phrase.end, ent)
        ):
            if not names_owner(doc, phrase.start, phrase.end, ent):
                continue  # "Alliance of Sahel States": left to _unknown_orgs, owned by no one
            start, end = name_bounds(doc, ent)
            org = Phrase(start, end, "name", "org_unknown", owner=phrase, name=doc[start:end].text)
            claimed[ent.start : ent.end] = b"\x01" * (ent.end - ent.start)
            out.append(org)
            continue
        claimed[phrase.start : phrase.end] = b"\x01" * (phrase.end - phrase.start)
        out.append(phrase)
    return out


def _mention(doc: Doc, text: str, p: Phrase) -> Mention:
    start = doc[p.start].idx
    last = doc[p.end - 1]
    span = Span.of(text, start, last.idx + len(last.text))
    if p.person is not None:
        person = p.person
        role = p.role if p.what == "title" and p.role else person.role
        ref = ActorRef(span.text, person.name, person.actor, person.sector, role)
    else:
        ref = ActorRef(span.text, p.ref_name or span.text, p.actor, p.sector, p.role)
    return Mention(span, ref, p.kind)


def mention_at(mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The mention at a character range: one covering it, else the longest inside it, else the widest overlap.

    Quote and event extractors use this to turn a speaker or argument span into an actor.
    """
    covering = [m for m in mentions if m.span.start <= start and end <= m.span.end]
    if covering:
        return min(covering, key=lambda m: m.span.end - m.span.start)
    inside = [m for m in mentions if start <= m.span.start and m.span.end <= end]
    if inside:
        return max(inside, key=lambda m: (m.span.end - m.span.start, m.span.start))
    best, width = None, 0
    for m in mentions:
        overlap = min(end, m.span.end) - max(start, m.span.start)
        if overlap > width:
            best, width = m, overlap
    return best


def ref_for(mentions: list[Mention], item: Token | SpacySpan) -> ActorRef | None:
    """The actor a token or span stands for, looking into a token's premodifiers and "of" phrase if needed."""
    if isinstance(item, Token):
        found = mention_at(mentions, item.idx, item.idx + len(item.text))
        if found is not None and found.span.start <= item.idx < found.span.end:
            return found.ref
        lo, hi = item.left_edge.idx, item.idx + len(item.text)
        for child in item.rights:
            if (child.dep_ == "prep" and child.lower_ == "of") or (  # "la presidencia rotatoria del bloque" (UD)
                    child.dep_ == "nmod" and any(c.dep_ == "case" and c.lower_ in ("de", "del") for c in child.children)):
                hi = child.right_edge.idx + len(child.right_edge.text)
        found = mention_at(mentions, lo, hi)
        return found.ref if found is not None and lo <= found.span.start and found.span.end <= hi else None
    found = mention_at(mentions, item.start_char, item.end_char)
    return found.ref if found is not None else None


def speaks_for_government(ref: ActorRef) -> bool:
    """Whether this actor's words are its government's (DESIGN.md: heads, ministries, ministers, spokespeople)."""
    if ref.actor is None:
        return False
    speaks = role_speaks(ref.role) if ref.role else None
    return ref.sector == "GOV" if speaks is None else speaks
