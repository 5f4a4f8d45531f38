"""Story clustering measured on ECB+: B-cubed precision, recall and F1 against gold subtopics.

ECB+ has 982 news documents in 43 topics; each topic holds two different real-world events of
the same kind (two earthquakes, two baseball signings), its two *subtopics*, which are the gold
stories. The documents carry no publication date, and the file is grouped by topic and
subtopic, which is no news stream; so documents are fed in a seeded random order (an
interleaved stream, the realistic case for a streaming clusterer), and file order is
available as a second view. Text = title + " " + text, as the issue says.
"""

from __future__ import annotations

import json
import random
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any, Hashable, Iterable, Mapping

from newsgraph.stories.cluster import ClusterItem, StoryClusterer
from newsgraph.stories.settings import ClusterSettings

DEFAULT_PATH = Path(__file__).resolve().parents[2].parent / "shared/data/clusters/ecbplus_documents.jsonl"
ORDERS = ("shuffled", "file")


def b_cubed(
    predicted: Mapping[Hashable, Hashable],
    gold: Mapping[Hashable, Hashable],
    items: Iterable[Hashable] | None = None,
) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin 1998), averaged over items.

    Per item: precision = |its predicted cluster ∩ its gold cluster| / |its predicted cluster|,
    recall = the same over |its gold cluster|. ``items`` restricts the average (e.g. to one
    topic) while the clusters stay whole, so a merge across topics still costs precision.
    """
    pred_members: dict[Hashable, set] = defaultdict(set)
    gold_members: dict[Hashable, set] = defaultdict(set)
    for item, cluster in predicted.items():
        pred_members[cluster].add(item)
    for item, cluster in gold.items():
        gold_members[cluster].add(item)
    chosen = list(gold) if items is None else list(items)
    if not chosen:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    p_sum = r_sum = 0.0
    for item in chosen:
        mine = pred_members[predicted[item]]
        truth = gold_members[gold[item]]
        both = len(mine & truth)
        p_sum += both / len(mine)
        r_sum += both / len(truth)
    p, r = p_sum / len(chosen), r_sum / len(chosen)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1}


def load_documents(path: Path | str = DEFAULT_PATH) -> list[dict[str, Any]]:
    """The ECB+ documents; one clear error when the file is not there."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no ECB+ documents here; pass the path of ecbplus_documents.jsonl")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def stream_order(docs: list[dict[str, Any]], order: str = "shuffled", seed: int = 0) -> list[dict[str, Any]]:
    """Documents in the order they are fed: by date when dated, else shuffled or file order."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    if docs and all(d.get("date") for d in docs):
        return sorted(docs, key=lambda d: d["date"])
    if order == "file":
        return list(docs)
    shuffled = list(docs)
    random.Random(seed).shuffle(shuffled)
    return shuffled


def cluster_documents(docs: list[dict[str, Any]], settings: ClusterSettings | None = None) -> dict[str, str]:
    """Feed the documents through one streaming clusterer; doc id -> story id."""
    clusterer = StoryClusterer(settings)
    for doc in docs:
        title = doc.get("title") or ""
        item = ClusterItem(
            id=doc["doc_id"],
            text=f"{title} {doc.get('text') or ''}",
            published=doc.get("date"),
            title=title or None,
        )
        clusterer.add(item)
    # stories may have merged since an article was added: ask for the final story
    return {d["doc_id"]: clusterer.story_of(d["doc_id"]) or d["doc_id"] for d in docs}


def evaluate_clusters(
    path: Path | str = DEFAULT_PATH,
    *,
    order: str = "shuffled",
    seed: int = 0,
    settings: ClusterSettings | None = None,
    topics: Iterable[int] | None = None,
) -> dict[str, Any]:
    """Cluster ECB+ as a stream and score it with B-cubed, overall and per topic.

    ``topics`` keeps only those topics (used to tune on one half and report on the other).
    """
    docs = load_documents(path)
    if topics is not None:
        keep = set(topics)
        docs = [d for d in docs if d["topic"] in keep]
    docs = stream_order(docs, order, seed)
    predicted = cluster_documents(docs, settings)
    gold = {d["doc_id"]: d["subtopic"] for d in docs}
    by_topic: dict[int, list[str]] = defaultdict(list)
    for d in docs:
        by_topic[d["topic"]].append(d["doc_id"])
    per_topic = {
        str(t): {**b_cubed(predicted, gold, ids), "documents": len(ids)} for t, ids in sorted(by_topic.items())
    }
    return {
        **b_cubed(predicted, gold),
        "documents": len(docs),
        "gold_clusters": len(set(gold.values())),
        "stories": len(set(predicted.values())),
        "order": order if not all(d.get("date") for d in docs) else "date",
        "seed": seed,
        "per_topic": per_topic,
    }


def evaluate_orders(
    path: Path | str = DEFAULT_PATH,
    *,
    seeds: Iterable[int] = range(10),
    settings: ClusterSettings | None = None,
    topics: Iterable[int] | None = None,
) -> dict[str, Any]:
    """The same evaluation over several shuffled orders: one order's F1 moves by about 0.01."""
    runs = [evaluate_clusters(path, seed=seed, settings=settings, topics=topics) for seed in seeds]
    if not runs:
        raise ValueError("give at least one seed")
    summary: dict[str, Any] = {"seeds": [r["seed"] for r in runs], "documents": runs[0]["documents"]}
    for name in ("precision", "recall", "f1"):
        values = [r[name] for r in runs]
        summary[name] = {"mean": statistics.fmean(values), "sd": statistics.stdev(values) if len(values) > 1 else 0.0,
                         "min": min(values), "max": max(values), "each": values}
    return summary


