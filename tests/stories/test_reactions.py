from newsgraph.stories.reactions import reactions, to_markdown
from tests.stories.story_fixture import story


def test_reactions_roll_up_count_sources_and_note_outlet_description():
    result = reactions(story())
    assert (result["focal"]["event"], result["focal"]["types"]) == ("USA→SYR", ["ASSAULT"])
    rows = {r["actor"]["code"]: r for r in result["reactions"]}
    assert set(rows) == {"RUS", "EU"}  # the USA carried out the event: not a reactor
    rus = rows["RUS"]
    assert (rus["stance"], rus["sources"], rus["articles"], rus["people"]) == ("condemn", 2, ["a1", "a2", "a3"], ["Anton Petrov"])
    assert rus["actor"] == {"code": "RUS", "name": "Russia", "kind": "country"}
    eu = rows["EU"]
    assert (eu["stance"], eu["sources"], eu["by"]) == ("mixed", 1, "own words")
    assert eu["outlet_says"][0]["stance"] == "support"
    assert eu["note"] == "outlet describes it as support; the actor's own words say mixed"
    assert [r["actor"]["code"] for r in result["reactions"]] == ["RUS", "EU"]


def test_reactions_markdown_table():
    markdown = to_markdown(reactions(story()))
    lines = markdown.splitlines()
    assert lines[2] == "| Country or organisation | Stance | Statement | Sources |"
    assert lines[4].startswith("| Russia (RUS) — Anton Petrov | condemn | “Moscow called the raid an act of aggression” (Anton Petrov, article a1) (+1 more statement) | 2 |")
    assert lines[5].startswith("| European Union (EU) — Kaja Kallas | mixed (outlet: support) |")


def test_reactions_about_filters_focal_event():
    assert reactions(story(), about="Syria")["focal"]["event"] == "USA→SYR"
    assert reactions(story(), about="Greenland")["reactions"] == []
