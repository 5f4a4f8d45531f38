"""The web server under size and load: a large generated database, and a load run on the demo.

    .venv/bin/python bench/bench_web.py db                    # 100,000 articles; per-endpoint p50/p95
    .venv/bin/python bench/bench_web.py db --articles 2000    # smaller
    .venv/bin/python bench/bench_web.py load                  # `newsgraph serve` on demo.db, 200 req/s
    .venv/bin/python bench/bench_web.py load --rate 50 --seconds 3 --workers 2

``db`` clones the demo corpus's articles and their stored extraction records (spaCy runs only on
the demo's 19 files, never on the generated ones) into N articles with their own ids, outlets,
dates and stories, with SQL straight into the schema, then asks every endpoint ``--rounds``
times in process (Starlette's test client, no network) and prints p50/p95 per endpoint.

``load`` starts ``newsgraph serve`` on 127.0.0.1 (a free port; nothing leaves this machine) and
sends mixed page and API traffic open-loop at ``--rate`` requests per second for one second of
warm-up and then ``--seconds`` (so at most rate × (seconds + 1) requests, each with a 30 s
timeout), measuring each answer from when it was due to be sent,
so a server that falls behind shows its queue in p95/p99. It prints requests/s answered,
p50/p95/p99 and errors.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import math
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWSGRAPH = Path(sys.executable).parent / "newsgraph"
RECORD_TABLES = ("mentions", "quotes", "events", "stances")
OUTLETS = [f"Outlet {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(60)]
STORY_SIZE = 10
BIG_STORY = 0.03  # story 1 holds the first 3% of the articles (3,000 of 100,000): one story that grew large


def demo_db(work: Path) -> Path:
    """The demo corpus ingested once (spaCy on 19 small files), kept in ``work`` for reuse."""
    path = work / "demo.db"
    if not path.exists():
        subprocess.run([str(NEWSGRAPH), "ingest", str(ROOT / "demo" / "corpus"), "--db", str(path)], check=True, stdout=subprocess.DEVNULL)
    return path


def generate(path: Path, articles: int, template: Path, seed: int = 0) -> None:
    """``articles`` copies of the demo's articles (text + a numbered line) with all their records.

    Records are copied with SQL from the template rows, so every span still points at the same
    words (the added line comes after the text). Story 1 holds the first BIG_STORY share of the
    articles, every other story STORY_SIZE consecutive ones.
    """
    from newsgraph.store import Store
    from newsgraph.store import search as search_mod

    path.unlink(missing_ok=True)
    store = Store(f"sqlite:///{path}")  # the schema and its indexes, exactly as the app makes them
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.execute("ATTACH DATABASE ? AS src", (str(template),))
    sources = [r[0] for r in db.execute("SELECT id FROM src.articles WHERE duplicate_of IS NULL ORDER BY id")]
    columns = [r[1] for r in db.execute("PRAGMA main.table_info(articles)")]
    keep = [c for c in columns if c not in ("id", "outlet", "published", "story_id", "duplicate_of", "text", "location", "url", "minhash")]
    day0 = time.mktime((2024, 1, 1, 0, 0, 0, 0, 0, 0))
    with db:
        db.execute("CREATE TEMP TABLE gen (id TEXT PRIMARY KEY, template TEXT, n INTEGER)")
        big = int(articles * BIG_STORY)
        stories = [(1, "gen-big", "Generated large story", _day(day0), _day(day0 + big * 600))] if big else []
        for start in range(big, articles, STORY_SIZE):
            first = day0 + start * 600
            number = _story_of(start, big)
            stories.append((number, f"gen-{start}", f"Generated story {number}", _day(first), _day(first + STORY_SIZE * 600)))
        db.executemany("INSERT INTO stories (id, key, title, first_date, last_date) VALUES (?, ?, ?, ?, ?)", stories)
        rows = []
        for n in range(articles):
            aid = hashlib.sha1(f"generated {seed} {n}".encode()).hexdigest()[:16]
            template = sources[n % len(sources)]
            moment = day0 + n * 600 + rng.randrange(600)
            copy_of = rows[-1][0] if n % 20 == 19 else None  # one in twenty is a wire copy of the one before
            rows.append((aid, template, n, OUTLETS[rng.randrange(len(OUTLETS))], time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(moment)), _story_of(n, big), copy_of))
        db.executemany("INSERT INTO gen VALUES (?, ?, ?)", [r[:3] for r in rows])
        db.executemany(
            f"INSERT INTO articles (id, outlet, published, story_id, duplicate_of, text, url, location, {', '.join(keep)}) "
            f"SELECT ?, ?, ?, ?, ?, s.text || char(10) || char(10) || 'Generated copy ' || ?, "
            f"'https://gen.example/' || ?, 'generated/' || ?, {', '.join('s.' + c for c in keep)} FROM src.articles s WHERE s.id = ?",
            [(aid, outlet, published, story, copy_of, n, aid, aid, template) for aid, template, n, outlet, published, story, copy_of in rows],
        )
        for table in RECORD_TABLES:
            cols = [r[1] for r in db.execute(f"PRAGMA main.table_info({table})") if r[1] not in ("id", "article_id")]
            listed = ", ".join(f'"{c}"' for c in cols)
            db.execute(
                f"INSERT INTO {table} (article_id, {listed}) SELECT g.id, {', '.join('r.' + repr(c).replace(chr(39), chr(34)) for c in cols)} "
                f"FROM gen g JOIN src.{table} r ON r.article_id = g.template ORDER BY g.n, r.position"
            )
    db.execute("DETACH DATABASE src")
    db.execute("ANALYZE")
    db.close()
    search_mod.update_index(store)  # what the first search after an ingest would do


def _story_of(n: int, big: int) -> int:
    return 1 if n < big else (n - big) // STORY_SIZE + (2 if big else 1)


def _day(moment: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(moment))


def endpoints(db: Path) -> list[str]:
    """One URL per page and endpoint, with the parameters that used to be slow."""
    con = sqlite3.connect(db)
    article = con.execute("SELECT article_id FROM quotes GROUP BY article_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    story = con.execute("SELECT max(id) FROM stories").fetchone()[0]
    actor = con.execute("SELECT actor FROM mentions WHERE actor IS NOT NULL GROUP BY actor ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    con.close()
    return [
        "/", "/?offset=500", f"/stories/{story}", f"/articles/{article}", f"/articles/{article}?start=0&end=20", f"/actors/{actor}",
        "/articles", "/articles?outlet=Outlet%20AB&offset=100", "/search?q=minister", "/docs",
        "/api/articles?limit=50", "/api/articles?text=a", "/api/articles?text=zzqx", "/api/articles?since=2025-01-01&until=2025-02-01",
        f"/api/articles/{article}", "/api/actors?limit=1", "/api/actors?limit=50&offset=50", f"/api/actors?mentions=true&actor={actor}",
        f"/api/actors/{actor}", "/api/quotes?limit=50", "/api/quotes?speaker=a", "/api/quotes?speaker=zzqx",
        "/api/events", "/api/events?type=ACCUSE&since=2025-01-01", "/api/stances?stance=condemn", "/api/stories?limit=50",
        f"/api/stories/{story}", "/api/reactions?about=a", "/api/reactions?about=zzqx", f"/api/reactions?story={story}",
        "/stories/1", "/api/stories/1?offset=100", "/api/reactions?story=1", "/api/compare?story=1",
        "/api/timeline?about=a", f"/api/timeline?story={story}", f"/api/compare?story={story}", f"/api/network?story={story}",
        "/api/network?since=2025-01-01&until=2025-01-02", "/api/search?q=minister", "/api/search?q=%22foreign%20minister%22&offset=40",
        "/reactions?about=a", "/events", "/events?type=ACCUSE&sort=-date", "/events?outlet=Outlet%20AB&offset=100", "/events?sort=source&offset=5000",
        "/quotes", "/quotes?speaker=minister&direct=true", "/quotes?since=2025-01-01&until=2025-01-31&sort=speaker", "/quotes?actor=USA&sort=-published",
        "/actors", "/actors?sort=name&sector=GOV", "/events.csv?type=ACCUSE&since=2025-01-01&until=2025-01-02", "/quotes.json?actor=USA&since=2025-01-01&until=2025-01-02",
    ]


def measure(db: Path, rounds: int) -> list[tuple[str, float, float, float, int]]:
    """(url, first ms, p50 ms, p95 ms, status) per endpoint, in process; the first request of
    each is shown apart (it pays for a cold cache), p50/p95 are over all ``rounds``."""
    from fastapi.testclient import TestClient

    from newsgraph.views.web.app import create_app

    from newsgraph.views.web import api

    urls = endpoints(db)
    app = create_app(f"sqlite:///{db}")
    results = []
    began = time.perf_counter()
    with TestClient(app, raise_server_exceptions=False, base_url="http://127.0.0.1") as client:  # runs the start-up warm-up
        api.actor_rows(app.state.store)  # waits for the warm-up's roll-up
        print(f"start-up: the actors roll-up took {time.perf_counter() - began:.1f} s (in the background; requests before it wait)")
        for url in urls:
            times, status = [], 0
            for _ in range(rounds):
                began = time.perf_counter()
                status = client.get(url).status_code
                times.append((time.perf_counter() - began) * 1000)
            results.append((url, times[0] if times else float("nan"), _pct(times, 50), _pct(times, 95), status))
    return results


def _pct(values: Iterable[float], p: float) -> float:
    """The nearest-rank percentile: p95 of 20 values is the 19th smallest."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


