"""A clusterer stopped and restored from its saved state at any point decides exactly as one that
never stopped: the same stories, whatever the cut (issue 10, Must 2)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsgraph.stories.cluster import StoryClusterer
from newsgraph.stories.settings import ClusterSettings
from tests.stories.stream_fixture import stream

SETTINGS = ClusterSettings(memory_days=12, window_days=4, postings=6, candidates=4)


def _run(restore_every: int | None, settings: ClusterSettings = SETTINGS) -> tuple[list[list[str]], int]:
    """Cluster the stream, saving and restoring the clusterer every ``restore_every`` articles
    the way the store does: only the stories it still held, written as JSON and read back."""
    stored: dict[str, dict[str, Any]] = {}
    clusterer = StoryClusterer(settings)
    most_in_memory = 0
    for n, (item, _) in enumerate(stream()):
        if restore_every and n and n % restore_every == 0:
            since = clusterer.memory_start()
            kept = [s for s in stored.values() if since is None or s["last"] is None or s["last"] >= since]
            state = json.loads(json.dumps({**clusterer.state(stories=False), "stories": kept}))
            clusterer = StoryClusterer.from_state(state, settings)
        clusterer.add(item)
        for gone in clusterer.absorbed():
            stored.pop(gone, None)
        for story in clusterer.changed():
            stored[story.id] = story.to_state()
        most_in_memory = max(most_in_memory, len(clusterer.stories))
    return sorted(sorted(s["members"]) for s in stored.values()), most_in_memory


def test_the_stream_makes_one_story_per_event_and_old_stories_leave_memory() -> None:
    stories, most_in_memory = _run(None)
    events: dict[str, list[str]] = {}
    for item, event in stream():
        events.setdefault(event, []).append(item.id)
    assert stories == sorted(sorted(ids) for ids in events.values())
    assert most_in_memory <= 8  # of 40 stories: only those of the last 12 days


@pytest.mark.parametrize("every", [1, 3, 7, 16])
def test_restoring_at_any_point_gives_the_same_stories(every: int) -> None:
    assert _run(every)[0] == _run(None)[0]


@pytest.mark.parametrize("every", [1, 5])
def test_a_cap_on_stories_in_memory_keeps_restores_exact(every: int) -> None:
    capped = ClusterSettings(memory_days=12, window_days=4, postings=6, candidates=4, max_stories=3)
    stories, most_in_memory = _run(None, capped)
    assert most_in_memory == 3
    assert _run(every, capped)[0] == stories
