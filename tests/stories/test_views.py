import json
import xml.etree.ElementTree as ET

from newsgraph.stories import compare, network, timeline
from newsgraph.views.export import cameo_for, gdelt_rows
from tests.stories.story_fixture import story


def test_timeline_merges_reports_and_counts_sources():
    rows = timeline.timeline(story())
    assert [(r["date"], r["type"], r["sources"], r["articles"]) for r in rows] == [
        ("2026-03-02", "ASSAULT", 2, ["a1", "a2", "a3"]),
        (None, "ACCUSE", 1, ["a1"]),
    ]
    assert rows[0]["evidence"] == {"article": "a1", "start": 0, "end": 25, "text": "US forces struck the port"}


def test_timeline_drawing(tmp_path):
    path = timeline.draw(timeline.timeline(story()), tmp_path / "t.svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")


def test_compare_shared_only_here_and_own_words():
    result = compare.compare(story())
    outlets = {o["outlet"]: o for o in result["outlets"]}
    assert sorted(outlets) == ["Courier", "Ledger", "Post"]
    ledger = outlets["Ledger"]
    assert [f["fact"] for f in ledger["shared"]] == ["ASSAULT USA→SYR"]
    assert sorted(f["fact"] for f in ledger["only_here"]) == ["ACCUSE RUS→USA", "Moscow: “an act of aggression…”", "RUS calls it aggression"]
    # "act of aggression" is Moscow's word, inside reported speech: not the outlet's own voice
    assert ledger["framing"] == {"strike": 1, "raid": 1}
    assert outlets["Courier"]["framing"] == {"strike": 1}
    assert ledger["quotes"] == [{"speaker": "Moscow (RUS)", "quotes": 1}]


def test_network_weights_conflict(tmp_path):
    graph = network.network(story())
    edges = {(s, t): d for s, t, d in graph.edges(data=True)}
    assert edges[("USA", "SYR")]["weight"] == -3 and edges[("USA", "SYR")]["relation"] == "conflict"
    assert edges[("RUS", "USA")]["types"] == "ACCUSE:1"
    as_json = network.to_json(graph)
    assert {n["id"] for n in as_json["nodes"]} == {"USA", "SYR", "RUS"}
    network.to_graphml(graph, tmp_path / "g.graphml")
    assert "ACCUSE:1" in (tmp_path / "g.graphml").read_text()
    json.dumps(as_json)


def test_gdelt_rows_one_per_distinct_event():
    rows = gdelt_rows(story())
    assert [(r["PloverType"], r["EventCode"], r["QuadClass"], r["NumMentions"], r["NumSources"], r["NumArticles"]) for r in rows] == [
        ("ACCUSE", "112", 3, 1, 1, 1),
        ("ASSAULT", "190", 4, 3, 2, 3),
    ]
    assault = rows[1]
    assert (assault["SQLDATE"], assault["Actor1Code"], assault["Actor1CountryCode"], assault["Actor2CountryCode"]) == ("20260302", "USAGOV", "USA", "SYR")
    assert cameo_for("CONSULT", "phone call") == ("041", 1, 1.0)
    assert cameo_for("COERCE", "Arrest") == ("173", 4, -7.0)
