"""Events: who did what to whom, in POLECAT types, read from the parse and the actor mentions.

A trigger (verb or nominal, listed in lang/en/event_patterns.tsv) gives the type;
the dependency parse gives its source and target, which are mapped onto the actor
mentions and to the common nouns that name a group ("Danish volunteers"). Negated and
hypothetical events are dropped, an act its doer announces is kept as an intent (intent.py),
an event inside someone's words is kept as reported by them, and an accusation ("aggression",
"illegal") voiced by a speaker becomes an ACCUSE by that speaker (accusations.py). The learnt
decision on candidate pairs (learnt.py) then adds the actor pairs the patterns missed, and
merge.py keeps one row per event.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from newsgraph.lang import read_table
from newsgraph.nlp import text_of
from newsgraph.extract.events.dates import date_for
from newsgraph.extract.events.merge import _key, _self_directed, dedupe
from newsgraph.model import ActorRef, Event, Mention, Quote, Span

KIND_RANK = {"name": 0, "title": 1, "metonym": 2, "nominal": 3, "pronoun": 4, "demonym": 5}
WALK = {"compound", "amod", "poss", "nmod", "appos", "npadvmod", "prep", "pobj", "det"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
CLAUSES = {"advcl", "acl", "ccomp", "xcomp"}
NOT_THINGS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}  # "on Friday" is no target
OBJECT_PATH = {"dobj", "attr", "acomp", "oprd", "pobj", "prep", "conj", "appos", "npadvmod"}


@dataclass(frozen=True, slots=True)
class Pattern:
    """One row of event_patterns.tsv."""

    lemma: str
    pos: str
    type: str
    mode: str | None
    targets: tuple[str, ...]
    needs: frozenset[str]
    when: str | None


def _rows(name: str, language: str = "en") -> list[dict[str, str]]:
    """Rows of a table whose first line names its columns."""
    header, *rows = read_table(name, language)
    return [dict(zip(header, (*row, *[""] * (len(header) - len(row))))) for row in rows]


@lru_cache(maxsize=None)
def patterns(language: str = "en") -> dict[tuple[str, str], tuple[Pattern, ...]]:
    """Trigger patterns by (lemma, pos), in file order (lang/<language>/event_patterns.tsv)."""
    table: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
    for row in _rows("event_patterns.tsv", language):
        needs = frozenset(w for w in (row.get("with") or "").split("|") if w)
        table[(row["lemma"], row["pos"])].append(Pattern(
            row["lemma"], row["pos"], row["type"], row["mode"] or None,
            tuple(t for t in row["target"].split(",") if t), needs, row.get("when") or None))
    return {key: tuple(value) for key, value in table.items()}


@lru_cache(maxsize=None)
def cues(language: str = "en") -> dict[str, frozenset[str]]:
    """Word lists by category from lang/<language>/event_cues.tsv."""
    table: dict[str, set[str]] = defaultdict(set)
    for category, word, *_ in read_table("event_cues.tsv", language):
        table[category].add(word)
    return defaultdict(frozenset, {k: frozenset(v) for k, v in table.items()})


@lru_cache(maxsize=1)
def event_types() -> dict[str, dict[str, str]]:
    """The POLECAT types with their target rule, PLV label and CAMEO root."""
    return {row["type"]: row for row in _rows("event_types.tsv")}


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    words = {lemma for lemma, _ in patterns()} | {w for ws in cues().values() for w in ws}
    return frozenset(words | {w for ws in cues().values() for w in ws for w in w.split()})


def lemma(token: Token) -> str:
    """spaCy's lemma, unless it missed one of our words ("staged" -> "stag")."""
    found = token.lemma_.lower()
    if found in _known():
        return found
    word = token.lower_
    for variant in (word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-4]):
        if len(variant) > 2 and variant in _known() and _inflects(variant, word):
            return variant
    return found


def _inflects(stem: str, word: str) -> bool:
    """``word`` is an inflected form of ``stem`` ("staged" of stage, "banned" of ban, not "banged")."""
    forms = {stem + end for end in ("s", "es", "ed", "d", "ing")}
    forms |= {stem + stem[-1] + end for end in ("ed", "ing")} | {stem[:-1] + "ing", stem[:-1] + "ied", stem[:-1] + "ies"}
    return word in forms


POS = {"VERB": "V", "NOUN": "N", "PROPN": "N"}


def _pos(token: Token) -> str | None:
    return POS.get(token.pos_)


def _has_child(token: Token, lemmas: frozenset[str]) -> bool:
    """A child ("phone" call, call "for"), the word opening a clause under it ("call for Egypt
    to lift") or the governing verb ("sign" an agreement)."""
    opening = [m for c in token.children if c.dep_ in CLAUSES for m in c.children if m.dep_ == "mark"]
    return any(lemma(t) in lemmas or t.lower_ in lemmas for t in (*token.children, *opening, token.head))


