"""Who does an event and to whom: the doer and target slots of a trigger in the parse, mapped onto
actor mentions (and on the first person in a quote, its speaker)."""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Token

from newsgraph.extract.events.merge import _key
from newsgraph.extract.events.triggers import Pattern, _clause_for, _pos, candidates, cues, lemma
from newsgraph.model import ActorRef, Mention, Quote, Span
from newsgraph.nlp import text_of

KIND_RANK = {"name": 0, "title": 1, "metonym": 2, "nominal": 3, "pronoun": 4, "demonym": 5}
WALK = {"compound", "amod", "poss", "nmod", "appos", "npadvmod", "prep", "pobj", "det"}
NOT_THINGS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}  # "on Friday" is no target


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


def undergoer(verb: Token) -> Token | None:
    """Who a passive act without an agent was done to: its subject ("soldiers were killed"), or the
    noun a participle describes ("soldiers killed in ..."); None for an active verb or a named agent."""
    if _child(verb, {"agent"}) is not None:
        return None
    if _child(verb, {"auxpass"}) is not None:
        return _child(verb, {"nsubjpass"})
    if verb.dep_ in {"acl", "amod"} and verb.tag_ == "VBN" and _pos(verb.head) == "N":
        return verb.head
    return None


def unnamed_doers(verb: Token, kind: str, actors: Actors) -> tuple[list[ActorRef], Token | None]:
    """The doer of a passive act that names none, and who it was done to: the nation of the act
    it was done in ("were wounded in Turkish air strikes"), else the country or capital it was done
    in, standing for its government, when the one it was done to is of another country ("French
    journalists were arrested in Iran"). Empty when there is no such doer."""
    victim = undergoer(verb)
    if victim is None:
        return [], None
    done_to = actors.of(victim)
    for prep in verb.children:
        where = _child(prep, {"pobj"}) if prep.dep_ == "prep" and prep.lower_ == "in" else None
        if where is None:
            continue
        if _pos(where) == "N" and any(p.type == kind for p in candidates(where)):  # "in Israeli shelling"
            by = [r for c in where.children if c.dep_ in {"compound", "amod", "nmod", "poss"} for r in actors.all_of(c)]
            return [r for r in by if r.actor and (done_to is None or r.actor != done_to.actor)], victim
        place = actors.of(where)
        if (done_to is not None and done_to.actor and place is not None and place.actor != done_to.actor
                and _country(place)):
            return [ActorRef(place.text, place.name, place.actor)], victim
    return [], victim


def _country(ref: ActorRef) -> bool:
    """A country or its capital, not a person or a body of it."""
    code = ref.actor or ""
    return len(code) == 3 and code.isupper() and not ref.role and ref.sector in {None, "GOV"}


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
