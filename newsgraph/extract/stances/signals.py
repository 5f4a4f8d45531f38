"""Stances: where each government or organisation stands on the article's focal event.

The actor's own words (its quotes, direct or reported) decide the stance; how
the outlet describes it ("X supported the action") is kept as a separate
record marked ``characterised_by_outlet`` so a reader sees both when they differ.
The cue words live in ``lang/en/stance_cues.tsv`` and ``stance_verbs.tsv``.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsgraph.nlp import text_of
from newsgraph.lang import read_table
from newsgraph.extract.stances.statements import (
    SPEAKING_SECTORS,
    chairs,
    Section,
    in_own_clause,
    reported_by_another,
    section_at,
    sections,
    subject_statements,
)
from newsgraph.model import ActorRef, Event, Mention, Quote, Span, Stance

log = logging.getLogger(__name__)

# Conflictual actions that are what reactions react to, most salient first.
FOCAL_TYPES = ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN", "PROTEST", "REJECT", "AID")
DOER_TYPES = ("ASSAULT", "COERCE")
# cue rows that mask the cues inside them: a later step undone, another party's stance; and, when the
# focal act is a conflict, the easing of it ("welcomed the ceasefire" is no support for the shelling)
MASKS = frozenset({"later", "other"})
CONFLICT_MASKS = MASKS | {"ease"}  # sanctions are more often the answer to an act than the act
HEADLINE_CLAUSE = re.compile(r"\s+as\s+|;\s*|:\s+|\s+while\s+|\s+mientras\s+")
HEADLINE_JOINS = frozenset({"", "and", "the", "and the", "y", "e", "y la", "y el", "la", "el", "los", "las"})
NEGATORS = {
    "not", "no", "never", "n't", "neither", "nor", "without", "avoid", "avoids", "avoided", "avoiding", "short",
    "cannot", "sin", "ni", "nunca", "evitó", "evitaron", "evita", "evitan",  # (the last Spanish)
}
ACTION_NOUNS = {
    "action", "actions", "strike", "strikes", "operation", "attack", "attacks", "capture", "arrest", "raid",
    "move", "decision", "intervention", "seizure", "blockade", "coup", "invasion", "offensive", "detention",
}


@dataclass(frozen=True)
class Cue:
    signal: str  # condemn | support | endorse | concern | neutral | later, other, ease (masks: see MASKS)
    pattern: re.Pattern[str]


@lru_cache(maxsize=None)
def cues(language: str = "en") -> tuple[Cue, ...]:
    found = []
    for signal, phrase, *_ in read_table("stance_cues.tsv", language):
        pattern = ""
        for word in phrase.split():
            if word == "~":  # up to five words of any kind: "not apply ~ sanctions"
                pattern += r"(?:\S+\s+){0,5}"
            else:
                pattern += re.escape(word).replace(r"\*", r"[\w'’-]*") + r"\s+"
        found.append(Cue(signal, re.compile(r"\b" + pattern.removesuffix(r"\s+") + r"\b", re.IGNORECASE)))
    return tuple(found)


@lru_cache(maxsize=1)
def stance_verbs() -> dict[str, str]:
    return {lemma: stance for lemma, stance, *_ in read_table("stance_verbs.tsv")}


@dataclass(frozen=True)
class Headline:
    """The article's headline, parsed apart: it is not in the text, and its evidence says so."""

    doc: Doc
    mentions: list[Mention]


