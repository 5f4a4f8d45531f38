"""Time per added article as the clusterer fills up: the cost must not grow with its size.

    .venv/bin/python bench/bench_cluster.py [--sizes 100 1000 5000] [--probe 200]

Synthetic articles (made-up words, no real text): stories of 3 to 12 articles, each story with
its own names and topic words mixed with words shared by every story, dated over a year so
the time window is exercised too. At each size it times ``add`` for a fresh batch of probe
articles (half joining existing stories, half opening new ones).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsgraph.stories.cluster import ClusterItem, StoryClusterer  # noqa: E402

_SYLLABLES = ["ka", "ro", "mi", "ten", "sul", "var", "de", "lo", "pin", "qua", "zen", "mor", "tal", "bi"]
_COMMON = [f"{a}{b}{c}" for a in _SYLLABLES[:6] for b in _SYLLABLES[6:10] for c in ("n", "r", "s")][:60]


def _word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(n))


class Synthetic:
    """An endless supply of stories and their articles."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.stories: list[tuple[list[str], list[str], date]] = []
        self.count = 0

    def new_story(self) -> int:
        rng = self.rng
        names = [_word(rng).capitalize() for _ in range(4)]
        topic = [_word(rng, 2) + _word(rng, 2) for _ in range(12)]
        start = date(2030, 1, 1) + timedelta(days=rng.randrange(365))
        self.stories.append((names, topic, start))
        return len(self.stories) - 1

    def article(self, story: int) -> ClusterItem:
        rng = self.rng
        names, topic, start = self.stories[story]
        words = rng.choices(topic, k=25) + rng.choices(_COMMON, k=35) + rng.choices(names, k=6)
        rng.shuffle(words)
        title = " ".join([names[0], *rng.sample(topic, 3)]).capitalize()
        self.count += 1
        published = (start + timedelta(days=rng.randrange(4))).isoformat()
        body = ". ".join(" ".join(words[i : i + 12]) for i in range(0, len(words), 12))
        return ClusterItem(f"a{self.count}", f"{title}. {body}.", published=published, title=title)


def fill(clusterer: StoryClusterer, synth: Synthetic, target: int) -> None:
    """Add articles until ``target`` are stored, 3 to 12 per story."""
    while synth.count < target:
        story = synth.new_story()
        for _ in range(min(synth.rng.randint(3, 12), target - synth.count)):
            clusterer.add(synth.article(story))


def probe(clusterer: StoryClusterer, synth: Synthetic, n: int) -> float:
    """Seconds per article for ``n`` new articles: half to old stories, half to new ones."""
    items = []
    for i in range(n):
        story = synth.rng.randrange(len(synth.stories)) if i % 2 else synth.new_story()
        items.append(synth.article(story))
    started = time.perf_counter()
    for item in items:
        clusterer.add(item)
    return (time.perf_counter() - started) / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--probe", type=int, default=200)
    args = parser.parse_args(argv)
    synth, clusterer = Synthetic(), StoryClusterer()
    print(f"{'stored articles':>15}  {'stories':>7}  {'ms per added article':>20}")
    for size in sorted(args.sizes):
        fill(clusterer, synth, size)
        stored, stories = synth.count, len(clusterer.stories)
        seconds = probe(clusterer, synth, args.probe)
        print(f"{stored:>15}  {stories:>7}  {seconds * 1000:>20.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
