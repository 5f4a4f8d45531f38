"""The batch job's steps, the same whichever engine runs them.

1. ``read_files`` (in parallel, by file): every item of every file.
2. ``Planner.add`` (one pass, in read order): exact duplicates across the whole input (by content
   id), which are not analysed.
3. ``analyse`` (in parallel, by article): language, near-duplicate signature, parse, extract, the
   rows of every table (``store/rows.py``, as the store makes them), and what the clusterer
   reads of each article.
4. ``Planner.link`` (one pass, in read order): near duplicates, decided as ingest decides them.
5. ``StoryPass`` (one pass, in publication order): stories, by the clusterer ingest uses, run
   against a scratch database so copies, late articles and merges go exactly as in ingest.

Steps 2, 4 and 5 see only light rows (ids, signatures, features); near duplicates are analysed
like any new article (as in ingest), so step 4 can wait for the analysis.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from newsgraph.batch.tables import ANALYSIS_TABLES
from newsgraph.ingest import dedupe, read_path
from newsgraph.ingest.base import Note
from newsgraph.model import Article, Caption, PendingUrl, ReadFailure, Skipped
from newsgraph.pipeline import BATCH_SIZE, IngestReport, analyze_items, with_language
from newsgraph.store import Batch, NewArticle, Store, rows, schema
from newsgraph.stories.assign import StoryAssigner, cluster_item
from newsgraph.stories.story import ClusterItem, headline_source
from newsgraph.stories.vectors import StreamingTfidf

# an engine's last step: the articles table, given each article's story number and (original, similarity)
Finish = Callable[[dict[str, int], dict[str, tuple[str | None, float | None]]], None]

_KINDS = {ReadFailure: "failed", Skipped: "skipped", Note: "note", PendingUrl: "pending"}


# -- 1. reading ------------------------------------------------------------------------


def read_files(files: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Rows of everything in these files, numbered (file, item) in read order."""
    return [read_row(number, position, item) for number, path in files for position, item in enumerate(read_path(Path(path)))]


def read_row(file: int, item: int, found: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"file": file, "item": item, "id": None, "location": None}
    if isinstance(found, Article):
        row.update(kind="article", id=found.id, location=found.location or found.id, data=json.dumps(found.to_dict()))
    else:
        row.update(kind=_KINDS[type(found)], data=json.dumps({k: getattr(found, k) for k in found.__dataclass_fields__}))
    return row


def article_from_json(data: str) -> Article:
    fields = json.loads(data)
    return Article(**{**fields, "captions": tuple(Caption(**c) for c in fields.get("captions") or ())})


# -- 2. duplicates -----------------------------------------------------------------------


@dataclass
class Planner:
    """Which articles are new, which are copies of which, and where each was found; fed in read order."""

    report: IngestReport = field(default_factory=IngestReport)
    kept: dict[str, tuple[str | None, float | None]] = field(default_factory=dict)  # new id -> (original, similarity)
    owners: dict[str, str] = field(default_factory=dict)  # location -> the first article found there
    pending: dict[str, PendingUrl] = field(default_factory=dict)
    _seen: set[tuple[str, str]] = field(default_factory=set)
    _index: dedupe.NearDuplicateIndex = field(default_factory=dedupe.NearDuplicateIndex)

    def add(self, row: dict[str, Any]) -> bool:
        """Take one read row, in read order; True when it is a new article, to analyse."""
        kind = row["kind"]
        if kind != "article":
            self._add_other(kind, json.loads(row["data"]))
            return False
        self.report.read += 1
        article_id, location = row["id"], row["location"]
        if article_id in self.kept:
            if self.owners.get(location) == article_id or (location, article_id) in self._seen:
                self.report.unchanged += 1
            else:
                self.report.duplicates += 1
                self.owners.setdefault(location, article_id)
            self._seen.add((location, article_id))
            return False
        self.kept[article_id] = (None, None)
        self.owners.setdefault(location, article_id)
        self._seen.add((location, article_id))
        self.report.new += 1
        return True

    def link(self, article_id: str, signature: bytes) -> None:
        """Take a new article's signature, in read order: a near duplicate is linked to its original."""
        found = dedupe.from_bytes(signature)
        original = self._index.original_of(found)
        if original:
            self.kept[article_id] = (original[0], round(original[1], 3))
            self.report.near_duplicates += 1
        else:
            self._index.add(article_id, found)

    def _add_other(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "pending":
            self.report.pending_urls += 1
            self.pending.setdefault(data["url"], PendingUrl(**data))
        elif kind == "failed":
            self.report.failed.append(ReadFailure(**data))
        elif kind == "skipped":
            self.report.skipped.append(Skipped(**data))
        else:
            self.report.notes.append(Note(**data))

    def location_rows(self) -> Iterator[dict[str, Any]]:
        return ({"location": location, "article_id": article_id} for location, article_id in self.owners.items())

    def pending_rows(self) -> Iterator[dict[str, Any]]:
        return ({"url": p.url, "title": p.title, "outlet": p.outlet, "published": p.published, "location": p.location} for p in self.pending.values())


def failure_rows(report: IngestReport) -> Iterator[dict[str, Any]]:
    for kind, found in (("failed", report.failed), ("skipped", report.skipped), ("note", report.notes)):
        for item in found:
            yield {"location": item.location, "kind": kind, "reason": item.reason}
    for language, count in sorted(report.not_analysed.items()):
        yield {"location": "", "kind": "not_analysed", "reason": f"{count} {language}"}


# -- 3. analysis ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """What the driver needs of one analysed article: its read position and signature (near
    duplicates), its publication order and what the clusterer reads (stories)."""

    file: int
    item: int
    signature: bytes
    order: tuple[Any, ...]
    features: ClusterItem


@dataclass
class Analysed:
    """What the analysis of some articles gives: rows per output table, and each article's ``Found``."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    found: list[Found] = field(default_factory=list)
    report: IngestReport = field(default_factory=IngestReport)


