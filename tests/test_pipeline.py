"""The main job end to end on our own small files: dedupe, idempotence, resume after a kill."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from newsgraph.pipeline import ingest
from newsgraph.errors import NotFound
from newsgraph.store import Store
from newsgraph.stories.assign import StoryAssigner
from newsgraph.stories.settings import ClusterSettings

WIRE = (
    "Coastal states agreed on Monday to share radar data on shipping in the northern strait, "
    "officials said after two days of talks in the port city. The agreement covers fishing boats, "
    "cargo ships and tankers, and takes effect next month. Negotiators said the deal would cut the "
    "number of near collisions that have alarmed crews in recent years. A joint office will collect "
    "the data and publish a monthly report on traffic and incidents."
)


def _write(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n4 Mar, 2026 10:00\n\n{body}\n", encoding="utf-8")
    return path


def test_ingest_dedupes_exact_and_near_copies(tmp_path, db_url):
    corpus = tmp_path / "corpus"
    _write(corpus, "wire/original.txt", "States agree to share strait radar data", WIRE)
    _write(corpus, "copy/same.txt", "States agree to share strait radar data", WIRE)
    _write(corpus, "paper/edited.txt", "States agree to share radar data in strait", WIRE + " The ministry welcomed the plan.")
    _write(corpus, "other.txt", "Flood waters recede in river towns", "Flood waters fell on Tuesday across the river valley, letting families return home.")
    store = Store(db_url)
    report = ingest([corpus], store, extract=False)
    assert (report.read, report.new, report.duplicates, report.near_duplicates, report.failed) == (4, 3, 1, 1, [])
    rows = {r["location"].split("corpus/")[1]: r for r in store.articles()}
    original = rows["copy/same.txt"]  # walked first: copy/ sorts before wire/
    assert rows["paper/edited.txt"]["duplicate_of"] == original["id"]
    assert rows["paper/edited.txt"]["similarity"] >= 0.6
    assert rows["other.txt"]["duplicate_of"] is None
    shown = store.article(original["id"])
    assert [Path(p).relative_to(corpus).as_posix() for p in shown["locations"]] == ["copy/same.txt", "wire/original.txt"]
    assert shown["copies"] == [rows["paper/edited.txt"]["id"]]


def test_reingest_changes_nothing(tmp_path, db_url):
    corpus = tmp_path / "corpus"
    _write(corpus, "a.txt", "Talks resume on river treaty", "Delegations returned to the table on Friday.")
    _write(corpus, "b.txt", "Ceasefire holds for a third day", "Monitors reported no shelling overnight.")
    store = Store(db_url)
    first = ingest([corpus], store, extract=False)
    before = _dump(store)
    again = ingest([corpus], store, extract=False)
    assert (first.new, again.new, again.unchanged, again.duplicates) == (2, 0, 2, 0)
    assert _dump(store) == before


def test_resume_after_sigkill_loses_and_duplicates_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    rng = random.Random(7)
    words = "council minister border talks ceasefire port grain envoy treaty vote rally court".split()
    total = 1500
    for i in range(total):
        body = " ".join(rng.choice(words) for _ in range(40)) + f" Report number {i}."
        _write(corpus, f"{i // 100:02d}/{i:05d}.txt", f"Bulletin {i}", body)
    db = tmp_path / "kill.db"
    command = [sys.executable, "-m", "newsgraph", "ingest", str(corpus), "--db", str(db), "--no-extract", "--batch-size", "5"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and _count(db) < 100:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    stored_at_kill = _count(db)
    assert 0 < stored_at_kill < total, "the kill should land mid-run"
    result = subprocess.run(command + ["--json"], capture_output=True, text=True, check=True)
    assert '"failed": []' in result.stdout
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        assert conn.scalar(sa.text("select count(*) from articles")) == total
        assert conn.scalar(sa.text("select count(distinct id) from articles")) == total
        assert conn.scalar(sa.text("select count(*) from article_locations")) == total


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        engine = sa.create_engine(f"sqlite:///{db}")
        with engine.connect() as conn:
            return conn.scalar(sa.text("select count(*) from articles")) or 0
    except sa.exc.OperationalError:
        return 0


def _dump(store: Store) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text("select id, title, published, location, duplicate_of from articles order by id"))]


FLOOD = (
    "Flood waters rose across the river valley on Tuesday, forcing families from low-lying towns. "
    "Rescue crews used boats to reach villages cut off by the river, and the regional governor "
    "declared an emergency in three districts. Forecasters expect more rain over the valley this week."
)


def test_stories_grow_across_runs_and_copies_share_them(tmp_path, db_url):
    first, second = tmp_path / "first", tmp_path / "second"
    _write(first, "radar.txt", "States agree to share strait radar data", WIRE)
    _write(first, "flood.txt", "Floods force families from valley towns", FLOOD)
    store = Store(db_url)
    ingest([first], store, extract=False)
    assert sorted(s["articles"] for s in store.stories()) == [1, 1]
    _write(second, "radar-copy.txt", "States agree to share radar data in strait", WIRE + " The ministry welcomed the plan.")
    _write(
        second,
        "radar-follow.txt",
        "Strait radar data sharing starts",
        "Coastal states began sharing radar data on shipping in the northern strait on Tuesday, as agreed "
        "at talks in the port city. Officials said the joint office had received its first reports on "
        "cargo ships and tankers, and near collisions would be tracked.",
    )
    again = Store(db_url)  # a new process: the clusterer comes back from the database
    ingest([second], again, extract=False)
    stories = again.stories()
    assert sorted(s["articles"] for s in stories) == [1, 3]
    radar = next(s for s in stories if s["articles"] == 3)
    assert radar["sources"] == 2  # the copy counts with its original
    members = again.story(radar["id"])["articles"]
    titles = {a["id"]: a["title"] for a in again.articles()}
    assert sorted(titles[m] for m in members) == [
        "States agree to share radar data in strait",
        "States agree to share strait radar data",
        "Strait radar data sharing starts",
    ]


@pytest.mark.parametrize("runs", ["two runs", "one batch"])
def test_a_story_that_takes_in_an_earlier_story_leaves_one_row(tmp_path, db_url, runs):
    first = tmp_path / "first"
    second = tmp_path / ("second" if runs == "two runs" else "first")
    _write(
        first,
        "0-warning.txt",  # read first: the thin report comes before the fuller ones
        "Tessel flood warning for Marrowdale",
        "The River Tessel rose fast on Sunday night and Marrowdale's lower streets may flood.",
    )
    if runs == "two runs":
        store = Store(db_url)
        ingest([first], store, extract=False)
        assert [s["articles"] for s in store.stories()] == [1]
        warning_story = store.stories()[0]["id"]
    _write(
        second,
        "floods.txt",
        "River Tessel floods Marrowdale",
        "The River Tessel burst its banks in Marrowdale on Monday after three days of rain, flooding two "
        "hundred homes. Mayor Odile Fenwick said rescue boats had reached families trapped on upper floors.",
    )
    _write(
        second,
        "cost.txt",
        "Marrowdale counts the cost of the Tessel flood",
        "Water from the River Tessel still covered the lower streets of Marrowdale on Tuesday. Mayor Odile "
        "Fenwick asked for army help as rescue boats carried families from flooded homes.",
    )
    again = Store(db_url)
    ingest([second], again, extract=False, batch_size=1 if runs == "two runs" else 16)
    stories = again.stories()
    assert [s["articles"] for s in stories] == [3]  # the warning's own story is gone, not left empty
    assert {a["story_id"] for a in again.articles()} == {stories[0]["id"]}
    with again.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM stories")) == 1
    if runs == "two runs":  # the old number says where its article went, and is never reused
        with pytest.raises(NotFound, match=f"story {warning_story} was taken into story {stories[0]['id']}"):
            again.story(warning_story)
        assert stories[0]["id"] > warning_story


def test_a_restored_clusterer_decides_by_this_releases_thresholds(tmp_path, db_url):
    _write(tmp_path / "in", "radar.txt", "States agree to share strait radar data", WIRE)
    store = Store(db_url)
    ingest([tmp_path / "in"], store, extract=False)
    saved = store.meta_value("clusterer")
    assert saved["settings"] == ClusterSettings().to_dict()
    with store.engine.begin() as conn:  # as an older release would have written it
        store.set_meta(conn, "clusterer", {**saved, "settings": {**saved["settings"], "threshold": 0.28}})
    assert StoryAssigner(Store(db_url)).clusterer.settings == ClusterSettings()


# --- one article never costs its batch (issue 10) -------------------------------------------


def test_an_article_that_breaks_the_parser_is_stored_and_reported_alone(tmp_path, db_url, monkeypatch):
    from newsgraph import nlp

    corpus = tmp_path / "corpus"
    _write(corpus, "a.txt", "Talks resume on river treaty", "Delegations returned to the table on Friday, officials said.")
    bad = _write(corpus, "b.txt", "Parser breaker", "This text makes the parser fail: BOOM.")
    _write(corpus, "c.txt", "Ceasefire holds for a third day", "Monitors reported no shelling overnight, the mission said.")
    real_parse = nlp.parse

    def parse(text, language="en"):
        if "BOOM" in text:
            raise ValueError("[E088] Text of length 1000001 exceeds maximum")
        return real_parse(text, language)

    monkeypatch.setattr(nlp, "parse", parse)
    monkeypatch.setattr(nlp, "parse_many", lambda texts, **kw: (parse(t) for t in list(texts)))
    store = Store(db_url)
    report = ingest([corpus], store)
    assert report.new == 3
    assert [(f.location, f.reason) for f in report.failed] == [
        (str(bad), "stored, but could not be parsed for extraction (ValueError: [E088] Text of length 1000001 exceeds maximum)")
    ]
    analyzed = {Path(r["location"]).name: r["analyzed"] for r in store.articles()}
    assert analyzed == {"a.txt": True, "b.txt": False, "c.txt": True}


def test_an_article_that_breaks_extraction_is_stored_and_the_batch_goes_on(tmp_path, db_url, monkeypatch):
    import newsgraph.extract as extract

    corpus = tmp_path / "corpus"
    _write(corpus, "a.txt", "Talks resume on river treaty", "Delegations returned to the table on Friday, officials said.")
    bad = _write(corpus, "b.txt", "Extraction breaker", "This one breaks an extractor: BOOM.")
    real = extract.analyze_doc

    def analyze_doc(article, doc, title_doc=None):
        if "BOOM" in article.text:
            raise RuntimeError("broken\nrule")
        return real(article, doc, title_doc)

    monkeypatch.setattr(extract, "analyze_doc", analyze_doc)
    store = Store(db_url)
    report = ingest([corpus], store)
    assert (report.new, [(f.location, f.reason) for f in report.failed]) == (
        2,
        [(str(bad), "stored, but extraction failed (RuntimeError: broken rule)")],
    )


def test_batches_are_bounded_by_characters(tmp_path, db_url, monkeypatch):
    import newsgraph.pipeline as pipeline

    corpus = tmp_path / "corpus"
    for i in range(6):
        _write(corpus, f"{i}.txt", f"Bulletin {i}", f"Report number {i} on the harbour works. " * 20)
    writes = []
    store = Store(db_url)
    real_write = store.write
    monkeypatch.setattr(store, "write", lambda batch: (writes.append(len(batch.articles)), real_write(batch)))
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 1_500)  # each article is ~800 characters
    ingest([corpus], store, extract=False)
    assert writes == [2, 2, 2]


def test_parse_groups_hold_at_most_max_chars():
    from newsgraph import nlp

    class Pipe:
        groups: list[list[str]] = []

        def pipe(self, texts, batch_size):
            self.groups.append(list(texts))
            return iter(texts)

    fake = Pipe()
    texts = ["a" * 60, "b" * 50, "c" * 90, "d" * 10, "e" * 10, "f" * 10]
    assert list(nlp._by_chars(fake, texts, batch_size=2, max_chars=100)) == texts
    assert [[t[0] for t in g] for g in fake.groups] == [["a"], ["b"], ["c", "d"], ["e", "f"]]


def test_a_text_longer_than_a_group_is_parsed_in_pieces_with_its_own_text_and_offsets():
    from newsgraph import nlp

    paragraph = "The port of Varna reopened on Monday. Dock workers returned after the storm.\n\n"
    text = paragraph * 40
    assert nlp.pieces("aaaa\n\nbbbb cccc. dddd", 8) == ["aaaa\n\n", "bbbb ", "cccc. ", "dddd"]
    assert "".join(nlp.pieces(text, 500)) == text and max(map(len, nlp.pieces(text, 500))) <= 500
    whole = nlp.parse(text)
    cut = next(nlp._by_chars(nlp.load("en"), [text], batch_size=1, max_chars=500))
    assert cut.text == text
    assert [(t.idx, t.dep_, t.head.i) for t in cut] == [(t.idx, t.dep_, t.head.i) for t in whole]
    assert [s.start_char for s in cut.sents] == [s.start_char for s in whole.sents]


def test_a_long_article_is_cut_with_a_note_in_the_report(tmp_path, db_url):
    corpus = tmp_path / "corpus"
    path = _write(corpus, "long.txt", "A very long report", "Paragraph of the long report on harbour works.\n\n" * 4000)
    report = ingest([corpus], Store(db_url), extract=False)
    assert (report.new, report.failed) == (1, [])
    assert [(n.location, n.reason.split(" (")[0]) for n in report.notes] == [
        (str(path), "article text of 191,998 characters cut to its first 99,982")
    ]
    assert report.to_dict()["notes"][0]["location"] == str(path)


def test_links_and_copies_are_committed_in_bounded_batches(tmp_path, db_url, monkeypatch):
    import newsgraph.pipeline as pipeline

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    items = "".join(f"<item><title>Story {i}</title><link>http://example.org/{i}</link></item>" for i in range(25))
    (corpus / "links.xml").write_text(f"<rss version='2.0'><channel><title>Wire</title>{items}</channel></rss>")
    writes = []
    store = Store(db_url)
    real_write = store.write
    monkeypatch.setattr(store, "write", lambda batch: (writes.append(len(batch.pending)), real_write(batch)))
    monkeypatch.setattr(pipeline, "BATCH_ITEMS", 10)
    report = ingest([corpus], store, extract=False)
    assert (report.pending_urls, writes) == (25, [10, 10, 5])


# --- languages (issue 12) ---------------------------------------------------------------------


def test_each_article_gets_a_language_and_one_with_no_pipeline_is_stored_not_analysed(tmp_path, db_url):
    from newsgraph import nlp

    corpus = tmp_path / "corpus"
    _write(corpus, "en.txt", "Talks resume on river treaty", "Delegations returned to the table on Friday, officials said.")
    _write(corpus, "es.txt", "Se reanudan las conversaciones", "Las delegaciones volvieron a la mesa el viernes, según fuentes oficiales.")
    _write(corpus, "fr.txt", "Reprise des pourparlers", "Les délégations sont revenues à la table vendredi, selon des sources officielles.")
    store = Store(db_url)
    report = ingest([corpus], store)
    spanish = nlp.available("es")
    assert dict(report.not_analysed) == ({"fr": 1} if spanish else {"es": 1, "fr": 1})
    stored = {Path(r["location"]).name: (r["language"], r["analyzed"]) for r in store.articles()}
    assert stored == {"en.txt": ("en", True), "es.txt": ("es", spanish), "fr.txt": ("fr", False)}
    assert [Path(r["location"]).name for r in store.articles(language="es")] == ["es.txt"]


def test_about_finds_articles_by_their_events_or_their_headline(tmp_path, db_url):
    from newsgraph.stories.data import select

    corpus = tmp_path / "corpus"
    _write(corpus, "roundup.txt", "Lesotho coup: how the world reacted", "Norway: The foreign ministry said it was deeply worried.")
    _write(corpus, "other.txt", "Harbour reopens after storm", "Ships returned to the northern channel on Friday.")
    store = Store(db_url)
    ingest([corpus], store)
    data, label = select(store, None, "Lesotho")
    assert ([Path(a["location"]).name for a in data.articles], label) == (["roundup.txt"], "about 'Lesotho'")


# --- one ingest at a time (issue 10) ----------------------------------------------------------


def test_a_second_concurrent_ingest_refuses_at_once_and_the_lock_goes_with_its_process(tmp_path, db_url):
    from newsgraph.errors import StoreError
    from newsgraph.store.lock import ingest_lock

    corpus = tmp_path / "corpus"
    _write(corpus, "a.txt", "Talks resume on river treaty", "Delegations returned to the table on Friday, officials said.")
    store = Store(db_url)
    holder = subprocess.Popen(  # another process holds the lock, as a running ingest would
        [sys.executable, "-c", "import sys, time; from newsgraph.store import Store; from newsgraph.store.lock import ingest_lock\n"
         "s = Store(sys.argv[1])\nwith ingest_lock(s.engine, s.url):\n    print('held', flush=True); time.sleep(60)", db_url],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match=rf"another ingest is writing to {re.escape(db_url)} \(process {holder.pid}\); wait for it"):
            ingest([corpus], store)
        assert store.count("articles") == 0
    finally:
        holder.kill()  # as kill -9: the operating system releases the lock
        holder.wait()
    assert ingest([corpus], store).new == 1
    with ingest_lock(store.engine, store.url):  # and it is free again afterwards
        pass
