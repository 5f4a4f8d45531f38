"""A small hand-made story: two outlets, one wire copy, RUS condemning and EU mixed."""

from __future__ import annotations

from newsgraph.stories.data import StoryData

TEXT_A = "US forces struck the port on Monday. Moscow called the raid an act of aggression."
TEXT_B = "The US strike hit the port. Russia condemned it. The EU backed the US action."


def ref(actor: str, name: str, role: str | None = None, sector: str = "GOV") -> dict:
    return {"text": name, "name": name, "actor": actor, "sector": sector, "role": role}


def span(text: str, words: str) -> dict:
    start = text.index(words)
    return {"start": start, "end": start + len(words), "text": words}


def event(article: str, text: str, kind: str, source: str, target: str, words: str, date: str | None = "2026-03-02") -> dict:
    return {
        "article": article,
        "type": kind,
        "mode": None,
        "source": ref(source, source),
        "target": ref(target, target),
        "evidence": span(text, words),
        "date": {"value": date, "kind": "exact" if date else "unresolved"},
        "reported_by": None,
    }


def stance(article: str, text: str, actor: dict, label: str, words: str, by_outlet: bool = False) -> dict:
    return {
        "article": article,
        "actor": actor,
        "stance": label,
        "toward": "ASSAULT USA→SYR: struck the port",
        "evidence": [span(text, words)],
        "characterised_by_outlet": by_outlet,
    }


def story() -> StoryData:
    articles = [
        {"id": "a1", "outlet": "Ledger", "url": None, "location": "a.txt", "duplicate_of": None, "text": TEXT_A, "title": "A", "published": "2026-03-02"},
        {"id": "a2", "outlet": "Courier", "url": None, "location": "b.txt", "duplicate_of": None, "text": TEXT_B, "title": "B", "published": "2026-03-03"},
        {"id": "a3", "outlet": "Post", "url": None, "location": "c.txt", "duplicate_of": "a2", "text": TEXT_B, "title": "B copy", "published": "2026-03-03"},
    ]
    lavrov = ref("RUS", "Anton Petrov", role="Foreign Minister")
    return StoryData(
        articles=articles,
        events=[
            event("a1", TEXT_A, "ASSAULT", "USA", "SYR", "US forces struck the port"),
            event("a2", TEXT_B, "ASSAULT", "USA", "SYR", "The US strike hit the port"),
            event("a3", TEXT_B, "ASSAULT", "USA", "SYR", "The US strike hit the port"),
            event("a1", TEXT_A, "ACCUSE", "RUS", "USA", "Moscow called the raid an act of aggression", date=None),
        ],
        quotes=[
            {"article": "a1", "content": span(TEXT_A, "an act of aggression"), "speaker": ref("RUS", "Moscow"), "cue": span(TEXT_A, "called"), "direct": False},
        ],
        stances=[
            stance("a1", TEXT_A, lavrov, "condemn", "Moscow called the raid an act of aggression"),
            stance("a2", TEXT_B, ref("RUS", "Russia"), "condemn", "Russia condemned it"),
            stance("a3", TEXT_B, ref("RUS", "Russia"), "condemn", "Russia condemned it"),
            stance("a2", TEXT_B, ref("EU", "Kaja Kallas", role="High Representative"), "mixed", "The EU backed the US action"),
            stance("a2", TEXT_B, ref("EU", "European Union"), "support", "The EU backed the US action", by_outlet=True),
            stance("a2", TEXT_B, ref("USA", "United States"), "support", "The US strike hit the port"),
        ],
        mentions=[],
    )
