"""`ingest --workers 2` gives the same database as one process: articles, every record, stories."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsgraph.eval.resume import differences, snapshot
from newsgraph.model import Article
from newsgraph.store import NewArticle
from newsgraph.workers import split_by_chars

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"


def _items(*sizes: int) -> list[NewArticle]:
    return [NewArticle(Article.build("x" * size + str(n))) for n, size in enumerate(sizes)]


def test_a_batch_is_cut_into_contiguous_pieces_of_about_equal_text() -> None:
    pieces = split_by_chars(_items(100, 100, 100, 100, 400), 2)
    assert [[len(i.article.text) for i in piece] for piece in pieces] == [[101, 101, 101, 101], [401]]
    assert len(split_by_chars(_items(50), 4)) == 1


def test_two_workers_give_the_same_database_as_one_process(tmp_path: Path) -> None:
    for name, workers in (("one", "1"), ("two", "2")):
        command = [sys.executable, "-m", "newsgraph", "ingest", str(DEMO), "--db", f"sqlite:///{tmp_path / name}.db", "--workers", workers]
        subprocess.run(command, check=True, capture_output=True)
    one, two = snapshot(tmp_path / "one.db"), snapshot(tmp_path / "two.db")
    assert len(one["articles"]) == 24 and sum(len(v) for v in one["records"].values()) > 1000
    assert not any(differences(one, two).values())
