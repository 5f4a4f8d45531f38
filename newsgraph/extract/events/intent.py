"""Acts announced or planned by their doer, kept as the intent they are.

"India will host the talks", "Ghana wants to send troops", "the government agreed to provide
aid": the act has not happened, so it is no CONSULT or AID; its doer has committed to it,
which PLOVER codes as AGREE (to cooperate) or THREATEN (to do harm), with the act as the mode.
Wishes of others, conditions and mere possibilities ("could", "might", "if") stay no event.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from newsgraph.extract.events.modality import asserted
from newsgraph.extract.events.triggers import candidates, cues, lemma
from newsgraph.lang import read_table

CONFLICT = {3, 4}  # GDELT quad classes of verbal and material conflict
MATERIAL = {2, 4}  # material cooperation and conflict: acts, not words
KEPT = {"AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE"}  # types that are themselves a stance toward an act


@lru_cache(maxsize=1)
def _quads() -> dict[str, int]:
    return {row[0]: int(row[3]) for row in read_table("cameo.tsv") if not row[1]}


def quad(kind: str) -> int | None:
    """A type's GDELT quad class (its mode-less row in cameo.tsv)."""
    return _quads().get(kind)


def announced(verb: Token, depth: int = 0) -> bool:
    """The doer says it will (or will not) do this act, or plans, offers or agrees to: "will host",
    "wants to attack", "has agreed to provide", "is scheduled to attend", "said it would free"."""
    words = cues()
    if depth > 3:
        return False
    reported = verb.dep_ == "ccomp" and lemma(verb.head) in words["speech"]  # "said it would": the reported "will"
    for child in verb.children:
        if child.dep_ in {"aux", "advmod", "mark"} and child.lower_ in words["hypothetical"]:
            if not (reported and child.lower_ == "would"):
                return False
    if any(c.dep_ == "aux" and (c.lower_ in words["future"] or c.lower_ == "would") for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and lemma(verb.head) in words["intent"]:
        return asserted(verb.head) or announced(verb.head, depth + 1)
    return False


def intent(kind: str, verb: Token, named: Token | None = None) -> tuple[str, str] | None:
    """The type and mode of an announced act of type ``kind`` (``verb`` carries the will/would or
    the intent, ``named`` the word naming the act, when not the verb: "will provide support"):
    THREATEN for harm, AGREE otherwise, and REJECT for a cooperative act announced as not to be
    done ("said it would not lift the embargo"), the act as the mode (its pattern's mode, else its
    lemma); None for types that are already a stance toward an act, for an announced harm not to
    be done ("will not attack"), or when the act is not announced."""
    if kind in KEPT or not announced(verb):
        return None
    word = named if named is not None else verb
    mode = next((p.mode for p in candidates(word) if p.mode), None) or lemma(word)
    if any(c.dep_ == "neg" for c in verb.children):
        return None if quad(kind) in CONFLICT else ("REJECT", mode)
    return ("THREATEN" if quad(kind) in CONFLICT else "AGREE"), mode
