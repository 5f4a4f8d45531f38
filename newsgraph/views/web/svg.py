"""Timeline and actor network drawn as inline SVG on the server: no plotting library, no script.

Each dot and node is a link (a dot to its event's sentence, a node to the actor's page), and
every label from the data is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from newsgraph.stories.network import tone

COOPERATION, CONFLICT, NEUTRAL = "#2e7d32", "#c62828", "#78909c"
ROW, LEFT, RIGHT, TOP = 26, 190, 30, 34
WIDTH = 860


def _colour(event_type: str) -> str:
    return COOPERATION if tone(event_type) > 0 else CONFLICT


BEFORE, AFTER = 45, 14  # days before the first article and after the last that still belong on the axis
CHAR_PX, GAP_PX = 6.6, 14  # a tick label's width per character (11 px type), and the space kept between two
DAY_STEPS = (1, 2, 3, 7, 14)
MONTH_STEPS = (1, 2, 3, 6)
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)


def split_background(rows: list[dict[str, Any]], first: str | None, last: str | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Dated events near the story's publication dates (the axis), and those far from them: a
    1970 treaty recalled in a 2026 article would squeeze every real event into one column."""
    dated = [r for r in rows if r.get("date")]
    if not first:
        return dated, []
    low = date.fromisoformat(first[:10]).toordinal() - BEFORE
    high = date.fromisoformat((last or first)[:10]).toordinal() + AFTER
    near = [r for r in dated if low <= date.fromisoformat(r["date"]).toordinal() <= high]
    return near, [r for r in dated if r not in near]


def timeline_svg(rows: list[dict[str, Any]], link: Callable[[dict[str, Any]], str]) -> Markup:
    """One row per dated event: its label on the left, a dot at its date, size by source count."""
    dated = [r for r in rows if r.get("date")]
    if not dated:
        return Markup("")
    days = [date.fromisoformat(r["date"]).toordinal() for r in dated]
    first, last = min(days), max(days)
    span = max(last - first, 1)
    pad = 0 if last > first else 0.5
    inner = WIDTH - LEFT - RIGHT

    def x(day: float) -> float:
        return LEFT + inner * ((day - first + pad) / (span + 2 * pad) if last > first else 0.5)

    height = TOP + ROW * len(dated) + 10
    out = [f'<svg class="chart timeline" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="Timeline of {len(dated)} dated events">']
    for day, label in axis_ticks(first, last, inner):
        tx = x(day)
        out.append(f'<line x1="{tx:.1f}" y1="{TOP - 8}" x2="{tx:.1f}" y2="{height - 6}" class="grid"/>')
        out.append(f'<text x="{tx:.1f}" y="{TOP - 14}" class="tick" text-anchor="middle">{label}</text>')
    for i, (row, day) in enumerate(zip(dated, days)):
        y = TOP + ROW * i + ROW / 2
        radius = 4 + 2.5 * min(row["sources"], 6)
        exact = row["date_kind"] == "exact"
        title = f"{row['date']} ({row['date_kind']}) · {row['type']} {row['source'] or '?'}→{row['target'] or '?'} · {row['sources']} source(s)\n{row['evidence']['text']}"
        out.append(f'<a href="{escape(link(row))}" class="dot">')
        out.append(f"<title>{escape(title)}</title>")
        if i % 2 == 0:
            out.append(f'<rect x="0" y="{y - ROW / 2:.1f}" width="{WIDTH}" height="{ROW}" class="band"/>')
        out.append(f'<text x="8" y="{y + 4:.1f}" class="lane">{escape(row["type"])} <tspan class="who">{escape(row["source"] or "?")}→{escape(row["target"] or "?")}</tspan></text>')
        shape = (
            f'<circle cx="{x(day):.1f}" cy="{y:.1f}" r="{radius:.1f}"'
            if exact
            else f'<rect x="{x(day) - radius:.1f}" y="{y - radius:.1f}" width="{2 * radius:.1f}" height="{2 * radius:.1f}" transform="rotate(45 {x(day):.1f} {y:.1f})"'
        )
        out.append(f'{shape} fill="{_colour(row["type"])}" fill-opacity="0.75"/>')
        out.append("</a>")
    out.append("</svg>")
    return Markup("".join(out))


def axis_ticks(first: int, last: int, inner: float) -> list[tuple[int, str]]:
    """Ticks (day ordinal, label) at the finest step of days, months or years whose labels, laid
    out at their positions over ``inner`` pixels, keep GAP_PX apart; a label names the year on the
    first tick and wherever the year changes, so a range across New Year is never ambiguous."""
    span = max(last - first, 1)
    for unit, steps in (("day", DAY_STEPS), ("month", MONTH_STEPS), ("year", YEAR_STEPS)):
        for step in steps:
            days = _tick_days(first, last, unit, step)
            if len(days) * CHAR_PX * 3 > inner:  # cannot fit: not worth labelling
                continue
            ticks = _labelled(days, unit)
            if _fits(ticks, first, span, inner):
                return ticks
    return _labelled([first], "day")


def _tick_days(first: int, last: int, unit: str, step: int) -> list[int]:
    """Every ``step`` days from the first; or the first days of months (years) whose number is a
    multiple of ``step``, within the range."""
    if unit == "day":
        return list(range(first, last + 1, step))
    start, end = date.fromordinal(first), date.fromordinal(last)
    out = []
    for index in range(start.year * 12 + start.month - 1, end.year * 12 + end.month):
        year, month = divmod(index, 12)
        if (month % step == 0) if unit == "month" else (month == 0 and year % step == 0):
            day = date(year, month + 1, 1).toordinal()
            if first <= day <= last:
                out.append(day)
    return out


