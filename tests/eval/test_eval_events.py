"""Event evaluation: scoring helpers, the shipped classifier, and the PLV held-out floor."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.eval.events import cameo_table, evaluate_plv, per_type, render_events_report, to_polecat
from newsgraph.extract.events.model import MODEL_PATH, classify, masked_text, parse_marked, plv_label, rule_type

PLV_FLOOR = 0.60


def test_parse_marked_keeps_offsets() -> None:
    marked = parse_marked("<s>Egypt</s> expelled <t>the Turkish ambassador</t> on Monday.")
    assert marked.text == "Egypt expelled the Turkish ambassador on Monday."
    (s_start, s_end), (t_start, t_end) = marked.sources[0], marked.targets[0]
    assert marked.text[s_start:s_end] == "Egypt"
    assert marked.text[t_start:t_end] == "the Turkish ambassador"
    assert masked_text(marked) == "SRC expelled TGT on Monday."


def test_yield_is_concede_or_retreat() -> None:
    assert plv_label("RETREAT") == plv_label("CONCEDE") == "YIELD"
    assert plv_label("ASSAULT") == "ASSAULT"


def test_per_type_scores() -> None:
    report = per_type(["ASSAULT", "ASSAULT", "AID"], ["ASSAULT", "AID", "AID"], labels=("ASSAULT", "AID"))
    assert report["per_type"]["ASSAULT"] == {"precision": 1.0, "recall": 0.5, "f1": 0.667, "support": 2}
    assert report["per_type"]["AID"] == {"precision": 0.5, "recall": 1.0, "f1": 0.667, "support": 1}
    assert report["macro_f1"] == 0.667 and report["accuracy"] == 0.667


def test_cameo_codes_map_by_longest_prefix(tmp_path: Path) -> None:
    table = tmp_path / "cameo.txt"
    table.write_text("# header\n17: COERCE\n173: COERCE, arrest, legal # Arrest\n1712: ASSAULT, seize # Destroy\n")
    codes = cameo_table(table)
    assert to_polecat("1712", codes) == "ASSAULT"
    assert to_polecat("1711", codes) == "COERCE"
    assert to_polecat("010", codes) is None


def test_rules_and_shipped_model_type_a_marked_sentence(nlp) -> None:
    marked = parse_marked("<s>Egypt</s> expelled <t>the Turkish ambassador</t> on Monday.")
    doc = nlp(marked.text)
    assert rule_type(doc, marked) == "SANCTION"
    assert MODEL_PATH.exists() and MODEL_PATH.stat().st_size < 5_000_000
    assert classify(doc, marked) == "SANCTION"


def test_render_report_makes_tables() -> None:
    result = per_type(["AID"], ["AID"], labels=("AID",))
    tables = render_events_report({"plv": {"methods": {"model": result}},
                                   "petr2": {"types": {"precision": 1.0, "recall": 0.5, "f1": 0.667},
                                             "dyads": {"precision": 0.5, "recall": 0.5, "f1": 0.5}}})
    assert len(tables) == 2 and tables[0].row_count == 1


def test_plv_held_out_macro_f1_floor(shared: Path) -> None:
    path = shared / "data" / "events" / "PLV_train.tsv"
    if not path.exists():
        pytest.skip("PLV_train.tsv is missing")
    report = evaluate_plv(path, folds=5, seed=13, methods=("model",), select=False)
    result = report["methods"]["model"]
    assert result["n"] == 1050
    assert result["macro_f1"] >= PLV_FLOOR, result


def test_end_to_end_match_needs_the_actor_inside_the_marked_span() -> None:
    from newsgraph.eval.events import _matches
    from newsgraph.model import ActorRef

    marked = parse_marked("<s>Danish volunteers</s> delivered food to <t>the Red Cross</t> in Homs.")
    assert _matches(ActorRef("Danish volunteers", "Danish volunteers", "DNK", "CVL"), marked.text, marked.sources)
    assert not _matches(ActorRef("Homs", "Homs", "SYR"), marked.text, marked.targets)
    assert not _matches(None, marked.text, marked.targets)


def test_our_actors_compare_with_cameo_codes_by_country_igo_or_unknown() -> None:
    from newsgraph.eval.events import cameo_country
    from newsgraph.model import ActorRef

    assert cameo_country(ActorRef("Kenya", "Kenya", "KEN")) == "KEN"
    assert cameo_country(ActorRef("the EU", "European Union", "EU")) == "IGO"  # CAMEO's IGOEUR...
    assert cameo_country(ActorRef("rebels", "rebels", None, "REB")) == "---"  # CAMEO's ---REB
    assert cameo_country(None) == ""


def test_sentences_of_our_own_give_the_detector_no_event_pairs(nlp) -> None:
    from newsgraph.extract.events.learnt import NO_EVENTS, no_event_rows

    rows = no_event_rows()
    assert NO_EVENTS.exists() and len(rows) >= 150  # 167 candidate pairs from 40 sentences
    assert all(row["order"] in (0, 1) and any(key.startswith("lca=") for key in row) for row in rows)
