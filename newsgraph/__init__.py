"""newsgraph: turn news articles into a structured, source-linked picture of world events.

The Python API mirrors the command line: ``analyze`` one text, ``ingest``
files into a ``Store``, and read records back from it.
"""

from __future__ import annotations

from dataclasses import replace

from newsgraph.model import Analysis, Article

__all__ = ["Analysis", "Article", "analyze", "analyze_article"]
__version__ = "0.1.0"


def analyze(text: str, *, title: str | None = None, published: str | None = None, outlet: str | None = None) -> Analysis:
    """Extract actors, quotes, events and stances from one article's text.

    Offsets in the result are into ``text`` exactly as given.
    """
    from newsgraph.ingest.base import iso_datetime

    article = Article.build(text, title=title, published=iso_datetime(published), outlet=outlet)
    return analyze_article(article)


def analyze_article(article: Article) -> Analysis:
    from newsgraph import nlp
    from newsgraph.extract import analyze_doc

    from newsgraph.extract import can_analyse
    from newsgraph.pipeline import with_language

    article = with_language(article)
    language = article.language if can_analyse(article.language) else "en"
    return analyze_doc(replace(article, language=language), nlp.parse(article.text, language))
