"""Parsing and extraction in worker processes, for `newsgraph ingest --workers N`.

Nine tenths of an ingest is spaCy and the extractors, and each article's analysis depends on
that article alone, so a batch is cut into one contiguous piece per worker and the pieces are
analysed at once. Everything else (reading, duplicates, stories, the transaction) stays in the
main process, in order, so the database is the same as with one process, batch for batch; the
main process reads the next batch and writes the last one while the workers analyse.
Workers start by spawning (no copy of the parent's database connections) and load the models
once each.
"""

from __future__ import annotations

import logging
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import TYPE_CHECKING

from newsgraph.model import Analysis, Article, ReadFailure

if TYPE_CHECKING:
    from newsgraph.pipeline import IngestReport
    from newsgraph.store import NewArticle

log = logging.getLogger(__name__)

Submitted = list[tuple[list["NewArticle"], Future]]


class AnalysisPool:
    """``workers`` processes that analyse pieces of a batch; ``collect`` fills each item's analysis."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=load_models)

    def submit(self, items: list[NewArticle]) -> Submitted:
        """Start analysing a batch, one piece per worker; ``collect`` waits and fills it in."""
        return [(piece, self._pool.submit(analyze_articles, [item.article for item in piece])) for piece in split_by_chars(items, self.workers)]

    def collect(self, submitted: Submitted, report: IngestReport) -> None:
        from newsgraph.pipeline import analyze_items

        for piece, future in submitted:
            try:
                analyses, failed, not_analysed = future.result()
            except BrokenProcessPool:  # a worker died (out of memory, killed): do its piece here
                log.warning("a worker process died; analysing its %d articles in the main process", len(piece))
                analyze_items(piece, report)
                continue
            for item, analysis in zip(piece, analyses):
                item.analysis = analysis
            report.failed.extend(failed)
            report.not_analysed.update(not_analysed)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


def split_by_chars(items: list[NewArticle], parts: int) -> list[list[NewArticle]]:
    """At most ``parts`` contiguous pieces holding about as many characters each."""
    total = sum(len(item.article.text) for item in items) or 1
    pieces: list[list[NewArticle]] = [[]]
    done = 0
    for item in items:
        if pieces[-1] and len(pieces) < parts and done >= total * len(pieces) / parts:
            pieces.append([])
        pieces[-1].append(item)
        done += len(item.article.text)
    return pieces


def analyze_articles(articles: list[Article]) -> tuple[list[Analysis | None], list[ReadFailure], Counter[str]]:
    """In a worker: the same analysis as one process does (pipeline.analyze_items), and what it reported."""
    from newsgraph.pipeline import IngestReport, analyze_items
    from newsgraph.store import NewArticle

    items = [NewArticle(article) for article in articles]
    report = IngestReport()
    analyze_items(items, report)
    return [item.analysis for item in items], report.failed, report.not_analysed


def load_models() -> None:
    """A worker's start: the English pipeline loaded once, before the first task."""
    from newsgraph import nlp

    nlp.load("en")
