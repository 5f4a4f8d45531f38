"""Putting newly stored articles into stories, batch by batch, as ingest goes.

The clusterer's state is saved with each batch, in the same transaction, so a
killed run resumes with stories that match the articles stored. Only the stories
the clusterer still held in memory are loaded (those within ``memory_days`` of the
newest article date seen), so start-up and memory stay bounded as the database
grows, and one run, several runs or a killed run give the same stories.
"""

from __future__ import annotations

from datetime import date, timedelta

from newsgraph.store import Batch, NewArticle, Store
from newsgraph.stories.cluster import ClusterItem, StoryClusterer
from newsgraph.stories.story import Story
from newsgraph.stories.settings import ClusterSettings
from newsgraph.stories.signature import act_keys, places


class StoryAssigner:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.clusterer = self._restore()

    def _restore(self) -> StoryClusterer:
        """The stored clusterer, deciding by this release's thresholds.

        The stored thresholds are those of the release that wrote them; the measured ones are
        this release's, and only the text representation must stay as stored.
        """
        saved = self.store.meta_value("clusterer")
        settings = ClusterSettings()
        if saved is None:
            return StoryClusterer(settings)
        clock = saved.get("clock")
        since = date.fromordinal(int(clock) - settings.memory_days).isoformat() if clock is not None else None
        return StoryClusterer.from_state({**saved, "stories": self.store.story_states(since)}, settings)

    def assign(self, batch: Batch) -> None:
        """Give each new article of the batch a story; put the changed stories in the batch."""
        placed: dict[str, str] = {}
        for item in batch.articles:
            item.story_key = placed[item.article.id] = self._story_for(item, placed)
        absorbed = self.clusterer.absorbed()
        for item in batch.articles:  # a story opened earlier in this batch may have been taken in since
            item.story_key = absorbed.get(item.story_key or "", item.story_key)
        batch.absorbed = absorbed
        batch.stories = [
            {"key": s.id, "title": s.title, "first_date": s.first, "last_date": s.last, "state": s.to_state()}
            for s in self.clusterer.changed()
        ]
        batch.clusterer = self.clusterer.state(stories=False)

    def _story_for(self, item: NewArticle, placed: dict[str, str]) -> str:
        original = item.duplicate_of
        if original and self.clusterer.story_of(original) is None:
            if original in placed:  # its story left memory earlier in this batch
                return placed[original]
            stored = self.store.story_of(original)
            if stored is not None:
                return stored[1]  # a copy of an article whose story is no longer open joins it anyway
        return self.clusterer.add(cluster_item(item), self._earlier(item.article.published))

    def _earlier(self, published: str | None) -> list[Story]:
        """For an article older than the stories in memory cover, the stories around its date:
        from the store, as the clusterer last left them (changes not yet written included)."""
        if not self.clusterer.is_late(published):
            return []
        day, window = date.fromisoformat(published[:10]), timedelta(days=self.clusterer.settings.longest_window)
        first, last = (day - window).isoformat(), (day + window).isoformat()
        waiting, absorbed = self.clusterer.pending()
        found = {data["id"]: Story.from_state(data) for data in self.store.story_states_around(first, last)}
        found.update((sid, st) for sid, st in waiting.items() if st.first and st.last and st.last >= first and st.first <= last)
        return [st for sid, st in sorted(found.items()) if sid not in absorbed and sid not in self.clusterer.stories]


def cluster_item(item: NewArticle) -> ClusterItem:
    """What clustering looks at: the text, the date, and the actors and events extracted."""
    if item.features is not None:
        return item.features
    article, analysis = item.article, item.analysis
    actors = frozenset(m.ref.actor for m in analysis.actors if m.ref.actor) if analysis else frozenset()
    events = (
        frozenset(f"{e.type}:{(e.source.actor if e.source else '')}:{(e.target.actor if e.target else '')}" for e in analysis.events)
        if analysis
        else frozenset()
    )
    acts, hints = act_keys(article.title, analysis.title_actors, article.text, analysis.actors, article.language) if analysis else ((), ())
    return ClusterItem(
        id=article.id,
        text=f"{article.title or ''}\n{article.text}",
        published=article.published,
        actors=actors,
        events=events,
        acts=frozenset(acts),
        act_hints=frozenset(hints),
        places=places(analysis.title_actors, analysis.actors) if analysis else frozenset(),
        duplicate_of=item.duplicate_of,
        title=article.title,
    )
