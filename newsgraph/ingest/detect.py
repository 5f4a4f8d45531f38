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


def detect_format(head: bytes, name: str = "") -> str:
    """Return one of: warc, feed, html, jsonl, json, csv, text, binary.

    Content decides; the extension only breaks ties (a .csv whose first line
    is not a header is read as text).
    """
    if head[:4] == b"WARC" or _gzip_starts_with(head, b"WARC/"):
        return "warc"
    if head[:2] == b"\x1f\x8b" or b"\x00" in head[:8192]:
        return "binary"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    start = stripped[:2048]
    if _FEED.search(start) and (_XML_DECL.match(stripped) or stripped.startswith(b"<")):
        return "feed"
    if stripped.startswith(b"<") and _HTML.search(stripped[:4096]):
        return "html"
    if stripped.startswith(b"{") and _is_json_line(stripped):
        return "jsonl"
    if stripped[:1] in (b"{", b"["):
        return "json"
    first_line = stripped.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
    if _CSV_HEADER.match(first_line) and "text" in first_line.lower().replace('"', "").split(","):
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
    line = data.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return len(data) >= HEAD_BYTES  # a first line longer than the head: trust the brace
