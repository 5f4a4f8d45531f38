"""The main job: sources → ingest → nlp → extract → stories → store, in transactional batches."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.ingest import dedupe, iter_files, read_path
from newsgraph.ingest.base import Item, Note
from newsgraph.ingest.limits import one_line
from newsgraph.model import Article, PendingUrl, ReadFailure, Skipped
from newsgraph.store import Batch, NewArticle, Store
from newsgraph.stories.assign import StoryAssigner

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsgraph.workers import AnalysisPool, Submitted

log = logging.getLogger(__name__)

BATCH_SIZE = 16
# A batch is also committed once its articles hold this many characters: the parser's memory
# grows with the text it holds (see nlp.MAX_BATCH_CHARS), and a batch of long articles is
# long to redo after a kill.
BATCH_CHARS = 200_000
# ... and once it holds this many URLs to fetch and locations of stored articles found again
# (a feed of links, a file of copies), which otherwise would wait for the next new article.
BATCH_ITEMS = 1_000


@dataclass
class IngestReport:
    """What an ingest run did; ``new`` counts articles stored for the first time."""

    read: int = 0
    new: int = 0
    duplicates: int = 0  # the same content found at another location
    unchanged: int = 0  # already stored from this very location
    near_duplicates: int = 0  # lightly edited copies, linked to their original
    pending_urls: int = 0
    failed: list[ReadFailure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # stored, but changed: text cut, a field dropped
    not_analysed: Counter[str] = field(default_factory=Counter)  # stored, in a language with no pipeline here

    def to_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicates": self.duplicates,
            "unchanged": self.unchanged,
            "near_duplicates": self.near_duplicates,
            "pending_urls": self.pending_urls,
            "failed": [{"location": f.location, "reason": f.reason} for f in self.failed],
            "skipped": [{"location": s.location, "reason": s.reason} for s in self.skipped],
            "notes": [{"location": n.location, "reason": n.reason} for n in self.notes],
            "not_analysed": dict(self.not_analysed),
        }


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    extract: bool = True,
    batch_size: int = BATCH_SIZE,
    on_file: Callable[[Path | ReadFailure], None] | None = None,
    files: list[Path | ReadFailure] | None = None,
    workers: int = 1,
) -> IngestReport:
    """Read everything under ``paths`` into ``store``; safe to re-run and to kill at any point.
    One ingest at a time per database: a second one refuses at once (store/lock.py). With
    ``workers`` > 1, batches ``workers`` times larger are parsed and analysed in that many
    processes (workers.py); the database is the same."""
    from newsgraph.store.lock import ingest_lock

    with ingest_lock(store.engine, store.url):
        if workers <= 1 or not extract:
            return _ingest(paths, store, extract=extract, batch_size=batch_size, on_file=on_file, files=files)
        from newsgraph.workers import AnalysisPool

        pool = AnalysisPool(workers)
        try:
            return _ingest(paths, store, extract=extract, batch_size=batch_size * workers, on_file=on_file, files=files, pool=pool)
        finally:
            pool.close()


def ingest_items(items: Iterable[Item], store: Store, *, extract: bool = True, batch_size: int = BATCH_SIZE) -> IngestReport:
    """Store items that did not come from files (pages fetched from the web, watch/), through the
    same batches as files. The caller holds the database's ingest lock (store/lock.py)."""
    return _ingest_items(items, store, extract=extract, batch_size=batch_size)


def _ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    extract: bool,
    batch_size: int,
    on_file: Callable[[Path | ReadFailure], None] | None,
    files: list[Path | ReadFailure] | None,
    pool: AnalysisPool | None = None,
) -> IngestReport:
    def items() -> Iterator[Item]:
        for found in files if files is not None else iter_files(paths):
            if isinstance(found, ReadFailure):
                yield found
            else:
                yield from read_path(found)
            if on_file:
                on_file(found)

    return _ingest_items(items(), store, extract=extract, batch_size=batch_size, pool=pool)


