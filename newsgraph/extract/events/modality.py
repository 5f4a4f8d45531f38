"""Whether an event is asserted (not negated, hypothetical or wished for), what a demand, refusal
or threat asks for, and whose words report it."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.events.arguments import Actors, _child, subject
from newsgraph.extract.events.triggers import _clause_for, _pos, candidates, cues, lemma
from newsgraph.model import ActorRef


def asserted(verb: Token, depth: int = 0) -> bool:
    """False for negated, modal, conditional, future or merely wished-for events."""
    if depth > 4:
        return True
    words = cues()
    blocked = words["negation"] | words["hypothetical"] | words["future"]
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ in {"aux", "advmod", "mark", "det", "amod"} and child.lower_ in blocked):
            return False
    if verb.dep_ == "xcomp" or (verb.dep_ == "dobj" and _pos(verb) == "N") or verb.dep_ == "pcomp":
        head = verb.head if verb.dep_ != "pcomp" else verb.head.head
        head_lemma = lemma(head)
        if head_lemma in words["negative_head"] or head_lemma in words["nonfactive"]:
            return False
        if verb.dep_ == "xcomp" and head_lemma not in words["aspectual"] | words["light"]:
            return False
        return asserted(head, depth + 1) if verb.dep_ == "xcomp" else True
    if verb.dep_ == "pobj" and _pos(verb) == "N" and (
            f"{lemma(verb.head.head)} {verb.head.lower_}" in words["nonfactive"]
            or lemma(verb.head.head) in words["negative_head"]):
        return False
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return not any(c.dep_ == "aux" and c.lower_ in blocked for c in verb.head.children) and (
            verb.head.dep_ not in {"advcl"} or asserted(verb.head, depth + 1))
    if verb.dep_ == "ccomp" and lemma(verb.head) in words["negative_head"] | words["intent"]:
        return False  # "denied that X attacked", "wants Putin to attack"
    if verb.dep_ in {"advcl", "ccomp"}:  # "if X strikes", "for Egypt to lift": not (yet) done
        return not any(c.dep_ == "mark" and (c.lower_ in words["hypothetical"] or c.lower_ == "for")
                       for c in verb.children)
    return True


def _reporter(trigger: Token, actors: Actors) -> ActorRef | None:
    """Whose words the event is in: a quote's speaker, or the subject of a speech verb above it."""
    quote = actors.quote_at(trigger)
    if quote is not None and quote.speaker is not None:
        cue = actors.doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand") if quote.cue else None
        if quote.direct or not cue or lemma(cue.root) not in cues()["naming"]:
            return quote.speaker
    token = trigger
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and lemma(token.head) in cues()["speech"]:
            refs = actors.all_of(subject(token.head))
            return refs[0] if refs else None
        token = token.head
    return None


def asked(token: Token) -> str | None:
    """The act a demand, refusal or threat is about, as its mode: "urged X to free Y" (release),
    "refused to send troops" (send), "its call for Egypt to lift the limits" (ease)."""
    goal = _child(token, {"xcomp", "ccomp"}) or _clause_for(token)
    if goal is None or goal.pos_ != "VERB":
        return None
    return next((p.mode for p in candidates(goal) if p.mode), lemma(goal))
