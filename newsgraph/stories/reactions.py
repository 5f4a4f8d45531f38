"""The reactions table: one row per country or organisation, its stance, and the evidence.

People roll up to the country or organisation they speak for. Sources are
independent sources: a near-duplicate counts as its original. When an
outlet's description of a stance differs from the actor's own words, the own
words decide the row and the outlet's description is shown beside it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from newsgraph.extract.stances import DOER_TYPES, FOCAL_TYPES
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
    excluded = not_reactors(data, focal)
    focal["home"] = excluded.get("home")
    own: dict[str, list[dict[str, Any]]] = defaultdict(list)
    outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for stance in data.stances:
        code = stance["actor"]["actor"]
        if not code or code in excluded.values():
            continue
        (outlet if stance["characterised_by_outlet"] else own)[code].append(stance)
    rows = {code: _row(data, code, own.get(code, []), outlet.get(code, [])) for code in set(own) | set(outlet)}
    ordered = sorted(rows.values(), key=lambda r: (-r["sources"], STANCE_ORDER.index(r["stance"]), r["actor"]["name"]))
    return {"focal": focal, "reactions": ordered}


def not_reactors(data: StoryData, focal: dict[str, Any]) -> dict[str, str]:
    """Who is not a reactor: the doer of the focal act, and for an act within one country (a coup, a
    declaration of martial law) that country itself, whose government, army and opposition are
    parties to it rather than onlookers. The country is the one the story's articles name most."""
    doer = focal.get("source") if set(focal.get("types", ())) & set(DOER_TYPES) else None
    excluded = {"doer": doer} if doer else {}
    home = home_country(data)
    if home and (not doer or doer == home):
        excluded["home"] = home
    return excluded


def home_country(data: StoryData) -> str | None:
    """The country most of the story's articles name, most often: where the story happens."""
    articles: dict[str, set[str]] = defaultdict(set)
    mentions: Counter[str] = Counter()
    for m in data.mentions:
        code = m.get("actor")
        if code and actor_label(code)["kind"] == "country":
            articles[code].add(m["article"])
            mentions[code] += 1
    if not mentions:
        return None
    return max(mentions, key=lambda c: (len(articles[c]), mentions[c], c))


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
    """The stance of all the actor's statements together, by the definitions (DESIGN.md, Stances):
    a condemnation anywhere makes it condemn (concern around it does not soften it), approval together
    with criticism or caution makes it mixed, and monitoring or consular words yield to any position."""
    said = {s["stance"] for s in stances}
    if "condemn" in said:
        return "mixed" if "support" in said else "condemn"
    if "mixed" in said or ("support" in said and "concern" in said):
        return "mixed"
    for stance in ("support", "concern", "neutral"):
        if stance in said:
            return stance
    return min(said, key=STANCE_ORDER.index)


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
