"""The learnt decision on event candidates, and the events it makes.

Every candidate pair of a sentence (extract/events/candidates.py) is scored by a detector
trained on PLV_train, where the marked pair of each sentence is an event and the other pairs
are not (train/train_events.py); the pairs it keeps are typed by the marked-pair classifier
(extract/events/model.py). Those the trigger patterns coded already are left to them, and the
mode stays attached: a threat, demand, refusal or accusation is kept as such, an announced act
becomes an intent (extract/events/intent.py), and a negated or merely possible act is no event.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from spacy.tokens import Doc, Token

from newsgraph.extract.events.candidates import (Pair, actor_heads, detection_bag, pairs, phrase, row,
                                                 thing_heads)
from newsgraph.extract.events.linear import detector_scores, typer_labels
from newsgraph.extract.events.model import Marked
from newsgraph.extract.events.triggers import cues, lemma
from newsgraph.extract.events.tree import tree
from newsgraph.model import ActorRef, Mention

MODEL_PATH = Path(__file__).resolve().parent / "models" / "plv_candidates.joblib"
NO_EVENTS = MODEL_PATH.parent / "no_events.txt"
C_CANDIDATES = 0.1  # the detector SVM's C, of 0.1, 0.3, 1.0 on the held-out folds (docs/EVALUATION.md)
THRESHOLD = -0.1  # a candidate is an event when the detector scores it at least this (of -0.3 to 1.0)
THING_THRESHOLD = 0.2  # the same for a target that is no actor ("condemned the attack"): surer, as such targets mislead more


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
    found = [pair for pair, score in zip(found, scores) if score >= (THRESHOLD if pair[1] in actors else THING_THRESHOLD)]
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
    from newsgraph.extract.events.triggers import candidates

    for pattern in candidates(predicate):
        if plv_label(pattern.type) == label:
            return pattern.type, pattern.mode
    return ("CONCEDE" if label == "YIELD" else label), None


def _act(doc: Doc, path: list[int], lca: int) -> Token:
    """The word that names the act: the first listed trigger from the predicate down to the
    target ("said they would block": block), else the predicate itself."""
    from newsgraph.extract.events.triggers import candidates

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
    from newsgraph.extract.events.arguments import _light_verb
    from newsgraph.extract.events.merge import _key
    from newsgraph.extract.events.modality import _reporter, asked, asserted
    from newsgraph.extract.events.rules import _evidence, _make
    from newsgraph.extract.events.triggers import candidates

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
        light = _light_verb(act) if act.pos_ in {"NOUN", "PROPN"} else None  # "would not provide support"
        if kind not in KEEP_UNASSERTED and not (asserted(act) and asserted(predicate) and (light is None or asserted(light))):
            told = candidates(act)  # an intended act is typed by its own word: "would block" threatens
            planned = (intent(told[0].type if told else kind, light or act, act)
                       if asserted(predicate) or predicate in (act, light) else None)
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
    from newsgraph.extract.events.triggers import candidates

    found = candidates(act)
    return any(c.dep_ == "neg" for c in act.children) and bool(found) and found[0].type not in TURNED_DOWN


def small_index(matrix: Any) -> Any:
    """DictVectorizer's sparse matrix with the 32-bit indices liblinear accepts."""
    matrix = matrix.tocsr()
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    return matrix


def no_event_rows() -> list[dict[str, Any]]:
    """Detector rows of our own sentences in which no actor pair is an event (models/no_events.txt)."""
    from newsgraph import nlp
    from newsgraph.extract.actors.mentions import extract_actors

    lines = NO_EVENTS.read_text(encoding="utf-8").splitlines()
    rows = []
    for doc in nlp.parse_many([line for line in lines if line.strip() and not line.startswith("#")]):
        heads = actor_heads(doc, extract_actors(doc))
        rows.extend(detection_bag(doc, pair, heads) for pair in pairs(doc, heads, thing_heads(doc, heads)))
    return rows


def fit_candidates(docs: list[Doc], mentions: list[list[Mention]], marks: list[Marked], gold: list[str],
                   seed: int = 13, typer: Any = None, negatives: list[dict[str, Any]] | None = None) -> Deciders:
    """Train the detector on the candidates of these PLV sentences and on ``negatives`` (rows that
    are no event; by default no_event_rows()), and the typer (unless given) on the marked pairs."""
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
    negatives = no_event_rows() if negatives is None else negatives
    rows.extend(negatives)
    labels.extend([0] * len(negatives))
    detector = Pipeline([("dict", DictVectorizer()), ("index", FunctionTransformer(small_index)),
                         ("svm", LinearSVC(C=C_CANDIDATES, class_weight="balanced", random_state=seed))])
    detector.fit(rows, labels)
    return Deciders(detector, typer if typer is not None else fit(examples(docs, marks), gold, seed=seed))
