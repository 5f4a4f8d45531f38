"""The rule that makes newsgraph trustworthy: every piece of evidence is the article's own words.

For every record the pipeline makes from the demo corpus and the seeds (actor mentions, quotes
with their cues and speakers, events with their triggers and dates, stances), and again for what
the store gives back, ``article.text[start:end] == evidence`` (``article.title`` for the evidence
of a stance-bearing headline, whose span says ``field: "title"``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph import analyze_article
from newsgraph.ingest import read_paths
from newsgraph.model import Article
from newsgraph.pipeline import ingest
from newsgraph.store import Store
from tests.conftest import DEMO


def _articles(path: Path) -> list[Article]:
    return [item for item in read_paths([path]) if isinstance(item, Article)]


def _check(article: Article) -> int:
    analysis = analyze_article(article)
    spans = analysis.spans()
    for span in spans:  # a headline's stance quotes the headline, and says so
        assert getattr(article, span.field)[span.start : span.end] == span.text, (article.location, span)
    return len(spans)


def test_every_record_from_the_demo_corpus_quotes_its_article(nlp):
    articles = _articles(DEMO)
    assert len(articles) == 25
    checked = sum(_check(a) for a in articles)
    assert checked > 1000


def test_every_record_from_the_seeds_quotes_its_article(seeds, nlp):
    articles = _articles(seeds)
    assert len(articles) == 2
    assert sum(_check(a) for a in articles) > 100
    for article in articles:
        for caption in article.captions:  # nothing can come from a caption: it is not in the text
            assert caption.text not in article.text


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Store:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('provenance') / 'demo.db'}")
    ingest([DEMO], store)
    return store


def _stored_spans(record: dict, kind: str) -> list[dict]:
    if kind == "actors":
        return [record]
    if kind == "quotes":
        return [s for s in (record["content"], record["cue"]) if s]
    if kind == "events":
        return [record["evidence"]]
    return list(record["evidence"])


@pytest.mark.parametrize("kind", ["actors", "quotes", "events", "stances"])
def test_stored_records_quote_the_stored_text(demo_store, kind):
    articles = {a["id"]: a for a in demo_store.articles()}
    records = demo_store.records(kind)
    assert records, f"the demo corpus yields {kind}"
    for record in records:
        for span in _stored_spans(record, kind):
            text = articles[record["article"]][span.get("field", "text")]
            assert text[span["start"] : span["end"]] == span["text"], (kind, record)
