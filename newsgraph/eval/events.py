"""Score event extraction: event types on PLV sentences (held-out folds only) and
whole-sentence extraction on the PETRARCH-2 gold validation set.

PLV_train is the only PLV split we have, so every PLV figure is cross-validated:
each sentence is typed by a model that never saw it (stratified, seeded folds;
the model's C is chosen inside each training fold). The patterns alone need no
training and are scored on all sentences. Gold YIELD is PLV's name for POLECAT
CONCEDE or RETREAT: both of ours count as YIELD.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsgraph.eval.scoring import prf
from newsgraph.extract.events.model import PLV_TYPES, Marked, examples, fit, parse_marked, plv_label, rule_type

METHODS = ("rules", "model_text", "model")
STEP_SETS = {"patterns and learnt": frozenset({"patterns", "learnt"}), "patterns alone": frozenset({"patterns"}),
             "learnt alone": frozenset({"learnt"})}  # what the whole extraction runs, and each step alone


def read_plv(path: Path) -> tuple[list[Marked], list[str]]:
    """Marked sentences and their gold root types from a PLV-format TSV."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [parse_marked(r["marked_sentence"]) for r in rows], [r["gold_root"] for r in rows]


def per_type(gold: list[str], predicted: list[str | None], labels: tuple[str, ...] = PLV_TYPES) -> dict[str, Any]:
    """Precision, recall and F1 per type, their unweighted mean, and accuracy."""
    table: dict[str, dict[str, Any]] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision, recall, f1 = prf(tp, n_pred, tp, n_gold)
        table[label] = {"precision": precision, "recall": recall, "f1": f1, "support": n_gold}
    macro = sum(row["f1"] for row in table.values()) / len(labels)
    accuracy = sum(1 for g, p in zip(gold, predicted) if g == p) / len(gold) if gold else 0.0
    return {"per_type": table, "macro_f1": round(macro, 3), "accuracy": round(accuracy, 3), "n": len(gold)}


def held_out_predictions(rows: list[dict[str, Any]], gold: list[str], folds: int, seed: int,
                         select: bool = True) -> list[str]:
    """Each sentence typed by a model trained on the other folds only."""
    from sklearn.model_selection import StratifiedKFold

    predicted = [""] * len(gold)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(rows, gold):
        model = fit([rows[i] for i in train], [gold[i] for i in train], seed=seed, select=select)
        for i, label in zip(test, model.predict([rows[i] for i in test])):
            predicted[i] = str(label)
    return predicted


def evaluate_plv(path: Path, folds: int = 5, seed: int = 13, methods: tuple[str, ...] = METHODS,
                 select: bool = True) -> dict[str, Any]:
    """Per-type P/R/F1 and macro-F1 of each method on held-out PLV sentences."""
    from newsgraph import nlp

    marks, gold = read_plv(path)
    docs = list(nlp.parse_many([m.text for m in marks]))
    rows = examples(docs, marks)
    report: dict[str, Any] = {"data": str(path), "folds": folds, "seed": seed, "methods": {}}
    if "rules" in methods:
        predicted = [rule_type(d, m) for d, m in zip(docs, marks)]
        result = per_type(gold, predicted)
        result["coverage"] = round(sum(p is not None for p in predicted) / len(gold), 3)
        report["methods"]["rules"] = result
    if "model_text" in methods:
        bare = [{"text": r["text"], "parse": {k: v for k, v in r["parse"].items() if not k.startswith("rule=")}}
                for r in rows]
        report["methods"]["model_text"] = per_type(gold, held_out_predictions(bare, gold, folds, seed, select))
    if "model" in methods:
        report["methods"]["model"] = per_type(gold, held_out_predictions(rows, gold, folds, seed, select))
    return report


