"""Table names inside a longer organisation name: whose organisation it is, or just a word of its name.

The tagger reads "The U.S. Navy's", "the Central Bank of Nigeria" and "the Alliance of Sahel
States" each as one ORG span. A country, demonym or capital that opens such a name ("U.S.
Navy", "Indian Coast Guard") or closes it after "of" ("Central Bank of Nigeria") says whose the
organisation is. Anywhere else it is a word of a longer proper name ("Sahel States", "Gulf
Maritime Studies") and stands for no one: the alias "the States" is not the United States there.
An organisation no table knows is also its possessor's ("The U.S. Navy's Fifth Fleet").
"""

from __future__ import annotations

from collections.abc import Callable
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from newsgraph.extract.actors.discourse import Phrase

# labels of tagger spans that a country name inside them does not stand for ("Jersey" in "New Jersey")
CONTAINER_LABELS = frozenset({"GPE", "LOC", "FAC", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT", "LANGUAGE", "NORP", "PERSON"})
# labels of names that a title inside them is not ("Premier League", "the Court of Arbitration for Sport")
NAME_LABELS = frozenset({"ORG", "EVENT", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"})


def name_bounds(doc: Doc, ent: SpacySpan) -> tuple[int, int]:
    """The tokens of a tagger span without a leading "the" and a trailing "'s" or "and" (the tagger
    takes them in: "the Council of Ministers and" in "President of the Council of Ministers and ...")."""
    start = ent.start + (doc[ent.start].lower_ == "the" and ent.end - ent.start > 1)
    end = ent.end
    while end - 1 > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].pos_ == "CCONJ"):
        end -= 1
    return start, end


def unknown_orgs(doc: Doc, ents: list[SpacySpan], claimed: bytearray, blocked: bytearray) -> list[Phrase]:
    """ORG names that no table knows ("Fox Business"): kept, with no actor code."""
    out = []
    for ent in ents:
        if ent.label_ != "ORG" or any(claimed[ent.start : ent.end]) or any(blocked[ent.start : ent.end]):
            continue
        start, end = name_bounds(doc, ent)
        if doc[start].text[:1].isupper():
            out.append(Phrase(start, end, "name", "org_unknown", name=doc[start:end].text))
    return out


def is_list(ent: SpacySpan) -> bool:
    """Whether the tagger joined several names into one span ("Mali, Niger and Burkina Faso")."""
    return any(t.pos_ == "CCONJ" or t.text in (",", ";") for t in ent)


def inside_longer(doc: Doc, start: int, end: int, ent: SpacySpan) -> bool:
    """Whether the table name at ``start:end`` (a leading "the" allowed) is part of a longer single name."""
    if is_list(ent):
        return False
    ent_start, ent_end = name_bounds(doc, ent)
    return ent_end > end or ent_start < start + (doc[start].lower_ == "the")


def names_owner(doc: Doc, start: int, end: int, ent: SpacySpan) -> bool:
    """Whether a name inside an organisation's name says whose it is: it opens the name ("U.S. Navy",
    "the Indian Coast Guard") or ends it after "of" ("Central Bank of Nigeria"), not a word in between
    ("Alliance of Sahel States", "Organization of Coastal States")."""
    ent_start, ent_end = name_bounds(doc, ent)
    first = start + (doc[start].lower_ == "the")
    if first <= ent_start:
        return True
    return end == ent_end and doc[first - 1].lower_ == "of"


def runs_past(doc: Doc, ent: SpacySpan, end: int) -> bool:
    """Whether a tagger name runs on past token ``end``, its possessive aside: "Premier League" runs
    past "Premier", "the U.S. Navy's" does not run past "Navy"."""
    return name_bounds(doc, ent)[1] > end


def possessor(
    doc: Doc, org: Phrase, covering: dict[int, Phrase], can_own: Callable[[Phrase, str], bool]
) -> Phrase | None:
    """The phrase written as the possessor of an organisation no table knows ("The U.S. Navy's
    Bahrain-based Fifth Fleet" is the Navy's, so American), if it can own one. A bare title is
    not: "the Navy's Fifth Fleet" says no more than the context, which "the Navy" already guessed."""
    root = doc[org.start : org.end].root
    for child in root.children:
        if child.dep_ == "poss" and child.i < org.start:
            owner = covering.get(child.i)
            if owner is None or owner is org or not can_own(owner, "of"):
                return None
            if owner.what == "title" and not (owner.owner or owner.post or owner.title.home or owner.person):
                return None
            return owner
    return None
