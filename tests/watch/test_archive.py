"""Every answer kept as it came, in a WARC file that warcio (and `ingest`) read back."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsgraph.errors import StoreError
from newsgraph.watch.archive import Archive, folder_for
from newsgraph.watch.net import Response
from tests.watch.site import page


def answer(url: str, status: int, body: bytes, headers: list[tuple[str, str]]) -> Response:
    return Response(url=url, status=status, reason="OK" if status == 200 else "Moved", http_version="HTTP/1.1", headers=headers, raw=body, body=body)


def test_an_answer_and_its_redirects_are_kept_and_read_back(tmp_path: Path) -> None:
    raw = gzip.compress(page("bridge"))
    final = answer("http://news.example/news/bridge", 200, raw, [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")])
    final.hops = [answer("http://news.example/go/bridge", 301, b"", [("Location", "/news/bridge")])]
    archive = Archive(tmp_path / "news.db.warc")
    name, offset = archive.keep(final)
    assert archive.read(name, offset) == ("http://news.example/news/bridge", "text/html", page("bridge"))
    with open(tmp_path / "news.db.warc" / name, "rb") as stream:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.http_headers and r.http_headers.get_statuscode()) for r in ArchiveIterator(stream)]
    assert records == [("warcinfo", None, None), ("response", "http://news.example/go/bridge", "301"), ("response", "http://news.example/news/bridge", "200")]
    again, later = archive.keep(answer("http://news.example/b", 200, b"<p>x</p>", [("Content-Type", "text/html")]))
    assert (again, later > offset, archive.read(again, later)[2]) == (name, True, b"<p>x</p>")


def test_the_archive_sits_beside_the_database() -> None:
    assert folder_for("sqlite:///data/news.db") == Path("data/news.db.warc")
    assert folder_for("postgresql+psycopg://u@h/news") == Path("newsgraph.warc")


def test_an_archive_that_cannot_be_written_stops_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(StoreError, match=r"cannot write the WARC file \(.*\); free some space or pass --warc DIR"):
        Archive(tmp_path / "taken").keep(answer("http://news.example/a", 200, b"x", []))
