"""bench/bench_web.py, small: a generated database answers every endpoint, and a short load run
against the real `newsgraph serve` on 127.0.0.1 answers every request without an error."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import bench_web  # noqa: E402


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / "demo" / "corpus").is_dir():
        pytest.skip("demo/corpus is missing")
    folder = tmp_path_factory.mktemp("bench-web")
    bench_web.demo_db(folder)
    return folder


def test_generated_database_keeps_provenance_and_every_endpoint_answers(work: Path) -> None:
    db = work / "generated.db"
    bench_web.generate(db, 300, work / "demo.db")
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (300,)
    assert con.execute("SELECT count(*) FROM stories").fetchone() == (31,)  # the large one (9 articles) and 30 of 10 (the last 1)
    assert con.execute("SELECT count(*) FROM articles WHERE story_id = 1").fetchone() == (9,)
    wrong = con.execute("SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE substr(a.text, q.start + 1, q.\"end\" - q.start) != q.text").fetchone()
    assert wrong == (0,)
    con.close()
    results = bench_web.measure(db, rounds=2)
    statuses = {url: status for url, _, _, _, status in results}
    assert statuses.pop("/api/reactions?about=zzqx") == 400  # no event or headline mentions it: a clear 400
    assert set(statuses.values()) == {200}, statuses
    slow = {url: p95 for url, _, _, p95, _ in results if p95 > 2000}
    assert slow == {}


def test_load_run_against_the_real_server(work: Path) -> None:
    result = bench_web.load(work / "demo.db", rate=50, seconds=2, workers=1)
    assert (result["sent"], result["answered"], result["errors"]) == (100, 100, 0)
    assert result["p95"] < 2000


def test_serve_with_two_workers_answers(work: Path) -> None:
    result = bench_web.load(work / "demo.db", rate=20, seconds=1, workers=2)
    assert (result["sent"], result["answered"], result["errors"]) == (20, 20, 0)
