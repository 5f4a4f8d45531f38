"""Streaming story clustering: each new article joins the best open story or opens a new one.

Nothing is ever re-clustered. A new article is compared only with the stories found through
an inverted index over salient terms, actors and event keys (each key remembers its most
recently updated stories, the list capped) and inside a time window, so the cost per article
stays the same however many stories are stored. A first report is often too thin to match the
story that grows out of later ones: when a story grows, it takes in the one-article stories
nearby that it now clearly covers (found through the same index, so this is bounded too).
The state (document frequencies and, per story, its centroid, exemplars, members and index
keys) is plain JSON, so the next run goes on where the last one stopped and new articles join
old stories.

Stories are the same however a corpus is cut into runs or a run is killed: a story leaves
memory when the newest article date seen (the clock) passes its last date by ``memory_days``,
article by article, and a restored clusterer holds exactly the stories a clusterer that never
stopped would hold, filed under the index keys it had, in the same order.
"""

from __future__ import annotations

import heapq
from datetime import date
from typing import Any, Callable, Iterable

from newsgraph.stories.scoring import close_in_time, combined, gap
from newsgraph.stories.settings import ClusterSettings
from newsgraph.stories.story import ClusterItem, Exemplar, Story, day_number, headline
from newsgraph.stories.vectors import Sparse, StreamingTfidf, add, dot

__all__ = ["ClusterItem", "Story", "StoryClusterer"]

STATE_VERSION = 1


