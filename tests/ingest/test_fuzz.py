"""Fuzz every reader with hypothesis: any bytes and any field value give articles, URLs to
fetch, notes or one-line failures, and every string that comes out can be stored."""

from __future__ import annotations

import csv
import gzip
import io
import json
from html import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.errors import BadInput
from newsgraph.ingest import READERS, reader_for
from newsgraph.ingest.base import Note
from newsgraph.ingest.limits import MAX_TEXT_CHARS, guard
from newsgraph.model import Article, PendingUrl, ReadFailure, Skipped, content_id

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_CHAR = st.characters(exclude_categories=())  # surrogates included
FIELDS = ["text", "title", "url", "outlet", "published", "updated", "byline", "language", "captions", "id", "body", "date"]
WORDS = st.text(alphabet=st.sampled_from("ab &;<>\"'\n\t.,-#x0123"), max_size=300)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(ANY_CHAR, max_size=200) | WORDS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
RECORDS = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), VALUES, max_size=8)


def _read_as(fmt: str, data: bytes) -> list:
    """What ``read_path`` would give for ``data`` read as ``fmt``; only BadInput may be raised."""
    try:
        items = [safe for item in reader_for(fmt)(io.BytesIO(data), "f") for safe in guard(item)]
    except BadInput as err:
        items = list(guard(ReadFailure("f", err.message)))  # as read_path does
    for item in items:
        _check(item)
    return items


def _check(item: object) -> None:
    assert isinstance(item, (Article, PendingUrl, ReadFailure, Skipped, Note)), item
    for value in vars(item).values() if hasattr(item, "__dict__") else [getattr(item, s) for s in item.__slots__]:
        if isinstance(value, str):
            value.encode("utf-8")  # storable: no lone surrogate
    if isinstance(item, (ReadFailure, Skipped, Note)):
        assert "\n" not in item.reason and "\n" not in item.location
        assert "could not be read (" not in item.reason, item.reason  # a reader bug, not bad input
    if isinstance(item, Article):
        assert item.text.strip() and len(item.text) <= MAX_TEXT_CHARS
        assert "\x00" not in item.text and item.id == content_id(item.title, item.text)
        for caption in item.captions:
            caption.text.encode("utf-8")


@FUZZ
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(sorted(READERS)))
def test_fuzz_any_bytes_through_every_reader(data, fmt):
    _read_as(fmt, data)


@FUZZ
@given(records=st.lists(RECORDS | VALUES, max_size=5))
def test_fuzz_jsonl_and_json_records(records):
    lines = "\n".join(json.dumps(r) for r in records).encode()
    items = _read_as("jsonl", lines)
    if records:
        assert len([i for i in items if not isinstance(i, Note)]) == len(records)
    _read_as("json", json.dumps(records).encode())


@FUZZ
@given(header=st.lists(st.sampled_from(FIELDS) | st.text(max_size=6), min_size=1, max_size=6), rows=st.lists(st.lists(WORDS, max_size=7), max_size=5))
def test_fuzz_csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    _read_as("csv", out.getvalue().encode())


@FUZZ
@given(title=st.text(ANY_CHAR, max_size=80), body=WORDS, raw=st.booleans())
def test_fuzz_html_and_text(title, body, raw):
    text = body if raw else escape(body)
    page = f"<html><head><title>{escape(title)}</title></head><body><article><p>{text}</p><p>{text}</p></article></body></html>"
    _read_as("html", page.encode("utf-8", "surrogatepass"))
    _read_as("text", f"{title}\n\n{body}\n".encode("utf-8", "surrogatepass"))


@FUZZ
@given(title=WORDS, body=WORDS, link=WORDS, atom=st.booleans(), cut=st.integers(0, 2000))
def test_fuzz_feeds(title, body, link, atom, cut):
    if atom:
        feed = f"<feed xmlns='http://www.w3.org/2005/Atom'><title>{title}</title><entry><title>{title}</title><link href='{link}'/><content type='html'>{body}</content></entry></feed>"
    else:
        feed = f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title><item><title>{title}</title><link>{link}</link><description>{body}</description></item></channel></rss>"
    data = feed.encode()
    _read_as("feed", data)
    _read_as("feed", data[:cut])


@FUZZ
@given(uri=WORDS, body=WORDS, kind=st.sampled_from(["response", "resource", "request"]), zipped=st.booleans(), cut=st.integers(0, 3000))
def test_fuzz_warc(uri, body, kind, zipped, cut):
    page = f"<html><body><article><p>{body}</p></article></body></html>".encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page if kind == "response" else page
    head = f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: text/html\r\nContent-Length: {len(http)}\r\n\r\n"
    record = head.encode() + http + b"\r\n\r\n"
    data = gzip.compress(record) if zipped else record
    _read_as("warc", data)
    _read_as("warc", data[:cut])
