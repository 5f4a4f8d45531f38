"""Cue words of reported speech and the parse patterns around them.

A cue ("said", "urged", "according to") tells where the content and the
speaker of a statement are in the dependency parse. Which words are cues, and in
which frames their content comes, is knowledge kept in ``lang/en/cue_verbs.tsv``
(written by hand, extended with cues learned from PolNeAR train by
``train/train_quotes.py``); this module reads it and applies the frames.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.attrs import IDX
from spacy.symbols import VERB
from spacy.tokens import Doc, Token

from newsgraph.nlp import text_of
from newsgraph.extract.quotes.marks import Quoted, find_quoted, paragraphs

SUBJECTS = frozenset({"nsubj", "csubj"})
_CLIMB = frozenset({"advcl", "conj", "xcomp", "acl", "pcomp", "prep", "ccomp", "relcl"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_TRIM = " \t\n,;:—–-"
# The frames a cue can take, tried in this order; any other frame name is a preposition.
FRAMES = ("according", "clause", "objcomp", "xcomp", "obj")


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    kind: str
    frames: tuple[str, ...]


def _data(name: str) -> str:
    return resources.files("newsgraph.lang.en").joinpath(name).read_text(encoding="utf-8")


def cue_rows(sources: frozenset[str] | None = None) -> list[tuple[str, str, list[str]]]:
    """(cue, kind, frames) rows of the data file, optionally only those of some sources (manual, train)."""
    rows: list[tuple[str, str, list[str]]] = []
    for line in _data("cue_verbs.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        source = cells[3].split()[0] if len(cells) > 3 and cells[3].strip() else "manual"
        if sources is None or source in sources:
            rows.append((cells[0], cells[1], [f.strip() for f in cells[2].split(",") if f.strip()]))
    return rows


def build_lexicon(rows: Sequence[tuple[str, str, Sequence[str]]]) -> dict[str, Cue]:
    """Cues from rows; a word listed twice (by hand and learned) gets both rows' frames, hand-written first."""
    cues: dict[str, Cue] = {}
    for lemma, kind, frames in rows:
        listed = list(frames)
        if lemma in cues:
            listed = [*cues[lemma].frames, *(f for f in listed if f not in cues[lemma].frames)]
            kind = cues[lemma].kind
        order = [f for f in FRAMES if f in listed] + [f for f in listed if f not in FRAMES]
        cues[lemma] = Cue(lemma, kind, tuple(order))
    return cues


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, Cue]:
    """Cue words and their frames, from the language data file."""
    return build_lexicon(cue_rows())


@lru_cache(maxsize=1)
def non_speakers() -> frozenset[str]:
    """Words that head a caption or credit ("Photograph"), never a speaker."""
    lines = _data("quote_non_speakers.txt").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def speech_nouns() -> frozenset[str]:
    """Nouns for something said ("statement", "answer"): a sentence with one introduces the quote after its colon."""
    lines = _data("quote_speech_nouns.txt").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


