"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: full entries become articles, teasers URLs to fetch.

Each entry of the feed (parsed by feedparser) gives one of:

- an :class:`~newsgraph.model.Article` (``format="feed"``) when it carries the article
  itself: ``content:encoded`` or Atom ``<content>`` of at least
  ``MIN_CONTENT_CHARS`` characters of text, or a ``<description>``/``<summary>`` of at
  least ``MIN_DESCRIPTION_CHARS`` (a long description is the article; a short one is
  a teaser). An entry without a link is an article whatever its length, since there
  is nothing else to fetch;
- a :class:`~newsgraph.model.PendingUrl` when it only has a link and a teaser: the
  article is still to be fetched;
- a :class:`~newsgraph.model.ReadFailure` when it has neither text nor link.

============  ==================================================================
Article       where it comes from
============  ==================================================================
text          the content (else the description), HTML turned into paragraphs
              joined by "\\n\\n", captions and photo credits left out
title         the entry's title (markup removed)
outlet        the feed's own title (``<channel><title>``, Atom ``<feed><title>``)
url           the entry's link
published     RSS ``<pubDate>``, Atom ``<published>``; for RSS and RDF feeds a
              ``<dc:date>`` too. Time zone kept. An Atom entry with only
              ``<updated>`` has no publication date (``published`` is None)
updated       Atom ``<updated>`` (when it differs from ``published``)
byline        the entry's authors (``<author>``, ``<dc:creator>``), joined by "; ";
              "desk@example.org (Name)" gives "Name"
language      the content's ``xml:lang``, else the feed's ``<language>`` /
              ``xml:lang``, reduced to its primary subtag ("en-gb" -> "en")
captions      ``<figcaption>`` and ``*caption`` elements inside the content, with
              credits split off as in :mod:`newsgraph.ingest.html`
location      "feed.xml#<entry link>" (or the entry id, or "entry-N")
============  ==================================================================

A PendingUrl carries url, title, outlet (the feed title), published and location.

A valid feed without entries gives one :class:`~newsgraph.model.Skipped`. A file with no
readable feed raises :class:`~newsgraph.errors.BadInput` ("not a readable RSS/Atom feed
(reason)"). A malformed or truncated feed whose entries could partly be read yields those
entries; when the file is cut off (its root element never closes) the entry it ends
inside is not read (its text would be cut too) and one ReadFailure for the file says how
many entries were read and which one was cut off. A feed that is complete but not well-formed XML (an undefined entity, a
stray "&") is read as far as feedparser's lenient parser gets, without a failure.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

import feedparser
from lxml import html as lxml_html

from newsgraph.errors import BadInput
from newsgraph.ingest.base import Item, iso_datetime
from newsgraph.ingest.html import fragment_text, primary_language
from newsgraph.model import Article, PendingUrl, ReadFailure, Skipped

# Content of at least this many characters of text is the article itself.
MIN_CONTENT_CHARS = 200
# A description (summary) is the article itself only from this length on; shorter ones are teasers.
MIN_DESCRIPTION_CHARS = 500
# Feeds are read whole by feedparser, whose objects take ~30 times the file's size for tiny
# entries: refuse files larger than this (real feeds are well under 2 MB).
MAX_FEED_BYTES = 8 * 1024 * 1024
# ... and feedparser's objects grow with the number of entries (8 MB of empty ones take
# 300 MB and 16 s); real feeds hold tens to hundreds.
MAX_FEED_ENTRIES = 10_000

_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_ENTRY_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.I)
_ROOT_END = re.compile(rb"</(?:[\w.-]+:)?(?:rss|feed|rdf)\s*>\s*$", re.I)
_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^()]+)\)\s*$")
_SPACE = re.compile(r"\s+")
_CHARREF = re.compile(rb"&#([xX][0-9a-fA-F]{1,16}|[0-9]{1,20});")
_ROOT_START = re.compile(rb"<\w")
_ENTRY_START = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s/>]", re.I)
_BLANKS = re.compile(rb"\s+")


