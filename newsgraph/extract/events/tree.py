"""A parsed document as plain index arrays, for the look-ups every candidate pair repeats.

Reading ``token.head`` or ``token.lemma_`` builds a new Token each time; the candidate pairs
of an article ask for thousands of dependency paths, so they read these lists instead. Built
once per document and kept in ``doc.user_data``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

KEY = "newsgraph_tree"


@dataclass(frozen=True, slots=True)
class Tree:
    """Per token (by index): its head, dependency label, lower-case lemma and word, part of
    speech, whether it is alphabetic, its children, and its sentence's bounds."""

    head: list[int]
    dep: list[str]
    lemma: list[str]
    lower: list[str]
    pos: list[str]
    alpha: list[bool]
    children: list[list[int]]
    sentence: list[tuple[int, int]]


def tree(doc: Doc) -> Tree:
    """The arrays of ``doc``, built on first use."""
    found = doc.user_data.get(KEY)
    if found is None:
        head, dep, lemma, lower, pos, alpha = [], [], [], [], [], []
        for token in doc:
            head.append(token.head.i)
            dep.append(token.dep_)
            lemma.append(token.lemma_.lower())
            lower.append(token.lower_)
            pos.append(token.pos_)
            alpha.append(token.is_alpha)
        children: list[list[int]] = [[] for _ in head]
        for i, h in enumerate(head):
            if h != i:
                children[h].append(i)
        sentence: list[tuple[int, int]] = [(0, 0)] * len(head)
        for sent in doc.sents:
            sentence[sent.start:sent.end] = [(sent.start, sent.end)] * (sent.end - sent.start)
        found = doc.user_data[KEY] = Tree(head, dep, lemma, lower, pos, alpha, children, sentence)
    return found


def ancestors(t: Tree, i: int) -> list[int]:
    """i and its heads up to the root."""
    up = [i]
    while t.head[i] != i:
        i = t.head[i]
        up.append(i)
    return up


def path(t: Tree, a: int, b: int) -> tuple[list[int], int | None]:
    """Indices on the dependency path from a up to the lowest common ancestor and down to b
    (without a common ancestor: a's ancestors, then b's)."""
    up_a, up_b = ancestors(t, a), ancestors(t, b)
    on_b = set(up_b)
    lca = next((i for i in up_a if i in on_b), None)
    if lca is None:
        return up_a + up_b, None
    return up_a[:up_a.index(lca) + 1] + up_b[:up_b.index(lca)][::-1], lca
