"""Events from Spanish articles: the triggers of lang/es/event_patterns.tsv read on the Spanish
model's Universal Dependencies parse, coded to the same POLECAT types, modes and actor codes as
English (extract/events/rules.py), with the same evidence rule.

The source is the subject (nsubj) or a passive's "por" phrase; the target is the slot the pattern
names: the object (with or without the personal "a") or a phrase with "a", "contra", "con", ...
Negated ("no atacó"), conditional ("atacaría"), future ("atacará", "va a atacar"), modal ("podría
atacar") and wished-for ("pidió que liberen") events are not asserted and are left out, as in
English; a threat or a request keeps what it threatens or asks as its mode ("amenazó con atacar a X"
is THREATEN/assault against X), and an event inside someone's words is kept as reported by them.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsgraph.extract.events.merge import _self_directed, dedupe
from newsgraph.extract.events.arguments import Actors
from newsgraph.extract.events.rules import _make
from newsgraph.extract.events.triggers import Pattern, cues, patterns
from newsgraph.extract.events.spanish_dates import date_for
from newsgraph.lang import read_table
from newsgraph.model import ActorRef, Event, Mention, Quote

LANGUAGE = "es"
ARGUMENTS = {"obj", "iobj", "obl", "nmod"}
CONTRACTED = {"al": "a", "del": "de"}
PERSONAL = {None, "a"}  # a direct object takes "a" when it is a person or a country ("atacó a Perú")
VERBAL = {"VERB", "AUX"}


def words(category: str) -> frozenset[str]:
    """One word list of lang/es/event_cues.tsv."""
    return cues(LANGUAGE)[category]


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Verbs that report what someone said (lang/es/cue_verbs.tsv, suppositions left out)."""
    return frozenset(row[0] for row in read_table("cue_verbs.tsv", LANGUAGE) if len(row) > 1 and row[1] != "think")


def lemma(token: Token) -> str:
    """spaCy's lemma, unless it missed one of our verbs ("libere" -> "liberir", "bloqueó" -> "bloqueó")."""
    found = token.lemma_.lower()
    if token.pos_ != "VERB" or found in _known_verbs():
        return found
    stems = [found[:-2]] if found.endswith(("ar", "er", "ir")) else []
    stems += [token.lower_[:-cut] for cut in (1, 2, 3, 4) if len(token.lower_) > cut + 2]
    return next((stem + end for stem in stems for end in ("ar", "er", "ir") if stem + end in _known_verbs()), found)


@lru_cache(maxsize=1)
def _known_verbs() -> frozenset[str]:
    return frozenset(word for word, pos in patterns(LANGUAGE) if pos == "V")


def _pos(token: Token) -> str | None:
    return {"VERB": "V", "NOUN": "N", "PROPN": "N"}.get(token.pos_)


def candidates(token: Token) -> tuple[Pattern, ...]:
    """The patterns a token may trigger, rows with a required word ("enviar ayuda") first."""
    pos = _pos(token)
    found = patterns(LANGUAGE).get((lemma(token), pos), ()) if pos else ()
    near = {lemma(t) for t in (*token.children, token.head)} | {t.lower_ for t in token.children}
    return tuple(p for p in found if not p.needs or near & p.needs)


def case_of(token: Token) -> str | None:
    """The preposition a phrase opens with ("contra Perú" -> "contra", "al presidente" -> "a")."""
    word = next((c.lower_ for c in token.children if c.dep_ in {"case", "mark"} and c.i < token.i), None)
    return CONTRACTED.get(word, word) if word else None


def is_passive(verb: Token) -> bool:
    """"fue detenido por X": a participle with the auxiliary "ser"."""
    return "Part" in verb.morph.get("VerbForm") and any(c.dep_ in {"aux", "aux:pass"} and lemma(c) == "ser" for c in verb.children)


def _agent(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ARGUMENTS and case_of(c) == "por"), None)


def subject(verb: Token) -> Token | None:
    """The doer of a verb: its subject, a passive's "por" phrase, or the subject it shares."""
    if is_passive(verb):
        return _agent(verb)
    found = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if found is not None:
        if found.lower_ in words("relative") and verb.dep_ in {"acl", "acl:relcl"}:
            return verb.head  # "los militares, que detuvieron al presidente"
        return found
    head = verb.head
    if verb.dep_ == "conj" and head.pos_ in VERBAL:
        return subject(head)
    if verb.dep_ == "xcomp" and lemma(head) in words("aspectual") | words("light"):
        return subject(head)
    return None


def parties(actors: Actors, token: Token | None) -> list[ActorRef]:
    """One actor per member of a list: "Naciones Unidas, Estados Unidos, la Unión Europea y Francia"
    (the model joins such a list of names as one "flat" name; a comma tells the members apart)."""
    if token is None:
        return []
    refs = actors.all_of(token)
    members = [c for t in (token, *token.conjuncts) for c in t.subtree if c.dep_ == "flat" and c.left_edge.i > 0
               and "," in (c.doc[c.left_edge.i].text, c.doc[c.left_edge.i - 1].text)]
    for member in members:
        ref = actors.of(member)
        if ref is not None and ref not in refs:
            refs.append(ref)
    return refs


