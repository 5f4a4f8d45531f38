"""Whether a corpus gives the same database however its ingest is cut: one run, several runs, or
a run killed again and again and resumed (issue 10, Must 2). Used by bench/bench_resume.py and
its small version in the tests.

A run is the real command line (`python -m newsgraph ingest`) in a subprocess, so a kill is a
real SIGKILL at a random moment. Databases are compared by content, not by row numbers: the
articles, every record (with its evidence span), and the stories as sets of articles with
their titles.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from newsgraph.store import schema

ECB_PATH = Path(__file__).resolve().parents[2].parent / "shared/data/clusters/ecbplus_documents.jsonl"


def write_dated_corpus(source: Path, folder: Path, limit: int | None = None, seed: int = 3) -> int:
    """ECB+ documents as a dated news stream, one JSON Lines file per day, in date order.

    ECB+ has no dates; each of its events (a subtopic) gets a start day, one every two days in
    a seeded order, and its documents spread over the four days from there, so events of one
    kind are weeks apart and the stream is long enough for stories to leave memory.
    Written to ``folder`` (a temporary place: the text is not ours to keep).
    """
    docs = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    events = sorted({d["subtopic"] for d in docs})
    rng.shuffle(events)
    start = {event: date(2024, 1, 1) + timedelta(days=2 * n) for n, event in enumerate(events)}
    dated = []
    for doc in docs:
        day = start[doc["subtopic"]] + timedelta(days=rng.randrange(4))
        dated.append((day.isoformat(), doc["doc_id"], doc))
    dated.sort(key=lambda t: (t[0], t[1]))
    if limit:
        dated = dated[:limit]
    by_day: dict[str, list[str]] = defaultdict(list)
    for day, doc_id, doc in dated:
        record = {"id": doc_id, "title": doc["title"], "text": doc["text"] or doc["title"], "published": day, "outlet": f"outlet {doc_id[-5:]}", "language": "en"}
        by_day[day].append(json.dumps(record, ensure_ascii=False))
    folder.mkdir(parents=True, exist_ok=True)
    for day, lines in by_day.items():
        (folder / f"{day}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(dated)


def command(paths: list[Path], db: Path, extract: bool = True) -> list[str]:
    cmd = [sys.executable, "-m", "newsgraph", "ingest", *map(str, paths), "--db", f"sqlite:///{db}"]
    return cmd if extract else [*cmd, "--no-extract"]


def run(paths: list[Path], db: Path, extract: bool = True) -> None:
    """One whole ingest; raises with its output if it stops short (1 only says a record failed)."""
    done = subprocess.run(command(paths, db, extract), capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")


def split_runs(files: list[Path], parts: int, db: Path, extract: bool = True) -> None:
    """The files, in order, ingested in ``parts`` runs into one database."""
    size = -(-len(files) // parts)
    for start in range(0, len(files), size):
        run(files[start : start + size], db, extract)


def killed_runs(paths: list[Path], db: Path, kills: int, extract: bool = True, seed: int = 11) -> int:
    """Ingest, SIGKILL it at a random moment ``kills`` times (each once it has stored something
    more), then let a last run finish. The number of kills that landed mid-run."""
    rng = random.Random(seed)
    landed = 0
    for _ in range(kills):
        before = count_articles(db)
        proc = subprocess.Popen(command(paths, db, extract), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 600
        while proc.poll() is None and time.time() < deadline and count_articles(db) <= before:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 1.5))  # somewhere in a later batch: parsing, clustering or writing
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            landed += 1
        proc.wait()
        if proc.returncode in (0, 1):
            break
    run(paths, db, extract)
    return landed


def count_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sa.create_engine(f"sqlite:///{db}").connect() as conn:
            return conn.scalar(sa.text("select count(*) from articles")) or 0
    except sa.exc.OperationalError:
        return 0


def snapshot(db: Path) -> dict[str, Any]:
    """What a user sees of a database, independent of row numbers and insertion order."""
    engine = sa.create_engine(f"sqlite:///{db}")
    a, st = schema.articles, schema.stories
    with engine.connect() as conn:
        articles = sorted(tuple(r) for r in conn.execute(sa.select(a.c.id, a.c.title, a.c.published, a.c.duplicate_of, a.c.analyzed)))
        members: dict[Any, list[str]] = defaultdict(list)
        for article_id, story_id in conn.execute(sa.select(a.c.id, a.c.story_id)):
            members[story_id].append(article_id)
        titles = dict(conn.execute(sa.select(st.c.id, st.c.title)).all())
        stories = sorted((tuple(sorted(ids)), titles.get(story_id)) for story_id, ids in members.items())
        records = {}
        for kind, table in schema.RECORD_TABLES.items():
            columns = [c for c in table.c if c.name != "id"]
            records[kind] = sorted(json.dumps(list(r), default=str) for r in conn.execute(sa.select(*columns)))
    engine.dispose()
    return {"articles": articles, "records": records, "stories": stories}


# what differs between two databases holding the same data: when rows were written, the row
# numbers of records (given in insertion order), and the mark a load leaves
UNCOMPARED = {"ingested_at"}
RECORD_TABLE_NAMES = {table.name for table in schema.RECORD_TABLES.values()}


def contents(url: str) -> dict[str, list[str]]:
    """Every row of every table, as sorted JSON lines: two databases with equal contents hold the
    same data, story numbers and stored clusterer state included."""
    engine = sa.create_engine(url)
    found: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            columns = [c for c in table.c if c.name not in UNCOMPARED and not (table.name in RECORD_TABLE_NAMES and c.name == "id")]
            query = sa.select(*columns)
            if table is schema.meta:
                query = query.where(table.c.key != "loaded_batch")
            found[table.name] = sorted(json.dumps([v.hex() if isinstance(v, bytes) else v for v in row], default=str, sort_keys=True) for row in conn.execute(query))
    engine.dispose()
    return found


def ecb_b_cubed(db: Path, source: Path = ECB_PATH) -> dict[str, float]:
    """How the stories of a database made from ``write_dated_corpus`` match ECB+'s events (its
    subtopics): B-cubed over the real pipeline, with extraction, dates, actors and acts."""
    from newsgraph.eval.clusters import b_cubed

    subtopic = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc = json.loads(line)
            subtopic[doc["doc_id"]] = doc["subtopic"]
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(sa.select(schema.articles.c.location, schema.articles.c.story_id)).all()
    engine.dispose()
    predicted, gold = {}, {}
    for location, story in rows:
        doc_id = (location or "").rsplit("(id=", 1)[-1].rstrip(")")
        if doc_id in subtopic:
            predicted[doc_id], gold[doc_id] = story, subtopic[doc_id]
    return b_cubed(predicted, gold)


def differences(one: dict[str, Any], other: dict[str, Any]) -> dict[str, int]:
    """How far another database is from the clean run's: 0 everywhere when identical."""
    out = {
        "articles": len(set(one["articles"]) ^ set(other["articles"])),
        "stories": len(set(one["stories"]) ^ set(other["stories"])),
        "articles grouped differently": _moved(one["stories"], other["stories"]),
    }
    for kind in one["records"]:
        out[f"{kind} records"] = len(set(one["records"][kind]) ^ set(other["records"].get(kind, [])))
    return out


def _moved(one: list[tuple], other: list[tuple]) -> int:
    """Articles whose story (as a set of articles) is not the same in both."""
    mine = {article: ids for ids, _ in one for article in ids}
    theirs = {article: ids for ids, _ in other for article in ids}
    return sum(1 for article in mine.keys() | theirs.keys() if mine.get(article) != theirs.get(article))
