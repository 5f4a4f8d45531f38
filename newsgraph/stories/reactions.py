"""The reactions table: one row per country or organisation, its stance, and the evidence.

People roll up to the country or organisation they speak for. Sources are
independent sources: a near-duplicate counts as its original. When an
outlet's description of a stance differs from the actor's own words, the own
words decide the row and the outlet's description is shown beside it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from newsgraph.extract.stances import FOCAL_TYPES
from newsgraph.stories.data import StoryData, actor_label

# When sources disagree and counts tie, the more committed stance leads.
STANCE_ORDER = ("condemn", "support", "mixed", "concern", "neutral")
MAX_EVIDENCE = 3


def focal_key(toward: str) -> str:
    """Reactions are to what a doer did to a target ("USA→VEN"): a strike and the capture it
    led to, coded as two events, are one thing to react to. Empty when no event was named."""
    key = toward.split(":", 1)[0].partition(" ")[2]
    return key if "→" in key else ""


def focal_of(data: StoryData, about: str | None = None) -> dict[str, Any]:
    """The action the story's reactions are about: the doer→target that the stances name most,
    with the story's own conflictual events as further votes (one per article)."""
    counts: Counter[str] = Counter()
    descriptions: dict[str, Counter[str]] = defaultdict(Counter)
    for stance in data.stances:
        key = focal_key(stance["toward"])
        if key and (not about or matches_about(stance["toward"], about)):
            counts[key] += 1
            descriptions[key][stance["toward"]] += 1
    voted: set[tuple[str, str]] = set()
    for event in data.events:
        if event["type"] not in FOCAL_TYPES or event["reported_by"]:
            continue
        toward = describe_event(event)
        key = focal_key(toward)
        if key and (event["article"], key) not in voted and (not about or matches_about(toward, about)):
            voted.add((event["article"], key))
            counts[key] += 1
            descriptions[key][toward] += 0.5
    if not counts:
        return {"event": None, "description": about or "the story's main event"}
    key, _ = counts.most_common(1)[0]
    source, _, target = key.partition("→")
    return {
        "event": key,
        "types": sorted({t.split(" ", 1)[0] for t in descriptions[key]}),
        "source": None if source == "?" else source,
        "target": None if target == "?" else target,
        "description": descriptions[key].most_common(1)[0][0],
    }


def describe_event(event: dict[str, Any]) -> str:
    """The same "TYPE SRC→TGT: words" a stance's ``toward`` uses, for a stored event record."""
    source = (event["source"] or {}).get("actor") or "?"
    target = (event["target"] or {}).get("actor") or "?"
    return f"{event['type']} {source}→{target}: {event['evidence']['text']}"


def matches_about(toward: str, about: str) -> bool:
    """A focal event matches when its source, target (code or name) or its words contain ``about``."""
    wanted = about.strip().lower()
    key, _, words = toward.partition(":")
    codes = key.partition(" ")[2].split("→")
    names = [actor_label(c)["name"].lower() for c in codes if c and c != "?"]
    return wanted in words.lower() or wanted in [c.lower() for c in codes] or any(wanted in n for n in names)


def reactions(data: StoryData, about: str | None = None) -> dict[str, Any]:
    focal = focal_of(data, about)
    if about and focal["event"] is None:
        return {"focal": focal, "reactions": []}
    doer = focal.get("source")
    rows: dict[str, dict[str, Any]] = {}
    own: dict[str, list[dict[str, Any]]] = defaultdict(list)
    outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for stance in data.stances:
        code = stance["actor"]["actor"]
        if not code or code == doer:
            continue
        # a stance whose article named no focal event is taken as toward the story's
        if focal["event"] and focal_key(stance["toward"]) not in (focal["event"], ""):
            continue
        (outlet if stance["characterised_by_outlet"] else own)[code].append(stance)
    for code in set(own) | set(outlet):
        rows[code] = _row(data, code, own.get(code, []), outlet.get(code, []))
    ordered = sorted(rows.values(), key=lambda r: (-r["sources"], STANCE_ORDER.index(r["stance"]), r["actor"]["name"]))
    return {"focal": focal, "reactions": ordered}


def _row(data: StoryData, code: str, own: list[dict[str, Any]], outlet: list[dict[str, Any]]) -> dict[str, Any]:
    deciding = own or outlet
    stance = _consensus(data, deciding)
    reporting = own + outlet
    articles = sorted({s["article"] for s in reporting})
    row: dict[str, Any] = {
        "actor": actor_label(code),
        "stance": stance,
        "also": sorted({s["stance"] for s in deciding} - {stance}, key=STANCE_ORDER.index),
        "by": "own words" if own else "outlet",
        "sources": len({data.source_of(a) for a in articles}),
        "articles": articles,
        "people": sorted({s["actor"]["name"] for s in reporting if s["actor"].get("role")}),
        "evidence": _evidence(deciding, stance),
    }
    described = sorted({s["stance"] for s in outlet})
    if own and described and described != [stance]:
        row["outlet_says"] = [
            {"stance": s["stance"], "article": s["article"], **_first_span(s)} for s in outlet if s["stance"] != stance
        ]
        row["note"] = f"outlet describes it as {', '.join(described)}; the actor's own words say {stance}"
    return row


def _consensus(data: StoryData, stances: list[dict[str, Any]]) -> str:
    """The stance most independent sources report."""
    sources: dict[str, set[str]] = defaultdict(set)
    for s in stances:
        sources[s["stance"]].add(data.source_of(s["article"]))
    return min(sources, key=lambda k: (-len(sources[k]), STANCE_ORDER.index(k)))


def _evidence(stances: list[dict[str, Any]], stance: str) -> list[dict[str, Any]]:
    chosen = sorted(stances, key=lambda s: (s["stance"] != stance, s["article"]))
    evidence: list[dict[str, Any]] = []
    for s in chosen:
        for span in s["evidence"][:1]:
            item = {"article": s["article"], **span, "speaker": s["actor"]["name"]}
            if item not in evidence:
                evidence.append(item)
    return evidence[:MAX_EVIDENCE]


def _first_span(stance: dict[str, Any]) -> dict[str, Any]:
    return dict(stance["evidence"][0]) if stance["evidence"] else {}


def to_markdown(result: dict[str, Any]) -> str:
    """An encyclopedia-style "International reactions" table."""
    lines = [f"### International reactions to {headline(result['focal'])}", "", "| Country or organisation | Stance | Statement | Sources |", "|---|---|---|---|"]
    for row in result["reactions"]:
        statement = " ".join(f"“{e['text']}” ({e['speaker']}, article {e['article'][:8]})" for e in row["evidence"][:1])
        stance = row["stance"] + (f" (outlet: {', '.join(o['stance'] for o in row['outlet_says'])})" if row.get("outlet_says") else "")
        people = f" — {', '.join(row['people'])}" if row["people"] else ""
        lines.append(f"| {row['actor']['name']} ({row['actor']['code']}){people} | {stance} | {_cell(statement)} | {row['sources']} |")
    return "\n".join(lines) + "\n"


def headline(focal: dict[str, Any]) -> str:
    """"ASSAULT, COERCE by United States against Venezuela", for a table's title."""
    if not focal.get("event"):
        return focal["description"]
    who = [actor_label(code)["name"] if code else "?" for code in (focal["source"], focal["target"])]
    return f"{', '.join(focal['types'])} by {who[0]} against {who[1]}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
