"""robots.txt, the per-host delay and the per-host concurrency cap, against a real local server."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from newsgraph.store import Store
from newsgraph.watch import net
from newsgraph.watch.net import FetchError, Refused
from newsgraph.watch.polite import Polite
from tests.watch.site import Answer, Site, fixed, page
from tests.watch.test_net import FAST, LOCAL


def polite(site: Site, db_url: str, delay: float = 0.0, per_host: int = 1) -> tuple[Polite, net.httpx.Client]:
    http = net.client(FAST, "newsgraph-test", allowed=LOCAL)
    manners = Polite(Store(db_url).engine, lambda url: net.get(http, url, FAST, manners.turn), delay=delay, per_host=per_host)
    return manners, http


def fetch(manners: Polite, http: net.httpx.Client, site: Site, path: str) -> net.Response:
    return net.get(http, site.base + path, FAST, manners.pace)


ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: newsgraph\nDisallow: /drafts/\nCrawl-delay: 1\n"


def test_robots_rules_for_our_agent_are_obeyed(site: Site, db_url: str) -> None:
    site.routes["/robots.txt"] = fixed(200, ROBOTS, {"Content-Type": "text/plain"})
    site.routes["/news/harbour"] = fixed(200, page("harbour"))
    manners, http = polite(site, db_url)
    assert fetch(manners, http, site, "/news/harbour").status == 200
    with pytest.raises(Refused, match="disallowed by robots.txt; not fetched"):
        fetch(manners, http, site, "/drafts/harbour")
    assert site.paths() == ["/robots.txt", "/news/harbour"]


def test_robots_is_kept_a_day_in_the_database(site: Site, db_url: str) -> None:
    site.routes["/robots.txt"] = fixed(200, ROBOTS, {"Content-Type": "text/plain"})
    site.routes["/news/harbour"] = fixed(200, page("harbour"))
    for _ in range(2):  # two rounds, two processes' worth of state: one request for robots.txt
        manners, http = polite(site, db_url)
        fetch(manners, http, site, "/news/harbour")
    assert site.paths() == ["/robots.txt", "/news/harbour", "/news/harbour"]


def test_no_robots_allows_all_and_a_failing_robots_allows_nothing(site: Site, db_url: str) -> None:
    site.routes["/news/harbour"] = fixed(200, page("harbour"))
    manners, http = polite(site, db_url)
    assert fetch(manners, http, site, "/news/harbour").status == 200  # robots.txt: 404
    site.routes["/robots.txt"] = fixed(503, b"")
    manners, http = polite(site, f"{db_url}-2")
    with pytest.raises(FetchError, match=r"robots.txt could not be read \(HTTP 503: the host may be down, so nothing is taken from it\); not fetched"):
        fetch(manners, http, site, "/news/harbour")
    assert site.paths().count("/robots.txt") == 4  # 404, then 503 and its two retries; the page is never asked for


def test_one_host_is_asked_at_the_delay_and_crawl_delay(site: Site, db_url: str) -> None:
    site.routes["/news/harbour"] = fixed(200, page("harbour"))
    manners, http = polite(site, db_url, delay=0.15)
    started = time.monotonic()
    for _ in range(3):  # robots.txt (404), then three pages: four requests 0.15 s apart
        fetch(manners, http, site, "/news/harbour")
    assert time.monotonic() - started >= 0.45
    site.routes["/robots.txt"] = fixed(200, ROBOTS, {"Content-Type": "text/plain"})
    manners, http = polite(site, f"{db_url}-2", delay=0.0)
    started = time.monotonic()
    for _ in range(2):  # robots.txt, then two pages 1 s apart (Crawl-delay: whole seconds only)
        fetch(manners, http, site, "/news/harbour")
    assert time.monotonic() - started >= 1.0
    assert manners.requests == 3


def test_one_host_gets_one_request_at_a_time(site: Site, db_url: str) -> None:
    busy, most = [0], [0]
    lock = threading.Lock()

    def slow(asked: dict[str, str]) -> Answer:
        with lock:
            busy[0] += 1
            most[0] = max(most[0], busy[0])
        time.sleep(0.05)
        with lock:
            busy[0] -= 1
        return 200, {"Content-Type": "text/html"}, page("bridge")

    site.routes["/news/bridge"] = slow
    manners, http = polite(site, db_url, per_host=1)
    with ThreadPoolExecutor(4) as pool:
        assert [a.status for a in pool.map(lambda _: fetch(manners, http, site, "/news/bridge"), range(6))] == [200] * 6
    assert most[0] == 1
    busy[0] = most[0] = 0
    manners, http = polite(site, f"{db_url}-2", per_host=2)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: fetch(manners, http, site, "/news/bridge"), range(6)))
    assert most[0] == 2
