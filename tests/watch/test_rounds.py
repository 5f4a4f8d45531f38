"""Rounds of `fetch` and `watch` against a real local site: each page once, 304s after, failures
reported with their next try, duplicates not fetched twice, and a killed watcher resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgraph.store import Store
from newsgraph.watch import state
from newsgraph.watch.archive import Archive
from newsgraph.watch.rounds import RoundReport, Settings, run_round
from tests.watch.site import Site, feed, fixed, page
from tests.watch.test_net import FAST, LOCAL

ROOT = Path(__file__).resolve().parents[2]
RSS = {"Content-Type": "application/rss+xml"}


def settings(tmp_path: Path, **changes: object) -> Settings:
    return Settings(**{"limits": FAST, "delay": 0.0, "allowed": LOCAL, "extract": False, "warc": tmp_path / "warc", **changes})  # type: ignore[arg-type]


def watch(db: Path, *args: str, **popen: object) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "newsgraph", "watch", *args, "--once", "--db", str(db), "--allow-network", "127.0.0.1",
               "--delay", "0", "--timeout", "2", "--backoff", "0.01", "--no-extract", "--json"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, cwd=db.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)  # type: ignore[call-overload]


def report_of(process: subprocess.Popen[str]) -> dict:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return json.loads(out)


def newsroom(site: Site, slugs: list[str]) -> None:
    site.routes["/robots.txt"] = fixed(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
    site.routes["/feed.xml"] = fixed(200, feed(site.base, slugs), RSS, etag=True)
    for slug in ("harbour", "bridge", "library", "seizure", "reaction"):
        site.routes[f"/news/{slug}"] = fixed(200, page(slug))


def test_watch_once_twice_fetches_each_page_once_then_asks_only_if_changed(site: Site, tmp_path: Path) -> None:
    newsroom(site, ["harbour", "bridge"])
    db = tmp_path / "news.db"
    first = report_of(watch(db, site.base + "/feed.xml"))
    assert (site.paths()[:2], sorted(site.paths()[2:])) == (["/robots.txt", "/feed.xml"], ["/news/bridge", "/news/harbour"])
    assert (first["requests"], first["fetched"], first["ingest"]["new"], first["ingest"]["pending_urls"]) == (4, 3, 2, 2)
    second = report_of(watch(db, site.base + "/feed.xml"))
    assert site.paths()[4:] == ["/feed.xml"]
    assert site.asked("/feed.xml")[1]["if-none-match"] == site.routes["/feed.xml"]({})[1]["ETag"]
    assert (second["requests"], second["not_modified"], second["fetched"], second["ingest"]["new"]) == (1, 1, 0, 0)
    site.routes["/feed.xml"] = fixed(200, feed(site.base, ["harbour", "bridge", "library"]), RSS, etag=True)
    third = run_round(Store(f"sqlite:///{db}"), [site.base + "/feed.xml"], settings(tmp_path, warc=tmp_path / "news.db.warc"))
    assert site.paths()[5:] == ["/feed.xml", "/news/library"]
    assert (third.fetched, third.ingest.new) == (2, 1)
    assert Store(f"sqlite:///{db}").count() == 3


def test_an_article_served_after_the_first_round_joins_its_story_reactions_and_feed(site: Site, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from lxml import etree

    from newsgraph.stories.data import select
    from newsgraph.stories.reactions import reactions
    from newsgraph.views.web.app import create_app
    from newsgraph.views.web.atom import ATOM

    newsroom(site, ["seizure"])
    store = Store(f"sqlite:///{tmp_path / 'news.db'}")
    run_round(store, [site.base + "/feed.xml"], settings(tmp_path, extract=True))
    assert [s["articles"] for s in store.stories()] == [1]
    site.routes["/feed.xml"] = fixed(200, feed(site.base, ["seizure", "reaction"]), RSS, etag=True)
    run_round(store, [site.base + "/feed.xml"], settings(tmp_path, extract=True))
    (story,) = store.stories()
    assert (story["articles"], story["title"]) == (2, "Peru condemns Chilean seizure of fishing boat off Arica")
    rows = reactions(select(store, story["id"], None)[0], None)["reactions"]
    later = store.articles(text="Peru condemns")[0]["id"]
    assert [(r["actor"]["code"], r["stance"], r["articles"]) for r in rows] == [("PER", "condemn", [later])]
    atom = TestClient(create_app(store.url), base_url="http://localhost").get(f"/stories/{story['id']}/feed.atom")
    assert atom.headers["content-type"] == "application/atom+xml; charset=utf-8"
    entries = etree.fromstring(atom.content).findall(f"{{{ATOM}}}entry")
    assert [e.findtext(f"{{{ATOM}}}title") for e in entries] == [story["title"], "Chilean navy seizes Peruvian fishing boat off Arica"]
    assert entries[0].findtext(f"{{{ATOM}}}id") == f"http://localhost/articles/{later}"
    assert entries[0].find(f"{{{ATOM}}}link[@rel='via']").get("href") == site.base + "/news/reaction"
    assert entries[0].findtext(f"{{{ATOM}}}summary") == (
        "Velmora Evening News.\nPeru (PER) condemn: “The seizure of our fishing boat is an unacceptable act of aggression against Peruvian fishermen”"
    )
    event = TestClient(create_app(store.url), base_url="http://localhost").get("/reactions.atom", params={"about": "Arica"})
    feed_of_event = etree.fromstring(event.content)
    assert feed_of_event.find(f"{{{ATOM}}}link[@rel='alternate']").get("href") == "http://localhost/reactions?about=Arica"
    assert [e.findtext(f"{{{ATOM}}}summary") for e in feed_of_event.findall(f"{{{ATOM}}}entry")] == [e.findtext(f"{{{ATOM}}}summary") for e in entries]


def test_a_failing_source_does_not_stop_the_others_and_waits_its_turn(site: Site, tmp_path: Path) -> None:
    newsroom(site, ["harbour"])
    site.routes["/broken.xml"] = fixed(500, b"down for maintenance")
    store = Store(f"sqlite:///{tmp_path / 'news.db'}")
    sources = [site.base + "/broken.xml", site.base + "/feed.xml"]
    before = state.now()
    report = run_round(store, sources, settings(tmp_path))
    assert report.ingest.new == 1
    (problem,) = report.failed
    assert (problem.url, problem.reason) == (site.base + "/broken.xml", "HTTP 500 Internal Server Error")
    assert state.stamp(before + state.FIRST_WAIT) <= problem.next_try <= state.stamp(state.now() + state.FIRST_WAIT)
    assert site.paths().count("/broken.xml") == 3  # the first try and two retries
    again = run_round(store, sources, settings(tmp_path))
    assert [(p.url, p.reason, p.next_try) for p in again.waiting] == [(problem.url, problem.reason, problem.next_try)]
    assert site.paths().count("/broken.xml") == 3


def test_robots_sizes_and_private_addresses_are_failures_with_a_next_try(site: Site, tmp_path: Path) -> None:
    newsroom(site, [])
    site.routes["/private/feed.xml"] = fixed(200, feed(site.base, ["harbour"]), RSS)
    site.routes["/huge.xml"] = fixed(200, b"<rss>" + b" " * 200_000 + b"</rss>", RSS)
    site.routes["/away.xml"] = fixed(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
    store = Store(f"sqlite:///{tmp_path / 'news.db'}")
    report = run_round(store, [site.base + p for p in ("/private/feed.xml", "/huge.xml", "/away.xml")], settings(tmp_path))
    reasons = {p.url.removeprefix(site.base): p.reason for p in report.failed}
    assert reasons == {
        "/private/feed.xml": "disallowed by robots.txt; not fetched",
        "/huge.xml": "answer of 200,011 bytes, over the limit of 100,000",
        "/away.xml": "169.254.169.254 is at 169.254.169.254, a private, loopback or link-local address; refused "
        "(pass --allow-private, or --allow-network with its range, to fetch from your own network)",
    }
    assert "/private/feed.xml" not in site.paths()
    assert all(p.next_try for p in report.failed)


def test_the_same_page_under_other_urls_is_fetched_once(site: Site, tmp_path: Path) -> None:
    newsroom(site, [])
    site.routes["/go/bridge"] = fixed(301, b"", {"Location": "/news/bridge"})
    site.routes["/amp/library"] = fixed(200, page("library", canonical=site.base + "/news/library"))

    def links(*paths: str) -> None:
        items = "".join(f"<item><title>t{n}</title><link>{site.base}{p}</link></item>" for n, p in enumerate(paths))
        site.routes["/feed.xml"] = fixed(200, f'<rss version="2.0"><channel><title>V</title>{items}</channel></rss>'.encode(), RSS)

    links("/news/harbour?utm_source=rss", "/news/harbour#comments", "/news/harbour", "/go/bridge", "/amp/library")
    store = Store(f"sqlite:///{tmp_path / 'news.db'}")
    first = run_round(store, [site.base + "/feed.xml"], settings(tmp_path, workers=1))
    assert site.paths() == ["/robots.txt", "/feed.xml", "/news/harbour", "/go/bridge", "/news/bridge", "/amp/library"]
    assert first.ingest.new == 3
    links("/news/harbour", "/news/bridge", "/news/library")  # a redirect's target, a canonical link: known
    second = run_round(store, [site.base + "/feed.xml"], settings(tmp_path))
    assert (site.paths()[6:], second.ingest.new) == (["/feed.xml"], 0)


def test_fetch_takes_the_urls_a_feed_file_left_to_fetch(site: Site, tmp_path: Path) -> None:
    from newsgraph.pipeline import ingest

    newsroom(site, [])
    (tmp_path / "world.rss").write_bytes(feed(site.base, ["harbour", "bridge"]))
    store = Store(f"sqlite:///{tmp_path / 'news.db'}")
    assert ingest([tmp_path / "world.rss"], store, extract=False).pending_urls == 2
    report = run_round(store, [], settings(tmp_path))
    assert (report.ingest.new, site.paths()[0], sorted(site.paths()[1:])) == (2, "/robots.txt", ["/news/bridge", "/news/harbour"])
    harbour = store.articles(text="Harbour cranes")[0]
    assert (harbour["outlet"], harbour["url"]) == ("Velmora Evening News", site.base + "/news/harbour")
    (row,) = state.of_article(store.engine, harbour["id"])
    uri, content_type, body = Archive(tmp_path / "warc").read(row["warc_file"], row["warc_offset"])
    assert (uri, content_type, body) == (site.base + "/news/harbour", "text/html; charset=utf-8", page("harbour"))
    assert store.pending() == []  # fetched: no longer to fetch
    assert run_round(store, [], settings(tmp_path)).requests == 0


def test_the_archive_reads_back_as_the_same_articles(site: Site, tmp_path: Path) -> None:
    from newsgraph.pipeline import ingest

    newsroom(site, ["harbour", "bridge"])
    store = Store(f"sqlite:///{tmp_path / 'news.db'}")
    run_round(store, [site.base + "/feed.xml"], settings(tmp_path))
    again = Store(f"sqlite:///{tmp_path / 'again.db'}")
    report = ingest([tmp_path / "warc"], again, extract=False)
    assert report.new == 2
    assert {a["id"] for a in again.articles()} == {a["id"] for a in store.articles()}


def test_a_watcher_killed_mid_round_resumes_without_fetching_again(site: Site, tmp_path: Path) -> None:
    newsroom(site, ["harbour", "bridge", "library"])
    site.routes["/news/library"] = fixed(200, page("library"), {"X-Test-Delay": "3"})
    db = tmp_path / "news.db"
    process = watch(db, site.base + "/feed.xml", "--workers", "1")
    deadline = time.monotonic() + 30
    while "/news/library" not in site.paths() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.8)  # harbour and bridge are answered and their state committed; library is on its way
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert site.paths() == ["/robots.txt", "/feed.xml", "/news/harbour", "/news/bridge", "/news/library"]
    store = Store(f"sqlite:///{db}")
    assert store.count() == 0  # nothing reached the pipeline's first commit
    site.routes["/news/library"] = fixed(200, page("library"))
    report = run_round(store, [site.base + "/feed.xml"], settings(tmp_path, warc=tmp_path / "news.db.warc"))
    assert site.paths()[5:] == ["/feed.xml", "/news/library"]  # a 304 for the feed, and the page never answered
    assert (report.replayed, report.not_modified, report.ingest.new) == (3, 1, 3)
    assert store.count() == 3


def test_a_page_read_again_from_the_archive_keeps_what_its_feed_entry_said(site: Site, tmp_path: Path) -> None:
    from newsgraph.pipeline import ingest
    from newsgraph.watch.rounds import _Round

    newsroom(site, [])
    site.routes["/news/bridge"] = fixed(200, page("bridge").replace(b'<meta property="article:published_time" content="2026-11-26T08:00:00+00:00">', b""))
    (tmp_path / "world.rss").write_bytes(feed(site.base, ["bridge"]))
    store = Store(f"sqlite:///{tmp_path / 'news.db'}")
    ingest([tmp_path / "world.rss"], store, extract=False)
    assert len(list(_Round(store, settings(tmp_path)).items([]))) == 1  # fetched and archived, never stored: a kill
    report = run_round(store, [], settings(tmp_path))
    assert (report.replayed, report.requests, report.ingest.new) == (1, 0, 1)
    assert store.articles()[0]["published"] == "2026-11-24T08:00:00+00:00"  # the page has none: its feed entry's


def test_show_says_when_and_from_where_an_article_was_fetched(site: Site, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsgraph.views.cli import app

    newsroom(site, ["bridge"])
    store = Store(f"sqlite:///{tmp_path / 'news.db'}")
    run_round(store, [site.base + "/feed.xml"], settings(tmp_path))
    article = store.articles()[0]["id"]
    shown = CliRunner().invoke(app, ["show", article, "--db", str(tmp_path / "news.db"), "--format", "json"])
    (fetched,) = json.loads(shown.stdout)["fetched"]
    assert fetched["url"] == fetched["asked"] == site.base + "/news/bridge"
    assert fetched["status"] == 200 and fetched["at"] <= state.stamp(state.now())
    assert fetched["warc"].startswith(f"{state.now():%Y-%m-%d}.warc.gz at offset ")
