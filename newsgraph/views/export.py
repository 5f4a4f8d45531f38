"""Exports: every table as JSON, CSV or Parquet, and events as a GDELT 2.0-style table.

Nested records (actor references, spans) are flattened to ``prefix_field``
columns for CSV and Parquet. The GDELT table has one row per distinct event
(type, actors, date), with how many articles and independent sources report it.
"""

from __future__ import annotations

import csv
import json
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsgraph.errors import BadQuery
from newsgraph.lang import read_table
from newsgraph.store import Store
from newsgraph.stories.data import StoryData

TABLES = ("articles", "actors", "quotes", "events", "stances", "stories")
FORMATS = ("json", "csv", "parquet", "gdelt")

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "DATEADDED", "SOURCEURL",
)
EXTRA_COLUMNS = ("PloverType", "PloverMode", "DateKind", "ReportedBy", "ArticleId", "EvidenceStart", "EvidenceEnd", "EvidenceText")


def rows_of(store: Store, table: str) -> Iterator[dict[str, Any]]:
    """The rows of one table, streamed from the database (stories are few, and counted in one query)."""
    if table == "stories":
        return iter(store.stories())
    return store.iter_rows(table)


def export(store: Store, fmt: str, out: Path, tables: tuple[str, ...] = TABLES) -> list[Path]:
    """Write the chosen tables into ``out``; returns the files written."""
    if fmt not in FORMATS:
        raise BadQuery(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        raise BadQuery(f"unknown table {unknown[0]!r}; choose from {', '.join(TABLES)}")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "gdelt":
        return [write_gdelt(store, out / "events.gdelt.tsv")]
    written = []
    for table in tables:
        path = out / f"{table}.{fmt}"
        if fmt == "json":
            _write_json(rows_of(store, table), path)
        elif fmt == "csv":
            # two passes over the table, so that neither holds it in memory: the columns, then the rows
            columns = _columns(flatten(r) for r in rows_of(store, table))
            _write_csv((flatten(r) for r in rows_of(store, table)), columns, path)
        else:
            _write_parquet([flatten(r) for r in rows_of(store, table)], path)
        written.append(path)
    return written


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}_"))
        elif isinstance(value, (list, tuple)):
            flat[name] = json.dumps(value, ensure_ascii=False, default=str)
        elif isinstance(value, bytes):
            continue
        else:
            flat[name] = value
    return flat


def _columns(rows: Iterable[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _write_json(rows: Iterable[dict[str, Any]], path: Path) -> None:
    """The same text as ``json.dumps(list(rows), indent=1)``, written one row at a time."""
    with path.open("w", encoding="utf-8") as handle:
        first = True
        for row in rows:
            handle.write("[\n" if first else ",\n")
            handle.write(textwrap.indent(json.dumps(row, ensure_ascii=False, indent=1, default=str), " "))
            first = False
        handle.write("[]" if first else "\n]")


def _write_csv(rows: Iterable[dict[str, Any]], columns: list[str], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = _columns(rows)
    data = {c: [_parquet_cell(r.get(c)) for r in rows] for c in columns}
    pq.write_table(pa.table(data) if rows else pa.table({}), path)


def _parquet_cell(value: Any) -> Any:
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


@lru_cache(maxsize=1)
def cameo_codes() -> dict[tuple[str, str], tuple[str, int, float]]:
    return {(row[0], row[1]): (row[2], int(row[3]), float(row[4])) for row in read_table("cameo.tsv")}


def cameo_for(event_type: str, mode: str | None) -> tuple[str, int, float]:
    codes = cameo_codes()
    return codes.get((event_type, (mode or "").lower())) or codes.get((event_type, ""), ("", 0, 0.0))


def gdelt_rows(data: StoryData) -> list[dict[str, Any]]:
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for event in data.events:
        key = (event["type"], (event["source"] or {}).get("actor"), (event["target"] or {}).get("actor"), event["date"]["value"])
        grouped[key].append(event)
    added = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
    rows = []
    for number, ((kind, _, _, date), reports) in enumerate(sorted(grouped.items(), key=lambda kv: (kv[0][3] or "", kv[0][0])), start=1):
        first = min(reports, key=lambda e: (e["article"], e["evidence"]["start"]))
        code, quad, goldstein = cameo_for(kind, first["mode"])
        article = data.by_id.get(first["article"], {})
        articles = {e["article"] for e in reports}
        row = {
            "GLOBALEVENTID": number,
            "SQLDATE": date.replace("-", "") if date else "",
            "MonthYear": date.replace("-", "")[:6] if date else "",
            "Year": date[:4] if date else "",
            "FractionDate": _fraction(date),
            **_actor_columns("Actor1", first["source"]),
            **_actor_columns("Actor2", first["target"]),
            "IsRootEvent": int(first["evidence"]["start"] < 400),
            "EventCode": code,
            "EventBaseCode": code[:3],
            "EventRootCode": code[:2],
            "QuadClass": quad,
            "GoldsteinScale": goldstein,
            "NumMentions": len(reports),
            "NumSources": len({data.source_of(a) for a in articles}),
            "NumArticles": len(articles),
            "DATEADDED": added,
            "SOURCEURL": article.get("url") or article.get("location") or "",
            "PloverType": kind,
            "PloverMode": first["mode"] or "",
            "DateKind": first["date"]["kind"],
            "ReportedBy": (first["reported_by"] or {}).get("name") or "",
            "ArticleId": first["article"],
            "EvidenceStart": first["evidence"]["start"],
            "EvidenceEnd": first["evidence"]["end"],
            "EvidenceText": first["evidence"]["text"],
        }
        rows.append(row)
    return rows


def write_gdelt(store: Store, path: Path) -> Path:
    from newsgraph.stories.data import load

    data = load(store, [a["id"] for a in store.articles()])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=GDELT_COLUMNS + EXTRA_COLUMNS, delimiter="\t")
        writer.writeheader()
        writer.writerows(gdelt_rows(data))
    return path


def _actor_columns(prefix: str, ref: dict[str, Any] | None) -> dict[str, Any]:
    ref = ref or {}
    code = ref.get("actor") or ""
    sector = ref.get("sector") or ""
    country = code if len(code) == 3 and code.isupper() else ""
    return {
        f"{prefix}Code": f"{code}{sector}",
        f"{prefix}Name": (ref.get("name") or "").upper(),
        f"{prefix}CountryCode": country,
        f"{prefix}KnownGroupCode": "" if country else code,
        f"{prefix}Type1Code": sector,
    }


def _fraction(date: str | None) -> str:
    if not date:
        return ""
    moment = datetime.fromisoformat(date)
    return f"{moment.year + (moment.timetuple().tm_yday - 1) / 365:.4f}"
