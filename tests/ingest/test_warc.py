"""The WARC reader on our own archive, whole, cut and corrupt.

fixtures/ingest/sample.warc.gz is built from the HTML fixtures beside it by
:func:`build_sample_warc`; rebuild it with ``.venv/bin/python tests/ingest/test_warc.py``.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.errors import BadInput
from newsgraph.ingest.warc import read_warc
from newsgraph.model import Article, Caption, ReadFailure, Skipped, content_id

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
ARTICLE_URI = "https://harbourledger.example/world/2026/02/10/velorian-minister-rejects-ultimatum?ref=home"
UNDATED_URI = "https://northerntribune.example/explainers/selm-river"
SECTIONS_URI = "https://harbourledger.example/sections"


def read_path(path: Path, location: str) -> list:
    with open(path, "rb") as stream:
        items = list(read_warc(stream, location))
    for item in items:
        assert isinstance(item, (Article, ReadFailure, Skipped))
        if isinstance(item, Article):
            assert item.id == content_id(item.title, item.text)
            for caption in item.captions:
                assert caption.text not in item.text
    return items


def read_bytes(data: bytes, location: str = "crawl.warc") -> list:
    return list(read_warc(io.BytesIO(data), location))


@pytest.fixture(scope="module")
def warc_gz() -> bytes:
    return (FIXTURES / "sample.warc.gz").read_bytes()


def test_warc_html_responses_become_articles() -> None:
    items = read_path(FIXTURES / "sample.warc.gz", "sample.warc.gz")
    assert [type(i) for i in items] == [Article, Article, Skipped]
    article, undated, sections = items

    assert article.url == ARTICLE_URI  # the fetched address, not the canonical link
    assert article.location == f"sample.warc.gz#{ARTICLE_URI}"
    assert article.format == "warc"
    assert article.title == "Velorian minister rejects Kastavian border ultimatum"
    assert article.outlet == "The Harbour Ledger"
    assert article.published == "2026-02-10T08:30:00+01:00"
    assert article.byline == "Mira Tallensen"
    assert article.captions[0] == Caption(
        "Foreign Minister Anneli Droste speaks to reporters outside the ministry in Port Alden on Tuesday.",
        "Jonas Wirth/Meridian Wire",
    )
    assert len(article.text.split("\n\n")) == 4

    # gzip-encoded, chunked body; no date in the page: WARC-Date (the crawl) is not used
    assert undated.url == UNDATED_URI
    assert undated.title == "Explainer: why the Selm river matters to both countries"
    assert undated.outlet == "Northern Tribune"
    assert undated.published is None
    assert undated.captions == (Caption("A map of the lower Selm valley.", "Northern Tribune graphics"),)
    assert undated.text.startswith("The Selm runs for about two hundred kilometres")

    # a section front holds no article: skipped, not a failure
    assert sections.location == f"sample.warc.gz#{SECTIONS_URI}"
    assert sections.reason.startswith("no article text found in this HTML page")


def test_warc_skips_non_html_and_non_200_records() -> None:
    items = read_path(FIXTURES / "sample.warc.gz", "sample.warc.gz")
    places = [i.location for i in items]
    for skipped in ("port-alden.png", "/missing", "/old"):
        assert not any(skipped in p for p in places)
    # the revisit of the article is not read a second time
    assert sum(ARTICLE_URI in p for p in places) == 1


def test_uncompressed_warc(tmp_path: Path, warc_gz: bytes) -> None:
    plain = tmp_path / "sample.warc"
    plain.write_bytes(gzip.decompress(warc_gz))
    items = read_path(plain, "sample.warc")
    assert [type(i) for i in items] == [Article, Article, Skipped]
    assert items[0].url == ARTICLE_URI and items[1].url == UNDATED_URI


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_truncated_warc_keeps_records_read(tmp_path: Path, warc_gz: bytes, compressed: bool) -> None:
    data = warc_gz if compressed else gzip.decompress(warc_gz)
    # cut inside the body of the second HTML response (the undated page)
    marker = b"northerntribune.example/explainers"
    start = data.index(marker) if not compressed else _record_start(data, 3)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: start + 400])
    items = read_path(cut, "cut.warc")
    assert [type(i) for i in items] == [Article, ReadFailure]
    assert items[0].url == ARTICLE_URI
    assert items[1] == ReadFailure("cut.warc", "WARC archive is truncated or corrupt after record 3")


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_warc_cut_anywhere_never_raises(warc_gz: bytes, compressed: bool, capsys: pytest.CaptureFixture) -> None:
    data = warc_gz if compressed else gzip.decompress(warc_gz)
    for cut in range(0, len(data), 53):
        try:
            items = read_bytes(data[:cut])
        except BadInput as err:
            assert "WARC" in err.message
            continue
        assert all(isinstance(i, (Article, ReadFailure, Skipped)) for i in items)
        failures = [i for i in items if isinstance(i, ReadFailure) and "truncated" in i.reason]
        assert len(failures) <= 1
        if failures:
            assert items[-1] is failures[0]
    assert capsys.readouterr().err == ""  # warcio's own warnings do not reach the terminal


def test_corrupt_gzip_member_is_reported(warc_gz: bytes, capsys: pytest.CaptureFixture) -> None:
    start = _record_start(warc_gz, 3)
    data = bytearray(warc_gz)
    for offset in range(start + 200, start + 260):
        data[offset] ^= 0x5A
    items = read_bytes(bytes(data), "bad.warc.gz")
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], ReadFailure)
    assert items[-1].reason.startswith("WARC archive is truncated or corrupt after record 3")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "no WARC records"),
        (b"This is a plain text file, not an archive.\n", "not a WARC archive"),
        (gzip.compress(b"<html><body>hello</body></html>"), "not a WARC archive"),
    ],
)
def test_not_a_warc_is_bad_input(data: bytes, message: str) -> None:
    with pytest.raises(BadInput, match=rf"^crawl\.warc: {message}"):
        read_bytes(data)


def _record_start(data: bytes, index: int) -> int:
    """Offset of the index-th gzip member (record) of a .warc.gz."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(io.BytesIO(data))
    for number, _record in enumerate(records):
        if number == index:
            return records.offset
    raise AssertionError(f"no record {index}")


