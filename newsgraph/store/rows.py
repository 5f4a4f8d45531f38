"""What a stored article and its analysis become as table rows, for the store and the batch job.

One way to make rows: `Store.write` inserts these, and `newsgraph batch` writes the very same
rows to Parquet, so a batch output loaded into a database (`newsgraph load`) holds what an
ingest would have stored.
"""

from __future__ import annotations

from typing import Any

from newsgraph.model import Analysis, Article


def article_row(article: Article, *, signature: bytes | None, duplicate_of: str | None, similarity: float | None, analyzed: bool, ingested_at: str) -> dict[str, Any]:
    """The ``articles`` row, without its story (a number the database gives)."""
    row = {k: v for k, v in article.to_dict().items() if k != "captions"}
    row.update(duplicate_of=duplicate_of, similarity=similarity, minhash=signature, analyzed=analyzed, ingested_at=ingested_at)
    return row


def caption_rows(article: Article) -> list[dict[str, Any]]:
    return [{"article_id": article.id, "position": i, "text": c.text, "credit": c.credit} for i, c in enumerate(article.captions)]


def analysis_rows(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """Rows of each record table (keyed as ``schema.RECORD_TABLES``), numbered in article order.

    Each row keeps the record's evidence span and filter columns beside the whole record.
    """
    rows: dict[str, list[dict[str, Any]]] = {
        "actors": [
            {**m.span.to_dict(), "name": m.ref.name, "actor": m.ref.actor, "sector": m.ref.sector, "kind": m.kind, "record": m.to_dict()}
            for m in analysis.actors
        ],
        "quotes": [
            {
                **q.content.to_dict(),
                "speaker": q.speaker.name if q.speaker else None,
                "actor": q.speaker.actor if q.speaker else None,
                "direct": q.direct,
                "record": q.to_dict(),
            }
            for q in analysis.quotes
        ],
        "events": [
            {
                **e.evidence.to_dict(),
                "type": e.type,
                "source_actor": e.source.actor if e.source else None,
                "target_actor": e.target.actor if e.target else None,
                "date": e.date.value,
                "date_kind": e.date.kind,
                "record": e.to_dict(),
            }
            for e in analysis.events
        ],
        "stances": [
            {
                **({"start": s.evidence[0].start, "end": s.evidence[0].end, "text": s.evidence[0].text} if s.evidence else {"start": 0, "end": 0, "text": ""}),
                "actor": s.actor.actor,
                "stance": s.stance,
                "toward": s.toward,
                "record": s.to_dict(),
            }
            for s in analysis.stances
        ],
    }
    for kind_rows in rows.values():
        for position, row in enumerate(kind_rows):
            row.update(article_id=analysis.article_id, position=position)
    return rows
