"""Ingest: walk files and folders, detect each file's format from its content, read articles.

One reader per format (``text``, ``html``, ``feeds``, ``warc``, ``tabular``), all
yielding ``Article`` records, ``PendingUrl`` for feed entries that only link to
their article, and ``ReadFailure`` for anything that could not be read. Nothing
here raises for bad input: a failure is a record, and the batch goes on.
"""

from __future__ import annotations

import errno
import io
import importlib
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from newsgraph.errors import BadInput
from newsgraph.ingest.base import Item, Note, Reader
from newsgraph.ingest.detect import HEAD_BYTES, REFUSED, detect_format
from newsgraph.ingest.limits import guard
from newsgraph.model import ReadFailure, Skipped

log = logging.getLogger(__name__)

# A file of a million bad lines lists this many; the rest are counted in one line.
MAX_PROBLEMS_LISTED = 100

READERS: dict[str, tuple[str, str]] = {
    "text": ("newsgraph.ingest.text", "read_text"),
    "html": ("newsgraph.ingest.html", "read_html"),
    "feed": ("newsgraph.ingest.feeds", "read_feed"),
    "warc": ("newsgraph.ingest.warc", "read_warc"),
    "jsonl": ("newsgraph.ingest.tabular", "read_jsonl"),
    "json": ("newsgraph.ingest.jsondoc", "read_json"),
    "csv": ("newsgraph.ingest.tabular", "read_csv"),
}


def reader_for(fmt: str) -> Reader:
    module, name = READERS[fmt]
    return getattr(importlib.import_module(module), name)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | ReadFailure]:
    """Files under the given paths, in a stable order; unreadable paths become failures."""
    for given in paths:
        path = Path(given)
        try:
            is_dir = path.is_dir()
            exists = is_dir or os.path.lexists(path)
        except (OSError, ValueError) as err:  # a name too long, a NUL in it
            yield ReadFailure(display(path), _os_reason(err) if isinstance(err, OSError) else str(err))
            continue
        if not exists:
            yield ReadFailure(display(path), "no such file or folder; check the path")
        elif is_dir:
            yield from _walk(path)
        else:
            yield path


def display(path: str | Path) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 in a file
    name are shown as ``\\xNN`` (Python keeps them as lone surrogates, which cannot be)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _walk(folder: Path) -> Iterator[Path | ReadFailure]:
    problems: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name
        while problems:
            err = problems.pop()
            yield ReadFailure(display(err.filename or folder), _os_reason(err))
    while problems:
        err = problems.pop()
        yield ReadFailure(display(err.filename or folder), _os_reason(err))


def read_path(path: Path) -> Iterator[Item]:
    """Read one file with the reader its content calls for; every item comes out through
    :func:`~newsgraph.ingest.limits.guard`, and nothing is raised."""
    location = display(path)
    return _guarded(lambda: _read(path, location), location)


def read_bytes(data: bytes, location: str) -> Iterator[Item]:
    """Read a file's content fetched from elsewhere (object storage, by Spark) as ``read_path``
    reads a file; ``location`` is its URI."""
    return _guarded(lambda: _read_stream(io.BytesIO(data), location, location.rsplit("/", 1)[-1]), location)


def _guarded(read: Callable[[], Iterator[Item]], location: str) -> Iterator[Item]:
    problems = 0  # failures, skipped records and notes: a file of bad lines lists only the first ones
    try:
        for item in read():
            for safe in guard(item):
                if isinstance(safe, (ReadFailure, Skipped, Note)):
                    problems += 1
                    if problems > MAX_PROBLEMS_LISTED:
                        continue
                yield safe
    except Exception as err:  # a failure is a record: the batch goes on
        yield from guard(ReadFailure(location, _reason(err, location)))
    if problems > MAX_PROBLEMS_LISTED:
        more = problems - MAX_PROBLEMS_LISTED
        yield ReadFailure(location, f"{more:,} more records failed, were skipped or cut; only the first {MAX_PROBLEMS_LISTED} are listed")


def _read(path: Path, location: str) -> Iterator[Item]:
    with _open_regular(path) as stream:
        yield from _read_stream(stream, location, display(path.name))


def _read_stream(stream: BinaryIO, location: str, name: str) -> Iterator[Item]:
    head = _head(stream)
    if not head:
        yield ReadFailure(location, "empty file; nothing to read")
        return
    fmt = detect_format(head, name)
    if fmt in REFUSED:
        yield ReadFailure(location, REFUSED[fmt])
        return
    stream.seek(0)
    yield from reader_for(fmt)(stream, location)


def _open_regular(path: Path) -> BinaryIO:
    """Open ``path`` for reading without ever blocking: a FIFO, socket or device is refused
    (opening a FIFO waits for a writer forever), as is anything but a regular file."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise BadInput(f"{_kind(mode)}, not a regular file; newsgraph reads files and folders only")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _head(stream: BinaryIO) -> bytes:
    """The first ``HEAD_BYTES`` after any leading whitespace (b"" for a blank file): a feed
    or a page after a long run of blank lines is still detected as what it is."""
    skipped = 0
    while True:
        chunk = stream.read(HEAD_BYTES)
        if not chunk:
            return b""
        start = len(chunk) - len(chunk.lstrip())
        if start < len(chunk):
            if skipped or start:
                stream.seek(skipped + start)
                chunk = stream.read(HEAD_BYTES)
            return chunk
        skipped += len(chunk)


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def read_paths(paths: Iterable[str | Path]) -> Iterator[Item]:
    for found in iter_files(paths):
        if isinstance(found, ReadFailure):
            yield found
        else:
            yield from read_path(found)


def _reason(err: Exception, location: str) -> str:
    """One line for a whole file that could not be read."""
    if isinstance(err, BadInput):
        return _strip_location(err.message, location)
    if isinstance(err, OSError):
        return _os_reason(err)
    if isinstance(err, RecursionError):
        return "nested too deeply to read (thousands of levels of elements or brackets); not an article"
    if isinstance(err, MemoryError):
        return "too large to read in memory; split it into smaller files"
    log.debug("reader failed on %s", location, exc_info=True)
    return f"could not be read ({type(err).__name__}: {err})"


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied; check the file's permissions"
    if isinstance(err, IsADirectoryError):
        return "is a folder"
    if err.errno == errno.ELOOP:
        return "a symbolic link that loops or points too deep; fix or remove the link"
    if err.errno == errno.ENXIO:
        return "a socket or device, not a regular file; newsgraph reads files and folders only"
    return err.strerror or str(err)


def _strip_location(message: str, location: str) -> str:
    prefix = f"{location}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
