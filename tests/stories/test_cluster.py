"""The streaming story clusterer on short texts written for these tests."""

from __future__ import annotations

from datetime import date

import json

from newsgraph.stories.cluster import ClusterItem, StoryClusterer
from newsgraph.stories.settings import ClusterSettings
from newsgraph.stories.story import Story

FLOOD = [
    ClusterItem(
        "flood-1",
        "River Tessel floods Marrowdale. The River Tessel burst its banks in Marrowdale on Monday "
        "after three days of rain, flooding two hundred homes. Mayor Odile Fenwick said rescue "
        "boats had reached families trapped on upper floors.",
        published="2031-03-03",
        actors=frozenset({"MRW"}),
        title="River Tessel floods Marrowdale",
    ),
    ClusterItem(
        "flood-2",
        "Marrowdale counts the cost of the Tessel flood. Water from the River Tessel still covered "
        "the lower streets of Marrowdale on Tuesday. Mayor Odile Fenwick asked for army help as "
        "rescue boats carried families from flooded homes.",
        published="2031-03-04",
        actors=frozenset({"MRW"}),
        title="Marrowdale counts the cost of the Tessel flood",
    ),
    ClusterItem(
        "flood-3",
        "Army joins rescue in flooded Marrowdale. Soldiers arrived in Marrowdale on Wednesday as the "
        "River Tessel began to fall. Odile Fenwick, the mayor, thanked the boat crews who took "
        "hundreds of people out of flooded homes along the Tessel.",
        published="2031-03-05",
        actors=frozenset({"MRW"}),
        title="Army joins rescue in flooded Marrowdale",
    ),
]

CHESS = [
    ClusterItem(
        "chess-1",
        "Brandvold wins the Valloria chess championship. Grandmaster Ilse Brandvold won the Valloria "
        "championship on Sunday, beating Teodor Lasko in the final game with the black pieces after "
        "a long endgame.",
        published="2031-03-02",
        title="Brandvold wins the Valloria chess championship",
    ),
    ClusterItem(
        "chess-2",
        "Ilse Brandvold takes Valloria title. Teodor Lasko resigned on move sixty-one, giving Ilse "
        "Brandvold the Valloria chess title. The grandmaster said the endgame was the hardest of "
        "her career.",
        published="2031-03-03",
        title="Ilse Brandvold takes Valloria title",
    ),
    ClusterItem(
        "chess-3",
        "Lasko congratulates champion Brandvold. A day after losing the Valloria final, grandmaster "
        "Teodor Lasko praised Ilse Brandvold's endgame and said he would challenge her again at the "
        "next championship.",
        published="2031-03-04",
        title="Lasko congratulates champion Brandvold",
    ),
]

TRADE = ClusterItem(
    "trade-1",
    "Ostrava and Kelm sign a grain deal. The trade ministers of Ostrava and Kelm signed a five-year "
    "agreement on Thursday to cut tariffs on wheat and barley shipped across the Amsel Sea.",
    published="2031-03-04",
    title="Ostrava and Kelm sign a grain deal",
)


def _clustered(items: list[ClusterItem]) -> tuple[StoryClusterer, dict[str, str]]:
    clusterer = StoryClusterer()
    ids = {item.id: clusterer.add(item) for item in items}
    return clusterer, ids


def test_same_story_joins_and_different_stories_stay_apart() -> None:
    clusterer, ids = _clustered([FLOOD[0], CHESS[0], FLOOD[1], TRADE, CHESS[1], FLOOD[2], CHESS[2]])
    flood = {ids[i.id] for i in FLOOD}
    chess = {ids[i.id] for i in CHESS}
    assert len(flood) == 1 and len(chess) == 1
    assert flood != chess
    assert ids[TRADE.id] not in flood | chess
    assert len(clusterer.stories) == 3


