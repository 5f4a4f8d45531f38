"""Event candidates from the parse, and the learnt decision on each.

Trigger patterns (extract/events/rules.py) only find events whose verb or noun they list.
Here every ordered pair of actor phrases that a predicate links in one sentence is a
candidate, described exactly as the marked-pair classifier (extract/events/model.py)
describes a PLV sentence; a second classifier, trained on PLV_train with the pairs
that are not marked as "no event" (train/train_events.py), gives each candidate a
type or NONE. Actor phrases are the actor mentions, common nouns that name a group
or body (lang/en/event_actors.tsv: "Danish volunteers", "the junta") and named
entities the actor tables do not know.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from newsgraph.extract.events.model import Marked, _path, features, masked_text
from newsgraph.extract.events.rules import KIND_RANK, _rows, cues, lemma
from newsgraph.model import ActorRef, Mention
from newsgraph.nlp import text_of

MODEL_PATH = Path(__file__).resolve().parent / "models" / "plv_candidates.joblib"
NONE = "NONE"
C_CANDIDATES = 0.3  # fixed, not searched, to keep training lean
MARGIN = -0.5  # a candidate is an event when its best type (not NONE) scores at least this; chosen of 0, -0.25, -0.5
MAX_PATH = 7  # tokens on the dependency path between the two heads, both included
NAMED = {"PERSON", "ORG", "NORP", "GPE"}
THING_DEPS = {"dobj", "pobj", "nsubjpass"}
OWNER_PREPS = {"of", "in", "from"}
SOURCE_PREPS = {"by", "of", "in", "from", "for"}
CLAUSE_UP = {"ccomp", "advcl", "parataxis", "relcl", "acl", "pcomp"}  # a doer inside a subordinate clause
ASIDE = {"appos"}  # "Turkey, a NATO member, refused": NATO is no doer
INSIDE = {"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod", "case", "punct"}


@lru_cache(maxsize=1)
def actor_nouns() -> dict[str, str]:
    """Common-noun lemma -> sector, from event_actors.tsv."""
    return {row["noun"]: row["sector"] for row in _rows("event_actors.tsv")}


def phrase(token: Token) -> tuple[int, int]:
    """Character span of a head's noun phrase, without what follows it (appositive, clause)."""
    start = token
    for left in token.lefts:
        if left.dep_ in INSIDE or left.dep_ == "amod":
            start = min(start, left.left_edge, key=lambda t: t.i)
            break
    while start.i < token.i and start.is_punct:
        start = start.doc[start.i + 1]
    return start.idx, token.idx + len(token.text)


def _mention_refs(doc: Doc, mentions: list[Mention]) -> dict[int, ActorRef]:
    """Each mention at the token that heads it (the best-ranked mention when several do)."""
    found: dict[int, tuple[tuple[int, int], ActorRef]] = {}
    for mention in mentions:
        if not (mention.ref.actor or mention.ref.name):
            continue
        piece = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if piece is None or not len(piece):
            continue
        rank = (KIND_RANK.get(mention.kind, 6), mention.span.start)
        if piece.root.i not in found or rank < found[piece.root.i][0]:
            found[piece.root.i] = (rank, mention.ref)
    return {i: ref for i, (_, ref) in found.items()}


def _owner(token: Token, heads: dict[int, ActorRef]) -> ActorRef | None:
    """The country a common noun belongs to: "Danish volunteers", "a court in Guyana"."""
    near = [c for c in token.children if c.dep_ in INSIDE]
    near += [g for c in token.children if c.dep_ == "prep" and c.lower_ in OWNER_PREPS for g in c.children if g.dep_ == "pobj"]
    return next((heads[c.i] for c in near if c.i in heads and heads[c.i].actor), None)


def actor_heads(doc: Doc, mentions: list[Mention]) -> dict[int, ActorRef]:
    """Token index of each actor phrase's head -> the actor it stands for."""
    heads = _mention_refs(doc, mentions)
    covered = {t.i for m in mentions for t in doc.char_span(m.span.start, m.span.end, alignment_mode="expand") or ()}
    nouns = actor_nouns()
    entity_at = {i: e for e in doc.ents for i in range(e.start, e.end)}
    for token in doc:
        if token.i in heads or token.pos_ not in {"NOUN", "PROPN"} or token.dep_ == "compound":
            continue
        sector = nouns.get(token.lemma_.lower())
        if sector is not None:
            owner = _owner(token, heads)
            start, end = phrase(token)
            text = text_of(doc)[start:end]
            heads[token.i] = ActorRef(text, text, owner.actor if owner else None, sector)
        elif token.ent_type_ in NAMED and token.i not in covered and token.ent_iob_ in {"B", "I"}:
            ent = entity_at[token.i]
            if token.i == ent.root.i and ent.label_ != "NORP":
                heads[token.i] = ActorRef(ent.text, ent.text, None)
    return heads