# -- load ---------------------------------------------------------------------------------


def mixed_urls(db: Path) -> list[str]:
    """The traffic mix: pages people open and the API calls a dashboard makes, about half each."""
    con = sqlite3.connect(db)
    articles = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id")]
    stories = [r[0] for r in con.execute("SELECT id FROM stories ORDER BY id")]
    actors = [r[0] for r in con.execute("SELECT DISTINCT actor FROM stances WHERE actor IS NOT NULL ORDER BY actor LIMIT 10")]
    con.close()
    urls = ["/", "/articles", "/search?q=minister", "/api/stories", "/api/articles", "/api/actors?limit=20", "/api/events", "/api/stances", "/api/quotes?speaker=minister", "/api/search?q=foreign"]
    urls += [f"/articles/{a}" for a in articles[:10]] + [f"/stories/{s}" for s in stories] + [f"/api/reactions?story={s}" for s in stories]
    urls += [f"/actors/{a}" for a in actors] + [f"/api/timeline?story={s}" for s in stories] + ["/static/style.css", "/api/reactions?about=Iran"]
    urls += ["/events", "/events?type=ACCUSE", "/quotes", "/quotes?direct=true", "/actors", "/actors?sort=name"]
    return urls


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    """`newsgraph serve` on loopback; waits until it answers."""
    import httpx

    command = [str(NEWSGRAPH), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_TOKEN"}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not answer within 60 s")


