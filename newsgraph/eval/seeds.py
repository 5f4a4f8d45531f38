"""Score extraction on the worked example: ../shared/seeds and its expected.json.

expected.json lists what an analyst finds; it is not exhaustive, so precision
here counts an extracted record as right only when it matches a listed item
and is therefore a lower bound. Recall is over the ``required`` items, and
separately over required + optional.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsgraph.eval.scoring import prf
from newsgraph.ingest.text import parse_text
from newsgraph.model import Analysis, Article

QUOTE_MARKS = " \"'“”‘’«»"


def run_eval_seeds(seeds: Path) -> dict[str, Any]:
    from newsgraph import analyze_article

    expected = json.loads((seeds / "expected.json").read_text(encoding="utf-8"))["documents"]
    report: dict[str, Any] = {"documents": {}, "totals": {}}
    counts: dict[str, dict[str, int]] = {}
    for name, gold in expected.items():
        article = parse_text((seeds / name).read_text(encoding="utf-8"), name)
        analysis = analyze_article(article)
        doc_report = score_document(article, analysis, gold)
        report["documents"][name] = doc_report
        for kind, result in doc_report["scores"].items():
            total = counts.setdefault(kind, {"tp": 0, "extracted": 0, "required": 0, "required_found": 0, "listed": 0, "listed_found": 0})
            for key in total:
                total[key] += result["counts"][key]
    for kind, total in counts.items():
        report["totals"][kind] = _scores(total)
    return report


def score_document(article: Article, analysis: Analysis, gold: dict[str, Any]) -> dict[str, Any]:
    text = article.text
    scores: dict[str, Any] = {}
    misses: list[str] = []

    quotes = [q.to_dict() for q in analysis.quotes]
    scores["quotes"], missed = _score(quotes, gold.get("quotes", {}), lambda q, g: _quote_matches(q, g))
    misses += [f"quote {m['starts']!r} ({m['actor']})" for m in missed]

    events = [e.to_dict() for e in analysis.events]
    scores["events"], missed = _score(events, gold.get("events", {}), lambda e, g: _event_matches(e, g, text))
    misses += [f"event {m['type']} {m.get('source_actor')}→{m.get('target_actor')}" for m in missed]

    own = [s.to_dict() for s in analysis.stances if not s.characterised_by_outlet]
    stance_gold = {"required": gold.get("stances", [])}
    scores["stances"], missed = _score(own, stance_gold, lambda s, g: s["actor"]["actor"] == g["actor"] and s["stance"] == g["stance"])
    misses += [f"stance {m['actor']} {m['stance']}" for m in missed]

    dates_right = sum(
        1
        for g in gold.get("events", {}).get("required", [])
        if g.get("date") and any(_event_matches(e, g, text) and e["date"]["value"] == g["date"] for e in events)
    )
    dated = sum(1 for g in gold.get("events", {}).get("required", []) if g.get("date"))
    photo_speakers = [q for q in quotes if q["speaker"] and "photograph" in q["speaker"]["text"].lower()]
    return {
        "scores": scores,
        "event_dates": {"right": dates_right, "of": dated},
        "photograph_as_speaker": len(photo_speakers),
        "misses": misses,
        "extracted": analysis.to_dict(),
    }


def _score(extracted: list[dict[str, Any]], gold: dict[str, list[dict[str, Any]]], matches) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    required, optional = gold.get("required", []), gold.get("optional", [])
    listed = required + optional
    found_required = [g for g in required if any(matches(x, g) for x in extracted)]
    found_listed = [g for g in listed if any(matches(x, g) for x in extracted)]
    tp = sum(1 for x in extracted if any(matches(x, g) for g in listed))
    counts = {
        "tp": tp,
        "extracted": len(extracted),
        "required": len(required),
        "required_found": len(found_required),
        "listed": len(listed),
        "listed_found": len(found_listed),
    }
    missed = [g for g in required if g not in found_required]
    return {"counts": counts, **_scores(counts)}, missed


def _scores(c: dict[str, int]) -> dict[str, Any]:
    p, r, f = prf(c["tp"], c["extracted"], c["required_found"], c["required"])
    return {
        "precision": p,
        "recall_required": r,
        "f1": f,
        "recall_all": round(c["listed_found"] / c["listed"], 3) if c["listed"] else None,
        "counts": c,
    }


def _norm(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").strip(QUOTE_MARKS).lower()


def _quote_matches(quote: dict[str, Any], gold: dict[str, Any]) -> bool:
    content = _norm(quote["content"]["text"])
    starts = _norm(gold["starts"])
    speaker = quote["speaker"] or {}
    return content.find(starts) in range(0, 4) and speaker.get("actor") == gold["actor"] and quote["direct"] == gold["direct"]


def _event_matches(event: dict[str, Any], gold: dict[str, Any], text: str) -> bool:
    if event["type"] != gold["type"]:
        return False
    for side in ("source", "target"):
        want = gold.get(f"{side}_actor")
        if want and (event[side] or {}).get("actor") != want:
            return False
    evidence = gold.get("evidence")
    if evidence:
        at = text.find(evidence)
        ev = event["evidence"]
        if at < 0 or not (ev["start"] < at + len(evidence) and at < ev["end"]):
            return False
    return True
