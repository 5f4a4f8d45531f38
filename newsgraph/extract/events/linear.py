"""Decision values of the event classifiers, summed straight from their weights.

Both classifiers are linear: the candidate detector (DictVectorizer + linear SVM) and the
marked-pair typer (TF-IDF of the masked sentence and a DictVectorizer, joined, + linear SVM).
scikit-learn builds a sparse matrix per call and checks it, which costs more than the sums
themselves for the few dozen candidates of an article; these give the same numbers (the tests
compare them with ``decision_function``).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np

_CACHE: dict[int, Any] = {}  # weights per fitted model (by id), read once


def _dict_weights(detector: Any) -> tuple[dict[str, float], float]:
    if id(detector) not in _CACHE:
        svm = detector.named_steps["svm"]
        coef = svm.coef_[0]
        names = detector.named_steps["dict"].vocabulary_
        _CACHE[id(detector)] = ({name: float(coef[j]) for name, j in names.items()}, float(svm.intercept_[0]))
    return _CACHE[id(detector)]


def detector_scores(detector: Any, bags: list[dict[str, Any]]) -> list[float]:
    """detector.decision_function(bags) for a DictVectorizer + binary linear SVM pipeline."""
    weights, bias = _dict_weights(detector)
    return [bias + sum(weights.get(name, 0.0) * value for name, value in bag.items()) for bag in bags]


def _typer_parts(typer: Any) -> tuple[Any, dict[str, int], np.ndarray, dict[str, int], int, np.ndarray, np.ndarray]:
    if id(typer) not in _CACHE:
        union = dict(typer.named_steps["features"].transformer_list)
        tfidf = union["text"].named_steps["tfidf"]
        names = union["parse"].named_steps["dict"].vocabulary_
        svm = typer.named_steps["svm"]
        _CACHE[id(typer)] = (tfidf.build_analyzer(), tfidf.vocabulary_, tfidf.idf_, names,
                             len(tfidf.vocabulary_), svm.coef_, svm.intercept_)
    return _CACHE[id(typer)]


def typer_scores(typer: Any, rows: list[dict[str, Any]]) -> np.ndarray:
    """typer.decision_function(rows) for the pipeline model.build_model makes (sublinear TF-IDF
    with l2 norm over the text, then the parse bag)."""
    analyzer, vocabulary, idf, names, offset, coef, bias = _typer_parts(typer)
    out = np.empty((len(rows), coef.shape[0]))
    for n, row in enumerate(rows):
        counts = Counter(vocabulary[term] for term in analyzer(row["text"]) if term in vocabulary)
        text = {j: (1.0 + math.log(c)) * idf[j] for j, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in text.values())) or 1.0
        index = [*text, *(offset + names[k] for k in row["parse"] if k in names)]
        value = [*(v / norm for v in text.values()), *(row["parse"][k] for k in row["parse"] if k in names)]
        out[n] = coef[:, index] @ np.asarray(value, dtype=float) + bias
    return out


def typer_labels(typer: Any, rows: list[dict[str, Any]]) -> list[str]:
    """typer.predict(rows), from typer_scores."""
    if not rows:
        return []
    classes = typer.named_steps["svm"].classes_
    return [str(classes[i]) for i in typer_scores(typer, rows).argmax(axis=1)]
