"""Event candidates from the parse: every ordered pair of actor phrases that a predicate links.

Trigger patterns (extract/events/rules.py) only find events whose verb or noun they list.
Here every ordered pair of actor phrases that a predicate links in one sentence is a
candidate (subject, object, prepositional and clausal complements, passive agents, nominal
predicates, joint subjects), described as the marked-pair classifier (extract/events/model.py)
describes a PLV sentence; extract/events/learnt.py decides which are events. Actor phrases
are the actor mentions, common nouns that name a group or body (lang/en/event_actors.tsv:
"Danish volunteers", "the junta"), named entities the actor tables do not know, and names the
tagger missed that are a clause's subject. Appositives and relative clauses do not move a
source or a target.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from newsgraph.extract.events.model import Marked, masked_text, pair_features
from newsgraph.extract.events.tree import Tree, tree
from newsgraph.extract.events.tree import path as tree_path
from newsgraph.extract.events.arguments import KIND_RANK, NOT_THINGS
from newsgraph.extract.events.triggers import _rows
from newsgraph.model import ActorRef, Mention
from newsgraph.nlp import text_of

MAX_PATH = 9  # tokens on the dependency path between the two heads, both included (of 7, 9, 11: 9 finds most)
NAMED = {"PERSON", "ORG", "NORP", "GPE"}
THING_DEPS = {"dobj", "pobj", "nsubjpass"}
SUBJECTS = {"nsubj", "nsubjpass"}
OWNER_PREPS = {"of", "in", "from"}
SOURCE_PREPS = {"by", "of", "in", "from", "for"}
CLAUSE_UP = {"ccomp", "advcl", "parataxis", "relcl", "acl", "pcomp"}  # a doer inside a subordinate clause
ASIDE = {"appos"}  # "Turkey, a NATO member, refused": NATO is no doer
INSIDE = {"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod", "case", "punct"}
ONE_PHRASE = INSIDE | {"appos", "conj", "cc", "prep", "pobj", "acl"}


@lru_cache(maxsize=1)
def actor_nouns() -> dict[str, str]:
    """Common-noun lemma -> sector, from event_actors.tsv."""
    return {row["noun"]: row["sector"] for row in _rows("event_actors.tsv")}


def phrase_start(token: Token) -> Token:
    """The first token of a head's noun phrase, without what follows it (appositive, clause)."""
    start = token
    for left in token.lefts:
        if left.dep_ in INSIDE or left.dep_ == "amod":
            start = min(start, left.left_edge, key=lambda t: t.i)
            break
    while start.i < token.i and start.is_punct:
        start = start.doc[start.i + 1]
    return start


def phrase(token: Token) -> tuple[int, int]:
    """Character span of a head's noun phrase (phrase_start to the head)."""
    return phrase_start(token).idx, token.idx + len(token.text)


def _mention_refs(doc: Doc, mentions: list[Mention]) -> tuple[dict[int, ActorRef], set[int]]:
    """Each mention at the token that heads it (the best-ranked mention when several do), and
    every token a mention covers."""
    found: dict[int, tuple[tuple[int, int], ActorRef]] = {}
    covered: set[int] = set()
    for mention in mentions:
        piece = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if piece is None or not len(piece):
            continue
        covered.update(range(piece.start, piece.end))
        if not (mention.ref.actor or mention.ref.name):
            continue
        rank = (KIND_RANK.get(mention.kind, 6), mention.span.start)
        root = piece.root.i
        if root not in found or rank < found[root][0]:
            found[root] = (rank, mention.ref)
    return {i: ref for i, (_, ref) in found.items()}, covered


def _owner(token: Token, heads: dict[int, ActorRef]) -> ActorRef | None:
    """The country a common noun belongs to: "Danish volunteers", "a court in Guyana"."""
    near = [c for c in token.children if c.dep_ in INSIDE]
    near += [g for c in token.children if c.dep_ == "prep" and c.lower_ in OWNER_PREPS for g in c.children if g.dep_ == "pobj"]
    return next((heads[c.i] for c in near if c.i in heads and heads[c.i].actor), None)


