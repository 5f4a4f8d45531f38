"""Near-duplicate detection (syndicated wire copies) with MinHash and LSH from datasketch.

Exact duplicates need nothing here: the article id is derived from the content.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 3  # words
THRESHOLD = 0.6  # estimated Jaccard similarity of word 3-shingles
SCHEME = "affine32"  # stored with the signatures: they must be read back the way they were made
_WORD = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    sig = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    sig.update_batch([s.encode("utf-8") for s in shingles])
    return sig


def to_bytes(sig: MinHash) -> bytes:
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


class NearDuplicateIndex:
    """LSH over the stored articles' signatures; a lookup costs the same however many are stored."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        # only the hash values: a MinHash object also carries its own copy of the permutations
        # (three times the size), and the index holds every stored article
        self._sigs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, article_id: str, sig: MinHash) -> None:
        if article_id not in self._sigs:
            self._lsh.insert(article_id, sig)
            self._sigs[article_id] = sig.hashvalues

    def original_of(self, sig: MinHash) -> tuple[str, float] | None:
        """The most similar stored article above the threshold, with its estimated similarity.

        Ties go to the smallest id, not to the index's order, which depends on what was loaded
        when: the same corpus gives the same originals however it is cut into runs.
        """
        best: tuple[str, float] | None = None
        for candidate in self._lsh.query(sig):
            score = float(np.count_nonzero(sig.hashvalues == self._sigs[candidate])) / NUM_PERM  # MinHash.jaccard
            if score >= self.threshold and (best is None or (-score, candidate) < (-best[1], best[0])):
                best = (candidate, score)
        return best