def _clause_for(host: Token) -> Token | None:
    """The clause "for X to ..." under a word ("its call for Egypt to lift the limits")."""
    return next((c for c in host.children if c.dep_ in CLAUSES and any(
        m.dep_ == "mark" and m.lower_ == "for" for m in c.children)), None)


def candidates(token: Token) -> tuple[Pattern, ...]:
    """The patterns a token may trigger, specific rows first (remembered per document: the
    patterns, the candidate pairs and the marked-pair features all ask)."""
    table = token.doc.user_data.setdefault("newsgraph_triggers", {})
    found = table.get(token.i)
    if found is None:
        pos = _pos(token)
        found = patterns().get((lemma(token), pos), ()) if pos else ()
        found = table[token.i] = tuple(p for p in found if not p.needs or _has_child(token, p.needs))
    return found


class Actors:
    """Maps tokens onto actor mentions, and first-person words in a quote onto its speaker."""

    def __init__(self, doc: Doc, mentions: list[Mention], quotes: list[Quote],
                 groups: dict[int, ActorRef] | None = None) -> None:
        """``groups``: common nouns that name an actor ("Danish volunteers"), by head token; they
        stand for their phrase at their head, ahead of the demonym inside it."""
        self.doc = doc
        self.by_token: dict[int, list[Mention]] = defaultdict(list)
        for mention in mentions:
            piece = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            for token in piece or ():
                self.by_token[token.i].append(mention)
        for i, ref in (groups or {}).items():
            head = doc[i]
            self.by_token[i].insert(0, Mention(Span.of(text_of(doc), head.idx, head.idx + len(head.text)), ref, "nominal"))
        self.quotes = sorted(quotes, key=lambda q: q.content.start)

    def quote_at(self, token: Token) -> Quote | None:
        for quote in self.quotes:
            if quote.content.start <= token.idx < quote.content.end:
                return quote
        return None

    def of(self, token: Token, besides: frozenset[tuple[str | None, str | None]] = frozenset()) -> ActorRef | None:
        """The actor an argument stands for: the nearest mention in its phrase, other than the
        actors (code or name, sector) in ``besides``."""
        if token.pos_ == "PRON" and token.lower_ in cues()["first_person"]:
            quote = self.quote_at(token)
            if quote and quote.speaker:
                return quote.speaker
        best: tuple[int, int, int] | None = None
        found: ActorRef | None = None
        frontier = [(token, 0)]
        while frontier:
            node, depth = frontier.pop(0)
            for mention in self.by_token.get(node.i, ()):
                rank = (depth, KIND_RANK.get(mention.kind, 6), mention.span.start)
                if (mention.ref.actor or mention.ref.name) and (
                        _key(mention.ref), mention.ref.sector) not in besides:
                    if best is None or rank < best:
                        best, found = rank, mention.ref
            if depth < 3:
                for child in node.children:
                    if child.dep_ in WALK and not (child.dep_ == "prep" and child.lower_ not in {"of", "by", "with"}):
                        frontier.append((child, depth + 1 + (child.lower_ in {"by", "with"})))
        return found

    def all_of(self, token: Token | None,
               besides: frozenset[tuple[str | None, str | None]] = frozenset()) -> list[ActorRef]:
        """One actor per conjunct: "Lavrov and Rodriguez" are two."""
        if token is None:
            return []
        group = [token, *token.conjuncts]
        group += [a for t in list(group) for a in t.children if a.dep_ == "appos" for a in (a, *a.conjuncts)]
        refs = [self.of(t, besides) for t in group if t.dep_ != "cc"]
        unique: list[ActorRef] = []
        for ref in refs:
            if ref is not None and ref not in unique:
                unique.append(ref)
        return unique