def thing_heads(doc: Doc, heads: dict[int, ActorRef]) -> dict[int, ActorRef]:
    """Objects that are no actor but may be an event's target ("condemned the attack")."""
    things = {}
    for token in doc:
        if token.i not in heads and token.pos_ in {"NOUN", "PROPN"} and token.dep_ in THING_DEPS:
            start, end = phrase(token)
            things[token.i] = ActorRef(text_of(doc)[start:end], text_of(doc)[start:end], None)
    return things


def _inside_one_phrase(a: Token, b: Token) -> bool:
    """One head modifies the other ("Iran's foreign minister"), or they are conjuncts or appositives."""
    for x, y in ((a, b), (b, a)):
        node = x
        while node.i != node.head.i and node.dep_ in INSIDE | {"appos", "conj", "cc", "prep", "pobj", "acl"}:
            node = node.head
            if node.i == y.i:
                return True
    return False


def _can_do(token: Token) -> bool:
    """A doer is a subject, an agent, a possessor or modifier, never an object ("sent troops")
    nor the subject of a passive ("journalists were detained by soldiers")."""
    if token.dep_ == "pobj":
        return token.head.lower_ in SOURCE_PREPS
    return token.dep_ not in {"dobj", "dative", "attr", "oprd", "nsubjpass"}


def pairs(doc: Doc, heads: dict[int, ActorRef], things: dict[int, ActorRef] | None = None
          ) -> list[tuple[Token, Token, Token]]:
    """Ordered (source, target, predicate) head pairs in one sentence linked through a predicate;
    a thing is only ever a target."""
    found = []
    every = {**(things or {}), **heads}
    sentence = {t.i: n for n, sent in enumerate(doc.sents) for t in sent}
    in_sentence: dict[int, list[int]] = {}
    for j in sorted(every):  # only heads of the same sentence pair up: look at those alone
        in_sentence.setdefault(sentence[j], []).append(j)
    for i in sorted(heads):
        for j in in_sentence.get(sentence[i], ()):
            a, b = doc[i], doc[j]
            if i == j or heads[i] == every[j]:
                continue
            if not _can_do(a):
                continue
            path, lca = _path(a, b)
            if lca is None or lca.i in {i, j} or len(path) > MAX_PATH or _inside_one_phrase(a, b):
                continue
            if any(t.dep_ in CLAUSE_UP | ASIDE for t in path[1:path.index(lca)]):
                continue
            found.append((a, b, lca))
    return found


def row(doc: Doc, source: Token, target: Token, sent: Any = None) -> dict[str, Any]:
    """The marked-pair classifier's input for one candidate, cut to its sentence."""
    sent = sent if sent is not None else source.sent  # Token.sent walks the document: pass it when known
    s, t = phrase(source), phrase(target)
    absolute = Marked("", (s,), (t,))  # features() reads only the offsets
    offset = sent.start_char
    text = text_of(doc)[offset:sent.end_char]  # Span.text joins its tokens anew each time
    relative = Marked(text, ((s[0] - offset, s[1] - offset),), ((t[0] - offset, t[1] - offset),))
    return {"text": masked_text(relative), "parse": features(doc, absolute)}


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The shipped candidate classifier, loaded once; None when no weights are shipped."""
    if not MODEL_PATH.exists():
        return None
    import joblib

    return joblib.load(MODEL_PATH)


def decide(doc: Doc, mentions: list[Mention], model: Any = None) -> list[tuple[str, Token, Token, Token, ActorRef, ActorRef]]:
    """Each candidate the classifier calls an event: (PLV type, source, target, predicate, refs)."""
    model = model if model is not None else load_model()
    if model is None:
        return []
    heads = actor_heads(doc, mentions)
    things = thing_heads(doc, heads)
    found = pairs(doc, heads, things)
    heads = {**things, **heads}
    if not found:
        return []
    sentence = {t.i: sent for sent in doc.sents for t in sent}
    scores = model.decision_function([row(doc, a, b, sentence[a.i]) for a, b, _ in found])
    classes = [str(c) for c in model.classes_]
    kept = []
    for score, (a, b, lca) in zip(scores, found):
        best = int(score.argmax())
        if classes[best] != NONE and score[best] >= MARGIN:
            kept.append((classes[best], a, b, lca, heads[a.i], heads[b.i]))
    return kept


def training_rows(doc: Doc, mentions: list[Mention], marked: Marked, gold: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Candidates of one PLV sentence: those on the marked pair take its type, the rest NONE."""
    def hits(token: Token, spans: tuple[tuple[int, int], ...]) -> bool:
        start, end = phrase(token)
        return any(start < e and s < end for s, e in spans)

    rows, labels = [], []
    heads = actor_heads(doc, mentions)
    for a, b, _ in pairs(doc, heads, thing_heads(doc, heads)):
        rows.append(row(doc, a, b))
        labels.append(gold if hits(a, marked.sources) and hits(b, marked.targets) else NONE)
    return rows, labels


