"""What an article's lead says happened and where, in words no language owns: "coup@NER".

Two reports of one happening in two languages share few words, but both name the act ("the
coup", "el golpe") next to the country it happened in, and both code that country the same
way. The act comes from the event-noun table of the article's language (its third column is
the act in the same words for every language); the country is the one written with it ("the
Myanmar coup", "el golpe en Níger"). Only the lead is read: that is where news says what happened, while
background further down names older acts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsgraph.lang import read_table
from newsgraph.model import Mention

LEAD_CHARS = 1_200
NEAR_CHARS = 80  # an act and its country are written close together: "the coup in Niger", "Niger's coup"
PLACE_KINDS = frozenset({"name", "metonym", "demonym"})


@lru_cache(maxsize=None)
def _acts(language: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    try:
        rows = read_table("event_nouns.tsv", language)
    except FileNotFoundError:
        return None
    acts = {row[0].lower(): row[2] for row in rows if len(row) > 2}
    nouns = sorted(acts, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in nouns) + r")\b", re.IGNORECASE), acts


def act_keys(
    title: str | None, title_mentions: list[Mention], text: str, mentions: list[Mention], language: str | None
) -> tuple[frozenset[str], frozenset[str]]:
    """``act@COUNTRY`` keys of the headline and the lead: those whose country is written with the
    act ("the coup in Niger"), which a story keeps; and hints, each act of the lead with each
    country the lead names ("the coup" ... "Niger"), which only find a story that has the key."""
    found = _acts(language or "en")
    if found is None:
        return frozenset(), frozenset()
    lead = min(len(text), LEAD_CHARS)
    keys, title_hints = _keys_in(title or "", title_mentions, len(title or ""), *found)
    lead_keys, hints = _keys_in(text, mentions, lead, *found)
    return keys | lead_keys, title_hints | hints


def _keys_in(
    text: str, mentions: list[Mention], end: int, pattern: re.Pattern[str], acts: dict[str, str]
) -> tuple[frozenset[str], frozenset[str]]:
    from newsgraph.stories.data import actor_label

    places = [
        m for m in mentions
        if m.span.start < end + NEAR_CHARS and m.kind in PLACE_KINDS and m.ref.actor and actor_label(m.ref.actor)["kind"] == "country"
    ]
    keys, named = set(), set()
    for match in pattern.finditer(text, 0, end):
        act = acts[match.group().lower()]
        named.add(act)
        country = _attached(text, match, places)
        if country:
            keys.add(f"{act}@{country}")
    countries = {m.ref.actor for m in places if m.span.start < end}
    return frozenset(keys), frozenset(f"{act}@{country}" for act in named for country in countries)


# "Myanmar coup", "Niger's coup", "the Nigerien military takeover" (the table holds "military
# takeover"): the country just before the act, nothing between but a possessive
_BEFORE = re.compile(r"(?:['’]s)?\s+")
# "the coup in Niger", "el golpe de Estado en Myanmar", "the coup attempt against the government of Niger"
_AFTER = re.compile(
    r"\s+(?:[^\W\d]+\s+){0,3}?(?:in|en|of|de|del|against|contra|on|sobre)\s+(?:the\s+|el\s+|la\s+|los\s+|las\s+)?",
    re.IGNORECASE,
)


def _attached(text: str, act: re.Match[str], places: list[Mention]) -> str | None:
    """The country the act is written with, before it or after a preposition; else none (a
    country named further off in the sentence is as often the one that reacted)."""
    for m in sorted(places, key=lambda m: abs(m.span.start - act.start())):
        if 0 <= act.start() - m.span.end <= NEAR_CHARS and _BEFORE.fullmatch(text, m.span.end, act.start()):
            return m.ref.actor
        if 0 <= m.span.start - act.end() <= NEAR_CHARS and _AFTER.fullmatch(text, act.end(), m.span.start):
            return m.ref.actor
    return None


def places(title_mentions: list[Mention], mentions: list[Mention]) -> frozenset[str]:
    """Where the article says it happens: the countries its headline names, and the one its text
    names most (ties to the first named). Codes are the same in every language."""
    from newsgraph.stories.data import actor_label

    def countries(found: list[Mention]) -> list[str]:
        return [m.ref.actor for m in found if m.kind in PLACE_KINDS and m.ref.actor and actor_label(m.ref.actor)["kind"] == "country"]

    named = countries(mentions)
    where = set(countries(title_mentions))
    if named:
        where.add(max(dict.fromkeys(named), key=named.count))
    return frozenset(where)
