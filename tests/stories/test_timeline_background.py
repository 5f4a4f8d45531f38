"""A background date ("in 2014") never stretches a story's timeline."""

from __future__ import annotations

from pathlib import Path

from newsgraph.stories import timeline
from tests.stories.story_fixture import TEXT_A, event, story


def with_background():
    data = story()
    old = event("a1", TEXT_A, "ASSAULT", "USA", "SYR", "US forces struck the port", date="2014-06-01")
    old["date"] = {"value": "2014-06-01", "kind": "background", "end": "2014-06-30"}
    data.events.append(old)
    return data


def test_background_date_is_not_on_the_time_axis() -> None:
    rows = timeline.timeline(with_background())
    assert "2014-06-01" not in {r["date"] for r in rows}
    assert min(r["date"] for r in rows if r["date"]) == "2026-03-02"


def test_drawing_ignores_background_dates(tmp_path: Path) -> None:
    import matplotlib.dates as mdates
    from matplotlib import pyplot

    seen: list[float] = []
    original = pyplot.Axes.scatter

    def spy(self, x, *args, **kwargs):
        seen.extend(mdates.date2num(day) for day in x)
        return original(self, x, *args, **kwargs)

    pyplot.Axes.scatter = spy
    try:
        timeline.draw(timeline.timeline(with_background()), tmp_path / "t.svg")
    finally:
        pyplot.Axes.scatter = original
    assert seen and min(seen) >= mdates.datestr2num("2026-01-01")