def extract_stances(
    doc: Doc,
    mentions: list[Mention],
    quotes: list[Quote],
    events: list[Event],
    headline: Headline | None = None,
    language: str = "en",
) -> list[Stance]:
    focal = focal_event(events)
    toward = describe(focal) if focal else "the article's main event"
    # the one who did it is no reactor to it; only a clear act (not a deployment named in passing) says who
    doer = focal.source.actor if focal and focal.source and focal.type in DOER_TYPES else None
    # in an act by one country against another, condemning the target is siding with the doer
    target = focal.target.actor if doer and focal and focal.target and focal.target.actor != doer else None
    masks = CONFLICT_MASKS if focal is not None and focal.type != "AID" else MASKS
    text = text_of(doc)
    found_sections = sections(text, mentions, language)
    own: dict[str, list[tuple[str, Span, ActorRef, bool]]] = defaultdict(list)

    chaired = chairs(doc, mentions)

    def speaking(ref: ActorRef | None, start: int, end: int) -> ActorRef | None:
        """The speaker a round-up's layout gives this stretch, else the resolved one if it speaks;
        a head of government the text says chairs an organisation speaks for the organisation."""
        section = section_at(found_sections, start, end)
        if section is not None:
            return _for_section(section, ref)
        if ref is None or not ref.actor or ref.actor == doer or ref.sector not in SPEAKING_SECTORS:
            return None
        if ref.name in chaired:
            return ActorRef(ref.text, ref.name, chaired[ref.name], "GOV", f"Chair ({ref.role})" if ref.role else "Chair")
        return ref

    quoted: list[tuple[int, int, Span | None, str | None]] = []
    for quote in quotes:
        quoted.append((quote.content.start, quote.content.end, quote.speaker_span, quote.speaker.actor if quote.speaker else None))
        ref = speaking(quote.speaker, quote.content.start, quote.content.end)
        if ref is None or ref.actor == doer or _supposed_by_another(doc, quote, ref, mentions):
            continue
        judged_target = bool(target and quote.cue and _aimed_at(_token_at(doc, quote.cue.start), mentions, target, doer))
        for signal, evidence in _signals_in(doc, quote.content, quote.cue, language, masks):
            if judged_target and signal == "condemn":
                signal = "endorse"  # "condemned the government in Kyiv" when Kyiv was struck
            own[ref.actor].append((signal, evidence, ref, quote.direct))
    for found_ref, subject, verb, sentence in subject_statements(doc, mentions, language):
        if section_at(found_sections, sentence.start, sentence.end):
            continue
        ref = speaking(found_ref, sentence.start, sentence.end)
        if ref is None:
            continue
        for signal, start in _cues_in(sentence.text, sentence.start, language, masks):
            token = _token_at(doc, start)
            same = _same_actor(mentions, ref)
            if token is not None and in_own_clause(verb, token, same) and not _quoted_from_another(quoted, start, subject.idx, ref.actor):
                if signal == "condemn" and target and _aimed_at(token, mentions, target, doer):
                    signal = "endorse"  # "Ruritania condemned the Maduro regime" sides with the strike
                own[ref.actor].append((signal, _trim(text, sentence), ref, False))
    for section in found_sections:
        if section.ref.actor == doer:
            continue
        piece = text[section.start : section.end]
        for signal, _start in _cues_in(piece, section.start, language, masks):
            own[section.ref.actor].append((signal, _trim(text, Span.of(text, section.start, section.end)), section.ref, False))
    if headline is not None:
        _headline_signals(headline, doer, own, language, masks)
    said = _outlet_characterisations(doc, mentions, quotes, doer, speaking) if language == "en" else {}
    stances: list[Stance] = []
    for actor in sorted(set(own) | set(said), key=lambda a: (_first_offset(own.get(a), said.get(a)), a)):
        own_stance = decide({s for s, *_ in own.get(actor, [])}) if actor in own else None
        outlet = said.get(actor)
        if own_stance:
            evidence = _strongest(own[actor], own_stance)
            stances.append(Stance(_speaker(own[actor]), own_stance, toward, evidence))
        if outlet and (own_stance is None or outlet[0] != own_stance):
            stances.append(Stance(outlet[2], outlet[0], toward, (outlet[1],), characterised_by_outlet=True))
    return stances


def _headline_signals(
    headline: Headline, doer: str | None, own: dict[str, list[tuple[str, Span, ActorRef, bool]]], language: str = "en", masks: frozenset[str] = MASKS
) -> None:
    """"Paris condemns 'military coup'", "ECOWAS gives junta a week as Mali and Guinea take its side":
    each clause of a headline that opens with governments ("A", "A and B", "A, B and C") gives them
    the stance words of that clause. Headlines are written without the grammar a parser expects,
    so their layout is read instead; the evidence is the whole headline, marked as the title."""
    title = text_of(headline.doc)
    evidence = Span.of(title, 0, len(title), field="title")
    for start, end in _clauses(title):
        subjects = _opening_actors(title, headline.mentions, start, end)
        signals = {signal for signal, _at in _cues_in(title[start:end], start, language, masks)}
        for ref in subjects:
            if ref.actor != doer:
                own[ref.actor].extend((signal, evidence, ref, False) for signal in signals)