def _slots(host: Token, slot: str, passive: bool) -> list[Token]:
    """The phrases of ``host`` that fill a pattern's target slot."""
    found = []
    for child in host.children:
        if slot == "obj" and passive and child.dep_ == "nsubj":
            found.append(child)  # "la capital fue bombardeada": the subject is what was struck
        elif child.dep_ in ARGUMENTS and child.pos_ != "PRON":
            case = case_of(child)
            if case == slot or (slot == "obj" and child.dep_ == "obj" and case in PERSONAL and not passive):
                found.append(child)
    return found


def targets_of(trigger: Token, pattern: Pattern, light: Token | None, actors: Actors) -> tuple[list[ActorRef], Token | None]:
    """The target the pattern names, looked for on the trigger, its light verb, then the phrases
    hanging from a nominal ("un ataque con drones contra X") or from the word a verb needs
    ("rompió relaciones con X")."""
    hosts = [trigger] + ([light] if light is not None else [])
    if _pos(trigger) == "N":
        hosts += [c for c in trigger.children if c.dep_ == "nmod"]
    else:
        hosts += [c for c in trigger.children if c.dep_ == "obj" and lemma(c) in pattern.needs]
    for slot in pattern.targets:
        for host in hosts:
            if slot == "obj" and host is light:
                continue
            for token in _slots(host, slot, host.pos_ in VERBAL and is_passive(host)):
                refs = _doers(token, actors) or actors.all_of(token)
                if refs and token.i != trigger.i:
                    return refs, token
    return [], None


def _doers(noun: Token, actors: Actors) -> list[ActorRef]:
    """The doer an event noun names in its own words: "condenó el ataque ruso contra Ucrania" is aimed
    at Russia, not Ukraine."""
    found = candidates(noun) if _pos(noun) == "N" and not actors.by_token.get(noun.i) else ()
    if not found:
        return []
    _, aimed = targets_of(noun, found[0], None, actors)
    return nominal_source(noun, None, aimed, actors)


def light_verb(noun: Token) -> Token | None:
    """The verb a nominal trigger is the object of ("lanzó un ataque", "mantuvo una reunión")."""
    if noun.dep_ == "obj" and lemma(noun.head) in words("light") and noun.head.pos_ in VERBAL:
        return noun.head
    return None


def nominal_source(noun: Token, light: Token | None, target: Token | None, actors: Actors) -> list[ActorRef]:
    """Who did a nominal event: its own adjective or "de"/"por" phrase ("el ataque ruso", "el ataque
    de Rusia"), else the subject of its light verb, else of the clause it is an adjunct of."""
    own = [c for c in noun.children if c.i != (target.i if target is not None else -1) and (
        c.dep_ == "amod" or (c.dep_ == "nmod" and case_of(c) in {"de", "por"}))]
    refs = [r for c in own for r in actors.all_of(c)]
    if refs:
        return refs
    host = light
    if host is None and noun.dep_ == "obl" and case_of(noun) in words("adjunct") and noun.head.pos_ in VERBAL:
        host = noun.head
    return actors.all_of(subject(host)) if host is not None else []


def _negated(token: Token) -> bool:
    return any(c.lower_ in words("negation") and c.dep_ in {"advmod", "cc", "det", "case", "amod"} for c in token.children)


def _unreal(verb: Token) -> bool:
    """Conditional, future, modal or hypothetical: "atacaría", "atacará", "va a atacar", "podría
    atacar", "si ataca", "para atacar", "presuntamente atacó"."""
    hypothetical = words("hypothetical")
    if verb.pos_ in VERBAL and ("Cnd" in verb.morph.get("Mood") or "Fut" in verb.morph.get("Tense")):
        return True
    for child in verb.children:
        if child.dep_ in {"mark", "advmod", "amod", "det"} and (child.lower_ in hypothetical or lemma(child) in hypothetical):
            return True
        if child.dep_ == "aux" and (lemma(child) in hypothetical or "Cnd" in child.morph.get("Mood")
                                    or "Fut" in child.morph.get("Tense")):
            return True
        if child.dep_ == "aux" and lemma(child) in words("future") and any(m.dep_ == "mark" and m.lower_ == "a" for m in verb.children):
            return True
    return False


def asserted(token: Token, depth: int = 0) -> bool:
    """False for a negated, unreal or merely wished-for event (its verb, or its noun's governor)."""
    if depth > 4:
        return True
    if _negated(token) or _unreal(token):
        return False
    head = token.head
    if head.i == token.i:
        return True
    governor = lemma(head)
    unfulfilled = words("nonfactive") | words("negative_head")
    if token.dep_ == "xcomp":
        if governor in unfulfilled:
            return False
        return asserted(head, depth + 1) if governor in words("aspectual") | words("light") else False
    if _pos(token) == "N" and token.dep_ in {"obj", "obl", "nsubj"} and head.pos_ in VERBAL:
        return governor not in unfulfilled  # "pidió la liberación", "amenazó con sanciones"
    if token.dep_ == "ccomp":
        return governor not in unfulfilled  # "exigió que liberen", "negó que atacara"
    if token.dep_ in {"acl", "acl:relcl"} and "Inf" in token.morph.get("VerbForm"):
        return False  # "su intención de atacar"
    if token.dep_ == "conj" and head.pos_ in VERBAL:
        return not _unreal(head) and (head.dep_ not in {"xcomp", "ccomp"} or asserted(head, depth + 1))
    return True


