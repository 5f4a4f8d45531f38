"""How much an article belongs to a story besides its words: shared actors, events and acts,
where it happens, and how far apart in time. Pure functions of the settings and the story, so
the clusterer (stories/cluster.py) decides and these weigh."""

from __future__ import annotations

from collections.abc import Iterable

from newsgraph.stories.settings import ClusterSettings
from newsgraph.stories.story import Story, day_number


def share(mine: frozenset[str], theirs: dict[str, int]) -> float:
    """Share of the article's keys the story already has (0 when the article has none)."""
    return sum(1 for k in mine if k in theirs) / len(mine) if mine else 0.0


def gap(story: Story, day: int | None) -> int:
    """Days between an article and the story's date range (0 inside it or when unknown)."""
    first, last = day_number(story.first), day_number(story.last)
    if day is None or first is None or last is None:
        return 0
    return max(0, first - day, day - last)


def combined(
    s: ClusterSettings, story: Story, similarity: float, actors: frozenset[str], events: frozenset[str],
    acts: frozenset[str], places: frozenset[str], days_apart: int,
) -> float:
    """Text similarity, plus shared actors, events and acts and the place, minus time apart."""
    score = similarity + s.actor_weight * share(actors, story.actors) + s.event_weight * share(events, story.events)
    if any(act in story.acts for act in acts):
        score += s.act_weight
    if days_apart:
        score -= s.time_weight * min(days_apart / max(s.window_days, 1), 1.0)
    return score + place_bonus(s, story, places)


def place_bonus(s: ClusterSettings, story: Story, places: frozenset[str]) -> float:
    """``place_weight`` when the article happens where most of the story's articles do, and
    ``act_place_weight`` more when the story is about an act there."""
    if not places or not story.places:
        return 0.0
    top = max(story.places.values())
    if not any(story.places.get(p) == top for p in places):
        return 0.0
    return s.place_weight + (s.act_place_weight if acted_in(story) & places else 0.0)


def close_in_time(s: ClusterSettings, story: Story, days_apart: int, acts: Iterable[str], places: Iterable[str]) -> bool:
    """Within ``window_days``; or within ``act_window_days`` of a story about an act (a coup, an
    invasion: reported on for weeks) when the article names that act in that country, or
    happens in that country."""
    if days_apart <= s.window_days:
        return True
    if days_apart > s.act_window_days or not story.acts:
        return False
    where = acted_in(story)
    return any(act in story.acts for act in acts) or any(place in where for place in places)


def acted_in(story: Story) -> set[str]:
    """The countries of the acts the story is about ("coup@NER" -> NER)."""
    return {key.rsplit("@", 1)[-1] for key in story.acts}