async def _load(port: int, urls: list[str], rate: float, seconds: float, timeout: float, distinct: bool = False) -> tuple[list[float], int, float]:
    import httpx

    total = int(rate * seconds)
    latencies: list[float] = []
    errors = 0
    rng = random.Random(1)
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=timeout) as client:

        async def one(url: str, due: float) -> None:
            nonlocal errors
            try:
                answer = await client.get(url)
                if answer.status_code >= 400:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
                return
            latencies.append((time.perf_counter() - due) * 1000)

        began = time.perf_counter()
        tasks = []
        for i in range(total):
            due = began + i / rate
            pause = due - time.perf_counter()
            if pause > 0:
                await asyncio.sleep(pause)
            url = rng.choice(urls)
            if distinct:  # an unknown parameter, ignored by every endpoint, makes every URL new
                url += f"{'&' if '?' in url else '?'}n={i}"
            tasks.append(asyncio.create_task(one(url, due)))
        await asyncio.gather(*tasks)
        took = time.perf_counter() - began
    return latencies, errors, took


def load(db: Path, rate: float, seconds: float, workers: int, distinct: bool = False) -> dict[str, float]:
    """Requests/s answered, p50/p95/p99 in ms and errors, against a real server on 127.0.0.1;
    ``distinct`` makes every URL one not asked before, so no kept answer is reused."""
    port = free_port()
    server = serve(db, port, workers)
    try:
        urls = mixed_urls(db)
        asyncio.run(_load(port, urls, rate, 1.0, 10))  # warm up: templates compiled, pages cached by the OS
        latencies, errors, took = asyncio.run(_load(port, urls, rate, seconds, 30, distinct))
    finally:
        server.terminate()
        server.wait(timeout=30)
    done = len(latencies)
    return {
        "sent": int(rate * seconds), "answered": done, "errors": errors, "rps": done / took,
        "p50": _pct(latencies, 50), "p95": _pct(latencies, 95), "p99": _pct(latencies, 99),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    big = sub.add_parser("db", help="generate a large database and time every endpoint")
    big.add_argument("--articles", type=int, default=100_000)
    big.add_argument("--rounds", type=int, default=20)
    big.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "newsgraph-bench-web")
    big.add_argument("--reuse", action="store_true", help="keep an already generated database of that size")
    run = sub.add_parser("load", help="mixed traffic against `newsgraph serve` on the demo database")
    run.add_argument("--rate", type=float, default=200)
    run.add_argument("--seconds", type=float, default=20)
    run.add_argument("--workers", type=int, default=1)
    run.add_argument("--distinct", action="store_true", help="every URL a new one: measures answers that are not kept")
    run.add_argument("--db", type=Path, help="default: the demo corpus, ingested into --work")
    run.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "newsgraph-bench-web")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.command == "db":
        path = args.work / f"generated-{args.articles}.db"
        if not (args.reuse and path.exists()):
            began = time.perf_counter()
            generate(path, args.articles, demo_db(args.work))
            print(f"generated {args.articles:,} articles in {time.perf_counter() - began:.0f} s: {path} ({path.stat().st_size / 1e6:,.0f} MB)")
        print(f"{'endpoint':64} {'first ms':>8} {'p50 ms':>8} {'p95 ms':>8} status")
        for url, first, p50, p95, status in measure(path, args.rounds):
            print(f"{url[:64]:64} {first:8.1f} {p50:8.1f} {p95:8.1f} {status}")
    else:
        db = args.db or demo_db(args.work)
        result = load(db, args.rate, args.seconds, args.workers, args.distinct)
        print(
            f"{result['sent']} {'distinct ' if args.distinct else ''}requests at {args.rate:g}/s, {args.workers} worker(s): {result['rps']:.0f} answered/s, "
            f"p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, p99 {result['p99']:.0f} ms, {result['errors']} errors"
        )


if __name__ == "__main__":
    main()
