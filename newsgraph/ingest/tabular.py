"""JSONL and CSV exports: one article per line (JSONL) or per row (CSV), streamed.

Both formats use the same field names. A JSONL line is a JSON object; a CSV file has a
header row naming its columns (comma, semicolon, tab or "|" separated; quoted fields may
span several lines; a UTF-8 byte-order mark is fine). Field names are matched without
regard to case; the names in brackets are accepted too.

============  ==================================================================
field         meaning
============  ==================================================================
text          required: the article body (["body", "content", "maintext"]),
              taken as it is; only "\\r\\n" becomes "\\n"
title         the headline (["headline"])
url           where the article was published (["link"])
outlet        who published it (["source", "site_name"])
published     publication date/time, ISO 8601 or any common form; the time zone
              is kept (["date", "published_at", "date_publish"])
updated       last update (["modified", "date_modify"])
byline        author(s); a JSON list of names is joined by "; " (["author",
              "authors"])
language      language code, e.g. "en"; a tag such as "en-GB" is reduced to "en"
              (["lang"])
captions      image captions: a JSON list of strings ("Caption. Photo: Credit",
              the credit is split off) or of {"text": ..., "credit": ...} objects;
              in CSV the cell holds that JSON, or one caption as plain text.
              A line of ``text`` that repeats a caption is dropped from the body
id            the record's own id; kept in the location, not used as the
              Article id (that is derived from title and text, so the same story
              from a JSONL export and a feed is recognised as one)
============  ==================================================================

Other fields are ignored. Each record becomes an :class:`~newsgraph.model.Article` with
``format="jsonl"`` or ``"csv"`` and ``location`` "<file>:<line>" (the line the record
starts on, header = line 1 in CSV), followed by " (id=<id>)" when the record has one.

A bad record (invalid JSON, not an object, no ``text``, a field of the wrong type, a line
over ``MAX_ARTICLE_BYTES``) gives a :class:`~newsgraph.model.ReadFailure` naming its line
and the problem, and reading goes on. A CSV whose quoting breaks, or a file whose bytes
stop being UTF-8, ends with one ReadFailure for the rest of the file. A CSV without a
text column, or an empty file, raises :class:`~newsgraph.errors.BadInput`; a CSV with
a header and no rows gives one :class:`~newsgraph.model.Skipped`. An unreadable
date leaves ``published``/``updated`` empty.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any, BinaryIO

from newsgraph.errors import BadInput
from newsgraph.ingest.base import MAX_ARTICLE_BYTES, Item, iso_datetime
from newsgraph.ingest.captions import split_credit
from newsgraph.ingest.html import primary_language
from newsgraph.ingest.limits import MAX_CAPTION_CHARS, MAX_CAPTIONS, clean, one_line
from newsgraph.model import Article, Caption, ReadFailure, Skipped

# Field -> the names it may have in a record, the documented one first.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "site_name"),
    "published": ("published", "date", "published_at", "date_publish"),
    "updated": ("updated", "modified", "date_modify"),
    "byline": ("byline", "author", "authors"),
    "language": ("language", "lang"),
    "captions": ("captions",),
    "id": ("id",),
}
CSV_DELIMITERS = (",", ";", "\t", "|")
MAX_ID_CHARS = 200
_SKIP_CHUNK = 1024 * 1024
_MB = MAX_ARTICLE_BYTES // (1024 * 1024)


def read_jsonl(stream: BinaryIO, location: str) -> Iterator[Item]:
    """Read JSON Lines, one article object per line (see the module docstring)."""
    number = 0
    records = 0
    while True:
        line = stream.readline(MAX_ARTICLE_BYTES + 1)
        if not line:
            break
        number += 1
        where = f"{location}:{number}"
        if number == 1:
            if b"\x00" in line[:8192]:
                raise BadInput(f"{location}: binary file, not JSON Lines")
            line = line.removeprefix(b"\xef\xbb\xbf")
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield ReadFailure(where, f"line longer than {_MB} MB; not read (one article per line expected)")
            continue
        if not line.strip():
            continue
        records += 1
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as err:
            yield ReadFailure(where, f"not valid UTF-8 (byte {err.start} of the line)")
            continue
        try:
            record = json.loads(text)
        except ValueError as err:
            message = getattr(err, "msg", str(err))
            column = getattr(err, "colno", None)
            yield ReadFailure(where, f"invalid JSON: {message}" + (f" at column {column}" if column else ""))
            continue
        except RecursionError:
            yield ReadFailure(where, "JSON nested too deeply to read (thousands of levels of brackets)")
            continue
        if not isinstance(record, dict):
            yield ReadFailure(where, f"expected a JSON object with a 'text' field, found {_json_kind(record)}")
            continue
        yield safe_article_from_record(record, where, "jsonl")
    if records == 0:
        raise BadInput(f"{location}: empty JSONL file, no records in it")


def read_csv(stream: BinaryIO, location: str) -> Iterator[Item]:
    """Read a CSV file with a header row, one article per row (see the module docstring)."""
    if csv.field_size_limit() < MAX_ARTICLE_BYTES:
        csv.field_size_limit(MAX_ARTICLE_BYTES)
    row_bytes = [0]  # bytes of the row being read, reset after each row
    lines = _text_lines(stream, row_bytes)
    try:
        header_line = next(lines, "")
    except UnicodeDecodeError as err:
        raise BadInput(f"{location}: not valid UTF-8 (byte {err.start}); re-save the file as UTF-8") from None
    if "\x00" in header_line:
        raise BadInput(f"{location}: binary file, not CSV")
    if not header_line.strip():
        raise BadInput(f"{location}: empty CSV file (no header row)")
    reader = csv.reader(chain([header_line], lines), delimiter=_delimiter(header_line), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (csv.Error, _RowTooLong) as err:
        raise BadInput(f"{location}: the CSV header row cannot be read ({err})") from None
    known = {alias for names in FIELDS.values() for alias in names}
    columns: dict[str, int] = {}
    for index, name in enumerate(header):  # only the fields we read: a row of 40,000 cells costs no more
        if name in known:
            columns.setdefault(name, index)
    if _pick(columns, "text") is None:
        named = [h for h in header if h]
        shown = ", ".join(named[:12]) + (f" and {len(named) - 12:,} more" if len(named) > 12 else "")
        raise BadInput(
            f"{location}: CSV has no 'text' column (columns: {shown or 'none'}); "
            "name the article body column 'text'"
        )
    line = reader.line_num
    rows = 0
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except UnicodeDecodeError as err:
            yield ReadFailure(
                f"{location}:{reader.line_num + 1}",
                f"not valid UTF-8 (byte {err.start} of the line); the rest of the file was not read",
            )
            return
        except (csv.Error, _RowTooLong) as err:
            yield ReadFailure(
                f"{location}:{start}", f"CSV is malformed here ({err}); the rest of the file was not read"
            )
            return
        line = reader.line_num
        row_bytes[0] = 0
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        record = {name: row[index] for name, index in columns.items() if index < len(row)}
        yield safe_article_from_record(record, f"{location}:{start}", "csv")
    if rows == 0:
        yield Skipped(location, "a CSV file with a header row and no articles")


class _RowTooLong(Exception):
    """A CSV row (all its lines) over ``MAX_ARTICLE_BYTES``: never read into memory whole."""


def _text_lines(stream: BinaryIO, row_bytes: list[int]) -> Iterator[str]:
    """The file's lines, decoded one at a time (so a bad byte is found on its own line);
    raises _RowTooLong once the current row passes ``MAX_ARTICLE_BYTES``."""
    first = True
    while raw := stream.readline(MAX_ARTICLE_BYTES + 1):
        row_bytes[0] += len(raw)
        if row_bytes[0] > MAX_ARTICLE_BYTES:
            raise _RowTooLong(f"a row longer than {_MB} MB")
        if first:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
            first = False
        yield raw.decode("utf-8")


def safe_article_from_record(record: dict[str, Any], where: str, fmt: str = "json") -> Article | ReadFailure:
    """:func:`article_from_record`, but a record that breaks it costs only itself."""
    try:
        return article_from_record(record, where, fmt)
    except RecursionError:
        return ReadFailure(where, "a field is nested too deeply to read")
    except Exception as err:  # any field value whatever: the other records go on
        return ReadFailure(where, f"record could not be read ({type(err).__name__}: {err})")


def article_from_record(record: dict[str, Any], where: str, fmt: str = "json") -> Article | ReadFailure:
    """One record (JSONL object, CSV row, JSON list item: field name -> value) to an Article,
    or a ReadFailure naming the field that is wrong; ``where`` becomes its location."""
    fields = {str(k).strip().lower(): v for k, v in record.items()}
    source_id = _scalar(_value(fields, "id"))
    if source_id:
        where = f"{where} (id={one_line(source_id, MAX_ID_CHARS)})"
    text = _value(fields, "text")
    if text is None:
        if _pick(fields, "text") is not None:
            return ReadFailure(where, "field 'text' is empty")
        return ReadFailure(where, "missing field 'text' (the article body)")
    if not isinstance(text, str):
        return ReadFailure(where, f"field 'text' must be a string, found {_json_kind(text)}")
    if not text.strip():
        return ReadFailure(where, "field 'text' is empty")
    text = clean(text.replace("\r\n", "\n"))
    try:
        captions = _captions(_value(fields, "captions"), fmt)
    except ValueError as err:
        return ReadFailure(where, str(err))
    text = _without_caption_lines(text, captions)
    language = _scalar(_value(fields, "language"))
    return Article.build(
        text,
        title=_scalar(_value(fields, "title")),
        outlet=_scalar(_value(fields, "outlet")),
        url=_scalar(_value(fields, "url")),
        published=_date(_value(fields, "published")),
        updated=_date(_value(fields, "updated")),
        byline=_names(_value(fields, "byline")),
        language=primary_language(language) or language,
        captions=captions,
        location=where,
        format=fmt,
    )


# --- fields -----------------------------------------------------------------------------


def _pick(fields: dict[str, Any], field: str) -> str | None:
    for name in FIELDS[field]:
        if name in fields:
            return name
    return None


def _value(fields: dict[str, Any], field: str) -> Any:
    """The first non-empty value among the field's names."""
    for name in FIELDS[field]:
        value = fields.get(name)
        if value is not None and value != "":
            return value
    return None


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = clean(str(value)).strip()
    return text or None


