"""Stances: where each government or organisation stands on the article's focal event.

The actor's own words (its quotes, direct or reported) decide the stance; how
the outlet describes it ("X supported the action") is kept as a separate
record marked ``characterised_by_outlet`` so a reader sees both when they differ.
The cue words live in ``lang/en/stance_cues.tsv`` and ``stance_verbs.tsv``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from newsgraph.nlp import text_of
from newsgraph.lang import read_table
from newsgraph.model import ActorRef, Event, Mention, Quote, Span, Stance

# Conflictual actions that are what reactions react to, most salient first.
FOCAL_TYPES = ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN", "PROTEST", "REJECT", "AID")
# Sectors that speak for a country; people of other sectors (opposition, business) are not its government.
SPEAKING_SECTORS = {None, "GOV", "MIL", "JUD", "LEG"}
NEGATORS = {"not", "no", "never", "n't", "neither", "nor", "without"}
ACTION_NOUNS = {
    "action", "actions", "strike", "strikes", "operation", "attack", "attacks", "capture", "arrest", "raid",
    "move", "decision", "intervention", "seizure", "blockade", "coup", "invasion", "offensive", "detention",
}


@dataclass(frozen=True)
class Cue:
    signal: str  # condemn | support | endorse | concern | neutral
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    found = []
    for signal, phrase, *_ in read_table("stance_cues.tsv"):
        words = [re.escape(w).replace(r"\*", r"\w*") for w in phrase.split()]
        found.append(Cue(signal, re.compile(r"\b" + r"\s+".join(words) + r"\b", re.IGNORECASE)))
    return tuple(found)


@lru_cache(maxsize=1)
def stance_verbs() -> dict[str, str]:
    return {lemma: stance for lemma, stance, *_ in read_table("stance_verbs.tsv")}


def extract_stances(doc: Doc, mentions: list[Mention], quotes: list[Quote], events: list[Event]) -> list[Stance]:
    focal = focal_event(events)
    toward = describe(focal) if focal else "the article's main event"
    doer = focal.source.actor if focal and focal.source else None
    own: dict[str, list[tuple[str, Span, ActorRef, bool]]] = defaultdict(list)
    for quote in quotes:
        ref = quote.speaker
        if ref is None or not ref.actor or ref.actor == doer or ref.sector not in SPEAKING_SECTORS:
            continue
        for signal, evidence in _signals_in(doc, quote.content):
            own[ref.actor].append((signal, evidence, ref, quote.direct))
    said = _outlet_characterisations(doc, mentions, quotes, doer)
    stances: list[Stance] = []
    for actor in sorted(set(own) | set(said), key=lambda a: _first_offset(own.get(a), said.get(a))):
        own_stance = decide({s for s, *_ in own.get(actor, [])}) if actor in own else None
        outlet = said.get(actor)
        if own_stance:
            evidence = _strongest(own[actor], own_stance)
            stances.append(Stance(_speaker(own[actor]), own_stance, toward, evidence))
        if outlet and (own_stance is None or outlet[0] != own_stance):
            stances.append(Stance(outlet[2], outlet[0], toward, (outlet[1],), characterised_by_outlet=True))
    return stances


def decide(signals: set[str]) -> str | None:
    """The definitions of DESIGN.md, applied to the signals found in an actor's own words."""
    if "condemn" in signals:
        return "condemn"
    endorsing = signals & {"support", "endorse"}
    if endorsing and signals & {"concern"}:
        return "mixed"
    if "support" in signals:
        return "support"
    if "endorse" in signals:
        return "mixed" if "neutral" in signals else "support"
    if "concern" in signals:
        return "concern"
    if "neutral" in signals:
        return "neutral"
    return None


def focal_event(events: Iterable[Event]) -> Event | None:
    """The action others react to: the first conflictual event the outlet states as fact."""
    ranked = sorted(
        (e for e in events if e.type in FOCAL_TYPES and e.reported_by is None),
        key=lambda e: (FOCAL_TYPES.index(e.type), e.evidence.start),
    )
    return ranked[0] if ranked else None


def describe(event: Event) -> str:
    source = event.source.actor if event.source and event.source.actor else "?"
    target = event.target.actor if event.target and event.target.actor else "?"
    return f"{event.type} {source}→{target}: {event.evidence.text}"


