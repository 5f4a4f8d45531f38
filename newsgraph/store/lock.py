"""One ingest at a time per database: a second one refuses at once, saying which is running.

Two ingests into one database would each advance the story clusterer from its own copy of the
state and overwrite the other's. SQLite gets an advisory lock on a file beside the database
(``newsgraph.db.lock``, which the operating system releases when the process dies, even by
``kill -9``); PostgreSQL a session-level advisory lock, released when the connection closes.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from newsgraph.errors import StoreError

BUSY = "another ingest is writing to {where}{who}; wait for it to finish (or kill it: nothing is lost), or use another --db"


@contextmanager
def ingest_lock(engine: sa.Engine, url: str) -> Iterator[None]:
    """Hold the database's writer lock for the duration, or raise StoreError if it is taken."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        with _file_lock(f"{engine.url.database}.lock", url):
            yield
    elif engine.dialect.name == "postgresql":
        with _advisory_lock(engine, url):
            yield
    else:
        yield


@contextmanager
def _file_lock(path: str, url: str) -> Iterator[None]:
    import fcntl

    handle = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            pid = handle.read().strip()
            raise StoreError(BUSY.format(where=url, who=f" (process {pid})" if pid else "")) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock


@contextmanager
def _advisory_lock(engine: sa.Engine, url: str) -> Iterator[None]:
    key = zlib.crc32(b"newsgraph ingest")
    with engine.connect() as conn:
        if not conn.scalar(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": key}):
            raise StoreError(BUSY.format(where=url, who=""))
        try:
            yield
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})