def _ingest_items(
    items: Iterable[Item], store: Store, *, extract: bool, batch_size: int, pool: AnalysisPool | None = None
) -> IngestReport:
    report = IngestReport()
    workers = pool.workers if pool else 1
    index = dedupe.NearDuplicateIndex()
    for article_id, blob in store.signatures():
        index.add(article_id, dedupe.from_bytes(blob))
    batch = Batch()
    in_batch: set[str] = set()
    stories = StoryAssigner(store)
    chars = 0

    in_flight: tuple[Batch, Submitted | None] | None = None  # analysed by the workers meanwhile

    def finish(done: Batch, analysis: Submitted | None) -> None:
        if analysis is not None and pool is not None:
            pool.collect(analysis, report)
        elif extract and done.articles:
            analyze_items(done.articles, report)
        if done.articles:
            stories.assign(done)
        if len(done):
            store.write(done)
        in_batch.difference_update(item.article.id for item in done.articles)

    def flush(last: bool = False) -> None:
        """Write the batch; with workers, start its analysis and write the one before meanwhile
        (batches are still written one by one, in order)."""
        nonlocal batch, chars, in_flight
        if pool is not None and extract:
            started = pool.submit(batch.articles) if batch.articles else None
            if in_flight:
                finish(*in_flight)
            in_flight = (batch, started)
            if last:
                finish(*in_flight)
        else:
            finish(batch, None)
        batch = Batch()
        chars = 0

    for item in items:
        if isinstance(item, ReadFailure):
            report.failed.append(item)
        elif isinstance(item, Skipped):
            report.skipped.append(item)
        elif isinstance(item, Note):
            report.notes.append(item)
        elif isinstance(item, PendingUrl):
            report.pending_urls += 1
            batch.pending.append(item)
        else:
            report.read += 1
            if _add(item, store, index, batch, in_batch, report):
                chars += len(item.text)
        if len(batch.articles) >= batch_size or chars >= BATCH_CHARS * workers or len(batch) >= BATCH_ITEMS:
            flush()
    flush(last=True)
    return report


def _add(article: Article, store: Store, index: dedupe.NearDuplicateIndex, batch: Batch, in_batch: set[str], report: IngestReport) -> bool:
    """Put a new article in the batch (True), or remember where a stored one was found again."""
    location = article.location or article.id
    if article.id in in_batch or store.existing_ids([article.id]):
        owner = store.location_owner(location)
        if owner == article.id or (location, article.id) in batch.locations:
            report.unchanged += 1
        else:
            report.duplicates += 1
            batch.locations.append((location, article.id))
        return False
    sig = dedupe.signature(f"{article.title or ''} {article.text}")
    original = index.original_of(sig)
    item = NewArticle(with_language(article), signature=dedupe.to_bytes(sig))
    if original:
        item.duplicate_of, item.similarity = original[0], round(original[1], 3)
        report.near_duplicates += 1
    else:
        index.add(article.id, sig)
    report.new += 1
    batch.articles.append(item)
    in_batch.add(article.id)
    return True


def with_language(article: Article) -> Article:
    """Every article gets a language: its source's, normalised ("en-GB" -> "en"), else detected."""
    from newsgraph import nlp

    language = nlp.normal_language(article.language) or nlp.detect_language(article.text)
    return article if language == article.language else replace(article, language=language)


def analyze_items(items: list[NewArticle], report: IngestReport) -> None:
    """Parse a batch with spaCy, one pipeline per language, then run the extractors on each
    article; an article that breaks either is stored without analysis and reported, the others
    are not affected. A language with no pipeline here is stored and counted as not analysed."""
    from newsgraph.extract import can_analyse

    by_language: dict[str, list[NewArticle]] = defaultdict(list)
    for item in items:
        if can_analyse(item.article.language):
            by_language[item.article.language or "en"].append(item)
        else:  # stored, marked not analysed (articles.analyzed), and every view says why
            report.not_analysed[item.article.language or "unknown"] += 1
    for language, group in by_language.items():
        _analyze_language(group, language, report)


def _analyze_language(items: list[NewArticle], language: str, report: IngestReport) -> None:
    from newsgraph import nlp
    from newsgraph.extract import analyze_doc

    try:
        docs: list[Doc | None] = list(nlp.parse_many((item.article.text for item in items), language=language))
    except Exception:  # find the article that broke the batch: parse each on its own
        log.debug("batch parse failed; parsing one article at a time", exc_info=True)
        docs = [_parse_one(item, report) for item in items]
    try:  # headlines in one batch too; on failure each article parses its own
        titles: list[Doc | None] = list(nlp.parse_many((item.article.title or "" for item in items), language=language))
    except Exception:
        log.debug("batch parse of headlines failed", exc_info=True)
        titles = [None] * len(items)
    for item, doc, title in zip(items, docs, titles):
        if doc is None:
            continue
        try:
            item.analysis = analyze_doc(item.article, doc, title if item.article.title else None)
        except Exception as err:  # keep the article; say which one extraction failed on
            log.debug("extraction failed on %s", item.article.id, exc_info=True)
            report.failed.append(
                ReadFailure(item.article.location or item.article.id, one_line(f"stored, but extraction failed ({type(err).__name__}: {err})"))
            )


def _parse_one(item: NewArticle, report: IngestReport) -> Doc | None:
    from newsgraph import nlp

    try:
        return nlp.parse(item.article.text, item.article.language or "en")
    except Exception as err:
        log.debug("parse failed on %s", item.article.id, exc_info=True)
        reason = f"stored, but could not be parsed for extraction ({type(err).__name__}: {err})"
        report.failed.append(ReadFailure(item.article.location or item.article.id, one_line(reason)))
        return None