def _signals_in(doc: Doc, content: Span) -> list[tuple[str, Span]]:
    """Each cue in the quote, with the sentence (clipped to the quote) that carries it."""
    found: list[tuple[str, Span]] = []
    text = text_of(doc)
    region = doc.char_span(content.start, content.end, alignment_mode="expand") if _valid(doc, content) else None
    for sent in region.sents if region is not None else []:
        start, end = max(sent.start_char, content.start), min(sent.end_char, content.end)
        piece = text[start:end]
        for cue in cues():
            if any(not _negated(piece, m.start()) for m in cue.pattern.finditer(piece)):
                found.append((cue.signal, _trim(text, Span.of(text, start, end))))
    return found


def _outlet_characterisations(doc: Doc, mentions: list[Mention], quotes: list[Quote], doer: str | None) -> dict[str, tuple[str, Span, ActorRef]]:
    """'X supported the US action': the outlet's own description of an actor's stance."""
    from newsgraph.extract.actors import mention_at

    quoted = [(q.content.start, q.content.end) for q in quotes]
    verbs = stance_verbs()
    found: dict[str, tuple[str, Span, ActorRef]] = {}
    for token in doc:
        stance = verbs.get(token.lemma_.lower())
        if stance is None or token.pos_ != "VERB" or any(s <= token.idx < e for s, e in quoted):
            continue
        if any(child.dep_ == "neg" for child in token.children):
            continue
        objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
        if not objects or not any(_about_action(obj, doer, mentions) for obj in objects):
            continue
        for subject in (c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")):
            mention = mention_at(mentions, subject.idx, subject.idx + len(subject.text))
            ref = mention.ref if mention else None
            if ref and ref.actor and ref.actor != doer and ref.actor not in found:
                sent = token.sent
                found[ref.actor] = (stance, _trim(text_of(doc), Span.of(text_of(doc), sent.start_char, sent.end_char)), ref)
    return found


def _about_action(obj, doer: str | None, mentions: list[Mention]) -> bool:
    """The object names the focal action ('the US action', 'the strike'), not something else."""
    from newsgraph.extract.actors import mention_at

    if obj.lower_ in ACTION_NOUNS:
        return True
    for token in obj.subtree:
        mention = mention_at(mentions, token.idx, token.idx + len(token.text))
        if mention and doer and mention.ref.actor == doer and obj.lower_ in ACTION_NOUNS | {"it", "them"}:
            return True
    return False


def _strongest(found: list[tuple[str, Span, ActorRef, bool]], stance: str) -> tuple[Span, ...]:
    """Evidence for the decided stance first, the actor's direct words before reported ones."""
    wanted = {"mixed": ("support", "endorse", "concern")}.get(stance, (stance,))
    ordered = sorted(found, key=lambda f: (f[0] not in wanted, not f[3], wanted.index(f[0]) if f[0] in wanted else 9, f[1].start))
    spans: list[Span] = []
    for _, span, *_ in ordered:
        if span not in spans:
            spans.append(span)
    return tuple(spans[:3])


def _speaker(found: list[tuple[str, Span, ActorRef, bool]]) -> ActorRef:
    """The most specific speaker: a named person over a ministry over a capital."""
    refs = [ref for _, _, ref, _ in found]
    return max(refs, key=lambda r: (r.role is not None, r.name != r.text, -refs.index(r)))


def _negated(piece: str, at: int) -> bool:
    before = re.findall(r"[\w']+", piece[max(0, at - 25) : at].lower())[-3:]
    return any(word in NEGATORS or word.endswith("n't") for word in before)


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in " \n\t\"“”'‘’":
        start += 1
    while end > start and text[end - 1] in " \n\t\"“”'‘’":
        end -= 1
    return Span.of(text, start, end)


def _valid(doc: Doc, content: Span) -> bool:
    return 0 <= content.start < content.end <= len(text_of(doc))


def _first_offset(own: list | None, said: tuple | None) -> int:
    offsets = [span.start for _, span, *_ in own or []] + ([said[1].start] if said else [])
    return min(offsets) if offsets else 0
