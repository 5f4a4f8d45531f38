"""B-cubed on hand-worked examples, and the story clusterer on ECB+ (skipped without ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.eval.clusters import (
    b_cubed,
    evaluate_clusters,
    evaluate_orders,
    format_orders,
    format_report,
    stream_order,
    topic_half,
)

FLOOR = 0.90  # issue 4: B-cubed F1 on ECB+ subtopics
ORDERS = range(10)  # the floor is judged on the mean over ten shuffled orders: one order moves by ~0.01
MEASURED = 0.88  # guard for any single order: the lowest of the ten measured (0.893) less a small margin


def test_b_cubed_hand_example() -> None:
    # gold: {a b c} {d e}; predicted: {a b} {c d e}
    gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    predicted = {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Y"}
    # precision per item: a 1, b 1, c 1/3, d 2/3, e 2/3 -> 11/15
    # recall per item:    a 2/3, b 2/3, c 1/3, d 1, e 1 -> 11/15
    result = b_cubed(predicted, gold)
    assert result["precision"] == pytest.approx(11 / 15)
    assert result["recall"] == pytest.approx(11 / 15)
    assert result["f1"] == pytest.approx(11 / 15)


def test_b_cubed_extremes() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    one_lump = b_cubed({k: 0 for k in gold}, gold)
    assert (one_lump["precision"], one_lump["recall"]) == (0.5, 1.0)
    assert one_lump["f1"] == pytest.approx(2 / 3)
    singletons = b_cubed({k: k for k in gold}, gold)
    assert (singletons["precision"], singletons["recall"]) == (1.0, 0.5)
    perfect = b_cubed({"a": "p", "b": "p", "c": "q", "d": "q"}, gold)
    assert perfect == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_b_cubed_over_some_items_keeps_whole_clusters() -> None:
    # a merge across two topics still costs the first topic's items their precision
    gold = {"a": 1, "b": 1, "c": 2}
    predicted = {"a": 0, "b": 0, "c": 0}
    result = b_cubed(predicted, gold, items=["a", "b"])
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["recall"] == 1.0


def test_stream_order_is_seeded_and_keeps_every_document() -> None:
    docs = [{"doc_id": str(i)} for i in range(20)]
    assert stream_order(docs, "file") == docs
    once, again = stream_order(docs, "shuffled", 3), stream_order(docs, "shuffled", 3)
    assert once == again and once != docs and sorted(once, key=lambda d: int(d["doc_id"])) == docs
    dated = [{"doc_id": "b", "date": "2020-01-02"}, {"doc_id": "a", "date": "2020-01-01"}]
    assert [d["doc_id"] for d in stream_order(dated)] == ["a", "b"]
    with pytest.raises(ValueError):
        stream_order(docs, "sideways")
    assert topic_half("odd")[:3] == [1, 3, 5] and topic_half("all") is None


def test_several_orders_give_each_run_and_the_mean(tmp_path: Path) -> None:
    # four documents of our own on two events; every order clusters them the same way
    docs = [
        ("a1", 1, "1a", "Ferry strike shuts Lindqvist port", "Dock workers at Lindqvist port walked out on Monday over pay."),
        ("a2", 1, "1a", "Lindqvist port strike goes on", "The Lindqvist dock workers stayed out on Tuesday; no ferry sailed."),
        ("b1", 2, "2a", "Comet Harrow seen from Orlen", "Astronomers at Orlen observatory photographed comet Harrow."),
        ("b2", 2, "2a", "Orlen photographs of comet Harrow", "Comet Harrow was photographed at the Orlen observatory again."),
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text(
        "\n".join(json.dumps({"doc_id": i, "topic": t, "subtopic": g, "title": ti, "text": tx}) for i, t, g, ti, tx in docs),
        encoding="utf-8",
    )
    summary = evaluate_orders(path, seeds=range(3))
    assert summary["seeds"] == [0, 1, 2] and summary["documents"] == 4
    assert summary["f1"]["each"] == [1.0, 1.0, 1.0]
    assert (summary["f1"]["mean"], summary["f1"]["sd"], summary["f1"]["min"]) == (1.0, 0.0, 1.0)
    lines = format_orders(summary).splitlines()
    assert lines[0] == "ECB+ B-cubed over 3 shuffled orders (4 documents)"
    assert lines[-1] == "  mean  1.0000     1.0000  1.0000  (F1 sd 0.0000, 1.0000–1.0000)"
    with pytest.raises(ValueError):
        evaluate_orders(path, seeds=[])


@pytest.fixture(scope="module")
def ecbplus(shared: Path) -> Path:
    path = shared / "data" / "clusters" / "ecbplus_documents.jsonl"
    if not path.is_file():
        pytest.skip("ECB+ documents are not in ../shared")
    return path


@pytest.fixture(scope="module")
def ecbplus_result(ecbplus: Path) -> dict:
    return evaluate_clusters(ecbplus)  # about 4 s on one core


def test_ecbplus_report_has_overall_and_per_topic_figures(ecbplus_result: dict) -> None:
    assert ecbplus_result["documents"] == 982 and ecbplus_result["gold_clusters"] == 86
    assert len(ecbplus_result["per_topic"]) == 43
    report = format_report(ecbplus_result)
    assert "F1" in report and report.count("\n") >= 45


def test_ecbplus_does_not_regress(ecbplus_result: dict) -> None:
    assert ecbplus_result["f1"] >= MEASURED, format_report(ecbplus_result, per_topic=False)


@pytest.fixture(scope="module")
def ecbplus_orders(ecbplus: Path) -> dict:
    return evaluate_orders(ecbplus, seeds=ORDERS)  # about 22 s


def test_ecbplus_meets_the_floor(ecbplus_orders: dict) -> None:
    assert ecbplus_orders["f1"]["mean"] >= FLOOR, format_orders(ecbplus_orders)


def test_no_order_falls_far_below_the_floor(ecbplus_orders: dict) -> None:
    assert ecbplus_orders["f1"]["min"] >= MEASURED, format_orders(ecbplus_orders)


def test_reaction_stories_never_mix_events(shared: Path) -> None:
    """data/reactions through the real pipeline: its four events never share a story (the figure
    of how many stories each splits into is in docs/EVALUATION.md)."""
    from newsgraph.eval.clusters import evaluate_reaction_stories, format_reaction_stories

    root = shared / "data" / "reactions"
    if not root.is_dir():
        pytest.skip("../shared/data/reactions is missing")
    result = evaluate_reaction_stories(root)
    assert result["b_cubed"]["precision"] == 1.0
    assert sum(e["articles"] for e in result["events"].values()) == 36
    assert format_reaction_stories(result).startswith("data/reactions: B-cubed P 1.000")
