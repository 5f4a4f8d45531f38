"""`newsgraph load`: a batch output into a database, so every view works on it.

Idempotent: rows already there are left as they are (the store's insert-or-ignore), stories
are matched by the clusterer's key, so a second load changes nothing. The clusterer's state
comes along, so a later `newsgraph ingest` puts new articles into the loaded stories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from newsgraph.batch.tables import STORE_TABLES, BatchOutputError, from_output, read_manifest, read_rows
from newsgraph.store import Store, schema
from newsgraph.store.lock import ingest_lock

# a database that holds this is a load of that very output (its ingested_at stamp) or its successors
LOADED_KEY = "loaded_batch"


@dataclass
class LoadReport:
    tables: dict[str, int] = field(default_factory=dict)  # rows read from the output, per table
    stories: int = 0


def load(output: str | Path, store: Store) -> LoadReport:
    """Put a batch output into ``store``; one transaction per chunk of rows, safe to re-run."""
    out = Path(output)
    manifest = read_manifest(out)
    report = LoadReport()
    with ingest_lock(store.engine, store.url):
        _refuse_other_history(store, manifest)
        numbers = _load_stories(out, store, report)
        _load_articles(out, store, numbers, report)
        for name in ("article_locations", "captions", "pending_urls", "mentions", "quotes", "events", "stances"):
            report.tables[name] = _insert_all(out, store, name)
        _load_merges(out, store, report)
        with store.engine.begin() as conn:
            for batch in read_rows(out, "meta"):
                for row in batch:
                    store.set_meta(conn, row["key"], row["value"], raw=True)
            store.set_meta(conn, LOADED_KEY, manifest["ingested_at"])
            store.follow_story_numbers(conn)
    return report


def _refuse_other_history(store: Store, manifest: dict[str, Any]) -> None:
    """Stories of a batch continue only its own clusterer: never mix it with another history."""
    loaded = store.meta_value(LOADED_KEY)
    if loaded == manifest["ingested_at"]:
        return
    with store.engine.connect() as conn:
        has_articles = conn.scalar(sa.select(schema.articles.c.id).limit(1)) is not None
    if has_articles:
        raise BatchOutputError(
            f"{store.url} already holds articles that did not come from this batch output; "
            "load into a new database (articles can be ingested into it afterwards)"
        )


def _load_stories(out: Path, store: Store, report: LoadReport) -> dict[int, int]:
    """Stories by key; the database's number for each of the output's."""
    numbers: dict[int, int] = {}
    for batch in read_rows(out, "stories", batch_rows=500):
        with store.engine.begin() as conn:
            ids = store.upsert_stories(conn, [from_output("stories", row) for row in batch], keep_numbers=True)
        numbers.update((row["id"], ids[row["key"]]) for row in batch)
        report.stories += len(batch)
    return numbers


def _load_articles(out: Path, store: Store, numbers: dict[int, int], report: LoadReport) -> None:
    """Originals before their copies (a copy refers to its original)."""
    count = 0
    for copies in (False, True):
        for batch in read_rows(out, "articles", batch_rows=500):
            chosen = [_renumbered(row, numbers) for row in batch if (row["duplicate_of"] is not None) == copies]
            with store.engine.begin() as conn:
                store.insert_ignore(conn, schema.articles, chosen)
            count += len(chosen)
    report.tables["articles"] = count


def _renumbered(row: dict[str, Any], numbers: dict[int, int]) -> dict[str, Any]:
    story = row.get("story_id")
    return {**row, "story_id": numbers.get(story) if story is not None else None}


def _insert_all(out: Path, store: Store, name: str) -> int:
    table = STORE_TABLES[name]
    count = 0
    for batch in read_rows(out, name):
        with store.engine.begin() as conn:
            store.insert_ignore(conn, table, [from_output(name, row) for row in batch])
        count += len(batch)
    return count


def _load_merges(out: Path, store: Store, report: LoadReport) -> None:
    """Where the numbers of stories taken into others went (the output's numbers are kept)."""
    report.tables["story_merges"] = _insert_all(out, store, "story_merges")
