"""Find the stretches of an article that stand between quotation marks.

Quote attribution needs to know where a quotation starts and ends before it
can look for its cue and speaker. Marks come from ``lang/en/quote_marks.tsv``;
curly, straight and angle marks are read, quotes are matched paragraph by
paragraph, and a quote left open at a paragraph's end runs to that end (the
news convention for a statement continued in the next paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_PARAGRAPH = re.compile(r"[^\n]+")
_OPENER_BEFORE = set(" \t([{—–-/") | {"“", '"', "‘", "«", "„"}


@dataclass(frozen=True, slots=True)
class Quoted:
    """One quotation: where its marks are and where its words are.

    ``close`` is None when the quote runs on to the end of its paragraph.
    ``start``/``end`` delimit the words, marks and outer spaces excluded.
    """

    open: int
    close: int | None
    start: int
    end: int
    paragraph: int
    kind: str  # double | single
    opens_paragraph: bool


@dataclass(frozen=True, slots=True)
class MarkTable:
    closers: dict[str, str]  # opener -> the marks that close it (space-separated when wider than one character)
    kind: dict[str, str]  # opener -> double | single
    pattern: re.Pattern[str]  # any mark, the widest first

    @property
    def straight(self) -> set[str]:
        return {m for m, c in self.closers.items() if m in c}


@lru_cache(maxsize=1)
def mark_table() -> MarkTable:
    """The quotation marks we read, from the language data file."""
    closers: dict[str, str] = {}
    kind: dict[str, str] = {}
    text = resources.files("newsgraph.lang.en").joinpath("quote_marks.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        opener, close, what = line.split("\t")[:3]
        closers[opener] = close
        kind[opener] = what.strip()
    every = set(closers) | {c for close in closers.values() for c in close.split()}
    every |= {ch for close in closers.values() if " " not in close for ch in close}
    pattern = re.compile("|".join(re.escape(m) for m in sorted(every, key=len, reverse=True)))
    return MarkTable(closers, kind, pattern)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the non-empty lines: one line is one paragraph."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opener_like(text: str, i: int, width: int, start: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before in _OPENER_BEFORE or before.isspace()) and not after.isspace()


def _closer_like(text: str, i: int, width: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _marks(text: str, start: int, end: int, table: MarkTable) -> list[tuple[int, str]]:
    """Positions of the quotation marks in a paragraph, two-character marks ('') first."""
    return [(m.start(), m.group()) for m in table.pattern.finditer(text, start, end)]


def _closes(mark: str, opener: str, table: MarkTable) -> bool:
    closers = table.closers[opener]
    return mark in closers.split() if " " in closers else (len(mark) == 1 and mark in closers) or mark == closers


def _scan_paragraph(text: str, start: int, end: int, index: int, table: MarkTable) -> list[Quoted]:
    found: list[Quoted] = []
    first = _strip(text, start, end)[0]
    open_at: tuple[int, str] | None = None  # the open double quote
    single_at: tuple[int, str] | None = None  # an open single quote, outside double quotes
    straight = table.straight

    def add(o: tuple[int, str], c: int | None, kind: str) -> None:
        s, e = _strip(text, o[0] + len(o[1]), c if c is not None else end)
        if e > s:
            found.append(Quoted(o[0], c, s, e, index, kind, o[0] == first))

    for i, mark in _marks(text, start, end, table):
        width = len(mark)
        if open_at is not None:
            if _closes(mark, open_at[1], table) and (
                mark not in straight or _closer_like(text, i, width) or not _opener_like(text, i, width, start)
            ):
                add(open_at, i, "double")
                open_at = None
            elif table.kind.get(mark) == "double" and mark not in straight:
                if _closer_like(text, i, width):
                    add(open_at, i, "double")  # “…“ : an opening mark typed for the closing one
                    open_at = None
                else:
                    add(open_at, i, "double")  # a new opener before a closer: the last quote lost its close
                    open_at = (i, mark)
            continue
        if single_at is not None:
            if _closes(mark, single_at[1], table) and _closer_like(text, i, width):
                add(single_at, i, "single")
                single_at = None
                continue
        kind = table.kind.get(mark)
        if kind is None:
            continue  # a closer with nothing open: a stray mark
        if mark in straight and not _opener_like(text, i, width, start):
            continue
        after = text[i + width] if i + width < end else " "
        if kind == "double":
            single_at = None  # a double quote inside an unclosed single one: the single was an apostrophe
            open_at = (i, mark)
        elif single_at is None and after.isalpha() and (i == start or not text[i - 1].isalnum()):
            single_at = (i, mark)
    if open_at is not None:
        add(open_at, None, "double")
    return found


def find_quoted(text: str) -> list[Quoted]:
    """Every quotation in ``text``, in order; nested quotes stay inside their outer one."""
    table = mark_table()
    found: list[Quoted] = []
    for index, (start, end) in enumerate(paragraphs(text)):
        found.extend(_scan_paragraph(text, start, end, index, table))
    return sorted(found, key=lambda q: q.open)
