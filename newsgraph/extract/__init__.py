"""Extraction: pure functions from a parsed article to actors, quotes, events and stances.

Each extractor reads the spaCy ``Doc`` of ``Article.text`` and the records the
earlier extractors made; none of them touches the store or the network.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.model import Analysis, Article


def analyze_doc(article: Article, doc: Doc, title_doc: Doc | None = None) -> Analysis:
    """Run every extractor over one parsed article, in dependency order.

    The headline, parsed apart (``title_doc``; parsed here when not given), adds the stances it
    carries ("Paris condemns coup"), with evidence marked as the title's."""
    from newsgraph.extract.actors import extract_actors
    from newsgraph.extract.events import extract_events
    from newsgraph.extract.quotes import extract_quotes
    from newsgraph.extract.stances import Headline, extract_stances

    mentions = extract_actors(doc)
    quotes = extract_quotes(doc, mentions)
    events = extract_events(doc, mentions, quotes, published=article.published)
    if title_doc is None and article.title:
        from newsgraph import nlp

        title_doc = nlp.parse(article.title)
    headline = Headline(title_doc, extract_actors(title_doc)) if title_doc is not None else None
    stances = extract_stances(doc, mentions, quotes, events, headline)
    return Analysis(article.id, mentions, quotes, events, stances)
