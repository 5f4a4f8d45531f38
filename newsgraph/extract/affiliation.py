"""Whose office an unplaced title is: the country or organisation the context gives it.

A title the text writes with its owner ("Russian Foreign Minister", "India's ministry
spokesperson", "spokesperson for the EU") is resolved in coref.py. When the text writes no
owner, the nearest evidence decides, in this order:

1. a place that opens the sentence: "In Moscow, Foreign Ministry spokeswoman X said";
2. the country that was the subject of the clause before: "The Kremlin said it was concerned.
   Spokesman X said", "Turkey took the opposite view: Foreign Minister X said";
3. the ministry or minister of the same field named before ("Greece's foreign ministry ...
   Foreign Minister X");
4. the article's own country (the one it names most).

Offices only international organisations have ("the Secretary-General") take the organisation
named most recently instead, and no one's when none is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from newsgraph.extract.knowledge import GENERIC_DOMAINS, IGO

if TYPE_CHECKING:
    from newsgraph.extract.coref import Discourse

# (start, end, actor, subject) of a country, organisation or body mentioned earlier: Discourse.things
Thing = tuple[int, int, str | None, bool]

FRAME_PREPOSITIONS = frozenset({"in", "at"})  # "In Moscow, ...", "At the United Nations, ..."
CLAUSE_BREAKS = frozenset({":", ";"})  # "Turkey took the opposite view: Foreign Minister X said"
ORG_WINDOW = 3  # how many sentences back "the Secretary-General" may look for its organisation


def unplaced_actor(disc: Discourse, pos: int, domain: str) -> str | None:
    """The actor of a title or body at ``pos`` whose owner the text does not write (see the module doc)."""
    if domain == IGO:
        return org_context(disc, pos)
    return (
        place_frame(disc, pos)
        or subject_country(disc, pos)
        or (disc.domain_country(pos, domain) if domain not in GENERIC_DOMAINS else None)
        or disc.guess_country(pos)
    )


def place_frame(disc: Discourse, pos: int) -> str | None:
    """The actor of the place that opens the sentence when the phrase at ``pos`` follows it at once:
    "In Moscow, Foreign Ministry spokeswoman X said" makes X Russian (a dateline in all but name)."""
    doc = disc.doc
    first = doc[pos].sent.start
    if pos - first < 3 or doc[first].lower_ not in FRAME_PREPOSITIONS or doc[pos - 1].text != ",":
        return None
    for start, end, actor, _subject in reversed(disc.things):
        if start <= first:
            break
        if start <= first + 2 and end == pos - 1:
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
        if code not in countries:
            return code
    return None
