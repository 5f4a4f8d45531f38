"""Quotes: who said what, direct and indirect, each with its speaker and cue.

Direct quotes are found from their quotation marks (``quote_marks``), then
tied to a cue verb next to them ("…,” the ministry said." / He said: “…”)
or, with no cue of their own, to the speaker of the quote before them in the
paragraph or in the previous paragraph (the news convention for a statement
that runs on). Indirect speech comes from the parse around the cue words of
``lang/en/cue_verbs.tsv`` (``quote_cues``): "X said (that) …", "X called Y …",
"X urged Y to …", "according to X, …". A quoted fragment inside indirect speech
is part of that indirect quote, whose content is the whole clause.

Speakers are taken from the parse (the subject of the cue verb, the object of
"according to", the inverted subject of "…, said the ministry") and resolved
to an actor through the mentions the actor extractor found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.symbols import VERB
from spacy.tokens import Doc, Token

from newsgraph.extract.quotes.cues import (
    Cue,
    ParsedArticle,
    according_source,
    content_of,
    non_speakers,
    speaker_of,
    speech_nouns,
    speaker_span,
)
from newsgraph.extract.quotes.marks import Quoted
from newsgraph.model import ActorRef, Mention, Quote, Span

__all__ = ["extract_quotes", "quotes_with_lexicon"]

_END = frozenset({".", "!", "?", ";"})
_DIRECT_AFTER = frozenset({",", "?", "!", "—", "–", "-", "…"})  # '“…,” he said' / '“…?” she asked'
_CLOSING = _DIRECT_AFTER | {"."}
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "attr", "acomp", "oprd", "dative"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_PARTICLES = frozenset({"back", "in", "up", "out", "on"})  # 'shot back', 'chimed in', 'spoke up'


@dataclass(slots=True)
class _Found:
    """A quote before its speaker is resolved to an actor."""

    start: int
    end: int
    cue: Token | None
    speaker: Token | None
    direct: bool
    paragraph: int
    quoted: Quoted | None = None


def extract_quotes(doc: Doc, mentions: Sequence[Mention]) -> list[Quote]:
    """Direct and indirect quotes of one parsed article, in text order."""
    return quotes_with_lexicon(doc, mentions, None)


def quotes_with_lexicon(doc: Doc, mentions: Sequence[Mention], lexicon: dict[str, Cue] | None) -> list[Quote]:
    """``extract_quotes`` with another cue lexicon: how train/train_quotes.py scores candidate cues."""
    art = ParsedArticle(doc, lexicon)
    found = _direct_quotes(art)
    found += _indirect_quotes(art, found)
    found = [f for f in found if not _nested_learned(art, f, found) and not _anonymous_learned(art, f)]
    _continue_speakers(art, found)
    kept = [f for f in found if f.speaker is not None or f.cue is not None or _statement(art, f.quoted)]
    return [_to_quote(art, f, mentions) for f in sorted(kept, key=lambda f: (f.start, f.end))]


# --- direct quotes ---------------------------------------------------------------------------


def _direct_quotes(art: ParsedArticle) -> list[_Found]:
    """Tie each quotation to its cue; quoted fragments of indirect speech are left to that speech."""
    found: list[_Found] = []
    for q in art.quoted:
        if q.kind == "single" and len(art.text[q.start : q.end].split()) < 3:
            continue  # 'absolutely right' in a headline: a scare quote, not a statement
        ends_sentence = art.text[q.start : q.end].rstrip()[-1:] in {".", "…"}
        if ends_sentence:
            tied = _cue_before(art, q) or _cue_after(art, q)
        else:
            tied = _cue_after(art, q) or _cue_before(art, q)
        if tied is None:
            cue = _cue_governing(art, q)
            if cue is not None and _is_fragment(art, q, cue):
                continue
            tied = (cue, speaker_of(art, cue)) if cue is not None else None
        end = q.end
        while end > q.start and art.text[end - 1] == ",":
            end -= 1
        cue, speaker = tied if tied else (None, None)
        found.append(_Found(q.start, end, cue, speaker, True, q.paragraph, q))
    return found


def _cue_after(art: ParsedArticle, q: Quoted) -> tuple[Token, Token | None] | None:
    """'“…,” the ministry said' / '“…,” said the ministry' / '“…,” according to X' / '“….” he said.'"""
    if q.close is None:
        return None
    doc = art.doc
    i = art.token_at(q.close) + 1
    while i < len(doc) and doc[i].text in {",", "—", "–"}:
        i += 1
    frame: list[Token] = []
    while i < len(doc) and len(frame) < 14:
        tok = doc[i]
        if tok.text in _END or i in art.in_quote or tok.is_quote or tok.is_space or art.paragraph(tok.idx) != q.paragraph:
            break
        frame.append(tok)
        i += 1
    # a quote closed by a full stop is followed by its cue only in '“….” he said.', never in 'He added, “…'
    sentence_ends = i >= len(doc) or doc[i].text in _END or doc[i].is_space
    last = art.text[q.start : q.end].rstrip()[-1:]
    after_mark = art.text[q.close + 1 : q.close + 2]
    if last not in _CLOSING and after_mark not in {",", "—", "–"}:
        return None  # 'was “an insult” and called for …': a fragment inside the sentence, not a quote with its cue
    if after_mark in {",", "—", "–"}:
        last = ","  # '“We will win”, he said.': the comma outside the marks
    for n, tok in enumerate(frame):
        if tok.lower_ == "according" and art.cue(tok):
            return tok, according_source(tok)
        if tok.pos_ != "VERB":
            continue
        cue = art.cue(tok)
        lexical = cue is not None
        outside = [c for c in tok.children if c.i not in art.in_quote]
        if not lexical and (tok.tag_ not in _FINITE or any(c.dep_ in _COMPLEMENTS for c in outside)):
            return None  # '“…,” the Republican seems to be doing …': not a speaking verb
        speaker = speaker_of(art, tok) or _frame_speaker(frame, n)
        own = content_of(art, tok, cue) if cue is not None else None
        objects = [c for c in tok.children if c.dep_ in {"ccomp", "dobj"} and c.i not in art.in_quote and c.i > tok.i]
        addressee = cue is not None and "addressee" in cue.frames and all(c.dep_ == "dobj" for c in objects)
        new_statement = (bool(objects) and not addressee) or (own is not None and not (own[0] < q.end and q.start < own[1]))
        if new_statement and not (n == 0 and speaker is not None):
            return None  # '“….” He said he would …' / '“Fox and Friends,” Trump pointed to …': a new statement
        if speaker is not None and speaker.lower_ in non_speakers():
            return None
        if not _statement(art, q) and not _opens_sentence(art, q):
            return None  # 'In an interview with “Fox and Friends,” Trump said …': a title inside the sentence
        if last in _DIRECT_AFTER and (lexical or (speaker is not None and n <= 4)):
            return tok, speaker
        if lexical and speaker is not None and n <= 4 and sentence_ends:
            return tok, speaker
        return None
    return None


def _frame_speaker(frame: list[Token], n: int) -> Token | None:
    """The noun phrase next to the cue when the parser gave the cue no subject.

    Before the cue ('“…,” Gene Sperling, an adviser, said') or, inverted, right after
    it ('“…,” read the email.' / '“…,” tweeted Rubio aide X').
    """
    window = frame[:n] if n > 0 else frame[1:4]
    for tok in window:
        if tok.pos_ in {"PROPN", "NOUN", "PRON", "NUM"}:
            while tok.head in frame and tok.head.pos_ in {"PROPN", "NOUN"} and tok.dep_ in {"compound", "amod", "nmod"}:
                tok = tok.head
            return None if tok.lower_ in non_speakers() else tok
    return None


def _cue_before(art: ParsedArticle, q: Quoted) -> tuple[Token, Token | None] | None:
    """'He said: “…”' / 'In a statement the ministry said, “…”' / 'X echoed:' ending the paragraph before."""
    doc = art.doc
    i = art.token_at(q.open) - 1
    if q.opens_paragraph:  # only a colon ends the paragraph before: 'X said:\n\n“…”'
        while i >= 0 and doc[i].is_space:
            i -= 1
        if i < 0 or doc[i].text != ":":
            return None
    frame: list[Token] = []
    while i >= 0 and len(frame) < 30:
        tok = doc[i]
        if tok.text in _END or i in art.in_quote or tok.is_quote or (tok.is_space and "\n" in tok.text):
            break
        frame.insert(0, tok)
        i -= 1
    if not frame:
        return None
    punct = frame[-1].text in {":", ","}
    first = art.text[q.start : q.start + 1]
    if frame[-1].text == ":" and len(frame) > 1 and (frame[-2].ent_type_ in {"PERSON", "ORG"} or frame[-2].pos_ == "PROPN"):
        name = frame[-2]
        cut = max((k for k, t in enumerate(frame[:-1]) if t.text in {"-", "—", "–", ";", ","}), default=-1)
        if not any(t.pos_ == "VERB" for t in frame[cut + 1 :]):
            return frame[-1], name  # 'Philip Bump: “…”' (a name and a colon, as in newsletters and transcripts)
    for j in range(len(frame) - 1, -1, -1):
        tok = frame[j]
        if tok.lower_ == "according" and punct and art.cue(tok) and tok.right_edge.i >= frame[-1].i - 1:
            return tok, according_source(tok)  # 'According to Woodward, “…”'
        if tok.pos_ != "VERB":
            continue
        between = frame[j + 1 :]
        if any(t.pos_ in {"VERB", "AUX"} or t.lower_ == "that" for t in between):
            return None
        if not art.cue(tok):
            loose = all(t.dep_ in {"prt", "advmod", "punct"} for t in between)
            phrasal = frame[-1].text == ":" or any(
                c.dep_ == "prt" or c.dep_ == "advmod" and c.lower_ in _PARTICLES for c in tok.children
            )
            if not (punct and phrasal and loose and speaker_of(art, tok) is not None):
                continue  # 'X fired back:' / 'X shot back, “…”' are cues; '… will make his voice louder:' is not
        cue = art.cue(tok)
        learned = cue is None or cue.kind == "learned"
        if not punct and (learned or first.islower() or between and not _statement(art, q)):
            return None  # 'said “we will …”' lowercase, or 'told NBC’s “Today”': not a direct quote
        speaker = speaker_of(art, tok)
        return tok, speaker
    if frame[-1].text == ":":
        return _introducing_sentence(art, frame)
    return None


def _introducing_sentence(art: ParsedArticle, frame: list[Token]) -> tuple[Token, Token | None] | None:
    """'Sanders delivered a snappy retort: “…”' / 'The board was clear in its findings: “…”'.

    A sentence that ends in a colon before a quotation introduces it; its subject
    speaks when the subject names someone (a name, a pronoun, an organisation).
    """
    root = frame[-1].head
    while root.head.i != root.i and root.head.i in {t.i for t in frame}:
        root = root.head
    if root.pos_ not in {"VERB", "AUX"} or root.i not in {t.i for t in frame}:
        return None
    subjects = [c for c in root.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    subject = subjects[0]
    names = subject.pos_ in {"PROPN", "PRON"} or subject.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
    if subject.pos_ == "NOUN":  # 'Hoff’s letter makes a case:', 'The harbour master gave a blunt answer:'
        names = names or any(c.dep_ == "poss" and c.pos_ in {"PROPN", "PRON"} for c in subject.children)
        names = names or any(c.dep_ in {"dobj", "attr"} and c.lemma_.lower() in speech_nouns() for c in root.children)
    if not names or subject.lower_ in non_speakers() or subject.lower_ in {"it", "this", "that", "there"}:
        return None
    return frame[-1], subject


def _cue_governing(art: ParsedArticle, q: Quoted) -> Token | None:
    """The cue verb whose complement holds the quote ('said the generals “have been …”')."""
    inside = set(art.token_range(q.start, q.end))
    for i in inside:
        head = art.doc[i].head
        for _ in range(3):
            if head.i in inside:
                break
            cue = art.cue(head)
            if cue is not None:
                return head if cue.kind != "learned" else None
            if head.head.i == head.i:
                break
            head = head.head
    return None


def _is_fragment(art: ParsedArticle, q: Quoted, cue: Token) -> bool:
    """A quote that is only part of the cue's content: the words around it are the reporter's."""
    inside = set(art.token_range(q.start, q.end))
    for child in cue.children:
        sub = [t.i for t in child.subtree]
        if inside.intersection(sub):
            outside = [art.doc[i] for i in sub if i not in inside]
            return any(not (t.is_punct or t.is_quote or t.is_space or t.lower_ == "that") for t in outside)
    return False


# --- indirect quotes -------------------------------------------------------------------------


def _indirect_quotes(art: ParsedArticle, direct: list[_Found]) -> list[_Found]:
    """Reported speech from the parse around each cue word outside quotation marks."""
    found: list[_Found] = []
    direct_cues = {d.cue.i for d in direct if d.cue is not None}
    for tok in art.doc:
        if tok.pos != VERB and tok.lower_ != "according":
            continue
        cue = art.cue(tok)
        if cue is None or tok.i in art.in_quote or any(c.dep_ == "neg" for c in tok.children):
            continue
        span = content_of(art, tok, cue)
        if span is None:
            continue
        start, end = _clip(art, span, tok)
        if end - start < 2 or tok.i in direct_cues or any(d.start <= start and end <= d.end + 1 for d in direct):
            continue  # the cue of a direct quote, or only a repeat of one
        speaker = according_source(tok) if tok.lower_ == "according" else speaker_of(art, tok)
        if speaker is not None and speaker.lower_ in non_speakers():
            continue
        found.append(_Found(start, end, tok, speaker, False, art.paragraph(start)))
    return found


def _clip(art: ParsedArticle, span: tuple[int, int], cue: Token) -> tuple[int, int]:
    """Keep reported content inside the cue's paragraph: a misparse must not run into the next one."""
    p_start, p_end = art.paras[art.paragraph(cue.idx)]
    start, end = max(span[0], p_start), min(span[1], p_end)
    while end > start and art.text[end - 1] in " \t,;:":
        end -= 1
    return start, end