def test_story_has_a_member_title_and_a_date_range() -> None:
    clusterer, ids = _clustered(FLOOD)
    story = clusterer.stories[ids["flood-1"]]
    assert story.title in {i.title for i in FLOOD}
    assert (story.first, story.last) == ("2031-03-03", "2031-03-05")
    assert story.size == 3 and story.members == ["flood-1", "flood-2", "flood-3"]
    assert clusterer.summaries()[0] == {
        "id": story.id,
        "title": story.title,
        "first": "2031-03-03",
        "last": "2031-03-05",
        "articles": 3,
    }


def test_untitled_article_is_named_by_its_first_sentence() -> None:
    clusterer = StoryClusterer()
    sid = clusterer.add(ClusterItem("x", "A bridge opened in Lunden today. It took nine years to build."))
    assert clusterer.stories[sid].title == "A bridge opened in Lunden today."


def test_near_duplicate_always_shares_its_original_story() -> None:
    clusterer, ids = _clustered([FLOOD[0], CHESS[0]])
    # the text says nothing about the flood: only the duplicate link puts it there
    copy = ClusterItem("copy", CHESS[1].text, published="2031-03-03", duplicate_of="flood-1")
    assert clusterer.add(copy) == ids["flood-1"]
    # and a copy is not counted again in the document frequencies
    assert clusterer.vec.n_docs == 2


def test_adding_the_same_article_twice_changes_nothing() -> None:
    clusterer, ids = _clustered(FLOOD[:2])
    assert clusterer.add(FLOOD[0]) == ids["flood-1"]
    assert clusterer.stories[ids["flood-1"]].size == 2


def test_restore_from_state_lets_new_articles_join_old_stories() -> None:
    first_run, ids = _clustered([FLOOD[0], FLOOD[1], CHESS[0], CHESS[1]])
    state = json.loads(json.dumps(first_run.state()))  # must survive plain JSON
    second_run = StoryClusterer.from_state(state)
    assert second_run.story_of("flood-1") == ids["flood-1"]
    assert second_run.add(FLOOD[2]) == ids["flood-1"]
    assert second_run.add(CHESS[2]) == ids["chess-1"]
    assert second_run.add(TRADE) not in {ids["flood-1"], ids["chess-1"]}
    # the restored run decides exactly as an uninterrupted one would
    straight, straight_ids = _clustered([FLOOD[0], FLOOD[1], CHESS[0], CHESS[1], FLOOD[2], CHESS[2], TRADE])
    assert second_run.story_of("flood-3") == straight_ids["flood-3"]
    assert {k: v for k, v in second_run.state().items() if k != "stories"} == {
        k: v for k, v in straight.state().items() if k != "stories"
    }


THIN_FIRST_REPORT = ClusterItem(
    "thin",
    "Tessel flood warning for Marrowdale. The River Tessel rose fast on Sunday night and "
    "Marrowdale's lower streets may flood.",
    published="2031-03-02",
    title="Tessel flood warning for Marrowdale",
)


def test_a_grown_story_takes_in_the_thin_first_report_it_now_covers() -> None:
    clusterer = StoryClusterer()
    assert clusterer.add(THIN_FIRST_REPORT) == "st-thin"
    assert clusterer.add(CHESS[0]) == "st-chess-1"
    assert clusterer.add(FLOOD[0]) == "st-flood-1"  # too little in common with the warning alone
    clusterer.changed()
    assert clusterer.story_of("thin") == "st-thin"
    clusterer.add(FLOOD[1])  # the story grows, and now clearly covers the warning
    assert clusterer.story_of("thin") == "st-flood-1"
    assert clusterer.absorbed() == {"st-thin": "st-flood-1"}
    assert clusterer.absorbed() == {}
    assert [st.id for st in clusterer.changed()] == ["st-flood-1"]
    story = clusterer.stories["st-flood-1"]
    assert "st-thin" not in clusterer.stories
    assert (story.size, story.members) == (3, ["flood-1", "flood-2", "thin"])
    assert (story.first, story.last) == ("2031-03-02", "2031-03-04")
    assert all("st-thin" not in posting for posting in clusterer._index.values())
    # an unrelated one-article story stays where it is
    assert clusterer.story_of("chess-1") == "st-chess-1"