def _clauses(title: str) -> list[tuple[int, int]]:
    """(start, end) of a headline's clauses: "X does this as Y does that; Z ..."."""
    cuts = [0, *(m.end() for m in HEADLINE_CLAUSE.finditer(title)), len(title) + 1]
    return [(a, b - 1 if b > len(title) else b) for a, b in zip(cuts, cuts[1:])]


def _opening_actors(title: str, mentions: list[Mention], start: int, end: int) -> list[ActorRef]:
    """The governments a clause opens with, joined by commas and "and"."""
    found: list[ActorRef] = []
    at = start + (4 if title[start:].lower().startswith("the ") else 0)
    for m in sorted((m for m in mentions if start <= m.span.start < end), key=lambda m: m.span.start):
        if title[at : m.span.start].strip(" ,").lower() not in HEADLINE_JOINS:
            break
        if not m.ref.actor or m.ref.sector not in SPEAKING_SECTORS:
            break
        found.append(m.ref)
        at = m.span.end
    return found


def _aimed_at(cue: Token | None, mentions: list[Mention], target: str, doer: str | None) -> bool:
    """Whether a stance word's object names the act's target and not its doer ("condemned the
    regime in Caracas" when Caracas was struck), so the words judge the target, not the act."""
    from newsgraph.extract.actors.mentions import mention_at

    if cue is None:
        return False
    objects = [c for c in cue.children if c.dep_ in ("dobj", "obj", "pobj", "prep")]
    named: set[str | None] = set()
    for obj in objects:
        for token in obj.subtree:
            found = mention_at(mentions, token.idx, token.idx + len(token.text))
            if found is not None and found.span.start <= token.idx < found.span.end:
                named.add(found.ref.actor)
    return target in named and doer not in named


def _same_actor(mentions: list[Mention], ref: ActorRef):
    """A test of whether a subject stands for the same actor as ``ref``."""
    from newsgraph.extract.actors.mentions import ref_for

    def same(token: Token) -> bool:
        other = ref_for(mentions, token)
        return other is not None and other.actor == ref.actor

    return same


def _supposed_by_another(doc: Doc, quote: Quote, ref: ActorRef, mentions: list[Mention]) -> bool:
    """"Analysts assumed Beijing would welcome it": the cue is in a clause another subject governs."""
    token = _token_at(doc, quote.cue.start) if quote.cue else None
    return token is not None and reported_by_another(token, ref, mentions)


def _quoted_from_another(quoted: list[tuple[int, int, Span | None, str | None]], at: int, subject: int, actor: str | None) -> bool:
    """Whether the cue at ``at`` is inside words a quotation gives to someone other than this
    actor: not when the quotation is this actor's, nor when the subject is inside the quotation's
    own speaker phrase (a joint one: "the governments of A and B said")."""
    for start, end, speaker, speaker_actor in quoted:
        if not start <= at < end or (speaker is not None and speaker.start <= subject < speaker.end):
            continue
        if speaker_actor is None or speaker_actor != actor:
            return True
    return False


def _for_section(section: Section, ref: ActorRef | None) -> ActorRef:
    """A round-up section speaks for its label's actor; a person the text ties to another actor is
    not listed under it (the label wins, the person is left out and the reason logged)."""
    if ref is not None and ref.actor == section.ref.actor:
        return ref
    if ref is not None and ref.role and ref.actor:
        log.debug("%s (%s) left out of %s's round-up section: their own evidence ties them elsewhere", ref.name, ref.actor, section.ref.actor)
    return section.ref


def decide(signals: set[str]) -> str | None:
    """The definitions of DESIGN.md, applied to the signals found in an actor's own words."""
    if "condemn" in signals:
        return "mixed" if "support" in signals else "condemn"  # clear approval with clear criticism
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