class ParsedArticle:
    """A parsed article with the lookups the quote rules share: quotes, paragraphs, offsets."""

    def __init__(self, doc: Doc, lexicon: dict[str, Cue] | None = None) -> None:
        self.doc = doc
        self.text = text = text_of(doc)  # Doc.text joins every token: read it once
        self.starts: list[int] = doc.to_array(IDX).tolist() if len(doc) else []
        self.paras = paragraphs(text)
        self.para_starts = [s for s, _ in self.paras]
        self.quoted = [q for q in find_quoted(text) if q.end - q.start >= 2]
        self.in_quote: dict[int, Quoted] = {}
        for q in self.quoted:
            for i in self.token_range(q.start, q.end):
                self.in_quote[i] = q
        self.lexicon = cue_lexicon() if lexicon is None else lexicon

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens that overlap the characters [start, end)."""
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        if first < len(self.doc) and self.doc[first].idx + len(self.doc[first]) <= start:
            first += 1
        return range(first, bisect.bisect_left(self.starts, end))

    def token_at(self, char: int) -> int:
        return max(bisect.bisect_right(self.starts, char) - 1, 0)

    def paragraph(self, char: int) -> int:
        return max(bisect.bisect_right(self.para_starts, char) - 1, 0)

    def cue(self, token: Token) -> Cue | None:
        """The lexicon entry when ``token`` is used as a cue verb (or is 'according')."""
        if token.lower_ == "according":
            return self.lexicon.get("according")
        if token.pos != VERB:
            return None
        return self.lexicon.get(token.lemma_.lower())


# --- content ---------------------------------------------------------------------------------


def content_of(art: ParsedArticle, tok: Token, cue: Cue) -> tuple[int, int] | None:
    """What the cue reports, by the first of its frames that matches the parse."""
    for frame in cue.frames:
        span = frame_content(art, tok, frame)
        if span is not None:
            return span
    return None


def frame_content(art: ParsedArticle, tok: Token, frame: str) -> tuple[int, int] | None:
    """The content of ``tok`` read in one frame, or None when the parse does not fit it."""
    kids = list(tok.children)
    objects = [c for c in kids if c.dep_ in {"dobj", "dative"} and c.i > tok.i]
    comps = [c for c in kids if c.dep_ in {"xcomp", "oprd", "ccomp"} and c.i > tok.i]
    if frame == "according":
        if tok.lower_ != "according":
            return None
        head = tok.head if tok.head.pos_ in {"VERB", "AUX"} else tok.sent.root
        return clause_without(art, head, tok)
    if frame == "clause":
        clauses = [c for c in kids if c.dep_ == "ccomp" and (c.i > tok.i or c.i not in art.in_quote)]
        if clauses:  # two ccomps after one cue are one clause the parser split ('that the pretext used … is …')
            after = [c for c in clauses if c.i > tok.i]
            return char_span(art, [t for c in (after or clauses[:1]) for t in c.subtree])
        doc = tok.doc
        words = [t.i for t in tok.subtree if not t.is_punct] or [tok.i]
        before = doc[words[0] - 1].text if words[0] > 0 else ""
        after = doc[words[-1] + 1].text if words[-1] + 1 < len(doc) else ""
        parenthetical = (
            tok.dep_ in {"parataxis", "ccomp"}
            and tok.head.pos_ in {"VERB", "AUX"}
            and any(c.dep_ in SUBJECTS for c in kids)
            and (before in {",", "—", "–"} if tok.head.i < tok.i else after in {",", "—", "–"})
        )
        if parenthetical and not any(c.dep_ in {"ccomp", "dobj"} for c in kids):
            return clause_without(art, tok.head, tok)  # 'The strike was illegal, he said.' / 'The strike, he said, was …'
        return None
    if frame == "objcomp":
        if not objects:
            return None
        as_phrase = [c for c in kids if c.dep_ == "prep" and c.lower_ == "as" and c.i > objects[0].i]
        nested_as = any(t.dep_ == "prep" and t.lower_ == "as" for t in objects[0].subtree)
        if comps or as_phrase or nested_as:  # 'urged X to …', 'called X Y', 'described X as Y'
            tail = [t for c in (comps[-1:] or as_phrase[:1]) for t in c.subtree]
            if not tail and nested_as:
                inner = next(t for t in objects[0].subtree if t.dep_ == "prep" and t.lower_ == "as")
                tail = list(inner.subtree)
            if tail and (as_phrase or nested_as or comps[-1].dep_ == "oprd"):
                # 'called the strike an act of aggression': the speaker's words are the judgement;
                # what is judged ('the strike') is the outlet's own description
                return char_span(art, [t for t in tail if not (t.lower_ == "as" and t.dep_ == "prep")])
            return char_span(art, [*objects[0].subtree, *tail])
        return None
    if frame == "xcomp":
        xcomps = [c for c in comps if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} and any(g.tag_ == "TO" for g in c.children)]
        if xcomps and not objects:
            return char_span(art, list(xcomps[0].subtree))
        return None
    if frame == "obj":
        if objects and objects[0].pos_ != "PRON":
            return char_span(art, list(objects[0].subtree))
        return None
    for c in kids:  # a preposition: 'called for restraint', 'called on Russia to withdraw'
        if c.dep_ == "prep" and c.lower_ == frame:
            objs = [g for g in c.children if g.dep_ in {"pobj", "pcomp"}]
            if objs and objs[0].pos_ != "PRON":
                tail = [t for x in comps if x.dep_ == "xcomp" for t in x.subtree]
                return char_span(art, [*objs[0].subtree, *tail])
    return None


def clause_without(art: ParsedArticle, head: Token, cut: Token) -> tuple[int, int] | None:
    """The clause of ``head`` without the attribution phrase ``cut`` ('according to X', 'he said')."""
    removed = {t.i for t in cut.subtree}
    rest = [t for t in head.subtree if t.i not in removed]
    before = [t for t in rest if t.i < cut.left_edge.i]
    after = [t for t in rest if t.i > cut.right_edge.i]
    words_before = any(not t.is_punct for t in before)
    words_after = any(not t.is_punct for t in after)
    if words_before and words_after:
        return char_span(art, rest)  # the attribution sits in the middle: keep the whole clause
    return char_span(art, before if words_before else after)


def char_span(art: ParsedArticle, tokens: Sequence[Token]) -> tuple[int, int] | None:
    """Characters from the first to the last token, without the reporter's punctuation or 'that'."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and not tokens[0].is_quote and (
        tokens[0].is_punct
        or tokens[0].is_space
        or (tokens[0].dep_ == "mark" or tokens[0].pos_ == "SCONJ") and tokens[0].lower_ in {"that", "whether", "if"}
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and not tokens[-1].is_quote:
        tokens = tokens[:-1]
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    while end > start and art.text[end - 1] in _TRIM:
        end -= 1
    while start < end and art.text[start] in _TRIM:
        start += 1
    return (start, end) if end - start >= 2 else None