def group_heads(doc: Doc, mentions: list[Mention]) -> dict[int, ActorRef]:
    """The common nouns among actor_heads ("Danish volunteers", "the junta"): those with a sector
    that no mention heads."""
    mentioned, _ = _mention_refs(doc, mentions)
    return {i: ref for i, ref in actor_heads(doc, mentions).items() if i not in mentioned and ref.sector}


def actor_heads(doc: Doc, mentions: list[Mention]) -> dict[int, ActorRef]:
    """Token index of each actor phrase's head -> the actor it stands for (remembered per
    document and mention list: the patterns and the candidate pairs both ask)."""
    key = ("newsgraph_actor_heads", tuple((m.span.start, m.span.end, m.ref) for m in mentions))
    if key not in doc.user_data:
        doc.user_data[key] = _actor_heads(doc, mentions)
    return dict(doc.user_data[key])


def _actor_heads(doc: Doc, mentions: list[Mention]) -> dict[int, ActorRef]:
    heads, covered = _mention_refs(doc, mentions)
    nouns = actor_nouns()
    entity_at = {i: e for e in doc.ents for i in range(e.start, e.end)}
    t = tree(doc)
    for i, pos in enumerate(t.pos):
        if i in heads or pos not in {"NOUN", "PROPN"} or t.dep[i] == "compound":
            continue
        token = doc[i]
        sector = nouns.get(t.lemma[i]) or nouns.get(t.lower[i][:-1] if t.lower[i].endswith("s") else "")  # "Rebels", tagged a name
        if sector is not None:
            owner = _owner(token, heads)
            start, end = phrase(token)
            text = text_of(doc)[start:end]
            heads[i] = ActorRef(text, text, owner.actor if owner else None, sector)
        elif token.ent_type_ in NAMED and i not in covered and token.ent_iob_ in {"B", "I"}:
            ent = entity_at[i]
            if i == ent.root.i and ent.label_ != "NORP":
                heads[i] = ActorRef(ent.text, ent.text, None)
        elif (pos == "PROPN" and t.dep[i] in SUBJECTS and i not in covered
              and token.ent_type_ in NAMED | {""}):  # a name the tagger missed, doing something
            start, end = phrase(token)
            text = text_of(doc)[start:end]
            heads[i] = ActorRef(text, text, None)
    return heads


def thing_heads(doc: Doc, heads: dict[int, ActorRef]) -> dict[int, ActorRef]:
    """Objects that are no actor but may be an event's target ("condemned the attack")."""
    things = {}
    t = tree(doc)
    for i, pos in enumerate(t.pos):
        if i not in heads and pos in {"NOUN", "PROPN"} and t.dep[i] in THING_DEPS:
            token = doc[i]
            if token.ent_type_ not in NOT_THINGS:
                start, end = phrase(token)
                things[i] = ActorRef(text_of(doc)[start:end], text_of(doc)[start:end], None)
    return things


def _inside_one_phrase(t: Tree, a: int, b: int) -> bool:
    """One head modifies the other ("Iran's foreign minister"), or they are conjuncts or appositives."""
    for x, y in ((a, b), (b, a)):
        node = x
        while node != t.head[node] and t.dep[node] in ONE_PHRASE:
            node = t.head[node]
            if node == y:
                return True
    return False


def _can_do(t: Tree, i: int) -> bool:
    """A doer is a subject, an agent, a possessor or modifier, never an object ("sent troops")
    nor the subject of a passive ("journalists were detained by soldiers"), nor a word inside
    such a phrase ("French" in "French journalists were detained")."""
    while t.dep[i] in INSIDE and t.head[i] != i:
        i = t.head[i]
    if t.dep[i] == "pobj":
        return t.lower[t.head[i]] in SOURCE_PREPS
    return t.dep[i] not in {"dobj", "dative", "attr", "oprd", "nsubjpass"}


