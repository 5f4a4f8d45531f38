"""What every reader shares: its signature, text decoding and date normalising."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

import dateparser

from newsgraph.errors import BadInput
from newsgraph.model import Article, PendingUrl, ReadFailure, Skipped


@dataclass(frozen=True, slots=True)
class Note:
    """Something changed in an article that was stored (text cut, a field dropped): shown in the report."""

    location: str
    reason: str


Item = Article | PendingUrl | ReadFailure | Skipped | Note
Reader = Callable[[BinaryIO, str], Iterator[Item]]

# One article is never this large; bigger files are containers (JSONL, CSV, WARC) or a mistake.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

MAX_DATE_CHARS = 100

_DATE_SETTINGS = {"PREFER_DAY_OF_MONTH": "first"}


def read_one_article(stream: BinaryIO, location: str, too_big: str) -> bytes:
    """The bytes of a file that holds one article; ``too_big`` says what to do when it cannot."""
    data = stream.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise BadInput(f"{location}: {too_big.format(mb=MAX_ARTICLE_BYTES // (1024 * 1024))}")
    return data


def decode(data: bytes, location: str) -> str:
    """Strict UTF-8 (with or without BOM): a wrong guess would corrupt every offset later."""
    if b"\x00" in data[:8192]:
        raise BadInput(f"{location}: binary file, not text; newsgraph reads text, HTML, feeds, WARC, JSONL and CSV")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BadInput(
            f"{location}: not valid UTF-8 (byte {err.start}); re-save the file as UTF-8"
        ) from None


def iso_datetime(value: str | datetime | None) -> str | None:
    """Normalise a date to ISO 8601, keeping only the precision the source gave."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _format(value, has_time=True)
    text = value.strip()
    if not text or len(text) > MAX_DATE_CHARS:
        return None  # no date is that long, and dateparser's time grows with the length
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return _format(parsed, has_time="T" in text or " " in text or ":" in text)
    except ValueError:
        pass
    parsed = dateparser.parse(text, languages=["en"], settings=_DATE_SETTINGS)
    if parsed is None:
        return None
    return _format(parsed, has_time=any(ch == ":" for ch in text))


def _format(moment: datetime, has_time: bool) -> str:
    if not has_time:
        return moment.date().isoformat()
    if moment.tzinfo is not None:
        return moment.isoformat(timespec="seconds")
    if moment.second:
        return moment.isoformat(timespec="seconds")
    return moment.isoformat(timespec="minutes")
