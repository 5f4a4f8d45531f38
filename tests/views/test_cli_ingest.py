"""The command line as a user meets it: real processes, real files, one line per problem."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

GOOD = "Envoys meet at the border\n\n5 Mar, 2026 11:00\n\nEnvoys from both sides met at the border crossing on Thursday and agreed to meet again.\n"


def run(*args: str, cwd: Path, user: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newsgraph", *args]
    if user == "nobody" and os.geteuid() == 0:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture()
def bad_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (corpus / "latin1.txt").write_bytes("Caf\xe9 owners protest\n\nThey closed on Monday.".encode("latin-1"))
    (corpus / "empty.txt").write_bytes(b"")
    with (corpus / "huge.txt").open("w", encoding="utf-8") as big:
        line = "word " * 200 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            big.write(line)
    (corpus / "broken.html").write_text("<html><head><title>Cut</title></head><body><div><p", encoding="utf-8")
    (corpus / "broken.xml").write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Feed</title><item><title>A', encoding="utf-8")
    warc = gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 9999\r\n\r\nHTTP/1.1 200 OK\r\n")
    (corpus / "cut.warc.gz").write_bytes(warc[: len(warc) - 7])
    return corpus


def test_cli_bad_inputs_one_line_each_batch_goes_on(bad_corpus: Path, tmp_path: Path):
    result = run("ingest", str(bad_corpus), str(tmp_path / "missing"), "--db", str(tmp_path / "t.db"), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
    by_file = {Path(line.split()[1].rstrip(":")).name: line for line in failed}
    assert set(by_file) == {"image.png", "latin1.txt", "empty.txt", "huge.txt", "broken.html", "broken.xml", "cut.warc.gz", "missing"}
    assert "binary file" in by_file["image.png"]
    assert "not valid UTF-8" in by_file["latin1.txt"]
    assert "empty file" in by_file["empty.txt"]
    assert "over 5 MB" in by_file["huge.txt"]
    assert "no such file or folder" in by_file["missing"]
    assert "new              1" in result.stdout
    listed = run("articles", "--db", str(tmp_path / "t.db"), "--format", "json", cwd=tmp_path)
    assert [a["title"] for a in json.loads(listed.stdout)] == ["Envoys meet at the border"]


def test_cli_folder_without_permission():
    # run as an unprivileged user when we are root, in a folder that user can reach
    tmp_path = Path(tempfile.mkdtemp(prefix="newsgraph-perm-"))
    tmp_path.chmod(0o777)
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "open.txt").write_text(GOOD.replace("Thursday", "Friday"), encoding="utf-8")
    (corpus / "locked").chmod(0o000)
    for path in (tmp_path, corpus):
        path.chmod(0o777)
    try:
        result = run("ingest", str(corpus), "--db", str(tmp_path / "p.db"), cwd=tmp_path, user="nobody")
    finally:
        (corpus / "locked").chmod(0o755)
        shutil.rmtree(tmp_path, ignore_errors=True)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"failed {corpus / 'locked'}: permission denied" in result.stderr
    assert "new              1" in result.stdout


def test_cli_seeds_then_reingest(seeds: Path, tmp_path: Path):
    first = run("ingest", str(seeds), "--db", "s.db", "--no-extract", cwd=tmp_path)
    assert "Traceback" not in first.stderr and first.returncode == 0, first.stderr
    listed = json.loads(run("articles", "--db", "s.db", "--format", "json", cwd=tmp_path).stdout)
    assert sorted(a["published"][:10] for a in listed) == ["2026-01-03", "2026-01-03"]
    assert "Lavrov holds phone call with Venezuelan vice president" in [a["title"] for a in listed]
    again = run("ingest", str(seeds), "--db", "s.db", "--no-extract", "--json", cwd=tmp_path)
    summary = json.loads(again.stdout)
    assert (summary["new"], summary["unchanged"], summary["failed"]) == (0, 2, [])


def test_cli_bad_query_and_bad_db_are_one_line(tmp_path: Path):
    bad_date = run("articles", "--db", "x.db", "--since", "someday", cwd=tmp_path)
    assert bad_date.returncode == 2
    assert bad_date.stderr.strip() == "Error: --since 'someday' is not a date; use YYYY-MM-DD"
    missing = run("show", "ffff", "--db", "x.db", cwd=tmp_path)
    assert missing.returncode == 1
    assert "no article with id 'ffff'" in missing.stderr and "Traceback" not in missing.stderr
    bad_db = run("articles", "--db", "nosuchdriver://x", cwd=tmp_path)
    assert bad_db.returncode == 1 and "not a database URL" in bad_db.stderr and "Traceback" not in bad_db.stderr
    unwritable = run("articles", "--db", str(tmp_path / "no" / "such" / "dir" / "x.db"), cwd=tmp_path)
    assert unwritable.returncode == 1 and "cannot open the database" in unwritable.stderr
    no_orders = run("eval", "clusters", "--seeds", "0", cwd=tmp_path)
    assert no_orders.returncode == 2
    assert no_orders.stderr.strip() == "Error: --seeds 0: give how many shuffled orders to run, 1 or more"
    topics_of_many = run("eval", "clusters", "--per-topic", cwd=tmp_path)
    assert topics_of_many.returncode == 2
    assert topics_of_many.stderr.strip() == (
        "Error: --per-topic shows one order's topics: add --seeds 1 (and --seed N to choose the order)"
    )


def test_cli_unknown_command_and_bad_option_are_usage_errors(tmp_path: Path):
    unknown = run("nosuch", cwd=tmp_path)
    assert unknown.returncode == 2 and "No such command 'nosuch'" in unknown.stderr and "Traceback" not in unknown.stderr
    bad = run("articles", "--format", "xml", "--db", "x.db", cwd=tmp_path)
    assert bad.returncode == 2 and "'xml' is not one of" in bad.stderr


def test_cli_hostile_files_one_line_each_and_no_hang(tmp_path: Path):
    """A FIFO, a name that is not UTF-8, a lone surrogate and a long article: a summary, one
    line per problem, a note for the cut article, exit 1, no traceback and no wait."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.mkfifo(corpus / "pipe")
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as out:
        out.write(GOOD.encode())
    (corpus / "s.jsonl").write_text(json.dumps({"title": "Lone \ud800", "outlet": "\udfff", "text": "Ministers met again on Friday to talk."}) + "\n")
    (corpus / "long.txt").write_text("A long one\n\n" + "Another paragraph of a very long report.\n\n" * 30_000)
    result = run("ingest", str(corpus), "--db", str(tmp_path / "h.db"), "--no-extract", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"failed {corpus}/pipe: a named pipe (FIFO), not a regular file; newsgraph reads files and folders only"]
    assert f"note {corpus}/long.txt: article text of 1,259,998 characters cut to its first 99,958" in result.stdout
    assert "new" in result.stdout and "3" in result.stdout
    shown = run("articles", "--db", str(tmp_path / "h.db"), "--format", "json", cwd=tmp_path)
    rows = json.loads(shown.stdout)
    assert sorted(r["title"] for r in rows) == ["A long one", "Envoys meet at the border", "Lone \ufffd"]
    assert any(r["location"].endswith("caf\\xe9.txt") for r in rows), rows
