"""Time per added article as the clusterer fills up: the cost must not grow with its size.

    .venv/bin/python bench/bench_cluster.py [--sizes 100 1000 5000] [--probe 200]

Synthetic articles (made-up words, no real text): stories of 3 to 12 articles, each story with
its own names and topic words mixed with words shared by every story, about twelve new
stories a day in date order, so the time window and the clusterer's memory are exercised too. In a third of the stories the second article is a thin
brief (one short sentence) that may open a story of its own until the story grows and takes
it in, and one article in ten is a copy of an earlier one, so taking in strays and the
settled-story check are timed as well. At each size it times ``add`` for a fresh batch of
probe articles (in fours: a new story's first article, a thin brief on it, a third article on
it, and one on an older story) and counts the strays taken in and the ``story_score`` calls.
It also prints the stories held in memory and the size of their state as JSON: stories whose
last article is ``memory_days`` older than the newest leave memory, so both stay flat.
"""

from __future__ import annotations

import argparse
import json
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
        # about twelve new stories a day, in date order as a stream is (a few days' jitter)
        start = date(2020, 1, 1) + timedelta(days=len(self.stories) // 12 + rng.randrange(3))
        self.stories.append((names, topic, start))
        return len(self.stories) - 1

    def article(self, story: int, thin: bool = False) -> ClusterItem:
        rng = self.rng
        names, topic, start = self.stories[story]
        self.count += 1
        published = (start + timedelta(days=rng.randrange(4))).isoformat()
        if thin:  # a brief: one short sentence sharing little with the full reports
            words = [names[1], *rng.sample(topic, 2), *rng.choices(_COMMON, k=8)]
            return ClusterItem(f"a{self.count}", " ".join(words).capitalize() + ".", published=published)
        title = " ".join([names[0], *rng.sample(topic, 3)]).capitalize()
        words = rng.choices(topic, k=25) + rng.choices(_COMMON, k=35) + rng.choices(names, k=6)
        rng.shuffle(words)
        body = ". ".join(" ".join(words[i : i + 12]) for i in range(0, len(words), 12))
        return ClusterItem(f"a{self.count}", f"{title}. {body}.", published=published, title=title)

    def copy(self, item: ClusterItem) -> ClusterItem:
        """A near-duplicate of ``item``, as a syndicated wire story is."""
        self.count += 1
        return ClusterItem(f"a{self.count}", item.text, published=item.published, title=item.title, duplicate_of=item.id)

    def story_articles(self, story: int, n: int) -> list[ClusterItem]:
        """``n`` articles of one story: maybe a thin first report, and copies now and then."""
        out: list[ClusterItem] = []
        for i in range(n):
            if out and self.rng.random() < 0.1:
                out.append(self.copy(self.rng.choice(out)))
            else:
                out.append(self.article(story, thin=i == 1 and self.rng.random() < 1 / 3))
        return out


def fill(clusterer: StoryClusterer, synth: Synthetic, target: int) -> None:
    """Add articles until ``target`` are stored, 3 to 12 per story."""
    while synth.count < target:
        for item in synth.story_articles(synth.new_story(), min(synth.rng.randint(3, 12), target - synth.count)):
            clusterer.add(item)


def probe(clusterer: StoryClusterer, synth: Synthetic, n: int) -> tuple[float, int, float]:
    """For ``n`` new articles: seconds per article, strays taken in, ``story_score`` calls per article."""
    items: list[ClusterItem] = []
    while len(items) < n:
        older, story = synth.rng.randrange(len(synth.stories)), synth.new_story()
        items += [synth.article(story), synth.article(story, thin=True), synth.article(story), synth.article(older)]
    items = items[:n]
    calls = 0
    scored = clusterer.story_score

    def counted(story, stray):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return scored(story, stray)

    clusterer.story_score = counted  # type: ignore[method-assign]
    clusterer.absorbed()
    started = time.perf_counter()
    for item in items:
        clusterer.add(item)
    seconds = (time.perf_counter() - started) / n
    del clusterer.story_score
    return seconds, len(clusterer.absorbed()), calls / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--probe", type=int, default=200)
    args = parser.parse_args(argv)
    synth, clusterer = Synthetic(), StoryClusterer()
    print(f"{'stored articles':>15}  {'stories in memory':>17}  {'their state, MB':>15}  {'ms per added article':>20}  {'strays taken in':>15}  {'story_score calls per article':>29}")
    for size in sorted(args.sizes):
        fill(clusterer, synth, size)
        stored, stories = synth.count, len(clusterer.stories)
        held = sum(len(json.dumps(story.to_state())) for story in clusterer.stories.values()) / 1e6
        seconds, taken, calls = probe(clusterer, synth, args.probe)
        print(f"{stored:>15}  {stories:>17}  {held:>15.1f}  {seconds * 1000:>20.2f}  {taken:>15}  {calls:>29.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