def _signals_in(doc: Doc, content: Span, cue: Span | None = None, language: str = "en", masks: frozenset[str] = MASKS) -> list[tuple[str, Span]]:
    """Each cue in the quote, with the sentence (clipped to the quote) that carries it; a stance verb
    that introduces reported words ("condemned the arrests", "voiced grave concern") counts too."""
    found: list[tuple[str, Span]] = []
    text = text_of(doc)
    region = doc.char_span(content.start, content.end, alignment_mode="expand") if _valid(doc, content) else None
    for sent in region.sents if region is not None else []:
        start, end = max(sent.start_char, content.start), min(sent.end_char, content.end)
        # read the whole sentence, so that a question or a later step around the words masks them
        for signal, at in _cues_in(text[sent.start_char : sent.end_char], sent.start_char, language, masks):
            if start <= at < end:
                found.append((signal, _trim(text, Span.of(text, start, end))))
    if cue is not None and _valid(doc, cue):
        sent = doc.char_span(cue.start, cue.end, alignment_mode="expand")
        if sent is not None:
            lo, hi = sent.sent.start_char, sent.sent.end_char
            for signal, at in _cues_in(text[lo:hi], lo, language, masks):
                if cue.start <= at < cue.end:
                    found.append((signal, _trim(text, Span.of(text, lo, hi))))
    return found


def _cues_in(piece: str, offset: int, language: str = "en", masks: frozenset[str] = MASKS) -> list[tuple[str, int]]:
    """(signal, absolute offset) of every stance cue in ``piece`` that is not negated and not about a
    later step ("welcomed the lifting of martial law" is no welcome of its declaration)."""
    return [(signal, offset + at) for signal, at in _cues_at(piece, language, masks)]


@lru_cache(maxsize=4096)
def _cues_at(piece: str, language: str, masks: frozenset[str]) -> tuple[tuple[str, int], ...]:
    """The cues of one stretch of text, relative to it: a sentence is read by several paths (its
    quotes, its subjects, its section), and most sentences hold no cue at all."""
    if _any_cue(language).search(piece) is None:
        return ()
    later = [(m.start(), m.end()) for cue in cues(language) if cue.signal in masks for m in cue.pattern.finditer(piece)]
    found = []
    for cue in cues(language):
        if cue.signal in CONFLICT_MASKS:
            continue
        for m in cue.pattern.finditer(piece):
            if _negated(piece, m.start()) or any(s <= m.start() < e for s, e in later):
                continue
            found.append((cue.signal, m.start()))
    return tuple(found)


@lru_cache(maxsize=None)
def _any_cue(language: str) -> re.Pattern[str]:
    """Every cue of the language in one pattern: a quick test that a sentence has any."""
    return re.compile("|".join(f"(?:{cue.pattern.pattern})" for cue in cues(language)), re.IGNORECASE)


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _outlet_characterisations(doc: Doc, mentions: list[Mention], quotes: list[Quote], doer: str | None, speaking) -> dict[str, tuple[str, Span, ActorRef]]:
    """'X supported the US action': the outlet's own description of an actor's stance."""
    from newsgraph.extract.actors.mentions import mention_at

    quoted = [(q.content.start, q.content.end) for q in quotes]
    verbs = stance_verbs()
    found: dict[str, tuple[str, Span, ActorRef]] = {}
    for token in doc:
        stance = verbs.get(token.lemma_.lower())
        if stance is None or token.pos_ != "VERB" or any(s <= token.idx < e for s, e in quoted):
            continue
        if any(child.dep_ == "neg" for child in token.children) or _in_later_step(doc, token):
            continue
        objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
        if not objects or not any(_about_action(obj, doer, mentions) for obj in objects):
            continue
        for subject in (c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")):
            mention = mention_at(mentions, subject.idx, subject.idx + len(subject.text))
            ref = speaking(mention.ref if mention else None, subject.idx, subject.idx + len(subject.text))
            if ref and ref.actor and ref.actor != doer and ref.actor not in found:
                sent = token.sent
                found[ref.actor] = (stance, _trim(text_of(doc), Span.of(text_of(doc), sent.start_char, sent.end_char)), ref)
    return found


def _in_later_step(doc: Doc, token: Token, language: str = "en") -> bool:
    """"Blinken welcomed the decision to lift the decree": a stance toward a later step."""
    sent = token.sent
    piece = text_of(doc)[sent.start_char : sent.end_char]
    at = token.idx - sent.start_char
    return any(m.start() <= at < m.end() for cue in cues(language) if cue.signal in CONFLICT_MASKS for m in cue.pattern.finditer(piece))


def _about_action(obj, doer: str | None, mentions: list[Mention]) -> bool:
    """The object names the focal action ('the US action', 'the strike'), not something else."""
    from newsgraph.extract.actors.mentions import mention_at

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
    ordered = sorted(found, key=lambda f: (f[0] not in wanted, f[1].field != "text", not f[3], wanted.index(f[0]) if f[0] in wanted else 9, f[1].start))
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