def _anonymous_learned(art: ParsedArticle, f: _Found) -> bool:
    """A learned cue with no speaker ('what can be seen as …'): a reading, not someone's statement."""
    if f.cue is None or f.direct or f.speaker is not None:
        return False
    cue = art.cue(f.cue)
    return cue is not None and cue.kind == "learned"


def _nested_learned(art: ParsedArticle, f: _Found, found: list[_Found]) -> bool:
    """A learned (not hand-written) cue inside another quote's content: '… said the pretext used to
    justify the action …' reports no second statement, so the cue learned from PolNeAR stays quiet."""
    if f.cue is None or f.direct:
        return False
    cue = art.cue(f.cue)
    if cue is None or cue.kind != "learned":
        return False
    at = f.cue.idx
    return any(o is not f and o.start <= at < o.end for o in found)


# --- quotes with no cue of their own ---------------------------------------------------------


def _continue_speakers(art: ParsedArticle, found: list[_Found]) -> None:
    """Give a quote with no cue the speaker of the quote before it.

    Within a paragraph: '“…,” he said. “…”' (a new sentence of quoted speech).
    Across paragraphs: a paragraph that opens with a quotation mark continues the
    statement of the previous paragraph when that paragraph's quote was attributed
    (or left its quotation open). Scare quotes and titles inherit nothing.
    """
    last_by_para: dict[int, _Found] = {}
    for f in sorted(found, key=lambda f: f.start):
        q = f.quoted
        if f.speaker is None and q is not None and f.cue is None and _statement(art, q):
            before = last_by_para.get(f.paragraph)
            source = None
            if before is not None and before.direct and _opens_sentence(art, q):
                source = before
            elif q.opens_paragraph:
                source = last_by_para.get(f.paragraph - 1)
            if source is not None:
                f.speaker = source.speaker
        if f.speaker is not None:
            last_by_para[f.paragraph] = f


