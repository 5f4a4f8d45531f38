"""Quotes for languages the English attributor does not read (Spanish today), from the parse and tables.

Spanish outlets write direct speech in « », “ ” or " " with the cue after it ("«...», dijo el
ministro"), around it ("«...» —dijo el canciller—, «...»") or before it ("El ministro afirmó:
«...»"); reported speech as "X afirmó que ..." and "según X, ...". A reporting verb comes from
``lang/<language>/cue_verbs.tsv``; its subject is the speaker, resolved through the mentions the
table-driven actor finder made. Spanish drops subjects: a cue with none ("añadió") goes to the
speaker of the sentence before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsgraph.extract.quotes.marks import find_quoted
from newsgraph.lang import read_table
from newsgraph.model import ActorRef, Mention, Quote, Span
from newsgraph.nlp import text_of

SUBJECTS = ("nsubj", "nsubj:pass")
CUE_WINDOW = 80  # characters from a quotation's marks to the cue that introduces it
SCARE_QUOTE_WORDS = 4  # a quotation this short inside a sentence is a word quoted, not a statement


@lru_cache(maxsize=None)
def cue_lemmas(language: str) -> frozenset[str]:
    return frozenset(row[0] for row in read_table("cue_verbs.tsv", language) if len(row) > 1 and row[1] != "think")


@lru_cache(maxsize=None)
def _according_to(language: str) -> re.Pattern[str]:
    words = [row[0] for row in read_table("according_to.tsv", language)]
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\s+", re.IGNORECASE)


def extract_table_quotes(doc: Doc, mentions: list[Mention], language: str) -> list[Quote]:
    """Direct and reported speech, each with its cue and speaker when the sentence names one."""
    text = text_of(doc)
    cues = cue_lemmas(language)
    # (content start, content end, cue, direct): quotations first, then reported clauses outside them
    found: list[tuple[int, int, Token | None, bool]] = []
    taken: list[tuple[int, int]] = []
    for q in find_quoted(text):
        if len(text[q.start : q.end].split()) <= SCARE_QUOTE_WORDS and not q.opens_paragraph:
            continue  # «inaceptable», “profunda preocupación”: the outlet quoting a word, read with its sentence
        found.append((q.start, q.end, _cue_near(doc, q.open, (q.close or q.end) + 1, cues), True))
        taken.append((q.open, (q.close or q.end) + 1))
    for token in doc:
        if token.lemma_.lower() not in cues or token.pos_ not in ("VERB", "AUX") or any(s <= token.idx < e for s, e in taken):
            continue
        clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if clause is None:
            continue
        start, end = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
        if clause.left_edge.lower_ == "que" and clause.left_edge.i + 1 < len(doc):
            start = doc[clause.left_edge.i + 1].idx  # "afirmó que el golpe ...": the words, not "que"
        if start < end and not any(s < end and start < e for s, e in taken):
            found.append((start, end, token, False))
    quotes: list[Quote] = []
    last: tuple[ActorRef, Span] | None = None
    for start, end, cue, direct in sorted(found, key=lambda f: f[0]):
        speaker = _speaker(doc, cue, mentions) if cue is not None else None
        if cue is not None and speaker is None:
            speaker = last  # "«...», añadió": the one who spoke last
        last = speaker or last
        quotes.append(Quote(Span.of(text, start, end), speaker[0] if speaker else None, _cue_span(text, cue), direct, speaker[1] if speaker else None))
    quotes += _according(doc, text, mentions, language)
    return sorted(quotes, key=lambda q: q.content.start)


def _cue_near(doc: Doc, start: int, end: int, cues: frozenset[str]) -> Token | None:
    """The reporting verb right after the closing mark, else right before the opening one."""
    for token in doc:
        if end <= token.idx <= end + CUE_WINDOW and token.lemma_.lower() in cues and token.pos_ in ("VERB", "AUX"):
            return token
        if token.idx > end + CUE_WINDOW:
            break
    before = [t for t in doc if start - CUE_WINDOW <= t.idx < start and t.lemma_.lower() in cues and t.pos_ in ("VERB", "AUX")]
    return before[-1] if before else None


def _speaker(doc: Doc, cue: Token, mentions: list[Mention]) -> tuple[ActorRef, Span] | None:
    """The cue's subject, as the mention that covers it."""
    from newsgraph.extract.actors.mentions import mention_at

    text = text_of(doc)
    for child in cue.children:
        if child.dep_ in SUBJECTS:
            lo, hi = child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
            found = mention_at(mentions, lo, hi)
            if found is not None and lo <= found.span.start < hi:
                return found.ref, found.span
            return ActorRef(text[lo:hi], text[lo:hi], None), Span.of(text, lo, hi)
    return None


def _according(doc: Doc, text: str, mentions: list[Mention], language: str) -> list[Quote]:
    """"Según Peskov, Moscú necesitaba más tiempo": what follows the source's comma is theirs."""
    from newsgraph.extract.actors.mentions import mention_at

    found = []
    for sent in doc.sents:
        piece = text[sent.start_char : sent.end_char]
        match = _according_to(language).match(piece)
        comma = piece.find(",", match.end()) if match else -1
        if match is None or comma < 0:
            continue
        lo, hi = sent.start_char + match.end(), sent.start_char + comma
        source = mention_at(mentions, lo, hi)
        if source is not None and lo <= source.span.start < hi:
            ref, where = source.ref, source.span
        else:  # a source the tables do not place is still the source of the words
            ref, where = ActorRef(text[lo:hi], text[lo:hi], None), Span.of(text, lo, hi)
        content_start = hi + 1 + (len(piece[comma + 1 :]) - len(piece[comma + 1 :].lstrip()))
        content_end = sent.end_char - (1 if piece.rstrip().endswith(".") else 0)
        if content_start < content_end:
            found.append(Quote(Span.of(text, content_start, content_end), ref, Span.of(text, sent.start_char, sent.start_char + match.end() - 1), False, where))
    return found


def _cue_span(text: str, cue: Token | None) -> Span | None:
    return Span.of(text, cue.idx, cue.idx + len(cue.text)) if cue is not None else None
