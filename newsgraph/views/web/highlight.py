"""Article text as HTML with every actor mention, quote, event and stance marked at its evidence span.

Article text is untrusted: every character goes through ``markupsafe.escape``; the only markup
is ours. Spans overlap (a quote holds mentions, an event sentence holds a quote), so the text is
cut at every span edge into flat segments, each carrying the classes of the spans covering it;
that keeps the HTML valid whatever the overlaps. Each record gets an empty anchor
``id="span-q3"`` at its start, and the ``focus`` range (from ``?start=&end=``) gets
``id="focus"``, so any link can land on its sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

KINDS = {"m": "mention", "q": "quote", "e": "event", "s": "stance"}


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: kind (m, q, e, s), anchor name, tooltip, an extra class, a link."""

    start: int
    end: int
    kind: str
    name: str
    label: str
    css: str = ""
    href: str | None = None


def record_marks(
    actors: Iterable[dict[str, Any]] = (),
    quotes: Iterable[dict[str, Any]] = (),
    events: Iterable[dict[str, Any]] = (),
    stances: Iterable[dict[str, Any]] = (),
) -> list[Mark]:
    """Marks for one article's records, as ``Store.records`` returns them (in stored order)."""
    marks: list[Mark] = []
    for i, m in enumerate(actors):
        who = f"{m['name']} ({m['actor']})" if m.get("actor") else m["name"]
        href = f"/actors/{m['actor']}" if m.get("actor") else None
        marks.append(Mark(m["start"], m["end"], "m", f"m{i}", f"Mention ({m.get('kind') or 'name'}): {who}", href=href))
    for i, q in enumerate(quotes):
        speaker = q.get("speaker") or {}
        who = f"{speaker.get('name')} ({speaker.get('actor') or '?'})" if speaker else "unattributed"
        kind = "direct" if q.get("direct") else "indirect"
        marks.append(Mark(q["content"]["start"], q["content"]["end"], "q", f"q{i}", f"Quote, {kind}: {who}"))
    for i, e in enumerate(events):
        date = (e.get("date") or {}).get("value") or "undated"
        marks.append(Mark(e["evidence"]["start"], e["evidence"]["end"], "e", f"e{i}", f"Event {e['type']} {event_actors(e)} ({date})"))
    for i, s in enumerate(stances):
        who = s["actor"].get("actor") or s["actor"].get("name")
        by = ", as the outlet describes it" if s.get("characterised_by_outlet") else ""
        for j, span in enumerate(s["evidence"]):
            if span.get("field", "text") != "text":
                continue  # a headline's stance quotes the headline, which is shown above the text
            name = f"s{i}" if j == 0 else f"s{i}-{j}"
            marks.append(Mark(span["start"], span["end"], "s", name, f"Stance: {who} {s['stance']}{by}", css=f"st-{s['stance']}"))
    return marks


def event_actors(event: dict[str, Any]) -> str:
    source = (event.get("source") or {}).get("actor") or "?"
    target = (event.get("target") or {}).get("actor") or "?"
    return f"{source}→{target}"


def render(text: str, marks: Iterable[Mark], focus: tuple[int, int] | None = None) -> Markup:
    """Escaped text with our spans; marks outside the text (or empty) are left out, never guessed."""
    usable = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    if focus is not None and not (0 <= focus[0] < focus[1] <= len(text)):
        focus = None
    edges = {0, len(text)}
    for m in usable:
        edges.update((m.start, m.end))
    if focus:
        edges.update(focus)
    cuts = sorted(edges)
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for i in sorted(range(len(usable)), key=lambda i: (usable[i].start, -usable[i].end)):
        starting.setdefault(usable[i].start, []).append(i)
        ending.setdefault(usable[i].end, []).append(i)
    # one sweep over the cuts: the marks covering a segment are those started and not yet ended
    # (linear in text and marks; asking every mark at every cut was quadratic on long articles)
    open_marks: set[int] = set()
    out: list[str] = []
    for left, right in zip(cuts, cuts[1:]):
        open_marks.difference_update(ending.get(left, ()))
        if focus and left == focus[0]:
            out.append('<a class="anchor" id="focus"></a>')
        for i in starting.get(left, ()):
            out.append(f'<a class="anchor" id="span-{usable[i].name}"></a>')
            open_marks.add(i)
        active = [usable[i] for i in sorted(open_marks)]
        in_focus = bool(focus and focus[0] <= left and right <= focus[1])
        out.append(_segment(text[left:right], active, in_focus))
    return Markup("".join(out))


def _segment(piece: str, active: list[Mark], in_focus: bool) -> str:
    body = str(escape(piece))
    if not active and not in_focus:
        return body
    classes = sorted({f"hl-{m.kind}" for m in active} | {m.css for m in active if m.css} | ({"focus"} if in_focus else set()))
    names = " ".join(m.name for m in active)
    title = "\n".join(dict.fromkeys(m.label for m in active))
    attrs = f' class="{" ".join(classes)}"' + (f' data-r="{names}"' if names else "") + (f' title="{escape(title)}"' if title else "")
    link = next((m.href for m in active if m.href), None)
    if link:
        return f'<a href="{escape(link)}"{attrs}>{body}</a>'
    return f"<span{attrs}>{body}</span>"