def _statement(art: ParsedArticle, q: Quoted | None) -> bool:
    """Quoted words that make a statement, not a title or a scare-quoted phrase."""
    if q is None:
        return False
    tokens = [art.doc[i] for i in art.token_range(q.start, q.end)]
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    capitalised = sum(t.text[:1].isupper() for t in words if t.is_alpha)
    if capitalised * 10 >= len(words) * 7 and art.text[q.end - 1 : q.end] not in {".", "?", "!"}:
        return False  # “Keep the Promise”, “EVENTUALLY VOTERS DECIDE”: a title or a heading
    return len(words) >= 6 or (len(words) >= 3 and any(t.pos_ in {"VERB", "AUX"} for t in tokens))


def _opens_sentence(art: ParsedArticle, q: Quoted) -> bool:
    i = art.token_at(q.open) - 1
    while i >= 0 and (art.doc[i].is_space or art.doc[i].is_quote):
        i -= 1
    return i < 0 or art.doc[i].text in _END or art.paragraph(art.doc[i].idx) != q.paragraph


# --- records ---------------------------------------------------------------------------------


def _to_quote(art: ParsedArticle, f: _Found, mentions: Sequence[Mention]) -> Quote:
    cue = None
    if f.cue is not None:
        extra = [
            c
            for c in f.cue.children
            if c.i == f.cue.i + 1
            and (c.dep_ == "prt" or c.dep_ == "advmod" and c.lower_ in _PARTICLES or c.lower_ == "to" and f.cue.lower_ == "according")
        ]
        last = max([f.cue, *extra], key=lambda t: t.i)
        cue = Span.of(art.text, f.cue.idx, last.idx + len(last))
    who: Span | None = None
    ref: ActorRef | None = None
    if f.speaker is not None:
        bounds = speaker_span(art, f.speaker)
        if bounds is not None:
            who = Span.of(art.text, *bounds)
            ref = _resolve(f.speaker, who, mentions)
    return Quote(Span.of(art.text, f.start, f.end), ref, cue, f.direct, who)


def _resolve(head: Token, span: Span, mentions: Sequence[Mention]) -> ActorRef:
    """The actor a speaker phrase refers to: the mention on its head word, else one inside it."""
    h_start, h_end = head.idx, head.idx + len(head)
    covering = [m for m in mentions if m.span.start <= h_start and h_end <= m.span.end]
    if covering:
        return min(covering, key=lambda m: m.span.end - m.span.start).ref
    inside = [m for m in mentions if span.start <= m.span.start and m.span.end <= span.end and not _is_place(m)]
    if inside:
        return min(inside, key=lambda m: (m.kind == "demonym", abs(m.span.start - h_start))).ref
    return ActorRef(text=span.text, name=span.text, actor=None)


def _is_place(mention: Mention) -> bool:
    """Whether a mention is a capital named as a place, which does not say who a speaker speaks for:
    "a Western diplomat in Lomé", "a resident of the Lomé II neighborhood"."""
    return mention.kind == "metonym" and mention.ref.sector is None
