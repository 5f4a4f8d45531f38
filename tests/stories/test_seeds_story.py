"""Issue 4's acceptance check on the real seeds, through the real pipeline."""

from __future__ import annotations

from pathlib import PurePath

import pytest

from newsgraph.pipeline import ingest
from newsgraph.store import Store
from newsgraph.stories.compare import compare
from newsgraph.stories.data import select
from newsgraph.stories.reactions import reactions


@pytest.fixture(scope="module")
def seed_story(seeds, tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.db'}")
    ingest([seeds], store)
    stories = store.stories()
    assert [(s["articles"], s["sources"]) for s in stories] == [(2, 2)]
    data, _ = select(store, stories[0]["id"], None)
    return data


def test_seed_reactions_rus_condemn_from_two_sources_eu_mixed_from_one(seed_story):
    result = reactions(seed_story)
    assert (result["focal"]["source"], result["focal"]["target"]) == ("USA", "VEN")
    rows = {r["actor"]["code"]: r for r in result["reactions"]}
    assert (rows["RUS"]["stance"], rows["RUS"]["sources"]) == ("condemn", 2)
    assert (rows["EU"]["stance"], rows["EU"]["sources"], rows["EU"]["people"]) == ("mixed", 1, ["Kaja Kallas"])
    assert [o["stance"] for o in rows["EU"]["outlet_says"]] == ["support"]
    assert "USA" not in rows  # the actor that carried out the strike is not a reactor to it


def test_seed_comparison_shows_the_coverage_differences(seed_story):
    # the seeds name no outlet: each file is an unknown outlet of its own, found here by its file
    files = {a["id"]: PurePath(a["location"]).name[:3] for a in seed_story.articles}
    outlets = {files[o["articles"][0]]: o for o in compare(seed_story)["outlets"]}
    assert sorted(o["outlet"] for o in outlets.values()) == ["unknown outlet 1", "unknown outlet 2"]
    first, second = outlets["000"], outlets["003"]
    assert "RUS calls it aggression" in [f["fact"] for f in first["shared"]]
    only_first = [f["fact"] for f in first["only_here"]]
    assert {"CONSULT RUS→VEN", "ACCUSE USA→VEN"} <= set(only_first)  # the phone call, the indictment
    assert any(f.startswith("Donald Trump: ") for f in only_first)  # Trump's remarks
    only_second = [f["fact"] for f in second["only_here"]]
    assert any(f.startswith(("SUPPORT EU", "CONSULT EU")) for f in only_second)  # the EU's reaction
    assert any("Kaja Kallas (EU)" == q["speaker"] for q in second["quotes"])
    assert {"aggression", "seized"} <= set(first["framing"])
    assert {"strike", "capture"} <= set(second["framing"]) and "aggression" not in second["framing"]