def _names(value: Any) -> str | None:
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if isinstance(value, list):
        names = [_scalar(v.get("name") if isinstance(v, dict) else v) for v in value]
        return "; ".join(n for n in names if n) or None
    if isinstance(value, dict):
        return _scalar(value.get("name"))
    return _scalar(value)


def _date(value: Any) -> str | None:
    text = _scalar(value)
    if text is None:
        return None
    try:
        return iso_datetime(text)
    except (ValueError, OverflowError):
        return None


def _captions(value: Any, fmt: str) -> tuple[Caption, ...]:
    problem = "field 'captions' must be a JSON list of strings or of {\"text\": ..., \"credit\": ...} objects"
    if value is None:
        return ()
    if isinstance(value, str):
        if not value.strip():
            return ()
        if fmt == "csv" and value.lstrip().startswith("["):
            try:
                value = json.loads(value)
            except ValueError:
                raise ValueError(f"{problem}; the cell is not valid JSON") from None
        else:
            value = [value]
    if not isinstance(value, list):
        raise ValueError(problem)
    captions = []
    for item in value[:MAX_CAPTIONS]:
        if isinstance(item, str):
            caption = split_credit(clean(item[:MAX_CAPTION_CHARS]))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            credit = item.get("credit")
            caption = Caption(clean(item["text"][:MAX_CAPTION_CHARS]).strip(), _scalar(credit))
        else:
            raise ValueError(problem)
        if caption.text or caption.credit:
            captions.append(caption)
    return tuple(captions)


