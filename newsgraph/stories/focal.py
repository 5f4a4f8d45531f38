"""The focal event of a story's reactions: what it is (type, doer, target, where) and its name in words.

A reader wants "the military takeover in Gabon", not "COERCE BFA→?". The code of the act
comes from the stances' ``toward`` and the story's own events; its name in words is the phrase
the story's statements and headlines use most for it ("condemned the military takeover in Burkina
Faso"), headed by a noun from ``lang/en/event_nouns.tsv``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any

from newsgraph.extract.stances.signals import DOER_TYPES, FOCAL_TYPES
from newsgraph.lang import read_table
from newsgraph.stories.data import StoryData, actor_label

DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her", "last", "monday's", "sunday's"})
MAX_MODIFIERS = 4
# what an act's noun is preceded by when the phrase names its undoing, not the act
UNDOING = re.compile(r"(?:lifting|lifted|end|ending|reversal|repeal|withdrawal|revocation)\s+(?:of\s+)?(?:the\s+)?$", re.IGNORECASE)
_WORD = re.compile(r"[\w’'.-]+")
# events whose target is where a story happens: what others react to, and the reactions aimed at it
TARGETED_TYPES = frozenset({*FOCAL_TYPES, "ACCUSE", "REQUEST"})


def focal_key(toward: str) -> str:
    """Reactions are to what a doer did to a target ("USA→VEN"): a strike and the capture it
    led to, coded as two events, are one thing to react to. Empty when no event was named."""
    key = toward.split(":", 1)[0].partition(" ")[2]
    return key if "→" in key else ""


def focal_of(data: StoryData, about: str | None = None) -> dict[str, Any]:
    """The action the story's reactions are about: the doer→target that the stances name most,
    with the story's own conflictual events as further votes (one per article). A doer that is
    itself among the reactors is not it unless it did a clear act (a foreign government that
    deployed troops years before is no coup's doer)."""
    home = home_country(data)
    reactors = {s["actor"]["actor"] for s in data.stances} - {home}
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
    def plausible(key: str) -> bool:
        kinds = {t.split(" ", 1)[0] for t in descriptions[key]}
        return key.partition("→")[0] not in reactors or bool(kinds & set(DOER_TYPES))

    ranked = [k for k, _ in counts.most_common() if plausible(k)]
    if not ranked:
        words, kind = event_words(data, ())
        return {"event": None, "description": about or words or "the story's main event", "words": words, "kind": kind, "home": home}
    key = ranked[0]
    source, _, target = key.partition("→")
    types = sorted({t.split(" ", 1)[0] for t in descriptions[key]})
    words, kind = event_words(data, types)
    return {
        "event": key,
        "types": types,
        "source": None if source == "?" else source,
        "target": None if target == "?" else target,
        "description": descriptions[key].most_common(1)[0][0],
        "words": words,
        "kind": kind,
        "home": home,
    }


def home_country(data: StoryData) -> str | None:
    """Where the story happens: the country its conflictual events are done to (New Zealand's
    sanctions and Canada's protest against Myanmar make Myanmar the story's country, however often
    New Zealand is named), else the one most of its articles name, most often, ties going to the
    country the articles name first (their lead says where it happened)."""
    targets = Counter(
        code
        for e in data.events
        if e["type"] in TARGETED_TYPES and (code := (e.get("target") or {}).get("actor")) and actor_label(code)["kind"] == "country"
        and code != (e.get("source") or {}).get("actor")
    )
    if targets:
        ranked = targets.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            return ranked[0][0]
    return _most_named(data)


def _most_named(data: StoryData) -> str | None:
    articles: dict[str, set[str]] = defaultdict(set)
    mentions: Counter[str] = Counter()
    first: dict[str, tuple[str, int]] = {}
    for m in data.mentions:
        code = m.get("actor")
        if code and actor_label(code)["kind"] == "country":
            articles[code].add(m["article"])
            mentions[code] += 1
            at = m.get("start", 0)
            if m["article"] not in first or at < first[m["article"]][1]:
                first[m["article"]] = (code, at)
    if not mentions:
        return None
    leads = Counter(code for code, _ in first.values())
    return max(mentions, key=lambda c: (len(articles[c]), leads[c], mentions[c], c))


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


@lru_cache(maxsize=1)
def _noun_types() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_table("event_nouns.tsv")}


