"""Scale-out on one machine: articles per second and CPU seconds per article of
`newsgraph ingest`, `ingest --workers 2`, `batch --engine local` and `batch --engine spark`
at local[1] and local[2], on one generated corpus; then the clusterer's memory at 10k and 100k
articles (bench_cluster.py). Run it on an otherwise idle machine.

    .venv/bin/python bench/bench_batch.py [--articles 2000] [--skip-spark] [--cluster-sizes 10000 100000]

The corpus is bench_workers.py's: the demo corpus's articles (ours) again and again, paragraphs
shuffled and a line of their own added, so every copy is new and is parsed and analysed. Each
run is the whole command in a new process, model loading and Spark's start included. CPU
seconds are the whole machine's busy time during the run (/proc/stat), so the JVM and Spark's
Python workers count too; on a busy machine they are too high. The ratio is against the single-process ingest timed in the same run. Each batch
output is loaded into SQLite and compared with the ingest's database: records equal.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_workers import write_corpus  # noqa: E402

from newsgraph.eval.resume import contents  # noqa: E402


def busy_seconds() -> float:
    """CPU seconds the machine has spent busy since boot, all cores (the first line of /proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds of a command, and the CPU seconds the machine spent meanwhile."""
    before, started = busy_seconds(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"})
    return time.perf_counter() - started, busy_seconds() - before


def records(url: str) -> dict[str, list[str]]:
    found = contents(url)
    return {name: found[name] for name in ("mentions", "quotes", "events", "stances", "captions", "article_locations")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--cluster-sizes", type=int, nargs="*", default=[10_000, 100_000])
    args = parser.parse_args()
    newsgraph = [sys.executable, "-m", "newsgraph"]
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    spark = not args.skip_spark and importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None
    try:
        corpus = work / "corpus"
        write_corpus(corpus, args.articles)
        runs: list[tuple[str, list[str], Path | None]] = [
            ("ingest", [*newsgraph, "ingest", str(corpus), "--db", str(work / "ingest.db")], None),
            ("ingest --workers 2", [*newsgraph, "ingest", str(corpus), "--db", str(work / "workers.db"), "--workers", "2"], None),
            ("batch --engine local --workers 2", [*newsgraph, "batch", str(corpus), str(work / "local"), "--workers", "2"], work / "local"),
        ]
        if spark:
            for cores in (1, 2):
                out = work / f"spark{cores}"
                runs.append((f"batch --engine spark --master local[{cores}]", [*newsgraph, "batch", str(corpus), str(out), "--engine", "spark", "--master", f"local[{cores}]", "--workers", str(cores)], out))
        print(f"{args.articles} generated articles, {os.cpu_count()} cores")
        print(f"{'run':<46} {'seconds':>8} {'articles/s':>11} {'ratio':>6} {'CPU s/article':>14}  records as ingest")
        base = None
        detail: list[str] = []
        for label, command, output in runs:
            wall, cpu = timed(command)
            base = base or wall
            same = ""
            if output is not None:
                steps = json.loads((output / "manifest.json").read_text())["seconds"]
                detail.append(f"{label}: " + ", ".join(f"{step} {value:.1f} s" for step, value in steps.items()))
                db = work / f"{output.name}.db"
                subprocess.run([*newsgraph, "load", str(output), "--db", str(db)], check=True, capture_output=True)
                same = "yes" if records(f"sqlite:///{db}") == records(f"sqlite:///{work / 'ingest.db'}") else "NO"
            elif label != "ingest":
                same = "yes" if records(f"sqlite:///{work / 'workers.db'}") == records(f"sqlite:///{work / 'ingest.db'}") else "NO"
            print(f"{label:<46} {wall:8.1f} {args.articles / wall:11.2f} {base / wall:6.2f} {cpu / args.articles:14.3f}  {same}", flush=True)
        print("\nwhere a batch's time went (its manifest.json):\n" + "\n".join(detail))
        if not spark:
            print("batch --engine spark: skipped (--skip-spark, or PySpark or Java missing)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.cluster_sizes:
        import bench_cluster

        print("\nthe clusterer's memory (bench_cluster.py):", flush=True)
        bench_cluster.main(["--sizes", *map(str, args.cluster_sizes)])


if __name__ == "__main__":
    main()
