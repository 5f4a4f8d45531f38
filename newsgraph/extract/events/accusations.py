"""Accusations: a word of accusation ("aggression", "illegal") said by someone is an ACCUSE
by the speaker against the one it accuses, not an event of the act it names."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.extract.events.arguments import Actors, _child, _prep_object, nominal_source, subject
from newsgraph.extract.events.modality import _reporter, asserted
from newsgraph.extract.events.rules import _make
from newsgraph.extract.events.triggers import _pos, candidates, cues, lemma
from newsgraph.model import ActorRef, Event

OBJECT_PATH = {"dobj", "attr", "acomp", "oprd", "pobj", "prep", "conj", "appos", "npadvmod"}


def _accused(token: Token, actors: Actors) -> list[ActorRef]:
    """Who an accusation is about: the doer of the act it names, or the actor it names."""
    if _pos(token) == "N" and candidates(token):
        refs, _ = nominal_source(token, candidates(token)[0], actors)
        if refs:
            return refs
    return actors.all_of(token)


def accusation_events(doc: Doc, token: Token, actors: Actors, published: str | None) -> list[Event]:
    """An accusation word said by someone: ACCUSE by the speaker against the accused.

    The accused is the doer of what is named ("called the US strike aggression"),
    the subject the word is predicated of ("the US committed an act of aggression",
    "the president is illegitimate") or the word's own modifier ("US aggression").
    """
    accuser: list[ActorRef] = []
    accused: list[ActorRef] = _accused(token.head, actors) if token.dep_ == "amod" else []
    node = token.head if token.dep_ == "amod" else token
    while node.head.i != node.i and node.dep_ in OBJECT_PATH and (node.dep_ != "prep" or node.lower_ in {"of", "as"}):
        head = node.head
        if head.pos_ in {"VERB", "AUX"}:
            if not asserted(head):
                return []
            obj = _child(head, {"dobj"})
            if lemma(head) in cues()["naming"] and obj is not None and obj.i != token.i:
                accuser, accused = actors.all_of(subject(head)), _accused(obj, actors)
            elif not accused:
                subj = _child(head, {"nsubj", "nsubjpass"})
                accused = _accused(subj, actors) if subj is not None else []
            break
        node = head
    own = [c for c in token.children if c.dep_ in {"compound", "amod", "poss", "nmod"}] + [
        o for o in (_prep_object(token, "by"),) if o is not None]
    accused = [r for c in own for r in actors.all_of(c)] or accused
    if not accuser:
        speaker = _reporter(token, actors)
        accuser = [speaker] if speaker is not None else []
    if not accuser:
        return []
    return _make(doc, "ACCUSE", "allege", accuser, accused, [token], published, None)
