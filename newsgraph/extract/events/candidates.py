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
from collections.abc import Callable
from typing import Any, NamedTuple

from spacy.tokens import Doc, Token

from newsgraph.extract.events.linear import detector_scores, typer_labels
from newsgraph.extract.events.model import Marked, masked_text, pair_features
from newsgraph.extract.events.tree import Tree, tree
from newsgraph.extract.events.tree import path as tree_path
from newsgraph.extract.events.rules import KIND_RANK, NOT_THINGS, _rows, cues, lemma
from newsgraph.model import ActorRef, Mention
from newsgraph.nlp import text_of

MODEL_PATH = Path(__file__).resolve().parent / "models" / "plv_candidates.joblib"
NONE = "NONE"
C_CANDIDATES = 0.3  # fixed, not searched, to keep training lean
THRESHOLD = 0.0  # a candidate is an event when the detector scores it at least this
MAX_PATH = 7  # tokens on the dependency path between the two heads, both included
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


class Deciders(NamedTuple):
    """The two learnt steps: ``detector`` says which candidate pairs are events (parse features
    alone, cheap enough for every pair), ``typer`` (the marked-pair classifier) types those."""

    detector: Any
    typer: Any


@lru_cache(maxsize=1)
def load_model() -> Deciders | None:
    """The shipped detector and typer, loaded once; None when no weights are shipped."""
    from newsgraph.extract.events.model import load_model as load_typer

    typer = load_typer()
    if not MODEL_PATH.exists() or typer is None:
        return None
    import joblib

    return Deciders(joblib.load(MODEL_PATH), typer)


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


def decide(doc: Doc, mentions: list[Mention], model: Deciders | None = None,
           skip: Callable[[Pair, ActorRef, ActorRef], bool] | None = None
           ) -> list[tuple[str, Pair, ActorRef, ActorRef]]:
    """Each candidate the detector calls an event, typed: (PLV type, pair, source and target
    refs). ``skip`` leaves out pairs before they are scored (those the patterns coded already)."""
    model = model if model is not None else load_model()
    if model is None:
        return []
    actors = actor_heads(doc, mentions)
    things = thing_heads(doc, actors)
    heads = {**things, **actors}
    found = [p for p in pairs(doc, actors, things) if skip is None or not skip(p, heads[p[0]], heads[p[1]])]
    if not found:
        return []
    scores = detector_scores(model.detector, [detection_bag(doc, pair, actors) for pair in found])
    found = [pair for pair, score in zip(found, scores) if score >= THRESHOLD]
    if not found:
        return []
    labels = typer_labels(model.typer, [row(doc, pair) for pair in found])
    return [(str(label), pair, heads[pair[0]], heads[pair[1]]) for label, pair in zip(labels, found)]


def training_rows(doc: Doc, mentions: list[Mention], marked: Marked) -> tuple[list[dict[str, Any]], list[int]]:
    """Detector rows of one PLV sentence: the candidates on the marked pair are events (1), the rest not (0)."""
    def hits(index: int, spans: tuple[tuple[int, int], ...]) -> bool:
        start, end = phrase(doc[index])
        return any(start < e and s < end for s, e in spans)

    heads = actor_heads(doc, mentions)
    found = pairs(doc, heads, thing_heads(doc, heads))
    rows = [detection_bag(doc, pair, heads) for pair in found]
    return rows, [int(hits(a, marked.sources) and hits(b, marked.targets)) for a, b, _, _ in found]


KEEP_UNASSERTED = {"THREATEN", "REQUEST", "REJECT", "ACCUSE"}  # types that are themselves the mode


def polecat_type(label: str, predicate: Token) -> tuple[str, str | None]:
    """The POLECAT type and mode for a PLV label, taken from the predicate's pattern when it agrees."""
    from newsgraph.extract.events.model import plv_label
    from newsgraph.extract.events.rules import candidates

    for pattern in candidates(predicate):
        if plv_label(pattern.type) == label:
            return pattern.type, pattern.mode
    return ("CONCEDE" if label == "YIELD" else label), None


def _act(doc: Doc, path: list[int], lca: int) -> Token:
    """The word that names the act: the first listed trigger from the predicate down to the
    target ("said they would block": block), else the predicate itself."""
    from newsgraph.extract.events.rules import candidates

    return next((doc[i] for i in path[path.index(lca):] if candidates(doc[i])), doc[lca])


