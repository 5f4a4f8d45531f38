"""The JSONL and CSV readers on our own exports: fields, bad lines, quoting, encodings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsgraph.errors import BadInput
from newsgraph.ingest import tabular
from newsgraph.ingest.tabular import read_csv, read_jsonl, article_from_record
from newsgraph.model import Article, Caption, ReadFailure, Skipped, content_id

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def read(reader, name: str) -> list:
    with open(FIXTURES / name, "rb") as stream:
        items = list(reader(stream, name))
        assert not stream.closed
    return checked(items)


def read_bytes(reader, data: bytes, location: str) -> list:
    return checked(list(reader(io.BytesIO(data), location)))


def checked(items: list) -> list:
    for item in items:
        assert isinstance(item, (Article, ReadFailure, Skipped))
        if isinstance(item, Article):
            assert item.id == content_id(item.title, item.text)
            for caption in item.captions:
                assert caption.text not in item.text
    return items


# --- JSONL ---------------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines() -> None:
    items = read(read_jsonl, "articles.jsonl")
    assert [type(i) for i in items] == [Article, ReadFailure, ReadFailure, Article, ReadFailure]
    first, bad_json, no_text, aliased, not_object = items

    assert first.location == "articles.jsonl:1 (id=cw-0001)"
    assert first.format == "jsonl"
    assert first.title == "Velorian and Kastavian officials meet at the Selm bridge"
    assert first.outlet == "Coastal Wire"
    assert first.url == "https://coastalwire.example/2026/02/13/selm-talks"
    assert first.published == "2026-02-13T15:40:00+01:00"
    assert first.updated == "2026-02-13T18:05:00+01:00"
    assert first.byline == "Karin Oddsen"
    assert first.language == "en"
    assert first.captions == (Caption("Officials shake hands on the Selm bridge on Friday.", "Arne Vik/Coastal Wire"),)
    # "\r\n" normalised, and the line repeating the caption left out of the body
    assert first.text == (
        "Officials from Veloria and Kastavia met on the bridge over the Selm river on Friday, the first direct "
        "contact since Kastavia's ultimatum expired.\n\nThe regional council's secretary general, Piet "
        "Ramsauer, who brokered the meeting, said both sides had agreed to reopen the crossing to trucks "
        "carrying food."
    )
    assert first.id != "cw-0001"  # the id is derived from content

    assert bad_json.location == "articles.jsonl:2"
    assert bad_json.reason.startswith("invalid JSON")
    assert no_text == ReadFailure("articles.jsonl:3 (id=cw-0003)", "missing field 'text' (the article body)")
    assert not_object.location == "articles.jsonl:6"
    assert "found a list" in not_object.reason

    # line 4 is blank and skipped; line 5 uses the accepted alternative names
    assert aliased.location == "articles.jsonl:5 (id=cw-0004)"
    assert aliased.title == "Ferry across the Selm to resume on Monday"
    assert aliased.outlet == "Coastal Wire"
    assert aliased.published == "2026-02-14"
    assert aliased.byline == "Karin Oddsen; Leif Amundsen"
    assert aliased.captions == (Caption("The ferry Brede moored at Ostvik.", "Coastal Wire"),)
    assert aliased.text.startswith("The ferry linking the two banks of the Selm will resume service on Monday")


def test_jsonl_is_streamed() -> None:
    line = json.dumps({"title": "One", "text": "First body."}).encode() + b"\n"
    stream = io.BytesIO(line + b"x" * 100_000 + b"\n")
    items = read_jsonl(stream, "big.jsonl")
    assert next(items).text == "First body."
    assert stream.tell() == len(line)


def test_jsonl_text_is_taken_as_is() -> None:
    text = "  Line one\nLine two  \r\n\r\nIndented  paragraph.\n"
    (article,) = read_bytes(read_jsonl, json.dumps({"text": text}).encode(), "a.jsonl")
    assert article.text == "  Line one\nLine two  \n\nIndented  paragraph.\n"
    assert article.title is None and article.location == "a.jsonl:1"


def test_jsonl_too_long_and_undecodable_lines_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_ARTICLE_BYTES", 200)
    data = b"\n".join([
        json.dumps({"text": "x" * 500}).encode(),
        b'{"text": "caf\xe9"}',
        json.dumps({"text": "Still read."}).encode(),
    ]) + b"\n"
    long_line, bad_bytes, good = read_bytes(read_jsonl, data, "a.jsonl")
    assert long_line.location == "a.jsonl:1" and "line longer than" in long_line.reason
    assert bad_bytes.location == "a.jsonl:2" and "not valid UTF-8" in bad_bytes.reason
    assert good.text == "Still read." and good.location == "a.jsonl:3"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"text": ""}, "field 'text' is empty"),
        ({"text": 42}, "field 'text' must be a string, found a number"),
        ({"text": "Body.", "captions": 5}, "field 'captions' must be a JSON list"),
        ({"text": "Body.", "captions": [{"credit": "no text"}]}, "field 'captions' must be a JSON list"),
    ],
)
def test_record_problems_name_the_field(record: dict, reason: str) -> None:
    failure = article_from_record(record, "r.jsonl:9", "jsonl")
    assert isinstance(failure, ReadFailure)
    assert failure.location == "r.jsonl:9"
    assert failure.reason.startswith(reason)


def test_jsonl_empty_or_binary_is_bad_input() -> None:
    with pytest.raises(BadInput, match="empty JSONL file"):
        read_bytes(read_jsonl, b"\n\n", "e.jsonl")
    with pytest.raises(BadInput, match="binary file"):
        read_bytes(read_jsonl, b"\x00\x01\x02{}\n", "b.jsonl")


# --- CSV -----------------------------------------------------------------------------------


def test_csv_rows_with_bom_quotes_and_multiline_fields() -> None:
    items = read(read_csv, "articles.csv")
    assert [type(i) for i in items] == [Article, ReadFailure, Article]
    market, empty, council = items

    assert market.location == "articles.csv:2 (id=nt-101)"
    assert market.format == "csv"
    assert market.title == "Brede market reopens to traders from both banks"
    assert market.outlet == "Northern Tribune"
    assert market.url == "https://northerntribune.example/a/market-reopens"
    assert market.published == "2026-02-16T09:30"
    assert market.byline == "Ilse Marquart"
    assert market.captions == (Caption("Stallholders set up in Brede on Monday.", "Northern Tribune"),)
    assert market.text == (
        "The weekly market in Brede reopened on Monday after a three-week closure, with traders from both "
        'banks of the Selm river returning to their stalls.\n\n"We lost a month of income," said one '
        "vegetable seller, who asked not to be named."
    )

    # the multi-line field took lines 2-4, so the next row starts on line 5
    assert empty == ReadFailure("articles.csv:5 (id=nt-102)", "field 'text' is empty")
    assert council.location == "articles.csv:6 (id=nt-103)"
    assert council.title == 'Council welcomes reopening, urges "lasting arrangement"'
    assert council.published == "2026-02-16T17:00:00+00:00"


def test_csv_long_field_and_other_delimiter() -> None:
    body = "A long report. " * 20_000  # 300,000 characters, over csv's default field limit
    data = ("title;text;date\nLong one;" + body + ";2026-02-20\n").encode()
    (article,) = read_bytes(read_csv, data, "long.csv")
    assert article.text == body
    assert article.published == "2026-02-20"


def test_csv_broken_quoting_stops_with_a_failure() -> None:
    data = b'title,text\nGood,Fine body.\nBad,"never closed\nand more\n'
    good, failure = read_bytes(read_csv, data, "q.csv")
    assert good.text == "Fine body."
    assert failure.location == "q.csv:3"
    assert failure.reason.startswith("CSV is malformed here")


def test_csv_bad_bytes_midway_keep_earlier_rows() -> None:
    data = b"title,text\nA,First body.\nB,caf\xe9\nC,Third body.\n"
    good, failure = read_bytes(read_csv, data, "u.csv")
    assert good.text == "First body."
    assert failure.location == "u.csv:3"
    assert "not valid UTF-8" in failure.reason


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty CSV file"),
        (b"title,summary\nA,B\n", "CSV has no 'text' column \\(columns: title, summary\\)"),
        (b"\xff\xfetitle,text\n", "not valid UTF-8"),
    ],
)
def test_csv_whole_file_problems(data: bytes, message: str) -> None:
    with pytest.raises(BadInput, match=rf"^bad\.csv: {message}"):
        read_bytes(read_csv, data, "bad.csv")


def test_csv_header_only_is_skipped() -> None:
    assert read_bytes(read_csv, b"id,title,text\n", "h.csv") == [
        Skipped("h.csv", "a CSV file with a header row and no articles")
    ]