def cameo_table(path: Path) -> dict[str, str]:
    """CAMEO code -> POLECAT type, from the PLOVER manual's conversion table."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if match:
            table[match.group(1)] = match.group(2)
    return table


def to_polecat(code: str, table: dict[str, str]) -> str | None:
    """The type of the longest listed prefix of a CAMEO code."""
    for size in range(len(code), 1, -1):
        if code[:size] in table:
            return table[code[:size]]
    return None


@lru_cache(maxsize=1)
def _organisation_kinds() -> dict[str, str]:
    """Organisation code -> kind (igo, ngo, ...), from organisations.tsv."""
    from newsgraph.lang import read_table

    return {row[0]: row[3] for row in read_table("organisations.tsv") if len(row) > 3}


def cameo_country(ref: Any) -> str:
    """The first three letters of the CAMEO actor code for one of our actors: its country, IGO or
    NGO for an international body, and "---" for an actor whose country the text does not give
    (CAMEO's "---REB", "---GOV"); "" for no actor at all."""
    if ref is None:
        return ""
    code = ref.actor or ""
    kind = {"igo": "IGO", "ngo": "NGO"}.get(_organisation_kinds().get(code, ""))
    return kind or (code if len(code) == 3 and code.isupper() else "---")


def evaluate_petr2(path: Path, cameo: Path, steps: frozenset[str] = STEP_SETS["patterns and learnt"]) -> dict[str, Any]:
    """Run the whole extraction (or only some ``steps`` of it) on each gold sentence and score
    types and dyads against it."""
    from newsgraph import nlp
    from newsgraph.extract.actors.mentions import extract_actors
    from newsgraph.extract.events.rules import extract_events
    from newsgraph.extract.quotes.attribution import extract_quotes

    table = cameo_table(cameo)
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = Counter()
    by_type: dict[str, Counter] = {}
    for item, doc in zip(items, nlp.parse_many([i["text"] for i in items])):
        day = item.get("date", "")
        published = f"{day[:4]}-{day[4:6]}-{day[6:8]}" if len(day) == 8 else None
        mentions = extract_actors(doc, published)
        events = extract_events(doc, mentions, extract_quotes(doc, mentions), published, steps=steps)
        gold = [(to_polecat(c["eventcode"], table), c["sourcecode"][:3], c["targetcode"][:3])
                for c in item["gold_codings"] if c.get("eventcode")]
        gold_types = {plv_label(g[0]) for g in gold if g[0]}
        found_types = {plv_label(e.type) for e in events}
        found_dyads = {(plv_label(e.type), cameo_country(e.source), cameo_country(e.target)) for e in events}
        gold_dyads = {(plv_label(g[0]), g[1], g[2]) for g in gold if g[0]}
        counts.update(types_tp=len(gold_types & found_types), types_pred=len(found_types),
                      types_gold=len(gold_types), dyads_tp=len(gold_dyads & found_dyads),
                      dyads_pred=len(found_dyads), dyads_gold=len(gold_dyads), sentences=1,
                      no_event_sentences=int(not gold), false_alarms=int(not gold and bool(events)))
        for label in gold_types | found_types:
            row = by_type.setdefault(label, Counter())
            row.update(tp=int(label in gold_types and label in found_types),
                       pred=int(label in found_types), gold=int(label in gold_types))
    report: dict[str, Any] = {"data": str(path), "counts": dict(counts)}
    for kind in ("types", "dyads"):
        p, r, f = prf(counts[f"{kind}_tp"], counts[f"{kind}_pred"], counts[f"{kind}_tp"], counts[f"{kind}_gold"])
        report[kind] = {"precision": p, "recall": r, "f1": f}
    report["per_type"] = {k: dict(zip(("precision", "recall", "f1"), prf(v["tp"], v["pred"], v["tp"], v["gold"])),
                                  support=v["gold"]) for k, v in sorted(by_type.items())}
    return report


def _matches(ref: Any, text: str, spans: tuple[tuple[int, int], ...]) -> bool:
    """An event's actor matches a marked span when its words lie inside the span."""
    if ref is None or not ref.text:
        return False
    return any(ref.text.lower() in text[s:e].lower() for s, e in spans)


def evaluate_end_to_end(path: Path, folds: int = 5, seed: int = 13) -> dict[str, Any]:
    """The whole extraction on each raw PLV sentence, the candidate classifiers trained on the other folds.

    A marked pair is found when an event's source and target match it; its type is then the
    first such event's (a missed pair counts as a wrong type). An event is right when it
    matches a marked pair of its sentence with that pair's type. Scored for the whole
    extraction, and for the trigger patterns and the learnt decision each alone ("steps").
    """
    from sklearn.model_selection import StratifiedKFold

    from newsgraph import nlp
    from newsgraph.extract.actors.mentions import extract_actors
    from newsgraph.extract.events.learnt import fit_candidates, no_event_rows
    from newsgraph.extract.events.rules import extract_events
    from newsgraph.extract.quotes.attribution import extract_quotes

    marks, gold = read_plv(path)
    docs = list(nlp.parse_many([m.text for m in marks]))
    mentions = [extract_actors(d) for d in docs]
    quotes = [extract_quotes(d, m) for d, m in zip(docs, mentions)]
    predicted = {name: ["NONE"] * len(gold) for name in STEP_SETS}
    right, produced = Counter(), Counter()
    negatives = no_event_rows()
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(marks, gold):
        model = fit_candidates([docs[i] for i in train], [mentions[i] for i in train],
                               [marks[i] for i in train], [gold[i] for i in train], seed=seed, negatives=negatives)
        for i in test:
            pairs = [(j, marks[j]) for j in range(len(marks)) if marks[j].text == marks[i].text]
            for name, steps in STEP_SETS.items():
                events = extract_events(docs[i], mentions[i], quotes[i], None, model=model, steps=steps)
                for event in events:
                    produced[name] += 1
                    right[name] += any(plv_label(event.type) == gold[j] and _matches(event.source, m.text, m.sources)
                                       and _matches(event.target, m.text, m.targets) for j, m in pairs)
                hit = next((e for e in events if _matches(e.source, marks[i].text, marks[i].sources)
                            and _matches(e.target, marks[i].text, marks[i].targets)), None)
                predicted[name][i] = plv_label(hit.type) if hit else "NONE"
    results = {}
    for name in STEP_SETS:
        result = per_type(gold, predicted[name])
        result.update(pair_recall=round(sum(p != "NONE" for p in predicted[name]) / len(gold), 3),
                      events=produced[name],
                      event_precision=round(right[name] / produced[name], 3) if produced[name] else 0.0)
        results[name] = result
    whole = results.pop("patterns and learnt")
    whole["steps"] = {name: {k: r[k] for k in ("pair_recall", "macro_f1", "event_precision", "events")}
                      for name, r in results.items()}
    return whole


def run_eval_events(shared: Path, folds: int = 5, seed: int = 13, petr2: bool = True) -> dict[str, Any]:
    """`newsgraph eval events`: PLV held-out type scores, then the PETRARCH-2 sentence check."""
    data = shared / "data" / "events"
    report: dict[str, Any] = {"plv": evaluate_plv(data / "PLV_train.tsv", folds=folds, seed=seed),
                              "end_to_end": evaluate_end_to_end(data / "PLV_train.tsv", folds=folds, seed=seed)}
    if petr2 and (data / "petr2_gsr_validation.jsonl").exists():
        runs = {name: evaluate_petr2(data / "petr2_gsr_validation.jsonl", data / "CAMEO2PLOVER-2021.txt", steps)
                for name, steps in STEP_SETS.items()}
        report["petr2"] = runs.pop("patterns and learnt")
        report["petr2"]["steps"] = {name: {"types_f1": r["types"]["f1"], "dyads_f1": r["dyads"]["f1"]}
                                    for name, r in runs.items()}
    return report


def _type_table(title: str, result: dict[str, Any]) -> Any:
    """One rich table of per-type precision, recall, F1 and support."""
    from rich.table import Table

    table = Table(title=title)
    for column in ("type", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for label, row in result["per_type"].items():
        table.add_row(label, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}", str(row["support"]))
    return table


def _steps_table(e2e: dict[str, Any], petr2: dict[str, Any]) -> Any:
    """What the trigger patterns and the learnt decision each find alone, beside the whole."""
    from rich.table import Table

    table = Table(title="Which wins: each step alone (PLV end to end; PETRARCH-2 F1)")
    for column in ("steps", "pair recall", "type macro-F1", "event precision", "events", "PETR-2 types", "PETR-2 dyads"):
        table.add_column(column, justify="left" if column == "steps" else "right")
    rows = {"patterns and learnt": (e2e, {"types_f1": petr2.get("types", {}).get("f1"),
                                          "dyads_f1": petr2.get("dyads", {}).get("f1")}),
            **{name: (row, petr2.get("steps", {}).get(name, {})) for name, row in e2e["steps"].items()}}
    for name, (row, petr) in rows.items():
        cells = [f"{row['pair_recall']:.3f}", f"{row['macro_f1']:.3f}", f"{row['event_precision']:.3f}", str(row["events"])]
        cells += [f"{petr[k]:.3f}" if petr.get(k) is not None else "-" for k in ("types_f1", "dyads_f1")]
        table.add_row(name, *cells)
    return table


def render_events_report(report: dict[str, Any]) -> list[Any]:
    """Rich tables for a report of run_eval_events: one per PLV method, one for PETRARCH-2."""
    from rich.table import Table

    tables: list[Any] = []
    plv = report.get("plv", {})
    for method, result in plv.get("methods", {}).items():
        tables.append(_type_table(f"PLV event types, held-out ({method}): macro-F1 {result['macro_f1']:.3f}, "
                                  f"accuracy {result['accuracy']:.3f}, n={result['n']}", result))
    e2e = report.get("end_to_end")
    if e2e:
        tables.append(_type_table(f"PLV end to end, held-out: pair recall {e2e['pair_recall']:.3f}, type macro-F1 "
                                  f"{e2e['macro_f1']:.3f}, event precision {e2e['event_precision']:.3f} "
                                  f"({e2e['events']} events), n={e2e['n']}", e2e))
    if e2e and "steps" in e2e:
        tables.append(_steps_table(e2e, report.get("petr2", {})))
    petr2 = report.get("petr2")
    if petr2:
        table = Table(title="PETRARCH-2 gold sentences, whole extraction (sentence level)")
        for column in ("level", "precision", "recall", "F1"):
            table.add_column(column, justify="left" if column == "level" else "right")
        for level in ("types", "dyads"):
            row = petr2[level]
            table.add_row(level, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}")
        tables.append(table)
    return tables