def analyse(articles: list[dict[str, Any]], ingested_at: str) -> Analysed:
    """Analyse new articles (read rows: ``data``, ``file``, ``item``). Their ``articles`` rows
    leave ``duplicate_of``, ``similarity`` and ``story_id`` to the driver's passes."""
    items = []
    for row in articles:
        article = with_language(article_from_json(row["data"]))
        items.append(NewArticle(article, signature=dedupe.to_bytes(dedupe.signature(f"{article.title or ''} {article.text}"))))
    out = Analysed()
    analyze_items(items, out.report)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in ANALYSIS_TABLES}
    for source, item in zip(articles, items):
        article = item.article
        row = rows.article_row(
            article, signature=item.signature, duplicate_of=item.duplicate_of, similarity=item.similarity, analyzed=item.analysis is not None, ingested_at=ingested_at
        )
        tables["articles"].append({**row, "story_id": None})
        tables["captions"].extend(rows.caption_rows(article))
        if item.analysis is not None:
            for kind, kind_rows in rows.analysis_rows(item.analysis).items():
                tables[schema.RECORD_TABLES[kind].name].extend(kind_rows)
        order = story_order(article.published, source["file"], source["item"])
        out.found.append(Found(source["file"], source["item"], item.signature or b"", order, features(item)))
    out.tables = tables
    return out


def in_publication_order(found: Iterable[Found], planner: Planner) -> Iterator[ClusterItem]:
    """The clusterer's features in publication order, each with the original it copies."""
    for one in sorted(found, key=lambda f: f.order):
        yield replace(one.features, duplicate_of=planner.kept[one.features.id][0])


def story_order(published: str | None, file: int, item: int) -> tuple[Any, ...]:
    """Publication order, undated articles last, ties in read order."""
    return (published is None, published or "", file, item)


@lru_cache(maxsize=1)
def _vectorizer() -> StreamingTfidf:
    from newsgraph.stories.cluster import StoryClusterer

    return StoryClusterer().vec  # a new clusterer's own text representation


def features(item: NewArticle) -> ClusterItem:
    """What the clusterer reads of an article, its term frequencies worked out here."""
    found = cluster_item(item)
    return replace(found, text=headline_source(found.text), tf=_vectorizer().tf(found.text))


def dump_features(item: ClusterItem) -> bytes:
    return pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)


def load_features(data: bytes) -> ClusterItem:
    return pickle.loads(data)  # noqa: S301 - written by this job's own workers


# -- 4. stories ------------------------------------------------------------------------------


class StoryPass:
    """Stories for articles given in publication order, by ingest's own assigner.

    The assigner reads and writes a scratch SQLite database of bare articles and stories, batch by
    batch as in ingest; what is left there at the end is the output's stories, merges, clusterer
    state and each article's story.
    """

    def __init__(self, scratch: Path, batch_size: int = BATCH_SIZE) -> None:
        self.store = Store(f"sqlite:///{scratch}")
        self.assigner = StoryAssigner(self.store)
        self.batch_size = batch_size
        self._batch = Batch()

    def add(self, item: ClusterItem) -> None:
        bare = Article(id=item.id, text="", title=item.title, published=item.published)
        self._batch.articles.append(NewArticle(bare, duplicate_of=item.duplicate_of, features=item))
        if len(self._batch.articles) >= self.batch_size:
            self._flush()

    def add_all(self, items: Iterable[ClusterItem]) -> None:
        for item in items:
            self.add(item)
        self._flush()

    def _flush(self) -> None:
        if self._batch.articles:
            self.assigner.assign(self._batch)
            self.store.write(self._batch)
        self._batch = Batch()

    def story_numbers(self) -> dict[str, int]:
        """Each article's story number."""
        a = schema.articles
        with self.store.engine.connect() as conn:
            return {aid: sid for aid, sid in conn.execute(sa.select(a.c.id, a.c.story_id)) if sid is not None}

    def table(self, table: sa.Table) -> list[dict[str, Any]]:
        order = [c for c in table.primary_key.columns]
        with self.store.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(sa.select(table).order_by(*order))]

    def close(self) -> None:
        self.store.engine.dispose()


def report_sum(into: IngestReport, part: IngestReport) -> None:
    into.failed.extend(part.failed)
    into.not_analysed.update(part.not_analysed)

