"""The batch output: one folder of Parquet files per table, with the store's own columns.

Every table of the store that ingest fills has a folder of the same name; record tables drop
only their row number (``id``), which a database gives on load. ``failures`` holds what could
not be read or analysed, and ``manifest.json``, written last, says the output is complete.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa

from newsgraph.errors import NewsgraphError
from newsgraph.store import schema

MANIFEST = "manifest.json"
FORMAT_VERSION = 1

# store tables in the order a load inserts them (each after the tables it refers to)
STORE_TABLES: dict[str, sa.Table] = {
    "stories": schema.stories,
    "articles": schema.articles,
    "article_locations": schema.locations,
    "captions": schema.captions,
    "pending_urls": schema.pending_urls,
    "mentions": schema.mentions,
    "quotes": schema.quotes,
    "events": schema.events,
    "stances": schema.stances,
    "story_merges": schema.story_merges,
    "meta": schema.meta,
}
RECORD_TABLE_NAMES = tuple(table.name for table in schema.RECORD_TABLES.values())  # mentions, quotes, events, stances
# what the analysis of an article writes (the rest comes from the driver's passes)
ANALYSIS_TABLES = ("articles", "captions", *RECORD_TABLE_NAMES)
JSON_COLUMNS = {"record", "state"}  # JSON in the store, JSON text in Parquet
FAILURE_SCHEMA = pa.schema([("location", pa.string()), ("kind", pa.string()), ("reason", pa.string())])


class BatchOutputError(NewsgraphError):
    """A folder that is not a complete batch output."""


def _arrow_type(column: sa.Column) -> pa.DataType:
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return pa.bool_()
    if isinstance(kind, (sa.Integer, sa.BigInteger)):
        return pa.int64()
    if isinstance(kind, sa.Float):
        return pa.float64()
    if isinstance(kind, sa.LargeBinary):
        return pa.binary()
    return pa.string()  # String, Text, and JSON as its text


def columns(name: str) -> list[sa.Column]:
    """The columns a table has in the output: the store's, but a record table's row number."""
    table = STORE_TABLES[name]
    record_table = name in RECORD_TABLE_NAMES
    return [c for c in table.c if not (record_table and c.name == "id")]


def arrow_schema(name: str) -> pa.Schema:
    if name == "failures":
        return FAILURE_SCHEMA
    return pa.schema([pa.field(c.name, _arrow_type(c)) for c in columns(name)])


def to_output(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A store row as the output keeps it (JSON columns as compact text)."""
    return {c.name: (json.dumps(row.get(c.name), separators=(",", ":")) if c.name in JSON_COLUMNS else row.get(c.name)) for c in columns(name)}


def from_output(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """An output row as the store takes it."""
    return {k: (json.loads(v) if k in JSON_COLUMNS and v is not None else v) for k, v in row.items()}


class TableWriter:
    """Appends rows to ``OUTPUT/<name>/part-<part>.parquet`` in row groups."""

    def __init__(self, output: Path, name: str, part: str = "00000", group: int = 5_000) -> None:
        self.name, self.schema, self.group = name, arrow_schema(name), group
        folder = output / name
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"part-{part}.parquet"
        self._writer = pq.ParquetWriter(self.path, self.schema)
        self._rows: list[dict[str, Any]] = []
        self.written = 0

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        self._rows.extend(rows)
        if len(self._rows) >= self.group:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.schema))
            self.written += len(self._rows)
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def write_table(output: Path, name: str, rows: Iterable[dict[str, Any]], part: str = "00000") -> int:
    writer = TableWriter(output, name, part)
    try:
        writer.write(rows)
    finally:
        writer.close()
    return writer.written


def read_rows(output: Path, name: str, batch_rows: int = 2_000) -> Iterator[list[dict[str, Any]]]:
    """A table's rows in chunks, file by file in name order (Spark's part files included)."""
    for path in sorted((output / name).glob("*.parquet")):
        for record_batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
            yield record_batch.to_pylist()


def write_manifest(output: Path, counts: dict[str, Any]) -> None:
    (output / MANIFEST).write_text(json.dumps({"format": FORMAT_VERSION, **counts}, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_manifest(output: Path) -> dict[str, Any]:
    path = output / MANIFEST
    if not output.is_dir():
        raise BatchOutputError(f"{output}: no such folder; give the OUTPUT folder a `newsgraph batch` run wrote")
    if not path.exists():
        raise BatchOutputError(f"{output}: not a complete batch output (no {MANIFEST}); run `newsgraph batch INPUT… {output}` to the end first")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BatchOutputError(f"{path}: cannot be read ({err}); run the batch again") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BatchOutputError(f"{output}: written in output format {manifest.get('format')}, this release reads {FORMAT_VERSION}; run the batch again")
    return manifest
