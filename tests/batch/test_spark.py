"""`newsgraph batch --engine spark --master local[2]` gives the local engine's output, hence
ingest's records and stories (issue 14, Must 6). Skips, saying why, without PySpark or Java
(`python3 dev.py test` installs both when it can)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.batch import run_batch
from newsgraph.batch.load import load
from newsgraph.eval.resume import contents
from newsgraph.pipeline import ingest
from newsgraph.store import Store
from tests.batch.test_batch import sqlite, stories_of, without
from tests.conftest import DEMO

pytest.importorskip("pyspark", reason="PySpark is not installed (pip install -e '.[spark]')")
if not shutil.which("java"):
    pytest.skip("Java is not installed (Debian: openjdk-17-jre-headless)", allow_module_level=True)


MERIDIAN = sorted(path.name for path in (DEMO / "meridian").iterdir())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus and a file that cannot be read."""
    folder = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(DEMO, folder)
    (folder / "cut.json.gz").write_bytes(b"\x1f\x8b\x08\x00 not gzip after all")
    return folder


def test_spark_gives_the_local_engines_output_and_ingests_records(corpus: Path, tmp_path: Path) -> None:
    spark_report = run_batch([corpus], tmp_path / "spark", engine="spark", master="local[2]", workers=2)
    local_report = run_batch([corpus], tmp_path / "local", engine="local", workers=2)
    assert spark_report.to_dict() == local_report.to_dict()
    assert (spark_report.new, [f.location.rsplit("/", 1)[-1] for f in spark_report.failed]) == (24, ["cut.json.gz"])
    by_spark, by_local, ingested = (sqlite(tmp_path / f"{name}.db") for name in ("spark", "local", "ingest"))
    load(tmp_path / "spark", Store(by_spark))
    load(tmp_path / "local", Store(by_local))
    ingest([corpus], Store(ingested))
    assert contents(by_spark) == contents(by_local)
    assert without(contents(by_spark), "articles", "stories", "meta") == without(contents(ingested), "articles", "stories", "meta")
    assert stories_of(by_spark) == stories_of(ingested)


def test_spark_reads_a_uri_as_the_local_engine_reads_the_folder(tmp_path: Path) -> None:
    """Input on object storage goes through Spark's own file source (s3a://, gs://, hdfs://);
    a file:// URI takes the same road here."""
    folder = tmp_path / "corpus"
    shutil.copytree(DEMO / "meridian", folder / "meridian")
    by_uri = run_batch([folder.as_uri()], tmp_path / "spark", engine="spark", master="local[2]", workers=2)
    by_path = run_batch([folder], tmp_path / "local", engine="local", workers=1)
    assert (by_uri.read, by_uri.new) == (by_path.read, by_path.new) == (3, 3)
    one, two = sqlite(tmp_path / "uri.db"), sqlite(tmp_path / "path.db")
    load(tmp_path / "spark", Store(one))
    load(tmp_path / "local", Store(two))
    assert without(contents(one), "article_locations", "articles") == without(contents(two), "article_locations", "articles")
    locations = [json.loads(row)[0] for row in contents(one)["article_locations"]]
    assert sorted(locations) == sorted((folder / "meridian" / name).as_uri().replace("file:///", "file:/") for name in MERIDIAN)


def test_a_batch_that_fails_leaves_no_output_and_says_why_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newsgraph", "batch", str(DEMO / "meridian"), str(tmp_path / "out"), "--engine", "spark", "--master", "nowhere://x"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    last = done.stderr.strip().splitlines()[-1]
    assert done.returncode == 1 and last.startswith("Error: Spark did not start") and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
