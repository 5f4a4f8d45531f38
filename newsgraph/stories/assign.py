"""Putting newly stored articles into stories, batch by batch, as ingest goes.

The clusterer's state is saved with each batch, in the same transaction, so a
killed run resumes with stories that match the articles stored. Only stories
still inside the clusterer's time window are loaded: older ones can take no
new article, so start-up and memory stay bounded as the database grows.
"""

from __future__ import annotations

from datetime import date, timedelta

from newsgraph.store import Batch, NewArticle, Store
from newsgraph.stories.cluster import ClusterItem, StoryClusterer
from newsgraph.stories.settings import ClusterSettings


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
        since = None
        latest = self.store.latest_story_date()
        if latest:
            since = (date.fromisoformat(latest[:10]) - timedelta(days=settings.window_days + 1)).isoformat()
        return StoryClusterer.from_state({**saved, "stories": self.store.story_states(since)}, settings)

    def assign(self, batch: Batch) -> None:
        """Give each new article of the batch a story; put the changed stories in the batch."""
        for item in batch.articles:
            item.story_key = self._story_for(item)
        absorbed = self.clusterer.absorbed()
        for item in batch.articles:  # a story opened earlier in this batch may have been taken in since
            item.story_key = absorbed.get(item.story_key or "", item.story_key)
        batch.absorbed = absorbed
        batch.stories = [
            {"key": s.id, "title": s.title, "first_date": s.first, "last_date": s.last, "state": s.to_state()}
            for s in self.clusterer.changed()
        ]
        state = self.clusterer.state()
        state.pop("stories")
        batch.clusterer = state

    def _story_for(self, item: NewArticle) -> str:
        original = item.duplicate_of
        if original and self.clusterer.story_of(original) is None:
            stored = self.store.story_of(original)
            if stored is not None:
                return stored[1]  # a copy of an article whose story is no longer open joins it anyway
        return self.clusterer.add(cluster_item(item))


def cluster_item(item: NewArticle) -> ClusterItem:
    """What clustering looks at: the text, the date, and the actors and events extracted."""
    article, analysis = item.article, item.analysis
    actors = frozenset(m.ref.actor for m in analysis.actors if m.ref.actor) if analysis else frozenset()
    events = (
        frozenset(f"{e.type}:{(e.source.actor if e.source else '')}:{(e.target.actor if e.target else '')}" for e in analysis.events)
        if analysis
        else frozenset()
    )
    return ClusterItem(
        id=article.id,
        text=f"{article.title or ''}\n{article.text}",
        published=article.published,
        actors=actors,
        events=events,
        duplicate_of=item.duplicate_of,
        title=article.title,
    )