def read_feed(stream: BinaryIO, location: str) -> Iterator[Item]:
    """Read an RSS/Atom/RDF feed: Articles, PendingUrls and ReadFailures, entry by entry."""
    data = stream.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        size = MAX_FEED_BYTES // (1024 * 1024)
        raise BadInput(f"{location}: feed larger than {size} MB; split it or convert it to JSONL")
    if not data.strip():
        raise BadInput(f"{location}: empty file, not a readable RSS/Atom feed")
    entries = sum(1 for _ in _ENTRY_START.finditer(data))
    if entries > MAX_FEED_ENTRIES:
        raise BadInput(
            f"{location}: feed with {entries:,} entries (the limit is {MAX_FEED_ENTRIES:,}); split it or convert it to JSONL"
        )
    data = _CHARREF.sub(_safe_charref, _tidy_prologue(data))
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and isinstance(problem, _HARMLESS):
        problem = None
    entries = parsed.entries
    if not entries:
        if problem is not None:
            raise BadInput(f"{location}: not a readable RSS/Atom feed ({_reason(problem)})")
        if not parsed.get("version"):
            raise BadInput(f"{location}: not a readable RSS/Atom feed (no <rss>, <feed> or <rdf:RDF> root element)")
        yield Skipped(location, "a feed without entries")
        return
    feed = parsed.feed
    outlet = _plain(feed.get("title")) or None
    feed_language = primary_language(feed.get("language"))
    rss = not str(parsed.get("version", "")).startswith("atom")
    # A truncated file leaves its last entry and its root element open.
    truncated = problem is not None and not _ROOT_END.search(data[-256:])
    closed = min(len(_ENTRY_END.findall(data)), len(entries)) if truncated else len(entries)
    for number, entry in enumerate(entries[:closed], start=1):
        where = f"{location}#{entry.get('link') or entry.get('id') or f'entry-{number}'}"
        try:
            yield _entry_item(entry, where, outlet, feed_language, rss)
        except Exception as err:  # one entry that breaks the reader costs only itself
            yield ReadFailure(where, f"feed entry could not be read ({type(err).__name__}: {err})")
    if truncated:
        cut = entries[closed] if closed < len(entries) else None
        inside = f", the file ends inside entry {closed + 1}" if cut is not None else ""
        named = _plain(cut.get("title")) or cut.get("link") if cut is not None else None
        yield ReadFailure(
            location,
            f"feed is truncated ({_reason(problem)}): read {closed} {'entry' if closed == 1 else 'entries'}"
            f"{inside}{f' ({named!r})' if named else ''}; any after that are missing",
        )


def _tidy_prologue(data: bytes) -> bytes:
    """Blank lines before the root element, each run made one newline: feedparser's
    prologue regexes take quadratic time over them (100,000 take a minute)."""
    data = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    root = _ROOT_START.search(data)
    if root is None:
        return data
    return _BLANKS.sub(b"\n", data[: root.start()]) + data[root.start() :]


def _safe_charref(match: re.Match[bytes]) -> bytes:
    """A character reference to a surrogate, NUL or beyond Unicode becomes U+FFFD: feedparser
    crashes on them (and such a character could not be stored)."""
    digits = match.group(1)
    try:
        value = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
    except ValueError:
        return match.group(0)
    return b"&#xFFFD;" if value == 0 or 0xD800 <= value <= 0xDFFF or value > 0x10FFFF else match.group(0)


def _entry_item(entry: Any, where: str, outlet: str | None, feed_language: str | None, rss: bool) -> Item:
    link = entry.get("link") or None
    title = _plain(entry.get("title")) or None
    published = _date(entry.get("published")) or (_date(entry.get("updated")) if rss else None)
    updated = None if rss else _date(entry.get("updated"))
    if updated == published:
        updated = None

    content = _best_content(entry.get("content") or [])
    paragraphs, captions, language = [], [], None
    if content is not None:
        paragraphs, captions = _paragraphs(content.get("value", ""), content.get("type", ""))
        language = content.get("language")
        full = sum(map(len, paragraphs)) >= MIN_CONTENT_CHARS
    if not paragraphs:
        detail = entry.get("summary_detail") or {}
        paragraphs, captions = _paragraphs(entry.get("summary", ""), detail.get("type", "text/html"))
        language = detail.get("language")
        full = sum(map(len, paragraphs)) >= MIN_DESCRIPTION_CHARS

    if link and not (paragraphs and full):
        return PendingUrl(url=link, title=title, outlet=outlet, published=published, location=where)
    if not paragraphs:
        return ReadFailure(where, "feed entry has neither text nor a link")
    text = "\n\n".join(paragraphs)
    return Article.build(
        text,
        title=title,
        outlet=outlet,
        url=link,
        published=published,
        updated=updated,
        byline=_byline(entry),
        language=primary_language(language) or feed_language,
        captions=tuple(captions),
        location=where,
        format="feed",
    )


def _best_content(contents: list[Any]) -> Any | None:
    for wanted in ("html", "xhtml", "text/plain", ""):
        for content in contents:
            if wanted in (content.get("type") or "") and (content.get("value") or "").strip():
                return content
    return None


def _paragraphs(value: str, kind: str) -> tuple[list[str], list]:
    if not value or not value.strip():
        return [], []
    if "html" in (kind or "") or "<" in value:
        return fragment_text(value)
    blocks = re.split(r"\n\s*\n", value.replace("\r\n", "\n"))
    return [p for p in (_SPACE.sub(" ", b).strip() for b in blocks) if p], []


def _plain(value: str | None) -> str:
    if not value:
        return ""
    if "<" in value:
        try:
            value = lxml_html.fragment_fromstring(value, create_parent="div").text_content()
        except Exception:  # lxml on a stray "<": keep the text as it is
            pass
    return _SPACE.sub(" ", value).strip()


def _byline(entry: Any) -> str | None:
    names = []
    for author in entry.get("authors") or []:
        name = (author or {}).get("name")
        if name:
            names.append(name)
    raw = entry.get("author")
    if raw and (match := _EMAIL_NAME.match(raw)):
        names = [match.group("name")]
    elif raw and not names:
        names = [raw]
    names = [_plain(n) for n in names if _plain(n)]
    return "; ".join(dict.fromkeys(names)) or None


def _date(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return iso_datetime(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return iso_datetime(value)
    except (ValueError, OverflowError):
        return None


def _reason(problem: BaseException) -> str:
    message = str(problem).strip() or type(problem).__name__
    return message.splitlines()[0]
