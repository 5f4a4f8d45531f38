"""Being a good guest: robots.txt obeyed, one host asked at a measured pace, a few requests at once.

robots.txt is read with :mod:`urllib.robotparser` for the agent ``newsgraph`` and kept a day in
the database (table ``robots``), so a round costs no request for it. As RFC 9309 says: a 4xx
answer means no rules (everything allowed), a 5xx or no answer means nothing may be fetched from
that host for now. A ``Crawl-delay`` longer than our own delay is honoured, up to a minute.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.robotparser import RobotFileParser

from newsgraph.watch import state
from newsgraph.watch.net import FetchError, Refused, Response
from newsgraph.watch.urls import origin

AGENT = "newsgraph"
ROBOTS_TTL = timedelta(days=1)
MAX_CRAWL_DELAY = 60.0
MAX_ROBOTS_CHARS = 512 * 1024  # Google reads 500 KiB of a robots.txt


@dataclass
class _Host:
    slots: threading.Semaphore
    lock: threading.Lock
    next_at: float = 0.0
    delay: float = 0.0


class Polite:
    """``pace(url)``, for :func:`newsgraph.watch.net.get`: robots.txt first, then the host's turn."""

    def __init__(self, engine, get_robots: Callable[[str], Response], *, delay: float, per_host: int) -> None:  # type: ignore[no-untyped-def]
        self.engine = engine
        self.get_robots = get_robots  # GET of a robots.txt URL, paced but not checked against robots
        self.delay = delay
        self.per_host = per_host
        self.lock = threading.Lock()
        self.hosts: dict[str, _Host] = {}
        self.rules: dict[str, RobotFileParser | FetchError] = {}
        self.loading: dict[str, threading.Lock] = {}
        self.requests = 0

    @contextmanager
    def pace(self, url: str) -> Iterator[None]:
        rules = self._rules(origin(url))
        if isinstance(rules, FetchError):
            raise FetchError(f"robots.txt could not be read ({rules.reason}); not fetched", transient=rules.transient, retry=False)
        if not rules.can_fetch(AGENT, url):
            raise Refused("disallowed by robots.txt; not fetched")
        with self.turn(url):
            yield

    @contextmanager
    def turn(self, url: str) -> Iterator[None]:
        """Wait for ``url``'s host: at most ``per_host`` requests at once, ``delay`` apart."""
        host = self._host(origin(url))
        with host.slots:
            with host.lock:
                now = time.monotonic()
                start = max(now, host.next_at)
                host.next_at = start + max(self.delay, host.delay)
            if start > now:
                time.sleep(start - now)
            with self.lock:
                self.requests += 1
            yield

    def _host(self, key: str) -> _Host:
        with self.lock:
            if key not in self.hosts:
                self.hosts[key] = _Host(threading.Semaphore(self.per_host), threading.Lock())
            return self.hosts[key]

    def _rules(self, key: str) -> RobotFileParser | FetchError:
        with self.lock:
            lock = self.loading.setdefault(key, threading.Lock())
        with lock:  # one request for a host's robots.txt, however many workers want it
            if key not in self.rules:
                rules = self._load(key)
                if isinstance(rules, RobotFileParser):
                    self._host(key).delay = min(float(rules.crawl_delay(AGENT) or 0), MAX_CRAWL_DELAY)
                self.rules[key] = rules
        return self.rules[key]

    def _load(self, key: str) -> RobotFileParser | FetchError:
        now = datetime.now(timezone.utc)
        kept = state.robots(self.engine, key)
        if kept is not None and datetime.fromisoformat(kept["fetched_at"]) > now - ROBOTS_TTL:
            return _parsed(kept["rule"], kept["body"])
        try:
            answer = self.get_robots(f"{key}/robots.txt")
        except Refused:
            raise
        except FetchError as err:
            return err  # not kept: asked again next round
        if answer.status == 200:
            rule, body = "rules", answer.body[:MAX_ROBOTS_CHARS].decode("utf-8", "replace")
        elif 400 <= answer.status < 500:
            rule, body = "allow", ""
        else:
            return FetchError(f"HTTP {answer.status}: the host may be down, so nothing is taken from it")
        state.keep_robots(self.engine, key, rule, body, now.isoformat(timespec="seconds"))
        return _parsed(rule, body)


def _parsed(rule: str, body: str) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(body.splitlines() if rule == "rules" else [])
    return parser