def reporter(trigger: Token, actors: Actors) -> ActorRef | None:
    """Whose words an event is in: a quote's speaker, the subject of a speech verb above it, or
    the one "según" names (``actors`` here reads every mention, those of cited sources too)."""
    quote = actors.quote_at(trigger)
    if quote is not None and quote.speaker is not None:
        return quote.speaker
    token = trigger
    for _ in range(8):
        source = next((c for c in token.children if c.dep_ in ARGUMENTS and case_of(c) == "según"), None)
        if source is not None:
            refs = actors.all_of(source)
            return refs[0] if refs else None
        if token.dep_ == "ccomp" and lemma(token.head) in speech_verbs():
            refs = actors.all_of(subject(token.head))
            return refs[0] if refs else None
        if token.head.i == token.i:
            break
        token = token.head
    return None


def _is_person(ref: ActorRef, token: Token | None) -> bool:
    """Capturing a person is an arrest; capturing a town is not."""
    return bool(ref.role) or (token is not None and (token.ent_type_ == "PER" or lemma(token) in words("person_noun")))


def _goal(trigger: Token) -> tuple[Token, Pattern] | None:
    """What a threat or request is about: "amenazó con atacar", "amenazó con sanciones", "pidió que liberen"."""
    for child in trigger.children:
        if child.dep_ in {"xcomp", "ccomp", "advcl"} or (child.dep_ in {"obl", "obj"} and _pos(child) == "N"):
            found = candidates(child)
            if found and found[0].type not in {"THREATEN", "REQUEST"}:
                return child, found[0]
    return None


def _trigger_events(doc: Doc, token: Token, actors: Actors, speakers: Actors, published: str | None) -> list[Event]:
    found = candidates(token)
    if not found:
        return []
    light = light_verb(token) if found[0].pos == "N" else None
    if found[0].pos == "V" and token.dep_ in {"amod", "acl"} and "Part" in token.morph.get("VerbForm") and _agent(token) is None:
        return []  # "el presidente derrocado": a description, not a telling
    anchor = light or token
    if not asserted(anchor) or (light is not None and not asserted(token)):
        return []
    pattern = found[0]
    targets, slot = targets_of(token, pattern, light, actors)
    for option in found:
        if option.when is None or (targets and (option.when == "person") == _is_person(targets[0], slot)):
            pattern = option
            break
    if pattern is not found[0]:
        targets, slot = targets_of(token, pattern, light, actors)
    mode = pattern.mode
    if pattern.type in {"THREATEN", "REQUEST"}:
        goal = _goal(token)
        if goal is not None:
            mode = goal[1].mode or goal[1].type.lower()
            if not targets and pattern.type == "THREATEN":  # "amenazó con atacar a Ucrania": whom it is aimed at
                targets, slot = targets_of(goal[0], goal[1], None, actors)
    if pattern.pos == "V":
        sources = parties(actors, subject(token))
    else:
        sources = nominal_source(token, light, slot, actors)
    anchors = [token] + ([light] if light is not None else [])
    said_by = reporter(token, speakers)
    when = date_for(doc, anchors, published, reported=said_by is not None)
    return [replace(e, date=when) for e in _make(doc, pattern.type, mode, sources, targets, anchors, published, said_by)]


def _cited(doc: Doc) -> list[tuple[int, int]]:
    """The stretches that name a source ("según su portavoz, X"): who is cited is no party to the event."""
    stretches = []
    for token in doc:
        if case_of(token) == "según":
            comma = next((t for t in doc[token.i : token.right_edge.i + 1] if t.text == ","), None)
            end = comma.idx if comma is not None else token.right_edge.idx + len(token.right_edge)
            stretches.append((token.left_edge.idx, end))
    return stretches


def extract_spanish_events(doc: Doc, mentions: list[Mention], quotes: list[Quote], published: str | None) -> list[Event]:
    """Every asserted event of a Spanish article, once, with its evidence, actors, date and reporter."""
    cited = _cited(doc)
    actors = Actors(doc, [m for m in mentions if not any(s <= m.span.start < e for s, e in cited)], quotes)
    speakers = Actors(doc, mentions, quotes)
    found = [e for token in doc for e in _trigger_events(doc, token, actors, speakers, published) if not _self_directed(e)]
    found.sort(key=lambda e: e.evidence.start)
    return sorted(dedupe(found, quotes), key=lambda e: (e.evidence.start, e.trigger.start if e.trigger else 0))
