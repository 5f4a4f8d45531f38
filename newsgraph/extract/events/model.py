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

from newsgraph.extract.events.rules import asserted, candidates, cues, event_types

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


def _sentence(token: Token) -> tuple[int, int]:
    """Token bounds of a token's sentence, from a per-document table: Token.sent walks the doc."""
    table = token.doc.user_data.get("newsgraph_sentences")
    if table is None:
        table = token.doc.user_data["newsgraph_sentences"] = {
            t.i: (sent.start, sent.end) for sent in token.doc.sents for t in sent}
    return table[token.i]


def _candidates(token: Token) -> tuple[Any, ...]:
    """candidates(token), remembered per document: every candidate pair scans its sentence."""
    table = token.doc.user_data.setdefault("newsgraph_triggers", {})
    if token.i not in table:
        table[token.i] = candidates(token)
    return table[token.i]


def rule_type(doc: Doc, marked: Marked) -> str | None:
    """The PLV type our trigger patterns give: the trigger on the source-target path first."""
    src, tgt = _head(doc, marked.sources), _head(doc, marked.targets)
    if src is None:
        return None
    path, _ = _path(src, tgt) if tgt is not None else ([src, *src.ancestors], None)
    inside = {t.i for s, e in marked.sources + marked.targets for t in doc.char_span(s, e, alignment_mode="expand") or ()}
    start, end = _sentence(src)
    near = sorted((i for i in range(start, end) if i not in inside), key=lambda i: abs(i - src.i))
    order = [t.i for t in path if t.i not in inside] + near
    for index in order:
        token = doc[index]
        found = _candidates(token)
        if found:
            kind = plv_label(found[0].type)
            if not asserted(token) and found[0].type in TURNED_DOWN and any(
                    c.dep_ == "neg" for c in token.children):
                return "REJECT"
            return kind
    return None


def features(doc: Doc, marked: Marked) -> dict[str, Any]:
    """Parse features of one marked sentence, as a bag for a DictVectorizer."""
    bag: dict[str, Any] = {}
    src, tgt = _head(doc, marked.sources), _head(doc, marked.targets)
    inside = {t.i for s, e in marked.sources + marked.targets for t in doc.char_span(s, e, alignment_mode="expand") or ()}
    if src is not None and tgt is not None:
        path, lca = _path(src, tgt)
        for token in path:
            if token.i not in inside:
                bag[f"path={token.lemma_.lower()}"] = 1
                bag[f"pathdep={token.dep_}"] = 1
        if lca is not None:
            bag[f"lca={lca.lemma_.lower()}"] = 1
            negated = any(c.dep_ == "neg" for c in lca.children)
            modal = [c.lower_ for c in lca.children if c.dep_ == "aux" and c.lower_ in cues()["future"] | cues()["hypothetical"]]
            bag["neg"] = int(negated)
            for word in modal:
                bag[f"aux={word}"] = 1
        first, last = sorted((src.i, tgt.i))
        for token in doc[first + 1:last]:
            if token.i not in inside and token.is_alpha:
                bag[f"between={token.lemma_.lower()}"] = 1
        bag["order"] = int(src.i < tgt.i)
    for name, head in (("s", src), ("t", tgt)):
        if head is None:
            continue
        bag[f"{name}dep={head.dep_}"] = 1
        gov = head.head if head.dep_ != "pobj" else head.head.head
        prep = head.head.lower_ if head.dep_ == "pobj" else ""
        bag[f"{name}gov={gov.lemma_.lower()}"] = 1
        bag[f"{name}govprep={gov.lemma_.lower()}_{prep}"] = 1
    kind = rule_type(doc, marked)
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
