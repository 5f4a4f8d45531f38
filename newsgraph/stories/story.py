"""What the story clusterer keeps: the articles it is given and the stories it builds.

A story is stored as plain JSON (one row of the stories table), so the next run goes on where
the last one stopped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsgraph.stories.vectors import Sparse

_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ClusterItem:
    """What the clusterer needs to know about one article.

    ``text`` is title and body together; ``title`` (optional) names the story when this
    article is its most central one. ``duplicate_of`` is the id of the article this one is a
    near-duplicate of: it always joins that article's story.
    """

    id: str
    text: str
    published: str | None = None
    actors: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    acts: frozenset[str] = frozenset()  # "coup@NER": what the lead says happened where (stories/signature.py)
    act_hints: frozenset[str] = frozenset()  # each act of the lead with each country it names: finds, never adds
    places: frozenset[str] = frozenset()  # countries the headline names, and the one the text names most
    duplicate_of: str | None = None
    title: str | None = None
    # the text's term frequencies, when worked out before the clusterer sees the article (the batch
    # job does it in parallel; ``text`` may then be only what ``headline`` reads, see ``headline_source``)
    tf: Sparse | None = field(default=None, compare=False)


@dataclass(slots=True)
class Exemplar:
    """A central member kept with its vector: it names the story and gives a nearest-member score."""

    id: str
    title: str
    tf: Sparse


@dataclass(slots=True)
class Story:
    """A cluster of articles about one happening, with what is needed to extend it later."""

    id: str
    centroid: Sparse  # sum of the members' normalised term frequencies, pruned
    size: int = 0
    copies: int = 0  # members that are near-duplicates of another member: not independent sources
    first: str | None = None
    last: str | None = None
    members: list[str] = field(default_factory=list)
    actors: dict[str, int] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)
    acts: dict[str, int] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)
    exemplars: list[Exemplar] = field(default_factory=list)
    title: str = ""
    seq: int = 0  # when it last changed: keeps the index's recency order across a restore
    keys: set[str] = field(default_factory=set)  # index keys it is filed under

    @property
    def sources(self) -> int:
        """Members that are not copies of another: how much independent reporting it has."""
        return self.size - self.copies

    def summary(self) -> dict[str, Any]:
        """What a person wants in a list of stories."""
        return {"id": self.id, "title": self.title, "first": self.first, "last": self.last, "articles": self.size}

    def to_state(self) -> dict[str, Any]:
        """Plain-JSON state of this story (one row of a stories table)."""
        return {
            **self.summary(),
            "members": list(self.members),
            "copies": self.copies,
            "centroid": self.centroid.to_state(),
            "actors": dict(self.actors),
            "events": dict(self.events),
            "acts": dict(self.acts),
            "places": dict(self.places),
            "exemplars": [{"id": e.id, "title": e.title, **e.tf.to_state()} for e in self.exemplars],
            "seq": self.seq,
            "keys": sorted(self.keys),
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> "Story":
        return cls(
            id=data["id"],
            centroid=Sparse.from_state(data["centroid"]),
            size=int(data["articles"]),
            copies=int(data.get("copies", 0)),
            first=data.get("first"),
            last=data.get("last"),
            members=list(data.get("members", [])),
            actors={k: int(v) for k, v in data.get("actors", {}).items()},
            events={k: int(v) for k, v in data.get("events", {}).items()},
            acts={k: int(v) for k, v in data.get("acts", {}).items()},
            places={k: int(v) for k, v in data.get("places", {}).items()},
            exemplars=[Exemplar(e["id"], e["title"], Sparse.from_state(e)) for e in data.get("exemplars", [])],
            title=data.get("title", ""),
            seq=int(data.get("seq", 0)),
            keys=set(data.get("keys", [])),
        )


def day_number(published: str | None) -> int | None:
    """Day number of an ISO date or timestamp; None when absent or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def headline_source(text: str) -> str:
    """The part of a text ``headline`` reads: the same headline from far fewer characters."""
    return _SPACE.sub(" ", text).strip()[:400]


def headline(item: ClusterItem) -> str:
    """The article's title, or its first sentence cut to a readable length."""
    if item.title and item.title.strip():
        return _SPACE.sub(" ", item.title).strip()
    first = _SENTENCE_END.split(_SPACE.sub(" ", item.text).strip(), maxsplit=1)[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"