def _without_caption_lines(text: str, captions: Iterable[Caption]) -> str:
    """Drop lines of the body that repeat a caption, so captions never count as body text."""
    known = set()
    for caption in captions:
        if caption.text:
            known.add(_key(caption.text))
            if caption.credit:
                known.add(_key(f"{caption.text} {caption.credit}"))
    if not known:
        return text
    lines = text.split("\n")
    kept = [ln for ln in lines if not (ln.strip() and len(ln) <= MAX_CAPTION_CHARS and (_key(ln) in known or _key(split_credit(ln).text) in known))]
    if len(kept) == len(lines):
        return text
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")


def _key(value: str) -> str:
    return " ".join(value.split()).strip(" .").casefold()


def _json_kind(value: Any) -> str:
    kinds = {list: "a list", dict: "an object", str: "a string", bool: "true/false", type(None): "null"}
    return kinds.get(type(value), "a number")


def _delimiter(header_line: str) -> str:
    """The delimiter that splits the header into the most known field names."""
    known = {name for names in FIELDS.values() for name in names}

    def score(delimiter: str) -> tuple[int, int]:
        names = [n.strip().strip('"').lower() for n in header_line.split(delimiter)]
        return sum(n in known for n in names), len(names)

    return max(CSV_DELIMITERS, key=score)
