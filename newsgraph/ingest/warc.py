"""WARC archives (.warc and .warc.gz): the HTML pages inside, read as articles.

Records are streamed one at a time with warcio, so an archive of any size is fine.

- A ``response`` record with HTTP status 200 and an HTML content type (``text/html``,
  ``application/xhtml+xml``), or a ``resource`` record of an HTML type, is read by the
  HTML reader (:func:`newsgraph.ingest.html.page_to_article`) and gives an
  :class:`~newsgraph.model.Article` with ``format="warc"``. Chunked and gzip/deflate/brotli
  HTTP bodies are decoded by warcio; the charset comes from the HTTP ``Content-Type``
  header when the body is not UTF-8.
- Every other record (warcinfo, request, metadata, revisit, images, scripts, redirects,
  404s, ...) is skipped without a message.
- An HTML page in which no article text is found (a section front, a login page) gives
  a :class:`~newsgraph.model.Skipped` for that record: crawls are full of such pages and
  they are not errors. A page that cannot be decoded or is over ``MAX_ARTICLE_BYTES``
  gives a :class:`~newsgraph.model.ReadFailure`. Either way the archive goes on.

Field mapping is that of :mod:`newsgraph.ingest.html`, except:

============  ==================================================================
url           the record's ``WARC-Target-URI`` (the address that was fetched),
              not the page's canonical link
published     the page's own publication date only. ``WARC-Date`` is when the
              page was *crawled*, not published, so it is never used: a page
              without a date has ``published=None``
location      "<file>#<WARC-Target-URI>"
============  ==================================================================

A file that is not a WARC archive raises :class:`~newsgraph.errors.BadInput`. A truncated
or corrupt archive yields the articles of the records read in full, then one ReadFailure
"WARC archive is truncated or corrupt after record N"; no exception escapes.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from newsgraph.errors import BadInput
from newsgraph.ingest.base import MAX_ARTICLE_BYTES, Item
from newsgraph.ingest.html import page_to_article
from newsgraph.model import ReadFailure, Skipped

HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024
MAX_HEADER_LINE = 64 * 1024
MAX_HEADER_BYTES = 1024 * 1024


def read_warc(stream: BinaryIO, location: str) -> Iterator[Item]:
    """Read the HTML responses of a WARC archive as Articles (see the module docstring)."""
    records = ArchiveIterator(stream)
    line_bytes = _limit_lines(records)
    done = 0  # records read in full
    while True:
        noise = io.StringIO()  # warcio reports decompression errors and bad lengths on stderr
        line_bytes[0] = 0
        try:
            with contextlib.redirect_stderr(noise):
                record = next(records)
        except StopIteration:
            if _leftover(records) or noise.getvalue().strip():
                # warcio stops quietly at a record header cut off in the middle
                yield _broken(location, done, None)
                return
            break
        except Exception as err:  # warcio raises many kinds on a broken archive
            if done == 0 and not _looks_like_warc(err):
                raise BadInput(f"{location}: not a WARC archive ({_reason(err)})") from None
            yield _broken(location, done, err)
            return
        line_bytes[0] = 0
        try:
            with contextlib.redirect_stderr(noise):
                page = _html_page(record)
                complete = _drain(record)
        except Exception as err:  # a body cut off inside its gzip stream, a broken chunk, ...
            yield _broken(location, done, err)
            return
        if not complete or noise.getvalue().strip():
            if done == 0 and record.format != "warc":
                # warcio reads any first line of words as an old ARC header
                raise BadInput(f"{location}: not a WARC archive (no WARC/1.x record header at the start)")
            yield _broken(location, done, None)
            return
        done += 1
        if page is not None:
            uri, content_type, body = page
            yield page_item(f"{location}#{uri}", body, content_type, url=uri or None)
    if done == 0:
        raise BadInput(f"{location}: no WARC records in this file (empty, or cut off before its first record)")


class HeaderTooLong(ArchiveLoadFailed):
    """A WARC or HTTP header line over ``MAX_HEADER_LINE`` bytes (a gzip bomb, or not WARC)."""


def _limit_lines(records: ArchiveIterator) -> list[int]:
    """Cap every line warcio reads (record and HTTP headers, chunk sizes), and all the lines
    read for one record's headers (the returned counter, which the caller resets): unbounded,
    a 2 MB .warc.gz whose first line inflates to 2 GiB would be read into memory whole, and
    millions of short header lines would become millions of Python objects."""
    reader = records.reader
    readline = reader.readline
    used = [0]

    def limited(length: int | None = None) -> bytes:
        if length == 0:
            return b""
        cap = MAX_HEADER_LINE + 1 if length is None or not 0 < length <= MAX_HEADER_LINE else length
        line = readline(cap)
        if len(line) > MAX_HEADER_LINE:
            raise HeaderTooLong(f"a header line longer than {MAX_HEADER_LINE // 1024} KB")
        used[0] += len(line)
        if used[0] > MAX_HEADER_BYTES:
            raise HeaderTooLong(f"record headers longer than {MAX_HEADER_BYTES // (1024 * 1024)} MB")
        return line

    reader.readline = limited
    return used


def _html_page(record) -> tuple[str, str, bytes | None] | None:
    """(target URI, content type, body) of an HTML page record; body None when too large;
    None for any other record."""
    kind = record.rec_type
    if kind == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            return None
        content_type = http.get_header("Content-Type") or ""
    elif kind == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    if content_type.split(";", 1)[0].strip().lower() not in HTML_TYPES:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    body = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
    return uri, content_type, (body if len(body) <= MAX_ARTICLE_BYTES else None)


def page_item(where: str, body: bytes | None, content_type: str, *, url: str | None, format: str = "warc") -> Item:
    """An archived or fetched HTML page as an Article; a page without article text is Skipped,
    one that cannot be read a ReadFailure (``body`` None: it was too large)."""
    if body is None:
        return ReadFailure(where, f"HTML page larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB; not read")
    try:
        return page_to_article(body, where, url=url, charset=charset_of(content_type), format=format)
    except BadInput as err:
        reason = err.message.removeprefix(f"{where}: ")
        if "no article text found" in reason or "empty HTML page" in reason:
            return Skipped(where, reason)  # a section front, a login page: crawls are full of them
        return ReadFailure(where, reason)
    except RecursionError:
        return ReadFailure(where, "HTML page nested too deeply to read")
    except Exception as err:  # one page that breaks the reader costs only itself
        return ReadFailure(where, f"HTML page could not be read ({type(err).__name__}: {err})")


def _drain(record) -> bool:
    """Read what is left of the record; False when the archive ends before the record does."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    length = record.rec_headers.get_header("Content-Length") or ""
    if not length.strip().isdigit():
        return False  # mandatory in WARC: the record header itself was cut off
    return not (isinstance(raw, LimitReader) and raw.limit > 0)


def charset_of(content_type: str) -> str | None:
    """The charset a Content-Type header names, if any."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _leftover(records: ArchiveIterator) -> bool:
    """True when bytes were read past the end of the last complete record."""
    try:
        return records.fh.tell() > records.offset
    except (AttributeError, OSError, TypeError, ValueError):
        return False


def _looks_like_warc(err: BaseException) -> bool:
    return "unknown archive format" not in str(err).lower()


def _broken(location: str, done: int, err: BaseException | None) -> ReadFailure:
    detail = f" ({_reason(err)})" if isinstance(err, (ArchiveLoadFailed, EOFError, zlib.error)) else ""
    return ReadFailure(location, f"WARC archive is truncated or corrupt after record {done}{detail}")


def _reason(err: BaseException) -> str:
    text = str(err).strip()
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:200] or type(err).__name__
