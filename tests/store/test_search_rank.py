"""The unbounded FTS5 search ranks with FTS5 alone before joining articles; it must give exactly
the order of the joined query (score, then newest, then id), ties at the page edge included."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.model import Article
from newsgraph.store import Batch, NewArticle, Store
from newsgraph.store import search as search_mod


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'rank.db'}")
    texts = ["The minister met the envoy.", "The minister spoke.", "Ports and the minister.", "No match here."]
    articles = [
        Article.build(f"{texts[n % 4]} Copy {n}.", title="Minister" if n % 5 == 0 else "Talks", outlet="Ledger", published=f"2026-01-{1 + n % 7:02d}")
        for n in range(40)
    ]
    store.write(Batch(articles=[NewArticle(a) for a in articles]))
    return store


@pytest.mark.parametrize("query", ["minister", "the minister", '"the minister"', "copy", "ports", "nothing"])
def test_unbounded_ranking_equals_the_joined_ranking(store: Store, query: str) -> None:
    for limit, offset in ((20, 0), (7, 0), (7, 7), (5, 13), (20, 40)):
        fast = search_mod.search(store, query, limit=limit, offset=offset)
        joined = search_mod.search(store, query, since="1900-01-01", limit=limit, offset=offset)  # a bound takes the joined path
        assert fast["engine"] == joined["engine"] == "fts5"
        assert (fast["total"], [i["id"] for i in fast["items"]]) == (joined["total"], [i["id"] for i in joined["items"]]), (query, limit, offset)