class StoryClusterer:
    """Holds the open stories and assigns articles to them one at a time."""

    def __init__(self, settings: ClusterSettings | None = None, vectorizer: StreamingTfidf | None = None) -> None:
        self.settings = s = settings or ClusterSettings()
        self.vec = vectorizer or StreamingTfidf(
            name_boost=s.name_boost, lead_weight=s.lead_weight, lead_sentences=s.lead_sentences
        )
        self.stories: dict[str, Story] = {}
        self._article_story: dict[str, str] = {}
        self._index: dict[str, dict[str, None]] = {}  # key -> story ids, least recent first
        self._seq = 0
        self._changed: set[str] = set()
        self._absorbed: dict[str, str] = {}  # story id taken into another -> that story's id
        self.clock: int | None = None  # day number of the newest article date seen
        self._ends: list[tuple[int, str]] = []  # (last day, story id) heap, to retire by the clock
        self._by_seq: list[tuple[int, str]] = []  # (seq, story id) heap, to retire the least recently changed
        self.evicted_seq = 0  # every story that changed last at or before this left memory for the cap
        self._retired_changed: dict[str, Story] = {}  # changed, then retired before being written

    # -- the streaming step ---------------------------------------------------------
    def add(self, item: ClusterItem, earlier: Iterable[Story] = ()) -> str:
        """Put one article in a story (joining the best one or opening one); its story id.

        ``earlier``: for an article older than the stories in memory can cover (``is_late``),
        the stored stories around its date (the caller reads them from the store).
        """
        known = self._article_story.get(item.id)
        if known is not None:
            return known
        self._advance(day_number(item.published))
        story_id = self._place(item, earlier)
        self._retire_before_clock()  # a late article's story too: restores hold exactly these
        return story_id

    def is_late(self, published: str | None) -> bool:
        """Whether stories this article could join may have left memory (see ``add``)."""
        day = day_number(published)
        s = self.settings
        return day is not None and self.clock is not None and day - s.longest_window < self.clock - s.memory_days

    def pending(self) -> tuple[dict[str, Story], set[str]]:
        """Stories changed and retired but not yet handed over by ``changed``, and stories taken
        into others not yet handed over by ``absorbed``: what the store does not know yet."""
        return dict(self._retired_changed), set(self._absorbed)

    def _place(self, item: ClusterItem, earlier: Iterable[Story]) -> str:
        tf = item.tf if item.tf is not None else self.vec.tf(item.text)
        day = day_number(item.published)
        original = self._article_story.get(item.duplicate_of or "")
        if original is not None and original in self.stories:
            # a copy joins its original's story and is not counted again in the statistics
            return self._join(self.stories[original], item, tf, day, copy=True)
        self.vec.observe(tf)
        weighted = self.vec.weigh(tf)
        best, best_score = None, float("-inf")
        outside = [st for st in earlier if st.id not in self.stories and self._in_window(st, item, day)]
        for story in self._candidates(item, weighted, day) + sorted(outside, key=lambda st: st.id):
            score = self.score(story, item, weighted, day)
            if score > best_score:
                best, best_score = story, score
        if best is None or best_score < self.settings.threshold:
            best = Story(id=f"st-{item.id}", centroid=Sparse.empty())
            self.stories[best.id] = best
        elif best.id not in self.stories:  # a stored story back in memory until the clock retires it again
            self.restore_story(best)
        story_id = self._join(best, item, tf, day)
        self._absorb_strays(best)
        return story_id

    def add_many(self, items: Iterable[ClusterItem]) -> list[str]:
        """``add`` each item in order; the story ids in the same order."""
        return [self.add(item) for item in items]

    def similarity(self, story: Story, weighted: Sparse) -> float:
        """Text similarity: cosine to the story's centroid, or to its nearest exemplar if higher.

        The exemplar term lets an article join a story through one very close member
        (a follow-up of one report) even when the story as a whole has drifted.
        """
        best = dot(weighted, self.vec.weigh(story.centroid))
        for exemplar in story.exemplars:
            best = max(best, dot(weighted, self.vec.weigh(exemplar.tf)))
        return best

    def score(self, story: Story, item: ClusterItem, weighted: Sparse, day: int | None) -> float:
        """Combined score: text similarity, plus shared actors and events, minus time apart."""
        acts = item.acts | item.act_hints
        return combined(self.settings, story, self.similarity(story, weighted), item.actors, item.events, acts, item.places, gap(story, day))

    def story_score(self, story: Story, stray: Story) -> float:
        """``score`` for a whole (one-article) story instead of a new article."""
        apart = max(gap(story, day_number(stray.first)), gap(story, day_number(stray.last)))
        similarity = self.similarity(story, self.vec.weigh(stray.centroid))
        signals = (frozenset(stray.actors), frozenset(stray.events), frozenset(stray.acts), frozenset(stray.places))
        return combined(self.settings, story, similarity, *signals, apart)

    def story_of(self, article_id: str) -> str | None:
        """The story an article was put in, if this clusterer has seen it."""
        return self._article_story.get(article_id)

    def summaries(self) -> list[dict[str, Any]]:
        """One line per story, latest first then largest: what ``newsgraph stories`` lists."""
        ordered = sorted(self.stories.values(), key=lambda st: (st.last or "", st.size, st.id), reverse=True)
        return [st.summary() for st in ordered]

    # -- blocking --------------------------------------------------------------------
    def _keys(self, weighted: Sparse, actors: Iterable[str], events: Iterable[str], acts: Iterable[str], k: int) -> set[str]:
        keys = {f"t:{t}" for t in self.vec.top(weighted, k)}
        keys.update(f"a:{a}" for a in actors)
        keys.update(f"e:{e}" for e in events)
        keys.update(f"k:{a}" for a in acts)
        return keys

    def _candidates(self, item: ClusterItem, weighted: Sparse, day: int | None) -> list[Story]:
        """Stories sharing the most index keys with the article, inside the time window.

        At most ``article_keys`` + actors + events lookups, each of at most ``postings``
        stories: a bound that does not depend on how many stories there are.
        """
        keys = self._keys(weighted, item.actors, item.events, item.acts | item.act_hints, self.settings.article_keys)
        return self._lookup(keys, lambda story: self._in_window(story, item, day))

    def _in_window(self, story: Story, item: ClusterItem, day: int | None) -> bool:
        return close_in_time(self.settings, story, gap(story, day), item.acts | item.act_hints, item.places)

    def _lookup(self, keys: Iterable[str], keep: Callable[[Story], bool]) -> list[Story]:
        """Up to ``candidates`` stories kept by ``keep``, those sharing the most keys first."""
        hits: dict[str, int] = {}
        for key in keys:
            for sid in self._index.get(key, ()):
                hits[sid] = hits.get(sid, 0) + 1
        found: list[Story] = []
        for sid, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])):
            story = self.stories.get(sid)
            if story is None or not keep(story):
                continue
            found.append(story)
            if len(found) == self.settings.candidates:
                break
        return found

    def _reindex(self, story: Story) -> None:
        """File the story under its current salient terms, actors and events, as most recent."""
        s = self.settings
        actors = sorted(story.actors, key=lambda a: (-story.actors[a], a))[:8]
        events = sorted(story.events, key=lambda e: (-story.events[e], e))[:8]
        acts = sorted(story.acts, key=lambda a: (-story.acts[a], a))[:4]
        keys = self._keys(self.vec.weigh(story.centroid), actors, events, acts, s.story_keys)
        for key in story.keys - keys:
            self._index.get(key, {}).pop(story.id, None)
        self._file(story, keys)

    def _file(self, story: Story, keys: set[str]) -> None:
        """Append the story to each key's posting as most recent, dropping the least recent past the cap."""
        for key in sorted(keys):
            posting = self._index.setdefault(key, {})
            posting.pop(story.id, None)
            posting[story.id] = None
            if len(posting) > self.settings.postings:
                del posting[next(iter(posting))]
        story.keys = set(keys)

    # -- updating a story ------------------------------------------------------------
    def _join(self, story: Story, item: ClusterItem, tf: Sparse, day: int | None, copy: bool = False) -> str:
        s = self.settings
        story.centroid = self.vec.prune(add(story.centroid, tf), s.centroid_terms)
        story.size += 1
        story.copies += copy
        story.members.append(item.id)
        if day is not None:
            iso = date.fromordinal(day).isoformat()
            story.first = iso if story.first is None else min(story.first, iso)
            story.last = iso if story.last is None else max(story.last, iso)
            self._push_end(story)
        for a in item.actors:
            story.actors[a] = story.actors.get(a, 0) + 1
        for e in item.events:
            story.events[e] = story.events.get(e, 0) + 1
        for a in item.acts:
            story.acts[a] = story.acts.get(a, 0) + 1
        for p in item.places:
            story.places[p] = story.places.get(p, 0) + 1
        new = Exemplar(item.id, headline(item), self.vec.prune(tf, s.exemplar_terms))
        self._rank_exemplars(story, story.exemplars + [new])
        self._seq += 1
        story.seq = self._seq
        heapq.heappush(self._by_seq, (story.seq, story.id))
        self._article_story[item.id] = story.id
        self._reindex(story)
        self._changed.add(story.id)
        return story.id

    def _absorb_strays(self, story: Story) -> None:
        """Take in the one-article stories near a grown story that now clearly belong to it.

        A stray (a story of one source) joins when its score reaches ``absorb_threshold``. A
        settled story (``settled_size`` sources or more; copies do not count) knows what its
        event is, so a lower score to it, from ``settled_threshold``, is enough when no other
        story claims the stray nearly as much (``absorb_margin``). Only strays found through
        the story's own index keys are looked at, and only their own candidates are compared:
        bounded like the join itself.
        """
        s = self.settings
        if story.sources < 2 or s.absorb_threshold is None:
            return

        def is_stray(other: Story) -> bool:
            return other.sources == 1 and other.id != story.id and self._near_in_time(story, other)

        settled = story.sources >= s.settled_size  # copies of one wire story do not settle it
        strays = []
        for stray in self._lookup(sorted(story.keys), is_stray):
            score = self.story_score(story, stray)
            if score >= s.absorb_threshold or (settled and score >= s.settled_threshold and self._unclaimed(stray, story, score)):
                strays.append(stray)
        for stray in strays:
            self._merge(stray, story)
        if strays:
            self._rank_exemplars(story, story.exemplars)
            self._reindex(story)

    def _unclaimed(self, stray: Story, story: Story, score: float) -> bool:
        """Whether ``story`` beats every other story near the stray by ``absorb_margin``."""
        margin = self.settings.absorb_margin
        others = self._lookup(
            sorted(stray.keys), lambda other: other.id not in (stray.id, story.id) and self._near_in_time(other, stray)
        )
        return all(score - self.story_score(other, stray) >= margin for other in others)

    def _near_in_time(self, story: Story, other: Story) -> bool:
        """Whether ``other``'s dates lie inside the window around ``story`` (undated: yes)."""
        apart = max(gap(story, day_number(other.first)), gap(story, day_number(other.last)))
        return close_in_time(self.settings, story, apart, other.acts, other.places)

    def _merge(self, stray: Story, story: Story) -> None:
        """Move a story's articles into another; the stray story is gone afterwards."""
        story.centroid = self.vec.prune(add(story.centroid, stray.centroid), self.settings.centroid_terms)
        story.size += stray.size
        story.copies += stray.copies
        story.members.extend(stray.members)
        dates = [d for d in (story.first, story.last, stray.first, stray.last) if d]
        story.first, story.last = (min(dates), max(dates)) if dates else (None, None)
        self._push_end(story)
        for name, count in stray.actors.items():
            story.actors[name] = story.actors.get(name, 0) + count
        for key, count in stray.events.items():
            story.events[key] = story.events.get(key, 0) + count
        for key, count in stray.acts.items():
            story.acts[key] = story.acts.get(key, 0) + count
        for key, count in stray.places.items():
            story.places[key] = story.places.get(key, 0) + count
        story.exemplars = story.exemplars + stray.exemplars
        for member in stray.members:
            self._article_story[member] = story.id
        for key in stray.keys:
            self._index.get(key, {}).pop(stray.id, None)
        del self.stories[stray.id]
        self._changed.discard(stray.id)
        self._absorbed[stray.id] = story.id
        self._seq += 1
        story.seq = self._seq
        heapq.heappush(self._by_seq, (story.seq, story.id))
        self._changed.add(story.id)

    def _rank_exemplars(self, story: Story, pool: list[Exemplar]) -> None:
        """Keep the members closest to the centroid; the closest one titles the story."""
        centre = self.vec.weigh(story.centroid)
        ranked = sorted(pool, key=lambda e: (-dot(self.vec.weigh(e.tf), centre), e.id))
        story.exemplars = ranked[: self.settings.exemplars]
        story.title = story.exemplars[0].title

    # -- state -----------------------------------------------------------------------
    def changed(self) -> list[Story]:
        """Stories changed since the last call: what a store has to write back."""
        out = {sid: self.stories[sid] for sid in self._changed if sid in self.stories}
        out.update(self._retired_changed)
        self._changed.clear()
        self._retired_changed.clear()
        return [out[sid] for sid in sorted(out)]

    def absorbed(self) -> dict[str, str]:
        """Stories taken into others since the last call (id -> the story that took it in)."""
        out = dict(self._absorbed)  # only one-article stories are taken in, so never in a chain
        self._absorbed.clear()
        return out

    def _advance(self, day: int | None) -> None:
        """Move the clock to a newer article date and retire the stories it leaves behind.

        Retiring article by article (not run by run) is what makes the stories independent of
        where runs start and stop. A date after tomorrow is a wrong date, not news: it does not
        move the clock, so one bad date cannot retire every story.
        """
        if day is None:
            return
        if (self.clock is None or day > self.clock) and day <= date.today().toordinal() + 1:
            self.clock = day
            self._retire_before_clock()

    def _push_end(self, story: Story) -> None:
        end = day_number(story.last)
        if end is not None:
            heapq.heappush(self._ends, (end, story.id))

    def _retire_before_clock(self) -> None:
        """Drop from memory the stories whose last article is ``memory_days`` older than the
        clock, then, past ``max_stories``, those changed least recently (a flood of one day's
        news, or undated articles, would otherwise all stay).

        They stay in the store; a story changed since the last write is handed over by ``changed``.
        """
        if self.clock is not None:
            cut = self.clock - self.settings.memory_days
            while self._ends and self._ends[0][0] < cut:
                end, sid = heapq.heappop(self._ends)
                story = self.stories.get(sid)
                if story is not None and day_number(story.last) == end:  # else gone, or grown since
                    self._drop(story)
        while len(self.stories) > self.settings.max_stories and self._by_seq:
            seq, sid = heapq.heappop(self._by_seq)
            story = self.stories.get(sid)
            if story is not None and story.seq == seq:  # else gone, or changed since
                self.evicted_seq = max(self.evicted_seq, seq)
                self._drop(story)

    def _drop(self, story: Story) -> None:
        for key in story.keys:
            self._index.get(key, {}).pop(story.id, None)
        for member in story.members:
            self._article_story.pop(member, None)
        del self.stories[story.id]
        if story.id in self._changed:
            self._changed.discard(story.id)
            self._retired_changed[story.id] = story

    def memory_start(self) -> str | None:
        """ISO date from which stories are still in memory: what a restore must load."""
        if self.clock is None:
            return None
        return date.fromordinal(self.clock - self.settings.memory_days).isoformat()

    def state(self, stories: bool = True) -> dict[str, Any]:
        """Everything needed to go on later, as plain JSON; without ``stories`` when the
        store keeps them as rows of their own (and only the changed ones are written)."""
        out: dict[str, Any] = {
            "version": STATE_VERSION,
            "settings": self.settings.to_dict(),
            "vectorizer": self.vec.to_state(),
            "seq": self._seq,
            "clock": self.clock,
            "evicted_seq": self.evicted_seq,
        }
        if stories:
            out["stories"] = [st.to_state() for st in sorted(self.stories.values(), key=lambda st: st.seq)]
        return out

    @classmethod
    def from_state(cls, state: dict[str, Any], settings: ClusterSettings | None = None) -> "StoryClusterer":
        """Restore a clusterer from ``state()``: new articles then join the stored stories.

        ``settings`` overrides the stored thresholds (after retuning, say); the text
        representation always comes from the state, so old and new vectors stay comparable.
        """
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"story state version {state.get('version')!r} is not {STATE_VERSION}: rebuild it")
        clusterer = cls(
            settings or ClusterSettings.from_dict(state.get("settings", {})),
            StreamingTfidf.from_state(state["vectorizer"]),
        )
        clock = state.get("clock")
        clusterer.clock = int(clock) if clock is not None else None
        clusterer.evicted_seq = int(state.get("evicted_seq", 0))
        cut = clusterer.clock - clusterer.settings.memory_days if clusterer.clock is not None else None
        for data in sorted(state["stories"], key=lambda d: (int(d.get("seq", 0)), d["id"])):
            story = Story.from_state(data)
            end = day_number(story.last)
            if (cut is None or end is None or end >= cut) and story.seq > clusterer.evicted_seq:
                clusterer.restore_story(story)
        clusterer._seq = max(clusterer._seq, int(state.get("seq", 0)))
        clusterer._changed.clear()
        return clusterer

    def restore_story(self, story: Story) -> None:
        """Put back one stored story (one row of a stories table, say) and index it.

        Call in the order the stories last changed (``seq``): filed under the keys it had
        then, each index list comes back in the order a clusterer that never stopped has.
        """
        self.stories[story.id] = story
        for member in story.members:
            self._article_story[member] = story.id
        self._seq = max(self._seq, story.seq)
        self._push_end(story)
        heapq.heappush(self._by_seq, (story.seq, story.id))
        if story.keys:
            self._file(story, story.keys)
        else:  # state written before keys were kept
            self._reindex(story)
