"""Extraction throughput against spaCy's own, on the same text in the same process.

    .venv/bin/python bench/bench_extract.py [--repeat 5] [--corpus demo/corpus]

Prints words and articles per second for (a) spaCy's full pipeline alone and
(b) the whole extraction (spaCy on bodies and headlines, each in batches as ingest parses
them, + actors, quotes, events, dates, stances), their
ratio (best of the passes, and the median of each pass's ratio), the same ratio in CPU time (steadier
when other programs share the machine), and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from newsgraph import nlp
from newsgraph.extract import analyze_doc
from newsgraph.ingest import read_paths
from newsgraph.model import Article

ROOT = Path(__file__).resolve().parents[1]


def corpus(path: Path) -> list[Article]:
    return [item for item in read_paths([path]) if isinstance(item, Article)]


def _timed(work: Callable[[], None]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run. CPU time counts this process's work alone, so it
    moves less than wall time when other programs share the machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def spacy_only(texts: list[str]) -> tuple[float, float]:
    def run() -> None:
        for _ in nlp.parse_many(texts):
            pass
    return _timed(run)


def full_extraction(articles: list[Article]) -> tuple[float, float]:
    """As ingest does it (pipeline._analyze_language): bodies in one batch, headlines in another."""
    def run() -> None:
        docs = nlp.parse_many(a.text for a in articles)
        titles = nlp.parse_many(a.title or "" for a in articles)
        for article, doc, title in zip(articles, docs, titles):
            analyze_doc(article, doc, title if article.title else None)
    return _timed(run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "demo" / "corpus")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the corpus, alternating the two runs")
    args = parser.parse_args()
    articles = corpus(args.corpus)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp.load()
    full_extraction(articles[:3])  # warm up: tables, model and caches loaded once
    runs = [(spacy_only(texts), full_extraction(articles)) for _ in range(args.repeat)]
    base, full = [b[0] for b, _ in runs], [f[0] for _, f in runs]
    best_base, best_full = min(base), min(full)
    cpu = sorted(b[1] / f[1] for b, f in runs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(articles)} articles, {words} words ({args.corpus}); best of {args.repeat} passes")
    print(f"spaCy {nlp.MODEL} alone:  {words / best_base:8.0f} words/s  {len(articles) / best_base:6.1f} articles/s")
    print(f"whole extraction:         {words / best_full:8.0f} words/s  {len(articles) / best_full:6.1f} articles/s")
    print(f"extraction / spaCy throughput: {best_base / best_full:.2f}")
    ratios = sorted(b / f for b, f in zip(base, full))  # each pass's two runs back to back: less exposed to load
    print(f"per pass: median {statistics.median(ratios):.2f}, range {ratios[0]:.2f}-{ratios[-1]:.2f}")
    print(f"CPU time, spaCy / extraction: median {statistics.median(cpu):.2f}, range {cpu[0]:.2f}-{cpu[-1]:.2f}")
    print(f"peak resident memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
