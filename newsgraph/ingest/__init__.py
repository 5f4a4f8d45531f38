"""Ingest: walk files and folders, detect each file's format from its content, read articles.

One reader per format (``text``, ``html``, ``feeds``, ``warc``, ``tabular``), all
yielding ``Article`` records, ``PendingUrl`` for feed entries that only link to
their article, and ``ReadFailure`` for anything that could not be read. Nothing
here raises for bad input: a failure is a record, and the batch goes on.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.errors import BadInput
from newsgraph.ingest.base import Item, Reader
from newsgraph.ingest.detect import HEAD_BYTES, detect_format
from newsgraph.model import ReadFailure

log = logging.getLogger(__name__)

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
        if not path.exists():
            yield ReadFailure(str(path), "no such file or folder; check the path")
        elif path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path | ReadFailure]:
    problems: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name
        while problems:
            err = problems.pop()
            yield ReadFailure(str(err.filename or folder), _os_reason(err))
    while problems:
        err = problems.pop()
        yield ReadFailure(str(err.filename or folder), _os_reason(err))


def read_path(path: Path) -> Iterator[Item]:
    """Read one file with the reader its content calls for."""
    location = str(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
            if not head.strip():
                yield ReadFailure(location, "empty file; nothing to read")
                return
            fmt = detect_format(head, path.name)
            if fmt == "binary":
                yield ReadFailure(
                    location,
                    "binary file, not an article; newsgraph reads plain text, HTML, RSS/Atom, WARC, JSONL and CSV",
                )
                return
            stream.seek(0)
            yield from reader_for(fmt)(stream, location)
    except BadInput as err:
        yield ReadFailure(location, _strip_location(err.message, location))
    except OSError as err:
        yield ReadFailure(location, _os_reason(err))
    except Exception as err:  # a reader's bug must not end the batch
        log.debug("reader failed on %s", location, exc_info=True)
        yield ReadFailure(location, f"could not be read ({type(err).__name__}: {err})")


def read_paths(paths: Iterable[str | Path]) -> Iterator[Item]:
    for found in iter_files(paths):
        if isinstance(found, ReadFailure):
            yield found
        else:
            yield from read_path(found)


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied; check the file's permissions"
    if isinstance(err, IsADirectoryError):
        return "is a folder"
    return err.strerror or str(err)


def _strip_location(message: str, location: str) -> str:
    prefix = f"{location}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