# only the settled-story rule can take strays in here: the plain threshold is out of reach
SETTLED_AT_THREE = ClusterSettings(absorb_threshold=0.99, settled_size=3, settled_threshold=0.05, absorb_margin=0.10)
FISHING = ClusterItem(
    "fishing",
    "Tessel fishing season opens. Anglers lined the River Tessel on Sunday as the fishing season began.",
    published="2031-03-02",
    title="Tessel fishing season opens",
)


def _settle_flood(settings: ClusterSettings, rival: list[ClusterItem]) -> StoryClusterer:
    """The warning opens a story of its own; the flood story reaches three articles last."""
    clusterer = StoryClusterer(settings)
    for item in [THIN_FIRST_REPORT, CHESS[0], FLOOD[0], FLOOD[1], *rival, FLOOD[2]]:
        clusterer.add(item)
    return clusterer


def test_a_settled_story_takes_in_a_stray_no_other_story_claims() -> None:
    settled = _settle_flood(SETTLED_AT_THREE, [])
    assert settled.story_of("thin") == "st-flood-1"
    not_yet = _settle_flood(ClusterSettings(**{**SETTLED_AT_THREE.to_dict(), "settled_size": 4}), [])
    assert not_yet.story_of("thin") == "st-thin"


def test_a_settled_story_leaves_a_stray_another_story_claims_as_much() -> None:
    clusterer = _settle_flood(SETTLED_AT_THREE, [FISHING])
    assert (clusterer.story_of("thin"), clusterer.story_of("fishing")) == ("st-thin", "st-fishing")
    stray, flood, fishing = (clusterer.stories[k] for k in ("st-thin", "st-flood-1", "st-fishing"))
    # both stories score the warning about the same: neither beats the other by the margin
    assert abs(clusterer.story_score(flood, stray) - clusterer.story_score(fishing, stray)) < 0.10


def test_a_rival_story_outside_the_time_window_claims_nothing() -> None:
    months_later = ClusterItem(FISHING.id, FISHING.text, published="2031-06-02", title=FISHING.title)
    clusterer = _settle_flood(SETTLED_AT_THREE, [months_later])
    assert clusterer.story_of("thin") == "st-flood-1"


def test_copies_of_one_report_do_not_settle_a_story() -> None:
    copies = [ClusterItem(f"copy-{n}", FLOOD[0].text, published="2031-03-03", duplicate_of="flood-1") for n in (1, 2)]
    clusterer = StoryClusterer(SETTLED_AT_THREE)
    for item in [THIN_FIRST_REPORT, CHESS[0], FLOOD[0], *copies, FLOOD[1]]:
        clusterer.add(item)
    flood = clusterer.stories["st-flood-1"]
    assert (flood.size, flood.copies, flood.sources) == (4, 2, 2)
    assert clusterer.story_of("thin") == "st-thin"  # four articles, but only two sources
    clusterer.add(FLOOD[2])
    assert clusterer.story_of("thin") == "st-flood-1"
    assert clusterer.stories["st-flood-1"].sources == 4  # the warning counts as a source too


def test_taking_in_strays_can_be_switched_off() -> None:
    clusterer = StoryClusterer(ClusterSettings(absorb_threshold=None))
    for item in [THIN_FIRST_REPORT, FLOOD[0], FLOOD[1]]:
        clusterer.add(item)
    assert clusterer.story_of("thin") == "st-thin"
    assert clusterer.absorbed() == {}


def test_changed_reports_each_touched_story_once() -> None:
    clusterer, ids = _clustered(FLOOD[:2])
    assert [st.id for st in clusterer.changed()] == [ids["flood-1"]]
    assert clusterer.changed() == []


def test_a_story_outside_the_time_window_takes_no_new_article() -> None:
    clusterer, ids = _clustered(FLOOD[:2])
    late = ClusterItem("late", FLOOD[2].text, published="2031-06-01", title=FLOOD[2].title)
    assert clusterer.add(late) != ids["flood-1"]


