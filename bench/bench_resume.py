"""Are stories independent of how a run is cut? One clean run, the corpus split into runs, and a
run killed again and again then resumed, each into its own database, compared by content.

Corpus: the ECB+ documents from ../shared as a dated stream (982 articles over about 11 weeks,
written to a temporary folder and deleted after), or the demo corpus when ../shared is absent.

    .venv/bin/python bench/bench_resume.py                 # 982 articles, 5 runs, 20 kills
    .venv/bin/python bench/bench_resume.py --docs 200 --kills 5 --no-extract
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from newsgraph.eval.resume import ECB_PATH, differences, ecb_b_cubed, killed_runs, run, snapshot, split_runs, write_dated_corpus

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=None, help="first N articles of the stream")
    parser.add_argument("--splits", type=int, default=5)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--no-extract", action="store_true")
    parser.add_argument("--corpus", type=Path, default=None, help="a folder to use instead (its files in order)")
    parser.add_argument("--one", action="store_true", help="only the clean run (and, on ECB+, its stories scored)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the three databases in this folder")
    args = parser.parse_args()
    extract = not args.no_extract
    work = Path(tempfile.mkdtemp(prefix="bench-resume-"))
    try:
        if args.corpus:
            files = sorted(p for p in args.corpus.rglob("*") if p.is_file())
            print(f"corpus: {args.corpus}, {len(files)} files")
        elif ECB_PATH.exists():
            corpus = work / "corpus"
            total = write_dated_corpus(ECB_PATH, corpus, args.docs)
            files = sorted(corpus.iterdir())
            print(f"corpus: {total} ECB+ articles as a dated stream, {len(files)} files (one per day)")
        else:
            files = sorted(p for p in DEMO.rglob("*") if p.is_file())
            print(f"corpus: the demo corpus, {len(files)} files (../shared is absent)")
        started = time.perf_counter()
        run(files, work / "one.db", extract)
        print(f"one run: {time.perf_counter() - started:.0f} s")
        clean = snapshot(work / "one.db")
        print(f"  {len(clean['articles'])} articles, {len(clean['stories'])} stories, "
              + ", ".join(f"{len(v)} {k}" for k, v in clean["records"].items()))
        if not args.corpus and ECB_PATH.exists():
            b = ecb_b_cubed(work / "one.db")
            print(f"  stories against ECB+'s events: B-cubed P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f}")
        if args.one:
            return
        started = time.perf_counter()
        split_runs(files, args.splits, work / "split.db", extract)
        print(f"{args.splits} runs: {time.perf_counter() - started:.0f} s")
        _report(clean, snapshot(work / "split.db"))
        started = time.perf_counter()
        landed = killed_runs(files, work / "killed.db", args.kills, extract)
        print(f"{landed} kills mid-run, then a run to the end: {time.perf_counter() - started:.0f} s")
        _report(clean, snapshot(work / "killed.db"))
    finally:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for db in work.glob("*.db"):
                shutil.copy(db, args.keep / db.name)
        shutil.rmtree(work, ignore_errors=True)


def _report(clean: dict, other: dict) -> None:
    diff = differences(clean, other)
    print(f"  {len(other['stories'])} stories; differences from one run: "
          + ", ".join(f"{k} {v}" for k, v in diff.items()) + ("  (identical)" if not any(diff.values()) else ""))


if __name__ == "__main__":
    main()
