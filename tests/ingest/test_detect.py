from __future__ import annotations

import gzip

import pytest

from newsgraph.ingest.detect import detect_format


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "warc"),
        (gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n"), "warc"),
        (gzip.compress(b"just text"), "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed"),
        (b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<!DOCTYPE html>\n<html><head><title>x</title>", "html"),
        (b"  <html lang='en'><body><p>x</p>", "html"),
        (b'{"id": "1", "text": "Body"}\n{"id": "2", "text": "More"}\n', "jsonl"),
        (b'[{"text": "Body"}]', "json"),
        (b'{\n  "about": "a settings file"\n}', "json"),
        (b"id,url,outlet,title,published,text\n1,u,o,t,2026-01-01,body\n", "csv"),
        (b"\xef\xbb\xbfid,title,text\n1,t,body\n", "csv"),
        (b"id,url,outlet,title,published,text\r\n1,u,o,t,2026-01-01,body\r\n", "csv"),
        (b"A headline, with a comma\n\nBody text, more text.\n", "text"),
        (b"Plain words <b>and</b> a tag.\n", "text"),
        (b"Intro line\n<p>one</p>\n<p>two</p>\n", "html"),
    ],
)
def test_detect_format_from_content(head, expected):
    assert detect_format(head) == expected
