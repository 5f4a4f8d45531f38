"""Acts announced or planned by their doer, kept as the intent they are.

"India will host the talks", "Ghana wants to send troops", "the government agreed to provide
aid": the act has not happened, so it is no CONSULT or AID; its doer has committed to it,
which PLOVER codes as AGREE (to cooperate) or THREATEN (to do harm), with the act as the mode.
Wishes of others, conditions and mere possibilities ("could", "might", "if") stay no event.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from newsgraph.extract.events.rules import asserted, candidates, cues, lemma
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


def intended(verb: Token, depth: int = 0) -> bool:
    """The doer says it will do this act, or plans, offers or agrees to: "will host", "wants to
    attack", "has agreed to provide", "is scheduled to attend", "said it would free"."""
    words = cues()
    if depth > 3 or any(c.dep_ == "neg" for c in verb.children):
        return False
    reported = verb.dep_ == "ccomp" and lemma(verb.head) in words["speech"]  # "said it would": the reported "will"
    for child in verb.children:
        if child.dep_ in {"aux", "advmod", "mark"} and child.lower_ in words["hypothetical"]:
            if not (reported and child.lower_ == "would"):
                return False
    if any(c.dep_ == "aux" and (c.lower_ in words["future"] or c.lower_ == "would") for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and lemma(verb.head) in words["intent"]:
        return asserted(verb.head) or intended(verb.head, depth + 1)
    return False


def intent(kind: str, act: Token) -> tuple[str, str] | None:
    """The type and mode of an intended act of type ``kind``: THREATEN for harm, AGREE otherwise,
    the act itself as the mode (its pattern's mode, else its lemma); None for types that are
    already a stance toward an act, or when the act is not intended."""
    if kind in KEPT or not intended(act):
        return None
    mode = next((p.mode for p in candidates(act) if p.mode), None) or lemma(act)
    return ("THREATEN" if quad(kind) in CONFLICT else "AGREE"), mode
