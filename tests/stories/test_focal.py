"""The focal event of a story's reactions, named in the story's own words, and the rows' statements."""

from __future__ import annotations

from newsgraph.stories.data import StoryData
from newsgraph.stories.focal import event_words, headline
from newsgraph.stories.reactions import reactions, to_markdown

TITLE_1 = "Lisbon condemns military takeover in Lesotho"
TEXT_1 = "Portugal condemned the military takeover in Lesotho. Norway said the coup was a setback."
TEXT_2 = "Kenya called the coup an internal affair. Kenya later welcomed the lifting of the curfew."


def _ref(actor: str, name: str, role: str | None = None) -> dict:
    return {"text": name, "name": name, "actor": actor, "sector": "GOV", "role": role}


def _stance(article: str, text: str, actor: dict, label: str, words: str) -> dict:
    start = text.index(words)
    return {
        "article": article,
        "actor": actor,
        "stance": label,
        "toward": "the article's main event",
        "evidence": [{"start": start, "end": start + len(words), "text": words}],
        "characterised_by_outlet": False,
    }


def _mention(article: str, actor: str) -> dict:
    return {"article": article, "actor": actor, "name": actor, "sector": None, "role": None}


def story() -> StoryData:
    return StoryData(
        articles=[
            {"id": "b1", "title": TITLE_1, "text": TEXT_1, "outlet": "Ledger", "published": "2026-05-04", "duplicate_of": None, "location": "1.txt", "url": None},
            {"id": "b2", "title": "Nairobi shrugs", "text": TEXT_2, "outlet": "Post", "published": "2026-05-03", "duplicate_of": None, "location": "2.txt", "url": None},
        ],
        stances=[
            _stance("b1", TEXT_1, _ref("PRT", "Portugal"), "condemn", "Portugal condemned the military takeover in Lesotho."),
            _stance("b1", TEXT_1, _ref("NOR", "Norway"), "condemn", "Norway said the coup was a setback."),
            _stance("b2", TEXT_2, _ref("KEN", "Kenya"), "neutral", "Kenya called the coup an internal affair."),
            _stance("b1", TEXT_1, _ref("LSO", "Lesotho Army"), "support", "the military takeover in Lesotho"),
        ],
        mentions=[_mention("b1", "LSO"), _mention("b2", "LSO"), _mention("b1", "LSO"), _mention("b1", "PRT"), _mention("b2", "KEN")],
    )


def test_the_focal_event_is_named_in_the_story_s_own_words_with_where_it_happened():
    result = reactions(story())
    focal = result["focal"]
    assert (focal["event"], focal["words"], focal["kind"], focal["home"]) == (None, "the military takeover in Lesotho", "COERCE", "LSO")
    assert headline(focal) == "the military takeover in Lesotho (COERCE; in Lesotho)"
    assert to_markdown(result).splitlines()[0] == "### International reactions to the military takeover in Lesotho (COERCE; in Lesotho)"


def test_event_words_prefer_the_type_of_the_coded_event_and_skip_undoings():
    data = story()
    data.stances.append(_stance("b2", TEXT_2, _ref("KEN", "Kenya"), "support", "welcomed the lifting of the curfew"))
    assert event_words(data, ["COERCE"]) == ("the military takeover in Lesotho", "COERCE")


def test_the_country_where_it_happens_is_no_reactor_and_every_statement_is_reachable():
    rows = {r["actor"]["code"]: r for r in reactions(story())["reactions"]}
    assert set(rows) == {"PRT", "NOR", "KEN"}
    kenya = rows["KEN"]
    assert (kenya["stance"], kenya["first_said"]) == ("neutral", "2026-05-03")
    assert kenya["statements"] == [
        {"article": "b2", "stance": "neutral", "by": "own words", "speaker": "Kenya", "start": 0, "end": 41, "text": "Kenya called the coup an internal affair."}
    ]