def format_orders(summary: dict[str, Any]) -> str:
    """One line per order, then the mean: what a claim about the floor should rest on."""
    f1, p, r = summary["f1"], summary["precision"], summary["recall"]
    lines = [f"ECB+ B-cubed over {len(summary['seeds'])} shuffled orders ({summary['documents']} documents)", "  seed  precision  recall  F1"]
    for i, seed in enumerate(summary["seeds"]):
        lines.append(f"  {seed:>4}  {p['each'][i]:.4f}     {r['each'][i]:.4f}  {f1['each'][i]:.4f}")
    lines.append(f"  mean  {p['mean']:.4f}     {r['mean']:.4f}  {f1['mean']:.4f}  (F1 sd {f1['sd']:.4f}, {f1['min']:.4f}–{f1['max']:.4f})")
    return "\n".join(lines)


def format_report(result: dict[str, Any], per_topic: bool = True) -> str:
    """The figures as a person reads them: overall first, then one line per topic."""
    lines = [
        f"ECB+ B-cubed ({result['documents']} documents, {result['gold_clusters']} gold stories, "
        f"{result['stories']} found; order: {result['order']}, seed {result['seed']})",
        f"  precision {result['precision']:.4f}  recall {result['recall']:.4f}  F1 {result['f1']:.4f}",
    ]
    if per_topic:
        lines.append("  topic  docs  precision  recall  F1")
        for topic, r in result["per_topic"].items():
            lines.append(
                f"  {topic:>5}  {r['documents']:>4}  {r['precision']:.4f}     {r['recall']:.4f}  {r['f1']:.4f}"
            )
    return "\n".join(lines)


def topic_half(half: str) -> list[int] | None:
    """ECB+ topic numbers of one half: "odd" (tuning), "even" (held out) or "all" (None)."""
    if half == "all":
        return None
    if half not in ("odd", "even"):
        raise ValueError(f"half must be odd, even or all, not {half!r}")
    return [t for t in range(1, 46) if t % 2 == (1 if half == "odd" else 0)]


def evaluate_reaction_stories(root: Path) -> dict[str, Any]:
    """The stories the real pipeline makes of data/reactions (all four events ingested into one
    database, English and Spanish together), against one story per event folder."""
    import tempfile

    from newsgraph.pipeline import ingest
    from newsgraph.store import Store

    files = sorted(f for folder in root.iterdir() if folder.is_dir() for f in folder.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'stories.db'}")
        ingest([], store, files=files)
        articles = store.articles()
        store.engine.dispose()
    gold = {a["id"]: Path(a["location"]).parent.name for a in articles}
    predicted = {a["id"]: a["story_id"] for a in articles}
    per_event: dict[str, dict[str, Any]] = {}
    for event in sorted(set(gold.values())):
        members = [a for a in articles if gold[a["id"]] == event]
        per_event[event] = {
            "articles": len(members),
            "stories": len({a["story_id"] for a in members}),
            "spanish_in_largest": _spanish_in_largest(members),
        }
    return {"b_cubed": b_cubed(predicted, gold), "events": per_event}


def _spanish_in_largest(members: list[dict[str, Any]]) -> str:
    """How many of the event's Spanish articles are in its largest story, as "n/m"."""
    sizes: dict[Any, int] = defaultdict(int)
    for a in members:
        sizes[a["story_id"]] += 1
    largest = max(sizes, key=lambda s: sizes[s])
    spanish = [a for a in members if a.get("language") == "es"]
    return f"{sum(1 for a in spanish if a['story_id'] == largest)}/{len(spanish)}"


def format_reaction_stories(result: dict[str, Any]) -> str:
    b = result["b_cubed"]
    lines = [f"data/reactions: B-cubed P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}", "event                          articles  stories  Spanish in the largest"]
    for event, row in result["events"].items():
        lines.append(f"{event[:30]:30} {row['articles']:>8} {row['stories']:>8}  {row['spanish_in_largest']}")
    return "\n".join(lines)
