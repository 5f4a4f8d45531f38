"""Streaming TF-IDF: hashed term counts plus document frequencies learnt as articles arrive.

A fitted vocabulary would have to be refitted, and every stored vector redone, whenever new
words appear; hashing needs no vocabulary, and the IDF from running document frequencies is
applied at comparison time, so vectors stored months ago stay comparable with today's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

N_FEATURES = 2**20
_WORD = r"(?u)\b[^\W\d_][^\W\d_'’-]+\b"  # words of two or more letters
_NAME = re.compile(r"\b(?:[A-Z][^\W_]*(?:['’-][^\W_]+)*|[^\W_]*\d(?:[.,]?[^\W_])*)\b")  # Capitalised; with digits
_STOP = frozenset(ENGLISH_STOP_WORDS)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
DECIMALS = 6  # weights kept and stored at this precision, so a restored vector equals the live one


def _names(text: str) -> list[str]:
    """Capitalised words and numbers: what tells two stories of the same kind apart."""
    out = []
    for m in _NAME.finditer(text):
        token = m.group().lower()
        if token not in _STOP and len(token) > 1:
            out.append(token)
    return out


@dataclass(slots=True)
class Sparse:
    """A sparse vector: sorted unique term indices and their weights."""

    idx: np.ndarray
    val: np.ndarray

    @classmethod
    def empty(cls) -> "Sparse":
        return cls(np.zeros(0, np.int64), np.zeros(0, np.float64))

    def __len__(self) -> int:
        return len(self.idx)

    def to_state(self) -> dict[str, list]:
        """Plain JSON: two lists; weights rounded (kept vectors already are: see ``prune``)."""
        return {"t": self.idx.tolist(), "w": np.round(self.val, DECIMALS).tolist()}

    @classmethod
    def from_state(cls, data: dict[str, list]) -> "Sparse":
        return cls(np.asarray(data["t"], np.int64), np.asarray(data["w"], np.float64))


def dot(a: Sparse, b: Sparse) -> float:
    """Sparse dot product (a cosine when both are L2-normalised)."""
    _, ia, ib = np.intersect1d(a.idx, b.idx, assume_unique=True, return_indices=True)
    return float(np.dot(a.val[ia], b.val[ib]))


def add(a: Sparse, b: Sparse) -> Sparse:
    """``a + b``, for summing a story's members into its centroid."""
    idx, inv = np.unique(np.concatenate([a.idx, b.idx]), return_inverse=True)
    val = np.bincount(inv, weights=np.concatenate([a.val, b.val]), minlength=len(idx))
    return Sparse(idx, val)


class StreamingTfidf:
    """Turns texts into sparse term-frequency vectors and keeps document frequencies.

    Two kinds of terms share one vector: lowercased words (indices below ``n_features``) and
    names, i.e. capitalised words and numbers (indices from ``n_features`` up), weighed up by
    ``name_boost``. Names tell apart two stories of the same kind (two earthquakes, two
    signings) that share most of their words. Term frequencies are kept without IDF
    (``tf``); ``weigh`` applies the IDF known *now*, so centroids built from old articles are
    weighed by today's statistics.
    """

    def __init__(
        self,
        n_features: int = N_FEATURES,
        name_boost: float = 2.0,
        lead_weight: float = 3.0,
        lead_sentences: int = 4,
    ) -> None:
        self.n_features = n_features
        self.name_boost = name_boost
        self.lead_weight = lead_weight
        self.lead_sentences = lead_sentences
        common = dict(n_features=n_features, alternate_sign=False, norm=None, dtype=np.float64)
        self._words = HashingVectorizer(stop_words=sorted(_STOP), token_pattern=_WORD, **common)
        self._names = HashingVectorizer(analyzer=_names, **common)
        self.df = np.zeros(2 * n_features, np.int32)
        self.n_docs = 0

    def _counts(self, text: str) -> sp.csr_matrix:
        """Word and name counts side by side (names shifted past the word indices)."""
        return sp.hstack([self._words.transform([text]), self._names.transform([text])], format="csr")

    def tf(self, text: str) -> Sparse:
        """Sublinear, L2-normalised term frequencies of one text (no IDF: see ``weigh``).

        Words in the lead (the first sentences, where news says what happened) count
        ``lead_weight`` times; background told further down counts once.
        """
        if self.lead_weight != 1.0:
            parts = _SENTENCE_END.split(text, maxsplit=self.lead_sentences)
            lead, rest = " ".join(parts[: self.lead_sentences]), " ".join(parts[self.lead_sentences :])
            row = self._counts(lead) * self.lead_weight + self._counts(rest)
        else:
            row = self._counts(text)
        row.sum_duplicates()
        row.sort_indices()
        if not row.nnz:
            return Sparse.empty()
        idx = row.indices.astype(np.int64)
        val = 1.0 + np.log(np.maximum(row.data, 1.0))
        val[idx >= self.n_features] *= self.name_boost
        return Sparse(idx, val / np.linalg.norm(val))

    def observe(self, tf: Sparse) -> None:
        """Count one more document: its terms become a little less distinctive."""
        self.n_docs += 1
        self.df[tf.idx] += 1

    def idf(self, idx: np.ndarray) -> np.ndarray:
        """Smoothed IDF, as scikit-learn's TfidfTransformer computes it."""
        return np.log((self.n_docs + 1) / (self.df[idx] + 1.0)) + 1.0

    def weigh(self, tf: Sparse) -> Sparse:
        """TF-IDF with today's IDF, L2-normalised, so a dot product is a cosine."""
        val = tf.val * self.idf(tf.idx)
        norm = np.linalg.norm(val)
        return Sparse(tf.idx, val / norm) if norm > 0 else Sparse.empty()

    @staticmethod
    def top(weighted: Sparse, k: int) -> list[int]:
        """The ``k`` heaviest terms: the salient ones used as blocking keys."""
        order = np.lexsort((weighted.idx, -weighted.val))[:k]
        return weighted.idx[order].tolist()

    def prune(self, tf: Sparse, keep: int) -> Sparse:
        """Keep the ``keep`` terms heaviest by TF-IDF, so a centroid's size stays bounded.

        Weights are rounded as they are stored: a clusterer restored from its state then holds
        exactly the vectors of one that never stopped, and decides the same.
        """
        if len(tf) > keep:
            score = tf.val * self.idf(tf.idx)
            chosen = np.sort(np.lexsort((tf.idx, -score))[:keep])
            tf = Sparse(tf.idx[chosen], tf.val[chosen])
        return Sparse(tf.idx, np.round(tf.val, DECIMALS))

    def to_state(self) -> dict[str, Any]:
        """Plain-JSON state: the document frequencies learnt so far."""
        terms = np.flatnonzero(self.df)
        return {
            "n_features": self.n_features,
            "name_boost": self.name_boost,
            "lead_weight": self.lead_weight,
            "lead_sentences": self.lead_sentences,
            "n_docs": self.n_docs,
            "terms": terms.tolist(),
            "counts": self.df[terms].tolist(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> "StreamingTfidf":
        """Rebuild from ``to_state`` so a new run goes on with the same statistics."""
        vec = cls(
            int(state["n_features"]),
            float(state["name_boost"]),
            float(state["lead_weight"]),
            int(state["lead_sentences"]),
        )
        vec.n_docs = int(state["n_docs"])
        vec.df[np.asarray(state["terms"], np.int64)] = np.asarray(state["counts"], np.int32)
        return vec
