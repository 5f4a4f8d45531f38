"""One row per event: the tellings of one event merged, and actors acting on themselves dropped.

Split from extract/events/rules.py; both the trigger patterns and the candidate classifier
(extract/events/candidates.py) feed their events through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsgraph.model import ActorRef, Event, Quote


def _key(ref: ActorRef | None) -> str | None:
    """What tells two actors apart: the code, else the name."""
    return None if ref is None else (ref.actor or ref.name)


def _same(a: Event, b: Event) -> bool:
    """One event told twice: same type, actors and date; modes and sectors do not clash."""
    if (a.type, _key(a.source), _key(a.target)) != (b.type, _key(b.source), _key(b.target)):
        return False
    if a.date.value != b.date.value and not (_guessed(a) or _guessed(b)):
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    pairs = ((a.source, b.source), (a.target, b.target))
    return all(not x or not y or not x.sector or not y.sector or x.sector == y.sector for x, y in pairs)


def _guessed(event: Event) -> bool:
    """A date taken from the publication day, not from the text, does not tell events apart."""
    return event.date.evidence is None


def _detail(event: Event, quotes: Sequence[Quote]) -> tuple[int, int, int]:
    """Own words first (a direct quote), then a date from the text, then most said about the actors."""
    at = event.trigger.start if event.trigger else event.evidence.start
    own = any(q.direct and q.content.start <= at < q.content.end for q in quotes)
    actors = sum(bool(r.sector) + bool(r.role) for r in (event.source, event.target) if r) + bool(event.mode)
    return int(own), int(not _guessed(event)), actors


def dedupe(events: list[Event], quotes: Sequence[Quote] = ()) -> list[Event]:
    """One row per event: of the tellings of one event the best (_detail), then the first, is kept."""
    kept: list[Event] = []
    for event in events:
        index = next((i for i, seen in enumerate(kept) if _same(seen, event)), None)
        if index is None:
            kept.append(event)
        elif _detail(event, quotes) > _detail(kept[index], quotes):
            kept[index] = event if event.mode or not kept[index].mode else replace(event, mode=kept[index].mode)
    return kept


def _self_directed(event: Event) -> bool:
    """An actor acting on itself is almost always a misread argument ("Turkey ... its support for
    Baku" read as Azerbaijan supporting Azerbaijan: a country without a sector is its government).
    Within one country, sectors may still act on each other (the military arresting opposition
    leaders, "Venezuela banned an opposition leader"), so those stay."""
    source, target = event.source, event.target
    if not (source and target and source.actor and source.actor == target.actor):
        return False
    return (source.sector or "GOV") == (target.sector or "GOV")
