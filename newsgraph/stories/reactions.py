"""The reactions table: one row per country or organisation, its stance, and the evidence.

People roll up to the country or organisation they speak for. Sources are
independent sources: a near-duplicate counts as its original. When an
outlet's description of a stance differs from the actor's own words, the own
words decide the row and the outlet's description is shown beside it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from newsgraph.extract.stances.signals import DOER_TYPES
from newsgraph.stories.data import StoryData, actor_label
from newsgraph.stories.focal import focal_of, headline

__all__ = ["headline", "reactions", "to_markdown"]

# When sources disagree and counts tie, the more committed stance leads.
STANCE_ORDER = ("condemn", "support", "mixed", "concern", "neutral")
MAX_EVIDENCE = 3


def reactions(data: StoryData, about: str | None = None) -> dict[str, Any]:
    focal = focal_of(data, about)
    focal["headline"] = headline(focal)
    if about and focal["event"] is None and not any(about.lower() in (a.get("title") or "").lower() for a in data.articles):
        return {"focal": focal, "reactions": []}  # nothing here is about it
    excluded = not_reactors(focal, {s["actor"]["actor"] for s in data.stances if s["actor"]["actor"]})
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


def not_reactors(focal: dict[str, Any], speakers: set[str]) -> dict[str, str]:
    """Who is not a reactor: the doer of the focal act, and for an act within one country (a coup, a
    declaration of martial law) that country itself, whose government, army and opposition are
    parties to it rather than onlookers. The country is the one the story's articles name most."""
    doer = focal.get("source") if set(focal.get("types", ())) & set(DOER_TYPES) else None
    excluded = {"doer": doer} if doer else {}
    home = focal.get("home")
    # a story whose only voice is that country's own (one government's position) keeps it
    if home and (not doer or doer == home) and speakers - {home, doer}:
        excluded["home"] = home
    return excluded


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
        "statements": _statements(data, reporting),
        "first_said": min((d for a in articles if (d := data.by_id.get(a, {}).get("published"))), default=None),
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


def _statements(data: StoryData, stances: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every statement behind a row, so none is out of reach: the actor's own words first, and a
    wire copy's words once (at its original)."""
    found: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for s in sorted(stances, key=lambda s: (s["characterised_by_outlet"], data.source_of(s["article"]) != s["article"], s["article"])):
        for span in s["evidence"]:
            if (data.source_of(s["article"]), span["text"]) in seen:
                continue
            seen.add((data.source_of(s["article"]), span["text"]))
            found.append(
                {"article": s["article"], "stance": s["stance"], "by": "outlet" if s["characterised_by_outlet"] else "own words", "speaker": s["actor"]["name"], **span}
            )
    return found


def _first_span(stance: dict[str, Any]) -> dict[str, Any]:
    return dict(stance["evidence"][0]) if stance["evidence"] else {}


def to_markdown(result: dict[str, Any]) -> str:
    """An encyclopedia-style "International reactions" table."""
    lines = [f"### International reactions to {headline(result['focal'])}", "", "| Country or organisation | Stance | Statement | Sources |", "|---|---|---|---|"]
    for row in result["reactions"]:
        statement = " ".join(f"“{e['text']}” ({e['speaker']}, article {e['article'][:8]})" for e in row["evidence"][:1])
        statement += more_statements(row)
        stance = row["stance"] + (f" (outlet: {', '.join(o['stance'] for o in row['outlet_says'])})" if row.get("outlet_says") else "")
        people = f" — {', '.join(row['people'])}" if row["people"] else ""
        lines.append(f"| {row['actor']['name']} ({row['actor']['code']}){people} | {stance} | {_cell(statement)} | {row['sources']} |")
    return "\n".join(lines) + "\n"


def more_statements(row: dict[str, Any]) -> str:
    """" (+3 more statements)" when the row holds more than the one a table shows."""
    more = len(row["statements"]) - 1
    return f" (+{more} more statement{'s' if more > 1 else ''})" if more > 0 else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
