"""Rendering rows for people (Rich tables) and programs (JSON, CSV), shared by every command."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from enum import Enum
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text


NO_WRAP = {"id", "article", "published", "date"}


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Flat CSV: nested values (actor references, spans) are written as JSON in their cell."""
    columns = list(columns or _columns(rows))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return out.getvalue()


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None, widths: dict[str, int] | None = None) -> Table:
    shown = Table(title=title, show_lines=False, header_style="bold")
    for name in columns:
        shown.add_column(name, max_width=(widths or {}).get(name), overflow="fold", no_wrap=name in NO_WRAP)
    for row in rows:
        shown.add_row(*[Text(_text(row.get(name))) for name in columns])  # Text: no markup from article data
    return shown


def emit(console: Console, rows: Sequence[dict[str, Any]], fmt: Format, columns: Sequence[str], title: str | None = None, widths: dict[str, int] | None = None) -> None:
    """Print rows in the chosen format; JSON and CSV go out raw, without Rich markup."""
    if fmt is Format.json:
        sys.stdout.write(to_json(list(rows)) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(to_csv(rows))
    elif not rows:
        console.print("[dim]nothing found[/dim]")
    else:
        console.print(table(rows, columns, title=title, widths=widths))


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "name" in value:
        return f"{value.get('name')} ({value.get('actor') or '?'})"
    if isinstance(value, dict) and "text" in value:
        return str(value["text"])
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return str(value)
