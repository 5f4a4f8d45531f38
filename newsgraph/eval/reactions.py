"""Score the reactions table on ../shared/data/reactions: four events, gold reaction tables.

Each event folder is ingested into its own fresh database by the real pipeline,
and the reactions over all of its articles are compared with ``gold.jsonl`` at
actor level: a row is right when its actor is a gold actor and its stance is the
gold stance or one of ``also_ok``. Precision is over the rows shown, recall over
the gold actors. Figures are given over all actors and over the actors whose gold
evidence is in articles of one language ("en", "es"); and for each language alone, the table its
articles give by themselves against the gold actors they show, which measures that language's
analysis without the other's help.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newsgraph.eval.scoring import prf
from newsgraph.model import STANCES

MISSING = "—"


def run_eval_reactions(root: Path, events: list[str] | None = None) -> dict[str, Any]:
    """Ingest each event folder under ``root`` into a fresh database and score its reactions."""
    folders = sorted(p for p in root.iterdir() if (p / "gold.jsonl").exists())
    if events:
        folders = [f for f in folders if any(e.lower() in f.name.lower() for e in events)]
    report: dict[str, Any] = {"events": {}, "overall": {}}
    for folder in folders:
        report["events"][folder.name] = evaluate_event(folder)
    report["overall"] = _totals([e["scored"] for e in report["events"].values()])
    report["misplaced_people"] = [{"event": name, **m} for name, e in report["events"].items() for m in e["scored"]["misplaced_people"]]
    report["alone"] = {
        language: _sum_figures([e["alone"][language] for e in report["events"].values() if language in e["alone"]])
        for language in sorted({lang for e in report["events"].values() for lang in e["alone"]})
    }
    report["confusion"] = _confusion([e["scored"] for e in report["events"].values()])
    return report


def evaluate_event(folder: Path) -> dict[str, Any]:
    """One event: its own database, the pipeline over its articles, its reactions scored."""
    from newsgraph.pipeline import ingest
    from newsgraph.store import Store
    from newsgraph.stories.data import load
    from newsgraph.stories.reactions import reactions

    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    files = sorted(folder.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'event.db'}")
        logging.getLogger("newsgraph").setLevel(logging.WARNING)
        ingest([], store, files=list(files))
        articles = store.articles()
        data = load(store, [a["id"] for a in articles])
        store.engine.dispose()
    result = reactions(data)
    languages = {Path(a["location"]).name: (a.get("language") or "en") for a in articles if a.get("location")}
    file_of = {a["id"]: Path(a["location"]).name for a in articles if a.get("location")}
    scored = score(result["reactions"], gold, languages, file_of)
    scored["misplaced_people"] = misplaced_people(result["reactions"], gold)
    # each language on its own: the table its articles alone give, against the actors they show
    alone = {}
    for language in sorted(set(languages.values())):
        ids = {a["id"] for a in articles if (a.get("language") or "en") == language}
        subset = data.subset(ids)
        shown = [g for g in gold if any(languages.get(e["file"]) == language for e in g["evidence"])]
        alone[language] = score(reactions(subset)["reactions"], shown, languages, file_of)["all"]
    return {"focal": result["focal"], "gold_focal": gold[0]["focal"] if gold else None, "scored": scored, "alone": alone}


def score(rows: list[dict[str, Any]], gold: list[dict[str, Any]], languages: dict[str, str], file_of: dict[str, str]) -> dict[str, Any]:
    """Match rows to gold actors; every miss and wrong row keeps its evidence for reading."""
    by_actor = {g["actor"]: g for g in gold}
    predicted = {r["actor"]["code"]: r for r in rows}
    items: list[dict[str, Any]] = []
    for code, g in by_actor.items():
        row = predicted.get(code)
        ok = {g["stance"], *g.get("also_ok", [])}
        gold_languages = sorted({languages.get(e["file"], "en") for e in g["evidence"]})
        items.append(
            {
                "actor": code,
                "gold": g["stance"],
                "also_ok": g.get("also_ok", []),
                "predicted": row["stance"] if row else None,
                "right": bool(row and row["stance"] in ok),
                "languages": gold_languages,
                "gold_evidence": g["evidence"],
                "evidence": _evidence(row, file_of) if row else [],
            }
        )
    for code, row in predicted.items():
        if code not in by_actor:
            items.append(
                {"actor": code, "gold": None, "also_ok": [], "predicted": row["stance"], "right": False, "languages": [], "gold_evidence": [], "evidence": _evidence(row, file_of)}
            )
    return {"items": items, **_figures(items)}


def misplaced_people(rows: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[dict[str, str]]:
    """People a row lists who speak, by the gold, for another actor ("Dujarric" under ECOWAS)."""
    speaks_for: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        for e in g["evidence"]:
            name = e.get("speaker") or ""
            if len(name.split()) >= 2 and name.split()[0][:1].isupper():
                speaks_for[name.split()[-1]].add(g["actor"])
    found = []
    for row in rows:
        for person in row.get("people", []):
            actors = speaks_for.get(person.split()[-1], set())
            if actors and row["actor"]["code"] not in actors:
                found.append({"person": person, "row": row["actor"]["code"], "speaks_for": "/".join(sorted(actors))})
    return found


def _evidence(row: dict[str, Any], file_of: dict[str, str]) -> list[dict[str, Any]]:
    return [{"file": file_of.get(e["article"], e["article"]), "speaker": e.get("speaker"), "text": e["text"]} for e in row["evidence"]]


def _figures(items: list[dict[str, Any]]) -> dict[str, Any]:
    figures = {"all": _prf(items)}
    for language in ("en", "es"):
        # gold actors with evidence in that language; wrong rows count against every subset
        figures[language] = _prf([i for i in items if i["gold"] is None or language in i["languages"]])
    return figures


def _prf(items: list[dict[str, Any]]) -> dict[str, Any]:
    right = sum(1 for i in items if i["right"])
    shown = sum(1 for i in items if i["predicted"])
    gold = sum(1 for i in items if i["gold"])
    precision, recall, f1 = prf(right, shown, right, gold)
    return {"precision": precision, "recall": recall, "f1": f1, "right": right, "rows": shown, "gold": gold}


def _totals(events: list[dict[str, Any]]) -> dict[str, Any]:
    items = [i for e in events for i in e["items"]]
    return _figures(items)


def _sum_figures(parts: list[dict[str, Any]]) -> dict[str, Any]:
    right, rows, gold = (sum(p[k] for p in parts) for k in ("right", "rows", "gold"))
    precision, recall, f1 = prf(right, rows, right, gold)
    return {"precision": precision, "recall": recall, "f1": f1, "right": right, "rows": rows, "gold": gold}


def _confusion(events: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Gold stance (rows) against the stance shown (columns); "—" is no row / not gold."""
    counts: dict[str, Counter[str]] = {s: Counter() for s in (*STANCES, MISSING)}
    for event in events:
        for i in event["items"]:
            counts[i["gold"] or MISSING][i["predicted"] or MISSING] += 1
    return {gold: dict(c) for gold, c in counts.items() if c}


