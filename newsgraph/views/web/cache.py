"""What the web server computed from the whole database, kept until the database changes.

Some answers aggregate millions of rows (the actors roll-up reads every mention: seconds on
100,000 articles). Articles and records are only ever added, so ``Store.data_stamp`` (a few
counts and largest ids, read in a millisecond) tells when such an answer is out of date. While
an ingest keeps changing the database, the last answer is served and one background thread
computes the new one, so requests never queue behind a recomputation; only the very first
computation of a key is waited for, once (others asking meanwhile wait for the same one).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsgraph.store import Store

log = logging.getLogger(__name__)

MAX_ENTRIES = 256
_stale: ContextVar[list[Any] | None] = ContextVar("newsgraph_stale", default=None)  # keys served stale in this request, or why else not to keep its answer
STAMP_EVERY = 0.25  # seconds: how stale "the database as it is" may be
MAX_BODY = 1_000_000  # bytes: larger answers are not kept
MAX_BODIES = 64_000_000  # bytes kept in all


@dataclass
class _Entry:
    stamp: tuple[Any, ...]
    value: Any


class Cache:
    """Per-process results by key; stale results are refreshed in the background."""

    def __init__(self, store: Store, size: int = MAX_ENTRIES) -> None:
        self.store = store
        self.size = size
        self._entries: OrderedDict[Any, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Any, threading.Lock] = {}
        self._stamp: tuple[Any, ...] = ()
        self._stamp_at = -STAMP_EVERY

    def stamp(self) -> tuple[Any, ...]:
        """The database's data stamp, read at most every STAMP_EVERY seconds (it costs a query)."""
        now = time.monotonic()
        if now - self._stamp_at > STAMP_EVERY:
            self._stamp, self._stamp_at = self.store.data_stamp(), now
        return self._stamp

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``'s value for the database as it is, or as it was a moment ago while it changes."""
        stamp = self.stamp()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                if entry.stamp != stamp:
                    self._refresh_later(key, compute)
                    served_stale = _stale.get()
                    if served_stale is not None:
                        served_stale.append(key)  # the answer built from this must not be kept
                return entry.value
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:  # the first computation of a key: one thread computes, the others wait for it
            with self._lock:
                entry = self._entries.get(key)
            if entry is None:
                entry = self._compute(key, compute, stamp)
        return entry.value

    def _compute(self, key: Any, compute: Callable[[], Any], stamp: tuple[Any, ...]) -> _Entry:
        entry = _Entry(stamp, compute())
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return entry

    def _refresh_later(self, key: Any, compute: Callable[[], Any]) -> None:
        """Called with ``_lock`` held; at most one refresh of a key runs at a time."""
        gate = self._computing.setdefault(key, threading.Lock())
        if gate.locked():
            return
        gate.acquire()

        def refresh() -> None:
            try:
                self._compute(key, compute, self.store.data_stamp())
            except Exception:  # noqa: BLE001  (the stale value stays; the next request tries again)
                log.exception("refreshing %r failed", key)
            finally:
                gate.release()

        threading.Thread(target=refresh, name="newsgraph-cache", daemon=True).start()

    def warm(self, key: Any, compute: Callable[[], Any]) -> threading.Thread:
        """Compute ``key`` in the background now (at start-up), so no request waits for it."""
        worker = threading.Thread(target=lambda: self._warm(key, compute), name="newsgraph-warm", daemon=True)
        worker.start()
        return worker

    def _warm(self, key: Any, compute: Callable[[], Any]) -> None:
        try:
            self.get(key, compute)
        except Exception:  # noqa: BLE001  (a request will compute it and show the error)
            log.exception("warming %r failed", key)


class ResponseCache:
    """Whole answers to GET requests (pages and API), kept until the database changes.

    Every page and endpoint is a function of the URL and the database, so a repeated URL is
    sent from here without touching the database or a template. Runs inside ``app.Guard``,
    so Host and token are checked before anything kept is sent. Only complete 200 answers
    under MAX_BODY bytes without cookies are kept; static files have their own ETags.
    """

    def __init__(self, app: ASGIApp, store: Store) -> None:
        self.app = app
        self.results = get_cache(store)
        self._kept: OrderedDict[tuple[str, bytes], tuple[tuple[Any, ...], list[Message]]] = OrderedDict()
        self._size = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/static/") or b"token=" in scope["query_string"]:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        stamp = self.results.stamp()
        kept = self._kept.get(key)
        if kept is not None and kept[0] == stamp:
            self._kept.move_to_end(key)
            for message in kept[1]:
                await send(message)
            return
        messages: list[Message] = []
        size = 0
        stale: list[Any] = []  # a list, not a flag: the endpoint's thread sees a copy of this context
        _stale.set(stale)

        async def keep(message: Message) -> None:
            nonlocal size
            if message["type"] in ("http.response.start", "http.response.body"):  # not the test client's debug message
                size += len(message.get("body", b""))
                if size <= MAX_BODY:  # a streamed download past the limit is sent, never held
                    messages.append(message)
            await send(message)

        await self.app(scope, receive, keep)
        start = messages[0] if messages else {}
        cookies = any(name.lower() == b"set-cookie" for name, _ in start.get("headers", []))
        complete = bool(messages) and not messages[-1].get("more_body", False)
        if start.get("status") == 200 and not cookies and not stale and size <= MAX_BODY and complete:
            self._store(key, stamp, messages, size)

    def _store(self, key: tuple[str, bytes], stamp: tuple[Any, ...], messages: list[Message], size: int) -> None:
        old = self._kept.pop(key, None)
        if old is not None:
            self._size -= sum(len(m.get("body", b"")) for m in old[1])
        self._kept[key] = (stamp, messages)
        self._size += size
        while self._size > MAX_BODIES and self._kept:
            _, (_, dropped) = self._kept.popitem(last=False)
            self._size -= sum(len(m.get("body", b"")) for m in dropped)


def do_not_keep(reason: str) -> None:
    """The answer being built depends on the clock as well as the database (``?new_since=2h``):
    ResponseCache must not keep it, or an hour later it would still mark the same articles new."""
    kept_out = _stale.get()
    if kept_out is not None:
        kept_out.append(reason)


def get_cache(store: Store) -> Cache:
    """The store's cache (one per store, so per app and per worker process)."""
    cache = getattr(store, "web_cache", None)
    if cache is None:
        cache = store.web_cache = Cache(store)  # type: ignore[attr-defined]
    return cache