Pair = tuple[int, int, int, list[int]]  # source head, target head, predicate, dependency path (token indices)


def pairs(doc: Doc, heads: dict[int, ActorRef], things: dict[int, ActorRef] | None = None) -> list[Pair]:
    """Ordered (source, target, predicate, dependency path) head pairs in one sentence linked
    through a predicate; a thing is only ever a target."""
    t = tree(doc)
    found = []
    every = {**(things or {}), **heads}
    in_sentence: dict[tuple[int, int], list[int]] = {}
    for j in sorted(every):  # only heads of the same sentence pair up: look at those alone
        in_sentence.setdefault(t.sentence[j], []).append(j)
    for i in sorted(heads):
        if not _can_do(t, i):
            continue
        for j in in_sentence.get(t.sentence[i], ()):
            if i == j or heads[i] == every[j]:
                continue
            path, lca = tree_path(t, i, j)
            if lca is None or lca in {i, j} or len(path) > MAX_PATH or _inside_one_phrase(t, i, j):
                continue
            if any(t.dep[k] in CLAUSE_UP | ASIDE for k in path[1:path.index(lca)]):
                continue
            found.append((i, j, lca, path))
    return found + _joint_doers(doc, heads)


def _joint_doers(doc: Doc, heads: dict[int, ActorRef]) -> list[Pair]:
    """Joint subjects of one verb, each toward the other ("Kenya and Ethiopia signed a pact"):
    their predicate is the verb, their path goes through it."""
    found = []
    for i in heads:
        first = doc[i]
        verb = first.head
        if first.dep_ not in SUBJECTS or verb.pos_ not in {"VERB", "AUX"}:
            continue
        for other in first.conjuncts:
            if other.i in heads and heads[other.i] != heads[i]:
                found.append((i, other.i, verb.i, [i, verb.i, other.i]))
                found.append((other.i, i, verb.i, [other.i, verb.i, i]))
    return found


def _start(doc: Doc, i: int) -> Token:
    """phrase_start of token i, remembered per document."""
    table = doc.user_data.setdefault("newsgraph_phrase_start", {})
    if i not in table:
        table[i] = phrase_start(doc[i])
    return table[i]


def row(doc: Doc, pair: Pair) -> dict[str, Any]:
    """The marked-pair classifier's input for one candidate, cut to its sentence."""
    source, target, lca, path = pair
    first = (_start(doc, source), _start(doc, target))
    inside = {i for start, head in zip(first, (source, target)) for i in range(start.i, head + 1)}
    bounds = tree(doc).sentence[source]
    offset = doc[bounds[0]].idx
    last = doc[bounds[1] - 1]
    text = text_of(doc)[offset:last.idx + len(last.text)]  # Span.text joins its tokens anew each time
    s, t = ((start.idx - offset, doc[head].idx + len(doc[head].text) - offset)
            for start, head in zip(first, (source, target)))
    return {"text": masked_text(Marked(text, (s,), (t,))),
            "parse": pair_features(doc, source, target, inside, (path, lca))}


def detection_bag(doc: Doc, pair: Pair, heads: dict[int, ActorRef]) -> dict[str, Any]:
    """What the detector reads of one candidate: the marked-pair parse features, and what kind
    of phrase each side is (an actor the tables know, a common noun, a thing)."""
    source, target, lca, path = pair
    inside = {i for head in (source, target) for i in range(_start(doc, head).i, head + 1)}
    bag = pair_features(doc, source, target, inside, (path, lca))
    bag[f"len={len(path)}"] = 1
    bag[f"lcapos={tree(doc).pos[lca]}"] = 1
    for name, index in (("s", source), ("t", target)):
        ref = heads.get(index)
        bag[f"{name}kind={'thing' if ref is None else 'actor' if ref.actor else 'named'}"] = 1
    return bag
