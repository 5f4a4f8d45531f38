"""A whole JSON document: a list of article records, ``{"articles": [...]}``, or one record.

Records use the JSONL field names (see ``tabular``). A JSON file that holds no
articles (a settings file, an annotation file) is skipped, not failed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsgraph.errors import BadInput
from newsgraph.ingest.base import Item, decode
from newsgraph.model import Skipped

# A JSON document is parsed whole: 8 MB of empty objects take ~220 MB of Python objects
# (JSON Lines are read a line at a time, whatever their size).
MAX_JSON_BYTES = 8 * 1024 * 1024


def read_json(stream: BinaryIO, location: str) -> Iterator[Item]:
    """Read a JSON document of article records; each bad record is a failure of its own."""
    from newsgraph.ingest.tabular import safe_article_from_record

    data = stream.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        size = MAX_JSON_BYTES // (1024 * 1024)
        raise BadInput(f"{location}: JSON document over {size} MB; write it as JSON Lines (one article a line) instead")
    try:
        document = json.loads(decode(data, location))
        del data
    except json.JSONDecodeError as err:
        raise BadInput(f"{location}: broken JSON at line {err.lineno}, column {err.colno} ({err.msg})") from None
    except RecursionError:
        raise BadInput(f"{location}: JSON nested too deeply to read (thousands of levels of brackets)") from None
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise BadInput(f"{location}: JSON cannot be read ({err})") from None
    records = _records(document)
    if records is None:
        yield Skipped(location, "a JSON document without articles (no records with a 'text' field)")
        return
    for number, record in enumerate(records, start=1):
        yield safe_article_from_record(record, f"{location}#{number}")


def _records(document: Any) -> list[dict[str, Any]] | None:
    if isinstance(document, dict) and isinstance(document.get("articles"), list):
        document = document["articles"]
    if isinstance(document, dict):
        document = [document]
    if isinstance(document, list) and document and all(isinstance(r, dict) and "text" in r for r in document):
        return document
    return None