def _labelled(days: list[int], unit: str) -> list[tuple[int, str]]:
    out, year = [], None
    for day in days:
        moment = date.fromordinal(day)
        if unit == "year":
            label = str(moment.year)
        elif unit == "month":
            label = f"{moment:%b %Y}" if moment.year != year else f"{moment:%b}"
        else:
            label = f"{moment.day} {moment:%b %Y}" if moment.year != year else f"{moment.day} {moment:%b}"
        year = moment.year
        out.append((day, label))
    return out


def _fits(ticks: list[tuple[int, str]], first: int, span: int, inner: float) -> bool:
    """Neighbouring labels (centred on their ticks) do not touch."""
    places = [(inner * (day - first) / span, len(label) * CHAR_PX) for day, label in ticks]
    return all(b[0] - a[0] >= (a[1] + b[1]) / 2 + GAP_PX for a, b in zip(places, places[1:]))


def coverage_svg(counts: list[tuple[str, int]]) -> Markup:
    """Articles per outlet as one bar cut into segments (a coverage bar), each segment titled with
    its outlet and count; colours come from classes (seg-0..seg-7), never a style attribute."""
    total = sum(n for _, n in counts)
    if not total:
        return Markup("")
    out = [f'<svg class="coverage" viewBox="0 0 1000 14" preserveAspectRatio="none" role="img" aria-label="Articles per outlet: {total} articles from {len(counts)} outlets">']
    at = 0.0
    for i, (outlet, n) in enumerate(counts):
        width = 1000 * n / total
        out.append(f'<rect x="{at:.2f}" y="0" width="{width:.2f}" height="14" class="seg seg-{i % PALETTE}"><title>{escape(outlet)}: {n} article{"" if n == 1 else "s"}</title></rect>')
        at += width
    out.append("</svg>")
    return Markup("".join(out))


PALETTE = 8


def network_svg(graph: dict[str, Any]) -> Markup:
    """Nodes on a circle (stable, readable for the few actors of a story); edges curve so A→B and B→A part."""
    nodes = graph["nodes"]
    if not nodes:
        return Markup("")
    size = 340 if len(nodes) <= 4 else 440 if len(nodes) <= 8 else 520
    centre, radius = size / 2, size / 2 - 70 if len(nodes) > 1 else 0
    place: dict[str, tuple[float, float]] = {}
    for i, node in enumerate(sorted(nodes, key=lambda n: n["id"])):
        angle = -math.pi / 2 + 2 * math.pi * i / len(nodes)
        place[node["id"]] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    out = [
        f'<svg class="chart network" width="{size}" viewBox="0 0 {size} {size}" role="img" aria-label="Actor network of {len(nodes)} actors">',
        "<defs>",
        *(
            f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
            for name, colour in (("cooperation", COOPERATION), ("conflict", CONFLICT), ("mixed", NEUTRAL))
        ),
        "</defs>",
    ]
    sizes = {n["id"]: 16 + min(n.get("mentions", 0), 30) * 0.6 for n in nodes}
    for edge in graph["edges"]:
        out.append(_edge(edge, place, sizes))
    for node in nodes:
        nx, ny = place[node["id"]]
        r = sizes[node["id"]]
        out.append(f'<a href="/actors/{escape(node["id"])}" class="node">')
        out.append(f'<title>{escape(node.get("name") or node["id"])} ({escape(node.get("kind") or "")}), {node.get("mentions", 0)} mentions</title>')
        out.append(f'<circle cx="{nx:.1f}" cy="{ny:.1f}" r="{r:.1f}"/>')
        out.append(f'<text x="{nx:.1f}" y="{ny + 4:.1f}" text-anchor="middle" class="code">{escape(node["id"])}</text>')
        out.append(f'<text x="{nx:.1f}" y="{ny + r + 14:.1f}" text-anchor="middle" class="name">{escape(_short(node.get("name") or ""))}</text>')
        out.append("</a>")
    out.append("</svg>")
    return Markup("".join(out))


def _edge(edge: dict[str, Any], place: dict[str, tuple[float, float]], sizes: dict[str, float]) -> str:
    (x1, y1), (x2, y2) = place[edge["source"]], place[edge["target"]]
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    # start and end on the circles' rims; bend to the right of the direction of travel
    sx, sy = x1 + ux * sizes[edge["source"]], y1 + uy * sizes[edge["source"]]
    ex, ey = x2 - ux * (sizes[edge["target"]] + 2), y2 - uy * (sizes[edge["target"]] + 2)
    bend = 0.18 * length
    cx, cy = (sx + ex) / 2 - uy * bend, (sy + ey) / 2 + ux * bend
    relation = edge.get("relation", "mixed")
    colour = {"cooperation": COOPERATION, "conflict": CONFLICT}.get(relation, NEUTRAL)
    width = 1.2 + min(edge.get("events", 1), 8) * 0.7
    title = f"{edge['source']}→{edge['target']}: {edge.get('types', '')} ({relation}, {edge.get('articles', 0)} article(s))"
    return (
        f'<g class="edge"><title>{escape(title)}</title>'
        f'<path d="M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}" fill="none" stroke="{colour}" '
        f'stroke-width="{width:.1f}" stroke-opacity="0.8" marker-end="url(#arrow-{relation if relation in ("cooperation", "conflict") else "mixed"})"/></g>'
    )


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