def test_committed_archive_matches_its_builder(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.warc.gz"
    fresh.write_bytes(build_sample_warc())
    assert read_path(fresh, "x") == read_path(FIXTURES / "sample.warc.gz", "x")


def build_sample_warc() -> bytes:
    """The sample archive, in order: warcinfo; request + response (article.html, 200); response
    (undated.html, 200, gzip Content-Encoding, chunked); response (image/png, 200); response
    (text/html, 404); response (text/html, 301); metadata; response (nav_only.html, 200);
    revisit (article.html again)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)

    def response(url: str, status: str, content_type: str, body: bytes, extra: tuple = ()) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2026-02-12T09:00:00Z"},
        ))

    def chunked(data: bytes) -> bytes:
        parts = [data[: len(data) // 2], data[len(data) // 2 :]]
        return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"

    writer.write_record(writer.create_warcinfo_record("sample.warc.gz", {"software": "newsgraph test fixture"}))
    request = StatusAndHeaders("GET /world HTTP/1.1", [("Host", "harbourledger.example")], is_http_request=True)
    writer.write_record(
        writer.create_warc_record(ARTICLE_URI, "request", http_headers=request, payload=io.BytesIO(b""))
    )
    response(ARTICLE_URI, "200 OK", "text/html; charset=utf-8", (FIXTURES / "article.html").read_bytes())
    response(
        UNDATED_URI, "200 OK", "text/html",
        chunked(gzip.compress((FIXTURES / "undated.html").read_bytes(), mtime=0)),
        extra=(("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")),
    )
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    response("https://harbourledger.example/img/port-alden.png", "200 OK", "image/png", png)
    response("https://harbourledger.example/missing", "404 Not Found", "text/html",
             b"<html><body><p>Page not found, sorry about that.</p></body></html>")
    response("https://harbourledger.example/old", "301 Moved Permanently", "text/html",
             b"<html><body>Moved</body></html>", extra=(("Location", "https://harbourledger.example/new"),))
    writer.write_record(writer.create_warc_record(
        ARTICLE_URI, "metadata", payload=io.BytesIO(b"outlinks: 12\n"), warc_content_type="application/warc-fields",
    ))
    response(SECTIONS_URI, "200 OK", "text/html", (FIXTURES / "nav_only.html").read_bytes())
    writer.write_record(writer.create_revisit_record(
        ARTICLE_URI, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", refers_to_uri=ARTICLE_URI,
        refers_to_date="2026-02-12T09:00:00Z",
    ))
    return out.getvalue()


if __name__ == "__main__":
    (FIXTURES / "sample.warc.gz").write_bytes(build_sample_warc())
