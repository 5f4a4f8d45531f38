"""A generated news stream of our own: many events of a few kinds over months, several reports
each, in date order. Events of one kind share most of their words and differ by their names,
as real ones do; the stream is long enough that stories leave the clusterer's memory."""

from __future__ import annotations

import random
from datetime import date, timedelta

from newsgraph.stories.cluster import ClusterItem

KINDS = {
    "flood": ("floods", "river", "burst its banks", "rescue crews", "evacuated", "rainfall", "homes under water"),
    "strike": ("strike", "union", "walked out", "wages", "picket lines", "talks with employers", "shifts cancelled"),
    "vote": ("election", "ballots", "polling stations", "turnout", "candidates", "results announced", "electoral board"),
    "fire": ("wildfire", "firefighters", "hectares", "blaze", "water bombers", "villages evacuated", "winds"),
    "summit": ("summit", "leaders", "joint statement", "trade", "delegations", "communique", "bilateral talks"),
}
SYLLABLES = ("var", "nol", "keth", "bri", "dun", "mar", "os", "tel", "quin", "ra", "zeb", "lom", "hav", "ard", "pel")


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def stream(events: int = 40, reports: int = 4, start: date = date(2025, 1, 6), seed: int = 7) -> list[tuple[ClusterItem, str]]:
    """(article, its event) pairs in date order, an event every 3 days, reports over 4 days."""
    rng = random.Random(seed)
    out = []
    for n in range(events):
        kind = list(KINDS)[n % len(KINDS)]
        words = KINDS[kind]
        place, person, group = _name(rng), f"{_name(rng)} {_name(rng)}", _name(rng)
        first = start + timedelta(days=3 * n)
        for r in range(reports):
            picked = rng.sample(words, 5)
            text = (
                f"{place} {picked[0]}: {person} speaks. "
                f"In {place}, the {picked[1]} and the {picked[2]} were the news on day {r + 1}. "
                f"{person} of the {group} group said the {picked[3]} mattered. "
                f"Officials in {place} mentioned {picked[4]}."
            )
            day = first + timedelta(days=rng.choice((0, 1, 2, 4)) if r else 0)
            item = ClusterItem(f"e{n:02d}r{r}", text, published=day.isoformat(), title=f"{place} {picked[0]}")
            out.append((item, f"event-{n}"))
    out.sort(key=lambda pair: (pair[0].published, pair[0].id))
    return out