KEEP_UNASSERTED = {"THREATEN", "REQUEST", "REJECT", "ACCUSE"}  # types that are themselves the mode


def polecat_type(label: str, predicate: Token) -> tuple[str, str | None]:
    """The POLECAT type and mode for a PLV label, taken from the predicate's pattern when it agrees."""
    from newsgraph.extract.events.model import plv_label
    from newsgraph.extract.events.rules import candidates

    for pattern in candidates(predicate):
        if plv_label(pattern.type) == label:
            return pattern.type, pattern.mode
    return ("CONCEDE" if label == "YIELD" else label), None


def _act(a: Token, b: Token, lca: Token) -> Token:
    """The word that names the act: the first listed trigger from the predicate down to the
    target ("said they would block": block), else the predicate itself."""
    from newsgraph.extract.events.rules import candidates

    path, _ = _path(a, b)
    return next((t for t in path[path.index(lca):] if candidates(t)), lca)


def _other_doer(a: Token, b: Token, lca: Token) -> bool:
    """The act lies in a clause with a doer of its own ("Athens said that Turkish jets attacked"):
    the source only speaks of it. A pronoun there is the speaker ("said they would block")."""
    path, _ = _path(a, b)
    for token in path[path.index(lca) + 1:]:
        if token.dep_ in {"ccomp", "advcl"}:
            own = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if own is not None and own.pos_ != "PRON":
                return True
    return False


def learnt_events(doc: Doc, mentions: list[Mention], actors: Any, published: str | None,
                  taken: set[tuple[str | None, str | None, int]], model: Any = None) -> list[Any]:
    """Events for the candidates the classifier types, except pairs the patterns already coded.

    A threat, demand, refusal or accusation is kept as such even when its act is not asserted
    ("said they would block"); any other type needs its predicate and its act asserted, so
    "did not attack" and "might send" make no event. A thing as target ("condemned the
    attack") is dropped where the patterns already coded that doer's act of that type."""
    from newsgraph.extract.events.rules import _evidence, _key, _make, _reporter, asserted

    found = []
    for label, a, b, predicate, source, target in decide(doc, mentions, model):
        if (_key(source), _key(target), _evidence(doc, predicate).start) in taken:
            continue
        if lemma(predicate) in cues()["naming"] and label != "ACCUSE":
            continue  # "called the strike an act of aggression": the rules read who accuses whom
        quote = actors.quote_at(predicate)
        if label == "ACCUSE" and quote is not None and quote.speaker is not None and quote.speaker != source:
            continue  # '"the US committed an act of aggression," Moscow said': the accuser is the speaker
        if _other_doer(a, b, predicate):
            continue
        act = _act(a, b, predicate)
        kind, mode = polecat_type(label, act)
        if not target.actor and (_key(source), kind, _evidence(doc, predicate).start) in taken:
            continue  # the patterns coded this doer's act here already
        if kind not in KEEP_UNASSERTED and not (asserted(act) and asserted(predicate)):
            continue
        found.extend(_make(doc, kind, mode, [source], [target], [act], published, _reporter(act, actors)))
    return found


def fit_candidates(docs: list[Doc], mentions: list[list[Mention]], marks: list[Marked], gold: list[str],
                   seed: int = 13) -> Any:
    """Train the candidate classifier on these PLV sentences: every candidate, plus each marked pair."""
    from newsgraph.extract.events.model import build_model, examples

    rows, labels = examples(docs, marks), list(gold)
    for doc, found, marked, label in zip(docs, mentions, marks, gold):
        more, names = training_rows(doc, found, marked, label)
        rows.extend(more)
        labels.extend(names)
    model = build_model(C_CANDIDATES)
    model.set_params(svm__random_state=seed)
    return model.fit(rows, labels)
