"""`newsgraph batch` then `newsgraph load` against `newsgraph ingest`: the same records, the same
stories, the same database (issue 14, Must 1-3 and 6). The Spark engine has its own module."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from newsgraph.batch import run_batch
from newsgraph.batch.load import load
from newsgraph.batch.tables import STORE_TABLES, arrow_schema, columns, read_rows
from newsgraph.eval.resume import contents
from newsgraph.pipeline import ingest
from newsgraph.store import Store, schema
from tests.conftest import DEMO
from tests.postgres_server import fresh_database
from tests.stories.stream_fixture import stream


def sqlite(path: Path) -> str:
    return f"sqlite:///{path}"


def stories_of(url: str) -> list[list[str]]:
    """The stories as groups of article ids: what "the same stories" means whatever their numbers."""
    groups: dict[int, list[str]] = defaultdict(list)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        for article_id, story in conn.execute(sa.select(schema.articles.c.id, schema.articles.c.story_id)):
            groups[story].append(article_id)
    engine.dispose()
    return sorted(sorted(ids) for ids in groups.values())


def without(found: dict[str, list[str]], *tables: str) -> dict[str, list[str]]:
    return {name: rows for name, rows in found.items() if name not in tables}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = sqlite(tmp_path_factory.mktemp("ingest") / "demo.db")
    ingest([DEMO], Store(url))
    return url


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    report = run_batch([DEMO], out, engine="local", workers=2)
    assert (report.read, report.new, report.duplicates, report.near_duplicates, report.pending_urls, report.failed) == (25, 24, 1, 2, 6, [])
    return out


@pytest.fixture(scope="module")
def loaded(output: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = sqlite(tmp_path_factory.mktemp("load") / "loaded.db")
    load(output, Store(url))
    return url


def test_the_output_has_the_stores_tables_and_columns(output: Path) -> None:
    manifest = json.loads((output / "manifest.json").read_text())
    assert manifest["tables"] == {
        "article_locations": 25, "articles": 24, "captions": 15, "events": 276, "failures": 0, "mentions": 1158,
        "meta": 1, "pending_urls": 6, "quotes": 462, "stances": 84, "stories": 4, "story_merges": 0,
    }  # fmt: skip
    for name in STORE_TABLES:
        for path in (output / name).glob("*.parquet"):
            assert pq.read_schema(path).names == arrow_schema(name).names == [c.name for c in columns(name)]
    assert "id" not in arrow_schema("events").names and "id" in arrow_schema("stories").names
    assert not (output / "_work").exists()


def test_every_record_in_the_output_is_the_text_it_points_at(output: Path) -> None:
    """``article.text[start:end] == evidence`` (the title's, for a headline's stance: ``field: "title"``)."""
    articles = {row["id"]: row for chunk in read_rows(output, "articles") for row in chunk}
    checked = headlines = 0
    for name in ("mentions", "quotes", "events", "stances"):
        for chunk in read_rows(output, name):
            for row in chunk:
                record = json.loads(row["record"])
                spans = record.get("evidence") if name == "stances" else [record]
                field = (spans[0] if isinstance(spans, list) and spans else {}).get("field", "text")
                headlines += field == "title"
                source = articles[row["article_id"]][field]
                assert source[row["start"] : row["end"]] == row["text"], (name, row["record"][:200])
                checked += 1
    assert (checked, headlines) == (1158 + 462 + 276 + 84, 1)


def test_load_gives_ingests_articles_records_and_stories(ingested: str, loaded: str) -> None:
    """The demo is read in file order, so ingest clusters it in that order and the batch by date:
    the same stories (the same articles together); a story's number, title and stored state follow
    the order its articles came in."""
    assert without(contents(loaded), "articles", "stories", "meta") == without(contents(ingested), "articles", "stories", "meta")
    a = schema.articles
    same_columns = [c for c in a.c if c.name not in ("story_id", "ingested_at")]
    for url in (loaded, ingested):
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            rows = sorted(tuple(r) for r in conn.execute(sa.select(*same_columns)))
        engine.dispose()
        if url == loaded:
            loaded_rows = rows
    assert loaded_rows == rows and len(rows) == 24
    assert stories_of(loaded) == stories_of(ingested) and len(stories_of(loaded)) == 4


def test_a_second_load_changes_nothing(output: Path, loaded: str) -> None:
    before = _every_row(loaded)
    load(output, Store(loaded))
    assert _every_row(loaded) == before


def _every_row(url: str) -> dict[str, list[tuple]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = {t.name: sorted(map(repr, conn.execute(sa.select(t)))) for t in schema.metadata.sorted_tables}
    engine.dispose()
    return found


@pytest.fixture(scope="module")
def dated_stream(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A generated stream of our own (tests/stories/stream_fixture.py), a file a day in date order,
    long enough for stories to leave the clusterer's memory."""
    folder = tmp_path_factory.mktemp("stream")
    days: dict[str, list[str]] = defaultdict(list)
    for item, _event in stream(events=30, reports=3):
        days[item.published or ""].append(json.dumps({"title": item.title, "text": item.text, "published": item.published, "outlet": f"Outlet {item.id[-1]}"}))
    for day, lines in days.items():
        (folder / f"{day}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sorted(folder.iterdir())


def test_read_in_date_order_batch_and_load_give_ingests_very_database(dated_stream: list[Path], tmp_path: Path) -> None:
    ingested = sqlite(tmp_path / "ingest.db")
    ingest(dated_stream, Store(ingested))
    run_batch(dated_stream, tmp_path / "out", workers=2)
    loaded = sqlite(tmp_path / "loaded.db")
    load(tmp_path / "out", Store(loaded))
    expected = contents(ingested)
    assert len(expected["articles"]) == 90 and len(expected["stories"]) == 30
    assert contents(loaded) == expected


def test_after_a_load_ingest_puts_new_articles_into_the_loaded_stories(dated_stream: list[Path], tmp_path: Path) -> None:
    """The archive by batch, the days after it by ingest: the very database of two ingests cut at
    the same day, and the stories of one ingest of everything (story numbers are not promised to
    match across a cut, docs/RELIABILITY.md)."""
    cut = len(dated_stream) * 2 // 3
    one, two, both = (sqlite(tmp_path / f"{name}.db") for name in ("one", "two", "both"))
    ingest(dated_stream, Store(one))
    ingest(dated_stream[:cut], Store(two))
    ingest(dated_stream[cut:], Store(two))
    run_batch(dated_stream[:cut], tmp_path / "out", workers=2)
    load(tmp_path / "out", Store(both))
    report = ingest(dated_stream[cut:], Store(both))
    assert report.new == 28
    assert contents(both) == contents(two)
    assert stories_of(both) == stories_of(one) and len(stories_of(one)) == 30


def test_load_into_postgresql_gives_what_sqlite_gets(postgres_server: str, output: Path, loaded: str) -> None:
    url = fresh_database(postgres_server)
    load(output, Store(url))
    assert contents(url) == contents(loaded)
    before = contents(url)
    load(output, Store(url))  # again: nothing changes
    assert contents(url) == before
    ingest([DEMO], Store(url))  # the same files again: all already there
    assert contents(url) == before


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_the_command_line_says_what_is_wrong_in_one_line(output: Path, ingested: str, tmp_path: Path) -> None:
    cases = [
        (("batch", str(DEMO), str(output)), "already exists and is not an empty folder"),
        (("batch", str(output)), "give at least one INPUT and the OUTPUT folder"),
        (("batch", str(DEMO), str(tmp_path / "new"), "--engine", "hadoop"), "--engine hadoop: not an engine; use one of local, spark"),
        (("batch", "s3a://bucket/archive", str(tmp_path / "new")), "s3a://bucket/archive: a URI is read by --engine spark only"),
        (("load", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.db")), "no such folder"),
        (("load", str(DEMO), "--db", str(tmp_path / "x.db")), "not a complete batch output (no manifest.json)"),
        (("load", str(output), "--db", ingested.removeprefix("sqlite:///")), "already holds articles that did not come from this batch output"),
    ]
    for args, message in cases:
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode != 0 and message in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_the_command_line_writes_and_loads(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO / "meridian", corpus)
    done = run_cli("batch", str(corpus), str(tmp_path / "out"), "--workers", "1", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    done = run_cli("load", str(tmp_path / "out"), "--db", str(tmp_path / "x.db"), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["tables"]["articles"] == summary["new"] > 0
    listed = run_cli("stories", "--db", str(tmp_path / "x.db"), cwd=tmp_path)
    assert listed.returncode == 0 and "Iran seizes" in listed.stdout
