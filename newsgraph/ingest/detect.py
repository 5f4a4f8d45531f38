"""Format detection from a file's first bytes, so a misnamed file is still read right."""

from __future__ import annotations

import gzip
import json
import re
import zlib

HEAD_BYTES = 65536

_FEED = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML = re.compile(rb"<!doctype html|<html\b|<head\b|<body\b|<article\b|<p\b|<div\b", re.IGNORECASE)
_XML_DECL = re.compile(rb"^\s*<\?xml\b")
_CSV_HEADER = re.compile(r"^\ufeff?[\w\" ]+(,[\w\" ]+)+\s*$")
_COLUMN_NAME = re.compile(r'^\s*"?[\w ]{1,40}"?\s*$')
_MARKUP_PROLOGUE = (b"<?xml", b"<!--", b"<!doctype", b"<?xml-stylesheet")

# Formats that are detected only to say clearly why they are not read.
REFUSED = {
    "binary": "binary file, not an article; newsgraph reads plain text, HTML, RSS/Atom, WARC, JSONL and CSV",
    "xml": "an XML file that is not an RSS/Atom feed (no <rss>, <feed> or <rdf:RDF> element in its first 64 KB); "
    "newsgraph reads plain text, HTML, RSS/Atom, WARC, JSONL and CSV",
}


def detect_format(head: bytes, name: str = "") -> str:
    """Return one of: warc, feed, html, jsonl, json, csv, text, and binary or xml (refused).

    Content decides; the extension only breaks ties (a .csv whose first line
    is not a header is read as text). A header row that names known fields but no
    ``text`` column is still CSV, so the CSV reader can say what is missing.
    """
    if head[:4] == b"WARC" or _gzip_starts_with(head, b"WARC/"):
        return "warc"
    if head[:2] == b"\x1f\x8b" or b"\x00" in head[:8192]:
        return "binary"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        # comments, a DOCTYPE or stylesheet lines may come before the root: look at the whole head
        feed, page = _FEED.search(stripped), _HTML.search(stripped)
        if feed and (page is None or feed.start() < page.start()):
            return "feed"
        if page and page.start() < 4096:
            return "html"
        if stripped[:16].lower().startswith(_MARKUP_PROLOGUE) and page is None:
            return "xml"
    if stripped.startswith(b"{") and _is_json_line(stripped):
        return "jsonl"
    if stripped[:1] in (b"{", b"["):
        return "json"
    first_line = stripped.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
    if _CSV_HEADER.match(first_line) and "text" in first_line.lower().replace('"', "").split(","):
        return "csv"
    if _is_csv_header(first_line, name):
        return "csv"
    if _HTML.search(stripped[:4096]) and stripped.count(b"</p>") >= 2:
        return "html"
    return "text"


def _gzip_starts_with(head: bytes, magic: bytes) -> bool:
    if head[:2] != b"\x1f\x8b":
        return False
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64).startswith(magic)
    except (zlib.error, gzip.BadGzipFile):
        return False


def _is_json_line(data: bytes) -> bool:
    """The first line is a JSON object, or a broken one followed by a line that is."""
    lines = data.split(b"\n", 2)
    for number, line in enumerate(lines[:2]):
        try:
            if isinstance(json.loads(line), dict):
                return True
        except RecursionError:
            return True  # a deeply nested record: the JSONL reader reports that line alone
        except ValueError:
            if number == 0 and len(lines[0]) >= HEAD_BYTES:
                return True  # a first line longer than the head: trust the brace
        if number == 0 and not line.rstrip().endswith(b"}"):
            return False  # the start of a JSON document over several lines
    return False


def _is_csv_header(line: str, name: str) -> bool:
    """A header row of column names: two of them known field names, or a .csv/.tsv file."""
    from newsgraph.ingest.tabular import CSV_DELIMITERS, FIELDS

    known = {alias for names in FIELDS.values() for alias in names}
    for delimiter in CSV_DELIMITERS:
        cells = line.lstrip("\ufeff").split(delimiter)
        if len(cells) < 2 or not all(_COLUMN_NAME.match(c) for c in cells):
            continue
        hits = sum(c.strip().strip('"').strip().lower() in known for c in cells)
        if hits >= 2 or name.lower().endswith((".csv", ".tsv")):
            return True
    return False