@lru_cache(maxsize=1)
def _noun_pattern() -> re.Pattern[str]:
    nouns = sorted(_noun_types(), key=len, reverse=True)
    tail = r"(?:\s+(?:in|of|on|against|by)\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*){0,3})?"
    return re.compile(r"\b(?P<noun>(?i:" + "|".join(re.escape(n) for n in nouns) + r"))\b" + f"(?P<tail>{tail})")


def event_words(data: StoryData, types: list[str] | tuple[str, ...]) -> tuple[str | None, str | None]:
    """The story's own name for its focal act and the type its noun names: the act noun most used
    across its articles (of the focal event's type when one was coded; sanctions, often the answer
    to an act, last; one the story names with a place or party first), in the most used phrase that also says where or whose ("the Myanmar coup",
    "the military takeover in Gabon"), else in its plainest form ("the coup")."""
    texts: list[tuple[str, str]] = [(a["id"], a["title"]) for a in data.articles if a.get("title")]
    seen: set[tuple[str, int]] = set()
    for stance in data.stances:
        for span in stance["evidence"]:
            if (stance["article"], span["start"]) not in seen:
                seen.add((stance["article"], span["start"]))
                texts.append((stance["article"], span["text"]))
    heads: dict[str, set[str]] = defaultdict(set)
    phrases: dict[str, Counter[str]] = defaultdict(Counter)
    for article, text in texts:
        for match in _noun_pattern().finditer(text):
            if UNDOING.search(text[: match.start()]):
                continue
            head = match.group("noun").lower()
            heads[head].add(article)
            phrases[head][_phrase(text, match)] += 1
    if not heads:
        return None, None
    kinds = _noun_types()
    named_of = {h: [p for p in phrases[h] if any(w[:1].isupper() for w in p.split()[1:])] for h in heads}
    head = max(heads, key=lambda h: (kinds[h] in types, kinds[h] != "SANCTION", bool(named_of[h]), len(heads[h]), len(h), h))
    named = named_of[head]
    pool = Counter({p: phrases[head][p] for p in named}) if named else phrases[head]
    return max(pool, key=lambda p: (pool[p], len(p), p)), kinds[head]


def _phrase(text: str, match: re.Match[str]) -> str:
    """The noun phrase around an act noun: its determiner, possessors and modifiers to the left
    (capitalised words, "military"), and a place or party to the right ("in Burkina Faso")."""
    words = [(m.start(), m.group()) for m in _WORD.finditer(text[: match.start()])]
    start = match.start()
    taken = 0
    for at, word in reversed(words):
        lower = word.lower()
        if taken >= MAX_MODIFIERS or (text[at + len(word) : start].strip() not in ("",)):
            break
        if lower in DETERMINERS:
            start = at
            break
        if word[:1].isupper() or lower in _modifiers() or lower.endswith(("'s", "’s")):
            start, taken = at, taken + 1
            continue
        break
    end = match.end() if not re.search(r"['’]s$", match.group("tail") or "") else match.end("noun")
    phrase = text[start:end].strip().rstrip(".,;")  # "the detention of Myanmar's leaders": not "of Myanmar's"
    first = phrase.split(" ", 1)[0]
    if first.lower() in DETERMINERS:
        return first.lower() + phrase[len(first) :]
    if re.search(r"['’]s\b", text[start : match.start()]):
        return phrase  # "South Korea's martial law" needs no article
    return "the " + phrase


@lru_cache(maxsize=1)
def _modifiers() -> frozenset[str]:
    return frozenset({"military", "army", "attempted", "failed", "alleged", "apparent", "sudden", "emergency", "armed", "violent", "bloodless", "weekend", "overnight"})


def headline(focal: dict[str, Any]) -> str:
    """"the coup in Burkina Faso (COERCE; in Burkina Faso)", for a table's title: the act in the
    story's own words, with its type and who did it to whom (or where) beside it."""
    words = focal.get("words")
    kind = focal.get("kind") or ", ".join(focal.get("types") or ())
    source, target, home = focal.get("source"), focal.get("target"), focal.get("home")
    parties = f"by {actor_label(source)['name']}" if source else ""
    if target and target != source:
        parties += f" against {actor_label(target)['name']}"
    elif home and not source:
        parties = f"in {actor_label(home)['name']}"
    detail = "; ".join(p for p in (kind, parties.strip()) if p)
    if not words:
        return f"{focal['description']} ({detail})" if detail and not focal.get("event") else (detail or focal["description"])
    return f"{words} ({detail})" if detail else words
