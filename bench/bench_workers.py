"""`newsgraph ingest` in one process against `--workers N`: articles per second, and whether the
databases are the same.

    .venv/bin/python bench/bench_workers.py [--articles 600] [--workers 2]

The corpus is generated from the demo corpus (ours): each article again with its paragraphs in
another order and a line of its own, so every copy is new and is parsed and analysed (most are
linked as near-duplicates of the demo article they come from, which costs nothing extra).
Wall time of the whole command, so model loading is counted in both.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsgraph.eval.resume import differences, snapshot
from newsgraph.ingest import read_paths
from newsgraph.model import Article

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"


def write_corpus(folder: Path, count: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    base = [a for a in read_paths([DEMO]) if isinstance(a, Article) and a.text.strip()]
    lines = []
    for n in range(count):
        article = base[n % len(base)]
        paragraphs = [p for p in article.text.split("\n") if p.strip()]
        rng.shuffle(paragraphs)
        text = "\n\n".join(paragraphs + [f"Bulletin {n} of the benchmark."])
        lines.append(json.dumps({"title": article.title, "text": text, "published": article.published, "outlet": article.outlet, "language": "en"}))
    folder.mkdir(parents=True)
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed_ingest(corpus: Path, db: Path, workers: int) -> float:
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "newsgraph", "ingest", str(corpus), "--db", f"sqlite:///{db}", "--workers", str(workers)]
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    try:
        write_corpus(work / "corpus", args.articles)
        one = timed_ingest(work / "corpus", work / "one.db", 1)
        many = timed_ingest(work / "corpus", work / "many.db", args.workers)
        print(f"{args.articles} articles: one process {one:.1f} s ({args.articles / one:.1f} articles/s), "
              f"--workers {args.workers} {many:.1f} s ({args.articles / many:.1f} articles/s): {one / many:.2f}x")
        diff = differences(snapshot(work / "one.db"), snapshot(work / "many.db"))
        print("databases " + ("identical" if not any(diff.values()) else f"differ: {diff}"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
