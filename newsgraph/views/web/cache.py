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
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newsgraph.store import Store

log = logging.getLogger(__name__)

MAX_ENTRIES = 256


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

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``'s value for the database as it is, or as it was a moment ago while it changes."""
        stamp = self.store.data_stamp()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                if entry.stamp != stamp:
                    self._refresh_later(key, compute)
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
