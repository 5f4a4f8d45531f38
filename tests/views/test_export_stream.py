"""`export --format json` (and csv) stream: the file is what json.dumps of the whole list gives,
but Python never holds more than a few rows of it."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from newsgraph.model import ActorRef, Analysis, Article, Mention, Span
from newsgraph.store import Batch, NewArticle, Store
from newsgraph.views.export import export


def _store(path: Path, articles: int, size: int) -> Store:
    store = Store(f"sqlite:///{path}")
    batch = Batch()
    for n in range(articles):
        text = f"Report {n}: Moscow said " + "words " * (size // 6)
        article = Article.build(text, title=f"Report {n}", outlet="Ledger", published=f"2026-02-{1 + n % 28:02d}")
        mention = Mention(Span(text.index("Moscow"), text.index("Moscow") + 6, "Moscow"), ActorRef("Moscow", "Russia", "RUS", "GOV", None), "metonym")
        batch.articles.append(NewArticle(article, analysis=Analysis(article.id, actors=[mention])))
    store.write(batch)
    return store


def test_json_export_is_the_whole_list_written_row_by_row(tmp_path: Path) -> None:
    store = _store(tmp_path / "small.db", 5, 60)
    written = export(store, "json", tmp_path / "out")
    by_name = {p.name: p.read_text(encoding="utf-8") for p in written}
    assert by_name["articles.json"] == json.dumps(store.articles(), ensure_ascii=False, indent=1, default=str)
    assert by_name["actors.json"] == json.dumps(store.records("actors"), ensure_ascii=False, indent=1, default=str)
    assert by_name["quotes.json"] == "[]"
    assert json.loads(by_name["stories.json"]) == []


def test_json_and_csv_export_memory_stays_bounded(tmp_path: Path) -> None:
    store = _store(tmp_path / "big.db", 400, 20_000)  # 8 MB of article text
    tracemalloc.start()
    try:
        written = export(store, "json", tmp_path / "json", tables=("articles",))
        export(store, "csv", tmp_path / "csv", tables=("articles",))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = written[0].stat().st_size
    assert size > 8_000_000
    assert peak < 4_000_000, f"peak {peak:,} bytes for a {size:,}-byte export"
    assert len(json.loads(written[0].read_text(encoding="utf-8"))) == 400
