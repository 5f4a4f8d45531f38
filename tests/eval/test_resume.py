"""One run, the corpus cut into runs, and a run killed again and again then resumed give the same
database: articles, every record, and stories (issue 10, Must 2). The small version of
bench/bench_resume.py: the real command line in subprocesses, real SIGKILLs, over a generated
stream of our own long enough for stories to leave the clusterer's memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.eval.resume import differences, killed_runs, run, snapshot, split_runs
from newsgraph.stories.settings import ClusterSettings
from tests.stories.stream_fixture import stream

SAME = {
    "articles": 0,
    "stories": 0,
    "articles grouped differently": 0,
    "actors records": 0,
    "quotes records": 0,
    "events records": 0,
    "stances records": 0,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The generated stream as one JSON Lines file per day; events 3 days apart over 4 months.
    The last report of every fifth event comes in a file read last, months late, as an archive
    found afterwards would: its story has left memory and must come back from the store."""
    folder = tmp_path_factory.mktemp("stream")
    days: dict[str, list[str]] = {}
    for item, event in stream(events=40, reports=3):
        record = {"title": item.title, "text": item.text, "published": item.published, "outlet": f"Outlet {item.id[-1]}", "language": "en"}
        late = int(event.split("-")[1]) % 5 == 0 and item.id.endswith("r2")
        days.setdefault("zz-archive" if late else item.published or "", []).append(json.dumps(record))
    for day, lines in days.items():
        (folder / f"{day}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sorted(folder.iterdir())


@pytest.fixture(scope="module")
def clean(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("one") / "one.db"
    run(corpus, db)
    return snapshot(db)


def test_the_clean_run_spans_more_than_the_clusterers_memory(corpus: list[Path], clean: dict) -> None:
    first, last = corpus[0].stem, corpus[-2].stem
    assert (first, last, corpus[-1].stem) == ("2025-01-06", "2025-05-07", "zz-archive")
    assert len(clean["articles"]) == 120 and len(clean["stories"]) == 40
    assert ClusterSettings().memory_days < 121  # so stories left memory and were restored from the store


def test_the_corpus_split_into_five_runs_gives_the_same_database(corpus: list[Path], clean: dict, tmp_path: Path) -> None:
    split_runs(corpus, 5, tmp_path / "split.db")
    assert differences(clean, snapshot(tmp_path / "split.db")) == SAME


def test_a_run_killed_three_times_and_resumed_gives_the_same_database(corpus: list[Path], clean: dict, tmp_path: Path) -> None:
    landed = killed_runs(corpus, tmp_path / "killed.db", kills=3)
    assert landed >= 1
    assert differences(clean, snapshot(tmp_path / "killed.db")) == SAME