# --- speakers --------------------------------------------------------------------------------


def speaker_of(art: ParsedArticle, cue: Token) -> Token | None:
    """The speaker's head token, in the cue's own paragraph and outside any quotation."""
    found = _subject(cue)
    if found is None or found.i in art.in_quote or art.paragraph(found.idx) != art.paragraph(cue.idx):
        return None
    if found.lower_ in non_speakers():
        return None
    return found


def according_source(tok: Token) -> Token | None:
    for to in tok.children:
        if to.lower_ == "to":
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _subject(cue: Token) -> Token | None:
    """The cue's subject, or the subject up the tree for 'adding', 'saying', 'and told'."""
    if cue.lower_ == "according":
        return according_source(cue)
    tok = cue
    if cue.lemma_ in {"quote", "cite"} and cue.tag_ == "VBN":
        passive = [c for c in cue.children if c.dep_ == "nsubjpass"]
        if passive:
            return passive[0]  # 'X is quoted as saying'
    for _ in range(4):
        for child in tok.children:
            if child.dep_ in SUBJECTS:
                if child.lower_ in _RELATIVE and tok.dep_ == "relcl":
                    return tok.head  # 'the senator, who said …': the senator
                if child.lower_ in {"it", "there"} and tok.lemma_ == "be":
                    return None
                return child
            if child.dep_ == "agent":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
        for child in tok.children:
            if child.dep_ == "advcl" and child.i < tok.i and child.tag_ == "VBG":
                subjects = [g for g in child.children if g.dep_ == "nsubj" and g.i < child.i]
                if subjects:
                    return subjects[0]  # 'X, noting …, said': the parser gave X to the participle
        if tok.dep_ not in _CLIMB or tok.head.i == tok.i or (tok.dep_ == "ccomp" and tok.i != cue.i):
            return None
        if any(c.dep_ in {"nsubjpass", "csubjpass"} for c in tok.children):
            if tok.lemma_ in {"quote", "cite"} and tok.i != cue.i:
                return [c for c in tok.children if c.dep_ == "nsubjpass"][0]  # 'is quoted as saying'
            return None  # 'what can be seen as …': a passive with no agent names no speaker
        if tok.dep_ in {"prep", "pcomp"} and tok.tag_ != "VBG":
            return None  # climb out of 'after saying', not out of 'in what can be seen'

        tok = tok.head
        while tok.pos_ not in {"VERB", "AUX"} and tok.head.i != tok.i and tok.dep_ in _CLIMB | {"pobj", "dobj", "nsubj"}:
            tok = tok.head
    return None


def speaker_span(art: ParsedArticle, head: Token) -> tuple[int, int] | None:
    """The speaker's phrase: the head with its modifiers and appositions, no relative clause."""
    tokens = [head]
    for child in head.children:
        if not (child.dep_ in {"relcl", "acl"} and child.i > head.i):
            tokens.extend(child.subtree)
    para = art.paragraph(head.idx)
    ids = {t.i for t in tokens if art.paragraph(t.idx) == para and t.i not in art.in_quote and not t.is_space}
    lo = hi = head.i
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    return char_span(art, [art.doc[i] for i in range(lo, hi + 1)])