def test_undated_articles_still_cluster_by_text() -> None:
    undated = [ClusterItem(i.id, i.text, title=i.title) for i in FLOOD]
    _, ids = _clustered(undated)
    assert len(set(ids.values())) == 1


def test_shared_actors_and_events_raise_the_score_and_time_apart_lowers_it() -> None:
    clusterer, ids = _clustered(FLOOD[:2])
    story = clusterer.stories[ids["flood-1"]]
    item = FLOOD[2]
    weighted = clusterer.vec.weigh(clusterer.vec.tf(item.text))
    day = 742_000  # any day far from the story
    plain = ClusterItem(item.id, item.text, published=item.published)
    base = clusterer.score(story, plain, weighted, None)
    assert clusterer.score(story, item, weighted, None) > base  # shares actor MRW
    assert clusterer.score(story, plain, weighted, day) < base


def _dated(item: ClusterItem, published: str) -> ClusterItem:
    return ClusterItem(item.id, item.text, published=published, actors=item.actors, title=item.title)


def test_a_story_leaves_memory_when_the_clock_passes_its_last_date_by_memory_days() -> None:
    clusterer = StoryClusterer(ClusterSettings(memory_days=10))
    chess = clusterer.add(_dated(CHESS[0], "2025-02-20"))
    flood = clusterer.add(_dated(FLOOD[0], "2025-03-02"))
    assert chess in clusterer.stories  # 10 days older than the newest date read: still in memory
    clusterer.add(_dated(FLOOD[1], "2025-03-03"))
    assert chess not in clusterer.stories and clusterer.story_of("chess-1") is None
    assert flood in clusterer.stories and clusterer.memory_start() == "2025-02-21"
    assert [st.id for st in clusterer.changed()] == sorted([chess, flood])  # still handed over to be written


def test_a_date_after_tomorrow_does_not_move_the_clock() -> None:
    clusterer = StoryClusterer(ClusterSettings(memory_days=10))
    clusterer.add(_dated(FLOOD[0], "2025-03-02"))
    clusterer.add(ClusterItem("typo", "A report with a wrong year.", published="2925-03-04"))
    assert clusterer.clock == date(2025, 3, 2).toordinal() and len(clusterer.stories) == 2


def test_an_article_far_older_than_the_clock_joins_a_story_it_is_given_back() -> None:
    clusterer = StoryClusterer(ClusterSettings(memory_days=10, window_days=3))
    old = clusterer.add(_dated(FLOOD[0], "2025-03-01"))
    clusterer.add(_dated(CHESS[0], "2025-03-20"))
    stored = {st.id: st.to_state() for st in clusterer.changed()}
    assert old not in clusterer.stories and clusterer.is_late("2025-03-02")
    assert clusterer.add(_dated(FLOOD[1], "2025-03-02")) != old  # not given back: a story of its own
    late = _dated(FLOOD[2], "2025-03-02")
    assert clusterer.add(late, [Story.from_state(stored[old])]) == old
    assert old not in clusterer.stories  # back in memory only while it took the article in
    assert [st.size for st in clusterer.changed() if st.id == old] == [2]


def test_candidates_are_bounded_however_many_stories_there_are() -> None:
    settings = ClusterSettings(candidates=5, postings=8)
    clusterer = StoryClusterer(settings)
    for n in range(60):
        # sixty distinct stories that all share the same few words
        clusterer.add(ClusterItem(f"s{n}", f"Harbour council vote {n}. Councillor Zed{n}x spoke about item q{n}q."))
    probe = ClusterItem("probe", "Harbour council vote. The council met again.")
    weighted = clusterer.vec.weigh(clusterer.vec.tf(probe.text))
    assert len(clusterer._candidates(probe, weighted, None)) <= 5
    assert all(len(p) <= 8 for p in clusterer._index.values())


def test_settings_round_trip_and_ignore_unknown_keys() -> None:
    settings = ClusterSettings(threshold=0.5)
    assert ClusterSettings.from_dict({**settings.to_dict(), "retired_knob": 1}) == settings
