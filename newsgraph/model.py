"""Records passed between the pipeline stages: the contract of newsgraph.

Every stage takes and returns these. Offsets are character offsets into
``Article.text`` and every span satisfies ``article.text[start:end] == text``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

_SPACE = re.compile(r"\s+")


def content_id(title: str | None, text: str) -> str:
    """A stable id from what the article says, so the same story read twice is one row."""
    normal = _SPACE.sub(" ", f"{title or ''}\n{text}").strip().lower()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Caption:
    """An image caption with its photo credit, kept out of the body text."""

    text: str
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as read from any source format.

    ``published`` and ``updated`` are ISO 8601 strings that keep the precision
    the source gave ("2026-01-03", "2026-01-03T17:10", "2026-01-03T17:10:00+00:00").
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    updated: str | None = None
    byline: str | None = None
    language: str | None = None
    captions: tuple[Caption, ...] = ()
    location: str | None = None
    format: str | None = None

    @classmethod
    def build(cls, text: str, title: str | None = None, **fields: Any) -> "Article":
        """Make an article whose id is derived from its content."""
        return cls(id=content_id(title, text), text=text, title=title, **fields)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["captions"] = [asdict(c) for c in self.captions]
        return data


@dataclass(frozen=True, slots=True)
class PendingUrl:
    """A feed entry that only links to its article: recorded so it can be fetched later."""

    url: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    location: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """Evidence: a stretch of the article's text, verbatim; ``field`` says which text ("title" for a
    stance-bearing headline), so ``getattr(article, field)[start:end] == text`` always holds."""

    start: int
    end: int
    text: str
    field: str = "text"

    @classmethod
    def of(cls, text: str, start: int, end: int, field: str = "text") -> "Span":
        return cls(start, end, text[start:end], field)

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.field != "text":
            found["field"] = self.field
        return found


@dataclass(frozen=True, slots=True)
class ActorRef:
    """Who an expression in the text stands for.

    ``actor`` is an ISO 3166-1 alpha-3 code or an organisation code (EU, UN,
    NATO, ...); ``name`` is the canonical name of the person or body named.
    """

    text: str
    name: str
    actor: str | None
    sector: str | None = None
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "actor": self.actor,
            "sector": self.sector,
            "role": self.role,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in the text where an actor is named or referred to."""

    span: Span
    ref: ActorRef
    kind: str = "name"  # name | title | metonym | demonym | pronoun | nominal

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), **self.ref.to_dict(), "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Quote:
    content: Span
    speaker: ActorRef | None
    cue: Span | None
    direct: bool
    speaker_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "content": self.content.to_dict(),
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "direct": self.direct,
        }


@dataclass(frozen=True, slots=True)
class EventDate:
    value: str | None  # YYYY-MM-DD
    kind: str = "unresolved"  # exact | approximate | range | unresolved
    end: str | None = None  # last day, for a range
    evidence: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"value": self.value, "kind": self.kind}
        if self.end:
            data["end"] = self.end
        if self.evidence:
            data["evidence"] = self.evidence.to_dict()
        return data


@dataclass(frozen=True, slots=True)
class Event:
    """Actor -> action -> target in a POLECAT type, with the sentence it came from."""

    type: str
    mode: str | None
    source: ActorRef | None
    target: ActorRef | None
    evidence: Span
    date: EventDate = field(default_factory=lambda: EventDate(None))
    reported_by: ActorRef | None = None
    trigger: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "evidence": self.evidence.to_dict(),
            "date": self.date.to_dict(),
            "reported_by": self.reported_by.to_dict() if self.reported_by else None,
        }


STANCES = ("support", "condemn", "concern", "mixed", "neutral")


@dataclass(frozen=True, slots=True)
class Stance:
    """An actor's position toward a focal event.

    ``characterised_by_outlet`` is true when the evidence is the outlet's
    description, not the actor's own words.
    """

    actor: ActorRef
    stance: str
    toward: str
    evidence: tuple[Span, ...]
    characterised_by_outlet: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor.to_dict(),
            "stance": self.stance,
            "toward": self.toward,
            "evidence": [s.to_dict() for s in self.evidence],
            "characterised_by_outlet": self.characterised_by_outlet,
        }


@dataclass(slots=True)
class Analysis:
    """Everything extracted from one article."""

    article_id: str
    actors: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    # actors named in the headline, offsets into the title: stories read them, they are not stored
    title_actors: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "actors": [m.to_dict() for m in self.actors],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [e.to_dict() for e in self.events],
            "stances": [s.to_dict() for s in self.stances],
        }

    def spans(self) -> list[Span]:
        """Every piece of evidence, for the provenance check."""
        found: list[Span] = [m.span for m in self.actors]
        for q in self.quotes:
            found.append(q.content)
            found.extend(s for s in (q.cue, q.speaker_span) if s)
        for e in self.events:
            found.append(e.evidence)
            found.extend(s for s in (e.trigger, e.date.evidence) if s)
        for s in self.stances:
            found.extend(s.evidence)
        return found


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A file or record that could not be read, with a reason a person can act on."""

    location: str
    reason: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A readable file that holds no articles (a README, a JSON settings file): noted, not a failure."""

    location: str
    reason: str
