"""Events: who did what to whom, in POLECAT types, read from the parse and the actor mentions.

A trigger (verb or nominal, listed in lang/en/event_patterns.tsv) gives the type;
the dependency parse gives its source and target, which are mapped onto the actor
mentions and to the common nouns that name a group ("Danish volunteers"). Negated and
hypothetical events are dropped, an act its doer announces is kept as an intent (intent.py),
an event inside someone's words is kept as reported by them, and an accusation ("aggression",
"illegal") voiced by a speaker becomes an ACCUSE by that speaker (accusations.py). The learnt
decision on candidate pairs (learnt.py) then adds the actor pairs the patterns missed, and
merge.py keeps one row per event.

The parts live beside this module: triggers.py (the tables and which patterns a word
triggers), arguments.py (doer and target slots, mapped onto actors), modality.py (asserted
or not, what a demand asks, whose words report it). This module puts them together.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

from newsgraph.nlp import text_of
from newsgraph.extract.events.arguments import Actors, _child, doers, nominal_source, target_token, unnamed_doers
from newsgraph.extract.events.dates import date_for
from newsgraph.extract.events.merge import _key, _self_directed, dedupe
from newsgraph.extract.events.modality import _reporter, asked, asserted
from newsgraph.extract.events.triggers import candidates, cues, event_types, lemma, patterns
from newsgraph.model import ActorRef, Event, Mention, Quote, Span

__all__ = ["STEPS", "extract_events", "candidates", "cues", "event_types", "lemma", "patterns", "asserted"]


def _evidence(doc: Doc, trigger: Token) -> Span:
    """The trigger's sentence, cut at line breaks so page furniture stays out (remembered per document)."""
    table = doc.user_data.setdefault("newsgraph_evidence", {})
    if trigger.i not in table:
        table[trigger.i] = _sentence_span(doc, trigger)
    return table[trigger.i]


def _sentence_span(doc: Doc, trigger: Token) -> Span:
    sent = trigger.sent
    start = max(sent.start_char, text_of(doc).rfind("\n", 0, trigger.idx) + 1)
    stop = text_of(doc).find("\n", trigger.idx)
    end = sent.end_char if stop < 0 else min(sent.end_char, stop)
    while end > start and text_of(doc)[end - 1].isspace():
        end -= 1
    while start < end and text_of(doc)[start].isspace():
        start += 1
    return Span.of(text_of(doc), start, end)


def _make(doc: Doc, kind: str, mode: str | None, sources: list[ActorRef], targets: list[ActorRef],
          anchors: list[Token], published: str | None, reported_by: ActorRef | None) -> list[Event]:
    """One event per source and target, under the type's target rule; joint doers of a reciprocal
    act with no other target ("Kenya and Uganda signed a pact") each toward each."""
    info = event_types()[kind]
    pairs = [(s, t) for s in sources[:3] for t in (targets[:3] or [None]) if t != s]
    if not targets and len(sources) > 1 and info["reciprocal"] in {"yes", mode}:
        pairs = [(s, t) for s in sources[:3] for t in sources[:3] if t != s]
    if not pairs or (pairs[0][1] is None and info["needs_target"] == "yes"):
        return []
    trigger = anchors[0]
    date = date_for(doc, anchors, published, reported=reported_by is not None)
    span = Span.of(text_of(doc), trigger.idx, trigger.idx + len(trigger.text))
    return [Event(kind, mode, s, t, _evidence(doc, trigger), date, reported_by, span) for s, t in pairs]


def _thing(doc: Doc, token: Token) -> ActorRef:
    """A target that is no actor, named by its noun phrase."""
    from newsgraph.extract.events.candidates import phrase

    start, end = phrase(token)
    return ActorRef(text_of(doc)[start:end], text_of(doc)[start:end], None)


def _is_person(ref: ActorRef, token: Token | None) -> bool:
    """Seizing a person is an arrest; seizing a place or thing is not."""
    return bool(ref.role) or (token is not None and (
        token.ent_type_ == "PERSON" or token.lemma_.lower() in cues()["person_noun"]))


