"""Extraction throughput against spaCy's own, on the same text in the same process.

    .venv/bin/python bench/bench_extract.py [--repeat 5] [--corpus demo/corpus]

Prints words and articles per second for (a) spaCy's full pipeline alone and
(b) the whole extraction (spaCy + actors, quotes, events, dates, stances), their
ratio, and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from newsgraph import nlp
from newsgraph.extract import analyze_doc
from newsgraph.ingest import read_paths
from newsgraph.model import Article

ROOT = Path(__file__).resolve().parents[1]


def corpus(path: Path) -> list[Article]:
    return [item for item in read_paths([path]) if isinstance(item, Article)]


def spacy_only(texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in nlp.parse_many(texts):
        pass
    return time.perf_counter() - start


def full_extraction(articles: list[Article]) -> float:
    start = time.perf_counter()
    for article, doc in zip(articles, nlp.parse_many(a.text for a in articles)):
        analyze_doc(article, doc)
    return time.perf_counter() - start


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
    base, full = [], []
    for _ in range(args.repeat):
        base.append(spacy_only(texts))
        full.append(full_extraction(articles))
    best_base, best_full = min(base), min(full)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(articles)} articles, {words} words ({args.corpus}); best of {args.repeat} passes")
    print(f"spaCy {nlp.MODEL} alone:  {words / best_base:8.0f} words/s  {len(articles) / best_base:6.1f} articles/s")
    print(f"whole extraction:         {words / best_full:8.0f} words/s  {len(articles) / best_full:6.1f} articles/s")
    print(f"extraction / spaCy throughput: {best_base / best_full:.2f}")
    print(f"peak resident memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