def _child(token: Token, deps: set[str]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_object(token: Token, prep: str) -> Token | None:
    for child in token.children:
        if child.dep_ in {"prep", "dative", "agent"} and child.lower_ == prep:
            return _child(child, {"pobj", "pcomp"})
    return None


def subject(verb: Token) -> Token | None:
    """The doer of a verb: its subject, a passive's agent, or the subject it shares."""
    agent = _child(verb, {"agent"})
    if agent is not None and _child(agent, {"pobj"}) is not None:
        return _child(agent, {"pobj"})
    found = _child(verb, {"nsubj"})
    if found is not None:
        return found
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return subject(verb.head)
    if verb.dep_ == "xcomp" and lemma(verb.head) in cues()["aspectual"] | cues()["light"]:
        return subject(verb.head)
    if verb.dep_ == "relcl":
        return verb.head
    return None


def _light_verb(noun: Token) -> Token | None:
    """The verb a nominal trigger is the object of ("held talks", "expressed solidarity")."""
    head = noun.head
    if noun.dep_ in {"dobj", "nsubjpass", "attr"} and lemma(head) in cues()["light"]:
        return head
    if noun.dep_ == "pobj" and lemma(head.head) in cues()["light"] and head.head.pos_ == "VERB":
        return head.head
    return None


def _clause_verb(noun: Token) -> Token | None:
    """The verb whose clause holds a nominal in an adjunct ("following strikes, X did Y")."""
    if noun.dep_ == "pobj" and noun.head.lower_ in cues()["adjunct"] and noun.head.head.pos_ == "VERB":
        return noun.head.head
    if noun.dep_ == "conj" and noun.head.dep_ == "pobj":
        return _clause_verb(noun.head)
    return None


def nominal_source(noun: Token, pattern: Pattern, actors: Actors) -> tuple[list[ActorRef], Token | None]:
    """Who did a nominal event, and its light verb: own modifiers, else the verb's subject."""
    verb = _light_verb(noun)
    own = [c for c in noun.children if c.dep_ in {"compound", "amod", "nmod"} or (
        c.dep_ == "poss" and "poss" not in pattern.targets)]
    refs = [r for c in own for r in actors.all_of(c)]
    by = _prep_object(noun, "by")
    if by is not None:
        refs += actors.all_of(by)
    if refs:
        return refs, verb
    if noun.dep_ == "conj" and _pos(noun.head) == "N" and candidates(noun.head):
        return nominal_source(noun.head, candidates(noun.head)[0], actors)[0], verb
    host = verb or _clause_verb(noun)
    return (doers(host, actors) if host is not None else []), verb


def doers(verb: Token, actors: Actors) -> list[ActorRef]:
    """The actors of a verb's subject; a pronoun no mention resolves, in what a speech verb
    reports, is the speakers ("truckers said they would block")."""
    doer = subject(verb)
    found = actors.all_of(doer)
    if not found and doer is not None and doer.pos_ == "PRON" and verb.dep_ == "ccomp" and lemma(
            verb.head) in cues()["speech"]:
        found = actors.all_of(subject(verb.head))
    return found


def target_token(trigger: Token, pattern: Pattern, light: Token | None) -> Token | None:
    """The target slot named by the pattern, looked for on the trigger then its light verb."""
    for slot in pattern.targets:
        for host in (trigger, light):
            if host is None:
                continue
            if slot == "dobj":
                if host is light:
                    continue
                found = _child(host, {"dobj"})
                if found is None and _child(host, {"auxpass"}) is not None:
                    found = _child(host, {"nsubjpass"})
                if found is None:  # "had captured and taken the leader": the object is shared
                    found = next((_child(c, {"dobj"}) for c in host.children
                                  if c.dep_ == "conj" and c.pos_ == "VERB" and _child(c, {"dobj"}) is not None), None)
            elif slot == "dative":
                found = _child(host, {"dative"})
                found = _child(found, {"pobj"}) or found if found is not None else None
            elif slot == "poss":
                found = _child(host, {"poss"}) if host is trigger else None
            else:
                found = _prep_object(host, slot)
                clause = _clause_for(host) if found is None and slot == "for" else None
                found = _child(clause, {"nsubj"}) if clause is not None else found  # "call for Egypt to lift"
            if found is not None and found.ent_type_ not in NOT_THINGS:  # "lifted it on Thursday"
                return found
    return None


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
    """One event per source and target, under the type's target rule."""
    info = event_types()[kind]
    if not targets and len(sources) > 1 and info["reciprocal"] in {"yes", mode}:
        sources, targets = sources[:1], sources[1:2]
    if not sources or (not targets and info["needs_target"] == "yes"):
        return []
    trigger = anchors[0]
    date = date_for(doc, anchors, published, reported=reported_by is not None)
    span = Span.of(text_of(doc), trigger.idx, trigger.idx + len(trigger.text))
    return [Event(kind, mode, s, t, _evidence(doc, trigger), date, reported_by, span)
            for s in sources[:3] for t in (targets[:3] or [None]) if t != s]


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
        sources = doers(token, actors)
        if token.dep_ in {"amod", "acl"} and _child(token, {"agent"}) is None:
            return []
    else:
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
    slot = target_token(token, pattern, light)
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


def asked(token: Token) -> str | None:
    """The act a demand, refusal or threat is about, as its mode: "urged X to free Y" (release),
    "refused to send troops" (send), "its call for Egypt to lift the limits" (ease)."""
    goal = _child(token, {"xcomp", "ccomp"}) or _clause_for(token)
    if goal is None or goal.pos_ != "VERB":
        return None
    return next((p.mode for p in candidates(goal) if p.mode), lemma(goal))


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
