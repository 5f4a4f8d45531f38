"""Whose office an unplaced title is: the country or organisation the context gives it.

A title the text writes with its owner ("Russian Foreign Minister", "India's ministry
spokesperson", "spokesperson for the EU") is resolved in coref.py. When the text writes no
owner, the nearest evidence decides, in this order:

1. a place that opens the sentence: "In Moscow, Foreign Ministry spokeswoman X said";
2. for a body, the country of whoever says the clause it is in: "Ellery said ... the Navy's Fifth
   Fleet had stepped up flights" makes the Navy Ellery's (a title is not placed so: "Rubio said
   President X" does not make X American);
3. for a title that is a clause's subject, the country that was the subject of the clause before:
   "The Kremlin said it was concerned. Spokesman X said", "Turkey took the opposite view: Foreign
   Minister X said" (not an object: "France condemned the putsch. 'We call for the release of
   President X'" does not make X French; nor a body: "Ghanaian officials said ... The junta");
4. for a speaker, the country their own reported clause opens with: "Foreign Minister X said New
   Zealand did not recognise the junta";
5. the country of the ministry or minister of the same field named before ("Greece's foreign
   ministry ... Foreign Minister X"; not "ECOWAS Commission President X ... President Y");
6. the article's own country (the one it names most).

Offices only international organisations have ("the Secretary-General") take the organisation
named most recently instead, and no one's when none is.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.actors.discourse import Discourse, prior_subject
from newsgraph.extract.actors.knowledge import GENERIC_DOMAINS, IGO
from newsgraph.extract.quotes.cues import cue_lexicon



FRAME_PREPOSITIONS = frozenset({"in", "at"})  # "In Moscow, ...", "At the United Nations, ..."
ORG_WINDOW = 3  # how many sentences back "the Secretary-General" may look for its organisation
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
WITHIN_PHRASE = frozenset({"compound", "det", "amod", "nmod", "punct"})  # how a phrase's words hang on its head


def unplaced_actor(disc: Discourse, pos: int, domain: str, body: bool = False) -> str | None:
    """The actor of a title or body at ``pos`` whose owner the text does not write (see the module doc)."""
    if domain == IGO:  # "At the United Nations, Secretary-General X": the frame, else the organisation named last
        framed = place_frame(disc, pos)
        return framed if framed and framed not in disc.kb.country_name else org_context(disc, pos)
    head = phrase_head(disc.doc[pos])
    while head.dep_ == "appos":  # "A spokesman, Commander X, said"
        head = head.head
    return (
        place_frame(disc, pos)
        or (speaker_country(disc, head, pos) if body else None)
        or (subject_country(disc, pos) if head.dep_ in SUBJECTS and not body else None)
        or (own_country_said(disc, head) if head.dep_ in SUBJECTS else None)
        or (_country(disc, disc.domain_country(pos, domain)) if domain not in GENERIC_DOMAINS else None)
        or disc.guess_country(pos)
    )


def own_country_said(disc: Discourse, head: Token) -> str | None:
    """The country a speaker's own reported clause opens with: "Foreign Minister X said New Zealand
    did not recognise the junta" makes X a New Zealander (a minister speaks of their own government)."""
    cue = cue_lexicon().get(head.head.lemma_)
    if cue is None or "clause" not in cue.frames:
        return None
    for clause in head.head.children:
        if clause.dep_ != "ccomp":
            continue
        subject = next((c for c in clause.children if c.dep_ in SUBJECTS), None)
        if subject is not None:  # named after the speaker: read the country names, not what is resolved so far
            lo, hi = subject.left_edge.i, subject.right_edge.i + 1
            return next((code for at, code in disc.static_countries if lo <= at < hi), None)
    return None


def _country(disc: Discourse, actor: str | None) -> str | None:
    """``actor`` if it is a country: an organisation's president is no clue to a country's."""
    return actor if actor in disc.kb.country_name else None


def phrase_head(token: Token) -> Token:
    """The head word of the phrase that opens with ``token`` ("Foreign Ministry spokesman X" -> X)."""
    while token.dep_ in WITHIN_PHRASE and token.head.i > token.i:
        token = token.head
    return token


