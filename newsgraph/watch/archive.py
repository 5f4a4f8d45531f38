"""Every response kept as it came, in WARC files beside the database (one file per UTC day).

A response is written (and synced to disk) before anything is made of it, and its file and offset
are stored with its URL, so an article can be re-read exactly as it was fetched: by
:func:`read`, by ``newsgraph ingest FOLDER.warc/``, or by any WARC tool. Bodies keep their
Content-Encoding, as WARC asks; answers of 304 Not Modified carry nothing and are not kept.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph import __version__
from newsgraph.errors import StoreError
from newsgraph.watch.net import Response

DROPPED_HEADERS = ("transfer-encoding",)  # the body is kept de-chunked


def folder_for(db_url: str) -> Path:
    """``newsgraph.db`` keeps its responses in ``newsgraph.db.warc/``; a server database in
    ``./newsgraph.warc/``."""
    if db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        return Path(db_url.removeprefix("sqlite:///") + ".warc")
    return Path("newsgraph.warc")


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """A WARC file that cannot be written stops the round with one line: nothing is stored that
    is not archived."""
    try:
        yield
    except OSError as err:
        raise StoreError(f"{path}: cannot write the WARC file ({err.strerror or err}); free some space or pass --warc DIR") from None


class Archive:
    """Appends records to today's ``YYYY-MM-DD.warc.gz``; safe to share between threads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock = threading.Lock()

    def keep(self, answer: Response) -> tuple[str, int]:
        """Write the redirects that led to ``answer`` and ``answer`` itself; returns the file
        name and offset of ``answer``'s record."""
        day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
        path = self.folder / f"{day}.warc.gz"
        with self.lock, _writing(path):
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(path, "ab") as out:
                writer = WARCWriter(out, gzip=True)
                if out.tell() == 0:
                    writer.write_record(writer.create_warcinfo_record(path.name, {"software": f"newsgraph/{__version__}", "format": "WARC File Format 1.1"}))
                for hop in answer.hops:
                    self._write(writer, hop)
                offset = out.tell()
                self._write(writer, answer)
                out.flush()
                os.fsync(out.fileno())
        return path.name, offset

    def _write(self, writer: WARCWriter, answer: Response) -> None:
        headers = [(k, v) for k, v in answer.headers if k.lower() not in DROPPED_HEADERS]
        status = StatusAndHeaders(f"{answer.status} {answer.reason}".strip(), headers, protocol=answer.http_version)
        record = writer.create_warc_record(answer.url, "response", payload=io.BytesIO(answer.raw), length=len(answer.raw), http_headers=status)
        writer.write_record(record)

    def read(self, name: str, offset: int) -> tuple[str, str, bytes]:
        """(target URI, Content-Type, decoded body) of the record at ``offset`` in ``name``."""
        with open(self.folder / name, "rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream)))
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            content_type = record.http_headers.get_header("Content-Type") or ""
            return uri, content_type, record.content_stream().read()
