"""Hostile inputs, one test each: every file gives articles or one-line failures, never an
exception, a hang or unbounded time and memory (issue 10)."""

from __future__ import annotations

import gzip
import json
import os
import socket
import time
import zlib
from pathlib import Path

import pytest

from newsgraph.ingest import iter_files, read_path
from newsgraph.ingest.base import Note
from newsgraph.ingest.limits import MAX_TEXT_CHARS
from newsgraph.model import Article, Caption, ReadFailure, content_id

BODY = "The council agreed on Monday to reopen the northern port, officials said after the vote."


def _read(path: Path) -> list:
    return list(read_path(path))


def _write(folder: Path, name: str | bytes, data: bytes) -> Path:
    path = os.path.join(os.fsencode(folder), os.fsencode(name))
    with open(path, "wb") as out:
        out.write(data)
    return Path(os.fsdecode(path))


def test_article_over_a_million_characters_is_cut_with_a_note(tmp_path):
    paragraph = BODY + "\n\n"
    path = _write(tmp_path, "long.txt", b"Port reopens\n\n" + paragraph.encode() * 12_000)
    article, note = _read(path)
    assert isinstance(article, Article) and isinstance(note, Note)
    assert len(paragraph * 12_000) > 1_000_000
    assert article.text == (paragraph * (MAX_TEXT_CHARS // len(paragraph))).strip()
    assert article.id == content_id("Port reopens", article.text)
    assert note == Note(
        str(path),
        f"article text of {len((paragraph * 12_000).strip()):,} characters cut to its first {len(article.text):,} "
        "(the limit is 100,000); split it into several articles to keep the rest",
    )


def test_long_jsonl_record_is_cut_and_the_next_record_read(tmp_path):
    lines = [json.dumps({"title": "Long", "text": "word " * 300_000}), json.dumps({"title": "Short", "text": BODY})]
    items = _read(_write(tmp_path, "a.jsonl", "\n".join(lines).encode()))
    assert [type(i) for i in items] == [Article, Note, Article]
    assert len(items[0].text) == MAX_TEXT_CHARS - 1  # cut at the last space, trailing space dropped
    assert items[2].text == BODY


@pytest.mark.parametrize("field", ["title", "outlet", "url", "byline", "language", "captions", "text", "id", "published"])
def test_lone_surrogate_in_any_field_costs_nothing(tmp_path, field):
    record = {"title": "Port reopens", "text": BODY}
    record[field] = ["Crowds \ud800 at the quay"] if field == "captions" else record.get(field, "") + "x\udfff"
    good = {"title": "Second", "text": BODY}
    path = _write(tmp_path, "s.jsonl", (json.dumps(record) + "\n" + json.dumps(good) + "\n").encode())
    first, second = _read(path)
    assert isinstance(first, Article) and second == Article.build(BODY, title="Second", location=f"{path}:2", format="jsonl")
    values = [first.text, first.title, first.outlet, first.url, first.byline, first.language, first.location]
    values += [c.text for c in first.captions]
    assert all(v is None or v.encode("utf-8") for v in values)
    if field == "captions":
        assert first.captions == (Caption("Crowds \ufffd at the quay"),)
    elif field in ("title", "text", "outlet", "url", "byline"):
        assert getattr(first, field).endswith("x\ufffd")


def test_lone_surrogate_in_a_json_document(tmp_path):
    data = json.dumps([{"title": "A\udc80", "text": BODY, "byline": "\ud800"}, {"text": BODY + " Again."}]).encode()
    first, second = _read(_write(tmp_path, "s.json", data))
    assert (first.title, first.byline, second.text) == ("A\ufffd", "\ufffd", BODY + " Again.")


def test_lone_surrogate_character_reference_in_a_feed(tmp_path):
    text = (BODY + " ") * 3
    feed = f"<rss version='2.0'><channel><title>Wire &#xD800;</title><item><title>T &#55296;</title><description>{text}</description></item></channel></rss>"
    (article,) = _read(_write(tmp_path, "f.xml", feed.encode()))
    assert (article.outlet, article.title, article.text) == ("Wire \ufffd", "T \ufffd", text.strip())


def test_file_name_not_utf8_is_read_and_shown_escaped(tmp_path):
    path = _write(tmp_path, b"caf\xe9-\xff.txt", f"Port reopens\n\n{BODY}\n".encode())
    (found,) = list(iter_files([tmp_path]))
    (article,) = _read(found)
    assert article.location == f"{tmp_path}/caf\\xe9-\\xff.txt" and article.text == BODY
    assert path == found


def test_fifo_is_refused_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    started = time.monotonic()
    assert _read(tmp_path / "pipe") == [
        ReadFailure(str(tmp_path / "pipe"), "a named pipe (FIFO), not a regular file; newsgraph reads files and folders only")
    ]
    assert time.monotonic() - started < 1


def test_socket_device_and_symlink_loop_are_failures(tmp_path):
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock"))
    os.symlink("loop", tmp_path / "loop")
    os.symlink("/dev/zero", tmp_path / "zero")
    items = [item for found in iter_files([tmp_path]) for item in _read(found)]
    assert items == [
        ReadFailure(str(tmp_path / "loop"), "a symbolic link that loops or points too deep; fix or remove the link"),
        ReadFailure(str(tmp_path / "sock"), "a socket or device, not a regular file; newsgraph reads files and folders only"),
        ReadFailure(str(tmp_path / "zero"), "a character device, not a regular file; newsgraph reads files and folders only"),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_a_failure(tmp_path):
    path = _write(tmp_path, "locked.txt", b"Title\n\nBody.\n")
    path.chmod(0)
    assert _read(path) == [ReadFailure(str(path), "permission denied; check the file's permissions")]


def test_deeply_nested_jsonl_line_costs_only_itself(tmp_path):
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = _write(tmp_path, "d.jsonl", f"{json.dumps({'text': BODY})}\n{deep}\n{json.dumps({'text': BODY + ' More.'})}\n".encode())
    first, failure, last = _read(path)
    assert failure == ReadFailure(f"{path}:2", "JSON nested too deeply to read (thousands of levels of brackets)")
    assert (first.text, last.text) == (BODY, BODY + " More.")


def test_deeply_nested_first_line_and_json_document(tmp_path):
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = _write(tmp_path, "d.jsonl", f"{deep}\n{json.dumps({'text': BODY})}\n".encode())
    failure, article = _read(path)
    assert failure.location == f"{path}:1" and article.text == BODY
    doc = _write(tmp_path, "d.json", b"[" * 100_000 + b"]" * 100_000)
    assert _read(doc) == [ReadFailure(str(doc), "JSON nested too deeply to read (thousands of levels of brackets)")]


def test_csv_with_40k_columns_is_read_in_linear_time(tmp_path):
    header = ",".join(["text"] + [f"c{n}" for n in range(40_000)])
    path = _write(tmp_path, "wide.csv", f'{header}\n"{BODY}"{",x" * 40_000}\n'.encode())
    started = time.process_time()
    (article,) = _read(path)
    assert article.text == BODY and time.process_time() - started < 2


def test_csv_without_text_column_is_a_clear_failure(tmp_path):
    path = _write(tmp_path, "notext.csv", b"id,title,url,published\n1,A title,http://x.org,2026-01-01\n")
    same = _write(tmp_path, "notext.dat", b"id,title,url,published\n1,A title,http://x.org,2026-01-01\n")
    assert _read(path) == [
        ReadFailure(str(path), "CSV has no 'text' column (columns: id, title, url, published); name the article body column 'text'")
    ]
    assert _read(same)[0].reason.startswith("CSV has no 'text' column")


def test_feed_after_a_prologue_is_read_and_a_long_one_is_a_clear_failure(tmp_path):
    text = (BODY + " ") * 3
    feed = f"<rss version='2.0'><channel><title>Wire</title><item><title>T</title><description>{text}</description></item></channel></rss>"
    short = _write(tmp_path, "short.xml", ("<?xml version='1.0'?>\n" + "<!-- note -->\n" * 300 + feed).encode())
    long = _write(tmp_path, "long.xml", ("<?xml version='1.0'?>\n" + "<!-- padding -->\n" * 8000 + feed).encode())
    blank = _write(tmp_path, "blank.xml", b"\n" * 100_000 + feed.encode())
    spaced = _write(tmp_path, "spaced.xml", ("<?xml version='1.0'?>" + "\r\n" * 30_000 + feed).encode())
    started = time.process_time()
    assert [a.title for a in _read(short)] == ["T"]
    assert [a.title for a in _read(blank)] == ["T"]  # feedparser alone: a minute over these blank lines
    assert [a.title for a in _read(spaced)] == ["T"]
    assert time.process_time() - started < 2
    assert _read(long) == [
        ReadFailure(
            str(long),
            "an XML file that is not an RSS/Atom feed (no <rss>, <feed> or <rdf:RDF> element in its first 64 KB); "
            "newsgraph reads plain text, HTML, RSS/Atom, WARC, JSONL and CSV",
        )
    ]


def test_warc_whose_header_inflates_to_gigabytes_is_bounded(tmp_path):
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [squeeze.compress(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/")]
    parts += [squeeze.compress(b"a" * (1 << 20)) for _ in range(256)]
    path = _write(tmp_path, "bomb.warc.gz", b"".join(parts) + squeeze.flush())
    started = time.process_time()
    assert _read(path) == [
        ReadFailure(str(path), "WARC archive is truncated or corrupt after record 0 (a header line longer than 64 KB)")
    ]
    assert time.process_time() - started < 1


def test_html_page_with_too_many_elements_is_refused(tmp_path):
    page = f"<html><body><article><p>{BODY}</p><p>{'<span>a</span>' * 25_000}</p></article></body></html>"
    path = _write(tmp_path, "big.html", page.encode())
    started = time.process_time()
    assert _read(path) == [
        ReadFailure(str(path), "HTML page with 25,005 elements (the limit is 20,000; article pages have a few thousand); not read")
    ]
    assert time.process_time() - started < 2


@pytest.mark.parametrize("run", ["&" * 4000, "&amp;" * 2000, "(" * 5000])
def test_long_runs_without_a_space_parse_in_linear_time(nlp, run):
    from newsgraph import nlp as nlp_module

    text = f"{BODY} {run} {BODY}"
    started = time.process_time()
    (doc,) = nlp_module.parse_many([text])
    assert doc.text == text and run in [t.text for t in doc]
    assert time.process_time() - started < 1


def test_csv_row_over_the_limit_ends_the_file_with_one_failure(tmp_path, monkeypatch):
    from newsgraph.ingest import tabular

    monkeypatch.setattr(tabular, "MAX_ARTICLE_BYTES", 1000)
    path = _write(tmp_path, "r.csv", f'title,text\nA,"{BODY}"\nB,"{"x " * 2000}"\nC,"{BODY}"\n'.encode())
    first, failure = _read(path)
    assert first.text == BODY
    assert failure == ReadFailure(f"{path}:3", "CSV is malformed here (a row longer than 5 MB); the rest of the file was not read")


def test_long_fields_are_cut_and_a_long_url_dropped(tmp_path):
    record = {"title": "T" * 5000, "url": "http://x.org/" + "a" * 5000, "language": "x" * 50, "text": BODY}
    path = _write(tmp_path, "f.jsonl", json.dumps(record).encode())
    article, note = _read(path)
    assert (len(article.title), article.url, article.language) == (1000, None, None)
    assert note == Note(f"{path}:1", "URL of 5,013 characters dropped (the limit is 4,096)")


def test_gzip_that_is_not_warc_and_empty_files(tmp_path):
    assert _read(_write(tmp_path, "x.gz", gzip.compress(b"hello")))[0].reason.startswith("binary file")
    blank = _write(tmp_path, "blank.txt", b" \n\t\r\n" * 100_000)
    assert _read(blank) == [ReadFailure(str(blank), "empty file; nothing to read")]


def test_a_file_of_bad_lines_lists_the_first_hundred(tmp_path):
    lines = [json.dumps({"text": BODY})] + ["not json"] * 150 + [json.dumps({"text": BODY + " Again."})] + ["[1]"] * 50
    path = _write(tmp_path, "bad.jsonl", ("\n".join(lines) + "\n").encode())
    items = _read(path)
    assert [type(i) for i in items] == [Article] + [ReadFailure] * 100 + [Article, ReadFailure]
    assert items[1] == ReadFailure(f"{path}:2", "invalid JSON: Expecting value at column 1")
    assert items[-1] == ReadFailure(str(path), "100 more records failed, were skipped or cut; only the first 100 are listed")


def test_warc_with_millions_of_header_lines_is_bounded(tmp_path):
    head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/\r\n" + b"X-A: b\r\n" * 2_000_000
    path = _write(tmp_path, "many.warc.gz", gzip.compress(head + b"Content-Length: 0\r\n\r\n"))
    started = time.process_time()
    assert _read(path) == [
        ReadFailure(str(path), "WARC archive is truncated or corrupt after record 0 (record headers longer than 1 MB)")
    ]
    assert time.process_time() - started < 1


def test_feed_of_too_many_entries_is_refused_before_parsing(tmp_path):
    unit = b"<item><title>a</title></item>"
    path = _write(tmp_path, "tiny.xml", b"<rss version='2.0'><channel><title>W</title>" + unit * 10_001 + b"</channel></rss>")
    started = time.process_time()
    assert _read(path) == [ReadFailure(str(path), "feed with 10,001 entries (the limit is 10,000); split it or convert it to JSONL")]
    assert time.process_time() - started < 0.5
