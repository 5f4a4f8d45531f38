"""Event-type classifier for a sentence with a marked source and target (PLV format).

A linear model over words of the sentence (source and target masked) and over the
parse between them: the dependency path, the words that govern each side, and the
types our trigger patterns (lang/en/event_patterns.tsv) fire on that path. It was
trained on PLV_train (train/train_events.py) and beats the patterns alone on
held-out folds (docs/EVALUATION.md). Weights ship in extract/models/ and
load once, lazily.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from newsgraph.extract.events.modality import asserted
from newsgraph.extract.events.triggers import candidates, cues, event_types
from newsgraph.extract.events.tree import ancestors, tree
from newsgraph.extract.events.tree import path as tree_path

MODEL_PATH = Path(__file__).resolve().parent / "models" / "plv_events.joblib"
PLV_TYPES = ("ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONSULT", "COOPERATE", "MOBILIZE",
             "PROTEST", "REJECT", "REQUEST", "SANCTION", "SUPPORT", "THREATEN", "YIELD")
TURNED_DOWN = {"RETREAT", "CONCEDE", "AGREE", "COOPERATE", "AID", "SUPPORT"}


@dataclass(frozen=True, slots=True)
class Marked:
    """A PLV sentence with the tags taken out and the source/target character spans kept."""

    text: str
    sources: tuple[tuple[int, int], ...]
    targets: tuple[tuple[int, int], ...]


def parse_marked(marked: str) -> Marked:
    """Strip <s>…</s> and <t>…</t> and remember where they were."""
    text, spans, open_at = [], {"s": [], "t": []}, {}
    position = 0
    for piece in re.split(r"(</?[st]>)", marked):
        tag = re.fullmatch(r"<(/?)([st])>", piece)
        if tag:
            if tag.group(1):
                spans[tag.group(2)].append((open_at.pop(tag.group(2), position), position))
            else:
                open_at[tag.group(2)] = position
        else:
            text.append(piece)
            position += len(piece)
    return Marked("".join(text), tuple(spans["s"]), tuple(spans["t"]))


def plv_label(polecat_type: str) -> str:
    """POLECAT type to the PLV label set (CONCEDE and RETREAT are both YIELD there)."""
    row = event_types().get(polecat_type)
    return row["plv"] if row else polecat_type


def _head(doc: Doc, spans: tuple[tuple[int, int], ...]) -> Token | None:
    for start, end in spans:
        piece = doc.char_span(start, end, alignment_mode="expand")
        if piece is not None and len(piece):
            return piece.root
    return None


def _path(a: Token, b: Token) -> tuple[list[Token], Token | None]:
    """Tokens on the dependency path from a up to the lowest common ancestor and down to b."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i for t in up_b}
    lca = next((t for t in up_a if t.i in ids_b), None)
    if lca is None:
        return up_a + up_b, None
    left = up_a[: [t.i for t in up_a].index(lca.i) + 1]
    right = up_b[: [t.i for t in up_b].index(lca.i)]
    return left + right[::-1], lca


def _triggers(doc: Doc) -> tuple[dict[int, list[int]], set[int]]:
    """The tokens some pattern fires on: per token, those of its sentence, and all of them;
    a per-document table, as every candidate pair of a sentence asks."""
    table = doc.user_data.get("newsgraph_sentence_triggers")
    if table is None:
        by_token: dict[int, list[int]] = {}
        for sent in doc.sents:
            found = [t.i for t in sent if candidates(t)]
            by_token.update((j, found) for j in range(sent.start, sent.end))
        table = doc.user_data["newsgraph_sentence_triggers"] = (by_token, {i for f in by_token.values() for i in f})
    return table


def _inside(doc: Doc, marked: Marked) -> set[int]:
    return {t.i for s, e in marked.sources + marked.targets for t in doc.char_span(s, e, alignment_mode="expand") or ()}


def rule_type(doc: Doc, marked: Marked) -> str | None:
    """The PLV type our trigger patterns give: the trigger on the source-target path first."""
    src, tgt = _head(doc, marked.sources), _head(doc, marked.targets)
    return None if src is None else pair_rule_type(doc, src.i, None if tgt is None else tgt.i, _inside(doc, marked))


def pair_rule_type(doc: Doc, src: int, tgt: int | None, inside: set[int], path: list[int] | None = None) -> str | None:
    """rule_type for head token indices: the first trigger on the path, else the one nearest the
    source (of two as near, the earlier), words of the source and target phrases left out."""
    if path is None:
        path = tree_path(tree(doc), src, tgt)[0] if tgt is not None else ancestors(tree(doc), src)
    by_token, every = _triggers(doc)
    index = next((i for i in path if i not in inside and i in every), None)
    if index is None:
        near = [i for i in by_token[src] if i not in inside]
        if not near:
            return None
        index = min(near, key=lambda i: (abs(i - src), i))
    token = doc[index]
    found = candidates(token)
    if not asserted(token) and found[0].type in TURNED_DOWN and any(c.dep_ == "neg" for c in token.children):
        return "REJECT"
    return plv_label(found[0].type)


