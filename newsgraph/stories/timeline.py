"""A story's timeline: each distinct dated event once, with how many sources report it."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from newsgraph.stories.data import StoryData


def fact_key(event: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """Two reports of one event: same type between the same actors."""
    return (event["type"], (event["source"] or {}).get("actor"), (event["target"] or {}).get("actor"))


def timeline(data: StoryData) -> list[dict[str, Any]]:
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for event in data.events:  # a background date ("in 2014") never places a row on the time axis
        day = None if event["date"]["kind"] == "background" else event["date"]["value"]
        grouped[(*fact_key(event), day)].append(event)
    rows = []
    for (kind, source, target, date), reports in grouped.items():
        first = min(reports, key=lambda e: (e["article"], e["evidence"]["start"]))
        articles = sorted({e["article"] for e in reports})
        rows.append(
            {
                "date": date,
                "date_kind": first["date"]["kind"],
                "type": kind,
                "mode": first["mode"],
                "source": source,
                "target": target,
                "reported_by": (first["reported_by"] or {}).get("name"),
                "sources": len({data.source_of(a) for a in articles}),
                "articles": articles,
                "evidence": {"article": first["article"], **first["evidence"]},
            }
        )
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", -r["sources"], r["type"]))


def draw(rows: list[dict[str, Any]], path: Path, title: str = "") -> Path:
    """Dated events on a time axis, one lane per event type, dot size by source count."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from datetime import date as Date

    dated = [r for r in rows if r["date"]]
    lanes = sorted({r["type"] for r in dated})
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.5 * max(len(lanes), 1)))
    for r in dated:
        when = Date.fromisoformat(r["date"])
        y = lanes.index(r["type"])
        ax.scatter([when], [y], s=60 + 60 * r["sources"], alpha=0.7, marker="o" if r["date_kind"] == "exact" else "D")
        ax.annotate(f"{r['source'] or '?'}→{r['target'] or '?'}", (mdates.date2num(when), y), xytext=(6, 4), textcoords="offset points", fontsize=7)
    ax.set_yticks(range(len(lanes)), lanes)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    ax.set_title(title or "Timeline", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
