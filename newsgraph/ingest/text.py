"""Plain-text article exports: a title line, date lines, then the body.

Two layouts are read:

* an export like the ones newsrooms' tools save: a title line, date lines such
  as "3 Jan, 2026 17:10 / Updated 4 hours ago" (or " date 2026-01-03" glued
  before the first paragraph), an optional "By ..." line, then paragraphs;
* a header block of ``Key: value`` lines (Title, Outlet, URL, Source,
  Published, Date, Updated, Byline, Language; keys in any case), optionally
  after a headline line of its own, a blank line, then paragraphs.

Image captions ("IMAGE: ... Photograph: Name/Agency") go to ``captions`` and
never into the body. Paragraphs are joined with a blank line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from newsgraph.errors import BadInput
from newsgraph.ingest.base import Item, decode, iso_datetime, read_one_article
from newsgraph.ingest.captions import split_credit
from newsgraph.model import Article, Caption

HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "outlet": "outlet",
    "source": "outlet",
    "publication": "outlet",
    "url": "url",
    "link": "url",
    "published": "published",
    "date": "published",
    "updated": "updated",
    "modified": "updated",
    "byline": "byline",
    "author": "byline",
    "by": "byline",
    "language": "language",
    "lang": "language",
}
_HEADER_LINE = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.+?)\s*$")
_DATE_PREFIX = re.compile(
    r"^\s*date\s+(\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)\s*",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"^\s*(?:IMAGE|PHOTO|PICTURE|CAPTION|PHOTOGRAPH)\s*:\s*(?P<body>.+)$", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*By\s+(?P<name>[A-Z][\w.'’-]*(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*){0,6})\s*$")
_MONTH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\b(ago|today|yesterday|just now|minutes?|hours?)\b", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^\s*(published|posted|updated|last updated|modified|date)\s*:?\s*", re.IGNORECASE)
MAX_DATE_LINE = 80
MAX_TITLE = 250


def read_text(stream: BinaryIO, location: str) -> Iterator[Item]:
    too_big = "over {mb} MB of plain text is not one article; split it into one file per article, or use JSONL"
    yield parse_text(decode(read_one_article(stream, location, too_big), location), location)


def parse_text(raw: str, location: str | None = None) -> Article:
    """Split a plain-text export into metadata, captions and body."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, str] = {}
    rest = _read_header_block(lines, meta)
    if rest is None:
        rest = _read_loose_header(lines, meta)
    paragraphs, captions = _paragraphs(rest)
    if not paragraphs:
        raise BadInput(f"{location or 'text'}: no article text found (the file is empty or only a header)")
    return Article.build(
        "\n\n".join(paragraphs),
        title=meta.get("title"),
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        published=iso_datetime(meta.get("published")),
        updated=iso_datetime(meta.get("updated")),
        byline=meta.get("byline"),
        language=meta.get("language"),
        captions=tuple(captions),
        location=location,
        format="text",
    )


def _read_header_block(lines: list[str], meta: dict[str, str]) -> list[str] | None:
    """``Key: value`` lines up to the first blank line, or None when the file has none.

    Exports often put the headline on a line of its own right above the block."""
    first = _first_content(lines)
    if first is None:
        return None
    i = first
    if not _header_key(lines[first]):
        headline = lines[first].strip()
        if len(headline) > MAX_TITLE or first + 1 >= len(lines) or not _header_key(lines[first + 1]):
            return None
        meta["title"] = headline
        i = first + 1
    while i < len(lines) and lines[i].strip():
        key = _header_key(lines[i])
        if key is None:
            return None
        value = _HEADER_LINE.match(lines[i]).group(2)  # type: ignore[union-attr]
        if key == "outlet" and re.match(r"https?://", value, re.IGNORECASE):
            key = "url"  # "Source: https://..." names where it came from, not who published it
        meta.setdefault(key, value)
        i += 1
    return lines[i:]


def _header_key(line: str) -> str | None:
    match = _HEADER_LINE.match(line)
    if not match or _CAPTION.match(line):
        return None
    return HEADER_KEYS.get(match.group(1).lower())


def _read_loose_header(lines: list[str], meta: dict[str, str]) -> list[str]:
    """A title line, then date and byline lines, as exports from news sites look."""
    i = _first_content(lines)
    if i is None:
        return []
    rest = lines[i:]
    if not _take_date(rest[0], meta, rest, 0) and len(rest[0].strip()) <= MAX_TITLE and _first_content(rest[1:]) is not None:
        meta["title"] = rest[0].strip()
        rest = rest[1:]
    # up to three date or byline lines may follow the title
    for _ in range(3):
        j = _first_content(rest)
        if j is None:
            break
        if _take_date(rest[j], meta, rest, j):
            rest = rest[j:] if rest[j].strip() else rest[j + 1 :]
            continue
        byline = _BYLINE.match(rest[j])
        if byline and "byline" not in meta:
            meta["byline"] = byline.group("name")
            rest = rest[j + 1 :]
            continue
        break
    return rest


def _take_date(line: str, meta: dict[str, str], lines: list[str], index: int) -> bool:
    """Consume a date line, or a date glued before the first paragraph (rewriting it in place)."""
    glued = _DATE_PREFIX.match(line)
    if glued:
        meta.setdefault("published", glued.group(1))
        lines[index] = line[glued.end() :]
        return True
    if len(line.strip()) > MAX_DATE_LINE or not any(ch.isdigit() for ch in line):
        return False
    parts = [p.strip() for p in re.split(r"\s+[/|•·]\s+", line.strip()) if p.strip()]
    found = False
    for part in parts:
        label = _DATE_LABEL.match(part)
        value = part[label.end() :] if label else part
        is_update = bool(label and label.group(1).lower() in ("updated", "last updated", "modified"))
        if _RELATIVE.search(value):
            found = found or is_update  # "Updated 4 hours ago": furniture, no date we can trust
            continue
        if not _MONTH.search(value) or iso_datetime(value) is None:
            return False
        meta.setdefault("updated" if is_update else "published", value)
        found = True
    if found:
        lines[index] = ""
    return found


def _paragraphs(lines: list[str]) -> tuple[list[str], list[Caption]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    has_blank_separators = len([b for b in blocks if b]) > 1
    paragraphs: list[str] = []
    captions: list[Caption] = []
    for block in blocks:
        units = [" ".join(block)] if has_blank_separators else block
        for unit in units:
            if not unit:
                continue
            caption = _CAPTION.match(unit)
            if caption:
                captions.append(split_credit(caption.group("body")))
            else:
                paragraphs.append(unit)
    return paragraphs, captions


def _first_content(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if line.strip():
            return i
    return None