def features(doc: Doc, marked: Marked) -> dict[str, Any]:
    """Parse features of one marked sentence, as a bag for a DictVectorizer."""
    src, tgt = _head(doc, marked.sources), _head(doc, marked.targets)
    return pair_features(doc, None if src is None else src.i, None if tgt is None else tgt.i, _inside(doc, marked))


@lru_cache(maxsize=1)
def _modal_words() -> frozenset[str]:
    return cues()["future"] | cues()["hypothetical"]


def pair_features(doc: Doc, src: int | None, tgt: int | None, inside: set[int],
                  known: tuple[list[int], int | None] | None = None) -> dict[str, Any]:
    """features() for the head token indices of a source and a target; ``inside`` holds the
    tokens of both phrases, ``known`` the dependency path and its top when known already."""
    t = tree(doc)
    bag: dict[str, Any] = {}
    path = None
    if src is not None and tgt is not None:
        path, lca = known if known is not None else tree_path(t, src, tgt)
        for i in path:
            if i not in inside:
                bag[f"path={t.lemma[i]}"] = 1
                bag[f"pathdep={t.dep[i]}"] = 1
        if lca is not None:
            bag[f"lca={t.lemma[lca]}"] = 1
            bag["neg"] = int(any(t.dep[c] == "neg" for c in t.children[lca]))
            for c in t.children[lca]:
                if t.dep[c] == "aux" and t.lower[c] in _modal_words():
                    bag[f"aux={t.lower[c]}"] = 1
        first, last = sorted((src, tgt))
        for i in range(first + 1, last):
            if i not in inside and t.alpha[i]:
                bag[f"between={t.lemma[i]}"] = 1
        bag["order"] = int(src < tgt)
    for name, head in (("s", src), ("t", tgt)):
        if head is None:
            continue
        bag[f"{name}dep={t.dep[head]}"] = 1
        gov = t.head[head] if t.dep[head] != "pobj" else t.head[t.head[head]]
        prep = t.lower[t.head[head]] if t.dep[head] == "pobj" else ""
        bag[f"{name}gov={t.lemma[gov]}"] = 1
        bag[f"{name}govprep={t.lemma[gov]}_{prep}"] = 1
    kind = pair_rule_type(doc, src, tgt, inside, path) if src is not None else None
    if kind:
        bag[f"rule={kind}"] = 1
    return bag


def masked_text(marked: Marked) -> str:
    """The sentence with the source and target replaced by placeholders."""
    pieces, last = [], 0
    spans = sorted([(s, e, " SRC ") for s, e in marked.sources] + [(s, e, " TGT ") for s, e in marked.targets])
    for start, end, word in spans:
        if start >= last:
            pieces.append(marked.text[last:start] + word)
            last = end
    pieces.append(marked.text[last:])
    return re.sub(r"\s+", " ", "".join(pieces)).strip()


def examples(docs: list[Doc], marks: list[Marked]) -> list[dict[str, Any]]:
    """Model inputs: masked text plus parse features, one dict per sentence."""
    return [{"text": masked_text(m), "parse": features(d, m)} for d, m in zip(docs, marks)]


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The shipped classifier, loaded once; None when no weights are shipped."""
    if not MODEL_PATH.exists():
        return None
    import joblib

    return joblib.load(MODEL_PATH)


def classify(doc: Doc, marked: Marked) -> str | None:
    """The PLV type for one parsed, marked sentence: the model if shipped, else the patterns."""
    model = load_model()
    if model is None:
        return rule_type(doc, marked)
    return str(model.predict(examples([doc], [marked]))[0])


def pick_text(rows: list[dict[str, Any]]) -> list[str]:
    return [row["text"] for row in rows]


def pick_parse(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row["parse"] for row in rows]


def build_model(c: float = 1.0, parse: bool = True, text: bool = True) -> Any:
    """The classifier: TF-IDF word n-grams of the masked sentence + parse features, linear SVM."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import LinearSVC

    parts = []
    if text:
        parts.append(("text", Pipeline([("pick", FunctionTransformer(pick_text)),
                                        ("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True))])))
    if parse:
        parts.append(("parse", Pipeline([("pick", FunctionTransformer(pick_parse)),
                                         ("dict", DictVectorizer())])))
    return Pipeline([("features", FeatureUnion(parts)),
                     ("svm", LinearSVC(C=c, class_weight="balanced", random_state=0))])


C_GRID = (0.1, 0.3, 1.0)


def fit(rows: list[dict[str, Any]], labels: list[str], seed: int = 13, select: bool = True) -> Any:
    """Train on these rows; C is chosen by an inner 3-fold CV on them alone (or fixed at 0.3)."""
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    if not select:
        return build_model(0.3).fit(rows, labels)
    search = GridSearchCV(build_model(), {"svm__C": list(C_GRID)}, scoring="f1_macro",
                          cv=StratifiedKFold(3, shuffle=True, random_state=seed), n_jobs=1)
    return search.fit(rows, labels).best_estimator_
