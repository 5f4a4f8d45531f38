"""Everything the story views read, loaded once for a set of articles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from newsgraph.errors import BadQuery
from newsgraph.lang import read_table
from newsgraph.store import Store


MAX_ABOUT = 2000  # the newest articles about something that one view reads


@dataclass
class StoryData:
    """A story's articles and their records, as the store returns them (record dicts)."""

    articles: list[dict[str, Any]]
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    stances: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)

    @cached_property
    def by_id(self) -> dict[str, dict[str, Any]]:  # built once: views ask it once per record
        return {a["id"]: a for a in self.articles}

    def source_of(self, article_id: str) -> str:
        """The independent source an article counts as: a near-duplicate counts as its original."""
        article = self.by_id.get(article_id, {})
        return article.get("duplicate_of") or article_id

    def subset(self, ids: set[str]) -> "StoryData":
        """The same records, for these articles only (a facet, one language)."""
        keep = [a for a in self.articles if a["id"] in ids]
        return StoryData(keep, *([r for r in rows if r["article"] in ids] for rows in (self.events, self.quotes, self.stances, self.mentions)))

    @cached_property
    def outlets(self) -> dict[str, str]:
        return outlet_labels(self.articles)

    def outlet_of(self, article_id: str) -> str:
        return self.outlets.get(article_id) or outlet_label(self.by_id[article_id])


UNKNOWN_OUTLET = "unknown outlet"


def outlet_label(article: dict[str, Any]) -> str:
    """The outlet's name, or the web site it came from; a file name or an id is no outlet, so an
    article that names none (a bare text file) is from the "unknown outlet"."""
    if article.get("outlet"):
        return article["outlet"]
    if article.get("url"):
        from urllib.parse import urlparse

        host = urlparse(article["url"]).hostname
        if host:
            return host.removeprefix("www.")
    return UNKNOWN_OUTLET


def outlet_labels(articles: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Each article's outlet; when several name none, each is an unknown outlet of its own,
    numbered in id order ("unknown outlet 2"), so a comparison never merges them into one."""
    labels = {a["id"]: outlet_label(a) for a in articles}
    unknown = sorted(aid for aid, label in labels.items() if label == UNKNOWN_OUTLET)
    if len(unknown) > 1:
        labels.update({aid: f"{UNKNOWN_OUTLET} {n}" for n, aid in enumerate(unknown, 1)})
    return labels


def load(store: Store, article_ids: Iterable[str]) -> StoryData:
    ids = list(dict.fromkeys(article_ids))
    return StoryData(
        articles=store.articles_by_id(ids),
        events=store.records("events", article_ids=ids),
        quotes=store.records("quotes", article_ids=ids),
        stances=store.records("stances", article_ids=ids),
        mentions=store.records("actors", article_ids=ids),
    )


def select(store: Store, story: int | None, about: str | None) -> tuple[StoryData, str]:
    """The articles a view covers: one story, or every article about ``about`` (an event of its,
    or its headline, mentions it)."""
    if story is None and not about:
        raise BadQuery("say which story: --story ID (list them with `newsgraph stories`) or --about TEXT")
    if story is not None:
        found = store.story(story)
        return load(store, found["articles"]), f"story {story}: {found['title']}"
    ids = store.articles_about(about or "", limit=MAX_ABOUT)
    if not ids:
        raise BadQuery(f"no event or headline mentions {about!r}; try an actor code (RUS), a country or a place name")
    label = f"about {about!r}" + (f", its newest {MAX_ABOUT} articles" if len(ids) >= MAX_ABOUT else "")
    return load(store, ids), label


def roll_up(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (actor code, name): how often and in how many articles it is mentioned."""
    grouped: dict[tuple[Any, str], dict[str, Any]] = {}
    articles: dict[tuple[Any, str], set[str]] = defaultdict(set)
    for row in rows:
        key = (row["actor"], row["name"])
        entry = grouped.setdefault(key, {"actor": row["actor"], "name": row["name"], "sector": row["sector"], "role": row["role"], "mentions": 0})
        entry["mentions"] += 1
        entry["role"] = entry["role"] or row["role"]
        articles[key].add(row["article"])
    for key, entry in grouped.items():
        entry["articles"] = len(articles[key])
    return sorted(grouped.values(), key=lambda e: (-e["articles"], -e["mentions"], str(e["actor"]), e["name"]))


def event_about(event: dict[str, Any], about: str) -> bool:
    """The CLI's --about test for one event: its words, or its source or target code or name."""
    wanted = about.lower()
    sides = [event.get("source") or {}, event.get("target") or {}]
    return wanted in event["evidence"]["text"].lower() or any(
        wanted == (s.get("actor") or "").lower() or wanted in (s.get("name") or "").lower() for s in sides
    )


def actor_label(code: str) -> dict[str, str]:
    """Code, readable name and kind (country or organisation) of an actor code."""
    orgs, countries = _organisation_names(), _country_names()
    if code in orgs:
        return {"code": code, "name": orgs[code], "kind": "organisation"}
    if code in countries:
        return {"code": code, "name": countries[code], "kind": "country"}
    import pycountry

    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if country is not None:
        return {"code": code, "name": getattr(country, "common_name", None) or country.name, "kind": "country"}
    return {"code": code, "name": code, "kind": "organisation"}


@lru_cache(maxsize=1)
def _organisation_names() -> dict[str, str]:
    """International organisations only: an organisation's own row (no sector) names it, else its first body."""
    names: dict[str, str] = {}
    for code, name, sector, kind, *_ in read_table("organisations.tsv"):
        if kind == "igo" and (code not in names or not sector):
            names[code] = name
    return names


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {row[0]: row[1] for row in read_table("countries.tsv")}
