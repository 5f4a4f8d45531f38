"""Heads of state and government the text names without a title ("Merkel said", "Jacques Chirac met").

lang/en/leaders.tsv lists them (its header says for which countries and years). A person the
article names gets the table's country when the name is written in full, or as the one short form
no other person in the table has; and the office, with the GOV sector, when the article's date
falls within a term. A title or owner written in the text still decides over the table (coref.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsgraph.lang import read_table


@dataclass(frozen=True, slots=True)
class Leader:
    """One office held by one person, with its years (an end of None: still held)."""

    country: str
    role: str
    terms: tuple[tuple[int, int | None], ...]

    def holds(self, year: int) -> bool:
        return any(start <= year and (end is None or year <= end) for start, end in self.terms)


def _terms(cell: str) -> tuple[tuple[int, int | None], ...]:
    """ "1993-2001;2025-" -> ((1993, 2001), (2025, None))."""
    found = []
    for term in cell.split(";"):
        start, _, end = term.partition("-")
        found.append((int(start), int(end) if end else None))
    return tuple(found)


@lru_cache(maxsize=1)
def leaders() -> tuple[dict[str, list[Leader]], dict[str, list[Leader]]]:
    """The table's offices by full spelling, and by short form where only one person has it."""
    by_name: dict[str, list[Leader]] = {}
    by_short: dict[str, list[Leader]] = {}
    people_by_short: dict[str, set[str]] = {}
    for names, short, country, role, terms in read_table("leaders.tsv"):
        leader = Leader(country, role, _terms(terms))
        spellings = names.split("|")
        for name in spellings:
            by_name.setdefault(name, []).append(leader)
        for word in filter(None, short.split("|")):
            by_short.setdefault(word, []).append(leader)
            people_by_short.setdefault(word, set()).add(spellings[0])
    unique = {word: offices for word, offices in by_short.items() if len(people_by_short[word]) == 1}
    return by_name, unique


def leader_for(name: str, short: bool, published: str | None) -> tuple[str, str | None, str | None] | None:
    """(country, sector, role) of a person named ``name`` in an article published on ``published``
    (ISO date, or None); ``short`` says the name is one proper noun, which may be a short form.
    Sector and role only when the date is known and within a term of that office."""
    by_name, by_short = leaders()
    offices = by_name.get(name) or (by_short.get(name) if short else None)
    if not offices:
        return None
    year = int(published[:4]) if published and published[:4].isdigit() else None
    held = next((o for o in offices if year is not None and o.holds(year)), None)
    if held is not None:
        return held.country, "GOV", held.role
    return offices[0].country, None, None