def _other_doer(doc: Doc, path: list[int], lca: int) -> bool:
    """The act lies in a clause with a doer of its own ("Athens said that Turkish jets attacked"):
    the source only speaks of it. A pronoun there is the speaker ("said they would block")."""
    t = tree(doc)
    for i in path[path.index(lca) + 1:]:
        if t.dep[i] in {"ccomp", "advcl"}:
            own = next((c for c in t.children[i] if t.dep[c] in {"nsubj", "nsubjpass"}), None)
            if own is not None and t.pos[own] != "PRON":
                return True
        if t.dep[i] == "xcomp" and any(t.dep[c] == "dobj" and c not in path for c in t.children[t.head[i]]):
            return True  # "Paris urged Bamako to free the reporters": Bamako is to free them
    return False


def learnt_events(doc: Doc, mentions: list[Mention], actors: Any, published: str | None,
                  taken: set[tuple[str | None, str | None, int]], model: Any = None) -> list[Any]:
    """Events for the candidates the classifier types, except pairs the patterns already coded.

    A threat, demand, refusal or accusation is kept as such even when its act is not asserted
    ("said they would block"); any other type needs its predicate and its act asserted, so
    "did not attack" and "might send" make no event. A thing as target ("condemned the
    attack") is dropped where the patterns already coded that doer's act of that type."""
    from newsgraph.extract.events.intent import MATERIAL, intent, quad
    from newsgraph.extract.events.rules import _evidence, _key, _make, _reporter, asked, asserted, candidates

    def coded(pair: Pair, source: ActorRef, target: ActorRef) -> bool:
        return (_key(source), _key(target), _evidence(doc, doc[pair[2]]).start) in taken or _other_doer(doc, pair[3], pair[2])

    found = []
    for label, (_, _, top, path), source, target in decide(doc, mentions, model, skip=coded):
        predicate = doc[top]
        if lemma(predicate) in cues()["naming"] and label != "ACCUSE":
            continue  # "called the strike an act of aggression": the rules read who accuses whom
        quote = actors.quote_at(predicate)
        if label == "ACCUSE" and quote is not None and quote.speaker is not None and quote.speaker != source:
            continue  # '"the US committed an act of aggression," Moscow said': the accuser is the speaker
        act = _act(doc, path, top)
        kind, mode = polecat_type(label, act)
        if quad(kind) in MATERIAL and (lemma(act) in cues()["speech"] or (
                candidates(act) and all(quad(p.type) not in MATERIAL for p in candidates(act)))):
            continue  # "said it was monitoring", "urged citizens to stay calm": words are no material act
        if kind in {"REQUEST", "REJECT", "THREATEN"} and not mode:
            mode = asked(act)  # "refused to send troops": send
        start = _evidence(doc, predicate).start
        if (not target.actor and (_key(source), kind, start) in taken) or (
                not source.actor and (_key(target), kind, start) in taken):
            continue  # the patterns coded this act of this doer (or toward this target) here already
        if kind not in KEEP_UNASSERTED and not (asserted(act) and asserted(predicate)):
            told = candidates(act)  # an intended act is typed by its own word: "would block" threatens
            planned = intent(told[0].type if told else kind, act) if asserted(predicate) or predicate == act else None
            if planned is None:
                continue
            kind, mode = planned  # "agreed to provide Sri Lanka with": an AGREE to provide
        if kind == "REJECT" and _negated_act(act):
            continue  # "did not strike" is no refusal; "did not give permission" is
        found.extend(_make(doc, kind, mode, [source], [target], [act], published, _reporter(act, actors)))
    return found


def _negated_act(act: Token) -> bool:
    """A negated act of a type one cannot refuse to others ("did not attack")."""
    from newsgraph.extract.events.model import TURNED_DOWN
    from newsgraph.extract.events.rules import candidates

    found = candidates(act)
    return any(c.dep_ == "neg" for c in act.children) and bool(found) and found[0].type not in TURNED_DOWN


def small_index(matrix: Any) -> Any:
    """DictVectorizer's sparse matrix with the 32-bit indices liblinear accepts."""
    matrix = matrix.tocsr()
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    return matrix


def fit_candidates(docs: list[Doc], mentions: list[list[Mention]], marks: list[Marked], gold: list[str],
                   seed: int = 13, typer: Any = None) -> Deciders:
    """Train the detector on the candidates of these PLV sentences, and the typer (unless given)
    on their marked pairs."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import LinearSVC

    from newsgraph.extract.events.model import examples, fit

    rows, labels = [], []
    for doc, found, marked in zip(docs, mentions, marks):
        more, names = training_rows(doc, found, marked)
        rows.extend(more)
        labels.extend(names)
    detector = Pipeline([("dict", DictVectorizer()), ("index", FunctionTransformer(small_index)),
                         ("svm", LinearSVC(C=C_CANDIDATES, class_weight="balanced", random_state=seed))])
    detector.fit(rows, labels)
    return Deciders(detector, typer if typer is not None else fit(examples(docs, marks), gold, seed=seed))