def speaker_country(disc: Discourse, head: Token, pos: int) -> str | None:
    """The country of the speaker of the reported clause that holds ``head`` (at ``pos``): the subject
    of the nearest speech verb above it whose content (not subject) it is in, when resolved to a
    country's person or the country itself. None when the phrase is a speaker itself, or when its own
    clause names a country before it, which is the nearer clue ("Voronova said the events in Togo
    reflect dissatisfaction with the previous authorities")."""
    cues = cue_lexicon()
    child, token = head, head.head
    while token.pos_ not in ("VERB", "AUX") and token.i != child.i:
        child, token = token, token.head
    clause = token.left_edge.i
    if any(clause <= p < pos and code in disc.kb.country_name for p, code in disc.signals):
        return None
    child, token = head, head.head
    while token.i != child.i:
        cue = cues.get(token.lemma_)
        if token.pos_ in ("VERB", "AUX") and cue is not None and "clause" in cue.frames:
            if child.dep_ in SUBJECTS:
                return None
            subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
            return None if subject is None else _country_at(disc, subject.left_edge.i, subject.right_edge.i + 1)
        child, token = token, token.head
    return None


def _country_at(disc: Discourse, start: int, end: int) -> str | None:
    """The country of the person, country or body recorded within tokens ``start:end``."""
    countries = disc.kb.country_name
    for p, _sent, person, _subject, _quoted in disc.persons:
        if start <= p < end and person.actor in countries:
            return person.actor
    for thing_start, _end, actor, _subject in disc.things:
        if start <= thing_start < end and actor in countries:
            return actor
    return None


def place_frame(disc: Discourse, pos: int) -> str | None:
    """The actor of the place that opens the sentence when the phrase at ``pos`` follows it at once:
    "In Moscow, Foreign Ministry spokeswoman X said" makes X Russian (a dateline in all but name);
    and the label of a round-up line: "Japan: Prime Minister X voiced concern" makes X Japanese."""
    doc = disc.doc
    label = line_label(disc, pos)
    if label is not None:
        return label
    first = doc[pos].sent.start
    if pos - first < 3 or doc[first].lower_ not in FRAME_PREPOSITIONS or doc[pos - 1].text != ",":
        return None
    for start, end, actor, _subject in reversed(disc.things):
        if start <= first:
            break
        if start <= first + 2 and end == pos - 1:
            return actor
    return None


def line_label(disc: Discourse, pos: int) -> str | None:
    """The country or organisation that labels the line ``pos`` is on ("Japan: ..."), if any."""
    doc = disc.doc
    first = pos
    while first > 0 and not (doc[first - 1].is_space and "\n" in doc[first - 1].text):
        first -= 1
    for start, end, actor, _subject in disc.things:
        if start > pos:
            break
        if start in (first, first + 1) and end < pos and doc[end].text == ":" and actor and (start == first or doc[first].lower_ == "the"):
            return actor
    return None


def subject_country(disc: Discourse, pos: int) -> str | None:
    """The country that was the subject of the clause before ``pos``: of this sentence before a colon
    or semicolon, else of the sentence before, its main clause first. "France condemned the putsch.
    ... Foreign Minister X said" makes X French. (Not a subject in the same clause: in "the Russian
    ministry called the capture of President Maduro ..." the subject is not the president's country.)"""
    countries = disc.kb.country_name
    found = prior_subject(disc, pos, lambda actor: actor in countries)
    return found[2] if found is not None else None


def org_context(disc: Discourse, pos: int) -> str | None:
    """The organisation named most recently before ``pos`` (within a few sentences), for offices only
    organisations have: "The UN spokesperson said the Secretary-General ..." """
    countries = disc.kb.country_name
    lowest = disc.sent_of[pos] - ORG_WINDOW
    for p, code in reversed(disc.signals):
        if p >= pos:
            continue
        if disc.sent_of[p] < lowest:
            break
        if code not in countries and disc.doc[max(p - 1, 0)].lower_ not in FRAME_PREPOSITIONS:
            return code  # "a meeting of NATO ministers in Brussels": Brussels is where, not whose
    return None
