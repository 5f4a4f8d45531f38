"""Cross-source comparison: what each outlet shares with others, what only it reports,
whom it quotes, and the words it uses in its own voice."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.lang import read_table
from newsgraph.stories.data import StoryData
from newsgraph.stories.timeline import fact_key

SAME_QUOTE = 0.5  # content-word overlap above which two quotes by one speaker are one statement
MIN_WORDS = 4  # a shorter quote is too little to match on
_WORD = re.compile(r"[a-z0-9']+")


@lru_cache(maxsize=1)
def framing_terms() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((term, re.compile(pattern, re.IGNORECASE)) for term, pattern in read_table("framing.tsv"))


def compare(data: StoryData) -> dict[str, Any]:
    facts = _facts(data)
    outlets: dict[str, dict[str, Any]] = {}
    for article in data.articles:
        name = data.outlet_of(article["id"])
        entry = outlets.setdefault(name, {"outlet": name, "articles": [], "shared": [], "only_here": [], "quotes": Counter(), "framing": Counter()})
        entry["articles"].append(article["id"])
        entry["framing"].update(own_voice_terms(article["text"], [q for q in data.quotes if q["article"] == article["id"]]))
    for fact in facts:
        carried = sorted({data.outlet_of(a) for a in fact["articles"]})
        for name in carried:
            view = {"fact": fact["label"], "kind": fact["kind"], "evidence": fact["evidence"][name]}
            if len(carried) > 1:
                outlets[name]["shared"].append({**view, "also_in": [o for o in carried if o != name]})
            else:
                outlets[name]["only_here"].append(view)
    for quote in data.quotes:
        speaker = quote["speaker"] or {}
        label = speaker.get("name") or "unattributed"
        outlets[data.outlet_of(quote["article"])]["quotes"][f"{label} ({speaker.get('actor') or '?'})"] += 1
    result = []
    for entry in outlets.values():
        entry["quotes"] = [{"speaker": k, "quotes": v} for k, v in entry["quotes"].most_common()]
        entry["framing"] = dict(entry["framing"].most_common())
        result.append(entry)
    return {"outlets": sorted(result, key=lambda e: e["outlet"]), "shared_facts": [f["label"] for f in facts if len({data.outlet_of(a) for a in f["articles"]}) > 1]}


def own_voice_terms(text: str, quotes: list[dict[str, Any]]) -> Counter[str]:
    """Framing words the outlet uses itself: everything outside quoted and reported speech."""
    spans = sorted((q["content"]["start"], q["content"]["end"]) for q in quotes)
    pieces, at = [], 0
    for start, end in spans:
        if start > at:
            pieces.append(text[at:start])
        at = max(at, end)
    pieces.append(text[at:])
    own = " ".join(pieces)
    return Counter({term: n for term, pattern in framing_terms() if (n := len(pattern.findall(own)))})


def _facts(data: StoryData) -> list[dict[str, Any]]:
    """Events (by type and actors) and statements (by speaker and wording), merged across articles."""
    facts: list[dict[str, Any]] = []
    by_event: dict[tuple[Any, ...], dict[str, Any]] = {}
    for event in data.events:
        key = fact_key(event)
        if key not in by_event:
            kind, source, target = key
            by_event[key] = {"kind": "event", "label": f"{kind} {source or '?'}→{target or '?'}", "articles": set(), "evidence": {}}
            facts.append(by_event[key])
        _note(by_event[key], data, event["article"], event["evidence"])
    statements: list[tuple[str | None, set[str], dict[str, Any]]] = []
    labels: dict[tuple[str, str], dict[str, Any]] = {}
    for quote in data.quotes:
        speaker = (quote["speaker"] or {}).get("actor")
        name = (quote["speaker"] or {}).get("name") or "unattributed"
        words = content_words(quote["content"]["text"])
        match = next((f for s, w, f in statements if s == speaker and _overlap(w, words) >= SAME_QUOTE), None)
        if match is None:
            match = {"kind": "quote", "label": f"{name}: “{quote['content']['text'][:60]}…”", "articles": set(), "evidence": {}}
            if len(words) >= MIN_WORDS:
                statements.append((speaker, words, match))
            facts.append(match)
        _note(match, data, quote["article"], quote["content"])
        if speaker:  # what the speaker calls it: "Russia: aggression", however each outlet quotes it
            for term, pattern in framing_terms():
                if pattern.search(quote["content"]["text"]):
                    key = (speaker, term)
                    if key not in labels:
                        labels[key] = {"kind": "label", "label": f"{speaker} calls it {term}", "articles": set(), "evidence": {}}
                        facts.append(labels[key])
                    _note(labels[key], data, quote["article"], quote["content"])
    for fact in facts:
        fact["articles"] = sorted(fact["articles"])
    return facts


def content_words(text: str) -> set[str]:
    """The words that carry meaning: two quotes share 'the' and 'and' whatever they say."""
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS}


def _note(fact: dict[str, Any], data: StoryData, article: str, span: dict[str, Any]) -> None:
    fact["articles"].add(article)
    fact["evidence"].setdefault(data.outlet_of(article), {"article": article, **span})


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0