def render(report: dict[str, Any], details: bool = True) -> str:
    """Plain text for a terminal: figures per event and overall, the confusion, then each error."""
    lines = ["event                          subset  P      R      F1     right/rows/gold"]
    for name, event in [*report["events"].items(), ("overall", {"scored": report["overall"]})]:
        for subset in ("all", "en", "es"):
            f = event["scored"][subset]
            lines.append(f"{name[:30]:30} {subset:6}  {f['precision']:.3f}  {f['recall']:.3f}  {f['f1']:.3f}  {f['right']}/{f['rows']}/{f['gold']}")
    misplaced = report.get("misplaced_people", [])
    lines += ["", f"people listed under an actor the gold says they do not speak for: {len(misplaced)}"]
    lines += [f"  {m['event']}: {m['person']} under {m['row']} (speaks for {m['speaks_for']})" for m in misplaced]
    lines += ["", "each language alone: the table its articles give, against the gold actors they show"]
    for language, f in report["alone"].items():
        lines.append(f"{language:37}  {f['precision']:.3f}  {f['recall']:.3f}  {f['f1']:.3f}  {f['right']}/{f['rows']}/{f['gold']}")
    lines += ["", "stance confusion (gold down, shown across; — = none)"]
    columns = [*STANCES, MISSING]
    lines.append(" " * 10 + "".join(f"{c:>9}" for c in columns))
    for gold, counts in report["confusion"].items():
        lines.append(f"{gold:10}" + "".join(f"{counts.get(c, 0):>9}" for c in columns))
    for name, event in report["events"].items():
        lines += ["", f"== {name}", f"gold focal:  {event['gold_focal']}", f"found focal: {event['focal'].get('description')}"]
        if not details:
            continue
        for item in sorted(event["scored"]["items"], key=lambda i: (i["right"], i["actor"])):
            if item["right"]:
                continue
            kind = "missed" if not item["predicted"] else ("wrong row" if not item["gold"] else "wrong stance")
            lines.append(f"  {kind}: {item['actor']} gold {item['gold'] or '-'} {item['also_ok'] or ''} shown {item['predicted'] or '-'} [{'/'.join(item['languages'])}]")
            for e in item["evidence"][:2]:
                lines.append(f"      shown: {e['file']}: {e['speaker']}: {e['text'][:160]}")
            if not item["predicted"]:
                for e in item["gold_evidence"][:2]:
                    lines.append(f"      gold:  {e['file']}: {e['speaker']}: {e['text'][:160]}")
    return "\n".join(lines)
