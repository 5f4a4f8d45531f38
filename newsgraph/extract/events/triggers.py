"""Trigger words: the event patterns (lang/<language>/event_patterns.tsv), the cue word lists
(event_cues.tsv), the POLECAT types (event_types.tsv), and which patterns a token may trigger."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from newsgraph.lang import read_table

CLAUSES = {"advcl", "acl", "ccomp", "xcomp"}


@dataclass(frozen=True, slots=True)
class Pattern:
    """One row of event_patterns.tsv."""

    lemma: str
    pos: str
    type: str
    mode: str | None
    targets: tuple[str, ...]
    needs: frozenset[str]
    when: str | None


def _rows(name: str, language: str = "en") -> list[dict[str, str]]:
    """Rows of a table whose first line names its columns."""
    header, *rows = read_table(name, language)
    return [dict(zip(header, (*row, *[""] * (len(header) - len(row))))) for row in rows]


@lru_cache(maxsize=None)
def patterns(language: str = "en") -> dict[tuple[str, str], tuple[Pattern, ...]]:
    """Trigger patterns by (lemma, pos), in file order (lang/<language>/event_patterns.tsv)."""
    table: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
    for row in _rows("event_patterns.tsv", language):
        needs = frozenset(w for w in (row.get("with") or "").split("|") if w)
        table[(row["lemma"], row["pos"])].append(Pattern(
            row["lemma"], row["pos"], row["type"], row["mode"] or None,
            tuple(t for t in row["target"].split(",") if t), needs, row.get("when") or None))
    return {key: tuple(value) for key, value in table.items()}


@lru_cache(maxsize=None)
def cues(language: str = "en") -> dict[str, frozenset[str]]:
    """Word lists by category from lang/<language>/event_cues.tsv."""
    table: dict[str, set[str]] = defaultdict(set)
    for category, word, *_ in read_table("event_cues.tsv", language):
        table[category].add(word)
    return defaultdict(frozenset, {k: frozenset(v) for k, v in table.items()})


@lru_cache(maxsize=1)
def event_types() -> dict[str, dict[str, str]]:
    """The POLECAT types with their target rule, PLV label and CAMEO root."""
    return {row["type"]: row for row in _rows("event_types.tsv")}


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    words = {lemma for lemma, _ in patterns()} | {w for ws in cues().values() for w in ws}
    return frozenset(words | {w for ws in cues().values() for w in ws for w in w.split()})


def lemma(token: Token) -> str:
    """spaCy's lemma, unless it missed one of our words ("staged" -> "stag")."""
    found = token.lemma_.lower()
    if found in _known():
        return found
    word = token.lower_
    for variant in (word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-4]):
        if len(variant) > 2 and variant in _known() and _inflects(variant, word):
            return variant
    return found


def _inflects(stem: str, word: str) -> bool:
    """``word`` is an inflected form of ``stem`` ("staged" of stage, "banned" of ban, not "banged")."""
    forms = {stem + end for end in ("s", "es", "ed", "d", "ing")}
    forms |= {stem + stem[-1] + end for end in ("ed", "ing")} | {stem[:-1] + "ing", stem[:-1] + "ied", stem[:-1] + "ies"}
    return word in forms


POS = {"VERB": "V", "NOUN": "N", "PROPN": "N"}


def _pos(token: Token) -> str | None:
    return POS.get(token.pos_)


def _has_child(token: Token, lemmas: frozenset[str]) -> bool:
    """A child ("phone" call, call "for"), the word opening a clause under it ("call for Egypt
    to lift"), the governing verb ("sign" an agreement), or a preposition of the light verb a
    noun is the object of ("held exercises with Japan")."""
    opening = [m for c in token.children if c.dep_ in CLAUSES for m in c.children if m.dep_ == "mark"]
    light = token.head if token.dep_ == "dobj" and _pos(token) == "N" and lemma(token.head) in cues()["light"] else None
    beside = [c for c in light.children if c.dep_ == "prep"] if light is not None else []
    return any(lemma(t) in lemmas or t.lower_ in lemmas for t in (*token.children, *opening, token.head, *beside))


def _clause_for(host: Token) -> Token | None:
    """The clause "for X to ..." under a word ("its call for Egypt to lift the limits")."""
    return next((c for c in host.children if c.dep_ in CLAUSES and any(
        m.dep_ == "mark" and m.lower_ == "for" for m in c.children)), None)


def candidates(token: Token) -> tuple[Pattern, ...]:
    """The patterns a token may trigger, specific rows first (remembered per document: the
    patterns, the candidate pairs and the marked-pair features all ask)."""
    table = token.doc.user_data.setdefault("newsgraph_triggers", {})
    found = table.get(token.i)
    if found is None:
        pos = _pos(token)
        found = patterns().get((lemma(token), pos), ()) if pos else ()
        found = table[token.i] = tuple(p for p in found if not p.needs or _has_child(token, p.needs))
    return found