def _trigger_events(doc: Doc, token: Token, actors: Actors, published: str | None) -> list[Event]:
    found = candidates(token)
    if not found:
        return []
    pattern = found[0]
    if pattern.pos == "V":
        anchor, light = token, None
        sources, victim = doers(token, actors), None
        if not sources and event_types()[pattern.type]["place_doer"] == "yes":
            sources, victim = unnamed_doers(token, pattern.type, actors)  # "were killed in Israeli shelling"
        if token.dep_ in {"amod", "acl"} and _child(token, {"agent"}) is None and not (sources and victim):
            return []
    else:
        victim = None
        sources, light = nominal_source(token, pattern, actors)
        anchor = light or token
        if any(c.lower_ in cues()["negation"] | cues()["hypothetical"] for c in token.children):
            return []
    planned = None
    if not asserted(anchor) or (light is not None and not asserted(token)):
        from newsgraph.extract.events.intent import intent

        planned = intent(pattern.type, anchor, token) if light is None or asserted(token) else None
        if planned is None:
            return []
    slot = victim if sources and victim is not None else target_token(token, pattern, light)
    targets = actors.all_of(slot, frozenset((_key(r), r.sector) for r in sources))  # "lifted its blockade of Yemen"
    info = event_types()[found[0].type]
    if not targets and slot is not None and slot.pos_ in {"NOUN", "PROPN"} and (
            info["needs_target"] == "no" or (slot.dep_ == "dobj" and info["thing_target"] == "yes")):
        targets = [_thing(doc, slot)]  # "freed 37 prisoners", "accepted a compromise": what, though no actor
    for option in found:
        if option.when is None or (targets and (option.when == "person") == _is_person(targets[0], slot)):
            pattern = option
            break
    mode = pattern.mode
    if pattern.type == "REQUEST" or (pattern.type in {"REJECT", "THREATEN"} and not mode):
        mode = asked(token) or mode
    anchors = [token] + ([light] if light is not None else [])
    kind, mode = planned or (pattern.type, mode)  # "will host": an AGREE to host, not the hosting
    return _make(doc, kind, mode, sources, targets, anchors, published, _reporter(token, actors))


STEPS = frozenset({"patterns", "learnt"})


def extract_events(doc: Doc, mentions: list[Mention], quotes: list[Quote], published: str | None,
                   model: Any = None, steps: frozenset[str] = STEPS) -> list[Event]:
    """Every asserted event in the article, once, with its evidence, actors, date and reporter.

    The trigger patterns go first; the learnt decision on candidate pairs (extract/events/learnt.py,
    ``model`` or the shipped one) adds the pairs they did not code. ``steps`` leaves one out, to
    measure what each adds (newsgraph eval events)."""
    from newsgraph.extract.events.accusations import accusation_events
    from newsgraph.extract.events.learnt import learnt_events

    from newsgraph.extract.events.candidates import group_heads

    actors = Actors(doc, mentions, quotes, group_heads(doc, mentions))
    found: list[Event] = []
    for token in doc if "patterns" in steps else ():
        if lemma(token) in cues()["accusation"] and token.pos_ in {"NOUN", "ADJ", "VERB"}:
            accusations = accusation_events(doc, token, actors, published)
            if accusations:
                found.extend(accusations)
                continue
        found.extend(_trigger_events(doc, token, actors, published))
    found = [e for e in found if not _self_directed(e)]
    taken = {(_key(e.source), _key(e.target), e.evidence.start) for e in found} | {
        (_key(ref), e.type, e.evidence.start) for e in found for ref in (e.source, e.target) if ref}
    if "learnt" in steps:
        found.extend(e for e in learnt_events(doc, mentions, actors, published, taken, model) if not _self_directed(e))
    found.sort(key=lambda e: e.evidence.start)
    return sorted(dedupe(found, quotes), key=lambda e: (e.evidence.start, e.trigger.start if e.trigger else 0))
