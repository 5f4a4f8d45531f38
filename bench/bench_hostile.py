"""Hostile-corpus benchmark: thousands of generated files of every format and every hostile
kind, read by a real ``newsgraph ingest`` (extraction on); prints counts, time and peak RSS.

    .venv/bin/python bench/bench_hostile.py                # 10,000 files
    .venv/bin/python bench/bench_hostile.py --files 200    # the small run CI does

Every good article carries a unique marker ("Ref GA000123."), so the articles that reach the
store can be counted against the ones written. Internal errors are tracebacks, exit status 70,
and failures whose reason shows a bug rather than bad input ("could not be read (",
"extraction failed", "could not be parsed").
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import random
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INTERNAL = ("could not be read (", "entry could not be read (", "extraction failed", "could not be parsed", "Traceback")

PLACES = "Lima Oslo Dakar Hanoi Quito Accra Riga Sofia Tunis Minsk Baku Doha".split()
TOPICS = "grain shipments|river water|fishing rights|border crossings|power lines|rail freight|vaccine supply".split("|")
VERBS = "agreed to|refused to|promised to|threatened to|asked the council to|voted to".split("|")
ACTS = "share radar data|reopen the port|release the prisoners|cut tariffs|send monitors|hold new talks".split("|")


class Corpus:
    """Writes the files; counts the good articles written (``good``) by marker."""

    def __init__(self, folder: Path, seed: int) -> None:
        self.folder = folder
        self.rng = random.Random(seed)
        self.good = 0
        self.files = 0
        self.made_in: dict[str, str] = {}  # marker -> the file it was written to
        self._unwritten: list[str] = []
        self._bomb: Path | None = None
        self.full = True  # full-size costly files (a small run makes smaller ones)

    def article(self, expected: bool = True) -> tuple[str, str]:
        """A fresh small good article: (title, text) with a unique marker; ``expected`` says
        whether it must reach the store (its file may be refused on purpose)."""
        rng = self.rng
        place, topic = rng.choice(PLACES), rng.choice(TOPICS)
        if not expected:
            return f"Talks on {topic} resume in {place}", f"Ref XA{rng.randrange(10**9)}. Officials met on Monday and agreed to talk again."
        self.good += 1
        sentences = [f"Ref GA{self.good:06d}."]
        self._unwritten.append(sentences[0][:-1])
        for _ in range(rng.randint(5, 8)):  # over 500 characters: a feed entry that short is a teaser
            sentences.append(
                f"Officials in {rng.choice(PLACES)} {rng.choice(VERBS)} {rng.choice(ACTS)} on "
                f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, the minister of {rng.choice(TOPICS)} "
                f"said after talks that lasted {rng.randint(2, 90)} hours."
            )
        return f"Talks on {topic} resume in {place}", " ".join(sentences)

    def write(self, name: str | bytes, data: bytes) -> None:
        path = os.path.join(os.fsencode(self.folder), os.fsencode(name))
        with open(path, "wb") as out:
            out.write(data)
        self.files += 1
        for marker in self._unwritten:
            self.made_in[marker] = os.fsdecode(name)
        self._unwritten.clear()


# --- good files ---------------------------------------------------------------------------


def good_text(c: Corpus, i: int) -> None:
    title, text = c.article()
    c.write(f"good-{i}.txt", f"{title}\n\n3 Mar, 2026 10:00\n\n{text}\n".encode())


def good_html(c: Corpus, i: int) -> None:
    c.write(f"good-{i}.html", _html(*c.article()).encode())


def good_rss(c: Corpus, i: int) -> None:
    items = "".join(_rss_item(*c.article(), n) for n in range(2))
    c.write(f"good-{i}.xml", _rss(items).encode())


def good_atom(c: Corpus, i: int) -> None:
    title, text = c.article()
    entry = (
        f"<entry><title>{title}</title><id>urn:x:{i}</id><updated>2026-03-03T10:00:00Z</updated>"
        f"<content type='html'>&lt;p&gt;{text}&lt;/p&gt;</content></entry>"
    )
    c.write(f"good-{i}.atom", f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Wire</title>{entry}</feed>".encode())


def good_jsonl(c: Corpus, i: int) -> None:
    lines = [json.dumps({"title": t, "text": x, "outlet": "Wire", "published": "2026-03-03"}) for t, x in (c.article() for _ in range(3))]
    c.write(f"good-{i}.jsonl", "\n".join(lines).encode())


def good_csv(c: Corpus, i: int) -> None:
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["id", "title", "published", "text"])
    for n in range(3):
        title, text = c.article()
        writer.writerow([f"{i}-{n}", title, "2026-03-03", text])
    c.write(f"good-{i}.csv", rows.getvalue().encode())


def good_json(c: Corpus, i: int) -> None:
    c.write(f"good-{i}.json", json.dumps([{"title": t, "text": x} for t, x in (c.article() for _ in range(2))]).encode())


def good_warc(c: Corpus, i: int) -> None:
    c.write(f"good-{i}.warc.gz", b"".join(_warc_record(f"http://example.org/{i}/{n}", _html(*c.article()).encode()) for n in range(2)))


# --- hostile files ------------------------------------------------------------------------


def long_text(c: Corpus, i: int) -> None:
    title, text = c.article()
    c.write(f"long-{i}.txt", f"{title}\n\n{text}\n\n".encode() + (text.encode() + b"\n\n") * (1_200_000 // len(text)))


def long_jsonl(c: Corpus, i: int) -> None:
    title, text = c.article()
    big = json.dumps({"title": title, "text": text + " " + "word " * 220_000})
    c.write(f"long-{i}.jsonl", (big + "\n" + json.dumps(dict(zip(("title", "text"), c.article()))) + "\n").encode())


def surrogates(c: Corpus, i: int) -> None:
    lines = []
    for field in ("title", "outlet", "url", "byline", "language", "captions", "text", "id", "published"):
        title, text = c.article()
        record = {"title": title, "text": text}
        record[field] = ["lone \ud800 caption"] if field == "captions" else (text + " \udfff" if field == "text" else "x\ud83d y")
        lines.append(json.dumps(record))  # json.dumps writes "\ud800" escapes: valid JSON
    c.write(f"surrogates-{i}.jsonl", "\n".join(lines).encode())
    c.write(f"surrogates-{i}.json", json.dumps([{"title": "t\udc80", "text": c.article()[1], "byline": "\ud800"}]).encode())


def deep_jsonl(c: Corpus, i: int) -> None:
    good = json.dumps(dict(zip(("title", "text"), c.article())))
    c.write(f"deep-{i}.jsonl", ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + good + "\n").encode())
    c.write(f"deep-{i}.json", b"[" * 100_000 + b"]" * 100_000)


def bad_name(c: Corpus, i: int) -> None:
    title, text = c.article()
    c.write(b"name-\xff\xfe-%d.txt" % i, f"{title}\n\n{text}\n".encode())


def special_files(c: Corpus, i: int) -> None:
    base = os.fsencode(c.folder)
    c.files += 4  # the unreadable file is counted by write()
    os.mkfifo(os.path.join(base, b"fifo-%d" % i))
    os.symlink(f"loop-{i}", c.folder / f"loop-{i}")
    os.symlink("/dev/zero", c.folder / f"device-{i}")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(c.folder / f"sock-{i}"))
    except OSError:  # path too long for a socket on some systems
        pass
    finally:
        sock.close()
    c.write(f"unreadable-{i}.txt", b"Locked\n\nNobody may read this file at all, not even once.\n")
    os.chmod(c.folder / f"unreadable-{i}.txt", 0)


def ampersands(c: Corpus, i: int) -> None:
    title, text = c.article()
    c.write(f"amp-{i}.txt", f"{title}\n\n{text}\n\n{'&' * 4000}\n".encode())
    title, text = c.article()
    c.write(f"amp-{i}.html", _html(title, text + "</p><p>" + "&amp;" * 2000).encode())


def wide_csv(c: Corpus, i: int) -> None:
    title, text = c.article()
    header = ",".join(["text"] + [f"c{n}" for n in range(40_000)])
    c.write(f"wide-{i}.csv", f"{header}\n\"{text}\"{',x' * 40_000}\n".encode())


def csv_without_text(c: Corpus, i: int) -> None:
    c.write(f"notext-{i}.csv", b"id,title,url,published\n1,A title,http://x.org,2026-01-01\n")


def feed_prologue(c: Corpus, i: int) -> None:
    items = "".join(_rss_item(*c.article(), n) for n in range(2))
    c.write(f"prologue-{i}.xml", ("<?xml version='1.0'?>\n" + "<!-- generated -->\n" * 200 + _rss(items)).encode())
    c.write(f"longprologue-{i}.xml", ("<?xml version='1.0'?>\n" + "<!-- padding -->\n" * 8000 + _rss("<item><title>x</title></item>")).encode())


def warc_bomb(c: Corpus, i: int) -> None:
    """A 2 MB .warc.gz whose header line inflates to 2 GiB (made once, then copied)."""
    target = c.folder / f"bomb-{i}.warc.gz"
    if c._bomb is None:
        squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = b"a" * (1 << 20)
        with open(target, "wb") as out:
            out.write(squeeze.compress(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/"))
            for _ in range(2048):
                out.write(squeeze.compress(block))
            out.write(squeeze.flush())
        c._bomb = target
    else:
        shutil.copyfile(c._bomb, target)
    c.files += 1


def many_elements(c: Corpus, i: int) -> None:
    title, text = c.article(expected=False)  # refused: over the element limit
    c.write(f"elements-{i}.html", _html(title, text + "</p>" + "<span>a</span>" * 60_000 + "<p>").encode())


def junk(c: Corpus, i: int) -> None:
    rng = c.rng
    title, text = c.article(expected=False)
    whole = _html(title, text).encode()
    variants = {
        "random.bin": rng.randbytes(rng.randint(1, 5000)),
        "empty.txt": b"",
        "blank.txt": b" \n\t\r\n" * 50,
        "bom.txt": b"\xef\xbb\xbf",
        "nul.txt": b"Title\n\nBody\x00with a NUL byte.\n",
        "latin1.txt": "Caf\u00e9 news\n\nThe caf\u00e9 reopened on Monday.\n".encode("latin-1"),
        "cut.html": whole[: len(whole) // 2],
        "cut.warc.gz": _warc_record("http://x/cut", whole)[:300],
        "cut.jsonl": b'{"title": "A", "text": "unfinished',
        "cut.xml": _rss(_rss_item(title, text, 0)).encode()[:400],
        "nested.html": b"<html><body>" + b"<div>" * 50_000 + b"<p>deep</p></body></html>",
        "list.json": b"[1, 2, 3]",
        "ints.jsonl": b'{"text": ' + b"9" * 5000 + b"}\n",
        "controls.txt": bytes(range(1, 32)) * 10,
        "hugeline.jsonl": b'{"text": "' + b"x" * (6 << 20) + b'"}\n' if i % 5 == 0 else b"{}\n",
        "longtitle.jsonl": json.dumps({"title": "T" * 2_000_000, "text": "Short body of a story told in one line."}).encode(),
        "captions.jsonl": json.dumps({"text": "A body with enough words to be read as one article.", "captions": ["Photo: x"] * 10_000}).encode(),
        "dates.jsonl": json.dumps({"text": "Another body of words for the dates record.", "published": "9" * 10_000}).encode(),
        "bad.xml": b"<?xml version='1.0'?><note>not a feed</note>",
    }
    for name, data in variants.items():
        c.write(f"junk-{i}-{name}", data)


def bad_lines(c: Corpus, i: int) -> None:
    """A JSONL file with 150 bad lines among good ones: 100 are listed, the rest counted."""
    good = [json.dumps(dict(zip(("title", "text"), c.article()))) for _ in range(3)]
    c.write(f"badlines-{i}.jsonl", "\n".join([good[0]] + ["not json"] * 150 + good[1:]).encode())


def warc_header_lines(c: Corpus, i: int) -> None:
    head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/\r\n" + b"X-A: b\r\n" * 2_000_000
    c.write(f"headers-{i}.warc.gz", gzip.compress(head + b"Content-Length: 0\r\n\r\n"))


def big_documents(c: Corpus, i: int) -> None:
    """A JSON document and a feed just under their 8 MB limits, made of the smallest records
    (a small run writes 512 KB ones: feedparser takes 16 s over 8 MB)."""
    size = 8 * 1024 * 1024 - 200 if c.full else 512 * 1024
    c.write(f"empties-{i}.json", b"[" + b"{}," * (size // 3) + b"{}]")
    unit = b"<item><title>a</title></item>"
    c.write(f"tiny-{i}.xml", b"<rss version='2.0'><channel><title>W</title>" + unit * (size // len(unit)) + b"</channel></rss>")


KINDS: list[tuple[str, Callable[[Corpus, int], None], int]] = [
    # name, maker, how many of it at most (0: no limit)
    ("good_text", good_text, 0),
    ("good_html", good_html, 0),
    ("good_rss", good_rss, 0),
    ("good_atom", good_atom, 0),
    ("good_jsonl", good_jsonl, 0),
    ("good_csv", good_csv, 0),
    ("good_json", good_json, 0),
    ("good_warc", good_warc, 0),
    ("surrogates", surrogates, 0),
    ("deep_jsonl", deep_jsonl, 0),
    ("bad_name", bad_name, 0),
    ("special_files", special_files, 0),
    ("ampersands", ampersands, 0),
    ("csv_without_text", csv_without_text, 0),
    ("feed_prologue", feed_prologue, 0),
    ("junk", junk, 0),
    ("wide_csv", wide_csv, 20),
    ("many_elements", many_elements, 20),
    ("long_text", long_text, 3),
    ("long_jsonl", long_jsonl, 3),
    ("warc_bomb", warc_bomb, 3),
    ("bad_lines", bad_lines, 0),
    ("warc_header_lines", warc_header_lines, 5),
    ("big_documents", big_documents, 3),
]


def generate(folder: Path, files: int, seed: int = 0) -> Corpus:
    """Write about ``files`` files into ``folder``: every kind at least once, the costly
    kinds at most their limit, the rest round-robin."""
    corpus = Corpus(folder, seed)
    corpus.full = files >= 1_000
    made: Counter[str] = Counter()
    i = 0
    while corpus.files < files:
        name, maker, limit = KINDS[i % len(KINDS)]
        if not limit or made[name] < max(1, limit * files // 10_000):
            maker(corpus, i)
            made[name] += 1
        i += 1
    return corpus


def run(folder: Path, db: Path) -> dict:
    """A real ``newsgraph ingest`` of ``folder``: its JSON report, exit status, stderr, time, peak RSS."""
    command = [sys.executable, "-m", "newsgraph", "ingest", str(folder), "--db", str(db), "--json"]
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, cwd=ROOT, env={**os.environ, "NEWSGRAPH_DEBUG": ""})
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        report = {}
    return {"report": report, "status": proc.returncode, "stderr": proc.stderr.decode("utf-8", "replace"), "seconds": seconds, "peak_mb": peak_mb}


def summarize(folder: Path, db: Path, corpus: Corpus, result: dict) -> dict:
    report = result["report"]
    failed = report.get("failed", [])
    reasons = Counter(_reason_kind(f["reason"]) for f in failed)
    internal = [f for f in failed if any(mark in f["reason"] for mark in INTERNAL)]
    if result["status"] not in (0, 1) or "Traceback" in result["stderr"] or "Internal error" in result["stderr"]:
        internal.append({"location": "(run)", "reason": result["stderr"].strip()[-500:]})
    with sqlite3.connect(db) as con:
        stored = con.execute("select count(*) from articles").fetchone()[0]
        texts = [row[0] for row in con.execute("select text from articles where text like '%Ref GA%'")]
    found = {word.rstrip(".") for text in texts for word in text.split() if word.startswith("GA")}
    good = len(texts)
    missing = set(corpus.made_in) - {f"Ref {f}" for f in found}
    lost = sorted({corpus.made_in[m] for m in missing})
    return {
        "files": _count(folder),
        "articles_stored": stored,
        "good_written": corpus.good,
        "good_stored": good,
        "good_lost": corpus.good - good,
        "good_lost_in": lost[:10],
        "notes": len(report.get("notes", [])),
        "skipped": len(report.get("skipped", [])),
        "failures": sum(reasons.values()),
        "failures_by_reason": dict(reasons.most_common()),
        "internal_errors": len(internal),
        "internal_examples": internal[:5],
        "exit_status": result["status"],
        "seconds": round(result["seconds"], 1),
        "peak_rss_mb": round(result["peak_mb"]),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="how many files to generate (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    folder = args.keep or work / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        corpus = generate(folder, args.files, args.seed)
        summary = summarize(folder, work / "hostile.db", corpus, run(folder, work / "hostile.db"))
    finally:
        for path in folder.glob("unreadable-*"):
            path.chmod(0o600)
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return summary


# --- helpers ------------------------------------------------------------------------------


def _html(title: str, text: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>"
        f"<meta property='article:published_time' content='2026-03-03T10:00:00Z'></head>"
        f"<body><nav>Home | World</nav><article><h1>{title}</h1><p>{text}</p></article></body></html>"
    )


def _rss_item(title: str, text: str, n: int) -> str:
    return f"<item><title>{title}</title><description><![CDATA[<p>{text}</p>]]></description><guid>g{n}-{title}</guid></item>"


def _rss(items: str) -> str:
    return f"<rss version='2.0'><channel><title>Wire</title>{items}</channel></rss>"


def _warc_record(uri: str, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-03T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + http + b"\r\n\r\n")


def _count(folder: Path) -> int:
    return len(os.listdir(folder))


def _reason_kind(reason: str) -> str:
    """A failure reason without its numbers and names, to count failures by kind."""
    head = reason.split(";")[0].split(" (")[0]
    return "".join("N" if ch.isdigit() else ch for ch in head)[:80]


if __name__ == "__main__":
    main()
