"""Limits and cleaning applied to everything a reader yields, whatever the reader.

Readers turn bytes into records; this module makes sure no record reaches the parser or
the store in a form that breaks them or costs unbounded memory:

- a lone surrogate (from a JSON ``"\\ud800"`` escape or a character reference) or a NUL
  anywhere becomes U+FFFD, so the record can be encoded as UTF-8 and stored;
- article text over ``MAX_TEXT_CHARS`` is cut at a paragraph or word boundary, with a
  :class:`~newsgraph.ingest.base.Note` in the report (spaCy needs about 3 MB of memory per
  1,000 characters of one document, and refuses documents over 1,000,000 characters);
- titles, outlets, bylines and URLs over ``MAX_FIELD_CHARS`` are cut (URLs are dropped:
  a cut URL points nowhere), a language tag that is not one is dropped, and captions are
  limited in number and length;
- locations and reasons are one line of bounded length, so every failure prints as one line.

An article's id is derived from its content, so an article that is changed here gets the
id of its new content: the same input always gives the same id.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from newsgraph.ingest.base import Item, Note
from newsgraph.model import Article, Caption, PendingUrl, ReadFailure, Skipped, content_id

# Article text kept: spaCy's memory grows ~3 MB per 1,000 characters of one document, so
# 100,000 characters cost ~330 MB at parse time; real articles are under 30,000.
MAX_TEXT_CHARS = 100_000
# A cut looks back this far for a paragraph break or a space to cut at.
CUT_LOOKBACK = 5_000
# Title, outlet, byline: no real one is longer.
MAX_FIELD_CHARS = 1_000
MAX_URL_CHARS = 4_096
MAX_LANGUAGE_CHARS = 16  # the store's column; "en-GB" is 5
MAX_DATE_CHARS = 40  # the store's column; an ISO 8601 date with time and zone is 32
MAX_CAPTIONS = 200
MAX_CAPTION_CHARS = 2_000
MAX_LOCATION_CHARS = 2_000
MAX_REASON_CHARS = 500

_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\ud800-\udfff]+")


def clean(value: str) -> str:
    """``value`` with lone surrogates and NULs replaced by U+FFFD (they cannot be stored)."""
    return _UNSTORABLE.sub("\ufffd", value)


def one_line(value: str, limit: int = MAX_REASON_CHARS) -> str:
    """``value`` as one printable line of at most ``limit`` characters."""
    line = _LINE_BREAKS.sub(" ", value[: limit * 2]).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def guard(item: Item) -> Iterator[Item]:
    """``item`` made safe to parse, store and print, followed by a Note when it was changed."""
    if isinstance(item, Article):
        yield from _guard_article(item)
    elif isinstance(item, PendingUrl):
        yield PendingUrl(
            url=clean(item.url[:MAX_URL_CHARS]),
            title=_field(item.title),
            outlet=_field(item.outlet),
            published=_date(item.published),
            location=_location(item.location),
        )
    elif isinstance(item, (ReadFailure, Skipped, Note)):
        yield type(item)(one_line(item.location, MAX_LOCATION_CHARS), one_line(item.reason))
    else:  # pragma: no cover - readers yield only the kinds above
        raise TypeError(f"unknown item {type(item).__name__}")


def cut_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """The start of ``text`` up to ``limit`` characters, ending at a paragraph break or a space
    when one is near the limit."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    floor = limit - CUT_LOOKBACK
    for boundary in ("\n\n", "\n", ". ", " "):
        at = head.rfind(boundary, floor)
        if at > 0:
            return head[: at + (1 if boundary == ". " else 0)].rstrip()
    return head


def _guard_article(article: Article) -> Iterator[Item]:
    location = _location(article.location)
    notes: list[str] = []
    text = clean(article.text)
    if len(text) > MAX_TEXT_CHARS:
        size = len(text)
        text = cut_text(text)
        notes.append(
            f"article text of {size:,} characters cut to its first {len(text):,} "
            f"(the limit is {MAX_TEXT_CHARS:,}); split it into several articles to keep the rest"
        )
    title = _field(article.title)
    url = article.url
    if url is not None and len(url) > MAX_URL_CHARS:
        notes.append(f"URL of {len(url):,} characters dropped (the limit is {MAX_URL_CHARS:,})")
        url = None
    language = article.language
    if language is not None and (len(language) > MAX_LANGUAGE_CHARS or not language.strip()):
        language = None
    captions = article.captions
    if len(captions) > MAX_CAPTIONS:
        notes.append(f"{len(captions):,} captions, only the first {MAX_CAPTIONS} kept")
        captions = captions[:MAX_CAPTIONS]
    captions = tuple(
        Caption(clean(c.text[:MAX_CAPTION_CHARS]), _field(c.credit)) for c in captions
    )
    safe = dataclasses.replace(
        article,
        text=text,
        title=title,
        outlet=_field(article.outlet),
        url=_short(url, MAX_URL_CHARS),
        published=_date(article.published),
        updated=_date(article.updated),
        byline=_field(article.byline),
        language=None if language is None else clean(language),
        captions=captions,
        location=location,
    )
    if (safe.text, safe.title) != (article.text, article.title):
        safe = dataclasses.replace(safe, id=content_id(safe.title, safe.text))
    yield safe
    for note in notes:
        yield Note(location or safe.id, note)


def _field(value: str | None, limit: int = MAX_FIELD_CHARS) -> str | None:
    if value is None:
        return None
    return clean(value if len(value) <= limit else value[: limit - 1] + "…")


def _short(value: str | None, limit: int) -> str | None:
    return None if value is None else clean(value[:limit])


def _date(value: str | None) -> str | None:
    return None if value is None or len(value) > MAX_DATE_CHARS else clean(value)


def _location(value: str | None) -> str | None:
    return None if value is None else one_line(value, MAX_LOCATION_CHARS)
