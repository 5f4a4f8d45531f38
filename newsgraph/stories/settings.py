"""Thresholds and limits of the story clusterer, in one place.

The text figures (threshold, the absorb_ and settled_ figures, name_boost, lead_weight,
lead_sentences) were tuned on the odd-numbered ECB+ topics and checked on the even ones
(docs/EVALUATION.md). The actor, event and time weights cannot be measured on ECB+, which has
no actors, events or dates: they are set by hand as small nudges, never enough on their own to
join two unrelated texts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """What decides whether an article joins a story (saved with the state for the record; a
    restored clusterer decides by the running release's settings, see stories/assign.py)."""

    threshold: float = 0.36
    """An article joins the best story whose combined score reaches this, else opens one."""
    absorb_threshold: float | None = 0.34
    """A story that grows takes in a one-article story nearby whose score reaches this (None: never)."""
    settled_size: int = 6
    """A story of this many sources (copies not counted) is settled: it may take in strays from ``settled_threshold``."""
    settled_threshold: float = 0.22
    """Lowest score at which a settled story takes in a stray no other story claims."""
    absorb_margin: float = 0.10
    """How far the settled story must beat every other story near the stray."""
    name_boost: float = 2.0
    """Weight of capitalised words and numbers against other words in the text vector."""
    lead_weight: float = 3.0
    """How many times a word of the lead counts: news says what happened first."""
    lead_sentences: int = 4
    """Sentences (the title being the first) that make the lead."""
    actor_weight: float = 0.10
    """Bonus times the share of the article's actors that the story already has."""
    event_weight: float = 0.15
    """Bonus times the share of the article's event keys that the story already has."""
    act_weight: float = 0.25
    """Bonus when the article's lead names an act in a country ("coup@NER") that the story's
    leads name too: the one signal shared by reports in different languages."""
    place_weight: float = 0.08
    """Bonus when the article happens where the story mostly happens (its headline names the
    country, or its text names it most): a smaller, language-free nudge than the act."""
    act_place_weight: float = 0.04
    """... and this more when the story is about an act in that country (a coup in Niger)."""
    time_weight: float = 0.10
    """Penalty times the gap to the story's date range, as a share of the window."""
    window_days: int = 7
    """A story whose date range is further than this from an article cannot take it ..."""
    act_window_days: int = 21
    """... or this far, when the article names the story's act in its country ("coup@NER"): reactions
    to a coup or an invasion go on for weeks, each report a few days after the last."""
    memory_days: int = 30
    """Stories whose last article is this many days older than the newest article seen leave
    memory. They stay stored, and an article that old gets the stories around its date back from
    the store (stories/assign.py), so memory stays bounded and nothing is lost."""
    max_stories: int = 3_000
    """... and past this many stories in memory, the least recently changed leave too (they stay
    stored; new articles no longer join them): memory stays bounded when a flood of articles
    shares one date or has none. About 20 KB each."""
    # blocking and size limits: these bound the cost per article
    article_keys: int = 12
    """Salient terms of an article looked up in the inverted index."""
    story_keys: int = 24
    """Salient terms a story is filed under in the index."""
    postings: int = 64
    """Most recently updated stories kept per index key."""
    candidates: int = 32
    """Stories scored in full per article (those sharing the most keys)."""
    centroid_terms: int = 400
    """Terms kept in a story's centroid."""
    exemplars: int = 4
    """Most central members kept per story, for its title and nearest-member similarity."""
    exemplar_terms: int = 150
    """Terms kept per exemplar."""

    @property
    def longest_window(self) -> int:
        return max(self.window_days, self.act_window_days)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ClusterSettings":
        """Ignore unknown keys, so state written by another version still loads."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
